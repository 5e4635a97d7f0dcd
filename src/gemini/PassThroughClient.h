#pragma once

#include "ClientSettings.h"
#include "PassThroughRequest.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace egb {

class CancelToken;

/// One attempt with one key that passes a client's request to Gemini unchanged (the local proxy's upstream call).
///
/// - The body, the query (without any key) and the content type go as they came; the key is added in the
///   `x-goog-api-key` header (or `Authorization: Bearer` for Google's OpenAI-compatible endpoint), never in the URL.
/// - A non-2xx answer is read whole and classified (ErrorClassifier; the OpenAI endpoint's one-element error array
///   is unwrapped first): the caller may try another key and the client has seen nothing yet.
/// - A 2xx answer of a Stream request is handed to `onHead` once and to `onData` as it arrives; the outcome then
///   says whether the stream ended well (a mid-stream error event or a cut stream is a failure).
/// - Bounded like GeminiClient by ClientSettings: attemptTimeoutMs, or streamIdleTimeoutMs between bytes of a stream
///   and streamTimeoutMs in all; maxResponseBytes / maxStreamBytes (a larger answer is stopped, RequestError);
///   http2 and caCertificates for https. A CancelToken aborts the upstream request at once (Cancelled).
/// - Qt 6.4 opens at most 6 HTTP/1.1 connections per host per QNetworkAccessManager: the client spreads requests
///   over `managers` of them (HTTP/2 multiplexes anyway).
class PassThroughClient : public QObject
{
    Q_OBJECT
public:
    using HeadHandler = std::function<void(int status, const QList<HttpHeader>& headers)>;
    using DataHandler = std::function<void(const QByteArray& bytes)>;

    explicit PassThroughClient(ClientSettings settings = ClientSettings::fromEnvironment(), int managers = 16,
                               QObject* parent = nullptr);
    ~PassThroughClient() override;

    const ClientSettings& settings() const;
    void setSettings(const ClientSettings& settings);
    int inFlight() const;

    QCoro::Task<PassThroughResult> send(QString key, PassThroughRequest request, HeadHandler onHead = {},
                                        DataHandler onData = {}, CancelToken* cancel = nullptr);

    /// Aborts every request in flight (they end with Cancelled).
    void abortAll();

    /// The Outcome of a 2xx answer of `kind` with this body (not streamed). Exposed for tests and fuzzing.
    static Outcome judgeAnswer(PassThroughRequest::Kind kind, int status, const QByteArray& body);
    /// A non-2xx answer's Outcome; unwraps the OpenAI endpoint's `[{"error":...}]`.
    static Outcome judgeError(int status, const QByteArray& body, const QByteArray& retryAfter);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb
