#include "HttpRequestGuard.h"

#include <QList>

namespace egb {

HttpRequestGuard::HttpRequestGuard(qint64 bodyCap, int headerCap)
    : m_bodyCap(bodyCap)
    , m_headerCap(headerCap)
{}

HttpRequestGuard::Verdict HttpRequestGuard::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n && m_verdict == Verdict::Ok) {
        switch (m_state) {
        case State::Idle: {
            const char c = bytes[i];
            if (c == '\v' || c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                ++i;
                continue;
            }
            m_state = State::RequestLine;
            m_head.clear();
            m_headerStart = 0;
            continue;
        }
        case State::RequestLine:
        case State::Headers: {
            const char c = bytes[i++];
            if (m_head.size() >= m_headerCap) {
                m_verdict = Verdict::HeadersTooLarge;
                break;
            }
            m_head.append(c);
            if (c != '\n')
                continue;
            if (m_state == State::RequestLine) {
                m_state = State::Headers;
                m_headerStart = m_head.size();
                continue;
            }
            // QtHttpServer 6.4: the headers end with "\n\r\n" or "\n\n", or are just one line end.
            const QByteArrayView headers = QByteArrayView(m_head).sliced(m_headerStart);
            if (headers.endsWith("\n\r\n") || headers.endsWith("\n\n") || headers == "\r\n" || headers == "\n")
                m_verdict = endOfHeaders();
            continue;
        }
        case State::Body: {
            const qint64 take = std::min<qint64>(m_remaining, n - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                m_state = State::Idle;
                ++m_requests;
            }
            continue;
        }
        }
    }
    return m_verdict;
}

HttpRequestGuard::Verdict HttpRequestGuard::endOfHeaders()
{
    qint64 length = 0;
    bool haveLength = false;
    const QList<QByteArray> lines =
        QByteArray(m_head.constData() + m_headerStart, m_head.size() - m_headerStart).split('\n');
    for (const QByteArray& raw : lines) {
        const QByteArray line = raw.trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding")
            return Verdict::LengthRequired;
        if (name == "content-length" && !haveLength) { // QtHttpServer reads the first one
            bool ok = false;
            length = value.toLongLong(&ok);
            if (!ok || length < 0)
                return Verdict::Malformed;
            haveLength = true;
        }
    }
    if (length > m_bodyCap)
        return Verdict::BodyTooLarge;
    m_head.clear();
    if (length > 0) {
        m_state = State::Body;
        m_remaining = length;
    } else {
        m_state = State::Idle;
        ++m_requests;
    }
    return Verdict::Ok;
}

} // namespace egb
