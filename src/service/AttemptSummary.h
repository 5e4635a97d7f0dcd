#pragma once

#include "AttemptRecord.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace egb {

/// Words for what the attempts of one request went through, as a person reads them beside its result:
/// "key …Xy12 rate-limited, retried with …Ab34; key …Ab34 failed (HTTP 503), retried". No key is ever shown in full.
class AttemptSummary
{
    Q_DECLARE_TR_FUNCTIONS(egb::AttemptSummary)
public:
    /// Every failed attempt that another attempt followed; empty when the first attempt was the last.
    static QString note(const QList<AttemptRecord>& attempts);
    /// "rate-limited", "rejected (HTTP 400)", "failed (HTTP 503)", ...
    static QString failureWord(const AttemptRecord& attempt);
    /// "…Xy12" of "AIza…Xy12".
    static QString shortMask(const QString& masked);
};

} // namespace egb
