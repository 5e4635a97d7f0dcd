// A key is a secret: egb is driven through imports (junk, duplicates, glued and broken keys), key checks with
// invalid and leaked keys, chats, a batch with errors and every listing, with Qt's logging at its most verbose
// (QT_LOGGING_RULES="*.debug=true") and --verbose wherever a command has it. No full key, nor any 12-character
// piece of one, may appear in stdout, stderr, the batch's output file or any other file egb leaves behind; no
// request target holds a key (only the x-goog-api-key header does); the database and its log are mode 0600.
#include "ApiKey.h"
#include "FakeGeminiServer.h"
#include "KeyStore.h"
#include "TestKeys.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <memory>

using namespace egb;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;

namespace {

constexpr int PieceLength = 12;

int fileMode(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void noFullKeyAnywhere();

private:
    QProcessEnvironment environment() const;
    Run egb(const QStringList& args);
    QString writeFile(const QString& name, const QByteArray& content);
    /// The first secret (or 12-character piece of one after "AIza") found in `text`; empty when none.
    QString leakIn(const QByteArray& text) const;
    QString keyId(const QString& key);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    QString m_db;
    QStringList m_secrets;   ///< every full key egb saw, in the pool or only in a file it read
    QStringList m_inputs;    ///< files the test wrote (they hold keys on purpose)
    QByteArray m_transcript; ///< everything egb printed, for the search at the end
    int m_runs = 0;
};

void TestSecrets::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("data/keys.db"));
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
}

void TestSecrets::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

QProcessEnvironment TestSecrets::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir->path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg-config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir->filePath(QStringLiteral("xdg-cache")));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    env.insert(QStringLiteral("QT_MESSAGE_PATTERN"), QStringLiteral("%{category} %{type}: %{message}"));
    env.insert(QStringLiteral("EGB_DB"), m_db);
    env.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
    return env;
}

