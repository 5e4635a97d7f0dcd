#include "TlsFrontend.h"

#include <QHostAddress>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>

#include <nghttp2/nghttp2.h>

#include <cstring>
#include <map>

namespace egb::test {

namespace {

/// One HTTP/2 request and the HTTP/1.1 answer coming back for it from the server behind.
struct H2Stream
{
    qint32 id = 0;
    QByteArray method, path, authority;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QPointer<QTcpSocket> back;

    QByteArray in;  ///< from the server behind, not yet parsed
    QByteArray out; ///< body bytes waiting for nghttp2 to frame them
    bool headSeen = false;
    bool chunked = false;
    qint64 contentLength = -1;
    qint64 bodyRead = 0;
    qint64 chunkLeft = -1;  ///< chunked: bytes left in the current chunk; -1 = a size line comes next
    bool chunkCrlf = false; ///< chunked: the CRLF after a chunk's data comes next
    bool eof = false;       ///< the whole body is in `out`
    bool broken = false;    ///< the server behind closed before the end: reset the stream after `out`
    bool deferred = false;  ///< nghttp2 waits for resume_data
};

} // namespace

struct TlsFrontend::Private
{
    TlsFrontend* q = nullptr;
    QSslServer* server = nullptr;
    quint16 backendPort = 0;
    TestCertificates certificates;
    Offer offer = Offer::Http2AndHttp1;
    int maxStreams = 100;

    mutable QMutex mutex;
    quint16 port = 0;
    QStringList protocols;
    int connections = 0;
    int streams = 0;
    int failures = 0;
    int maxOpen = 0;

    struct H2Connection
    {
        Private* owner = nullptr;
        std::weak_ptr<H2Connection> self;
        QPointer<QSslSocket> socket;
        nghttp2_session* session = nullptr;
        std::map<qint32, std::unique_ptr<H2Stream>> streams;
        ~H2Connection()
        {
            for (auto& [id, s] : streams) {
                if (s->back) {
                    s->back->disconnect();
                    s->back->abort();
                    s->back->deleteLater();
                }
            }
            if (session)
                nghttp2_session_del(session);
        }
        H2Stream* find(qint32 id)
        {
            const auto it = streams.find(id);
            return it == streams.end() ? nullptr : it->second.get();
        }
        void flush()
        {
            if (!session || !socket)
                return;
            if (nghttp2_session_send(session) != 0 ||
                (!nghttp2_session_want_read(session) && !nghttp2_session_want_write(session)))
                socket->disconnectFromHost();
        }
    };

    void accepted(QSslSocket* socket);
    void startTunnel(QSslSocket* socket);
    void startHttp2(QSslSocket* socket);
    static void forward(const std::shared_ptr<H2Connection>& c, H2Stream* s);
    static void backendData(const std::shared_ptr<H2Connection>& c, qint32 id);
    static void backendClosed(const std::shared_ptr<H2Connection>& c, qint32 id);
    static void parse(H2Connection& c, H2Stream& s);
    static void submitHead(H2Connection& c, H2Stream& s, const QByteArray& head);

    // nghttp2 callbacks (user_data = H2Connection*)
    static ssize_t onSend(nghttp2_session*, const uint8_t* data, size_t length, int, void* user);
    static int onBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user);
    static int onHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t namelen,
                        const uint8_t* value, size_t valuelen, uint8_t, void* user);
    static int onData(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len, void* user);
    static int onFrame(nghttp2_session*, const nghttp2_frame* frame, void* user);
    static int onClose(nghttp2_session*, int32_t id, uint32_t, void* user);
    static ssize_t readBody(nghttp2_session*, int32_t id, uint8_t* buf, size_t length, uint32_t* flags,
                            nghttp2_data_source*, void* user);
};

TlsFrontend::TlsFrontend(const TestCertificates& certificates, quint16 backendPort, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->certificates = certificates;
    d->backendPort = backendPort;
}

TlsFrontend::~TlsFrontend() = default;

void TlsFrontend::setOffer(Offer offer)
{
    d->offer = offer;
}

void TlsFrontend::setMaxConcurrentStreams(int streams)
{
    d->maxStreams = std::max(1, streams);
}

