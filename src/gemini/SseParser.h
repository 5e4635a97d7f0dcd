#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace egb {

/// Incremental parser for `text/event-stream` as Gemini sends it (streamGenerateContent?alt=sse).
///
/// Feed bytes as they arrive, in any split (a read may end in the middle of a line or of a CRLF); complete events
/// come out as their `data` payloads (several `data:` lines of one event are joined with '\n'). Accepts LF, CRLF
/// and CR line ends, `data:` with or without one space, comment lines (`:`) and other fields (ignored).
/// There is no [DONE] sentinel: the stream just ends; call finish() at the end to get an event that was not
/// followed by a blank line.
///
/// Text that is not SSE at all (Google answers an error on the streaming endpoint with a plain JSON body, still
/// labelled text/event-stream) is collected in plainText(), so the caller can classify it as an error body.
class SseParser
{
public:
    /// Bytes in, complete event payloads out (in order).
    QList<QByteArray> feed(QByteArrayView bytes);
    /// End of stream: returns the last event if one was pending (data lines without the closing blank line).
    QList<QByteArray> finish();
    /// Forget everything (for a new stream).
    void reset();

    /// Lines that were neither fields nor comments nor blank (e.g. a plain JSON error body), joined with '\n'.
    const QByteArray& plainText() const { return m_plain; }
    /// How many events were produced so far.
    int eventCount() const { return m_events; }
    /// True when bytes are held that do not yet form a complete event (a cut stream leaves this true at the end).
    bool hasPendingData() const { return !m_line.isEmpty() || m_hasData; }

private:
    void takeLine(QList<QByteArray>& out);
    void dispatch(QList<QByteArray>& out);

    QByteArray m_line; ///< the line being read
    QByteArray m_data; ///< data of the event being read
    QByteArray m_plain;
    bool m_hasData = false;
    bool m_afterCr = false; ///< the last byte was '\r': a following '\n' belongs to the same line end
    int m_events = 0;
};

} // namespace egb
