#pragma once

#include <QMetaType>
#include <QString>

namespace egb {

/// One request that went through the proxy, for the live list, the log and the bench. Never holds a key or a token
/// in full (the key masked, the token by id).
struct ProxyRequestRecord
{
    quint64 id = 0;
    qint64 startedMs = 0; ///< wall clock, ms since the epoch
    QString method;
    QString path; ///< without the query
    QString model;
    qint64 tokenId = 0; ///< the caller's access token; 0 when it had none or a wrong one
    bool streamed = false;
    bool finished = false;
    int status = 0;       ///< what the caller got (0 while it runs; 499 when the caller went away)
    int attempts = 0;     ///< upstream attempts
    QString maskedKey;    ///< the key of the last attempt
    qint64 latencyMs = 0; ///< until the answer ended
    QString error;        ///< what went wrong, for failures
};

} // namespace egb

Q_DECLARE_METATYPE(egb::ProxyRequestRecord)
