#include "RequestHistory.h"

#include <QTest>

using namespace egb;

namespace {
// A fixed, arbitrary point in time, 17 s into a minute.
constexpr qint64 T0 = 1'790'000'057'000;
constexpr qint64 Minute = RequestHistory::MinuteMs;
constexpr qint64 MinuteStart0 = T0 - 17'000;
} // namespace

class TestRequestHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyHistoryHasSixtyZeroMinutes()
    {
        RequestHistory history;
        const QList<MinuteCounts> rows = history.perMinute(T0);
        QCOMPARE(rows.size(), 60);
        QCOMPARE(rows.last().minuteStartMs, MinuteStart0);
        QCOMPARE(rows.first().minuteStartMs, MinuteStart0 - 59 * Minute);
        for (int i = 1; i < rows.size(); ++i)
            QCOMPARE(rows.at(i).minuteStartMs - rows.at(i - 1).minuteStartMs, Minute);
        for (const MinuteCounts& row : rows)
            QCOMPARE(row.total(), 0);
        QCOMPARE(history.totals(T0).total(), 0);
    }

    void countsEachClassInItsMinute()
    {
        RequestHistory history;
        history.record(OutcomeClass::Success, T0);
        history.record(OutcomeClass::Success, T0 + 1000);
        history.record(OutcomeClass::RateLimited, T0 + 2000);
        history.record(OutcomeClass::KeyInvalid, T0 + 3000);
        history.record(OutcomeClass::ServerError, T0 + 4000);
        history.record(OutcomeClass::RequestError, T0 + 5000);
        history.record(OutcomeClass::Cancelled, T0 + 6000); // not an attempt outcome: ignored

        const MinuteCounts last = history.perMinute(T0 + 10'000).last();
        QCOMPARE(last.success, 2);
        QCOMPARE(last.rateLimited, 1);
        QCOMPARE(last.keyInvalid, 1);
        QCOMPARE(last.serverError, 1);
        QCOMPARE(last.requestError, 1);
        QCOMPARE(last.total(), 6);
        QCOMPARE(last.failures(), 4);
        QCOMPARE(last.count(OutcomeClass::RateLimited), 1);
        QCOMPARE(last.count(OutcomeClass::Cancelled), 0);
        QCOMPARE(history.totals(T0 + 10'000).total(), 6);
    }

    void bucketRollsOverAtTheMinute()
    {
        RequestHistory history;
        history.record(OutcomeClass::Success, MinuteStart0 + 59'999);     // last ms of the minute
        history.record(OutcomeClass::ServerError, MinuteStart0 + Minute); // first ms of the next
        const QList<MinuteCounts> rows = history.perMinute(MinuteStart0 + Minute + 5);
        QCOMPARE(rows.at(58).minuteStartMs, MinuteStart0);
        QCOMPARE(rows.at(58).success, 1);
        QCOMPARE(rows.at(58).serverError, 0);
        QCOMPARE(rows.at(59).success, 0);
        QCOMPARE(rows.at(59).serverError, 1);
    }

    void minutesShiftAlongAsTimePasses()
    {
        RequestHistory history;
        history.record(OutcomeClass::RateLimited, T0, 3);
        QCOMPARE(history.perMinute(T0).at(59).rateLimited, 3);
        QCOMPARE(history.perMinute(T0 + 10 * Minute).at(49).rateLimited, 3);
        QCOMPARE(history.perMinute(T0 + 10 * Minute).at(59).rateLimited, 0);
    }

    void anHourOldBucketDropsOut()
    {
        RequestHistory history;
        history.record(OutcomeClass::Success, T0, 5);
        // 59 minutes later the minute is still the oldest of the window ...
        QCOMPARE(history.perMinute(T0 + 59 * Minute).first().success, 5);
        QCOMPARE(history.totals(T0 + 59 * Minute).success, 5);
        // ... 60 minutes later it is gone, even before anything reuses its slot.
        QCOMPARE(history.totals(T0 + 60 * Minute).success, 0);

        // Recording into the same ring slot an hour later starts that bucket afresh.
        history.record(OutcomeClass::KeyInvalid, T0 + 60 * Minute);
        const MinuteCounts last = history.perMinute(T0 + 60 * Minute).last();
        QCOMPARE(last.success, 0);
        QCOMPARE(last.keyInvalid, 1);
        QCOMPARE(history.totals(T0 + 60 * Minute).total(), 1);
    }

    void longGapLeavesOnlyNewCounts()
    {
        RequestHistory history;
        for (int m = 0; m < 60; ++m)
            history.record(OutcomeClass::Success, T0 + m * Minute, m + 1);
        QCOMPARE(history.totals(T0 + 59 * Minute).success, 60 * 61 / 2);

        const qint64 later = T0 + 3 * 24 * 60 * Minute + 7 * Minute; // three days and a bit
        history.record(OutcomeClass::ServerError, later);
        const QList<MinuteCounts> rows = history.perMinute(later);
        QCOMPARE(rows.size(), 60);
        for (int i = 0; i < 59; ++i)
            QCOMPARE(rows.at(i).total(), 0);
        QCOMPARE(rows.last().serverError, 1);
        QCOMPARE(history.totals(later).total(), 1);
    }

    void outcomesOlderThanTheWindowAreIgnored()
    {
        RequestHistory history;
        history.record(OutcomeClass::Success, T0 + 120 * Minute);
        const quint64 revision = history.revision();
        history.record(OutcomeClass::RateLimited, T0); // two hours before the newest: stale
        QCOMPARE(history.revision(), revision);
        QCOMPARE(history.totals(T0 + 120 * Minute).total(), 1);
        // A late report from a few minutes ago still counts in its own minute.
        history.record(OutcomeClass::RateLimited, T0 + 117 * Minute);
        QCOMPARE(history.perMinute(T0 + 120 * Minute).at(56).rateLimited, 1);
        QCOMPARE(history.perMinute(T0 + 120 * Minute).at(59).success, 1);
    }

    void revisionMovesOnRecordAndClear()
    {
        RequestHistory history;
        const quint64 r0 = history.revision();
        history.record(OutcomeClass::Success, T0);
        QVERIFY(history.revision() > r0);
        const quint64 r1 = history.revision();
        history.record(OutcomeClass::Cancelled, T0);
        QCOMPARE(history.revision(), r1);
        history.clear();
        QVERIFY(history.revision() > r1);
        QCOMPARE(history.totals(T0).total(), 0);
    }

    void manyRecordsStayCheap()
    {
        // A million records in one minute: O(1) each, the counts stay exact.
        RequestHistory history;
        for (int i = 0; i < 1'000'000; ++i)
            history.record(i % 10 == 0 ? OutcomeClass::RateLimited : OutcomeClass::Success, T0 + (i % 40'000));
        const MinuteCounts last = history.perMinute(T0 + 40'000).last();
        QCOMPARE(last.rateLimited, 100'000);
        QCOMPARE(last.success, 900'000);
    }
};

QTEST_GUILESS_MAIN(TestRequestHistory)
#include "tst_requesthistory.moc"
