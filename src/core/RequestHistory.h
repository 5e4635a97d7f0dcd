#pragma once

#include "Outcome.h"

#include <QList>
#include <QObject>

#include <array>

namespace egb {

/// How many attempts ended in each class during one minute.
struct MinuteCounts
{
    qint64 minuteStartMs = 0; ///< start of the minute, ms since the Unix epoch (UTC)
    int success = 0;
    int rateLimited = 0;
    int keyInvalid = 0;
    int serverError = 0;
    int requestError = 0;

    int failures() const { return rateLimited + keyInvalid + serverError + requestError; }
    int total() const { return success + failures(); }
    /// The count of one class (Cancelled is not counted and reads 0).
    int count(OutcomeClass kind) const;
    bool operator==(const MinuteCounts&) const = default;
};

/// Attempt outcomes per minute over the last hour, for the Overview chart.
///
/// A ring of 60 one-minute buckets; record() is O(1) and emits nothing, so the pool can feed it on every attempt.
/// Time is passed in (the pool's clock), never read. A view polls perMinute() every few seconds and may skip
/// redrawing while revision() has not moved and the minute has not changed. Cancelled attempts are not counted:
/// they say nothing about a key or the service.
class RequestHistory : public QObject
{
    Q_OBJECT
public:
    static constexpr int Minutes = 60;
    static constexpr qint64 MinuteMs = 60'000;

    explicit RequestHistory(QObject* parent = nullptr);

    /// Count one attempt that ended at `nowMs`. Outcomes older than the hour before the newest one are ignored.
    void record(OutcomeClass kind, qint64 nowMs);
    /// Count `n` attempts of one class at once (imports of saved history, demos).
    void record(OutcomeClass kind, qint64 nowMs, int n);

    /// Exactly 60 rows, oldest first; the last row is the minute holding `nowMs`. Minutes without attempts read 0.
    QList<MinuteCounts> perMinute(qint64 nowMs) const;
    /// Sums over the same 60 minutes (minuteStartMs = start of the oldest minute).
    MinuteCounts totals(qint64 nowMs) const;

    /// Grows by one on every record(); lets a view skip work when nothing was recorded.
    quint64 revision() const { return m_revision; }
    void clear();

    static qint64 minuteOf(qint64 ms);

private:
    struct Bucket
    {
        qint64 minute = -1; ///< minutes since the epoch this bucket holds; -1 = never used
        MinuteCounts counts;
    };
    std::array<Bucket, Minutes> m_buckets;
    qint64 m_newestMinute = -1;
    quint64 m_revision = 0;
};

} // namespace egb