bool TlsFrontend::listen(quint16 port)
{
    d->server = new QSslServer(this);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(d->certificates.chain);
    config.setPrivateKey(d->certificates.serverKey);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setAllowedNextProtocols(
        d->offer == Offer::Http2AndHttp1
            ? QList<QByteArray>{QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1}
            : QList<QByteArray>{QSslConfiguration::NextProtocolHttp1_1});
    d->server->setSslConfiguration(config);
    const auto failed = [this] {
        {
            QMutexLocker lock(&d->mutex);
            ++d->failures;
        }
        Q_EMIT handshakeFailed();
    };
    connect(d->server, &QSslServer::errorOccurred, this, [failed](QSslSocket* socket, QAbstractSocket::SocketError) {
        if (!socket->isEncrypted())
            failed();
    });
    // QSslServer queues a connection once its handshake is done (pendingConnectionAvailable); newConnection comes
    // earlier, when the handshake starts.
    connect(d->server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket* s = d->server->nextPendingConnection())
            d->accepted(static_cast<QSslSocket*>(s));
    });
    if (!d->server->listen(QHostAddress::LocalHost, port))
        return false;
    QMutexLocker lock(&d->mutex);
    d->port = d->server->serverPort();
    return true;
}

quint16 TlsFrontend::port() const
{
    QMutexLocker lock(&d->mutex);
    return d->port;
}

QString TlsFrontend::baseUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(port());
}

QStringList TlsFrontend::negotiatedProtocols() const
{
    QMutexLocker lock(&d->mutex);
    return d->protocols;
}

int TlsFrontend::connections() const
{
    QMutexLocker lock(&d->mutex);
    return d->connections;
}

int TlsFrontend::http2Streams() const
{
    QMutexLocker lock(&d->mutex);
    return d->streams;
}

int TlsFrontend::handshakeFailures() const
{
    QMutexLocker lock(&d->mutex);
    return d->failures;
}

int TlsFrontend::maxStreamsOnOneConnection() const
{
    QMutexLocker lock(&d->mutex);
    return d->maxOpen;
}

void TlsFrontend::Private::accepted(QSslSocket* socket)
{
    const auto start = [this, socket] {
        QByteArray protocol = socket->sslConfiguration().nextNegotiatedProtocol();
        if (protocol.isEmpty())
            protocol = QSslConfiguration::NextProtocolHttp1_1;
        {
            QMutexLocker lock(&mutex);
            ++connections;
            protocols.append(QString::fromLatin1(protocol));
        }
        if (protocol == QSslConfiguration::ALPNProtocolHTTP2)
            startHttp2(socket);
        else
            startTunnel(socket);
    };
    if (socket->isEncrypted())
        start();
    else
        QObject::connect(socket, &QSslSocket::encrypted, socket, start);
    QObject::connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
}

void TlsFrontend::Private::startTunnel(QSslSocket* socket)
{
    auto* back = new QTcpSocket(socket);
    back->connectToHost(QHostAddress::LocalHost, backendPort);
    QPointer<QSslSocket> front(socket);
    QObject::connect(socket, &QSslSocket::readyRead, back, [front, back] { back->write(front->readAll()); });
    QObject::connect(back, &QTcpSocket::readyRead, socket, [front, back] { front->write(back->readAll()); });
    QObject::connect(back, &QTcpSocket::disconnected, socket, [front] {
        if (front)
            front->disconnectFromHost();
    });
    QObject::connect(socket, &QSslSocket::disconnected, back, [back] { back->abort(); });
    if (socket->bytesAvailable() > 0)
        back->write(socket->readAll());
}

void TlsFrontend::Private::startHttp2(QSslSocket* socket)
{
    auto c = std::make_shared<H2Connection>();
    c->owner = this;
    c->socket = socket;
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_send_callback(callbacks, &Private::onSend);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Private::onBeginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Private::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Private::onData);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Private::onFrame);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Private::onClose);
    nghttp2_session_server_new(&c->session, callbacks, c.get());
    nghttp2_session_callbacks_del(callbacks);
    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, uint32_t(maxStreams)}};
    nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, settings, 1);
    c->self = c;

    const auto receive = [c] {
        if (!c->socket || !c->session)
            return;
        const QByteArray data = c->socket->readAll();
        if (nghttp2_session_mem_recv(c->session, reinterpret_cast<const uint8_t*>(data.constData()),
                                     size_t(data.size())) < 0) {
            c->socket->disconnectFromHost();
            return;
        }
        c->flush();
    };
    QObject::connect(socket, &QSslSocket::readyRead, socket, receive);
    // The connection's state goes with the socket: the lambda (and with it `c`) dies when the socket does.
    QObject::connect(socket, &QSslSocket::disconnected, socket, [c] {
        for (auto& [id, s] : c->streams) {
            if (s->back)
                s->back->abort();
        }
    });
    receive();
}

