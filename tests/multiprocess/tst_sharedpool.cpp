// One pool, many processes: real egb processes (and the app's window, offscreen, through egb-test-app) share one
// database at once, against a FakeGeminiServer in this process: an SQLite file ("multiprocess.sharedpool") or a
// team database of the PostgreSQL test cluster ("multiprocess.sharedpool.postgresql"). Each case of the issue "the
// database is the shared truth" is one test, and each asserts that nothing one process did is lost or undone by
// another.
#include "ApiKey.h"
#include "FakeGeminiServer.h"
#include "PgConnectionInfo.h"
#include "TestDatabase.h"
#include "TestKeys.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;
using namespace egb::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Reads the database as another program would: a connection of its own, opened for each question.
class Peek
{
public:
    explicit Peek(const QString& location)
        : m_name(QStringLiteral("peek-%1").arg(++s_counter))
    {
        if (PgConnectionInfo::isUri(location)) { // the PostgreSQL run: the same questions to the team database
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
            PgConnectionInfo::parse(location).applyTo(db);
            db.open();
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(location);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        db.open();
    }
    ~Peek()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant value(const QString& sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql) || !q.next()) {
            qWarning("peek failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return {};
        }
        return q.value(0);
    }
    QHash<QString, qint64> idsBySecret() const
    {
        QHash<QString, qint64> out;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (q.exec(QStringLiteral("SELECT secret, id FROM keys"))) {
            while (q.next())
                out.insert(q.value(0).toString(), q.value(1).toLongLong());
        }
        return out;
    }

private:
    QString m_name;
    static inline int s_counter = 0;
};

} // namespace

class TestSharedPool : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    QString m_db; ///< a file, or (EGB_TEST_BACKEND=postgresql) the URI of a fresh database of the test cluster
    std::unique_ptr<test::TestDatabase> m_database;
    std::vector<std::unique_ptr<test::TestDatabase>> m_more; ///< further new databases of one test
    /// (time received, key) of every request the server got, recorded as it arrives.
    QList<QPair<qint64, QString>> m_seen;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir->path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("EGB_DB"));
        env.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
        return env;
    }

    /// The egb under test; EGB_TEST_CLI runs the same tests against another build (e.g. the code before a change).
    static QString cliPath() { return qEnvironmentVariable("EGB_TEST_CLI", QStringLiteral(EGB_CLI_PATH)); }

    /// Starts `egb args --db DB` without waiting.
    std::unique_ptr<QProcess> start(const QStringList& args, const QString& db = {})
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment());
        process->setWorkingDirectory(m_dir->path());
        process->start(cliPath(), args + QStringList{QStringLiteral("--db"), db.isEmpty() ? m_db : db});
        if (!process->waitForStarted(10'000))
            qWarning("egb did not start: %s", qPrintable(process->errorString()));
        process->closeWriteChannel();
        return process;
    }

    /// Waits for a process started by start() by spinning the event loop (the fake server runs in this thread).
    static Run finish(QProcess& process)
    {
        Run run;
        if (process.state() != QProcess::NotRunning) {
            QSignalSpy finished(&process, &QProcess::finished);
            if (!finished.wait(180'000)) {
                process.kill();
                process.waitForFinished();
                return run;
            }
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    Run egb(const QStringList& args, const QString& db = {})
    {
        auto process = start(args, db);
        return finish(*process);
    }

    QString writeFile(const QString& name, const QStringList& lines)
    {
        const QString path = m_dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(lines.join(u'\n').toUtf8() + '\n');
        return path;
    }

    static QStringList keys(int first, int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << testKey(first + i);
        return out;
    }

    static QStringList prompts(const QString& tag, int n)
    {
        QStringList out;
        for (int i = 0; i < n; ++i)
            out << QStringLiteral("%1 prompt %2").arg(tag).arg(i);
        return out;
    }

    int callsAfter(const QString& key, qint64 afterMs) const
    {
        int n = 0;
        for (const auto& [at, k] : m_seen)
            n += (at > afterMs && k == key);
        return n;
    }

    int callsAfter(qint64 afterMs) const
    {
        int n = 0;
        for (const auto& [at, k] : m_seen)
            n += at > afterMs;
        return n;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_database = std::make_unique<test::TestDatabase>(m_dir->filePath(QStringLiteral("data")));
        QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
        m_db = m_database->location();
        m_server = std::make_unique<FakeGeminiServer>();
        QVERIFY(m_server->listen());
        m_seen.clear();
        connect(m_server.get(), &FakeGeminiServer::requestReceived, this, [this] {
            const QList<RecordedRequest> all = m_server->requests();
            if (!all.isEmpty())
                m_seen.append({QDateTime::currentMSecsSinceEpoch(), all.last().apiKey()});
        });
    }

    void cleanup()
    {
        m_server.reset();
        m_more.clear();
        m_database.reset();
        m_dir.reset();
    }

    /// A new, empty database next to m_db: a file in `folder`, or a new database of the test cluster.
    QString newDatabase(const QString& folder)
    {
        m_more.push_back(std::make_unique<test::TestDatabase>(m_dir->filePath(folder)));
        return m_more.back()->location();
    }

    // 1. Two egb import at once: every key of both files is stored, each with its own secret, once.
    void twoImportsAtOnceKeepEveryKey()
    {
        QVERIFY(egb({QStringLiteral("list")}).exitCode == 0); // the file exists: both imports load it at once
        const QStringList shared = keys(100'000, 50);
        const QStringList a = keys(0, 3000) + shared;
        const QStringList b = keys(10'000, 3000) + shared;
        const QString fileA = writeFile(QStringLiteral("a.txt"), a);
        const QString fileB = writeFile(QStringLiteral("b.txt"), b);
        auto first = start({QStringLiteral("import"), fileA});
        auto second = start({QStringLiteral("import"), fileB});
        const Run ra = finish(*first);
        const Run rb = finish(*second);
        QVERIFY2(ra.exitCode == 0, qPrintable(ra.err));
        QVERIFY2(rb.exitCode == 0, qPrintable(rb.err));
        // What each said it added adds up to what is stored: no import "added" keys that are not there.
        auto added = [](const QString& out) {
            const qsizetype at = out.indexOf(QLatin1String("added "));
            return at < 0 ? -1 : out.mid(at + 6).section(u',', 0, 0).toInt();
        };
        QCOMPARE(added(ra.out) + added(rb.out), 6050);
        const QHash<QString, qint64> stored = Peek(m_db).idsBySecret();
        QCOMPARE(stored.size(), 6050);
        for (const QString& k : a + b)
            QVERIFY2(stored.contains(k), qPrintable(ApiKey::mask(k)));
    }

    // 2. egb batch running; egb remove 20 then egb import: the removed key stays removed, the fresh key keeps a
    //    new id of its own (ids are never reused) and is not overwritten by the batch's writes.
    void removedKeyStaysRemovedWhileABatchRuns()
    {
        const QStringList pool = keys(0, 20);
        QVERIFY(egb({QStringLiteral("import"), writeFile(QStringLiteral("pool.txt"), pool)}).exitCode == 0);
        m_server->setDefaultBehavior(FakeBehavior::ok({}, 15));
        const QString input = writeFile(QStringLiteral("prompts.txt"), prompts(QStringLiteral("rm"), 400));
        auto batch = start({QStringLiteral("batch"), input, QStringLiteral("-o"), m_dir->filePath("out.jsonl"),
                            QStringLiteral("--concurrency"), QStringLiteral("4")});
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 40, 60'000);
        QCOMPARE(egb({QStringLiteral("remove"), QStringLiteral("20")}).exitCode, 0);
        const QString fresh = testKey(500);
        QCOMPARE(egb({QStringLiteral("import"), writeFile(QStringLiteral("fresh.txt"), {fresh})}).exitCode, 0);
        const Run run = finish(*batch);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QHash<QString, qint64> stored = Peek(m_db).idsBySecret();
        QVERIFY2(!stored.contains(pool.at(19)), "the removed key came back");
        QVERIFY2(stored.contains(fresh), "the fresh key was lost");
        QVERIFY(stored.value(fresh) != 20); // never the id of the removed key
        QCOMPARE(stored.size(), 20);
    }

    // 4. egb batch running; egb disable 3, egb remove 5: both stay, and the batch stops using both within 1 s.
    void disableAndRemoveWinOverARunningBatch()
    {
        const QStringList pool = keys(0, 10);
        QVERIFY(egb({QStringLiteral("import"), writeFile(QStringLiteral("pool.txt"), pool)}).exitCode == 0);
        m_server->setDefaultBehavior(FakeBehavior::ok({}, 15));
        const QString input = writeFile(QStringLiteral("prompts.txt"), prompts(QStringLiteral("dis"), 700));
        auto batch = start({QStringLiteral("batch"), input, QStringLiteral("-o"), m_dir->filePath("out.jsonl"),
                            QStringLiteral("--concurrency"), QStringLiteral("4")});
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 40, 60'000);
        QCOMPARE(egb({QStringLiteral("disable"), QStringLiteral("3")}).exitCode, 0);
        QCOMPARE(egb({QStringLiteral("remove"), QStringLiteral("5")}).exitCode, 0);
        const qint64 done = QDateTime::currentMSecsSinceEpoch();
        const Run run = finish(*batch);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(callsAfter(done + 1000) > 50, "the batch ended too soon to tell");
        QCOMPARE(callsAfter(pool.at(2), done + 1000), 0);
        QCOMPARE(callsAfter(pool.at(4), done + 1000), 0);
        Peek peek(m_db);
        QCOMPARE(peek.value(QStringLiteral("SELECT status FROM keys WHERE id = 3")).toString(),
                 QStringLiteral("disabled"));
        QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM keys WHERE id = 5")).toInt(), 0);
        QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM keys")).toInt(), 9);
        // Every prompt answered once, and the stored counters add up to the answers the server gave.
        QCOMPARE(m_server->requestCount(), 700);
        const qint64 successes = peek.value(QStringLiteral("SELECT sum(total_successes) FROM keys")).toLongLong();
        int onRemoved = 0;
        for (const auto& [at, k] : std::as_const(m_seen))
            onRemoved += k == pool.at(4);
        QCOMPARE(successes + onRemoved, 700); // reports for the removed key are dropped with it
    }

    // 5. Three batches at once: the counters add up exactly (3 processes x 2,000 reports).
    void countersAddUpAcrossThreeBatches()
    {
        QVERIFY(egb({QStringLiteral("import"), writeFile(QStringLiteral("pool.txt"), keys(0, 20))}).exitCode == 0);
        std::vector<std::unique_ptr<QProcess>> batches;
        for (int i = 0; i < 3; ++i) {
            const QString tag = QStringLiteral("b%1").arg(i);
            const QString input = writeFile(tag + QStringLiteral(".txt"), prompts(tag, 2000));
            batches.push_back(start({QStringLiteral("batch"), input, QStringLiteral("-o"),
                                     m_dir->filePath(tag + QStringLiteral(".jsonl")), QStringLiteral("--concurrency"),
                                     QStringLiteral("8")}));
        }
        for (auto& b : batches) {
            const Run run = finish(*b);
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        }
        QCOMPARE(m_server->requestCount(), 6000);
        Peek peek(m_db);
        QCOMPARE(peek.value(QStringLiteral("SELECT sum(total_successes) FROM keys")).toLongLong(), 6000LL);
        QCOMPARE(peek.value(QStringLiteral("SELECT sum(total_failures) FROM keys")).toLongLong(), 0LL);
    }

    // 7. Twenty pairs of processes opening one new file at once: all succeed (key table, then the batch tables).
    void twentyPairsOpenANewFile()
    {
        const QString keyFile = writeFile(QStringLiteral("pool.txt"), keys(0, 3));
        QStringList fresh;
        for (int i = 0; i < 20; ++i)
            fresh << newDatabase(QStringLiteral("new%1").arg(i));
        for (int i = 0; i < 20; ++i) {
            const QString db = fresh.at(i);
            auto a = start({QStringLiteral("import"), keyFile}, db);
            auto b = start({QStringLiteral("list")}, db);
            const Run ra = finish(*a);
            const Run rb = finish(*b);
            QVERIFY2(ra.exitCode == 0, qPrintable(QStringLiteral("pair %1: %2").arg(i).arg(ra.err)));
            QVERIFY2(rb.exitCode == 0, qPrintable(QStringLiteral("pair %1: %2").arg(i).arg(rb.err)));
        }
        for (int i = 0; i < 10; ++i) {
            const QString db = fresh.at(i);
            auto a =
                start({QStringLiteral("batch"), writeFile(QStringLiteral("p%1a.txt").arg(i), {QStringLiteral("a")}),
                       QStringLiteral("-o"), m_dir->filePath(QStringLiteral("o%1a").arg(i))},
                      db);
            auto b =
                start({QStringLiteral("batch"), writeFile(QStringLiteral("p%1b.txt").arg(i), {QStringLiteral("b")}),
                       QStringLiteral("-o"), m_dir->filePath(QStringLiteral("o%1b").arg(i))},
                      db);
            const Run ra = finish(*a);
            const Run rb = finish(*b);
            QVERIFY2(ra.exitCode == 0, qPrintable(QStringLiteral("batch pair %1: %2").arg(i).arg(ra.err)));
            QVERIFY2(rb.exitCode == 0, qPrintable(QStringLiteral("batch pair %1: %2").arg(i).arg(rb.err)));
            QVERIFY2(!ra.err.contains(QLatin1String("not being saved")) &&
                         !rb.err.contains(QLatin1String("not being saved")),
                     qPrintable(ra.err + rb.err));
        }
    }

    // Two egb batch of the same input: the second says which process holds the run and exits 2; a run whose
    // process was killed is taken over.
    void secondBatchOfTheSameInputExits2()
    {
        QVERIFY(egb({QStringLiteral("import"), writeFile(QStringLiteral("pool.txt"), keys(0, 10))}).exitCode == 0);
        m_server->setDefaultBehavior(FakeBehavior::ok({}, 15));
        const QString input = writeFile(QStringLiteral("same.txt"), prompts(QStringLiteral("same"), 300));
        const QStringList args{QStringLiteral("batch"),
                               input,
                               QStringLiteral("-o"),
                               m_dir->filePath("same.jsonl"),
                               QStringLiteral("--concurrency"),
                               QStringLiteral("4")};
        auto first = start(args);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 20, 60'000);
        const Run second = egb(args + QStringList{QStringLiteral("-o"), m_dir->filePath("second.jsonl")});
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(QString::number(first->processId())), qPrintable(second.err));
        const Run run = finish(*first);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(m_server->requestCount(), 300); // every prompt answered once

        // Killed mid-run: its lock is stale at once (the process is gone), and the next run resumes the prompts.
        const QString other = writeFile(QStringLiteral("killed.txt"), prompts(QStringLiteral("killed"), 300));
        const QStringList killedArgs{QStringLiteral("batch"),
                                     other,
                                     QStringLiteral("-o"),
                                     m_dir->filePath("killed.jsonl"),
                                     QStringLiteral("--concurrency"),
                                     QStringLiteral("4")};
        auto victim = start(killedArgs);
        QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() >= 340, 60'000);
        victim->kill();
        victim->waitForFinished();
        const Run resumed = egb(killedArgs);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    }

#ifdef EGB_TEST_APP_PATH
    // 3 and 6. The app open while egb imports, disables and removes: the app shows each change within 1 s, its own
    // pasted keys never overwrite egb's, and a key check in the app does not undo egb's disable.
    void appAndEgbShareThePool()
    {
        QVERIFY(egb({QStringLiteral("list")}).exitCode == 0);
        QProcess app;
        app.setProcessEnvironment(environment());
        app.start(QStringLiteral(EGB_TEST_APP_PATH), {m_db});
        QVERIFY(app.waitForStarted(10'000));
        auto ask = [&app](const QString& command) {
            app.write(command.toUtf8() + '\n');
            while (!app.canReadLine()) {
                QSignalSpy ready(&app, &QProcess::readyReadStandardOutput);
                if (!app.canReadLine() && !ready.wait(30'000))
                    return QString();
            }
            return QString::fromUtf8(app.readLine()).trimmed();
        };
        while (!app.canReadLine()) {
            QSignalSpy ready(&app, &QProcess::readyReadStandardOutput);
            QVERIFY(app.canReadLine() || ready.wait(30'000));
        }
        QCOMPARE(QString::fromUtf8(app.readLine()).trimmed(), QStringLiteral("ready"));
        QCOMPARE(ask(QStringLiteral("rows")), QStringLiteral("rows 0"));

        const QStringList fromEgb = keys(0, 5);
        QCOMPARE(egb({QStringLiteral("import"), writeFile(QStringLiteral("egb.txt"), fromEgb)}).exitCode, 0);
        QElapsedTimer shown;
        shown.start();
        QTRY_COMPARE_WITH_TIMEOUT(ask(QStringLiteral("rows")), QStringLiteral("rows 5"), 1000);
        qInfo("egb's import shown in the app after %lld ms", qlonglong(shown.elapsed()));

        const QStringList fromApp = keys(100, 3);
        const QString added = ask(QStringLiteral("add ") + fromApp.join(u' '));
        QVERIFY2(added.startsWith(QLatin1String("added ")), qPrintable(added));
        QCOMPARE(added.split(u' ', Qt::SkipEmptyParts).size(), 4);
        const QHash<QString, qint64> stored = Peek(m_db).idsBySecret();
        QCOMPARE(stored.size(), 8);
        for (const QString& k : fromEgb + fromApp)
            QVERIFY2(stored.contains(k), qPrintable(ApiKey::mask(k)));

        QCOMPARE(egb({QStringLiteral("disable"), QStringLiteral("2")}).exitCode, 0);
        shown.restart();
        QTRY_COMPARE_WITH_TIMEOUT(ask(QStringLiteral("status 2")), QStringLiteral("status disabled"), 1000);
        QTRY_VERIFY_WITH_TIMEOUT(ask(QStringLiteral("bar")).contains(QLatin1String("1")), 1000);
        qInfo("egb's disable shown in the app after %lld ms", qlonglong(shown.elapsed()));
        // A key check's success in the app (a report in flight) does not enable what a person disabled.
        QCOMPARE(ask(QStringLiteral("report 2 ok")), QStringLiteral("reported"));
        QCOMPARE(ask(QStringLiteral("flush")), QStringLiteral("flushed 1"));
        Peek peek(m_db);
        QCOMPARE(peek.value(QStringLiteral("SELECT status FROM keys WHERE id = 2")).toString(),
                 QStringLiteral("disabled"));

        QCOMPARE(egb({QStringLiteral("remove"), QStringLiteral("4")}).exitCode, 0);
        QTRY_COMPARE_WITH_TIMEOUT(ask(QStringLiteral("status 4")), QStringLiteral("status absent"), 1000);
        QCOMPARE(ask(QStringLiteral("rows")), QStringLiteral("rows 7"));
        QCOMPARE(ask(QStringLiteral("flush")), QStringLiteral("flushed 1"));
        QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM keys")).toInt(), 7);
        app.closeWriteChannel();
        QVERIFY(app.waitForFinished(30'000));
        QCOMPARE(Peek(m_db).idsBySecret().size(), 7);
    }
#endif
};

QTEST_GUILESS_MAIN(TestSharedPool)
#include "tst_sharedpool.moc"
