#include "ProxySettings.h"

#include <QHostAddress>

namespace egb {

bool ProxySettings::isLoopback() const
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace egb
