// The KeyRepository contract, one executable for both backends: "storage.keyrepository" runs it on an SQLite file,
// "storage.keyrepository.postgresql" (EGB_TEST_BACKEND=postgresql) on a fresh database of the PostgreSQL test
// cluster. Two repositories opened on one database stand for two processes (or two machines).
#include "KeyRepositories.h"
#include "TestDatabase.h"
#include "TestKeys.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;

namespace {

ApiKey newKey(int i, const QString& label = {})
{
    ApiKey k;
    k.secret = test::testKey(i);
    k.label = label;
    k.addedMs = 1000 + i;
    return k;
}

} // namespace

class TestKeyRepository : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::TestDatabase> m_db;

    std::unique_ptr<KeyRepository> open()
    {
        QString error;
        std::unique_ptr<KeyRepository> repo = KeyRepositories::open(m_db->location(), &error);
        if (!repo)
            qWarning("open %s failed: %s", qPrintable(m_db->location()), qPrintable(error));
        return repo;
    }

    static QList<qint64> insert(KeyRepository& repo, const QList<ApiKey>& keys)
    {
        KeyWriteBatch batch;
        batch.inserts = keys;
        const std::optional<KeyWriteResult> result = repo.write(batch);
        if (!result) {
            qWarning("insert failed: %s", qPrintable(repo.lastError()));
            return {};
        }
        return result->insertedIds;
    }

    static std::optional<ApiKey> stored(KeyRepository& repo, qint64 id)
    {
        const std::optional<KeySnapshot> snapshot = repo.load();
        if (!snapshot)
            return std::nullopt;
        for (const ApiKey& k : snapshot->keys) {
            if (k.id == id)
                return k;
        }
        return std::nullopt;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = std::make_unique<test::TestDatabase>(m_dir->path());
        QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
        qInfo("backend: %s", qPrintable(test::backendName()));
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void aNewDatabaseIsEmptyWithASequence()
    {
        auto repo = open();
        QVERIFY(repo);
        QVERIFY(repo->isOpen());
        const std::optional<KeySnapshot> snapshot = repo->load();
        QVERIFY2(snapshot, qPrintable(repo->lastError()));
        QVERIFY(snapshot->keys.empty());
        QVERIFY(snapshot->sequence > 0);
        // The location shown to people never holds a password.
        QVERIFY(!repo->location().isEmpty());
    }

    void idsAndUniquenessComeFromTheDatabase()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        QCOMPARE(a->load()->keys.size(), size_t(0));
        QCOMPARE(b->load()->keys.size(), size_t(0));
        const QList<qint64> first = insert(*a, {newKey(1), newKey(2), newKey(3)});
        // b has not read a's keys: its new keys still get fresh ids, and a's secret is reported as stored already.
        const QList<qint64> second = insert(*b, {newKey(4), newKey(2), newKey(5)});
        QCOMPARE(first.size(), 3);
        QCOMPARE(second.size(), 3);
        QCOMPARE(second.at(1), qint64(0));
        QSet<qint64> ids;
        for (qint64 id : first + QList<qint64>{second.at(0), second.at(2)}) {
            QVERIFY(id > 0);
            ids.insert(id);
        }
        QCOMPARE(ids.size(), 5);
        const std::optional<KeySnapshot> all = a->load();
        QVERIFY(all);
        QCOMPARE(all->keys.size(), size_t(5));
        for (const ApiKey& k : all->keys)
            QVERIFY(ids.contains(k.id));
        // An id once given is never given again, even after its key is removed.
        KeyWriteBatch remove;
        remove.removals = {second.at(2)};
        QVERIFY(a->write(remove));
        const QList<qint64> third = insert(*b, {newKey(6)});
        QCOMPARE(third.size(), 1);
        QVERIFY(!ids.contains(third.at(0)));
    }

    void healthCountersAddUpAcrossWriters()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        const QList<qint64> ids = insert(*a, {newKey(10)});
        QCOMPARE(ids.size(), 1);
        const qint64 id = ids.first();
        const std::optional<ApiKey> start = stored(*a, id);
        QVERIFY(start);
        for (int round = 0; round < 10; ++round) {
            for (KeyRepository* repo : {a.get(), b.get()}) {
                KeyWriteBatch batch;
                KeyHealthDelta d;
                d.id = id;
                d.addSuccesses = 7;
                d.addFailures = 1;
                d.nowMs = 5000;
                d.state = *start;
                d.state.lastUsedMs = 5000 + round;
                batch.health = {d};
                QVERIFY2(repo->write(batch), qPrintable(repo->lastError()));
            }
        }
        const std::optional<ApiKey> after = stored(*b, id);
        QVERIFY(after);
        QCOMPARE(after->totalSuccesses, qint64(140));
        QCOMPARE(after->totalFailures, qint64(20));
        QCOMPARE(after->lastUsedMs, qint64(5009));
    }

    void aPersonsDisableBeatsAHealthReportInFlight()
    {
        auto app = open();
        auto batchRun = open();
        QVERIFY(app && batchRun);
        const qint64 id = insert(*app, {newKey(20)}).value(0);
        QVERIFY(id > 0);
        const std::optional<KeySnapshot> seen = batchRun->load();
        QVERIFY(seen);
        ApiKey key = *stored(*app, id);

        // The person disables the key in the app.
        KeyWriteBatch disable;
        ApiKey disabled = key;
        disabled.status = KeyStatus::Disabled;
        disabled.disabledReason = QStringLiteral("Disabled by you");
        disable.edits = {KeyEdit{disabled, KeyField::Status}};
        QVERIFY(app->write(disable));

        // The batch, which had not seen that, reports a success computed on the active key.
        KeyWriteBatch report;
        KeyHealthDelta d;
        d.id = id;
        d.addSuccesses = 1;
        d.knownSequence = seen->sequence;
        d.nowMs = 6000;
        d.state = key;
        d.state.status = KeyStatus::Active;
        report.health = {d};
        QVERIFY(batchRun->write(report));

        const std::optional<ApiKey> after = stored(*batchRun, id);
        QVERIFY(after);
        QCOMPARE(after->status, KeyStatus::Disabled);
        QCOMPARE(after->disabledReason, QStringLiteral("Disabled by you"));
        QCOMPARE(after->totalSuccesses, qint64(1)); // the attempt happened: it still counts
    }

    void aCooldownIsOnlyExtended()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        const qint64 id = insert(*a, {newKey(30)}).value(0);
        const ApiKey key = *stored(*a, id);
        auto cool = [&](KeyRepository& repo, qint64 until) {
            KeyWriteBatch batch;
            KeyHealthDelta d;
            d.id = id;
            d.addFailures = 1;
            d.nowMs = 1000;
            d.knownSequence = repo.load()->sequence;
            d.state = key;
            d.state.status = KeyStatus::CoolingDown;
            d.state.cooldownUntilMs = until;
            batch.health = {d};
            return bool(repo.write(batch));
        };
        QVERIFY(cool(*a, 90'000));
        QVERIFY(cool(*b, 60'000)); // a shorter 429 elsewhere does not shorten it
        const std::optional<ApiKey> after = stored(*a, id);
        QCOMPARE(after->status, KeyStatus::CoolingDown);
        QCOMPARE(after->cooldownUntilMs, qint64(90'000));
        QCOMPARE(after->totalFailures, qint64(2));
    }

    void changesSinceNamesWhatAnotherWriterDid()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        const QList<qint64> ids = insert(*a, {newKey(40), newKey(41), newKey(42)});
        const std::optional<KeySnapshot> seen = b->load();
        QVERIFY(seen);
        QCOMPARE(seen->keys.size(), size_t(3));

        KeyWriteBatch batch;
        ApiKey edited = *stored(*a, ids.at(0));
        edited.label = QStringLiteral("renamed");
        batch.edits = {KeyEdit{edited, KeyField::Label}};
        batch.removals = {ids.at(1)};
        QVERIFY(a->write(batch));

        // b notices within a second, without reading everything (SQLite: data_version; PostgreSQL: NOTIFY).
        QTRY_VERIFY_WITH_TIMEOUT(b->hasChangesElsewhere(), 1000);
        const std::optional<KeyChanges> changes = b->changesSince(seen->sequence);
        QVERIFY2(changes, qPrintable(b->lastError()));
        QVERIFY(!changes->complete);
        QVERIFY(changes->sequence > seen->sequence);
        QCOMPARE(changes->changed.size(), size_t(1));
        QCOMPARE(changes->changed.front().id, ids.at(0));
        QCOMPARE(changes->changed.front().label, QStringLiteral("renamed"));
        QCOMPARE(changes->removed, QList<qint64>{ids.at(1)});

        // Nothing new: nothing read.
        const std::optional<KeyChanges> none = b->changesSince(changes->sequence);
        QVERIFY(none);
        QVERIFY(none->changed.empty());
        QVERIFY(none->removed.isEmpty());
        QCOMPARE(none->sequence, changes->sequence);
    }

    void quotaBucketsCommuteAcrossWriters()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        const std::optional<KeySnapshot> before = b->load();
        QVERIFY2(before, qPrintable(b->lastError()));
        QVERIFY(before->buckets.isEmpty());
        const qint64 day = 86'400'000;
        auto change = [](const QString& model) {
            QuotaBucketRecord r;
            r.project = QStringLiteral("team");
            r.model = model;
            return r;
        };
        // Two writers count requests of the same day and rest the bucket, each from what it saw.
        for (int round = 0; round < 5; ++round) {
            for (KeyRepository* repo : {a.get(), b.get()}) {
                QuotaBucketRecord r = change(QStringLiteral("gemini-2.5-pro"));
                r.dayEndMs = day;
                r.dayRequests = 3;
                r.dayTokens = 100;
                r.cooldownUntilMs = repo == a.get() ? 9000 + round : 5000;
                r.quotaId = repo == a.get() ? QStringLiteral("PerMinute") : QString();
                KeyWriteBatch batch;
                batch.buckets = {r};
                QVERIFY2(repo->write(batch), qPrintable(repo->lastError()));
            }
        }
        // One learns a limit; the other's later write without learning leaves it.
        QuotaBucketRecord learned = change(QStringLiteral("gemini-2.5-pro"));
        learned.learnedChanged = true;
        learned.learnedLimit = 5;
        learned.learnedWindowMs = 60'000;
        learned.slackMs = 40;
        learned.dayEndMs = day;
        KeyWriteBatch learnBatch;
        learnBatch.buckets = {learned};
        QVERIFY(a->write(learnBatch));
        QuotaBucketRecord later = change(QStringLiteral("gemini-2.5-pro"));
        later.dayEndMs = day;
        later.dayRequests = 1;
        KeyWriteBatch laterBatch;
        laterBatch.buckets = {later, change(QStringLiteral("gemini-2.5-flash"))};
        QVERIFY(b->write(laterBatch));

        const std::optional<KeySnapshot> snapshot = b->load();
        QVERIFY2(snapshot, qPrintable(b->lastError()));
        QCOMPARE(snapshot->buckets.size(), 2);
        const QuotaBucketRecord& flash = snapshot->buckets.at(0);
        const QuotaBucketRecord& pro = snapshot->buckets.at(1);
        QCOMPARE(flash.model, QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(pro.model, QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(pro.project, QStringLiteral("team"));
        QCOMPARE(pro.dayRequests, qint64(31)); // 5 rounds x 2 writers x 3, plus 1
        QCOMPARE(pro.dayTokens, qint64(1000));
        QCOMPARE(pro.cooldownUntilMs, qint64(9004)); // only ever extended
        QCOMPARE(pro.quotaId, QStringLiteral("PerMinute"));
        QCOMPARE(pro.learnedLimit, 5);
        QCOMPARE(pro.learnedWindowMs, qint64(60'000));
        QCOMPARE(pro.slackMs, qint64(40));
        QVERIFY(!pro.notOffered);

        // A new day replaces the counts; a late count of the day that is over is dropped; a "forget" clears.
        QuotaBucketRecord next = change(QStringLiteral("gemini-2.5-pro"));
        next.dayEndMs = 2 * day;
        next.dayRequests = 2;
        next.learnedChanged = true; // forgotten: every learned field cleared
        QuotaBucketRecord stale = change(QStringLiteral("gemini-2.5-pro"));
        stale.dayEndMs = day;
        stale.dayRequests = 50;
        KeyWriteBatch nextBatch;
        nextBatch.buckets = {next};
        QVERIFY(a->write(nextBatch));
        KeyWriteBatch staleBatch;
        staleBatch.buckets = {stale};
        QVERIFY(b->write(staleBatch));

        // The change feed names only the buckets changed since.
        QTRY_VERIFY_WITH_TIMEOUT(a->hasChangesElsewhere(), 1000);
        const std::optional<KeyChanges> changes = a->changesSince(snapshot->sequence);
        QVERIFY2(changes, qPrintable(a->lastError()));
        QCOMPARE(changes->buckets.size(), 1);
        const QuotaBucketRecord& now = changes->buckets.first();
        QCOMPARE(now.model, QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(now.dayEndMs, 2 * day);
        QCOMPARE(now.dayRequests, qint64(2));
        QCOMPARE(now.learnedLimit, 0);
        QCOMPARE(now.cooldownUntilMs, qint64(9004));
    }

    void aChangeIsSeenWithinASecondWorstOf100()
    {
        auto a = open();
        auto b = open();
        QVERIFY(a && b);
        const qint64 id = insert(*a, {newKey(50)}).value(0);
        qint64 sequence = b->load()->sequence;
        qint64 worst = 0;
        for (int i = 0; i < 100; ++i) {
            ApiKey k = *stored(*a, id);
            k.label = QString::number(i);
            KeyWriteBatch batch;
            batch.edits = {KeyEdit{k, KeyField::Label}};
            QElapsedTimer timer;
            timer.start();
            QVERIFY(a->write(batch));
            QTRY_VERIFY_WITH_TIMEOUT(b->hasChangesElsewhere(), 1000);
            const std::optional<KeyChanges> changes = b->changesSince(sequence);
            QVERIFY(changes);
            QCOMPARE(changes->changed.size(), size_t(1));
            QCOMPARE(changes->changed.front().label, QString::number(i));
            sequence = changes->sequence;
            worst = std::max(worst, timer.elapsed());
        }
        qInfo("%s: a change seen by another connection within %lld ms (worst of 100)", qPrintable(test::backendName()),
              worst);
    }

    void savesKeepIdsAndTheCounterMovesPastThem()
    {
        auto a = open();
        QVERIFY(a);
        KeyWriteBatch batch;
        ApiKey k = newKey(60);
        k.id = 500;
        k.totalSuccesses = 12;
        batch.saves = {k};
        QVERIFY(a->write(batch));
        const std::optional<ApiKey> saved = stored(*a, 500);
        QVERIFY(saved);
        QCOMPARE(saved->totalSuccesses, qint64(12));
        const QList<qint64> next = insert(*a, {newKey(61)});
        QVERIFY(next.value(0) > 500);
    }

    void manyKeysInOneWrite()
    {
        auto a = open();
        QVERIFY(a);
        QList<ApiKey> keys;
        for (int i = 0; i < 5000; ++i)
            keys.append(newKey(1000 + i));
        const QList<qint64> ids = insert(*a, keys);
        QCOMPARE(ids.size(), 5000);
        QCOMPARE(QSet<qint64>(ids.cbegin(), ids.cend()).size(), 5000);
        KeyWriteBatch remove;
        remove.removals = ids.mid(0, 2500);
        QVERIFY(a->write(remove));
        QCOMPARE(a->load()->keys.size(), size_t(2500));
    }
};

QTEST_GUILESS_MAIN(TestKeyRepository)
#include "tst_keyrepository.moc"
