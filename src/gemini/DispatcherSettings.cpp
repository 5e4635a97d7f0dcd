#include "DispatcherSettings.h"

#include <algorithm>
#include <cmath>

namespace egb {

qint64 DispatcherSettings::baseDelayMs(int retry) const
{
    const double delay = double(initialDelayMs) * std::pow(std::max(1.0, backoffFactor), std::max(0, retry));
    return qint64(std::min(delay, double(std::max<qint64>(0, maxDelayMs))));
}

} // namespace egb
