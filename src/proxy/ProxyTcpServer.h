#pragma once

#include "ProxySettings.h"

#include <QTcpServer>

namespace egb {

/// The proxy's listening socket: gives each accepted connection its ProxyConnection (limits, answer order) before
/// QtHttpServer sees it, and turns away connections beyond maxConnections with a 503.
class ProxyTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit ProxyTcpServer(const ProxySettings& settings, QObject* parent = nullptr);
    int connectionCount() const { return m_connections; }

Q_SIGNALS:
    void connectionCountChanged(int count);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ProxySettings m_settings;
    int m_connections = 0;
};

} // namespace egb
