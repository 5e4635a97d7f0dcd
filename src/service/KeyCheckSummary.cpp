#include "KeyCheckSummary.h"

#include <QStringList>

namespace egb {

QString KeyCheckSummary::details() const
{
    QStringList parts;
    if (rejected > 0)
        parts << tr("%n rejected", "", rejected);
    if (rateLimited > 0)
        parts << tr("%n rate-limited (resting)", "", rateLimited);
    if (serverTrouble > 0)
        parts << tr("%n could not be checked (server trouble)", "", serverTrouble);
    if (cancelled > 0)
        parts << tr("%n not checked", "", cancelled);
    return parts.join(QStringLiteral(", "));
}

} // namespace egb
