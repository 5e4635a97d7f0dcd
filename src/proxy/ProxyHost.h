#pragma once

#include "ClientSettings.h"
#include "ProxyRequestRecord.h"
#include "ProxySettings.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace egb {

class AccessTokenStore;
class AppContext;
class Dispatcher;
class PassThroughClient;
class ProxyServer;

/// The local proxy as one piece, for both faces (`egb serve` and the app's Proxy page): it owns the pass-through
/// client, a Dispatcher on the context's pool (its attempts are "proxy" in the request log), the access tokens of the
/// context's database and the ProxyServer, and says what a person should know when it starts (warnings()).
///
/// The tokens follow the database: when the context opens another one, they are read from that one. Stopping (or
/// destroying the host) cancels every request in progress and closes every connection; the pool's health is saved by
/// the context as usual.
class ProxyHost : public QObject
{
    Q_OBJECT
public:
    explicit ProxyHost(AppContext* context, QObject* parent = nullptr);
    ~ProxyHost() override;

    /// The access tokens of the open database; isOpen() is false (tokensError() says why) when none is open.
    AccessTokenStore* tokens() const { return m_tokens.get(); }
    QString tokensError() const { return m_tokensError; }

    /// Listens on settings.host:port, sending upstream with `client` (default: the context's base URL and timeout in
    /// effect now). False when it cannot: errorString() says why and what to do.
    bool start(const ProxySettings& settings, const std::optional<ClientSettings>& client = std::nullopt);
    /// Stops listening, cancels every request in progress and closes every connection. Nothing happens when stopped.
    void stop();
    bool isRunning() const;
    /// The settings of the last start().
    ProxySettings settings() const { return m_settings; }
    /// "http://127.0.0.1:8765" while running (the real port when 0 was asked); empty when stopped.
    QString address() const;
    quint16 port() const;
    QString errorString() const { return m_error; }
    /// The server while running (null when stopped).
    ProxyServer* server() const { return m_server.get(); }

    /// What a person should know now that it runs, translated, one sentence each: other computers can reach it,
    /// no access token exists yet, the pool has no keys.
    QStringList warnings() const;
    /// The warning for a proxy on `host` that is not this computer only; empty for a loopback host.
    static QString exposedWarning(const QString& host);

Q_SIGNALS:
    void started(const QString& address);
    void stopped();
    /// start() failed (errorString()).
    void startFailed(const QString& error);
    /// Every request through the proxy (ProxyServer's signals, passed on while it runs).
    void requestStarted(const egb::ProxyRequestRecord& record);
    void requestFinished(const egb::ProxyRequestRecord& record);
    /// The tokens were added to or removed, or are another database's now.
    void tokensChanged();

private:
    void openTokens();

    AppContext* m_context = nullptr;
    // Destroyed in reverse: the server first, then the dispatcher (cancels what is left), the client, the tokens.
    std::unique_ptr<AccessTokenStore> m_tokens;
    std::unique_ptr<PassThroughClient> m_client;
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<ProxyServer> m_server;
    ProxySettings m_settings;
    QString m_tokensError;
    QString m_error;
};

} // namespace egb
