// libFuzzer target: what the proxy reads from a caller before QtHttpServer does (HttpRequestGuard) and where it sends
// a request (ProxyRouter). The guard fed the stream whole, in fuzzer-chosen pieces and byte by byte must reach the
// same verdict and count the same requests; a verdict other than Ok sticks. Every line shaped like a request line is
// routed: a found route has a clean model name and an upstream path without "..", "?", "key=" or a second version.
// Input: the first byte is how many split points follow (each a 16-bit offset), then the bytes of the connection.
#include "FuzzCheck.h"
#include "HttpRequestGuard.h"
#include "ProxyRouter.h"

#include <QList>
#include <QUrl>

#include <algorithm>
#include <cstdint>

using namespace egb;

namespace {

constexpr qint64 BodyCap = 4096;
constexpr int HeaderCap = 512;

struct Result
{
    HttpRequestGuard::Verdict verdict;
    qint64 requests;
    bool operator==(const Result&) const = default;
};

Result feedWhole(QByteArrayView stream)
{
    HttpRequestGuard guard(BodyCap, HeaderCap);
    const auto verdict = guard.feed(stream);
    FUZZ_CHECK(verdict == guard.verdict());
    return {verdict, guard.requestsSeen()};
}

void checkRoute(QByteArrayView line)
{
    const qsizetype space = line.indexOf(' ');
    if (space <= 0)
        return;
    const QByteArrayView method = line.first(space);
    QByteArrayView target = line.sliced(space + 1);
    const qsizetype end = target.indexOf(' ');
    if (end >= 0)
        target = target.first(end);
    const QString path = QUrl::fromEncoded(target.toByteArray()).path();
    const ProxyRoute route = ProxyRouter::route(method, path);
    const ProxyRoute again = ProxyRouter::route(method, path);
    FUZZ_CHECK(route.kind == again.kind && route.upstreamPath == again.upstreamPath && route.model == again.model);
    if (!route.found())
        return;
    FUZZ_CHECK(route.method == "GET" || route.method == "POST" ||
               (route.isFiles() && (route.method == "PUT" || route.method == "DELETE")));
    FUZZ_CHECK(QByteArrayView(route.method) == method);
    FUZZ_CHECK(route.apiVersion == u"v1beta" || route.apiVersion == u"v1");
    FUZZ_CHECK(!route.upstreamPath.isEmpty() && !route.upstreamPath.startsWith(u'/'));
    FUZZ_CHECK(!route.upstreamPath.contains(u"..") && !route.upstreamPath.contains(u'?'));
    FUZZ_CHECK(!route.upstreamPath.contains(u"key="));
    FUZZ_CHECK(!route.upstreamPath.startsWith(u"v1"));
    if (!route.model.isEmpty())
        FUZZ_CHECK(ProxyRouter::isModelName(route.model));
    if (!route.fileId.isEmpty())
        FUZZ_CHECK(ProxyRouter::isModelName(route.fileId) && route.isFiles());
    if (route.openAi)
        FUZZ_CHECK(route.upstreamPath.startsWith(u"openai/") && route.apiVersion == u"v1beta");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size == 0)
        return 0;
    const size_t splits = bytes[0];
    size_t offset = 1 + 2 * splits;
    if (offset > size)
        return 0;
    const QByteArrayView stream(reinterpret_cast<const char*>(bytes) + offset, qsizetype(size - offset));

    const Result whole = feedWhole(stream);

    QList<qsizetype> cuts;
    for (size_t i = 0; i < splits; ++i)
        cuts.append(qsizetype((bytes[1 + 2 * i] << 8 | bytes[2 + 2 * i]) % (stream.size() + 1)));
    std::sort(cuts.begin(), cuts.end());
    HttpRequestGuard pieces(BodyCap, HeaderCap);
    qsizetype from = 0;
    for (qsizetype cut : std::as_const(cuts)) {
        pieces.feed(stream.sliced(from, cut - from));
        from = cut;
    }
    pieces.feed(stream.sliced(from));
    FUZZ_CHECK((Result{pieces.verdict(), pieces.requestsSeen()} == whole));

    HttpRequestGuard single(BodyCap, HeaderCap);
    for (qsizetype i = 0; i < stream.size(); ++i) {
        const auto before = single.verdict();
        const auto now = single.feed(stream.sliced(i, 1));
        if (before != HttpRequestGuard::Verdict::Ok)
            FUZZ_CHECK(now == before); // a refusal sticks
    }
    FUZZ_CHECK((Result{single.verdict(), single.requestsSeen()} == whole));

    qsizetype start = 0;
    while (start < stream.size()) {
        qsizetype nl = stream.sliced(start).indexOf('\n');
        const qsizetype len = nl < 0 ? stream.size() - start : nl;
        checkRoute(stream.sliced(start, std::min<qsizetype>(len, 2048)));
        start += len + 1;
    }
    return 0;
}
