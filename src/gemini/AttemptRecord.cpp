#include "AttemptRecord.h"

namespace egb {

QString AttemptRecord::describe() const
{
    QString what;
    switch (kind) {
    case OutcomeClass::Success:
        what = QCoreApplication::translate("egb::AttemptRecord", "succeeded");
        break;
    case OutcomeClass::KeyInvalid:
        what = QCoreApplication::translate("egb::AttemptRecord", "key rejected");
        break;
    case OutcomeClass::RateLimited:
        what = QCoreApplication::translate("egb::AttemptRecord", "rate limited");
        break;
    case OutcomeClass::ServerError:
        what = QCoreApplication::translate("egb::AttemptRecord", "server or network fault");
        break;
    case OutcomeClass::RequestError:
        what = QCoreApplication::translate("egb::AttemptRecord", "request refused");
        break;
    case OutcomeClass::Cancelled:
        what = QCoreApplication::translate("egb::AttemptRecord", "cancelled");
        break;
    }
    if (httpStatus > 0)
        what = QCoreApplication::translate("egb::AttemptRecord", "%1 (HTTP %2)").arg(what).arg(httpStatus);
    QString line =
        QCoreApplication::translate("egb::AttemptRecord", "attempt %1, key %2: %3").arg(attempt).arg(maskedKey, what);
    if (!willRetry)
        return line;
    if (kind == OutcomeClass::KeyInvalid || kind == OutcomeClass::RateLimited)
        return QCoreApplication::translate("egb::AttemptRecord", "%1, retrying with another key").arg(line);
    return QCoreApplication::translate("egb::AttemptRecord", "%1, retrying in %2 s")
        .arg(line)
        .arg(double(delayBeforeNextMs) / 1000.0, 0, 'f', 1);
}

} // namespace egb
