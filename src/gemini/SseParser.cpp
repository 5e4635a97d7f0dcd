#include "SseParser.h"

namespace egb {

QList<QByteArray> SseParser::feed(QByteArrayView bytes)
{
    QList<QByteArray> out;
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n) {
        if (m_afterCr) {
            m_afterCr = false;
            if (bytes[i] == '\n') {
                ++i;
                continue;
            }
        }
        qsizetype j = i;
        while (j < n && bytes[j] != '\r' && bytes[j] != '\n')
            ++j;
        m_line.append(bytes.sliced(i, j - i));
        if (j == n)
            break;
        m_afterCr = bytes[j] == '\r';
        takeLine(out);
        i = j + 1;
    }
    return out;
}

QList<QByteArray> SseParser::finish()
{
    QList<QByteArray> out;
    if (!m_line.isEmpty())
        takeLine(out);
    dispatch(out);
    m_afterCr = false;
    return out;
}

void SseParser::reset()
{
    *this = SseParser();
}

void SseParser::takeLine(QList<QByteArray>& out)
{
    const QByteArray line = std::exchange(m_line, QByteArray());
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':'))
        return; // comment
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : QByteArrayView(line).sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event" || field == "id" || field == "retry") {
        // Gemini sends none of these; they carry nothing we need.
    } else {
        if (!m_plain.isEmpty())
            m_plain.append('\n');
        m_plain.append(line);
    }
}

void SseParser::dispatch(QList<QByteArray>& out)
{
    if (!m_hasData)
        return;
    out.append(std::exchange(m_data, QByteArray()));
    m_hasData = false;
    ++m_events;
}

} // namespace egb
