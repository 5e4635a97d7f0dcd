#include "RequestHistory.h"

#include <algorithm>

namespace egb {

int MinuteCounts::count(OutcomeClass kind) const
{
    switch (kind) {
    case OutcomeClass::Success:
        return success;
    case OutcomeClass::RateLimited:
        return rateLimited;
    case OutcomeClass::KeyInvalid:
        return keyInvalid;
    case OutcomeClass::ServerError:
        return serverError;
    case OutcomeClass::RequestError:
        return requestError;
    case OutcomeClass::Cancelled:
        break;
    }
    return 0;
}

RequestHistory::RequestHistory(QObject* parent)
    : QObject(parent)
{}

qint64 RequestHistory::minuteOf(qint64 ms)
{
    // Floor division, so times before the epoch (never expected) still land in the right minute.
    return ms >= 0 ? ms / MinuteMs : -((-ms + MinuteMs - 1) / MinuteMs);
}

void RequestHistory::record(OutcomeClass kind, qint64 nowMs)
{
    record(kind, nowMs, 1);
}

void RequestHistory::record(OutcomeClass kind, qint64 nowMs, int n)
{
    if (kind == OutcomeClass::Cancelled || n <= 0)
        return;
    const qint64 minute = minuteOf(nowMs);
    if (m_newestMinute >= 0 && minute <= m_newestMinute - Minutes)
        return; // older than the window we keep
    m_newestMinute = std::max(m_newestMinute, minute);

    Bucket& bucket = m_buckets[size_t(((minute % Minutes) + Minutes) % Minutes)];
    if (bucket.minute != minute) {
        bucket.minute = minute;
        bucket.counts = MinuteCounts{};
        bucket.counts.minuteStartMs = minute * MinuteMs;
    }
    MinuteCounts& c = bucket.counts;
    switch (kind) {
    case OutcomeClass::Success:
        c.success += n;
        break;
    case OutcomeClass::RateLimited:
        c.rateLimited += n;
        break;
    case OutcomeClass::KeyInvalid:
        c.keyInvalid += n;
        break;
    case OutcomeClass::ServerError:
        c.serverError += n;
        break;
    case OutcomeClass::RequestError:
        c.requestError += n;
        break;
    case OutcomeClass::Cancelled:
        break;
    }
    ++m_revision;
}

QList<MinuteCounts> RequestHistory::perMinute(qint64 nowMs) const
{
    const qint64 current = minuteOf(nowMs);
    QList<MinuteCounts> rows;
    rows.reserve(Minutes);
    for (qint64 minute = current - (Minutes - 1); minute <= current; ++minute) {
        const Bucket& bucket = m_buckets[size_t(((minute % Minutes) + Minutes) % Minutes)];
        if (bucket.minute == minute) {
            rows.append(bucket.counts);
        } else {
            MinuteCounts empty;
            empty.minuteStartMs = minute * MinuteMs;
            rows.append(empty);
        }
    }
    return rows;
}

MinuteCounts RequestHistory::totals(qint64 nowMs) const
{
    const QList<MinuteCounts> rows = perMinute(nowMs);
    MinuteCounts sum;
    sum.minuteStartMs = rows.constFirst().minuteStartMs;
    for (const MinuteCounts& row : rows) {
        sum.success += row.success;
        sum.rateLimited += row.rateLimited;
        sum.keyInvalid += row.keyInvalid;
        sum.serverError += row.serverError;
        sum.requestError += row.requestError;
    }
    return sum;
}

void RequestHistory::clear()
{
    m_buckets = {};
    m_newestMinute = -1;
    ++m_revision;
}

} // namespace egb
