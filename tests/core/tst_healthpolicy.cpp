#include "HealthPolicy.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace egb;

namespace {

constexpr qint64 Now = 1'780'000'000'000; // 2026-05-28, an arbitrary fixed instant

qint64 utcMs(int y, int m, int d, int h, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC).toMSecsSinceEpoch();
}

ApiKey freshKey()
{
    ApiKey k;
    k.id = 1;
    k.secret = QStringLiteral("AIza") + QString(35, QLatin1Char('h'));
    return k;
}

Outcome rateLimited(qint64 retryDelayMs = -1, const QString& quotaId = {})
{
    Outcome o = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("You exceeded your current quota."));
    o.googleStatus = QStringLiteral("RESOURCE_EXHAUSTED");
    o.retryDelayMs = retryDelayMs;
    o.quotaId = quotaId;
    return o;
}

QuotaViolation violation(const QString& quotaId, const QString& model = QStringLiteral("gemini-2.5-pro"),
                         qint64 value = 5)
{
    return QuotaViolation{quotaId, model, value};
}

const QString PerMinute = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
const QString PerDay = QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
const QString InputTokens = QStringLiteral("GenerateContentInputTokensPerModelPerMinute-FreeTier");

Outcome modelRateLimited(qint64 retryDelayMs, const QList<QuotaViolation>& violations)
{
    Outcome o = rateLimited(retryDelayMs, violations.value(0).quotaId);
    o.model = QStringLiteral("gemini-2.5-pro");
    o.violations = violations;
    return o;
}

/// A bucket that took `answers` answers from its first send at `first`.
QuotaBucket windowOf(int answers, qint64 first)
{
    QuotaBucket b;
    HealthPolicy policy;
    Outcome ok = Outcome::success();
    ok.model = QStringLiteral("gemini-2.5-pro");
    for (int i = 0; i < answers; ++i) {
        b.charge(first + i, {});
        policy.applyToBucket(b, ok, first + i + 5);
    }
    return b;
}

} // namespace

class TestHealthPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void successResetsFailuresAndRecoversWeightGradually()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.consecutiveFailures = 4;
        k.totalFailures = 9;
        k.totalSuccesses = 2;
        k.weight = 0.4;
        k.lastHttpStatus = 503;
        k.lastError = QStringLiteral("The model is overloaded.");
        k.rateLimitStreak = 3;
        const HealthDecision d = policy.apply(k, Outcome::success(120), Now);
        QCOMPARE(d.key.consecutiveFailures, 0);
        QCOMPARE(d.key.totalFailures, 9); // totals persist
        QCOMPARE(d.key.totalSuccesses, 3);
        QVERIFY(qAbs(d.key.weight - 0.5) < 1e-9); // one step, not straight back to full
        QCOMPARE(d.key.lastHttpStatus, 200);
        QVERIFY(d.key.lastError.isEmpty());
        QCOMPARE(d.key.lastUsedMs, Now);
        QCOMPARE(d.key.rateLimitStreak, 0);
        QCOMPARE(d.key.status, KeyStatus::Active);
        QVERIFY(!d.coolGroup);

        ApiKey full = freshKey();
        full.weight = 0.95;
        QCOMPARE(policy.apply(full, Outcome::success(), Now).key.weight, 1.0); // capped at 1
    }

    void successDoesNotReenableADisabledKey()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.status = KeyStatus::Disabled;
        k.disabledReason = QStringLiteral("API key not valid.");
        const HealthDecision d = policy.apply(k, Outcome::success(), Now);
        QCOMPARE(d.key.status, KeyStatus::Disabled);
        QCOMPARE(d.key.disabledReason, QStringLiteral("API key not valid."));
        QCOMPARE(d.key.totalSuccesses, 1);
    }

    void keyInvalidDisables_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("message");
        QTest::newRow("400 API_KEY_INVALID") << 400 << QStringLiteral("API_KEY_INVALID")
                                             << QStringLiteral("API key not valid. Please pass a valid API key.");
        QTest::newRow("401") << 401 << QString() << QStringLiteral("Request had invalid authentication credentials.");
        QTest::newRow("402") << 402 << QString() << QStringLiteral("Your prepaid credits are used up.");
        QTest::newRow("403 leaked") << 403 << QString()
                                    << QStringLiteral(
                                           "Your API key was reported as leaked. Please use another API key.");
        QTest::newRow("403 suspended") << 403 << QStringLiteral("CONSUMER_SUSPENDED") << QStringLiteral("Suspended.");
    }
    void keyInvalidDisables()
    {
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(QString, message);
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.totalFailures = 2;
        k.status = KeyStatus::CoolingDown;
        k.cooldownUntilMs = Now + 1000;
        Outcome o = Outcome::failure(OutcomeClass::KeyInvalid, status, message);
        o.reason = reason;
        const HealthDecision d = policy.apply(k, o, Now);
        QCOMPARE(d.key.status, KeyStatus::Disabled);
        QCOMPARE(d.key.disabledReason, message);
        QCOMPARE(d.key.lastError, message);
        QCOMPARE(d.key.lastHttpStatus, status);
        QCOMPARE(d.key.lastUsedMs, Now);
        QCOMPARE(d.key.consecutiveFailures, 1);
        QCOMPARE(d.key.totalFailures, 3);
        QVERIFY(!d.key.isAvailableAt(Now + 10'000'000));
    }

    void keyInvalidWithoutMessageNamesTheStatus()
    {
        HealthPolicy policy;
        const HealthDecision d =
            policy.apply(freshKey(), Outcome::failure(OutcomeClass::KeyInvalid, 401, QString()), Now);
        QCOMPARE(d.key.status, KeyStatus::Disabled);
        QVERIFY2(d.key.disabledReason.contains(QLatin1String("401")), qPrintable(d.key.disabledReason));
        QVERIFY(!d.key.lastError.isEmpty());
    }

    void requestFaultsLeaveTheKeyUntouched_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QTest::newRow("plain 400") << int(OutcomeClass::RequestError) << 400 << QString();
        QTest::newRow("404 model") << int(OutcomeClass::RequestError) << 404 << QString();
        QTest::newRow("blocked prompt") << int(OutcomeClass::RequestError) << 200 << QStringLiteral("SAFETY");
        QTest::newRow("cancelled") << int(OutcomeClass::Cancelled) << 0 << QString();
    }
    void requestFaultsLeaveTheKeyUntouched()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, reason);
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.weight = 0.8;
        k.consecutiveFailures = 1;
        k.lastHttpStatus = 503;
        k.lastError = QStringLiteral("earlier");
        Outcome o =
            Outcome::failure(OutcomeClass(kind), status, QStringLiteral("Request contains an invalid argument."));
        o.reason = reason;
        const HealthDecision d = policy.apply(k, o, Now);
        QCOMPARE(d.key, k);
        QVERIFY(!d.coolGroup);
    }

    void rateLimitedHonoursRetryInfo_data()
    {
        QTest::addColumn<qint64>("delayMs");
        QTest::newRow("38s") << qint64(38'000);
        QTest::newRow("45.837906927s as ms") << qint64(45'838);
        QTest::newRow("fractional below a second") << qint64(250);
    }
    void rateLimitedHonoursRetryInfo()
    {
        QFETCH(qint64, delayMs);
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.rateLimitStreak = 2;
        const HealthDecision d = policy.apply(
            k, rateLimited(delayMs, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")), Now);
        QCOMPARE(d.key.status, KeyStatus::CoolingDown);
        QCOMPARE(d.key.cooldownUntilMs, Now + delayMs);
        QCOMPARE(d.key.lastHttpStatus, 429);
        QCOMPARE(d.key.lastError, QStringLiteral("You exceeded your current quota."));
        QCOMPARE(d.key.consecutiveFailures, 1);
        QCOMPARE(d.key.totalFailures, 1);
        QCOMPARE(d.key.lastUsedMs, Now);
        QVERIFY(!d.key.isAvailableAt(Now + delayMs - 1));
        QVERIFY(d.key.isAvailableAt(Now + delayMs));
        QVERIFY(!d.coolGroup); // no group set on this key
    }

    void rateLimitedWithoutRetryInfoGrowsAndCaps()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        qint64 now = Now;
        const QList<qint64> expectedSeconds{30, 60, 120, 240, 480, 960, 1800, 1800, 1800};
        for (qint64 seconds : expectedSeconds) {
            k = policy.apply(k, rateLimited(), now).key;
            QCOMPARE(k.status, KeyStatus::CoolingDown);
            QCOMPARE(k.cooldownUntilMs - now, seconds * 1000);
            now = k.cooldownUntilMs; // the key came back and met the limit again
            k.status = KeyStatus::Active;
        }
        QCOMPARE(k.consecutiveFailures, expectedSeconds.size());
        // A success ends the streak: the next 429 cools for the first step again.
        k = policy.apply(k, Outcome::success(), now).key;
        k = policy.apply(k, rateLimited(), now).key;
        QCOMPARE(k.cooldownUntilMs - now, 30'000);
    }

    void rateLimitSettingsAreHonoured()
    {
        HealthSettings s;
        s.defaultCooldownMs = 1000;
        s.maxCooldownMs = 3000;
        HealthPolicy policy(s);
        ApiKey k = freshKey();
        QList<qint64> seen;
        for (int i = 0; i < 4; ++i) {
            k.status = KeyStatus::Active;
            k = policy.apply(k, rateLimited(), Now).key;
            seen << k.cooldownUntilMs - Now;
        }
        QCOMPARE(seen, (QList<qint64>{1000, 2000, 3000, 3000}));
    }

    void dailyQuotaCoolsUntilMidnightInLosAngeles_data()
    {
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("expected");
        // Summer: PDT is UTC-7, so midnight in Los Angeles is 07:00 UTC.
        QTest::newRow("summer") << utcMs(2026, 7, 15, 12) << utcMs(2026, 7, 16, 7);
        // Winter: PST is UTC-8, so midnight is 08:00 UTC.
        QTest::newRow("winter") << utcMs(2026, 1, 15, 12) << utcMs(2026, 1, 16, 8);
        // Just before midnight in winter (23:59 PST = 07:59 UTC next day).
        QTest::newRow("winter 23:59") << utcMs(2026, 1, 16, 7, 59) << utcMs(2026, 1, 16, 8);
        // 03:00 UTC is still the previous evening in Los Angeles.
        QTest::newRow("evening before") << utcMs(2026, 7, 16, 3) << utcMs(2026, 7, 16, 7);
        // The day DST starts (2026-03-08): the evening is already PDT, so the reset is 07:00 UTC.
        QTest::newRow("dst starts") << utcMs(2026, 3, 8, 12) << utcMs(2026, 3, 9, 7);
        // The day DST ends (2026-11-01): the next midnight is PST, 08:00 UTC.
        QTest::newRow("dst ends") << utcMs(2026, 11, 1, 12) << utcMs(2026, 11, 2, 8);
    }
    void dailyQuotaCoolsUntilMidnightInLosAngeles()
    {
        QFETCH(qint64, now);
        QFETCH(qint64, expected);
        QCOMPARE(HealthPolicy::nextDailyQuotaResetMs(now), expected);
        HealthPolicy policy;
        const HealthDecision d = policy.apply(
            freshKey(), rateLimited(20'000, QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier")), now);
        QCOMPARE(d.key.status, KeyStatus::CoolingDown);
        QCOMPARE(d.key.cooldownUntilMs, expected); // the 20 s hint does not bring a spent daily quota back
    }

    void perProjectQuotaCoolsTheGroup()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.group = QStringLiteral("project-a");
        const HealthDecision d = policy.apply(
            k, rateLimited(40'000, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")), Now);
        QVERIFY(d.coolGroup);
        QCOMPARE(d.groupCooldownUntilMs, Now + 40'000);
        QCOMPARE(d.key.cooldownUntilMs, Now + 40'000);

        const HealthDecision daily =
            policy.apply(k, rateLimited(-1, QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier")), Now);
        QVERIFY(daily.coolGroup);
        QCOMPARE(daily.groupCooldownUntilMs, HealthPolicy::nextDailyQuotaResetMs(Now));

        // A per-user quota does not touch the group.
        const HealthDecision user =
            policy.apply(k, rateLimited(40'000, QStringLiteral("GenerateRequestsPerMinutePerUser")), Now);
        QVERIFY(!user.coolGroup);
        QCOMPARE(user.groupCooldownUntilMs, 0);
    }

    void rateLimitDoesNotBringBackADisabledKey()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.status = KeyStatus::Disabled;
        const HealthDecision d = policy.apply(k, rateLimited(1000), Now);
        QCOMPARE(d.key.status, KeyStatus::Disabled);
        QCOMPARE(d.key.lastHttpStatus, 429);
    }

    void rateLimitKeepsALongerCooldown()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.status = KeyStatus::CoolingDown;
        k.cooldownUntilMs = Now + 3'600'000;
        QCOMPARE(policy.apply(k, rateLimited(5000), Now).key.cooldownUntilMs, Now + 3'600'000);
    }

    void serverErrorsPenaliseThenCool_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("500") << 500;
        QTest::newRow("502") << 502;
        QTest::newRow("503") << 503;
        QTest::newRow("504") << 504;
        QTest::newRow("timeout") << 0;
    }
    void serverErrorsPenaliseThenCool()
    {
        QFETCH(int, status);
        HealthPolicy policy;
        ApiKey k = freshKey();
        const Outcome fault = Outcome::failure(OutcomeClass::ServerError, status,
                                               status ? QStringLiteral("The model is overloaded.") : QString());
        k = policy.apply(k, fault, Now).key;
        QVERIFY(qAbs(k.weight - 0.7) < 1e-9);
        QCOMPARE(k.status, KeyStatus::Active);
        QCOMPARE(k.consecutiveFailures, 1);
        QCOMPARE(k.lastHttpStatus, status);
        QVERIFY(!k.lastError.isEmpty()); // a transport failure gets our own message
        QCOMPARE(k.lastUsedMs, Now);
        k = policy.apply(k, fault, Now + 1).key;
        QVERIFY(qAbs(k.weight - 0.49) < 1e-9);
        QCOMPARE(k.status, KeyStatus::Active);
        k = policy.apply(k, fault, Now + 2).key; // the third in a row
        QCOMPARE(k.status, KeyStatus::CoolingDown);
        QCOMPARE(k.cooldownUntilMs, Now + 2 + 15'000);
        QCOMPARE(k.consecutiveFailures, 3);
        QCOMPARE(k.totalFailures, 3);
    }

    void serverErrorWeightHasAFloorAndASuccessBreaksTheRun()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        const Outcome fault = Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("Internal error"));
        for (int i = 0; i < 30; ++i)
            k = policy.apply(k, fault, Now).key;
        QCOMPARE(k.weight, policy.settings().minWeight);
        QVERIFY(k.weight > 0);

        ApiKey j = freshKey();
        j = policy.apply(j, fault, Now).key;
        j = policy.apply(j, fault, Now).key;
        j = policy.apply(j, Outcome::success(), Now).key;
        j = policy.apply(j, fault, Now).key;
        QCOMPARE(j.status, KeyStatus::Active); // only one fault in a row now
    }

    void rateLimitsDoNotCountAsServerFaultsInARow()
    {
        // Found by the soak test: a key at its per-minute quota answered two 429s (requests in flight together),
        // came back after RetryInfo's delay, met one 503, and rested the 15 s server-fault cooldown, because the
        // rule counted failures in a row and 429s are failures. Only server faults in a row count now.
        HealthPolicy policy;
        ApiKey k = freshKey();
        k = policy.apply(k, rateLimited(1000, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel")), Now).key;
        k = policy.apply(k, rateLimited(990, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel")), Now).key;
        QCOMPARE(k.cooldownUntilMs, Now + 1000);
        k.status = KeyStatus::Active; // the pool lets it back once the delay has passed
        const Outcome fault = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded"));
        k = policy.apply(k, fault, Now + 1001).key;
        QCOMPARE(k.consecutiveFailures, 3); // the person still sees three failures in a row ...
        QCOMPARE(k.serverFaultStreak, 1);   // ... but only one server fault
        QCOMPARE(k.status, KeyStatus::Active);
        k = policy.apply(k, fault, Now + 1002).key;
        QCOMPARE(k.status, KeyStatus::Active);
        k = policy.apply(k, fault, Now + 1003).key; // the third server fault in a row
        QCOMPARE(k.status, KeyStatus::CoolingDown);
        QCOMPARE(k.cooldownUntilMs, Now + 1003 + policy.settings().serverCooldownMs);

        // A 429 between server faults ends their run too; a success ends both counts.
        ApiKey j = freshKey();
        j = policy.apply(j, fault, Now).key;
        j = policy.apply(j, fault, Now).key;
        j = policy.apply(j, rateLimited(500), Now).key;
        QCOMPARE(j.serverFaultStreak, 0);
        j.status = KeyStatus::Active;
        j = policy.apply(j, fault, Now + 600).key;
        QCOMPARE(j.status, KeyStatus::Active);
        QCOMPARE(j.consecutiveFailures, 4);
        j = policy.apply(j, Outcome::success(), Now + 700).key;
        QCOMPARE(j.serverFaultStreak, 0);
        QCOMPARE(j.consecutiveFailures, 0);
    }

    void severalViolationsTheLongestRestWins()
    {
        HealthPolicy policy;
        QuotaBucket b;
        policy.applyToBucket(b, modelRateLimited(20'000, {violation(PerMinute), violation(InputTokens, {}, 250'000)}),
                             Now);
        QCOMPARE(b.cooldownUntilMs, Now + 20'000);
        QCOMPARE(b.dailyUntilMs, 0);
        QCOMPARE(b.stateAt(Now, {}), QuotaBucket::State::CoolingDown);

        // The daily violation listed after the per-minute one still decides: the bucket rests until the reset.
        QuotaBucket both;
        policy.applyToBucket(both, modelRateLimited(20'000, {violation(PerMinute), violation(PerDay)}), Now);
        QCOMPARE(both.dailyUntilMs, HealthPolicy::nextDailyQuotaResetMs(Now));
        QCOMPARE(both.restUntilMs(), HealthPolicy::nextDailyQuotaResetMs(Now));
        QCOMPARE(both.quotaId, PerDay);
        QCOMPARE(both.stateAt(Now + 60'000, {}), QuotaBucket::State::DailySpent);
        QCOMPARE(both.stateAt(HealthPolicy::nextDailyQuotaResetMs(Now), {}), QuotaBucket::State::Available);
    }

    void perDayWithRetryDelayZeroRestsUntilTheReset()
    {
        HealthPolicy policy;
        QuotaBucket b;
        policy.applyToBucket(b, modelRateLimited(0, {violation(PerDay)}), Now);
        QCOMPARE(b.dailyUntilMs, HealthPolicy::nextDailyQuotaResetMs(Now));
        QVERIFY(b.dailyUntilMs - Now > 3600'000);
        QCOMPARE(b.nextSendAtMs(Now, {}), HealthPolicy::nextDailyQuotaResetMs(Now));
    }

    void quotaZeroMeansTheModelIsNotOffered()
    {
        HealthPolicy policy;
        QuotaBucket b;
        policy.applyToBucket(b, modelRateLimited(30'000, {violation(PerMinute, QStringLiteral("gemini-2.5-pro"), 0)}),
                             Now);
        QVERIFY(b.notOffered);
        QCOMPARE(b.stateAt(Now + 24 * 3600'000LL * 30, {}), QuotaBucket::State::NotOffered); // waiting does not help
        QCOMPARE(b.nextSendAtMs(Now, {}), -1);
        QCOMPARE(b.learnedLimit, 0);
    }

    void hintsAreCapped()
    {
        const qint64 tenYears = 10LL * 365 * 24 * 3600'000;
        HealthPolicy policy;
        QuotaBucket minute;
        policy.applyToBucket(minute, modelRateLimited(tenYears, {violation(PerMinute)}), Now);
        QCOMPARE(minute.cooldownUntilMs, Now + policy.settings().maxMinuteRestMs);
        QVERIFY(policy.settings().maxMinuteRestMs <= 10 * 60'000);

        QuotaBucket daily;
        policy.applyToBucket(daily, modelRateLimited(tenYears, {violation(PerDay)}), Now);
        QCOMPARE(daily.dailyUntilMs, HealthPolicy::nextDailyQuotaResetMs(Now) + policy.settings().dailyResetMarginMs);

        // The key-level path (an outcome without a model) is capped too: no key benched until 2036.
        const HealthDecision d = policy.apply(freshKey(), rateLimited(tenYears, PerMinute), Now);
        QCOMPARE(d.key.cooldownUntilMs, Now + policy.settings().maxMinuteRestMs);
        const HealthDecision dd = policy.apply(freshKey(), rateLimited(tenYears, PerDay), Now);
        QCOMPARE(dd.key.cooldownUntilMs,
                 HealthPolicy::nextDailyQuotaResetMs(Now) + policy.settings().dailyResetMarginMs);
    }

    void capsAreASetting()
    {
        HealthSettings s;
        s.maxMinuteRestMs = 90'000;
        s.dailyResetMarginMs = 0;
        HealthPolicy policy(s);
        QuotaBucket b;
        policy.applyToBucket(b, modelRateLimited(3600'000, {violation(PerMinute)}), Now);
        QCOMPARE(b.cooldownUntilMs, Now + 90'000);
        QuotaBucket d;
        policy.applyToBucket(d, modelRateLimited(3 * 24 * 3600'000LL, {violation(PerDay)}), Now);
        QCOMPARE(d.dailyUntilMs, HealthPolicy::nextDailyQuotaResetMs(Now));
    }

    void aModelRateLimitLeavesTheKeyServingOtherModels()
    {
        HealthPolicy policy;
        const HealthDecision d = policy.apply(freshKey(), modelRateLimited(30'000, {violation(PerMinute)}), Now);
        QCOMPARE(d.key.status, KeyStatus::Active); // the (project, pro) bucket rests, not the key
        QCOMPARE(d.key.cooldownUntilMs, 0);
        QCOMPARE(d.key.lastHttpStatus, 429);
        QCOMPARE(d.key.totalFailures, 1);
    }

    void learnsTheLimitFromTheWindowA429Ended()
    {
        HealthPolicy policy;
        // Five answers from Now on; the sixth call is refused with "retry in 2 s" one second later.
        QuotaBucket b = windowOf(5, Now);
        policy.applyToBucket(b, modelRateLimited(2'000, {violation(PerMinute)}), Now + 1'000);
        QCOMPARE(b.learnedLimit, 5);
        QCOMPARE(b.learnedWindowMs, 3'000); // first send to the end of the window the 429 named
        // An answer sent before the 429 and arriving after it: the window took one more.
        Outcome ok = Outcome::success();
        ok.model = QStringLiteral("gemini-2.5-pro");
        policy.applyToBucket(b, ok, Now + 1'100);
        QCOMPARE(b.learnedLimit, 6);
        // Right after the rest the window's own calls are still in it (a sliding window frees one slot at a time).
        QCOMPARE(b.nextSendAtMs(b.restUntilMs(), {}), b.restUntilMs());
        QCOMPARE(b.stateAt(b.restUntilMs(), {}), QuotaBucket::State::Available);
        // The learned limit paces the bucket: once those calls are out, six sends fill a window; the seventh waits
        // for the first to leave it (with a small margin).
        const qint64 back = b.restUntilMs() + 3'100;
        for (int i = 0; i < 6; ++i) {
            QVERIFY(b.mayServeAt(back + i, {}));
            b.charge(back + i, {});
        }
        QCOMPARE(b.stateAt(back + 6, {}), QuotaBucket::State::Paced);
        const qint64 free = b.nextSendAtMs(back + 6, {});
        QVERIFY(free > back + 3'000 && free <= back + 3'200);
        QVERIFY(b.mayServeAt(free, {}));
        b.resetLearned();
        QCOMPARE(b.learnedLimit, 0);
        QVERIFY(b.mayServeAt(back + 6, {}));
    }

    void aLateCountingServerWidensTheWindowNotLowersTheLimit()
    {
        HealthPolicy policy;
        QuotaBucket b = windowOf(3, Now);
        policy.applyToBucket(b, modelRateLimited(900, {violation(PerMinute)}), Now + 100); // 3 per 1 s
        QCOMPARE(b.learnedLimit, 3);
        QCOMPARE(b.learnedWindowMs, 1'000);
        const qint64 back = b.restUntilMs();
        Outcome ok = Outcome::success();
        ok.model = QStringLiteral("gemini-2.5-pro");
        for (int i = 0; i < 3; ++i) {
            b.charge(back + i, {});
            policy.applyToBucket(b, ok, back + i + 5);
        }
        const qint64 next = b.nextSendAtMs(back + 3, {});
        QCOMPARE(next, back + 1'050); // the window plus the small margin
        b.charge(next, {});
        // Google counted our sends 100 ms late: its window frees the slot at back + 1100, after ours did.
        policy.applyToBucket(b, modelRateLimited(back + 1'100 - next, {violation(PerMinute)}), next);
        QCOMPARE(b.learnedLimit, 3); // the limit was right ...
        QCOMPARE(b.slackMs, 120);    // ... the timing was not
        QCOMPARE(b.paceFor({}).windowMs, 1'120);
    }

    void aTokenQuotaRestsButTeachesNoRequestLimit()
    {
        HealthPolicy policy;
        QuotaBucket b = windowOf(3, Now);
        policy.applyToBucket(b, modelRateLimited(10'000, {violation(InputTokens, {}, 250'000)}), Now + 500);
        QCOMPARE(b.cooldownUntilMs, Now + 10'500);
        QCOMPARE(b.learnedLimit, 0);
    }

    void personLimitsPaceRequestsTokensAndDays()
    {
        QuotaBucket b;
        const QuotaLimits limits{2, 100, 3};
        b.charge(Now, limits);
        b.charge(Now + 10, limits);
        QCOMPARE(b.stateAt(Now + 20, limits), QuotaBucket::State::Paced);
        QVERIFY(b.nextSendAtMs(Now + 20, limits) >= Now + 60'000);
        b.charge(Now + 61'500, limits);
        QCOMPARE(b.stateAt(Now + 61'600, limits), QuotaBucket::State::Paced); // the day's 3 requests are spent
        QCOMPARE(b.nextSendAtMs(Now + 61'600, limits), HealthPolicy::nextDailyQuotaResetMs(Now));
        QuotaBucket t;
        t.charge(Now, {0, 100, 0});
        t.addTokens(150, Now + 5);
        QCOMPARE(t.nextSendAtMs(Now + 10, {0, 100, 0}), Now + 60'000);
        QVERIFY(t.mayServeAt(Now + 10, {})); // without the person's token limit nothing waits
    }

    void overloadBackoffGrowsAndCaps()
    {
        HealthPolicy policy;
        QCOMPARE(policy.overloadBackoffMs(1), 1'000);
        QCOMPARE(policy.overloadBackoffMs(2), 2'000);
        QCOMPARE(policy.overloadBackoffMs(3), 4'000);
        QCOMPARE(policy.overloadBackoffMs(40), policy.settings().maxOverloadBackoffMs);
        // The model is busy, not the key: a 503 for a model leaves the key's weight alone.
        Outcome busy = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("The model is overloaded."));
        busy.overloaded = true;
        busy.model = QStringLiteral("gemini-2.5-pro");
        const HealthDecision d = policy.apply(freshKey(), busy, Now);
        QCOMPARE(d.key.weight, 1.0);
        QCOMPARE(d.key.status, KeyStatus::Active);
        QCOMPARE(d.key.serverFaultStreak, 0);
    }

    void applyInPlaceMatchesApply()
    {
        HealthPolicy policy;
        ApiKey k = freshKey();
        k.group = QStringLiteral("g");
        const Outcome o = rateLimited(1000, QStringLiteral("PerMinutePerProject"));
        const HealthDecision d = policy.apply(k, o, Now);
        qint64 until = 0;
        QVERIFY(policy.applyInPlace(k, o, Now, &until));
        QCOMPARE(k, d.key);
        QCOMPARE(until, d.groupCooldownUntilMs);
    }
};

QTEST_GUILESS_MAIN(TestHealthPolicy)
#include "tst_healthpolicy.moc"
