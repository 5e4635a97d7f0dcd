#include "Outcome.h"

#include <utility>

namespace egb {

Outcome Outcome::success(qint64 latencyMs, TokenUsage usage)
{
    Outcome o;
    o.kind = OutcomeClass::Success;
    o.httpStatus = 200;
    o.latencyMs = latencyMs;
    o.usage = usage;
    return o;
}

Outcome Outcome::failure(OutcomeClass kind, int httpStatus, QString message)
{
    Outcome o;
    o.kind = kind;
    o.httpStatus = httpStatus;
    o.message = std::move(message);
    return o;
}

QString Outcome::className(OutcomeClass kind)
{
    switch (kind) {
    case OutcomeClass::Success:
        return QStringLiteral("success");
    case OutcomeClass::KeyInvalid:
        return QStringLiteral("key_invalid");
    case OutcomeClass::RateLimited:
        return QStringLiteral("rate_limited");
    case OutcomeClass::ServerError:
        return QStringLiteral("server_error");
    case OutcomeClass::RequestError:
        return QStringLiteral("request_error");
    case OutcomeClass::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("success");
}

} // namespace egb
