#pragma once

#include <QString>

namespace egb {

/// One violation of a 429's QuotaFailure detail: which quota of the project ran out, and for which model.
struct QuotaViolation
{
    QString quotaId;        ///< e.g. "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"
    QString model;          ///< quotaDimensions.model; empty when the server did not say
    qint64 quotaValue = -1; ///< the quota's limit as Google states it; 0 = the model is not offered; -1 = unknown

    /// The quota counts per day (resets at Pacific midnight): "PerDay" in the quotaId.
    bool isDaily() const;
    /// The quota counts tokens rather than requests ("Tokens" in the quotaId).
    bool countsTokens() const;
    /// quotaValue 0: waiting does not help, the model is not offered to the project's tier.
    bool notOffered() const { return quotaValue == 0; }

    bool operator==(const QuotaViolation&) const = default;
};

} // namespace egb