ssize_t TlsFrontend::Private::onSend(nghttp2_session*, const uint8_t* data, size_t length, int, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    if (!c->socket)
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    c->socket->write(reinterpret_cast<const char*>(data), qint64(length));
    return ssize_t(length);
}

int TlsFrontend::Private::onBeginHeaders(nghttp2_session*, const nghttp2_frame* frame, void* user)
{
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
        return 0;
    auto* c = static_cast<H2Connection*>(user);
    auto s = std::make_unique<H2Stream>();
    s->id = frame->hd.stream_id;
    c->streams.emplace(s->id, std::move(s));
    Private* p = c->owner;
    QMutexLocker lock(&p->mutex);
    ++p->streams;
    p->maxOpen = std::max(p->maxOpen, int(c->streams.size()));
    return 0;
}

int TlsFrontend::Private::onHeader(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t namelen,
                                   const uint8_t* value, size_t valuelen, uint8_t, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    H2Stream* s = c->find(frame->hd.stream_id);
    if (!s)
        return 0;
    const QByteArray n(reinterpret_cast<const char*>(name), qsizetype(namelen));
    const QByteArray v(reinterpret_cast<const char*>(value), qsizetype(valuelen));
    if (n == ":method")
        s->method = v;
    else if (n == ":path")
        s->path = v;
    else if (n == ":authority")
        s->authority = v;
    else if (!n.startsWith(':'))
        s->headers.append({n, v});
    return 0;
}

int TlsFrontend::Private::onData(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    if (H2Stream* s = c->find(id))
        s->body.append(reinterpret_cast<const char*>(data), qsizetype(len));
    return 0;
}

int TlsFrontend::Private::onFrame(nghttp2_session*, const nghttp2_frame* frame, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
        if (H2Stream* s = c->find(frame->hd.stream_id))
            forward(c->self.lock(), s);
    }
    return 0;
}

int TlsFrontend::Private::onClose(nghttp2_session*, int32_t id, uint32_t, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    const auto it = c->streams.find(id);
    if (it == c->streams.end())
        return 0;
    std::unique_ptr<H2Stream> s = std::move(it->second);
    c->streams.erase(it);
    if (s->back) {
        // The client is done with it (answered, or it gave up): close the request to the server behind.
        s->back->disconnect();
        s->back->abort();
        s->back->deleteLater();
    }
    return 0;
}

ssize_t TlsFrontend::Private::readBody(nghttp2_session*, int32_t id, uint8_t* buf, size_t length, uint32_t* flags,
                                       nghttp2_data_source*, void* user)
{
    auto* c = static_cast<H2Connection*>(user);
    H2Stream* s = c->find(id);
    if (!s)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    const qsizetype n = std::min<qsizetype>(qsizetype(length), s->out.size());
    if (n > 0) {
        std::memcpy(buf, s->out.constData(), size_t(n));
        s->out.remove(0, n);
    }
    if (s->out.isEmpty()) {
        if (s->eof) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            return n;
        }
        if (s->broken && n == 0)
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // RST_STREAM: the answer was cut
        if (n == 0) {
            s->deferred = true;
            return NGHTTP2_ERR_DEFERRED;
        }
    }
    return n;
}

void TlsFrontend::Private::forward(const std::shared_ptr<H2Connection>& c, H2Stream* s)
{
    if (!c || !c->socket)
        return;
    auto* back = new QTcpSocket(c->socket);
    s->back = back;
    const qint32 id = s->id;
    std::weak_ptr<H2Connection> weak = c;
    QObject::connect(back, &QTcpSocket::readyRead, back, [weak, id] {
        if (auto conn = weak.lock())
            backendData(conn, id);
    });
    QObject::connect(back, &QTcpSocket::disconnected, back, [weak, id] {
        if (auto conn = weak.lock())
            backendClosed(conn, id);
    });
    QObject::connect(back, &QTcpSocket::errorOccurred, back, [weak, id, back](QAbstractSocket::SocketError) {
        if (back->state() == QAbstractSocket::UnconnectedState) {
            if (auto conn = weak.lock())
                backendClosed(conn, id);
        }
    });
    QByteArray request = s->method + ' ' + s->path + " HTTP/1.1\r\nHost: " + s->authority + "\r\n";
    for (const auto& [name, value] : std::as_const(s->headers)) {
        if (name == "host" || name == "content-length" || name == "connection" || name == "transfer-encoding" ||
            name == "te")
            continue;
        request += name + ": " + value + "\r\n";
    }
    request += "Content-Length: " + QByteArray::number(s->body.size()) + "\r\n\r\n" + s->body;
    back->connectToHost(QHostAddress::LocalHost, c->owner->backendPort);
    back->write(request);
    Q_EMIT c->owner->q->requestForwarded();
}

