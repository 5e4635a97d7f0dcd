// Crash consistency: the real egb is killed with SIGKILL (QProcess::kill) at random moments while it imports large
// key files and while it runs batches against a FakeGeminiServer in this process. After every kill the database
// must open with PRAGMA integrity_check "ok", hold every key of every import that finished (and a killed import
// whole or not at all), and the batch, run again, must resume without sending a prompt whose answer was saved.
//
// The moments are random but seeded (EGB_CRASH_SEED, else the time; the seed is printed and written to the
// figures), so a failure can be replayed. EGB_CRASH_KILLS sets the kills per phase (default 12).

#include "FakeGeminiServer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;

namespace {

/// A key of the real shape ("AIza" + 35 characters), made up from a seed and an index.
QString makeKey(quint64 seed, int index)
{
    const QByteArray hash = QCryptographicHash::hash(
        "egb-crash-" + QByteArray::number(seed) + '-' + QByteArray::number(index), QCryptographicHash::Sha256);
    const QString tail =
        QString::fromLatin1(hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return QStringLiteral("AIza") + tail.left(35);
}

/// What the database holds after a kill, read the way the next egb would open it.
struct DbState
{
    bool opened = false;
    QString integrity;
    QSet<QString> keys;
    QSet<QString> answered; ///< prompts of runs that are not cancelled, with a saved result (ok or error)
    QString error;
};

DbState readDb(const QString& path)
{
    static int counter = 0;
    const QString name = QStringLiteral("crash-check-%1").arg(++counter);
    DbState s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        s.opened = db.open();
        if (!s.opened) {
            s.error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next())
                s.integrity = q.value(0).toString();
            else
                s.error = q.lastError().text();
            // The file may be killed before it got its tables: no table is "no keys", not an error.
            const QStringList tables = db.tables();
            if (tables.contains(QStringLiteral("keys")) && q.exec(QStringLiteral("SELECT secret FROM keys"))) {
                while (q.next())
                    s.keys.insert(q.value(0).toString());
            }
            if (tables.contains(QStringLiteral("batch_items")) &&
                q.exec(QStringLiteral("SELECT i.prompt FROM batch_items i JOIN batch_runs r ON r.id = i.run_id "
                                      "WHERE i.status <> 'pending' AND r.state <> 'cancelled'"))) {
                while (q.next())
                    s.answered.insert(q.value(0).toString());
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return s;
}

/// The user text of a generateContent request body.
QString promptOf(const QByteArray& body)
{
    const QJsonArray contents = QJsonDocument::fromJson(body).object().value(QLatin1String("contents")).toArray();
    QString text;
    for (const QJsonValue& c : contents) {
        for (const QJsonValue& p : c.toObject().value(QLatin1String("parts")).toArray())
            text += p.toObject().value(QLatin1String("text")).toString();
    }
    return text;
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void killDuringImports();
    void killDuringBatches();

private:
    /// Starts egb on `db`; the caller waits for it (the fake server runs in this thread: never block it).
    std::unique_ptr<QProcess> start(const QStringList& args, const QString& db);
    /// Waits for the process to end; false when it did not within two minutes.
    static bool waitFor(QProcess& process);
    QString writeKeyFile(int file, int first, int count, QStringList* keys);
    void checkIntegrity(const DbState& s);

    QTemporaryDir m_dir;
    FakeGeminiServer m_server;
    quint64 m_seed = 0;
    QRandomGenerator m_random;
    QElapsedTimer m_wall;
    int m_perPhase = 12;

    // figures
    int m_importKills = 0;
    int m_importKeptWhole = 0;
    int m_importKeptNone = 0;
    int m_importsCompleted = 0;
    int m_batchKills = 0;
    int m_batchesCompleted = 0;
    int m_resent = 0;
    int m_sentTwice = 0; ///< prompts in flight (or answered, not yet saved) at a kill: sent again, as they must be
    int m_integrityChecks = 0;
    int m_integrityOk = 0;
    QString m_saveCost;
};

void TestCrash::initTestCase()
{
    m_wall.start();
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    bool ok = false;
    m_seed = qEnvironmentVariable("EGB_CRASH_SEED").toULongLong(&ok);
    if (!ok)
        m_seed = quint64(QDateTime::currentMSecsSinceEpoch());
    m_random.seed(quint32(m_seed ^ (m_seed >> 32)));
    const int kills = qEnvironmentVariableIntValue("EGB_CRASH_KILLS", &ok);
    if (ok && kills > 0)
        m_perPhase = kills;
    qInfo("crash test seed %llu (replay with EGB_CRASH_SEED=%llu), %d kills per phase", m_seed, m_seed, m_perPhase);
}

void TestCrash::cleanupTestCase()
{
    const QString dir = qEnvironmentVariable("EGB_FIGURES_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QFile f(QDir(dir).filePath(QStringLiteral("crash.txt")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return;
    const QString text =
        QStringLiteral("crash consistency: egb killed with SIGKILL at random moments (seed %1)\n"
                       "kills during import: %2 (killed import kept whole: %3, kept none: %4; imports completed: %5)\n"
                       "kills during batch: %6 (batches completed after resuming: %7)\n"
                       "kills survived: %8 of %9 (database opens, every finished import's keys present)\n"
                       "prompts resent after resume: %10 (answers saved before a kill and sent again; must be 0)\n"
                       "prompts sent again because they were in flight at a kill: %15\n"
                       "integrity checks ok: %11 of %12\n"
                       "%13"
                       "wall time: %14 s\n")
            .arg(m_seed)
            .arg(m_importKills)
            .arg(m_importKeptWhole)
            .arg(m_importKeptNone)
            .arg(m_importsCompleted)
            .arg(m_batchKills)
            .arg(m_batchesCompleted)
            .arg(m_integrityOk == m_integrityChecks ? m_importKills + m_batchKills : 0)
            .arg(m_importKills + m_batchKills)
            .arg(m_resent)
            .arg(m_integrityOk)
            .arg(m_integrityChecks)
            .arg(m_saveCost.isEmpty() ? QString() : QStringLiteral("result commits (last batch): %1\n").arg(m_saveCost))
            .arg(double(m_wall.elapsed()) / 1000.0, 0, 'f', 1)
            .arg(m_sentTwice);
    f.write(text.toUtf8());
}

std::unique_ptr<QProcess> TestCrash::start(const QStringList& args, const QString& db)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("EGB_DB"));
    env.insert(QStringLiteral("EGB_BASE_URL"), m_server.baseUrl());
    process->setProcessEnvironment(env);
    process->setWorkingDirectory(m_dir.path());
    process->start(QStringLiteral(EGB_CLI_PATH), args + QStringList{QStringLiteral("--db"), db});
    return process;
}

bool TestCrash::waitFor(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return true;
    QSignalSpy finished(&process, &QProcess::finished);
    if (process.state() == QProcess::NotRunning || finished.wait(120'000))
        return true;
    process.kill();
    process.waitForFinished();
    return false;
}

QString TestCrash::writeKeyFile(int file, int first, int count, QStringList* keys)
{
    QByteArray text;
    text.reserve(count * 41);
    for (int i = first; i < first + count; ++i) {
        keys->append(makeKey(m_seed, i));
        text += keys->constLast().toLatin1() + '\n';
    }
    const QString path = m_dir.filePath(QStringLiteral("keys-%1.txt").arg(file));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestCrash::checkIntegrity(const DbState& s)
{
    ++m_integrityChecks;
    QVERIFY2(s.opened, qPrintable(s.error));
    QCOMPARE(s.integrity, QStringLiteral("ok"));
    ++m_integrityOk;
}

void TestCrash::killDuringImports()
{
    // Files of 10,000 keys into one database that grows with every import that lands. One import runs to its end
    // first: its time tells how late a kill can come (and later imports that end before their kill update it).
    constexpr int KeysPerFile = 10000;
    const QString db = m_dir.filePath(QStringLiteral("imports.db"));
    QSet<QString> expected; // every key of every import that finished or landed whole before its kill
    int nextKey = 0;
    qint64 importMs = 0;
    for (int file = 0, attempts = 0; m_importKills < m_perPhase; ++file, ++attempts) {
        QVERIFY2(attempts < m_perPhase * 4, "too many imports ended before their kill");
        QStringList keys;
        const QString path = writeKeyFile(file, nextKey, KeysPerFile, &keys);
        nextKey += KeysPerFile;
        std::unique_ptr<QProcess> egb = start({QStringLiteral("import"), path}, db);
        QVERIFY(egb->waitForStarted(10'000));
        QElapsedTimer timer;
        timer.start();
        const bool calibrate = importMs == 0;
        if (!calibrate) {
            // A random moment (not a wait for correctness). Every other kill: from a third of the last import's time
            // to a third past it, landing in the start-up, the reading of the file, the transaction or the exit. The
            // others aim at the last quarter, where the transaction commits: uniform moments almost never hit it.
            const int delay = m_importKills % 2 == 0
                                  ? int(importMs / 3 + m_random.bounded(quint32(importMs + 1)))
                                  : int(importMs * 3 / 4 + m_random.bounded(quint32(importMs / 3 + 1)));
            QTimer::singleShot(delay, egb.get(), [p = egb.get()] { p->kill(); });
        }
        QVERIFY(waitFor(*egb));
        const bool killed = egb->exitStatus() == QProcess::CrashExit;
        if (!killed) {
            QVERIFY2(egb->exitCode() == 0, egb->readAllStandardError().constData());
            importMs = timer.elapsed();
            ++m_importsCompleted;
        }

        const DbState s = readDb(db);
        checkIntegrity(s);
        int present = 0;
        for (const QString& k : std::as_const(keys))
            present += s.keys.contains(k) ? 1 : 0;
        if (killed) {
            ++m_importKills;
            QVERIFY2(
                present == 0 || present == KeysPerFile,
                qPrintable(
                    QStringLiteral("killed import %1 left %2 of its %3 keys").arg(file).arg(present).arg(KeysPerFile)));
            if (present == KeysPerFile)
                ++m_importKeptWhole;
            else
                ++m_importKeptNone;
        } else {
            QCOMPARE(present, KeysPerFile);
        }
        if (present == KeysPerFile) {
            for (const QString& k : std::as_const(keys))
                expected.insert(k);
        }
        // Nothing of an earlier import is lost, and nothing else is there.
        QCOMPARE(s.keys.size(), expected.size());
        QVERIFY(s.keys == expected);
    }
    qInfo("import kills: %d (kept whole %d, kept none %d), %d imports completed, %lld keys in the database, "
          "last import %lld ms",
          m_importKills, m_importKeptWhole, m_importKeptNone, m_importsCompleted, qint64(expected.size()), importMs);
}

void TestCrash::killDuringBatches()
{
    const QString db = m_dir.filePath(QStringLiteral("batch.db"));
    QStringList keys;
    const QString keyFile = writeKeyFile(1000, 1'000'000, 4, &keys);
    {
        std::unique_ptr<QProcess> import = start({QStringLiteral("import"), keyFile}, db);
        QVERIFY(import->waitForStarted(10'000));
        QVERIFY(waitFor(*import));
        QCOMPARE(import->exitCode(), 0);
    }
    // Answers take a while, so several are in flight at every moment a kill can come.
    m_server.setDefaultBehavior(FakeBehavior::ok({}, 15));

    constexpr int PromptsPerBatch = 90;
    int batch = 0;
    QStringList prompts;
    QString input;
    QString output;
    QSet<QString> neverAgain;                // prompts whose answers were saved when egb was killed
    int resumed = 0;                         // runs of the current batch so far
    int batchFrom = m_server.requestCount(); // the first request of the current batch
    for (int attempts = 0; m_batchKills < m_perPhase || resumed > 0; ++attempts) {
        QVERIFY2(attempts < m_perPhase * 6, "the batches do not make progress");
        if (resumed == 0) {
            prompts.clear();
            QByteArray text;
            for (int i = 0; i < PromptsPerBatch; ++i) {
                prompts.append(QStringLiteral("crash %1 batch %2 prompt %3")
                                   .arg(m_seed)
                                   .arg(batch)
                                   .arg(i, 4, 10, QLatin1Char('0')));
                text += prompts.constLast().toUtf8() + '\n';
            }
            input = m_dir.filePath(QStringLiteral("prompts-%1.txt").arg(batch));
            output = m_dir.filePath(QStringLiteral("answers-%1.jsonl").arg(batch));
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        const int from = m_server.requestCount();
        std::unique_ptr<QProcess> egb = start({QStringLiteral("batch"), input, QStringLiteral("-o"), output,
                                               QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("-v")},
                                              db);
        QVERIFY(egb->waitForStarted(10'000));
        // Kill after a random number of requests sent by this run (a real progress marker), now and then at a
        // random moment of its start-up instead; the last run of a batch once the kills are done runs to its end.
        const bool kill = m_batchKills < m_perPhase;
        if (kill) {
            if (m_random.bounded(6) == 0) {
                QTimer::singleShot(int(m_random.bounded(150)), egb.get(), [p = egb.get()] { p->kill(); });
            } else {
                const int requests = 1 + int(m_random.bounded(40));
                QTRY_VERIFY_WITH_TIMEOUT(
                    m_server.requestCount() >= from + requests || egb->state() == QProcess::NotRunning, 60'000);
                egb->kill();
            }
        }
        QVERIFY(waitFor(*egb));
        const bool killed = egb->exitStatus() == QProcess::CrashExit;
        const QString err = QString::fromUtf8(egb->readAllStandardError());

        // No prompt answered before an earlier kill of this batch was sent again by this run.
        const QList<egb::test::RecordedRequest> requests = m_server.requests();
        for (qsizetype i = from; i < requests.size(); ++i) {
            const QString prompt = promptOf(requests.at(i).body);
            if (neverAgain.contains(prompt)) {
                ++m_resent;
                qWarning("sent again after its answer was saved: %s", qPrintable(prompt));
            }
        }
        QCOMPARE(m_resent, 0);

        const DbState s = readDb(db);
        checkIntegrity(s);
        for (const QString& k : std::as_const(keys))
            QVERIFY2(s.keys.contains(k), "an imported key is gone");
        if (killed) {
            ++m_batchKills;
            ++resumed;
            for (const QString& p : std::as_const(prompts)) {
                if (s.answered.contains(p))
                    neverAgain.insert(p);
            }
            continue;
        }

        // The run ended by itself: every prompt answered once, in input order, saved answers and new ones alike.
        QVERIFY2(egb->exitCode() == 0, qPrintable(err));
        if (resumed > 0 && !neverAgain.isEmpty())
            QVERIFY2(err.contains(u"Resuming run"), qPrintable(err));
        QFile f(output);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), PromptsPerBatch);
        for (int i = 0; i < PromptsPerBatch; ++i) {
            const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
            QCOMPARE(o.value(u"index").toInt(), i);
            QCOMPARE(o.value(u"prompt").toString(), prompts.at(i));
            QCOMPARE(o.value(u"status").toString(), QStringLiteral("ok"));
            QCOMPARE(o.value(u"text").toString(), QStringLiteral("Echo: ") + prompts.at(i));
        }
        for (const QString& p : std::as_const(prompts))
            QVERIFY2(s.answered.contains(p), qPrintable(p));
        const qsizetype at = err.indexOf(u"Saved ");
        if (at >= 0)
            m_saveCost = err.mid(at).section(u'\n', 0, 0).trimmed();
        QHash<QString, int> sends;
        for (qsizetype i = batchFrom; i < requests.size(); ++i)
            ++sends[promptOf(requests.at(i).body)];
        for (auto it = sends.cbegin(); it != sends.cend(); ++it)
            m_sentTwice += it.value() - 1;
        batchFrom = m_server.requestCount();
        ++m_batchesCompleted;
        ++batch;
        resumed = 0;
        neverAgain.clear();
    }
    qInfo("batch kills: %d, batches completed: %d, prompts resent: %d; %s", m_batchKills, m_batchesCompleted, m_resent,
          qPrintable(m_saveCost));
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
