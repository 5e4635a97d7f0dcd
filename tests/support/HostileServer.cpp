#include "HostileServer.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace egb::test {

namespace {

constexpr qint64 BlockBytes = 64 * 1024;
constexpr qint64 HighWater = 256 * 1024; ///< write more only when less than this is waiting in the socket

QByteArray fillerBlock()
{
    // Valid JSON text inside a string keeps a parser busy to the end: the client cannot tell early it is junk.
    return QByteArray(BlockBytes, 'a');
}

QByteArray answerEvent(int n)
{
    return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"tick " + QByteArray::number(n) +
           " \"}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n";
}

} // namespace

struct HostileServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray request;
    bool answering = false;
    qint64 left = 0; ///< body bytes still to write (HugeBody*)
    QTimer* timer = nullptr;
};

HostileServer::HostileServer(Mode mode, QObject* parent)
    : QObject(parent)
    , m_mode(mode)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HostileServer::accept);
}

HostileServer::~HostileServer() = default;

bool HostileServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QString HostileServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort());
}

void HostileServer::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto c = std::make_shared<Connection>();
        c->socket = socket;
        socket->setParent(this);
        ++m_open;
        connect(socket, &QTcpSocket::readyRead, this, [this, c] {
            if (!c->socket)
                return;
            c->request.append(c->socket->readAll());
            const qsizetype head = c->request.indexOf("\r\n\r\n");
            if (c->answering || head < 0)
                return;
            // The body's length does not matter: we answer as soon as the head is in.
            c->answering = true;
            ++m_requests;
            answer(c);
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, c] { pump(c); });
        connect(socket, &QTcpSocket::disconnected, this, [this, c] {
            --m_open;
            if (c->timer)
                c->timer->stop();
            if (c->socket)
                c->socket->deleteLater();
            Q_EMIT connectionClosed();
        });
    }
}

void HostileServer::answer(const std::shared_ptr<Connection>& c)
{
    QTcpSocket* s = c->socket;
    auto every = [this, c](auto step) {
        c->timer = new QTimer(c->socket);
        c->timer->setTimerType(Qt::PreciseTimer);
        connect(c->timer, &QTimer::timeout, c->socket, step);
        c->timer->start(intervalMs);
    };
    switch (m_mode) {
    case Mode::HugeBody:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                 QByteArray::number(bodyBytes) + "\r\n\r\n{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"");
        c->left = bodyBytes;
        pump(c);
        break;
    case Mode::HugeBodyUndeclared:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        c->left = bodyBytes;
        pump(c);
        break;
    case Mode::EndlessChunked:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        c->left = -1;
        pump(c);
        break;
    case Mode::EndlessSse:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        every([this, c] {
            if (!c->socket)
                return;
            const QByteArray event = answerEvent(++m_events);
            c->socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
        });
        break;
    case Mode::StallAfterHeaders:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
        break;
    case Mode::Trickle:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
        every([this, c] {
            if (c->socket) {
                c->socket->write(" ");
                ++m_sent;
            }
        });
        break;
    case Mode::TrickleSse:
        s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "8\r\ndata: {\"\r\n");
        every([this, c] {
            if (c->socket) {
                c->socket->write("1\r\na\r\n");
                ++m_sent;
            }
        });
        break;
    }
}

void HostileServer::pump(const std::shared_ptr<Connection>& c)
{
    if (!c->socket || c->left == 0)
        return;
    static const QByteArray block = fillerBlock();
    static const QByteArray chunk = QByteArray::number(BlockBytes, 16) + "\r\n" + block + "\r\n";
    while (c->socket->bytesToWrite() < HighWater && c->left != 0) {
        if (c->left < 0) { // endless chunked
            c->socket->write(chunk);
            m_sent += BlockBytes;
            continue;
        }
        const qint64 n = std::min(c->left, BlockBytes);
        c->socket->write(block.constData(), n);
        c->left -= n;
        m_sent += n;
    }
    if (c->left == 0 && m_mode == Mode::HugeBodyUndeclared)
        c->socket->disconnectFromHost();
}

} // namespace egb::test
