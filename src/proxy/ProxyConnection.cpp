#include "ProxyConnection.h"

#include "CancelToken.h"
#include "ProxyErrorBody.h"

#include <QTcpSocket>
#include <QTimer>

namespace egb {

ProxyConnection::ProxyConnection(QTcpSocket* socket, const ProxySettings& settings)
    : QObject(socket)
    , m_socket(socket)
    , m_settings(settings)
    , m_guard(settings.bodyCapBytes, settings.headerCapBytes)
{
    m_idle = new QTimer(this);
    m_idle->setSingleShot(true);
    connect(m_idle, &QTimer::timeout, this, &ProxyConnection::onIdle);
    if (m_settings.idleTimeoutMs > 0)
        m_idle->start(m_settings.idleTimeoutMs);
    // Connected before QtHttpServer connects its own: this slot sees the bytes first.
    connect(socket, &QTcpSocket::readyRead, this, &ProxyConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_closing = true;
        cancelAll();
        Q_EMIT closed();
    });
}

ProxyConnection::~ProxyConnection()
{
    // The socket (our parent) is half destroyed: nothing may be written to it while the exchanges wind down.
    m_closing = true;
    m_socket = nullptr;
    cancelAll();
}

QTcpSocket* ProxyConnection::socket() const
{
    return m_socket;
}

bool ProxyConnection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && !m_refusing;
}

void ProxyConnection::cancelAll()
{
    // Cancelling resumes the exchange at once, which may end it (and erase its slot): collect first.
    QList<QPointer<CancelToken>> tokens;
    for (const auto& [seq, slot] : m_slots)
        tokens.append(slot.cancel);
    for (const QPointer<CancelToken>& token : std::as_const(tokens)) {
        if (token)
            token->cancel();
    }
}

void ProxyConnection::onReadyRead()
{
    if (!m_socket)
        return;
    if (m_refusing) {
        // Nothing more is read for QtHttpServer: commit its transaction so the buffer does not grow, and drop.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->readAll();
        return;
    }
    if (m_settings.idleTimeoutMs > 0 && m_slots.empty())
        m_idle->start(m_settings.idleTimeoutMs);
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_leftover;
    m_leftover = 0;
    if (fresh <= 0)
        return;
    const QByteArray bytes = m_socket->peek(available);
    const HttpRequestGuard::Verdict verdict =
        m_guard.feed(QByteArrayView(bytes).sliced(bytes.size() - std::min<qint64>(fresh, bytes.size())));
    if (verdict != HttpRequestGuard::Verdict::Ok)
        refuse(verdict);
}

void ProxyConnection::requestParsed()
{
    m_leftover = m_socket ? m_socket->bytesAvailable() : 0;
}

void ProxyConnection::refuse(HttpRequestGuard::Verdict verdict)
{
    int status = 400;
    QString message;
    switch (verdict) {
    case HttpRequestGuard::Verdict::HeadersTooLarge:
        status = 431;
        message = tr("The request's headers are larger than the proxy accepts (%1 KB).")
                      .arg(m_settings.headerCapBytes / 1024);
        break;
    case HttpRequestGuard::Verdict::BodyTooLarge:
        status = 413;
        message = tr("The request body is larger than the proxy accepts (%1 MB). Send a smaller request, or raise "
                     "the proxy's body limit in the settings.")
                      .arg(double(m_settings.bodyCapBytes) / (1024.0 * 1024.0), 0, 'f', 0);
        break;
    case HttpRequestGuard::Verdict::LengthRequired:
        status = 411;
        message = tr("The proxy needs a Content-Length request body (no chunked transfer encoding).");
        break;
    default:
        message = tr("The request could not be read (a malformed Content-Length).");
        break;
    }
    cancelAll();
    m_slots.clear();
    m_refusing = true;
    if (!m_socket)
        return;
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
    const QByteArray body = ProxyErrorBody::google(status, message);
    m_socket->write(head(status, {{"Content-Type", "application/json; charset=UTF-8"}},
                         "Content-Length: " + QByteArray::number(body.size()) + "\r\n", false) +
                    body);
    m_socket->disconnectFromHost();
}

void ProxyConnection::onIdle()
{
    if (!m_socket || !m_slots.empty())
        return;
    if (m_guard.inRequest()) {
        const QByteArray body = ProxyErrorBody::google(
            408, tr("The request did not arrive in time (nothing for %1 s).").arg(m_settings.idleTimeoutMs / 1000));
        m_refusing = true;
        m_socket->write(head(408, {{"Content-Type", "application/json; charset=UTF-8"}},
                             "Content-Length: " + QByteArray::number(body.size()) + "\r\n", false) +
                        body);
    }
    m_socket->disconnectFromHost();
}

int ProxyConnection::open(bool keepAlive, CancelToken* cancel)
{
    const int seq = m_nextSeq++;
    Slot& slot = m_slots[seq];
    slot.keepAlive = keepAlive;
    slot.cancel = cancel;
    m_idle->stop();
    return seq;
}

QByteArray ProxyConnection::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status >= 200 && status < 300 ? "OK" : "Error";
    }
}

QByteArray ProxyConnection::head(int status, const QList<HttpHeader>& headers, const QByteArray& framing,
                                 bool keepAlive) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const HttpHeader& h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += framing;
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

void ProxyConnection::write(int seq, const QByteArray& bytes)
{
    if (!m_socket || m_refusing || m_closing)
        return;
    if (seq == m_headSeq)
        m_socket->write(bytes);
    else if (auto it = m_slots.find(seq); it != m_slots.end())
        it->second.held += bytes;
}

void ProxyConnection::respond(int seq, int status, const QList<HttpHeader>& headers, const QByteArray& body)
{
    const auto it = m_slots.find(seq);
    if (it == m_slots.end())
        return;
    write(seq,
          head(status, headers, "Content-Length: " + QByteArray::number(body.size()) + "\r\n", it->second.keepAlive) +
              body);
    finish(seq);
}

void ProxyConnection::startStream(int seq, int status, const QList<HttpHeader>& headers)
{
    const auto it = m_slots.find(seq);
    if (it == m_slots.end())
        return;
    write(seq,
          head(status, headers, "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n", it->second.keepAlive));
}

void ProxyConnection::streamData(int seq, const QByteArray& bytes)
{
    if (bytes.isEmpty() || m_slots.find(seq) == m_slots.end())
        return;
    write(seq, QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
}

void ProxyConnection::endStream(int seq)
{
    if (m_slots.find(seq) == m_slots.end())
        return;
    write(seq, "0\r\n\r\n");
    finish(seq);
}

void ProxyConnection::finish(int seq)
{
    const auto it = m_slots.find(seq);
    if (it == m_slots.end())
        return;
    it->second.done = true;
    while (!m_slots.empty() && m_slots.begin()->first == m_headSeq && m_slots.begin()->second.done) {
        const bool keepAlive = m_slots.begin()->second.keepAlive;
        m_slots.erase(m_slots.begin());
        ++m_headSeq;
        if (!keepAlive) {
            m_closing = true;
            cancelAll();
            m_slots.clear();
            if (m_socket)
                m_socket->disconnectFromHost();
            return;
        }
        if (!m_slots.empty() && m_slots.begin()->first == m_headSeq && m_socket) {
            m_socket->write(m_slots.begin()->second.held);
            m_slots.begin()->second.held.clear();
        }
    }
    if (m_slots.empty() && m_settings.idleTimeoutMs > 0 && !m_closing)
        m_idle->start(m_settings.idleTimeoutMs);
}

} // namespace egb
