#include "KeyLease.h"
#include "KeyPool.h"
#include "RequestHistory.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace egb;

namespace {

constexpr qint64 Start = 1'780'000'000'000;

QString generatedKey(int i)
{
    return QStringLiteral("AIza") + QString::number(i).rightJustified(35, QLatin1Char('p'));
}

QStringList generatedKeys(int count, int offset = 0)
{
    QStringList out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out << generatedKey(offset + i);
    return out;
}

Outcome rateLimited(qint64 retryDelayMs, const QString& quotaId = {})
{
    Outcome o = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
    o.retryDelayMs = retryDelayMs;
    o.quotaId = quotaId;
    return o;
}

const QString Pro = QStringLiteral("gemini-2.5-pro");
const QString Flash = QStringLiteral("gemini-2.5-flash");

Outcome modelLimited(const QString& model, qint64 retryDelayMs,
                     const QString& quotaId = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                     qint64 quotaValue = 5)
{
    Outcome o = rateLimited(retryDelayMs, quotaId);
    o.model = model;
    o.violations = {QuotaViolation{quotaId, model, quotaValue}};
    return o;
}

Outcome modelOk(const QString& model)
{
    Outcome o = Outcome::success(10, TokenUsage{7, 3, 0, 10});
    o.model = model;
    return o;
}

/// A pool whose clock is a variable the test moves by hand.
struct ClockedPool
{
    qint64 t = Start;
    KeyPool pool;
    ClockedPool()
    {
        pool.setClock([this] { return t; });
        pool.setRandomSeed(42);
    }
};

} // namespace

class TestKeyPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<QList<qint64>>();
        qRegisterMetaType<egb::PoolStats>();
    }

    void addKeysSkipsDuplicatesAndAssignsIds()
    {
        ClockedPool c;
        QSignalSpy added(&c.pool, &KeyPool::keysAdded);
        const QList<qint64> first = c.pool.addSecrets(generatedKeys(3), QStringLiteral("lab"), QStringLiteral("g"));
        QCOMPARE(first, (QList<qint64>{1, 2, 3}));
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(0).value<QList<qint64>>(), first);
        // Two already present, one repeated within the call, one new.
        const QList<qint64> second = c.pool.addSecrets(
            {generatedKey(0), generatedKey(2), generatedKey(7), generatedKey(7), QStringLiteral("  ")});
        QCOMPARE(second, (QList<qint64>{4}));
        QCOMPARE(c.pool.size(), 4);
        QCOMPARE(c.pool.at(3).secret, generatedKey(7));
        QCOMPARE(c.pool.at(0).label, QStringLiteral("lab"));
        QCOMPARE(c.pool.at(0).group, QStringLiteral("g"));
        QCOMPARE(c.pool.at(0).addedMs, Start);
        QCOMPARE(c.pool.idOfSecret(generatedKey(7)), 4);
        QVERIFY(!c.pool.containsSecret(generatedKey(8)));
        // Nothing new: no signal.
        QVERIFY(c.pool.addSecrets({generatedKey(1)}).isEmpty());
        QCOMPARE(added.count(), 2);
    }

    void loadKeepsIdsAndContinuesAfterTheLargest()
    {
        ClockedPool c;
        QSignalSpy reset(&c.pool, &KeyPool::poolReset);
        std::vector<ApiKey> keys(2);
        keys[0].id = 5;
        keys[0].secret = generatedKey(1);
        keys[1].id = 9;
        keys[1].secret = generatedKey(2);
        keys[1].status = KeyStatus::Disabled;
        c.pool.load(std::move(keys));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(c.pool.rowOf(9), 1);
        QCOMPARE(c.pool.rowOf(6), -1);
        QCOMPARE(c.pool.addSecrets({generatedKey(3)}), (QList<qint64>{10}));
        QCOMPARE(c.pool.stats(), (PoolStats{3, 2, 0, 1}));
        // Removing the newest key does not let its id come back.
        c.pool.remove({10});
        QCOMPARE(c.pool.addSecrets({generatedKey(4)}), (QList<qint64>{11}));
    }

    void weightedPickFollowsWeights()
    {
        ClockedPool c;
        const QList<double> weights{1.0, 0.5, 0.25, 0.1};
        std::vector<ApiKey> keys;
        for (int i = 0; i < weights.size(); ++i) {
            ApiKey k;
            k.id = i + 1;
            k.secret = generatedKey(i);
            k.weight = weights[i];
            keys.push_back(k);
        }
        c.pool.load(std::move(keys));
        constexpr int Picks = 200'000;
        std::map<qint64, int> counts;
        for (int i = 0; i < Picks; ++i)
            ++counts[c.pool.pick()];
        QCOMPARE(counts.count(0), size_t(0));
        double sum = 0;
        for (double w : weights)
            sum += w;
        double chi2 = 0;
        for (int i = 0; i < weights.size(); ++i) {
            const double expected = Picks * weights[i] / sum;
            const double observed = counts[i + 1];
            chi2 += (observed - expected) * (observed - expected) / expected;
            QVERIFY2(std::abs(observed - expected) / expected < 0.05,
                     qPrintable(QStringLiteral("key %1: %2 vs %3").arg(i + 1).arg(observed).arg(expected)));
        }
        // 3 degrees of freedom: 16.27 is the 0.1% critical value.
        QVERIFY2(chi2 < 16.27, qPrintable(QString::number(chi2)));
    }

    void weightChangesMoveTheOdds()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(2));
        const Outcome fault = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded"));
        c.pool.report(1, fault);
        c.pool.report(1, fault); // weight 0.49 against 1.0
        int first = 0;
        constexpr int Picks = 50'000;
        for (int i = 0; i < Picks; ++i)
            first += c.pool.pick() == 1;
        const double expected = Picks * 0.49 / 1.49;
        QVERIFY2(std::abs(first - expected) / expected < 0.05, qPrintable(QString::number(first)));
    }

    void pickManyIsDistinctAndOnlyAvailable()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(40));
        std::mt19937 rng(7);
        for (int round = 0; round < 3000; ++round) {
            // Shake the pool: cool, disable, enable, recover at random.
            const qint64 id = qint64(rng() % 40) + 1;
            switch (rng() % 5) {
            case 0:
                c.pool.report(id, rateLimited(qint64(rng() % 5000)));
                break;
            case 1:
                c.pool.disable({id});
                break;
            case 2:
                c.pool.enable({id});
                break;
            default:
                c.pool.report(id, Outcome::success());
                break;
            }
            c.t += qint64(rng() % 200);
            const int n = int(rng() % 8) + 1;
            const QList<qint64> picked = c.pool.pick(n);
            int availableNow = 0;
            for (int row = 0; row < c.pool.size(); ++row)
                availableNow += c.pool.at(row).isAvailableAt(c.t);
            QCOMPARE(picked.size(), std::min(n, availableNow));
            QCOMPARE(QSet<qint64>(picked.begin(), picked.end()).size(), picked.size());
            for (qint64 p : picked)
                QVERIFY2(c.pool.find(p)->isAvailableAt(c.t), qPrintable(QString::number(p)));
        }
    }

    void pickManyWithRoundRobinIsDistinct()
    {
        ClockedPool c;
        c.pool.setStrategy(SelectionStrategy::RoundRobin);
        c.pool.addSecrets(generatedKeys(5));
        c.pool.disable({3});
        QCOMPARE(c.pool.pick(10), (QList<qint64>{1, 2, 4, 5}));
        QCOMPARE(c.pool.pick(2), (QList<qint64>{1, 2}));
        QCOMPARE(c.pool.pick(3), (QList<qint64>{4, 5, 1}));
    }

    void emptyOrExhaustedPoolPicksNothing()
    {
        ClockedPool c;
        QCOMPARE(c.pool.pick(), 0);
        QVERIFY(c.pool.pick(3).isEmpty());
        QVERIFY(!c.pool.lease().isValid());
        QCOMPARE(c.pool.nextAvailableAtMs(), -1);
        c.pool.addSecrets(generatedKeys(2));
        c.pool.disable({1, 2});
        QCOMPARE(c.pool.pick(), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(), -1); // disabled keys never come back by themselves
    }

    void cooledKeyComesBackWhenItsTimePasses()
    {
        ClockedPool c;
        c.pool.setChangeInterval(0);
        c.pool.addSecrets(generatedKeys(3));
        QSignalSpy changed(&c.pool, &KeyPool::keysChanged);
        QSignalSpy statsChanged(&c.pool, &KeyPool::statsChanged);
        c.pool.report(2, rateLimited(1500));
        c.pool.report(3, rateLimited(4000));
        QCOMPARE(c.pool.stats().coolingDown, 2);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(c.pool.pick(), 1);
        QCOMPARE(c.pool.nextAvailableAtMs(), Start); // key 1 is available now
        c.pool.disable({1});
        QCOMPARE(c.pool.nextAvailableAtMs(), Start + 1500);
        c.pool.flushChanges();
        changed.clear();
        statsChanged.clear();

        c.t = Start + 1499;
        c.pool.refresh();
        c.pool.flushChanges();
        QCOMPARE(changed.count(), 0);
        c.t = Start + 1500;
        c.pool.refresh(); // nobody picks: refresh() is what the timer does
        QCOMPARE(c.pool.find(2)->status, KeyStatus::Active);
        QCOMPARE(c.pool.find(2)->cooldownUntilMs, 0);
        QCOMPARE(c.pool.find(3)->status, KeyStatus::CoolingDown);
        c.pool.flushChanges();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{2}));
        QCOMPARE(statsChanged.count(), 1);
        QCOMPARE(statsChanged.at(0).at(0).value<PoolStats>(), (PoolStats{3, 1, 1, 1}));
        QCOMPARE(c.pool.pick(), 2);
        QCOMPARE(c.pool.nextAvailableAtMs(), Start + 1500); // key 2 is available
        // A pick notices an expiry by itself too.
        c.pool.disable({2});
        c.t = Start + 4000;
        QCOMPARE(c.pool.pick(), 3);
    }

    void aLongerCooldownIsNotCutShortByAnEarlierDeadline()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(2));
        c.pool.report(1, rateLimited(1000));
        c.pool.report(1, rateLimited(5000)); // a second 429 while cooling: the later time wins
        c.pool.report(2, rateLimited(1000));
        c.pool.enable({2});
        c.pool.report(2, rateLimited(3000)); // re-cooled after a manual enable
        c.t = Start + 1000;
        c.pool.refresh();
        QCOMPARE(c.pool.find(1)->status, KeyStatus::CoolingDown);
        QCOMPARE(c.pool.find(2)->status, KeyStatus::CoolingDown);
        QCOMPARE(c.pool.pick(), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(), Start + 3000);
        c.t = Start + 3000;
        QCOMPARE(c.pool.pick(), 2);
        c.t = Start + 5000;
        c.pool.refresh();
        QCOMPARE(c.pool.stats().available, 2);
    }

    void cooledKeyComesBackOnTheTimerWithoutAnyPick()
    {
        KeyPool pool; // the real clock
        pool.setChangeInterval(5);
        pool.addSecrets(generatedKeys(2));
        QSignalSpy changed(&pool, &KeyPool::keysChanged);
        QSignalSpy stats(&pool, &KeyPool::statsChanged);
        pool.report(1, rateLimited(150));
        QCOMPARE(pool.find(1)->status, KeyStatus::CoolingDown);
        QVERIFY(changed.wait(2000)); // the cooldown itself
        QCOMPARE(changed.takeFirst().at(0).value<QList<qint64>>(), (QList<qint64>{1}));
        stats.clear();
        QVERIFY(changed.wait(5000)); // the key coming back, driven by the pool's own timer
        QCOMPARE(changed.takeFirst().at(0).value<QList<qint64>>(), (QList<qint64>{1}));
        QCOMPARE(pool.find(1)->status, KeyStatus::Active);
        QTRY_COMPARE(stats.count(), 1);
        QCOMPARE(stats.at(0).at(0).value<PoolStats>().available, 2);
    }

    void rpmPacing()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(2));
        c.pool.setDefaultRpmLimit(60); // one pick per second per key
        const QSet<qint64> firstTwo{c.pool.pick(), c.pool.pick()};
        QCOMPARE(firstTwo, (QSet<qint64>{1, 2}));
        QCOMPARE(c.pool.pick(), 0);
        QCOMPARE(c.pool.stats().available, 2); // paced keys are healthy, just waiting
        QCOMPARE(c.pool.nextAvailableAtMs(), Start + 1000);
        c.t = Start + 999;
        QCOMPARE(c.pool.pick(), 0);
        c.t = Start + 1000;
        const QSet<qint64> again{c.pool.pick(), c.pool.pick()};
        QCOMPARE(again, (QSet<qint64>{1, 2}));
        QCOMPARE(c.pool.pick(), 0);

        // A key's own limit wins over the default.
        c.pool.setRpmLimit(1, 120);
        QCOMPARE(c.pool.find(1)->rpmLimit, 120);
        c.t = Start + 2000;
        QVERIFY(c.pool.pick() != 0);
        QVERIFY(c.pool.pick() != 0);
        c.t = Start + 2500;
        QCOMPARE(c.pool.pick(), 1);
        QCOMPARE(c.pool.pick(), 0);

        // Unlimited again.
        c.pool.setDefaultRpmLimit(0);
        c.pool.setRpmLimit(1, 0);
        c.t = Start + 10'000;
        for (int i = 0; i < 100; ++i)
            QVERIFY(c.pool.pick() != 0);
    }

    void rpmPacingRespectedByPickMany()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(5));
        c.pool.setDefaultRpmLimit(30);
        QCOMPARE(c.pool.pick(3).size(), 3);
        QCOMPARE(c.pool.pick(3).size(), 2);
        QVERIFY(c.pool.pick(3).isEmpty());
        c.t += 2000;
        QCOMPARE(c.pool.pick(9).size(), 5);
    }

    void roundRobinSpreadsEvenly()
    {
        ClockedPool c;
        c.pool.setStrategy(SelectionStrategy::RoundRobin);
        c.pool.addSecrets(generatedKeys(10));
        std::map<qint64, int> counts;
        for (int i = 0; i < 1000; ++i)
            ++counts[c.pool.pick()];
        QCOMPARE(int(counts.size()), 10);
        for (const auto& [id, n] : counts)
            QCOMPARE(n, 100);

        // Unavailable keys are skipped, the others still share evenly.
        c.pool.disable({4});
        c.pool.report(7, rateLimited(60'000));
        counts.clear();
        for (int i = 0; i < 800; ++i)
            ++counts[c.pool.pick()];
        QCOMPARE(int(counts.size()), 8);
        QCOMPARE(counts.count(4), size_t(0));
        QCOMPARE(counts.count(7), size_t(0));
        for (const auto& [id, n] : counts)
            QCOMPARE(n, 100);
        // Order is row order.
        c.pool.enable({4, 7});
        const qint64 next = c.pool.pick();
        QList<qint64> order{next};
        for (int i = 0; i < 9; ++i)
            order << c.pool.pick();
        for (int i = 1; i < 10; ++i)
            QCOMPARE(order[i], order[i - 1] % 10 + 1);
    }

    void availabilityAlertsOnCrossingOnly()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(10));
        QSignalSpy low(&c.pool, &KeyPool::availabilityLow);
        QSignalSpy restored(&c.pool, &KeyPool::availabilityRestored);
        c.pool.disable({1, 2, 3, 4, 5}); // 5 / 10 = 0.5: not below
        QCOMPARE(low.count(), 0);
        c.pool.report(6, rateLimited(10'000)); // 4 / 10
        QCOMPARE(low.count(), 1);
        QCOMPARE(low.at(0).at(0).value<PoolStats>(), (PoolStats{10, 4, 1, 5}));
        c.pool.report(7, Outcome::failure(OutcomeClass::KeyInvalid, 403, QStringLiteral("leaked")));
        c.pool.report(8, rateLimited(20'000));
        QCOMPARE(low.count(), 1); // still low: no repeat
        QCOMPARE(restored.count(), 0);
        c.pool.enable({1, 2}); // 4 / 10
        QCOMPARE(restored.count(), 0);
        c.t += 10'000;
        c.pool.refresh(); // key 6 is back: 5 / 10
        QCOMPARE(restored.count(), 1);
        QCOMPARE(restored.at(0).at(0).value<PoolStats>().available, 5);
        c.pool.disable({9});
        QCOMPARE(low.count(), 2);
        c.pool.setAvailabilityThreshold(0.3);
        QCOMPARE(restored.count(), 2);
        QCOMPARE(c.pool.availabilityThreshold(), 0.3);
    }

    void changesAreCoalesced()
    {
        KeyPool pool;
        pool.setChangeInterval(50);
        pool.addSecrets(generatedKeys(1000));
        QSignalSpy changed(&pool, &KeyPool::keysChanged);
        QSignalSpy stats(&pool, &KeyPool::statsChanged);
        QVERIFY(stats.wait(2000)); // the addition's stats
        stats.clear();
        for (int round = 0; round < 3; ++round) {
            for (qint64 id = 1; id <= 1000; ++id)
                pool.report(id, Outcome::success());
        }
        pool.report(5, rateLimited(60'000));
        QCOMPARE(changed.count(), 0); // nothing synchronous for health reports
        QVERIFY(changed.wait(2000));
        QCOMPARE(changed.count(), 1);
        const auto ids = changed.at(0).at(0).value<QList<qint64>>();
        QCOMPARE(ids.size(), 1000); // each id once
        QCOMPARE(QSet<qint64>(ids.begin(), ids.end()).size(), 1000);
        QCOMPARE(stats.count(), 1);
        QCOMPARE(stats.at(0).at(0).value<PoolStats>(), (PoolStats{1000, 999, 1, 0}));
        QVERIFY(!changed.wait(200)); // and nothing more
        QCOMPARE(pool.find(500)->totalSuccesses, 3);
    }

    void userActionsAreSynchronous()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(4));
        QSignalSpy edited(&c.pool, &KeyPool::keysEdited);
        QSignalSpy aboutToRemove(&c.pool, &KeyPool::keysAboutToBeRemoved);
        QSignalSpy removed(&c.pool, &KeyPool::keysRemoved);
        int sizeDuringAboutToRemove = -1;
        connect(&c.pool, &KeyPool::keysAboutToBeRemoved, this, [&] { sizeDuringAboutToRemove = c.pool.size(); });

        c.pool.disable({1, 2, 99}, QStringLiteral("Testing"));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{1, 2}));
        QCOMPARE(c.pool.find(1)->status, KeyStatus::Disabled);
        QCOMPARE(c.pool.find(1)->disabledReason, QStringLiteral("Testing"));
        c.pool.disable({3});
        QVERIFY(!c.pool.find(3)->disabledReason.isEmpty()); // "Disabled by you"
        c.pool.enable({1});
        QCOMPARE(c.pool.find(1)->status, KeyStatus::Active);
        QVERIFY(c.pool.find(1)->disabledReason.isEmpty());
        c.pool.setLabel(2, QStringLiteral("work"));
        c.pool.setGroup(2, QStringLiteral("p"));
        c.pool.setRpmLimit(2, 15);
        QCOMPARE(edited.count(), 6);
        QCOMPARE(c.pool.find(2)->label, QStringLiteral("work"));
        QCOMPARE(c.pool.find(2)->group, QStringLiteral("p"));
        QCOMPARE(c.pool.idsInGroup(QStringLiteral("p")), (QList<qint64>{2}));
        c.pool.setLabel(2, QStringLiteral("work")); // unchanged: nothing to save
        QCOMPARE(edited.count(), 6);

        c.pool.remove({2, 2, 42});
        QCOMPARE(aboutToRemove.count(), 1);
        QCOMPARE(sizeDuringAboutToRemove, 4);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{2}));
        QCOMPARE(c.pool.size(), 3);
        QCOMPARE(c.pool.rowOf(3), 1);
        QCOMPARE(c.pool.idOfSecret(generatedKey(1)), 0);
        c.pool.report(2, Outcome::success()); // unknown now: ignored
        QCOMPARE(c.pool.ids(), (QList<qint64>{1, 3, 4}));
    }

    void resetClearsHealth()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(2));
        c.pool.report(1, Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("boom")));
        c.pool.report(1, Outcome::success());
        c.pool.report(1, Outcome::failure(OutcomeClass::KeyInvalid, 401, QStringLiteral("bad")));
        QCOMPARE(c.pool.find(1)->status, KeyStatus::Disabled);
        c.pool.reset({1});
        const ApiKey& k = *c.pool.find(1);
        QCOMPARE(k.status, KeyStatus::Active);
        QCOMPARE(k.weight, 1.0);
        QCOMPARE(k.consecutiveFailures, 0);
        QCOMPARE(k.totalFailures, 0);
        QCOMPARE(k.totalSuccesses, 0);
        QVERIFY(k.lastError.isEmpty());
        QVERIFY(k.disabledReason.isEmpty());
        QCOMPARE(c.pool.stats().available, 2);
    }

    void perProjectQuotaCoolsTheWholeGroup()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(3), {}, QStringLiteral("project-a"));
        c.pool.addSecrets(generatedKeys(2, 100), {}, QStringLiteral("project-b"));
        c.pool.disable({3});
        c.pool.report(1, rateLimited(40'000, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")));
        QCOMPARE(c.pool.find(1)->status, KeyStatus::CoolingDown);
        QCOMPARE(c.pool.find(2)->status, KeyStatus::CoolingDown);
        QCOMPARE(c.pool.find(2)->cooldownUntilMs, Start + 40'000);
        QCOMPARE(c.pool.find(3)->status, KeyStatus::Disabled); // stays disabled
        QCOMPARE(c.pool.find(4)->status, KeyStatus::Active);
        QCOMPARE(c.pool.find(5)->status, KeyStatus::Active);
        for (int i = 0; i < 100; ++i)
            QVERIFY(c.pool.pick() >= 4);
        c.t = Start + 40'000;
        c.pool.refresh();
        QCOMPARE(c.pool.stats(), (PoolStats{5, 4, 0, 1}));
    }

    void pinnedPickReturnsOnlyKeysOfTheProject()
    {
        ClockedPool c;
        const QList<qint64> a = c.pool.addSecrets(generatedKeys(3), {}, QStringLiteral("project-a"));
        const QList<qint64> b = c.pool.addSecrets(generatedKeys(2, 100), {}, QStringLiteral("project-b"));
        const qint64 solo = c.pool.addSecrets({generatedKey(200)}).value(0);
        QSet<qint64> seen;
        for (int i = 0; i < 200; ++i) {
            const qint64 id = c.pool.pick(Flash, {}, QStringLiteral("project-b"));
            QVERIFY2(b.contains(id), qPrintable(QString::number(id)));
            seen.insert(id);
            c.pool.report(id, modelOk(Flash));
        }
        QCOMPARE(seen.size(), 2); // both keys of the project serve, not one
        // No model, and a key without a group is its own project "#<id>".
        for (int i = 0; i < 20; ++i) {
            const qint64 id = c.pool.pick(QString(), {}, c.pool.projectOf(solo));
            QCOMPARE(id, solo);
            c.pool.report(id, Outcome::success());
        }
        QCOMPARE(c.pool.pick(Flash, {}, QStringLiteral("no-such-project")), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(Flash, QStringLiteral("no-such-project")), -1);
        Q_UNUSED(a);
    }

    void pinnedPickPrefersIdleAndUnavoidedKeysOfTheProject()
    {
        ClockedPool c;
        const QList<qint64> a = c.pool.addSecrets(generatedKeys(2), {}, QStringLiteral("project-a"));
        c.pool.addSecrets(generatedKeys(2, 100), {}, QStringLiteral("project-b"));
        const qint64 first = c.pool.pick(Flash, {}, QStringLiteral("project-a"));
        QVERIFY(a.contains(first));
        const qint64 second = c.pool.pick(Flash, {}, QStringLiteral("project-a"));
        QVERIFY(a.contains(second));
        QVERIFY(second != first); // the idle one before the busy one
        c.pool.report(first, modelOk(Flash));
        c.pool.report(second, modelOk(Flash));
        for (int i = 0; i < 20; ++i) {
            const qint64 id = c.pool.pick(Flash, {first}, QStringLiteral("project-a"));
            QCOMPARE(id, second);
            c.pool.report(id, modelOk(Flash));
        }
        // Only avoided keys left in the project: one of them rather than another project's.
        const qint64 last = c.pool.pick(Flash, {first, second}, QStringLiteral("project-a"));
        QVERIFY(a.contains(last));
    }

    void pinnedPickWaitsForItsProjectNotAnother()
    {
        ClockedPool c;
        const QList<qint64> a = c.pool.addSecrets(generatedKeys(2), {}, QStringLiteral("project-a"));
        const QList<qint64> b = c.pool.addSecrets(generatedKeys(2, 100), {}, QStringLiteral("project-b"));
        c.pool.report(a.first(), modelLimited(Flash, 30'000));
        // project-a's flash bucket rests; project-b still serves flash, but a pinned pick never goes there.
        QCOMPARE(c.pool.pick(Flash, {}, QStringLiteral("project-a")), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(Flash, QStringLiteral("project-a")), Start + 30'000);
        QCOMPARE(c.pool.nextAvailableAtMs(Flash), Start);
        QVERIFY(b.contains(c.pool.pick(Flash)));
        // Another model is not resting in project-a.
        QVERIFY(a.contains(c.pool.pick(Pro, {}, QStringLiteral("project-a"))));
        c.t = Start + 30'000;
        QVERIFY(a.contains(c.pool.pick(Flash, {}, QStringLiteral("project-a"))));
        // A project whose keys are all disabled never comes back by itself.
        c.pool.disable(a);
        QCOMPARE(c.pool.pick(QString(), {}, QStringLiteral("project-a")), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(QString(), QStringLiteral("project-a")), -1);
        QCOMPARE(c.pool.nextAvailableAtMs(QString(), QStringLiteral("project-b")), c.t);
    }

    void bulkOperationsOnOneHundredThousandKeys()
    {
        ClockedPool c;
        constexpr int N = 100'000;
        QSignalSpy removed(&c.pool, &KeyPool::keysRemoved);
        const QList<qint64> ids = c.pool.addSecrets(generatedKeys(N));
        QCOMPARE(ids.size(), N);
        QCOMPARE(ids.front(), 1);
        QCOMPARE(ids.back(), N);
        QCOMPARE(c.pool.stats(), (PoolStats{N, N, 0, 0}));

        c.pool.disable(ids);
        QCOMPARE(c.pool.stats(), (PoolStats{N, 0, 0, N}));
        QCOMPARE(c.pool.pick(), 0);

        QList<qint64> odd;
        for (qint64 id : ids) {
            if (id % 2)
                odd << id;
        }
        c.pool.enable(odd);
        QCOMPARE(c.pool.stats().available, N / 2);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(c.pool.pick() % 2, 1);

        QList<qint64> even;
        for (qint64 id : ids) {
            if (id % 2 == 0)
                even << id;
        }
        c.pool.remove(even);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(0).value<QList<qint64>>().size(), N / 2);
        QCOMPARE(c.pool.size(), N / 2);
        QCOMPARE(c.pool.stats(), (PoolStats{N / 2, N / 2, 0, 0}));
        for (int row = 0; row < c.pool.size(); row += 997) {
            QCOMPARE(c.pool.at(row).id, qint64(2 * row + 1));
            QCOMPARE(c.pool.rowOf(2 * row + 1), row);
        }
        QCOMPARE(c.pool.idOfSecret(generatedKey(1)), 0);     // id 2 was removed
        QCOMPARE(c.pool.idOfSecret(generatedKey(N - 1)), 0); // id N was removed
        QCOMPARE(c.pool.idOfSecret(generatedKey(N - 2)), N - 1);

        c.pool.remove(c.pool.ids());
        QCOMPARE(c.pool.size(), 0);
        QCOMPARE(c.pool.pick(), 0);
        QCOMPARE(c.pool.stats(), PoolStats{});
    }

    void aRateLimitOnOneModelLeavesTheOthers()
    {
        ClockedPool c;
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        QCOMPARE(c.pool.pick(Pro), id);
        c.pool.report(id, modelLimited(Pro, 40'000));
        QCOMPARE(c.pool.pick(Pro), 0);    // pro rests on this project ...
        QCOMPARE(c.pool.pick(Flash), id); // ... flash's quota is untouched
        QCOMPARE(c.pool.at(0).status, KeyStatus::Active);
        QCOMPARE(c.pool.stats().available, 1);
        QCOMPARE(c.pool.nextAvailableAtMs(Pro), Start + 40'000);
        QCOMPARE(c.pool.nextAvailableAtMs(Flash), Start);
        QCOMPARE(c.pool.bucket(id, Pro)->stateAt(c.t, {}), QuotaBucket::State::CoolingDown);
        QCOMPARE(c.pool.bucketModels(id), (QStringList{Flash, Pro}));
        c.t += 40'000;
        QCOMPARE(c.pool.pick(QStringLiteral("models/gemini-2.5-pro")), id); // the prefix names the same model
    }

    void theViolationsModelIsTheBucket()
    {
        ClockedPool c;
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        Outcome o = modelLimited(Pro, 30'000);
        o.model = Flash; // sent for flash, but the server says pro's quota ran out
        c.pool.report(id, o);
        QCOMPARE(c.pool.pick(Pro), 0);
        QCOMPARE(c.pool.pick(Flash), id);
    }

    void keysOfOneProjectShareItsBuckets()
    {
        ClockedPool c;
        const QList<qint64> project = c.pool.addSecrets(generatedKeys(2), {}, QStringLiteral("project-a"));
        const qint64 solo = c.pool.addSecrets({generatedKey(9)}).value(0);
        const qint64 other = c.pool.addSecrets({generatedKey(8)}).value(0);
        QCOMPARE(c.pool.projectOf(project[0]), QStringLiteral("project-a"));
        QCOMPARE(c.pool.projectOf(solo), QStringLiteral("#%1").arg(solo));
        c.pool.report(project[0], modelLimited(Pro, 30'000));
        c.pool.report(solo, modelLimited(Pro, 30'000));
        QSet<qint64> seen;
        for (int i = 0; i < 50; ++i) {
            const qint64 id = c.pool.pick(Pro);
            seen.insert(id);
            c.pool.report(id, modelOk(Pro));
        }
        QCOMPARE(seen, (QSet<qint64>{other})); // project-a's second key rests with the first; a key alone is its own
        QCOMPARE(c.pool.bucket(project[1], Pro)->cooldownUntilMs, Start + 30'000);
    }

    void aModelNotOfferedNeverComesBackByItself()
    {
        ClockedPool c;
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        c.pool.report(
            id, modelLimited(Pro, 30'000, QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), 0));
        QCOMPARE(c.pool.pick(Pro), 0);
        QCOMPARE(c.pool.nextAvailableAtMs(Pro), -1);
        QCOMPARE(c.pool.pick(Flash), id);
        c.t += 48 * 3600'000LL;
        QCOMPARE(c.pool.pick(Pro), 0);
    }

    void personLimitsPaceTheModel()
    {
        ClockedPool c;
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        ModelLimits limits;
        limits.set(QStringLiteral("gemini-2.5-pro"), {2, 0, 0});
        c.pool.setModelLimits(limits);
        QCOMPARE(c.pool.limitsFor(QStringLiteral("gemini-2.5-pro-preview-06-05")).rpm, 2);
        QCOMPARE(c.pool.pick(Pro), id);
        c.pool.report(id, modelOk(Pro));
        QCOMPARE(c.pool.pick(Pro), id);
        c.pool.report(id, modelOk(Pro));
        QCOMPARE(c.pool.pick(Pro), 0); // 2 per minute on this project
        QCOMPARE(c.pool.pick(Flash), id);
        c.pool.report(id, modelOk(Flash));
        const qint64 next = c.pool.nextAvailableAtMs(Pro);
        QVERIFY2(next >= Start + 60'000 && next <= Start + 62'000, QByteArray::number(next - Start).constData());
        c.t = next;
        QCOMPARE(c.pool.pick(Pro), id);
        QCOMPARE(c.pool.bucket(id, Pro)->dayRequests, 3);
        QCOMPARE(c.pool.bucket(id, Pro)->dayTokens, 14); // input tokens of the two answers
    }

    void aLearnedLimitPacesLaterWindows()
    {
        ClockedPool c;
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(c.pool.pick(Pro), id);
            c.pool.report(id, modelOk(Pro));
            c.t += 100;
        }
        QCOMPARE(c.pool.pick(Pro), id);
        c.pool.report(id, modelLimited(Pro, 2'700)); // the window (from Start) ends at Start + 3 s
        QCOMPARE(c.pool.bucket(id, Pro)->learnedLimit, 3);
        QCOMPARE(c.pool.bucket(id, Pro)->learnedWindowMs, 3'000);
        // The rest ends at Start + 3 s, but the window's calls made at Start + 100 and + 200 ms are still in it:
        // with 3 allowed, the first free slot is the one of the call at Start + 100 ms (plus a small margin).
        QCOMPARE(c.pool.nextAvailableAtMs(Pro), Start + 3'160);
        c.t = Start + 10'000; // every call of that window is out of it
        int picked = 0;
        while (c.pool.pick(Pro) == id) {
            c.pool.report(id, modelOk(Pro));
            ++picked;
        }
        QCOMPARE(picked, 3); // the next window takes what the last one did, and no more
        c.pool.resetLearnedLimits(id, Pro);
        QCOMPARE(c.pool.bucket(id, Pro)->learnedLimit, 0);
        QCOMPARE(c.pool.pick(Pro), id);
    }

    void bucketChangesAreHandedOutOnceAndStoredOnesMerge()
    {
        // Process A: a key of project "team" answers on pro twice, then pro's per-minute quota answers 429.
        ClockedPool a;
        const qint64 idA = a.pool.addSecrets({generatedKey(1)}, {}, QStringLiteral("team")).value(0);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(a.pool.pick(Pro), idA);
            a.pool.report(idA, modelOk(Pro));
        }
        QCOMPARE(a.pool.pick(Pro), idA);
        a.pool.report(idA, modelLimited(Pro, 30'000));
        QCOMPARE(a.pool.pick(Flash), idA);
        a.pool.unpick(idA, Flash);                // not sent: it leaves no trace in flash's usage
        QCOMPARE(a.pool.unsavedHealthCount(), 3); // the key's health, and the pro and flash buckets
        QList<QuotaBucketRecord> changes = a.pool.takeBucketDeltas();
        std::sort(changes.begin(), changes.end(),
                  [](const QuotaBucketRecord& x, const QuotaBucketRecord& y) { return x.model < y.model; });
        QCOMPARE(changes.size(), 1); // flash: charged and refunded, nothing to write
        const QuotaBucketRecord pro = changes.first();
        QCOMPARE(pro.project, QStringLiteral("team"));
        QCOMPARE(pro.model, Pro);
        QCOMPARE(pro.cooldownUntilMs, Start + 30'000);
        QCOMPARE(pro.dayRequests, qint64(3));
        QCOMPARE(pro.dayTokens, qint64(14));
        QVERIFY(pro.learnedChanged);
        QCOMPARE(pro.learnedLimit, 2);
        QVERIFY(pro.dayEndMs > Start);
        QVERIFY(a.pool.takeBucketDeltas().isEmpty()); // handed out once
        QCOMPARE(a.pool.unsavedHealthCount(), 1);     // the key's own health is still to be taken

        // Process B (another key of the same project) reads what A wrote: pro rests there too, flash does not.
        ClockedPool b;
        const qint64 idB = b.pool.addSecrets({generatedKey(2)}, {}, QStringLiteral("team")).value(0);
        const qint64 solo = b.pool.addSecrets({generatedKey(3)}).value(0);
        QCOMPARE(b.pool.pick(Pro), idB); // one request of B's own, not yet handed out
        b.pool.report(idB, modelOk(Pro));
        QuotaBucketRecord stored = pro;
        stored.learnedChanged = false;
        b.pool.applyStoredBuckets({stored});
        const std::optional<QuotaBucket> seen = b.pool.bucket(idB, Pro);
        QVERIFY(seen);
        QCOMPARE(seen->cooldownUntilMs, Start + 30'000);
        QCOMPARE(seen->learnedLimit, 2);
        QCOMPARE(seen->dayRequests, 4);   // the 3 stored and B's own 1
        QCOMPARE(b.pool.pick(Pro), solo); // the team's project rests on pro; the key of its own project serves
        b.pool.unpick(solo, Pro);
        QCOMPARE(b.pool.pick(Flash, {solo}), idB); // flash was never limited
        b.pool.unpick(idB, Flash);
        // What B hands out now is only its own request, not what it read.
        QList<QuotaBucketRecord> fromB = b.pool.takeBucketDeltas();
        fromB.removeIf(
            [](const QuotaBucketRecord& r) { return r.project != QStringLiteral("team") || r.model != Pro; });
        QCOMPARE(fromB.size(), 1);
        QCOMPARE(fromB.first().dayRequests, qint64(1));
        QVERIFY(!fromB.first().learnedChanged);

        // A person forgets the learned limit in B: written as a learned change that clears it (and "not offered").
        b.pool.resetLearnedLimits(idB, Pro);
        const QList<QuotaBucketRecord> forgot = b.pool.takeBucketDeltas();
        QCOMPARE(forgot.size(), 1);
        QVERIFY(forgot.first().learnedChanged);
        QCOMPARE(forgot.first().learnedLimit, 0);
        QVERIFY(!forgot.first().notOffered);
        // A stored change read while B's own learning is not yet handed out does not undo it.
        a.pool.resetLearnedLimits(idA, Pro);
        QuotaBucketRecord relearned = pro;
        relearned.learnedLimit = 7;
        a.pool.applyStoredBuckets({relearned});
        QCOMPARE(a.pool.bucket(idA, Pro)->learnedLimit, 0);
        QCOMPARE(a.pool.takeBucketDeltas().value(0).learnedLimit, 0);
    }

    void anIdleKeyBeforeABusyOne()
    {
        for (SelectionStrategy strategy : {SelectionStrategy::Weighted, SelectionStrategy::RoundRobin}) {
            ClockedPool c;
            c.pool.setStrategy(strategy);
            c.pool.addSecrets(generatedKeys(10));
            QSet<qint64> first;
            for (int i = 0; i < 10; ++i)
                first.insert(c.pool.pick(Pro)); // nothing reported yet: every pick is still in flight
            QCOMPARE(first.size(), 10);         // the first wave spreads over every key
            QCOMPARE(c.pool.inFlight(*first.begin()), 1);
            const qint64 busyAgain = c.pool.pick(Pro); // all busy: any key
            QVERIFY(busyAgain != 0);
            QCOMPARE(c.pool.inFlight(busyAgain), 2);
            c.pool.report(busyAgain, modelOk(Pro));
            c.pool.report(busyAgain, modelOk(Pro));
            QCOMPARE(c.pool.inFlight(busyAgain), 0);
            QCOMPARE(c.pool.pick(Pro), busyAgain); // the only idle key
        }
    }

    void unsentPicksAreNotCharged()
    {
        ClockedPool c;
        c.pool.setDefaultRpmLimit(1);
        const QList<qint64> ids = c.pool.addSecrets(generatedKeys(3));
        // A retry that avoids the key that failed takes exactly one other key; the third stays free.
        const qint64 first = c.pool.pick(Pro);
        c.pool.report(first, Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("boom")));
        const qint64 second = c.pool.pick(Pro, {first});
        QVERIFY(second != 0 && second != first);
        const qint64 third = c.pool.pick(Pro);
        QVERIFY(third != 0 && third != first && third != second);
        QCOMPARE(c.pool.pick(Pro), 0); // all three paced at 1 per minute
        // A pick given back unsent is free again, for the key's pacing and for the bucket.
        c.pool.unpick(third, Pro);
        QCOMPARE(c.pool.inFlight(third), 0);
        QCOMPARE(c.pool.bucket(third, Pro)->dayRequests, 0);
        QCOMPARE(c.pool.pick(Pro), third);
        Q_UNUSED(ids);
    }

    void avoidedKeysAreALastResort()
    {
        ClockedPool c;
        const QList<qint64> ids = c.pool.addSecrets(generatedKeys(2));
        for (int i = 0; i < 20; ++i) {
            const qint64 id = c.pool.pick(Pro, {ids[0]});
            QCOMPARE(id, ids[1]);
            c.pool.report(id, modelOk(Pro));
        }
        c.pool.disable({ids[1]});
        QCOMPARE(c.pool.pick(Pro, {ids[0]}), ids[0]); // nothing else left
    }

    void anOverloadedModelBacksOffPoolWide()
    {
        ClockedPool c;
        const QList<qint64> ids = c.pool.addSecrets(generatedKeys(3));
        const qint64 id = c.pool.pick(Pro);
        Outcome busy = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("The model is overloaded."));
        busy.overloaded = true;
        busy.model = Pro;
        c.pool.report(id, busy);
        QCOMPARE(c.pool.modelBackoffUntilMs(Pro), 0); // one stray 503 only backs its own request off
        c.pool.report(c.pool.pick(Pro), busy);        // a second in a row: the model is busy
        QCOMPARE(c.pool.pick(Pro), 0);                // every key waits for pro
        QVERIFY(c.pool.pick(Flash) != 0);
        const qint64 until = c.pool.modelBackoffUntilMs(Pro);
        QVERIFY2(until >= Start + 800 && until <= Start + 1200, QByteArray::number(until - Start).constData());
        QCOMPARE(c.pool.nextAvailableAtMs(Pro), until);
        QCOMPARE(c.pool.key(id)->weight, 1.0); // the key's weight is untouched
        c.t = until;
        const qint64 again = c.pool.pick(Pro);
        QVERIFY(again != 0);
        c.pool.report(again, busy); // a second one in a row doubles the backoff
        QVERIFY(c.pool.modelBackoffUntilMs(Pro) - c.t >= 1600);
        c.t = c.pool.modelBackoffUntilMs(Pro);
        const qint64 third = c.pool.pick(Pro);
        c.pool.report(third, modelOk(Pro));
        c.pool.report(third, busy); // a success ended the run: one 503 is a stray again ...
        QVERIFY(c.pool.modelBackoffUntilMs(Pro) <= c.t);
        c.pool.report(c.pool.pick(Pro), busy); // ... and the next storm starts at the first step
        QVERIFY(c.pool.modelBackoffUntilMs(Pro) - c.t <= 1200);
        Q_UNUSED(ids);
    }

    void constQueriesNeitherApplyNorEmit()
    {
        ClockedPool c;
        c.pool.setChangeInterval(0);
        const qint64 id = c.pool.addSecrets({generatedKey(1)}).value(0);
        c.pool.report(id, rateLimited(1'000)); // no model: the key itself cools
        QCOMPARE(c.pool.at(0).status, KeyStatus::CoolingDown);
        c.pool.flushChanges();
        QSignalSpy changed(&c.pool, &KeyPool::keysChanged);
        QSignalSpy restored(&c.pool, &KeyPool::availabilityRestored);
        c.t += 1'000;
        const KeyPool& view = c.pool;
        QCOMPARE(view.stats().available, 1); // the cooldown has passed: available, as seen from outside ...
        QCOMPARE(view.stats().coolingDown, 0);
        QCOMPARE(view.nextAvailableAtMs(), c.t);
        QCOMPARE(view.at(0).status, KeyStatus::CoolingDown); // ... but nothing was applied or emitted
        QCOMPARE(restored.count(), 0);
        QCOMPARE(changed.count(), 0);
        c.pool.refresh();
        QCOMPARE(c.pool.at(0).status, KeyStatus::Active);
        QCOMPARE(restored.count(), 1);
    }

    void leaseReportsThroughThePool()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(1));
        {
            KeyLease lease = c.pool.lease();
            QVERIFY(lease.isValid());
            QCOMPARE(lease.secret(), generatedKey(0));
        }
        QCOMPARE(c.pool.find(1)->totalSuccesses, 1);
    }

    void reportFeedsTheRequestHistoryByClass()
    {
        ClockedPool c;
        RequestHistory history;
        c.pool.addSecrets(generatedKeys(3));
        QCOMPARE(c.pool.requestHistory(), nullptr);
        c.pool.report(1, Outcome::success(100)); // before the history is set: not counted
        c.pool.setRequestHistory(&history);
        QCOMPARE(c.pool.requestHistory(), &history);

        c.pool.report(1, Outcome::success(100));
        c.pool.report(2, Outcome::success(100));
        c.pool.report(2, rateLimited(30'000));
        c.pool.report(3, Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid")));
        c.pool.report(1, Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded")));
        // Not the key's fault: the health policy ignores it, the history still counts the attempt.
        c.pool.report(1, Outcome::failure(OutcomeClass::RequestError, 400, QStringLiteral("bad request")));
        c.pool.report(1, Outcome::failure(OutcomeClass::Cancelled, 0, QStringLiteral("cancelled")));
        c.pool.report(999, Outcome::success(100)); // a key removed while its request ran: still an attempt

        const qint64 firstMinute = RequestHistory::minuteOf(Start) * RequestHistory::MinuteMs;
        c.t = Start + RequestHistory::MinuteMs; // the next minute, at the pool's clock
        c.pool.report(1, Outcome::success(100));

        const QList<MinuteCounts> rows = history.perMinute(c.t);
        QCOMPARE(rows.size(), RequestHistory::Minutes);
        const MinuteCounts& first = rows.at(RequestHistory::Minutes - 2);
        QCOMPARE(first.minuteStartMs, firstMinute);
        QCOMPARE(first.success, 3);
        QCOMPARE(first.rateLimited, 1);
        QCOMPARE(first.keyInvalid, 1);
        QCOMPARE(first.serverError, 1);
        QCOMPARE(first.requestError, 1);
        QCOMPARE(rows.last().success, 1);
        QCOMPARE(rows.last().total(), 1);
        QCOMPARE(history.totals(c.t).total(), 8);

        // The health side is unchanged by the history: RequestError and Cancelled left key 1 alone.
        QCOMPARE(c.pool.find(1)->totalSuccesses, 3);
        QCOMPARE(c.pool.find(1)->totalFailures, 1);

        // Through a lease too (the Dispatcher's path), and detaching stops the counting.
        {
            KeyLease lease = c.pool.lease();
            QVERIFY(lease.isValid());
            lease.fail(rateLimited(1'000));
        }
        QCOMPARE(history.perMinute(c.t).last().rateLimited, 1);
        c.pool.setRequestHistory(nullptr);
        const quint64 revision = history.revision();
        c.pool.report(1, Outcome::success(100));
        QCOMPARE(history.revision(), revision);
    }

    void requestHistoryGoneIsForgotten()
    {
        ClockedPool c;
        c.pool.addSecrets(generatedKeys(1));
        auto history = std::make_unique<RequestHistory>();
        c.pool.setRequestHistory(history.get());
        history.reset();
        QCOMPARE(c.pool.requestHistory(), nullptr);
        c.pool.report(1, Outcome::success(100)); // must not touch the deleted history
        QCOMPARE(c.pool.find(1)->totalSuccesses, 1);
    }
};

QTEST_GUILESS_MAIN(TestKeyPool)
#include "tst_keypool.moc"