void TlsFrontend::Private::submitHead(H2Connection& c, H2Stream& s, const QByteArray& head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray status = lines.value(0).trimmed().split(' ').value(1);
    QList<QPair<QByteArray, QByteArray>> headers{{":status", status}};
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            s.chunked = value.toLower().contains("chunked");
            continue;
        }
        if (name == "content-length")
            s.contentLength = value.toLongLong();
        if (name == "connection" || name == "keep-alive")
            continue;
        headers.append({name, value});
    }
    std::vector<nghttp2_nv> nva;
    nva.reserve(size_t(headers.size()));
    for (auto& [name, value] : headers) {
        nva.push_back({reinterpret_cast<uint8_t*>(name.data()), reinterpret_cast<uint8_t*>(value.data()),
                       size_t(name.size()), size_t(value.size()), NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider provider;
    provider.source.ptr = nullptr;
    provider.read_callback = &Private::readBody;
    nghttp2_submit_response(c.session, s.id, nva.data(), nva.size(), &provider);
}

void TlsFrontend::Private::parse(H2Connection& c, H2Stream& s)
{
    if (!s.headSeen) {
        const qsizetype end = s.in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = s.in.left(end);
        s.in.remove(0, end + 4);
        s.headSeen = true;
        submitHead(c, s, head);
        if (!s.chunked && s.contentLength == 0)
            s.eof = true;
    }
    if (s.chunked) {
        for (;;) {
            if (s.chunkCrlf) {
                if (s.in.size() < 2)
                    return;
                s.in.remove(0, 2);
                s.chunkCrlf = false;
            }
            if (s.chunkLeft < 0) {
                const qsizetype nl = s.in.indexOf("\r\n");
                if (nl < 0)
                    return;
                bool ok = false;
                const qint64 size = s.in.left(nl).trimmed().toLongLong(&ok, 16);
                s.in.remove(0, nl + 2);
                if (!ok || size == 0) {
                    s.eof = true; // the last chunk (trailers, if any, are dropped)
                    s.in.clear();
                    return;
                }
                s.chunkLeft = size;
            }
            const qsizetype n = std::min<qsizetype>(s.chunkLeft, s.in.size());
            if (n == 0)
                return;
            s.out.append(s.in.constData(), n);
            s.in.remove(0, n);
            s.chunkLeft -= n;
            if (s.chunkLeft == 0) {
                s.chunkLeft = -1;
                s.chunkCrlf = true;
            }
        }
    }
    if (s.contentLength >= 0) {
        const qsizetype n = std::min<qsizetype>(s.contentLength - s.bodyRead, s.in.size());
        s.out.append(s.in.constData(), n);
        s.bodyRead += n;
        s.in.clear();
        if (s.bodyRead >= s.contentLength)
            s.eof = true;
        return;
    }
    s.out.append(s.in); // close-delimited
    s.in.clear();
}

void TlsFrontend::Private::backendData(const std::shared_ptr<H2Connection>& c, qint32 id)
{
    H2Stream* s = c->find(id);
    if (!s || !s->back)
        return;
    s->in.append(s->back->readAll());
    parse(*c, *s);
    if (s->deferred && (!s->out.isEmpty() || s->eof)) {
        s->deferred = false;
        nghttp2_session_resume_data(c->session, id);
    }
    c->flush();
}

void TlsFrontend::Private::backendClosed(const std::shared_ptr<H2Connection>& c, qint32 id)
{
    H2Stream* s = c->find(id);
    if (!s || s->eof || s->broken)
        return;
    if (s->back)
        s->in.append(s->back->readAll());
    parse(*c, *s);
    if (s->eof) {
        // complete after all
    } else if (!s->headSeen) {
        nghttp2_submit_rst_stream(c->session, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    } else if (!s->chunked && s->contentLength < 0) {
        s->eof = true; // a close-delimited body ends with the connection
    } else {
        s->broken = true;
    }
    if (s->deferred) {
        s->deferred = false;
        nghttp2_session_resume_data(c->session, id);
    }
    c->flush();
}

} // namespace egb::test
