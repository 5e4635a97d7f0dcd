#include "ProxyHost.h"

#include "AccessTokenStore.h"
#include "AppContext.h"
#include "Dispatcher.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "PassThroughClient.h"
#include "ProxyServer.h"

namespace egb {

ProxyHost::ProxyHost(AppContext* context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_tokens(std::make_unique<AccessTokenStore>())
    , m_dispatcher(std::make_unique<Dispatcher>(context->pool(), nullptr))
{
    m_dispatcher->setSource(RequestSource::Proxy); // its attempts are "proxy" in the request log
    connect(m_tokens.get(), &AccessTokenStore::tokensChanged, this, &ProxyHost::tokensChanged);
    connect(m_context, &AppContext::databaseOpened, this, &ProxyHost::openTokens);
    openTokens();
}

ProxyHost::~ProxyHost()
{
    if (m_server)
        m_server->stop(); // cancels what is in progress; the members then go in reverse order
}

void ProxyHost::openTokens()
{
    m_tokensError.clear();
    KeyStore* store = m_context->keyStore();
    if (!store || !store->isOpen())
        m_tokensError = tr("The access tokens are kept in the key database, which is not open, so no token can be "
                           "made or checked and every caller is refused. Fix the database first (see the message "
                           "at the top of the window, or egb stats).");
    else if (!m_tokens->open(store->connectionName()))
        m_tokensError = m_tokens->lastError();
    Q_EMIT tokensChanged();
}

bool ProxyHost::start(const ProxySettings& settings, const std::optional<ClientSettings>& client)
{
    if (isRunning()) {
        if (settings.host == m_settings.host && (settings.port == 0 || settings.port == port()))
            return true;
        stop();
    }
    m_settings = settings;
    const ClientSettings upstream = client.value_or(m_context->clientSettings()); // the base URL in effect now
    if (!m_client)
        m_client = std::make_unique<PassThroughClient>(upstream, settings.upstreamManagers);
    else
        m_client->setSettings(upstream);
    auto server = std::make_unique<ProxyServer>(m_dispatcher.get(), m_client.get(), m_tokens.get(), settings);
    if (!server->start()) {
        m_error = server->errorString();
        Q_EMIT startFailed(m_error);
        return false;
    }
    m_error.clear();
    m_server = std::move(server);
    connect(m_server.get(), &ProxyServer::requestStarted, this, &ProxyHost::requestStarted);
    connect(m_server.get(), &ProxyServer::requestFinished, this, &ProxyHost::requestFinished);
    Q_EMIT started(m_server->address());
    return true;
}

void ProxyHost::stop()
{
    if (!m_server)
        return;
    m_server->stop(); // cancels every request in progress (their callers get 503) and closes every connection
    // Deleted later: stop() may be called from one of its signals. A child until then, so it never outlives us.
    ProxyServer* old = m_server.release();
    disconnect(old, nullptr, this, nullptr);
    old->setParent(this);
    old->deleteLater();
    Q_EMIT stopped();
}

bool ProxyHost::isRunning() const
{
    return m_server && m_server->isListening();
}

QString ProxyHost::address() const
{
    return isRunning() ? m_server->address() : QString();
}

quint16 ProxyHost::port() const
{
    return isRunning() ? m_server->port() : 0;
}

QString ProxyHost::exposedWarning(const QString& host)
{
    ProxySettings probe;
    probe.host = host;
    if (probe.isLoopback())
        return {};
    return tr("The proxy listens on %1, so other computers can reach it. Only callers with an access token are "
              "answered, but the token travels unencrypted: use this only on a network you trust, or listen on "
              "127.0.0.1.")
        .arg(host);
}

QStringList ProxyHost::warnings() const
{
    QStringList out;
    if (const QString exposed = exposedWarning(m_settings.host); !exposed.isEmpty())
        out << exposed;
    if (m_tokens->isOpen() && m_tokens->list().isEmpty())
        out << tr("No access tokens yet, so every caller is refused. Make one with egb tokens add (or Add… on the "
                  "Proxy page).");
    if (m_context->pool()->size() == 0)
        out << tr("The pool has no keys, so requests will fail. Import some with egb import keys.txt (or File → "
                  "Import keys… in the app).");
    return out;
}

} // namespace egb
