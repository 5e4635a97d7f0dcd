#pragma once

#include "ClientSettings.h"
#include "GenerateRequest.h"
#include "GenerateResponse.h"
#include "ModelInfo.h"
#include "Outcome.h"
#include "UploadedFile.h"

#include <QCoro/QCoroTask>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace egb {

class CancelToken;

/// One attempt with one key against the Gemini REST API. No retries, no key choice: see Dispatcher.
///
/// - The key travels only in the `x-goog-api-key` header, never in a URL.
/// - Each client owns one QNetworkAccessManager (Qt 6.4 opens at most 6 connections per host per manager, so
///   more than 6 concurrent requests need more clients; BatchRunner does that).
/// - Every call is a coroutine that returns a value (never throws): failures are in `outcome`
///   (classified by ErrorClassifier), with outcome.latencyMs and, on success, outcome.usage filled.
/// - Every attempt is bounded (ClientSettings): a total time limit (attemptTimeoutMs, or streamTimeoutMs for a
///   stream however steadily it sends), an idle limit between complete stream events (streamIdleTimeoutMs), and
///   a byte limit counted while reading (maxResponseBytes, or maxStreamBytes as a stream's running total; a
///   declared Content-Length over it is refused before the body is read). `timeLimitMs` > 0 (the request's
///   deadline; Dispatcher passes it) cuts the attempt shorter. A time limit is a ServerError (retried), the byte
///   limit a RequestError (not retried), each with a message naming the limit.
/// - https trusts the system's CAs plus settings().caCertificates; a refused certificate is a RequestError whose
///   message says why and how to trust a private CA. HTTP/2 is offered on https unless settings().http2 is false.
/// - A CancelToken aborts the reply at once (Cancelled). Destroying the client aborts everything in flight;
///   awaiting coroutines then end with Cancelled.
/// - Use it from the thread it lives in.
class GeminiClient : public QObject
{
    Q_OBJECT
public:
    /// Called for each streamed chunk as it arrives (inside the network read; keep it short).
    using ChunkHandler = std::function<void(const GenerateResponse& chunk)>;

    explicit GeminiClient(ClientSettings settings = ClientSettings::fromEnvironment(), QObject* parent = nullptr);
    ~GeminiClient() override;

    const ClientSettings& settings() const;
    void setSettings(const ClientSettings& settings);
    QNetworkAccessManager* networkManager() const;
    /// Requests currently in flight on this client.
    int inFlight() const;

    /// POST models/{model}:generateContent.
    QCoro::Task<GenerateResult> generate(QString key, GenerateRequest request, CancelToken* cancel = nullptr,
                                         qint64 timeLimitMs = 0);

    /// POST models/{model}:streamGenerateContent?alt=sse. `onChunk` sees every chunk as it arrives; the result
    /// holds the merged response. A stream cut short (no finishReason) or a mid-stream {"error":...} event is a
    /// failed attempt (ServerError / the error's class) even though chunks were delivered.
    QCoro::Task<GenerateResult> stream(QString key, GenerateRequest request, ChunkHandler onChunk,
                                       CancelToken* cancel = nullptr, qint64 timeLimitMs = 0);

    /// GET models?pageSize=N[&pageToken=T], following nextPageToken up to maxPages pages.
    QCoro::Task<ModelListResult> listModels(QString key, int pageSize = 100, int maxPages = 50,
                                            CancelToken* cancel = nullptr);

    /// The Files API's resumable upload (POST upload/{version}/files "start", then the bytes with "upload,
    /// finalize" to the address the server gave, which must be the same server: the key goes with the bytes). The
    /// file then belongs to the key's project for 48 h. `timeLimitMs` > 0 bounds both steps together.
    QCoro::Task<UploadResult> uploadFile(QString key, QString displayName, QString mimeType, QByteArray data,
                                         CancelToken* cancel = nullptr, qint64 timeLimitMs = 0);

    /// A cheap key check: one models.list page of size 1. Success = the key works.
    QCoro::Task<Outcome> checkKey(QString key, CancelToken* cancel = nullptr);

    /// Aborts every request in flight on this client (they end with Cancelled).
    void abortAll();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb
