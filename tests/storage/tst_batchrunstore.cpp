#include "BatchRunStore.h"
#include "ComponentSchema.h"
#include "ConversationStore.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
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

    // egb db copy: runs come out with their items and go back in as they were (ids, states, results, times), in one
    // transaction.
    void exportAllAndReplaceAllKeepEverything()
    {
        BatchRunStore store;
        QVERIFY2(store.open(openDb()), qPrintable(store.lastError()));
        BatchRun run;
        run.title = QStringLiteral("prompts.txt");
        run.model = QStringLiteral("gemini-2.5-flash");
        run.settings.fingerprint = QStringLiteral("f1");
        const qint64 id = store.createRun(run, prompts(3));
        QVERIFY(id > 0);
        BatchItem failed;
        failed.index = 2;
        failed.status = BatchItem::Status::Error;
        failed.error = QStringLiteral("blocked");
        failed.errorKind = QStringLiteral("blocked");
        QVERIFY(store.saveResults(id, {ok(0), failed}));
        QVERIFY(store.setState(id, BatchRun::State::Paused));
        const QList<SavedBatchRun> all = store.exportAll();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().items.size(), 3);

        BatchRunStore other;
        QVERIFY2(other.open(openDb()), qPrintable(other.lastError()));
        QVERIFY(other.createRun(run, prompts(1)) > 0);
        QVERIFY(other.createRun(run, prompts(1)) > 0);
        QVERIFY2(other.replaceAll(all), qPrintable(other.lastError()));
        const QList<SavedBatchRun> copied = other.exportAll();
        QCOMPARE(copied.size(), 1);
        const BatchRun& r = copied.first().run;
        QCOMPARE(r.id, id);
        QCOMPARE(r.state, BatchRun::State::Paused);
        QCOMPARE(r.settings, all.first().run.settings);
        QCOMPARE(r.updatedMs, all.first().run.updatedMs);
        QCOMPARE(r.ok, 1);
        QCOMPARE(r.failed, 1);
        QCOMPARE(copied.first().items, all.first().items);
        QCOMPARE(other.findRunByFingerprint(QStringLiteral("f1"))->id, id);

        // An index twice: the runs stay as they were.
        QList<SavedBatchRun> broken = all;
        broken[0].items.append(broken[0].items.first());
        QVERIFY(!other.replaceAll(broken));
        QCOMPARE(other.exportAll().first().items, all.first().items);
    }

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

    void errorKindAndFindRunByFingerprint()
    {
        const QString conn = openDb();
        BatchRunStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        BatchRun run;
        run.settings.source = QLatin1String(BatchRunSettings::SourceCli);
        run.settings.fingerprint = QStringLiteral("abc");
        run.settings.systemInstruction = QStringLiteral("Be brief.");
        const qint64 first = store.createRun(run, prompts(2));
        run.settings = BatchRunSettings();
        run.settings.temperature = 1.0;
        run.settings.maxOutputTokens = 256;
        const qint64 other = store.createRun(run, prompts(2));
        QVERIFY(first > 0 && other > first);
        BatchItem bad;
        bad.index = 1;
        bad.status = BatchItem::Status::Error;
        bad.error = QStringLiteral("Too many requests");
        bad.errorKind = QStringLiteral("rate_limited");
        QVERIFY(store.saveResults(first, {ok(0), bad}));
        const QList<BatchItem> items = store.items(first);
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).errorKind, QString());
        QCOMPARE(items.at(1).errorKind, QStringLiteral("rate_limited"));
        QCOMPARE(items.at(1).error, QStringLiteral("Too many requests"));

        const std::optional<BatchRun> found = store.findRunByFingerprint(QStringLiteral("abc"));
        QVERIFY(found);
        QCOMPARE(found->id, first);
        QCOMPARE(found->ok, 1);
        QCOMPARE(found->failed, 1);
        QVERIFY(!store.findRunByFingerprint(QStringLiteral("abd")));
        QVERIFY(!store.findRunByFingerprint(QStringLiteral("ab"))); // the whole fingerprint, not a part of it
        QVERIFY(!store.findRunByFingerprint(QString()));
        // The typed settings read back as they were written.
        QCOMPARE(found->settings.systemInstruction, QStringLiteral("Be brief."));
        QCOMPARE(found->settings.source, QLatin1String(BatchRunSettings::SourceCli));
        const std::optional<BatchRun> second = store.run(other);
        QVERIFY(second);
        QCOMPARE(second->settings.temperature, std::optional<double>(1.0));
        QCOMPARE(second->settings.maxOutputTokens, std::optional<int>(256));
        QVERIFY(second->settings.fingerprint.isEmpty());
        // Slices and statuses of a run, for runs too long to read at once.
        const QList<BatchItem> slice = store.items(first, 1, 5);
        QCOMPARE(slice.size(), 1);
        QCOMPARE(slice.at(0).index, 1);
        QCOMPARE(slice.at(0).error, QStringLiteral("Too many requests"));
        QCOMPARE(store.statuses(first), (QList<BatchItem::Status>{BatchItem::Status::Ok, BatchItem::Status::Error}));
        QCOMPARE(store.statuses(other),
                 (QList<BatchItem::Status>{BatchItem::Status::Pending, BatchItem::Status::Pending}));
    }

    void settingsWrittenBeforeTheyWereTypedReadBack()
    {
        // Both faces wrote settings_json by hand: the app {"temperature","maxOutputTokens"} (0 = default), egb
        // {"source","fingerprint","input","systemInstruction"}.
        const BatchRunSettings app =
            BatchRunSettings::fromJsonText(QStringLiteral(R"({"temperature":0.5,"maxOutputTokens":0})"));
        QCOMPARE(app.temperature, std::optional<double>(0.5));
        QVERIFY(!app.maxOutputTokens);
        const BatchRunSettings cli = BatchRunSettings::fromJsonText(QStringLiteral(
            R"({"source":"egb batch","fingerprint":"f00","input":"/tmp/p.txt","systemInstruction":"S"})"));
        QCOMPARE(cli.source, QStringLiteral("egb batch"));
        QCOMPARE(cli.fingerprint, QStringLiteral("f00"));
        QCOMPARE(cli.input, QStringLiteral("/tmp/p.txt"));
        QCOMPARE(cli.systemInstruction, QStringLiteral("S"));
        QVERIFY(!cli.temperature);
        QCOMPARE(BatchRunSettings::fromJsonText(cli.toJsonText()), cli);
        QCOMPARE(BatchRunSettings::fromJsonText(QStringLiteral("not json")), BatchRunSettings());
    }

    void version1TablesGainTheErrorKind()
    {
        // A file written before error_kind existed (batch schema version 1) keeps its runs and gets the column.
        const QString conn = openDb();
        {
            QSqlDatabase db = QSqlDatabase::database(conn);
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE egb_schema (component TEXT PRIMARY KEY, version INTEGER "
                                          "NOT NULL)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO egb_schema VALUES ('batch', 1)")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE batch_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL DEFAULT '', "
                "model TEXT NOT NULL DEFAULT '', prompt_template TEXT NOT NULL DEFAULT '', settings_json TEXT NOT "
                "NULL DEFAULT '', concurrency INTEGER NOT NULL DEFAULT 4, state TEXT NOT NULL DEFAULT 'running', "
                "created_ms INTEGER NOT NULL DEFAULT 0, updated_ms INTEGER NOT NULL DEFAULT 0)")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE batch_items (run_id INTEGER NOT NULL REFERENCES batch_runs(id) ON DELETE CASCADE, "
                "idx INTEGER NOT NULL, prompt TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'pending', "
                "text TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, "
                "key_masked TEXT NOT NULL DEFAULT '', latency_ms INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER "
                "NOT NULL DEFAULT 0, candidates_tokens INTEGER NOT NULL DEFAULT 0, thoughts_tokens INTEGER NOT NULL "
                "DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, idx))")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO batch_runs (id, title) VALUES (7, 'old')")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO batch_items (run_id, idx, prompt, status, text) VALUES "
                                          "(7, 0, 'hello', 'ok', 'hi')")));
        }
        BatchRunStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        QCOMPARE(ComponentSchema::version(QSqlDatabase::database(conn), QStringLiteral("batch")),
                 BatchRunStore::SchemaVersion);
        const QList<BatchItem> items = store.items(7);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.at(0).text, QStringLiteral("hi"));
        QCOMPARE(items.at(0).errorKind, QString());
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
