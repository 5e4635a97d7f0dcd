#include "RequestLogEntry.h"

#include "ApiKey.h"

namespace egb {

RequestLogEntry RequestLogEntry::fromOutcome(qint64 keyId, const Outcome& outcome, RequestSource source,
                                             const QString& model, int attempt)
{
    RequestLogEntry e;
    e.source = source;
    e.model = model;
    e.keyId = keyId;
    e.kind = outcome.kind;
    e.httpStatus = outcome.httpStatus;
    e.reason = !outcome.reason.isEmpty() ? outcome.reason : outcome.quotaId;
    if (!outcome.isSuccess() && !outcome.message.isEmpty())
        e.message = ApiKey::maskKeysIn(outcome.message.left(MessageLimit));
    e.latencyMs = outcome.latencyMs;
    e.attempt = attempt;
    e.promptTokens = outcome.usage.promptTokens;
    e.answerTokens = outcome.usage.candidatesTokens;
    e.thinkingTokens = outcome.usage.thoughtsTokens;
    return e;
}

QString RequestLogEntry::sourceName(RequestSource source)
{
    switch (source) {
    case RequestSource::Chat:
        return QStringLiteral("chat");
    case RequestSource::Batch:
        return QStringLiteral("batch");
    case RequestSource::Proxy:
        return QStringLiteral("proxy");
    case RequestSource::Check:
        return QStringLiteral("check");
    case RequestSource::Other:
        break;
    }
    return QStringLiteral("other");
}

std::optional<RequestSource> RequestLogEntry::sourceFromName(const QString& name)
{
    for (RequestSource s : {RequestSource::Other, RequestSource::Chat, RequestSource::Batch, RequestSource::Proxy,
                            RequestSource::Check}) {
        if (name.compare(sourceName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

std::optional<OutcomeClass> RequestLogEntry::classFromName(const QString& name)
{
    for (OutcomeClass k : {OutcomeClass::Success, OutcomeClass::KeyInvalid, OutcomeClass::RateLimited,
                           OutcomeClass::ServerError, OutcomeClass::RequestError, OutcomeClass::Cancelled}) {
        if (name == Outcome::className(k))
            return k;
    }
    return std::nullopt;
}

} // namespace egb
