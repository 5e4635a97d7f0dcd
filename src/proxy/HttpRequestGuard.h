#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace egb {

/// Watches the bytes a caller sends on one connection, in order, and says when they break the proxy's limits,
/// before QtHttpServer (whose 6.4 parser has no limits and keeps a whole request in memory) reads them.
///
/// It frames HTTP/1.1 requests the way QtHttpServer 6.4 does (leading blank lines skipped, request line, headers up
/// to the first empty line with CRLF or LF line ends, a Content-Length body), so it knows where each request ends
/// and the next (pipelined) one starts. A request with `Transfer-Encoding` is refused: every SDK sends
/// Content-Length. Pure, no I/O (fuzzed in fuzz/fuzz_proxyrequest.cpp).
class HttpRequestGuard
{
public:
    enum class Verdict
    {
        Ok,
        HeadersTooLarge, ///< 431
        BodyTooLarge,    ///< 413 (Content-Length over the cap)
        LengthRequired,  ///< 411 (chunked or other transfer encodings)
        Malformed,       ///< 400 (an unreadable Content-Length)
    };

    HttpRequestGuard(qint64 bodyCap, int headerCap);

    /// The next bytes of the connection. After a verdict other than Ok, every later call returns it again.
    Verdict feed(QByteArrayView bytes);
    /// True while a request has begun and not yet fully arrived (a slow sender).
    bool inRequest() const { return m_state != State::Idle; }
    /// Requests fully framed so far.
    qint64 requestsSeen() const { return m_requests; }
    Verdict verdict() const { return m_verdict; }

private:
    enum class State
    {
        Idle,        ///< between requests (leading whitespace is skipped)
        RequestLine, ///< until '\n'
        Headers,     ///< until an empty line
        Body,        ///< m_remaining bytes left
    };
    Verdict endOfHeaders();

    qint64 m_bodyCap;
    int m_headerCap;
    State m_state = State::Idle;
    Verdict m_verdict = Verdict::Ok;
    QByteArray m_head; ///< request line and headers of the current request (at most the cap)
    qsizetype m_headerStart = 0;
    qint64 m_remaining = 0;
    qint64 m_requests = 0;
};

} // namespace egb
