#include "ProxyTcpServer.h"

#include "ProxyConnection.h"
#include "ProxyErrorBody.h"

#include <QTcpSocket>

namespace egb {

ProxyTcpServer::ProxyTcpServer(const ProxySettings& settings, QObject* parent)
    : QTcpServer(parent)
    , m_settings(settings)
{
    setMaxPendingConnections(std::max(30, settings.maxConnections));
    // A burst of callers must not overflow the kernel's queue of connections not yet accepted (Qt's default is 50).
    setListenBacklogSize(std::max(128, std::min(settings.maxConnections, 4096)));
}

void ProxyTcpServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_connections >= m_settings.maxConnections) {
        const QByteArray body = ProxyErrorBody::google(
            503,
            tr("The proxy has too many connections open (%1). Try again in a moment.").arg(m_settings.maxConnections));
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=UTF-8\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    ++m_connections;
    Q_EMIT connectionCountChanged(m_connections);
    connect(socket, &QObject::destroyed, this, [this] {
        --m_connections;
        Q_EMIT connectionCountChanged(m_connections);
    });
    new ProxyConnection(socket, m_settings);
    addPendingConnection(socket);
}

} // namespace egb
