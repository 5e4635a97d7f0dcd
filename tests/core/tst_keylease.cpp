#include "KeyLease.h"
#include "KeyPool.h"

#include <QTest>

#include <memory>
#include <utility>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIza") + QString::number(i).rightJustified(35, QLatin1Char('l'));
}

struct Fixture
{
    qint64 t = 1'780'000'000'000;
    std::unique_ptr<KeyPool> pool = std::make_unique<KeyPool>();
    explicit Fixture(int keys = 1)
    {
        pool->setClock([this] { return t; });
        pool->setRandomSeed(3);
        for (int i = 0; i < keys; ++i)
            pool->addSecrets({generatedKey(i)});
    }
    const ApiKey& key(qint64 id) const { return *pool->find(id); }
};

} // namespace

class TestKeyLease : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reportsSuccessWhenLeavingScope()
    {
        Fixture f;
        {
            KeyLease lease = f.pool->lease();
            QVERIFY(lease);
            QCOMPARE(lease.id(), 1);
            QCOMPARE(lease.secret(), generatedKey(0));
            QCOMPARE(lease.masked(), ApiKey::mask(generatedKey(0)));
            QVERIFY(!lease.isSettled());
            QCOMPARE(f.key(1).totalSuccesses, 0);
        }
        QCOMPARE(f.key(1).totalSuccesses, 1);
        QCOMPARE(f.key(1).lastUsedMs, f.t);
    }

    void failReportsTheFailureOnly()
    {
        Fixture f;
        {
            KeyLease lease = f.pool->lease();
            lease.fail(Outcome::failure(OutcomeClass::KeyInvalid, 403, QStringLiteral("leaked")));
            QVERIFY(lease.isSettled());
            lease.fail(Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("again"))); // ignored
        }
        QCOMPARE(f.key(1).status, KeyStatus::Disabled);
        QCOMPARE(f.key(1).disabledReason, QStringLiteral("leaked"));
        QCOMPARE(f.key(1).totalFailures, 1);
        QCOMPARE(f.key(1).totalSuccesses, 0);
    }

    void succeedReportsOnceWithItsOutcome()
    {
        Fixture f;
        f.pool->report(1, Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded")));
        {
            KeyLease lease = f.pool->lease();
            lease.succeed(Outcome::success(250));
        }
        QCOMPARE(f.key(1).totalSuccesses, 1);
        QCOMPARE(f.key(1).consecutiveFailures, 0);
    }

    void releaseReportsNothing()
    {
        Fixture f;
        {
            KeyLease lease = f.pool->lease();
            lease.release();
        }
        QCOMPARE(f.key(1).totalSuccesses, 0);
        QCOMPARE(f.key(1).totalFailures, 0);
    }

    void moveTransfersTheDutyToReport()
    {
        Fixture f;
        {
            KeyLease outer;
            QVERIFY(!outer.isValid());
            {
                KeyLease inner = f.pool->lease();
                outer = std::move(inner);
                QVERIFY(!inner.isValid()); // NOLINT(bugprone-use-after-move): moved-from state is specified
            }
            QCOMPARE(f.key(1).totalSuccesses, 0); // the moved-from lease reported nothing
            KeyLease moved(std::move(outer));
            QVERIFY(moved.isValid());
            QCOMPARE(moved.id(), 1);
        }
        QCOMPARE(f.key(1).totalSuccesses, 1); // exactly once
    }

    void assigningOverAnOpenLeaseSettlesIt()
    {
        Fixture f(2);
        KeyLease a = f.pool->lease();
        KeyLease b = f.pool->lease();
        QVERIFY(a.id() != b.id());
        const qint64 first = a.id();
        const qint64 second = b.id();
        a = std::move(b);
        QCOMPARE(f.key(first).totalSuccesses, 1);
        QCOMPARE(a.id(), second);
        a.release();
        QCOMPARE(f.key(second).totalSuccesses, 0);
    }

    void survivesThePoolBeingDestroyedFirst()
    {
        Fixture f;
        KeyLease lease = f.pool->lease();
        QVERIFY(lease.isValid());
        f.pool.reset();
        QCOMPARE(lease.secret(), generatedKey(0));                                         // still readable
        lease.fail(Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("x"))); // no pool: no crash
        KeyLease other;
        {
            Fixture g;
            other = g.pool->lease();
        }
        // `other` outlives its pool and reports into nothing when it leaves scope.
        QVERIFY(other.isValid());
    }

    void noKeyGivesAnInvalidLease()
    {
        Fixture f(0);
        KeyLease lease = f.pool->lease();
        QVERIFY(!lease);
        QCOMPARE(lease.id(), 0);
        lease.fail(Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("x")));
    }

    void leaseHonoursTheKeyLeavingThePool()
    {
        Fixture f(2);
        KeyLease lease = f.pool->lease();
        const qint64 id = lease.id();
        f.pool->remove({id});
        lease = KeyLease(); // settles into a pool that no longer holds the key: ignored
        QCOMPARE(f.pool->size(), 1);
        QCOMPARE(f.pool->at(0).totalSuccesses, 0);
    }
};

QTEST_GUILESS_MAIN(TestKeyLease)
#include "tst_keylease.moc"
