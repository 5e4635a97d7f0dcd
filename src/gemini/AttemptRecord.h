#pragma once

#include "Outcome.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

namespace egb {

/// One attempt of one dispatched request, as a UI or log shows it. Never holds the key itself.
struct AttemptRecord
{
    quint64 dispatchId = 0; ///< which dispatch (Dispatcher numbers them from 1)
    int attempt = 0;        ///< 1-based within the dispatch
    qint64 keyId = 0;
    QString maskedKey; ///< "AIza…Xy12"
    OutcomeClass kind = OutcomeClass::Success;
    int httpStatus = 0; ///< 0 for transport failures
    QString reason;     ///< ErrorInfo reason / quotaId / blockReason when known
    QString message;    ///< Google's or our message
    qint64 latencyMs = 0;
    qint64 delayBeforeNextMs = 0; ///< backoff or wait before the next attempt (0 = at once or none)
    bool willRetry = false;       ///< another attempt follows

    /// One translated line, e.g. "key AIza…Xy12: rate limited (HTTP 429), retrying with another key".
    QString describe() const;
    bool operator==(const AttemptRecord&) const = default;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::AttemptRecord)