Run TestSecrets::egb(const QStringList& args)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(m_dir->path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH), args);
    QElapsedTimer clock;
    clock.start();
    Run run;
    if (!process.waitForStarted(10'000))
        return run;
    process.closeWriteChannel();
    if (!finished.wait(120'000)) { // spins the event loop: the fake server lives in this thread
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    m_transcript += run.out + run.err; // not the arguments: one of them is a key on purpose
    ++m_runs;
    qInfo("egb %s: exit %d in %lld ms", qPrintable(args.value(0)), run.exitCode, clock.elapsed());
    return run;
}

QString TestSecrets::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    m_inputs << QFileInfo(path).canonicalFilePath();
    return path;
}

QString TestSecrets::leakIn(const QByteArray& text) const
{
    for (const QString& secret : m_secrets) {
        const QByteArray s = secret.toLatin1();
        if (text.contains(s))
            return secret;
        for (qsizetype at = 4; at + PieceLength <= s.size(); ++at) {
            if (text.contains(s.mid(at, PieceLength)))
                return secret + QStringLiteral(" (piece \"%1\")").arg(QString::fromLatin1(s.mid(at, PieceLength)));
        }
    }
    return {};
}

QString TestSecrets::keyId(const QString& key)
{
    const Run r = egb({QStringLiteral("list"), QStringLiteral("--json")});
    for (const QJsonValue& v : QJsonDocument::fromJson(r.out).array()) {
        if (v.toObject().value(u"key").toString() == ApiKey::mask(key))
            return QString::number(v.toObject().value(u"id").toInteger());
    }
    return {};
}

void TestSecrets::noFullKeyAnywhere()
{
    QStringList keys;
    for (int i = 0; i < 10; ++i)
        keys << egb::test::testKey(7000 + i);
    m_secrets = keys;
    const QString glued = keys.at(8);     // only ever inside other text: never a key of the pool
    const QString truncated = keys.at(9); // only ever cut short or too long

    // --- import: keys, duplicates, junk, a key glued to text, a cut and an overlong key, a .env and a CSV -------
    QByteArray text;
    for (int i = 0; i < 6; ++i)
        text += keys.at(i).toLatin1() + '\n';
    text += keys.at(0).toLatin1() + "\n";                                        // duplicate within the file
    text += "hello world, no key here\n";                                        // junk
    text += "token=x" + glued.toLatin1() + "yz\n";                               // glued to other text
    text += truncated.left(30).toLatin1() + '\n';                                // cut short
    text += truncated.toLatin1() + "QQQQ\n";                                     // too long
    text += "\"" + keys.at(1).toLatin1() + "\",\"" + glued.toLatin1() + "_\"\n"; // a good key next to a broken one
    const QString plain = writeFile(QStringLiteral("keys.txt"), text);
    Run r = egb({QStringLiteral("import"), plain});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("rejected") || r.err.contains("rejected"), r.out.constData());
    r = egb({QStringLiteral("import"), plain, QStringLiteral("--json")}); // everything is a duplicate now
    QVERIFY(QJsonDocument::fromJson(r.out).isArray());
    const QString env =
        writeFile(QStringLiteral("keys.env"),
                  "GEMINI_API_KEY=" + keys.at(6).toLatin1() + "\nOTHER_KEY=" + truncated.left(20).toLatin1() + '\n');
    QCOMPARE(egb({QStringLiteral("import"), env}).exitCode, 0);
    const QString csv = writeFile(QStringLiteral("keys.csv"), "key,label\n" + keys.at(7).toLatin1() + ",seven\n" +
                                                                  keys.at(0).toLatin1() + ",again\nnot-a-key,junk\n");
    QCOMPARE(egb({QStringLiteral("import"), csv, QStringLiteral("--json")}).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("import"), m_dir->filePath(QStringLiteral("missing.txt"))}).exitCode, 1);

    // --- check: an invalid key, a leaked key, a rate-limited key -------------------------------------------------
    FakeBehavior invalid = FakeBehavior::of(FakeBehavior::Kind::InvalidKey);
    invalid.message = QStringLiteral("API key not valid: {key}. Please pass a valid API key.");
    m_server->setKeyBehavior(keys.at(1), invalid);
    m_server->setKeyBehavior(keys.at(2), FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
    m_server->setKeyBehavior(keys.at(3), FakeBehavior::rateLimited(QStringLiteral("3600s")));
    QCOMPARE(egb({QStringLiteral("check")}).exitCode, 1);
    QCOMPARE(egb({QStringLiteral("check"), QStringLiteral("--json")}).exitCode, 1);

    // --- chat: an answer, a stream, a failure on every key ---------------------------------------------------------
    // A server (or proxy) that quotes the key back in its error message.
    FakeBehavior echo = FakeBehavior::of(FakeBehavior::Kind::Unauthenticated);
    echo.message = QStringLiteral("Request with key={key} had invalid authentication credentials.");
    m_server->setKeyBehavior(keys.at(4), echo);
    r = egb({QStringLiteral("chat"), QStringLiteral("-v"), QStringLiteral("hello")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(egb({QStringLiteral("chat"), QStringLiteral("--verbose"), QStringLiteral("--stream"),
                  QStringLiteral("tell me")})
                 .exitCode,
             0);
    QCOMPARE(
        egb({QStringLiteral("chat"), QStringLiteral("-v"), QStringLiteral("--json"), QStringLiteral("hi")}).exitCode,
        0);
    m_server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
    r = egb({QStringLiteral("chat"), QStringLiteral("-v"), QStringLiteral("fails")});
    QCOMPARE(r.exitCode, 1);
    m_server->setDefaultBehavior(FakeBehavior::ok());

    // The database and its write-ahead log while egb holds them open (a stream held half-way).
    {
        FakeBehavior held = FakeBehavior::streaming(4, 0, QStringLiteral("one two three four"));
        held.holdAfterChunks = 2;
        m_server->setDefaultBehavior(held);
        const int chunksBefore = m_server->chunksSent();
        QProcess process;
        process.setProcessEnvironment(environment());
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(EGB_CLI_PATH),
                      {QStringLiteral("chat"), QStringLiteral("--stream"), QStringLiteral("-v"), QStringLiteral("x")});
        QVERIFY(process.waitForStarted(10'000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->chunksSent(), chunksBefore + 2, 30'000);
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QVERIFY2(QFile::exists(m_db + suffix), qPrintable(m_db + suffix));
            QCOMPARE(fileMode(m_db + suffix), 0600);
        }
        m_server->release();
        QVERIFY(finished.wait(30'000));
        m_transcript += process.readAllStandardOutput() + process.readAllStandardError();
        m_server->setDefaultBehavior(FakeBehavior::ok());
    }

    // --- batch: faults, a key that goes bad, output to a file and to stdout -------------------------------------
    m_server->enqueueAny(FakeBehavior::httpStatus(500));
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
    m_server->enqueue(keys.at(0), FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
    QByteArray prompts;
    for (int i = 0; i < 40; ++i)
        prompts += "prompt " + QByteArray::number(i) + '\n';
    const QString in = writeFile(QStringLiteral("prompts.txt"), prompts);
    const QString out = m_dir->filePath(QStringLiteral("answers.jsonl"));
    r = egb({QStringLiteral("batch"), in, QStringLiteral("-o"), out, QStringLiteral("-v"), QStringLiteral("-c"),
             QStringLiteral("4")});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    QVERIFY(QFileInfo(out).size() > 0);
    // The same prompts again from the start (a re-run would only resume the saved run), to standard output.
    r = egb({QStringLiteral("batch"), in, QStringLiteral("--restart"), QStringLiteral("--verbose"),
             QStringLiteral("--json")});
    QVERIFY(!r.out.isEmpty());

    // --- listings and changes by id -----------------------------------------------------------------------------
    for (const QStringList& args :
         {QStringList{QStringLiteral("list")}, QStringList{QStringLiteral("list"), QStringLiteral("--json")},
          QStringList{QStringLiteral("stats")}, QStringList{QStringLiteral("stats"), QStringLiteral("--json")}})
        QCOMPARE(egb(args).exitCode, 0);
    const QString id5 = keyId(keys.at(5));
    QVERIFY(!id5.isEmpty());
    QCOMPARE(egb({QStringLiteral("disable"), id5}).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("enable"), id5, QStringLiteral("--json")}).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("reset"), id5}).exitCode, 0);
    // A key where an id belongs is an error, and the error does not repeat the key.
    QVERIFY(egb({QStringLiteral("disable"), keys.at(5)}).exitCode != 0);
    QCOMPARE(egb({QStringLiteral("remove"), id5}).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("--help")}).exitCode, 0);

    // --- add, export (masked, to the terminal and to a file), history, monitor, config ----------------------------
    QCOMPARE(egb({QStringLiteral("add"), keys.at(5), QStringLiteral("--label"), QStringLiteral("five")}).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("add"), keys.at(0)}).exitCode, 1);         // already in the pool
    QCOMPARE(egb({QStringLiteral("add"), truncated.left(30)}).exitCode, 2); // not a key
    QCOMPARE(egb({QStringLiteral("add"), keys.at(5), QStringLiteral("--json")}).exitCode, 1);
    for (const QStringList& args :
         {QStringList{QStringLiteral("export")}, QStringList{QStringLiteral("export"), QStringLiteral("--json")},
          QStringList{QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("-o"),
                      m_dir->filePath(QStringLiteral("masked-export.csv"))},
          QStringList{QStringLiteral("history")}, QStringList{QStringLiteral("history"), QStringLiteral("--json")},
          QStringList{QStringLiteral("monitor"), QStringLiteral("--once")},
          QStringList{QStringLiteral("monitor"), QStringLiteral("--once"), QStringLiteral("--json")},
          QStringList{QStringLiteral("config"), QStringLiteral("list")}})
        QCOMPARE(egb(args).exitCode, 0);
    QCOMPARE(egb({QStringLiteral("export"), QStringLiteral("--full")}).exitCode, 2); // full keys only to a file

    // --- the search -----------------------------------------------------------------------------------------------
    QVERIFY(m_runs > 20);
    QVERIFY2(m_transcript.contains("qt."), "Qt's debug logging did not reach the transcript");
    // The keys were shown, masked: a full one would have been there to find.
    for (int i = 0; i < 8; ++i)
        QVERIFY2(m_transcript.contains(ApiKey::mask(keys.at(i)).toUtf8()), qPrintable(ApiKey::mask(keys.at(i))));
    const QString printed = leakIn(m_transcript);
    QVERIFY2(printed.isEmpty(), qPrintable(QStringLiteral("egb printed %1").arg(printed)));

    // Every file egb wrote (the batch output, anything under HOME and the XDG folders) except the key database.
    int filesSearched = 0;
    QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = QFileInfo(it.next()).canonicalFilePath();
        if (m_inputs.contains(path) || path.startsWith(QFileInfo(m_db).canonicalFilePath()))
            continue;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString leak = leakIn(file.readAll());
        QVERIFY2(leak.isEmpty(), qPrintable(QStringLiteral("%1 holds %2").arg(path, leak)));
        ++filesSearched;
    }
    QVERIFY(filesSearched >= 1); // at least the batch's answers

    // No request ever carried a key anywhere but in its header.
    const QList<egb::test::RecordedRequest> requests = m_server->requests();
    QVERIFY(requests.size() > 80);
    for (const auto& req : requests) {
        QVERIFY2(!req.target.contains("AIza") && !req.target.contains("key="), req.target.constData());
        QVERIFY2(leakIn(req.target).isEmpty(), req.target.constData());
        QVERIFY(keys.contains(req.apiKey()));
        QVERIFY2(leakIn(req.body).isEmpty(), req.body.constData());
    }

    // The database holds the keys by design, but not in the text it keeps about them (errors, reasons, labels).
    {
        KeyStore store;
        QVERIFY(store.open(m_db));
        const std::vector<ApiKey> saved = store.loadKeys();
        QVERIFY(saved.size() >= 7);
        bool quoted = false;
        for (const ApiKey& k : saved) {
            const QByteArray text =
                (k.lastError + u'\n' + k.disabledReason + u'\n' + k.label + u'\n' + k.group).toUtf8();
            QVERIFY2(leakIn(text).isEmpty(), text.constData());
            quoted = quoted || text.contains(ApiKey::mask(keys.at(1)).toUtf8());
        }
        QVERIFY(quoted); // the server's words were kept, with the key masked
    }

    // Every other table in the file (saved batch runs: prompts, answers, errors, masked keys) holds no key.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(m_db);
        QVERIFY(db.open());
        QStringList tables;
        QSqlQuery list(db);
        QVERIFY(list.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type='table'")));
        while (list.next())
            tables << list.value(0).toString();
        QVERIFY(tables.size() >= 2);
        int cells = 0;
        for (const QString& table : std::as_const(tables)) {
            QSqlQuery rows(db);
            QVERIFY(rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(table)));
            while (rows.next()) {
                const QSqlRecord record = rows.record();
                for (int c = 0; c < record.count(); ++c) {
                    if (table == u"keys" && record.fieldName(c) == u"secret")
                        continue; // where the keys belong
                    const QByteArray value = rows.value(c).toString().toUtf8();
                    QVERIFY2(leakIn(value).isEmpty(), qPrintable(table + u'.' + record.fieldName(c)));
                    ++cells;
                }
            }
        }
        QVERIFY(cells > 100);
        db = QSqlDatabase();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));

    // The database keeps its owner-only mode after every run.
    QCOMPARE(fileMode(m_db), 0600);
    for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        QVERIFY(!QFile::exists(m_db + suffix) || fileMode(m_db + suffix) == 0600);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
