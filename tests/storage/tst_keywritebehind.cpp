// The shared-truth rules of KeyWriteBehind over a KeyRepository, with two pools on two connections of one database
// (what two processes see): ids from the database, commuting health deltas, a person's action wins, the change
// feed. Written against the KeyRepository interface: "storage.keywritebehind" runs it on an SQLite file,
// "storage.keywritebehind.postgresql" on a fresh PostgreSQL database (tests/support/TestDatabase.h).
#include "KeyPool.h"
#include "KeyRepositories.h"
#include "KeyWriteBehind.h"
#include "TestDatabase.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIzaWb") + QString::number(i).rightJustified(33, QLatin1Char('x'));
}

QStringList generatedKeys(int n, int first = 0)
{
    QStringList keys;
    for (int i = 0; i < n; ++i)
        keys.append(generatedKey(first + i));
    return keys;
}

/// One "process": a repository connection, a pool and the write-behind between them.
struct Side
{
    std::unique_ptr<KeyRepository> repository;
    KeyPool pool;
    std::unique_ptr<KeyWriteBehind> sync;
    QString error;

    bool open(const QString& location, qint64* now)
    {
        pool.setClock([now] { return *now; });
        pool.setChangeInterval(5);
        repository = KeyRepositories::open(location, &error);
        if (!repository)
            return false;
        sync = std::make_unique<KeyWriteBehind>(repository.get());
        sync->setFlushInterval(60 * 60 * 1000); // flushed by hand
        return sync->attach(&pool);
    }
};

} // namespace

