#include "BatchRunStore.h"
#include "ConversationStore.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

class TestBatchRunStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString openDb(const QString& file = {})
    {
        const QString conn = QStringLiteral("tst_batch_%1").arg(++m_n);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(file.isEmpty() ? m_dir.filePath(QStringLiteral("db%1.sqlite").arg(m_n)) : file);
        [&] { QVERIFY(db.open()); }();
        return conn;
    }

    static QStringList prompts(int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << QStringLiteral("prompt %1").arg(i);
        return out;
    }

    static BatchItem ok(int index)
    {
        BatchItem it;
        it.index = index;
        it.status = BatchItem::Status::Ok;
        it.text = QStringLiteral("answer %1").arg(index);
        it.attempts = 1;
        it.keyMasked = QStringLiteral("AIza…Xy12");
        it.latencyMs = 10 + index;
        it.usage = TokenUsage{1, 2, 0, 3};
        return it;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void runSurvivesReopenAndKnowsWhatIsLeft()
    {
        const QString file = m_dir.filePath(QStringLiteral("shared.sqlite"));
        qint64 id = 0;
        {
            const QString conn = openDb(file);
            BatchRunStore store;
            QVERIFY2(store.open(conn), qPrintable(store.lastError()));
            BatchRun run;
            run.title = QStringLiteral("prompts.txt");
            run.model = QStringLiteral("gemini-2.5-flash");
            run.promptTemplate = QStringLiteral("Translate: {input}");
            run.concurrency = 8;
            id = store.createRun(run, prompts(10));
            QVERIFY2(id > 0, qPrintable(store.lastError()));
            QVERIFY(store.saveResults(id, {ok(0), ok(1), ok(5)}));
            BatchItem bad;
            bad.index = 2;
            bad.status = BatchItem::Status::Error;
            bad.error = QStringLiteral("blocked: SAFETY");
            bad.attempts = 1;
            QVERIFY(store.saveResults(id, {bad}));
            // The app is killed here: state still "running".
            QSqlDatabase::database(conn).close();
        }
        const QString conn = openDb(file);
        BatchRunStore store;
        QVERIFY(store.open(conn));
        const auto resumable = store.resumableRuns();
        QCOMPARE(resumable.size(), 1);
        const BatchRun r = resumable.first();
        QCOMPARE(r.id, id);
        QCOMPARE(r.total, 10);
        QCOMPARE(r.ok, 3);
        QCOMPARE(r.failed, 1);
        QCOMPARE(r.pending(), 6);
        QCOMPARE(r.concurrency, 8);
        QCOMPARE(r.promptTemplate, QStringLiteral("Translate: {input}"));
        const auto items = store.items(id);
        QCOMPARE(items.size(), 10);
        BatchItem expected = ok(5);
        expected.prompt = QStringLiteral("prompt 5");
        QCOMPARE(items.at(5), expected);
        QCOMPARE(items.at(2).status, BatchItem::Status::Error);
        QCOMPARE(items.at(2).error, QStringLiteral("blocked: SAFETY"));
        QCOMPARE(items.at(3).status, BatchItem::Status::Pending);
        QCOMPARE(items.at(3).prompt, QStringLiteral("prompt 3"));

        // Retry failed rows: they become pending again, the answered ones are untouched.
        QVERIFY(store.resetItems(id, {2}));
        QCOMPARE(store.run(id)->failed, 0);
        QCOMPARE(store.run(id)->ok, 3);

        // Finished and cancelled runs are not offered for resuming.
        QVERIFY(store.setState(id, BatchRun::State::Cancelled));
        QVERIFY(store.resumableRuns().isEmpty());
        QVERIFY(store.setState(id, BatchRun::State::Paused));
        QCOMPARE(store.resumableRuns().size(), 1);
        QVERIFY(store.removeRun(id));
        QVERIFY(store.items(id).isEmpty());
        QVERIFY(!store.run(id).has_value());
    }

    void largeRunInOneTransaction()
    {
        const QString conn = openDb();
        BatchRunStore store;
        QVERIFY(store.open(conn));
        QElapsedTimer t;
        t.start();
        const qint64 id = store.createRun(BatchRun{}, prompts(20000));
        QVERIFY2(id > 0, qPrintable(store.lastError()));
        QList<BatchItem> done;
        for (int i = 0; i < 20000; i += 2)
            done.append(ok(i));
        QVERIFY(store.saveResults(id, done));
        qInfo("20000 prompts created and 10000 results saved in %lld ms", qint64(t.elapsed()));
        const auto r = store.run(id);
        QCOMPARE(r->total, 20000);
        QCOMPARE(r->ok, 10000);
        QCOMPARE(r->pending(), 10000);
    }

    void sharesTheKeyDatabaseWithoutDisturbingIt()
    {
        const QString file = m_dir.filePath(QStringLiteral("keys.db"));
        qint64 runId = 0;
        {
            KeyStore keys;
            QVERIFY2(keys.open(file), qPrintable(keys.lastError()));
            KeyPool pool;
            QVERIFY(keys.attach(&pool));
            pool.addSecrets({QStringLiteral("AIza") + QString(35, u'k')});
            BatchRunStore batches;
            QVERIFY2(batches.open(keys.connectionName()), qPrintable(batches.lastError()));
            ConversationStore chats;
            QVERIFY2(chats.open(keys.connectionName()), qPrintable(chats.lastError()));
            runId = batches.createRun(BatchRun{}, prompts(3));
            QVERIFY(runId > 0);
            QVERIFY(batches.saveResults(runId, {ok(1)}));
            QVERIFY(keys.flush());
            keys.detach();
        }
        // Reopened as the app does at its next start: the keys load (their schema version untouched) and the run is
        // offered for resuming.
        KeyStore keys;
        QVERIFY2(keys.open(file), qPrintable(keys.lastError()));
        KeyPool pool;
        QVERIFY(keys.attach(&pool));
        QCOMPARE(pool.size(), 1);
        BatchRunStore batches;
        QVERIFY(batches.open(keys.connectionName()));
        QCOMPARE(batches.resumableRuns().size(), 1);
        QCOMPARE(batches.run(runId)->ok, 1);
        keys.detach();
    }

    void statusNamesMatchTheJsonlFormat()
    {
        QCOMPARE(BatchItem::statusName(BatchItem::Status::Ok), QStringLiteral("ok"));
        QCOMPARE(BatchItem::statusName(BatchItem::Status::Error), QStringLiteral("error"));
        QCOMPARE(BatchItem::statusFromName(QStringLiteral("error")), BatchItem::Status::Error);
        QCOMPARE(BatchRun::stateFromName(BatchRun::stateName(BatchRun::State::Paused)), BatchRun::State::Paused);
    }

    void closedDatabaseIsAnErrorNotACrash()
    {
        BatchRunStore store;
        QVERIFY(!store.open(QStringLiteral("missing")));
        QCOMPARE(store.createRun(BatchRun{}, prompts(3)), 0);
        QVERIFY(!store.saveResults(1, {ok(0)}));
        QVERIFY(!store.lastError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBatchRunStore)
#include "tst_batchrunstore.moc"
