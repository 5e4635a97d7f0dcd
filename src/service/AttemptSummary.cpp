#include "AttemptSummary.h"

#include "ApiKey.h"

#include <QStringList>

namespace egb {

QString AttemptSummary::shortMask(const QString& masked)
{
    const qsizetype at = masked.indexOf(QChar(0x2026));
    return ApiKey::maskKeysIn(at >= 0 ? masked.mid(at) : masked);
}

QString AttemptSummary::failureWord(const AttemptRecord& a)
{
    switch (a.kind) {
    case OutcomeClass::RateLimited:
        return tr("rate-limited");
    case OutcomeClass::KeyInvalid:
        return a.httpStatus > 0 ? tr("rejected (HTTP %1)").arg(a.httpStatus) : tr("rejected");
    case OutcomeClass::ServerError:
        return a.httpStatus > 0 ? tr("failed (HTTP %1)").arg(a.httpStatus)
                                : tr("failed (%1)").arg(ApiKey::maskKeysIn(a.message));
    case OutcomeClass::RequestError:
        return tr("refused the request");
    case OutcomeClass::Cancelled:
        return tr("cancelled");
    case OutcomeClass::Success:
        break;
    }
    return tr("answered");
}

QString AttemptSummary::note(const QList<AttemptRecord>& attempts)
{
    QStringList parts;
    for (qsizetype i = 0; i + 1 < attempts.size(); ++i) {
        const AttemptRecord& a = attempts.at(i);
        if (a.kind == OutcomeClass::Success)
            continue;
        const AttemptRecord& next = attempts.at(i + 1);
        if (next.keyId == a.keyId)
            parts << tr("key %1 %2, retried").arg(shortMask(a.maskedKey), failureWord(a));
        else
            parts << tr("key %1 %2, retried with %3")
                         .arg(shortMask(a.maskedKey), failureWord(a), shortMask(next.maskedKey));
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace egb