class TestKeyWriteBehind : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    qint64 m_now = 1'780'000'000'000LL;
    std::unique_ptr<test::TestDatabase> m_db;
    std::unique_ptr<Side> a;
    std::unique_ptr<Side> b;

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_db = std::make_unique<test::TestDatabase>(m_dir.path(), QStringLiteral("shared%1.db").arg(++n));
        QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
        a = std::make_unique<Side>();
        b = std::make_unique<Side>();
        QVERIFY2(a->open(m_db->location(), &m_now), qPrintable(a->error));
        QVERIFY2(b->open(m_db->location(), &m_now), qPrintable(b->error));
    }

    void cleanup()
    {
        b.reset();
        a.reset();
        m_db.reset();
    }

    void idsComeFromTheDatabase()
    {
        const QList<qint64> fromA = a->pool.addSecrets(generatedKeys(5));
        const QList<qint64> fromB = b->pool.addSecrets(generatedKeys(5, 100)); // b has not seen a's keys
        QCOMPARE(fromA.size(), 5);
        QCOMPARE(fromB.size(), 5);
        for (qint64 id : fromB)
            QVERIFY2(!fromA.contains(id), "two processes gave one id to two keys");
        // A secret the other side stored meanwhile is not added again.
        QCOMPARE(b->pool.addSecrets({generatedKey(2)}).size(), 0);
        QVERIFY(b->sync->follow());
        QCOMPARE(b->pool.size(), 10);
        QVERIFY(a->sync->follow());
        QCOMPARE(a->pool.size(), 10);
        // Ids are never reused, even after the newest key is removed.
        a->pool.remove({fromB.last()});
        const QList<qint64> again = a->pool.addSecrets({generatedKey(999)});
        QCOMPARE(again.size(), 1);
        QVERIFY(again.first() > fromB.last());
    }

    void countersAddUp()
    {
        const QList<qint64> ids = a->pool.addSecrets(generatedKeys(3));
        QVERIFY(b->sync->follow());
        for (int i = 0; i < 100; ++i) {
            a->pool.report(ids[0], Outcome::success(10));
            b->pool.report(ids[0], Outcome::success(10));
            b->pool.report(ids[1], Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("x")));
        }
        QVERIFY(a->sync->flush());
        QVERIFY(b->sync->flush());
        QVERIFY(a->sync->follow());
        QCOMPARE(a->pool.find(ids[0])->totalSuccesses, 200);
        QCOMPARE(a->pool.find(ids[1])->totalFailures, 100);
    }

    void aCooldownIsOnlyExtended()
    {
        const QList<qint64> ids = a->pool.addSecrets(generatedKeys(1));
        QVERIFY(b->sync->follow());
        Outcome longRest = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
        longRest.retryDelayMs = 60'000;
        a->pool.report(ids[0], longRest);
        QVERIFY(a->sync->flush());
        // b did not see the cooldown yet; its success must not end it.
        b->pool.report(ids[0], Outcome::success(10));
        QVERIFY(b->sync->flush());
        QVERIFY(b->sync->follow());
        QCOMPARE(b->pool.find(ids[0])->status, KeyStatus::CoolingDown);
        QCOMPARE(b->pool.find(ids[0])->cooldownUntilMs, m_now + 60'000);
        QCOMPARE(b->pool.find(ids[0])->totalSuccesses, 1);
    }

    void aPersonsDisableWinsOverAReportInFlight()
    {
        const QList<qint64> ids = a->pool.addSecrets(generatedKeys(2));
        QVERIFY(b->sync->follow());
        a->pool.disable({ids[0]});
        a->pool.remove({ids[1]});
        // b's reports were computed before it saw the disable and the removal.
        b->pool.report(ids[0], Outcome::success(10));
        Outcome limited = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
        limited.retryDelayMs = 30'000;
        b->pool.report(ids[0], limited);
        b->pool.report(ids[1], Outcome::success(10));
        QVERIFY(b->sync->flush());
        QVERIFY(b->sync->follow());
        QCOMPARE(b->pool.find(ids[0])->status, KeyStatus::Disabled);
        QCOMPARE(b->pool.find(ids[0])->totalSuccesses, 1); // the attempts happened: counted
        QVERIFY(!b->pool.find(ids[1]));                    // removed stays removed
        QVERIFY(a->sync->follow());
        QCOMPARE(a->pool.find(ids[0])->status, KeyStatus::Disabled);
        QVERIFY(!a->pool.find(ids[1]));
        // A person's enable clears the health state, and later reports apply again.
        b->pool.enable({ids[0]});
        QVERIFY(a->sync->follow());
        QCOMPARE(a->pool.find(ids[0])->status, KeyStatus::Active);
        QCOMPARE(a->pool.find(ids[0])->rateLimitStreak, 0);
        a->pool.report(ids[0], limited);
        QVERIFY(a->sync->flush());
        QVERIFY(b->sync->follow());
        QCOMPARE(b->pool.find(ids[0])->status, KeyStatus::CoolingDown);
    }

    void theFeedCarriesOnlyWhatChanged()
    {
        a->pool.addSecrets(generatedKeys(50));
        QVERIFY(b->sync->follow());
        QCOMPARE(b->pool.size(), 50);
        const qint64 before = b->sync->sequence();
        QSignalSpy followed(b->sync.get(), &KeyWriteBehind::followed);
        a->pool.setLabel(a->pool.at(7).id, QStringLiteral("renamed"));
        // SQLite: data_version moved (b looks when asked); PostgreSQL: the NOTIFY arrives and b follows at once.
        QTRY_VERIFY_WITH_TIMEOUT(b->repository->hasChangesElsewhere() || !followed.isEmpty(), 1000);
        QVERIFY(b->sync->follow());
        QCOMPARE(followed.count(), 1);
        QCOMPARE(followed.first().at(0).toInt(), 1); // one row read, not fifty
        QCOMPARE(b->pool.at(7).label, QStringLiteral("renamed"));
        QVERIFY(b->sync->sequence() > before);
        QVERIFY(!b->repository->hasChangesElsewhere()); // nothing new: the next look costs one PRAGMA (or nothing)
    }

    void followingByTimer()
    {
        b->sync->setFollowInterval(20);
        QSignalSpy followed(b->sync.get(), &KeyWriteBehind::followed);
        a->pool.addSecrets(generatedKeys(3));
        QTRY_COMPARE(b->pool.size(), 3);
        a->pool.disable({a->pool.at(1).id});
        QTRY_COMPARE(b->pool.at(1).status, KeyStatus::Disabled);
        QVERIFY(followed.count() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestKeyWriteBehind)
#include "tst_keywritebehind.moc"
