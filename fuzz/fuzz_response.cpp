// libFuzzer target: what comes back from Gemini. The same bytes go through ErrorClassifier::classifyHttp (with a
// fuzzer-chosen HTTP status and Retry-After header), GenerateResponse::parse + classifyResponse, parseDuration and
// parseRetryAfter.
// Input: 2 bytes status selector, 1 byte Retry-After length, 8 bytes clock, the Retry-After value, then the body.
#include "ErrorClassifier.h"
#include "FuzzCheck.h"
#include "GenerateResponse.h"

#include <QJsonDocument>

#include <cstdint>

using namespace egb;

namespace {

constexpr qint64 MaxDelayMs = ErrorClassifier::MaxRetryDelayMs;
constexpr qint64 Year2100Ms = 4102444800000;

bool delayOk(qint64 ms)
{
    return ms == -1 || (ms >= 0 && ms <= MaxDelayMs);
}

void checkOutcome(const Outcome& o, int status)
{
    FUZZ_CHECK(delayOk(o.retryDelayMs));
    if (o.isSuccess()) {
        FUZZ_CHECK(status >= 200 && status < 300); // never Success for a non-2xx answer
    } else {
        FUZZ_CHECK(o.kind != OutcomeClass::Cancelled); // only the caller cancels
        FUZZ_CHECK(!o.message.isEmpty());              // a failure always says something
    }
}

int statusFrom(uint16_t selector)
{
    // Mostly the statuses that matter, sometimes anything at all.
    static const int common[] = {200, 201, 204, 301, 400, 401, 402, 403, 404, 408, 429, 499, 500, 502, 503, 504};
    if (selector < 0xC000)
        return common[selector % (sizeof(common) / sizeof(common[0]))];
    return int(selector & 0x3FFF) - 0x100; // -256..16127: negative, 0, 1xx, odd codes
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 11)
        return 0;
    const int status = statusFrom(uint16_t(bytes[0] | (bytes[1] << 8)));
    size_t retryLength = bytes[2];
    uint64_t clock = 0;
    for (int i = 0; i < 8; ++i)
        clock = (clock << 8) | bytes[3 + i];
    const qint64 nowMs = qint64(clock % uint64_t(Year2100Ms)); // a plausible clock: 1970..2100
    size_t at = 11;
    retryLength = std::min(retryLength, size - at);
    const QByteArrayView retryAfter(reinterpret_cast<const char*>(bytes + at), qsizetype(retryLength));
    at += retryLength;
    const QByteArray body(reinterpret_cast<const char*>(bytes + at), qsizetype(size - at));

    const Outcome http = ErrorClassifier::classifyHttp(status, body, retryAfter, nowMs);
    checkOutcome(http, status);
    FUZZ_CHECK(ErrorClassifier::classifyHttp(status, body, retryAfter, nowMs) == http); // deterministic
    if (ErrorClassifier::isErrorEnvelope(body))
        FUZZ_CHECK(!http.isSuccess()); // an error envelope is never a success, whatever the status
    if (status >= 300) // the status decides (a 1xx/0 answer with an error body is judged by the body's code)
        FUZZ_CHECK(http.kind == ErrorClassifier::classForStatus(status) ||
                   (status == 400 && http.kind == OutcomeClass::KeyInvalid));

    const qint64 retry = ErrorClassifier::parseRetryAfter(retryAfter, nowMs);
    FUZZ_CHECK(delayOk(retry));
    const qint64 duration = ErrorClassifier::parseDuration(QString::fromUtf8(retryAfter.toByteArray()));
    FUZZ_CHECK(delayOk(duration));

    QString error;
    const std::optional<GenerateResponse> response = GenerateResponse::parse(body, &error);
    if (!response) {
        FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    const Outcome judged = ErrorClassifier::classifyResponse(*response, 200);
    checkOutcome(judged, 200);
    FUZZ_CHECK(judged.isSuccess() == response->hasCandidates());
    if (!judged.isSuccess() && response->isBlocked())
        FUZZ_CHECK(judged.kind == OutcomeClass::RequestError && judged.reason == response->blockReason);
    if (response->hasCandidates())
        FUZZ_CHECK(judged.usage == response->usage);

    // A stream of this chunk twice: text doubles, the rest is the chunk's.
    GenerateResponse merged;
    merged.merge(*response);
    merged.merge(*response);
    FUZZ_CHECK(merged.text == response->text + response->text);
    FUZZ_CHECK(merged.thoughtText == response->thoughtText + response->thoughtText);
    FUZZ_CHECK(merged.candidateCount == response->candidateCount);
    FUZZ_CHECK(merged.finishReason == response->finishReason);
    return 0;
}
