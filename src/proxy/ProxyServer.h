#pragma once

#include "ProxyRequestRecord.h"
#include "ProxySettings.h"

#include <QAbstractHttpServer>
#include <QCoro/QCoroTask>
#include <QString>

#include <memory>

namespace egb {

class AccessTokenStore;
class Dispatcher;
class PassThroughClient;

/// The local Gemini-compatible (and OpenAI-compatible) server: every request a caller sends with a valid access
/// token goes to Gemini through the Dispatcher with a pool key instead of the token; the body goes as it came and
/// the answer comes back as Google sent it (DESIGN.md "The proxy passes requests through").
///
/// - Routes: ProxyRouter. Token: `x-goog-api-key`, `Authorization: Bearer` or `?key=`; none or a wrong one is 401
///   in Google's (or OpenAI's) shape and the pool is not touched. The token never goes upstream, nor any ?key=.
/// - Key faults and 429s are retried on another key before the first byte reaches the caller; once a stream has
///   begun, a failure ends it with an error event. A caller that goes away aborts the upstream request.
/// - When the Dispatcher gives up: Google's own answer for request errors (400, 404, blocked); a clear message of
///   ours for a pool that has no usable key (503), whose keys are all resting (429), or an upstream that never
///   answered (502/504).
/// - Files API (ProxyFileRegistry): an upload picks any key; the upload URL handed back points at the proxy; the
///   proxy remembers each uploaded file's project (in memory, 48 h) and pins to it every call about the file (get,
///   delete, and generate / stream / countTokens whose body names it in a fileUri). files.list merges the listings of
///   the projects the proxy uploaded to.
/// - Limits per connection: ProxyConnection / ProxyTcpServer (caps, idle timeout, order of pipelined answers).
class ProxyServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    ProxyServer(Dispatcher* dispatcher, PassThroughClient* client, AccessTokenStore* tokens,
                ProxySettings settings = {}, QObject* parent = nullptr);
    ~ProxyServer() override;

    const ProxySettings& settings() const;
    /// Listens on settings().host:port; false (errorString()) when it cannot.
    bool start();
    /// Stops listening, cancels every request in progress and closes every connection.
    void stop();
    bool isListening() const;
    quint16 port() const;
    /// "http://127.0.0.1:8765"
    QString address() const;
    QString errorString() const;
    int activeRequests() const;
    int connectionCount() const;

Q_SIGNALS:
    void requestStarted(const egb::ProxyRequestRecord& record);
    void requestFinished(const egb::ProxyRequestRecord& record);
    void connectionCountChanged(int count);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Exchange;
    struct Private;
    QCoro::Task<void> serve(std::shared_ptr<Exchange> exchange);
    std::unique_ptr<Private> d;
};

} // namespace egb
