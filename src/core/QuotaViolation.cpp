#include "QuotaViolation.h"

namespace egb {

bool QuotaViolation::isDaily() const
{
    return quotaId.contains(QLatin1String("PerDay"));
}

bool QuotaViolation::countsTokens() const
{
    return quotaId.contains(QLatin1String("Tokens"), Qt::CaseInsensitive);
}

} // namespace egb
