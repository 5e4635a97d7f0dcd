#pragma once

#include "HttpRequestGuard.h"
#include "PassThroughRequest.h"
#include "ProxySettings.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>

#include <map>

class QTcpSocket;
class QTimer;

namespace egb {

class CancelToken;

/// One caller's TCP connection to the proxy: its limits and the order of its answers.
///
/// Created for each accepted socket (as its child, so it dies with it) before QtHttpServer reads from it; its
/// readyRead slot runs first and passes every byte through an HttpRequestGuard, so a request over the header or body
/// cap is answered 431/413 and the connection closed before QtHttpServer buffers it. A connection that sends nothing
/// for idleTimeoutMs while no answer is pending is closed (408 if a request had begun).
///
/// QtHttpServer hands over pipelined requests as they are parsed, before earlier ones are answered: each gets a
/// sequence number (open()), and answers are written in that order, later ones held back until the earlier end.
/// Streams are framed with chunked transfer encoding so the connection stays usable. When the socket goes away,
/// every exchange's CancelToken is cancelled (the upstream request is aborted).
class ProxyConnection : public QObject
{
    Q_OBJECT
public:
    ProxyConnection(QTcpSocket* socket, const ProxySettings& settings);
    ~ProxyConnection() override;

    QTcpSocket* socket() const;
    bool isOpen() const;

    /// QtHttpServer parsed a request (called from its handler): the bytes it left in the socket are the next
    /// request's, already seen by the guard.
    void requestParsed();

    /// A new exchange, answered after every earlier one. `cancel` is cancelled when the caller goes away.
    int open(bool keepAlive, CancelToken* cancel);
    /// A whole answer with Content-Length; ends the exchange.
    void respond(int seq, int status, const QList<HttpHeader>& headers, const QByteArray& body);
    /// The head of a streamed answer (chunked).
    void startStream(int seq, int status, const QList<HttpHeader>& headers);
    void streamData(int seq, const QByteArray& bytes);
    /// The end of a streamed answer; ends the exchange.
    void endStream(int seq);
    /// Exchanges not yet ended.
    int pending() const { return int(m_slots.size()); }

    static QByteArray reasonPhrase(int status);

Q_SIGNALS:
    void closed();

private:
    struct Slot
    {
        QByteArray held;
        bool done = false;
        bool keepAlive = true;
        QPointer<CancelToken> cancel;
    };
    void onReadyRead();
    void onIdle();
    void refuse(HttpRequestGuard::Verdict verdict);
    void write(int seq, const QByteArray& bytes);
    void finish(int seq);
    void cancelAll();
    QByteArray head(int status, const QList<HttpHeader>& headers, const QByteArray& framing, bool keepAlive) const;

    QPointer<QTcpSocket> m_socket;
    ProxySettings m_settings;
    HttpRequestGuard m_guard;
    QTimer* m_idle = nullptr;
    qint64 m_leftover = 0;
    bool m_refusing = false;
    bool m_closing = false;
    int m_nextSeq = 0;
    int m_headSeq = 0;
    std::map<int, Slot> m_slots;
};

} // namespace egb
