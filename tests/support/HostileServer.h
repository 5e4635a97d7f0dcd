#pragma once

#include <QByteArray>
#include <QObject>

#include <memory>

class QTcpServer;

namespace egb::test {

/// A scripted misbehaving HTTP/1.1 server on 127.0.0.1 for the hostile tier: it reads a request, then answers every
/// request with the one misbehaviour it was set to, forever or until the client closes. Bodies are written with flow
/// control (a little at a time as the socket drains), so the server's own memory stays small and what grows is the
/// client's.
class HostileServer : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        HugeBody,           ///< 200, Content-Length `bodyBytes`, the body written as fast as the client reads it
        HugeBodyUndeclared, ///< 200, no Content-Length (close-delimited), `bodyBytes` of body
        EndlessChunked,     ///< 200, chunked transfer encoding, chunks without end
        EndlessSse,         ///< 200 text/event-stream, one valid (unfinished) answer event every `intervalMs`
        StallAfterHeaders,  ///< 200 with Content-Length 1000, then silence
        Trickle,            ///< 200 with Content-Length 100000, then one byte every `intervalMs`
        TrickleSse,         ///< 200 text/event-stream, one byte every `intervalMs` (an event never completes)
    };

    explicit HostileServer(Mode mode, QObject* parent = nullptr);
    ~HostileServer() override;

    bool listen();
    QString baseUrl() const; ///< "http://127.0.0.1:PORT"

    qint64 bodyBytes = 200LL * 1024 * 1024;
    int intervalMs = 1000;

    int requests() const { return m_requests; }
    qint64 bytesSent() const { return m_sent; } ///< body bytes handed to the sockets
    int eventsSent() const { return m_events; }
    int openConnections() const { return m_open; }

Q_SIGNALS:
    void connectionClosed();

private:
    struct Connection;
    void accept();
    void answer(const std::shared_ptr<Connection>& c);
    void pump(const std::shared_ptr<Connection>& c);

    Mode m_mode;
    QTcpServer* m_server = nullptr;
    int m_requests = 0;
    qint64 m_sent = 0;
    int m_events = 0;
    int m_open = 0;
};

} // namespace egb::test
