// libFuzzer target: SseParser fed the same stream whole, in fuzzer-chosen pieces and byte by byte must produce
// the same events and the same plain text; reset() must give a fresh parser.
// Input: the first byte is how many split points follow (each a 16-bit offset), then the stream.
#include "FuzzCheck.h"
#include "SseParser.h"

#include <QList>

#include <algorithm>
#include <cstdint>

using namespace egb;

namespace {

struct Run
{
    QList<QByteArray> events;
    QByteArray plain;
    int count = 0;
};

Run finishRun(SseParser& parser, QList<QByteArray> events)
{
    events += parser.finish();
    FUZZ_CHECK(!parser.hasPendingData());  // finish() leaves nothing behind
    FUZZ_CHECK(parser.finish().isEmpty()); // and a second finish() has nothing more
    return {events, parser.plainText(), parser.eventCount()};
}

void checkSame(const Run& a, const Run& b)
{
    FUZZ_CHECK(a.events == b.events);
    FUZZ_CHECK(a.plain == b.plain);
    FUZZ_CHECK(a.count == b.count);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 1)
        return 0;
    const size_t splitCount = std::min<size_t>(bytes[0], (size - 1) / 2);
    const size_t header = 1 + 2 * splitCount;
    const QByteArrayView stream(reinterpret_cast<const char*>(bytes + header), qsizetype(size - header));
    QList<qsizetype> cuts;
    for (size_t i = 0; i < splitCount; ++i) {
        const size_t offset = size_t(bytes[1 + 2 * i]) | (size_t(bytes[2 + 2 * i]) << 8);
        cuts.append(qsizetype(stream.isEmpty() ? 0 : offset % size_t(stream.size() + 1)));
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.append(stream.size());

    SseParser whole;
    const Run one = finishRun(whole, whole.feed(stream));
    FUZZ_CHECK(one.count == one.events.size());
    for (const QByteArray& event : one.events)
        FUZZ_CHECK(event.size() <= stream.size()); // an event is made of bytes of the stream, never more
    FUZZ_CHECK(one.plain.size() <= stream.size());

    SseParser pieces;
    QList<QByteArray> events;
    qsizetype at = 0;
    for (qsizetype cut : std::as_const(cuts)) {
        events += pieces.feed(stream.sliced(at, cut - at)); // empty pieces included
        at = cut;
    }
    checkSame(one, finishRun(pieces, events));

    SseParser bytewise;
    events.clear();
    for (qsizetype i = 0; i < stream.size(); ++i)
        events += bytewise.feed(stream.sliced(i, 1));
    checkSame(one, finishRun(bytewise, events));

    // Reused after reset(): exactly like a new parser.
    bytewise.reset();
    FUZZ_CHECK(!bytewise.hasPendingData() && bytewise.plainText().isEmpty() && bytewise.eventCount() == 0);
    checkSame(one, finishRun(bytewise, bytewise.feed(stream)));
    return 0;
}
