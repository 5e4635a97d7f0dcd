#include "ApiKey.h"
#include "FakeGeminiServer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;

namespace {

/// A key of the real shape, made up at run time from an index ("AIza" + 35 characters).
QString makeKey(int index)
{
    const QByteArray hash =
        QCryptographicHash::hash("egb-cli-test-" + QByteArray::number(index), QCryptographicHash::Sha256);
    QString tail = QString::fromLatin1(hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return QStringLiteral("AIza") + tail.left(35);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QByteArray rawOut;
    QJsonDocument json() const { return QJsonDocument::fromJson(rawOut); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void helpAndVersion();
    void commandLineErrorsExitWithTwo();
    void importCountsAddedDuplicatesAndRejected();
    void importMissingFileFails();
    void listAndStatsJson();
    void listTableIsAlignedAndMasked();
    void enableDisableResetRemove();
    void globalOptionsBeforeOrAfterTheCommand();
    void databaseFromEnvironmentOrDefault();
    void chatPrintsTheAnswer();
    void chatStreamsChunksAsTheyArrive();
    void chatFailsWithReasonAndExitOne();
    void chatSendsAttachedFilesInline();
    void chatWithoutKeysSaysWhatToDo();
    void aModelsRestOutlivesTheProcess();
    void checkDisablesRejectedKeys();
    void checkResultsLineUpInChinese();
    void batchOf200WithFaultyKeys();
    void batchReadsCsvAndJsonlAndReportsBadLines();
    void batchInputErrors();
    void batchStopsCleanlyOnInterrupt();
    void batchRetryFailedAndRestart();

private:
    Run egb(const QStringList& args, const QMap<QString, QString>& env = {}, bool withDb = true);
    QString writeFile(const QString& name, const QByteArray& content);
    /// Imports keys makeKey(first..first+count-1); returns them.
    QStringList importKeys(int first, int count);
    QJsonArray listJson();
    QJsonObject keyById(const QJsonArray& list, const QString& masked);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    QString m_db;
    QSet<QString> m_secrets; ///< every full key a test used: none may ever be printed
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("keys.db"));
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    m_secrets.clear();
}

void TestCli::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

Run TestCli::egb(const QStringList& args, const QMap<QString, QString>& env, bool withDb)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Never touch the real user's database: the default location lives in the temporary folder.
    environment.insert(QStringLiteral("HOME"), m_dir->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg-config")));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.remove(QStringLiteral("EGB_DB"));
    environment.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (it.value().isNull())
            environment.remove(it.key());
        else
            environment.insert(it.key(), it.value());
    }
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir->path());
    QStringList all = args;
    if (withDb)
        all << QStringLiteral("--db") << m_db;
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH), all);
    Run run;
    if (!process.waitForStarted(10'000)) {
        qWarning("egb did not start: %s", qPrintable(process.errorString()));
        return run;
    }
    process.closeWriteChannel();
    // The fake server runs in this thread: wait by spinning the event loop, never by blocking it.
    if (!finished.wait(120'000)) {
        process.kill();
        process.waitForFinished();
        qWarning("egb %s did not finish in time", qPrintable(args.join(u' ')));
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.rawOut = process.readAllStandardOutput();
    run.out = QString::fromUtf8(run.rawOut);
    run.err = QString::fromUtf8(process.readAllStandardError());
    for (const QString& secret : std::as_const(m_secrets)) {
        if (run.out.contains(secret) || run.err.contains(secret))
            qFatal("egb %s printed a full key", qPrintable(args.join(u' ')));
    }
    return run;
}

QString TestCli::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_dir->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

QStringList TestCli::importKeys(int first, int count)
{
    QStringList keys;
    QByteArray text;
    for (int i = first; i < first + count; ++i) {
        keys.append(makeKey(i));
        m_secrets.insert(keys.constLast());
        text += keys.constLast().toLatin1() + '\n';
    }
    const QString file = writeFile(QStringLiteral("import-%1.txt").arg(first), text);
    const Run r = egb({QStringLiteral("import"), file});
    if (r.exitCode != 0)
        qWarning("import failed: %s", qPrintable(r.err));
    return keys;
}

QJsonArray TestCli::listJson()
{
    const Run r = egb({QStringLiteral("list"), QStringLiteral("--json")});
    if (r.exitCode != 0)
        qWarning("list failed: %s", qPrintable(r.err));
    return r.json().array();
}

QJsonObject TestCli::keyById(const QJsonArray& list, const QString& masked)
{
    for (const QJsonValue& v : list) {
        if (v.toObject().value(QLatin1String("key")).toString() == masked)
            return v.toObject();
    }
    return {};
}

void TestCli::helpAndVersion()
{
    const Run version = egb({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out.trimmed(), QStringLiteral("egb " EGB_VERSION));

    const Run help = egb({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* command : {"import", "list", "stats", "check", "enable", "disable", "reset", "remove", "chat",
                                "batch", "--db", "--base-url", "--json"})
        QVERIFY2(help.out.contains(QLatin1String(command)), command);

    const Run chatHelp = egb({QStringLiteral("chat"), QStringLiteral("--help")});
    QCOMPARE(chatHelp.exitCode, 0);
    QVERIFY(chatHelp.out.contains(u"--stream"));
    QVERIFY(chatHelp.out.contains(u"--system"));

    const Run batchHelp = egb({QStringLiteral("--help"), QStringLiteral("batch")});
    QCOMPARE(batchHelp.exitCode, 0);
    QVERIFY(batchHelp.out.contains(u"--concurrency"));
}

void TestCli::commandLineErrorsExitWithTwo()
{
    const Run none = egb({});
    QCOMPARE(none.exitCode, 2);
    QVERIFY(none.err.contains(u"egb --help"));

    const Run unknown = egb({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(u"frobnicate"), qPrintable(unknown.err));

    const Run badOption = egb({QStringLiteral("list"), QStringLiteral("--bogus")});
    QCOMPARE(badOption.exitCode, 2);
    QVERIFY2(badOption.err.contains(u"bogus"), qPrintable(badOption.err));
    QVERIFY(badOption.err.contains(u"egb list --help"));

    const Run missingValue = egb({QStringLiteral("stats"), QStringLiteral("--db")}, {}, false);
    QCOMPARE(missingValue.exitCode, 2);
    QVERIFY(missingValue.err.contains(u"--db"));

    importKeys(1, 1);
    const Run badUrl = egb({QStringLiteral("check"), QStringLiteral("--base-url"), QStringLiteral("ftp://x")});
    QCOMPARE(badUrl.exitCode, 2);
    QVERIFY2(badUrl.err.contains(u"http://"), qPrintable(badUrl.err));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestCli::importCountsAddedDuplicatesAndRejected()
{
    QStringList keys;
    for (int i = 0; i < 5; ++i) {
        keys.append(makeKey(100 + i));
        m_secrets.insert(keys.constLast());
    }
    const QByteArray text = keys.at(0).toLatin1() + "\n" + keys.at(1).toLatin1() + "\n" + "not a key at all\n" +
                            keys.at(2).toLatin1() + "\n" + keys.at(0).toLatin1() + "\n" + // duplicate of line 1
                            keys.at(3).toLatin1() + "\n" + "AIzaTooShort\n" + keys.at(4).toLatin1() + "\n";
    const QString file = writeFile(QStringLiteral("keys.txt"), text);

    const Run first = egb({QStringLiteral("import"), file});
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.contains(u"added 5"), qPrintable(first.out));
    QVERIFY2(first.out.contains(u"duplicates 1"), qPrintable(first.out));
    QVERIFY2(first.out.contains(u"rejected 2"), qPrintable(first.out));
    QVERIFY2(first.out.contains(u"line 5"), qPrintable(first.out)); // the duplicate
    QVERIFY2(first.out.contains(u"line 3"), qPrintable(first.out)); // the rejected text
    QVERIFY2(first.out.contains(u"line 7"), qPrintable(first.out));

    // Again: everything is already in the pool.
    const Run again = egb({QStringLiteral("--json"), QStringLiteral("import"), file});
    QCOMPARE(again.exitCode, 0);
    const QJsonArray files = again.json().array();
    QCOMPARE(files.size(), 1);
    const QJsonObject report = files.at(0).toObject();
    QCOMPARE(report.value(u"ok").toBool(), true);
    QCOMPARE(report.value(u"added").toInt(), 0);
    QCOMPARE(report.value(u"duplicates").toArray().size(), 6);
    QCOMPARE(report.value(u"rejected").toArray().size(), 2);
    QCOMPARE(report.value(u"rejected").toArray().at(0).toObject().value(u"line").toInt(), 3);

    QCOMPARE(listJson().size(), 5);
}

void TestCli::importMissingFileFails()
{
    const QString good = writeFile(QStringLiteral("good.txt"), makeKey(1).toLatin1() + "\n");
    m_secrets.insert(makeKey(1));
    const QString missing = m_dir->filePath(QStringLiteral("missing.txt"));
    const Run r = egb({QStringLiteral("import"), missing, good});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"missing.txt"), qPrintable(r.err));
    // The readable file was still imported.
    QVERIFY2(r.out.contains(u"added 1"), qPrintable(r.out));
    QCOMPARE(listJson().size(), 1);

    const Run noArgs = egb({QStringLiteral("import")});
    QCOMPARE(noArgs.exitCode, 2);
}

void TestCli::listAndStatsJson()
{
    const Run emptyStats = egb({QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(emptyStats.exitCode, 0);
    QCOMPARE(emptyStats.json().object().value(u"total").toInt(), 0);
    QCOMPARE(listJson().size(), 0);

    const QStringList keys = importKeys(10, 3);
    const QJsonArray list = listJson();
    QCOMPARE(list.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject k = list.at(i).toObject();
        QCOMPARE(k.value(u"key").toString(), ApiKey::mask(keys.at(i)));
        QCOMPARE(k.value(u"status").toString(), QStringLiteral("active"));
        QCOMPARE(k.value(u"weight").toDouble(), 1.0);
        QCOMPARE(k.value(u"successes").toInt(), 0);
        QCOMPARE(k.value(u"failures").toInt(), 0);
        QCOMPARE(k.value(u"consecutive_failures").toInt(), 0);
        QVERIFY(k.value(u"last_status").isNull());
        QVERIFY(k.value(u"last_error").isNull());
        QVERIFY(k.value(u"cooldown_until").isNull());
        QVERIFY(k.value(u"id").toInteger() > 0);
    }

    const Run stats = egb({QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(stats.exitCode, 0);
    const QJsonObject s = stats.json().object();
    QCOMPARE(s.value(u"total").toInt(), 3);
    QCOMPARE(s.value(u"available").toInt(), 3);
    QCOMPARE(s.value(u"cooling_down").toInt(), 0);
    QCOMPARE(s.value(u"disabled").toInt(), 0);
}

void TestCli::listTableIsAlignedAndMasked()
{
    const QStringList keys = importKeys(20, 12);
    const Run r = egb({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 13); // header + 12 keys
    QVERIFY(lines.at(0).contains(u"STATUS"));
    // Every row puts the key in the same column as the header's KEY.
    const qsizetype keyColumn = lines.at(0).indexOf(u"KEY");
    QVERIFY(keyColumn > 0);
    for (int i = 1; i < lines.size(); ++i) {
        QCOMPARE(lines.at(i).mid(keyColumn, 9), ApiKey::mask(keys.at(i - 1)));
        QVERIFY(lines.at(i).contains(u"active"));
    }
    const Run stats = egb({QStringLiteral("stats")});
    QCOMPARE(stats.exitCode, 0);
    QVERIFY2(stats.out.contains(u"Keys:") && stats.out.contains(u"12"), qPrintable(stats.out));
}

void TestCli::enableDisableResetRemove()
{
    const QStringList keys = importKeys(30, 4);
    QJsonArray list = listJson();
    QCOMPARE(list.size(), 4);
    const QString id1 = QString::number(list.at(0).toObject().value(u"id").toInteger());
    const QString id2 = QString::number(list.at(1).toObject().value(u"id").toInteger());
    const QString id3 = QString::number(list.at(2).toObject().value(u"id").toInteger());

    Run r = egb({QStringLiteral("disable"), id1, id2});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"Keys disabled: 2."), qPrintable(r.out));
    list = listJson();
    QCOMPARE(list.at(0).toObject().value(u"status").toString(), QStringLiteral("disabled"));
    QCOMPARE(list.at(1).toObject().value(u"status").toString(), QStringLiteral("disabled"));
    QCOMPARE(list.at(2).toObject().value(u"status").toString(), QStringLiteral("active"));
    r = egb({QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(r.json().object().value(u"disabled").toInt(), 2);
    QCOMPARE(r.json().object().value(u"available").toInt(), 2);

    r = egb({QStringLiteral("enable"), id1});
    QCOMPARE(r.exitCode, 0);
    list = listJson();
    QCOMPARE(list.at(0).toObject().value(u"status").toString(), QStringLiteral("active"));
    QCOMPARE(list.at(1).toObject().value(u"status").toString(), QStringLiteral("disabled"));

    r = egb({QStringLiteral("reset"), id2});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(listJson().at(1).toObject().value(u"status").toString(), QStringLiteral("active"));

    r = egb({QStringLiteral("remove"), id3, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json().object().value(u"changed").toArray().size(), 1);
    list = listJson();
    QCOMPARE(list.size(), 3);
    QVERIFY(keyById(list, ApiKey::mask(keys.at(2))).isEmpty());

    // An unknown id is reported (exit 1) while the known ones are still changed.
    r = egb({QStringLiteral("disable"), QStringLiteral("999"), id1});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"999") && r.err.contains(u"egb list"), qPrintable(r.err));
    QCOMPARE(listJson().at(0).toObject().value(u"status").toString(), QStringLiteral("disabled"));

    r = egb({QStringLiteral("enable"), QStringLiteral("abc")});
    QCOMPARE(r.exitCode, 2);
    r = egb({QStringLiteral("enable")});
    QCOMPARE(r.exitCode, 2);
}

void TestCli::globalOptionsBeforeOrAfterTheCommand()
{
    importKeys(40, 2);
    const QStringList forms[] = {
        {QStringLiteral("--json"), QStringLiteral("--db"), m_db, QStringLiteral("stats")},
        {QStringLiteral("stats"), QStringLiteral("--db"), m_db, QStringLiteral("--json")},
        {QStringLiteral("--db=") + m_db, QStringLiteral("stats"), QStringLiteral("--json")},
        {QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("--db=") + m_db},
    };
    for (const QStringList& args : forms) {
        const Run r = egb(args, {}, false);
        QVERIFY2(r.exitCode == 0, qPrintable(args.join(u' ') + u' ' + r.err));
        QCOMPARE(r.json().object().value(u"total").toInt(), 2);
    }
    // --base-url after the command wins over EGB_BASE_URL.
    importKeys(41, 1);
    const Run chat =
        egb({QStringLiteral("chat"), QStringLiteral("hello"), QStringLiteral("--base-url"), m_server->baseUrl()},
            {{QStringLiteral("EGB_BASE_URL"), QStringLiteral("http://127.0.0.1:1")}});
    QVERIFY2(chat.exitCode == 0, qPrintable(chat.err));
    QCOMPARE(chat.out, QStringLiteral("Echo: hello\n"));
    // A prompt that looks like an option goes after "--".
    const Run dashed =
        egb({QStringLiteral("--db"), m_db, QStringLiteral("chat"), QStringLiteral("--"), QStringLiteral("--json")}, {},
            false);
    QVERIFY2(dashed.exitCode == 0, qPrintable(dashed.err));
    QCOMPARE(dashed.out, QStringLiteral("Echo: --json\n"));
}

void TestCli::databaseFromEnvironmentOrDefault()
{
    const QString other = m_dir->filePath(QStringLiteral("other.db"));
    const QString keyFile = writeFile(QStringLiteral("k.txt"), makeKey(50).toLatin1() + "\n" + makeKey(51).toLatin1());
    m_secrets.insert(makeKey(50));
    m_secrets.insert(makeKey(51));

    Run r = egb({QStringLiteral("import"), keyFile}, {{QStringLiteral("EGB_DB"), other}}, false);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QFile::exists(other));
    r = egb({QStringLiteral("stats"), QStringLiteral("--json")}, {{QStringLiteral("EGB_DB"), other}}, false);
    QCOMPARE(r.json().object().value(u"total").toInt(), 2);
    // --db beats EGB_DB.
    r = egb({QStringLiteral("stats"), QStringLiteral("--json"), QStringLiteral("--db"), m_db},
            {{QStringLiteral("EGB_DB"), other}}, false);
    QCOMPARE(r.json().object().value(u"total").toInt(), 0);

    // Neither: the default location (under XDG_DATA_HOME, here in the temporary folder).
    r = egb({QStringLiteral("import"), keyFile}, {}, false);
    QCOMPARE(r.exitCode, 0);
    QStringList found;
    QDirIterator it(m_dir->filePath(QStringLiteral("xdg-data")), {QStringLiteral("keys.db")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        found.append(it.next());
    QCOMPARE(found.size(), 1);
    r = egb({QStringLiteral("stats"), QStringLiteral("--json")}, {}, false);
    QCOMPARE(r.json().object().value(u"total").toInt(), 2);

    // A database that cannot be opened is a clear error.
    const QString blocker = writeFile(QStringLiteral("afile"), "x");
    r = egb({QStringLiteral("stats"), QStringLiteral("--db"), blocker + QStringLiteral("/sub/keys.db")}, {}, false);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"--db"), qPrintable(r.err));
}

void TestCli::chatPrintsTheAnswer()
{
    const QStringList keys = importKeys(60, 2);
    const Run plain = egb({QStringLiteral("chat"), QStringLiteral("Why"), QStringLiteral("is the sky blue?")});
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
    QCOMPARE(plain.out, QStringLiteral("Echo: Why is the sky blue?\n"));

    m_server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("Rayleigh scattering.")));
    const Run json =
        egb({QStringLiteral("chat"), QStringLiteral("--json"), QStringLiteral("--model"), QStringLiteral("gemini-test"),
             QStringLiteral("--system"), QStringLiteral("be brief"), QStringLiteral("why?")});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const QJsonObject o = json.json().object();
    QCOMPARE(o.value(u"text").toString(), QStringLiteral("Rayleigh scattering."));
    QCOMPARE(o.value(u"attempts").toInt(), 1);
    const QString usedKey = o.value(u"key").toString();
    QVERIFY2(usedKey == ApiKey::mask(keys.at(0)) || usedKey == ApiKey::mask(keys.at(1)), qPrintable(usedKey));
    // The request carried the model, the system instruction and the key in the header only.
    const auto requests = m_server->requests();
    const auto& last = requests.constLast();
    QVERIFY2(last.path.contains(u"models/gemini-test:generateContent"), qPrintable(last.path));
    QVERIFY(last.body.contains("be brief"));
    QVERIFY(keys.contains(last.apiKey()));
    QVERIFY(!QString::fromLatin1(last.target).contains(last.apiKey()));

    // The success is in the database for the next run.
    const QJsonArray list = listJson();
    int successes = 0;
    for (const QJsonValue& v : list)
        successes += v.toObject().value(u"successes").toInt();
    QCOMPARE(successes, 2);
}

void TestCli::chatStreamsChunksAsTheyArrive()
{
    importKeys(70, 1);
    const QString text = QStringLiteral("alpha beta gamma delta epsilon");
    FakeBehavior b = FakeBehavior::streaming(4, 0, text);
    b.holdAfterChunks = 2;
    m_server->setDefaultBehavior(b);

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_dir->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH),
                  {QStringLiteral("chat"), QStringLiteral("--stream"), QStringLiteral("tell me"),
                   QStringLiteral("--db"), m_db, QStringLiteral("--base-url"), m_server->baseUrl()});
    QVERIFY(process.waitForStarted(10'000));
    // Two chunks are out and the server holds the rest: their text is already on egb's stdout.
    QByteArray seen;
    const QByteArray firstTwoChunks = text.left(text.size() * 2 / 4).toUtf8(); // the fake splits evenly
    QTRY_COMPARE_WITH_TIMEOUT((seen += process.readAllStandardOutput(), seen), firstTwoChunks, 30'000);
    QCOMPARE(m_server->chunksSent(), 2);
    QCOMPARE(process.state(), QProcess::Running);
    m_server->release();
    QVERIFY(finished.wait(30'000));
    seen += process.readAllStandardOutput();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());
    QCOMPARE(QString::fromUtf8(seen), text + u'\n');
    QCOMPARE(m_server->chunksSent(), 4);
    QVERIFY(m_server->requests().constLast().path.contains(u":streamGenerateContent"));

    // --stream --json prints the whole answer as one object.
    m_server->setDefaultBehavior(FakeBehavior::streaming(3, 0, QStringLiteral("one two three")));
    const Run json =
        egb({QStringLiteral("chat"), QStringLiteral("--stream"), QStringLiteral("--json"), QStringLiteral("x")});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().object().value(u"text").toString(), QStringLiteral("one two three"));
}

// egb chat --attach: each file goes inline after the prompt, typed by its content; a file Gemini cannot read is
// refused (exit 2) before any request.
void TestCli::chatSendsAttachedFilesInline()
{
    importKeys(75, 1);
    const QString pdf = m_dir->filePath(QStringLiteral("report.pdf"));
    const QString text = m_dir->filePath(QStringLiteral("notes.log"));
    const QString binary = m_dir->filePath(QStringLiteral("blob.bin"));
    const QByteArray pdfBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
    for (const auto& [path, bytes] : {std::pair{pdf, pdfBytes}, std::pair{text, QByteArray("line one\nline two\n")},
                                      std::pair{binary, QByteArray("\x00\x01\x02\xff\xfe binary", 13)}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    const int before = m_server->requestCount();
    Run refused = egb({QStringLiteral("chat"), QStringLiteral("--attach"), binary, QStringLiteral("what is it?")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(u"blob.bin") && refused.err.contains(u"cannot read"), qPrintable(refused.err));
    QCOMPARE(m_server->requestCount(), before);

    Run r = egb({QStringLiteral("chat"), QStringLiteral("-a"), pdf, QStringLiteral("--attach"), text,
                 QStringLiteral("summarize")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    auto lastParts = [this] {
        return QJsonDocument::fromJson(m_server->requests().constLast().body)
            .object()
            .value(u"contents")
            .toArray()
            .first()
            .toObject()
            .value(u"parts")
            .toArray();
    };
    const QJsonArray parts = lastParts();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0).toObject().value(u"text").toString(), QStringLiteral("summarize"));
    const QJsonObject first = parts.at(1).toObject().value(u"inlineData").toObject();
    QCOMPARE(first.value(u"mimeType").toString(), QStringLiteral("application/pdf"));
    QCOMPARE(QByteArray::fromBase64(first.value(u"data").toString().toLatin1()), pdfBytes);
    QCOMPARE(parts.at(2).toObject().value(u"inlineData").toObject().value(u"mimeType").toString(),
             QStringLiteral("text/plain"));

    // A file past what a request carries inline goes through the Files API and is named by its URI.
    const QString big = m_dir->filePath(QStringLiteral("big.log"));
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray line("a long log line that repeats\n");
        for (qint64 written = 0; written <= 15 * 1024 * 1024; written += line.size())
            f.write(line);
    }
    r = egb({QStringLiteral("chat"), QStringLiteral("--attach"), big, QStringLiteral("what went wrong?")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(m_server->files().size(), 1);
    QCOMPARE(m_server->files().first().bytes.size(), QFileInfo(big).size());
    const QJsonObject named = lastParts().at(1).toObject();
    QCOMPARE(named.value(u"fileData").toObject().value(u"fileUri").toString(), m_server->files().first().uri);
    QVERIFY(!named.contains(u"inlineData"));
}

void TestCli::chatFailsWithReasonAndExitOne()
{
    const QStringList keys = importKeys(80, 2);
    for (const QString& k : keys)
        m_server->setKeyBehavior(k, FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    Run r = egb({QStringLiteral("chat"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(!r.err.trimmed().isEmpty(), "no reason given");
    // Both keys were rejected by Google and are now disabled.
    for (const QJsonValue& v : listJson())
        QCOMPARE(v.toObject().value(u"status").toString(), QStringLiteral("disabled"));
    // With every key disabled the next chat says so before sending anything.
    const int before = m_server->requestCount();
    r = egb({QStringLiteral("chat"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"disabled") && r.err.contains(u"egb enable"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), before);

    // A request fault (blocked prompt) is not the key's: Google's reason reaches the user, the key stays active.
    m_server->clearKeyBehaviors();
    egb({QStringLiteral("enable"), QString::number(listJson().at(0).toObject().value(u"id").toInteger())});
    m_server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Blocked));
    r = egb({QStringLiteral("chat"), QStringLiteral("something bad")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"SAFETY") || r.err.contains(u"block"), qPrintable(r.err));
    QCOMPARE(listJson().at(0).toObject().value(u"status").toString(), QStringLiteral("active"));
}

void TestCli::aModelsRestOutlivesTheProcess()
{
    // One key of project "team": pro's per-minute quota answers 429 with a 40 s RetryInfo.
    const QString key = makeKey(85);
    m_secrets.insert(key);
    const QString file = writeFile(QStringLiteral("team.txt"), key.toLatin1() + '\n');
    QCOMPARE(egb({QStringLiteral("import"), file, QStringLiteral("--group"), QStringLiteral("team")}).exitCode, 0);
    m_server->setKeyBehavior(key, FakeBehavior::rateLimited(QStringLiteral("40s")));
    const QStringList pro{QStringLiteral("chat"),    QStringLiteral("--deadline"),     QStringLiteral("5"),
                          QStringLiteral("--model"), QStringLiteral("gemini-2.5-pro"), QStringLiteral("hi")};
    Run r = egb(pro);
    QCOMPARE(r.exitCode, 1);
    m_server->clearKeyBehaviors();

    // Another process sees the rest: the key's project rests on pro, and only on pro.
    const QJsonObject listed = listJson().at(0).toObject();
    QCOMPARE(listed.value(u"status").toString(), QStringLiteral("active"));
    const QJsonObject models = listed.value(u"models").toObject();
    QVERIFY2(models.contains(u"gemini-2.5-pro"), QJsonDocument(listed).toJson().constData());
    const QJsonObject bucket = models.value(u"gemini-2.5-pro").toObject();
    QCOMPARE(bucket.value(u"status").toString(), QStringLiteral("cooling_down"));
    const QDateTime until = QDateTime::fromString(bucket.value(u"cooldown_until").toString(), Qt::ISODate);
    QVERIFY2(until > QDateTime::currentDateTimeUtc().addSecs(20),
             qPrintable(bucket.value(u"cooldown_until").toString()));
    QCOMPARE(bucket.value(u"requests_today").toInt(), 1);
    QVERIFY(!bucket.value(u"quota_id").toString().isEmpty());

    // A new process does not send pro again while it rests (the server would answer now), but flash is served.
    const int before = m_server->requestCount();
    r = egb(pro);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"resting"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), before);
    r = egb(
        {QStringLiteral("chat"), QStringLiteral("--model"), QStringLiteral("gemini-2.5-flash"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_server->requestCount(), before + 1);
    const QJsonObject after = listJson().at(0).toObject().value(u"models").toObject();
    QCOMPARE(after.value(u"gemini-2.5-flash").toObject().value(u"status").toString(), QStringLiteral("available"));
    QCOMPARE(after.value(u"gemini-2.5-flash").toObject().value(u"requests_today").toInt(), 1);
    QCOMPARE(after.value(u"gemini-2.5-pro").toObject().value(u"status").toString(), QStringLiteral("cooling_down"));
}

void TestCli::chatWithoutKeysSaysWhatToDo()
{
    const Run r = egb({QStringLiteral("chat"), QStringLiteral("hi")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"No keys in the pool") && r.err.contains(u"egb import"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 0);
    const Run noPrompt = egb({QStringLiteral("chat")});
    QCOMPARE(noPrompt.exitCode, 2);
}

void TestCli::checkDisablesRejectedKeys()
{
    const QStringList keys = importKeys(90, 4);
    m_server->setKeyBehavior(keys.at(1), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    m_server->setKeyBehavior(keys.at(2), FakeBehavior::rateLimited(QStringLiteral("600s")));
    const Run r = egb({QStringLiteral("check")});
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // one per key and a summary
    for (int i = 0; i < 4; ++i)
        QVERIFY2(lines.at(i).contains(ApiKey::mask(keys.at(i))), qPrintable(lines.at(i)));
    QVERIFY(lines.at(0).contains(u"ok"));
    QVERIFY2(lines.at(1).contains(u"rejected") && lines.at(1).contains(u"disabled"), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).contains(u"rate limited"), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(4).contains(u"2 of 4"), qPrintable(lines.at(4)));
    QVERIFY2(lines.at(4).contains(u"1 rejected") && lines.at(4).contains(u"1 rate-limited"), qPrintable(lines.at(4)));
    // Every check was a models.list call.
    for (const auto& req : m_server->requests())
        QVERIFY2(req.path.endsWith(u"/models"), qPrintable(req.path));

    const QJsonArray list = listJson();
    QCOMPARE(keyById(list, ApiKey::mask(keys.at(0))).value(u"status").toString(), QStringLiteral("active"));
    QCOMPARE(keyById(list, ApiKey::mask(keys.at(1))).value(u"status").toString(), QStringLiteral("disabled"));
    QCOMPARE(keyById(list, ApiKey::mask(keys.at(2))).value(u"status").toString(), QStringLiteral("cooling_down"));
    QVERIFY(!keyById(list, ApiKey::mask(keys.at(2))).value(u"cooldown_until").toString().isEmpty());
    QCOMPARE(keyById(list, ApiKey::mask(keys.at(3))).value(u"successes").toInt(), 1);

    // Checking one key by id, as JSON.
    const QString id0 = QString::number(keyById(list, ApiKey::mask(keys.at(0))).value(u"id").toInteger());
    const Run one = egb({QStringLiteral("check"), id0, QStringLiteral("--json")});
    QCOMPARE(one.exitCode, 0);
    const QJsonArray checked = one.json().array();
    QCOMPARE(checked.size(), 1);
    QCOMPARE(checked.at(0).toObject().value(u"ok").toBool(), true);
    QCOMPARE(checked.at(0).toObject().value(u"key").toString(), ApiKey::mask(keys.at(0)));

    // Server trouble is no verdict on a key: said apart, and the key's health is left as it was.
    m_server->enqueue(keys.at(0), FakeBehavior::httpStatus(503));
    m_server->enqueue(keys.at(3), FakeBehavior::httpStatus(500));
    const QString id3 = QString::number(keyById(list, ApiKey::mask(keys.at(3))).value(u"id").toInteger());
    const Run trouble = egb({QStringLiteral("check"), id0, id3});
    QCOMPARE(trouble.exitCode, 1);
    QVERIFY2(trouble.out.contains(u"0 of 2 keys work: 2 could not be checked (server trouble)"),
             qPrintable(trouble.out));
    const QJsonArray after = listJson();
    for (const QString& k : {keys.at(0), keys.at(3)}) {
        const QJsonObject o = keyById(after, ApiKey::mask(k));
        QCOMPARE(o.value(u"status").toString(), QStringLiteral("active"));
        QCOMPARE(o.value(u"weight").toDouble(), 1.0);
        QCOMPARE(o.value(u"consecutive_failures").toInt(), 0);
    }
}

void TestCli::checkResultsLineUpInChinese()
{
    // Chinese result words take two terminal cells per character and differ in length ("被拒绝" 6 cells, "限流" 4):
    // padded by display width, the details after them still start in one column.
    const QStringList keys = importKeys(95, 3);
    m_server->setKeyBehavior(keys.at(0), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    m_server->setKeyBehavior(keys.at(1), FakeBehavior::rateLimited(QStringLiteral("600s")));
    const Run r = egb({QStringLiteral("check")}, {{QStringLiteral("LANGUAGE"), QStringLiteral("zh_CN")}});
    QCOMPARE(r.exitCode, 1);
    const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // one per key and a summary
    QVERIFY2(lines.at(0).contains(u"被拒绝"), qPrintable(r.out));
    QVERIFY2(lines.at(1).contains(u"限流"), qPrintable(r.out));
    QVERIFY2(lines.at(2).contains(u"成功"), qPrintable(r.out));
    // Terminal cells up to the detail ("HTTP 400：…", "HTTP 429：…"): CJK and fullwidth forms take two.
    auto cellsBefore = [](const QString& line, qsizetype end) {
        int cells = 0;
        for (qsizetype i = 0; i < end; ++i) {
            const char16_t c = line.at(i).unicode();
            cells += (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFF60) ? 2 : 1;
        }
        return cells;
    };
    const qsizetype rejectedDetail = lines.at(0).indexOf(u"HTTP 400");
    const qsizetype limitedDetail = lines.at(1).indexOf(u"HTTP 429");
    QVERIFY2(rejectedDetail > 0 && limitedDetail > 0, qPrintable(r.out));
    QVERIFY2(rejectedDetail != limitedDetail, qPrintable(r.out)); // the words differ in length: only cells line up
    QCOMPARE(cellsBefore(lines.at(1), limitedDetail), cellsBefore(lines.at(0), rejectedDetail));
}

void TestCli::batchOf200WithFaultyKeys()
{
    // 4 good keys, 2 invalid, 2 leaked, 2 rate-limited (for an hour), 2 flaky (server faults now and then).
    const QStringList keys = importKeys(200, 12);
    const QStringList good = keys.mid(0, 4);
    const QStringList invalid = keys.mid(4, 2);
    const QStringList leaked = keys.mid(6, 2);
    const QStringList limited = keys.mid(8, 2);
    const QStringList flaky = keys.mid(10, 2);
    for (const QString& k : invalid)
        m_server->setKeyBehavior(k, FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    for (const QString& k : leaked)
        m_server->setKeyBehavior(k, FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
    for (const QString& k : limited)
        m_server->setKeyBehavior(k, FakeBehavior::rateLimited(QStringLiteral("3600s")));
    for (const QString& k : flaky) {
        // A 503, an answer, a 500, then answers: faults never three in a row, so the key stays in service.
        m_server->enqueue(k, FakeBehavior::httpStatus(503));
        m_server->enqueue(k, FakeBehavior::ok());
        m_server->enqueue(k, FakeBehavior::httpStatus(500));
    }

    QByteArray input;
    QStringList prompts;
    for (int i = 0; i < 200; ++i) {
        prompts.append(QStringLiteral("prompt number %1").arg(i));
        input += prompts.constLast().toUtf8() + '\n';
        if (i % 50 == 0)
            input += "\n"; // blank lines are skipped
    }
    const QString in = writeFile(QStringLiteral("prompts.txt"), input);
    const QString out = m_dir->filePath(QStringLiteral("answers.jsonl"));

    const Run r = egb(
        {QStringLiteral("batch"), in, QStringLiteral("-o"), out, QStringLiteral("--concurrency"), QStringLiteral("8")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"200 of 200"), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());

    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    for (const QString& secret : std::as_const(m_secrets))
        QVERIFY2(!content.contains(secret.toLatin1()), "a full key in the output file");
    const QList<QByteArray> lines = content.split('\n');
    QCOMPARE(lines.size(), 201); // 200 lines and the final newline
    QVERIFY(lines.constLast().isEmpty());
    QSet<QString> servingKeys;
    for (const QString& k : good + flaky)
        servingKeys.insert(ApiKey::mask(k));
    QMap<QString, int> answersPerKey;
    for (int i = 0; i < 200; ++i) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, lines.at(i).constData());
        QCOMPARE(o.value(u"index").toInt(), i);
        QCOMPARE(o.value(u"prompt").toString(), prompts.at(i));
        QCOMPARE(o.value(u"status").toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(u"text").toString(), QStringLiteral("Echo: ") + prompts.at(i));
        QVERIFY(o.value(u"error").isNull());
        QVERIFY(o.value(u"attempts").toInt() >= 1);
        const QString key = o.value(u"key").toString();
        QVERIFY2(servingKeys.contains(key), qPrintable(key));
        ++answersPerKey[key];
        QVERIFY(o.value(u"usage").toObject().value(u"total_tokens").toInt() > 0);
        QVERIFY(o.contains(u"latency_ms"));
    }

    // Each key ends in the state its faults deserve, as the next run reads it from the database.
    const QJsonArray list = listJson();
    QCOMPARE(list.size(), 12);
    auto statusOf = [&](const QString& k) { return keyById(list, ApiKey::mask(k)).value(u"status").toString(); };
    for (const QString& k : invalid)
        QCOMPARE(statusOf(k), QStringLiteral("disabled"));
    for (const QString& k : leaked)
        QCOMPARE(statusOf(k), QStringLiteral("disabled"));
    // A 429 that names its model rests that (project, model) bucket, not the key: the key stays active for every
    // other model (issue 14), and its last status says what happened.
    for (const QString& k : limited) {
        QCOMPARE(statusOf(k), QStringLiteral("active"));
        QCOMPARE(keyById(list, ApiKey::mask(k)).value(u"last_status").toInt(), 429);
    }
    for (const QString& k : flaky) {
        QCOMPARE(statusOf(k), QStringLiteral("active"));
        const QJsonObject o = keyById(list, ApiKey::mask(k));
        QCOMPARE(o.value(u"failures").toInt(), 2);
        QVERIFY(o.value(u"successes").toInt() >= 2);
    }
    int successes = 0;
    for (const QString& k : good) {
        QCOMPARE(statusOf(k), QStringLiteral("active"));
        successes += keyById(list, ApiKey::mask(k)).value(u"successes").toInt();
    }
    for (const QString& k : flaky)
        successes += keyById(list, ApiKey::mask(k)).value(u"successes").toInt();
    QCOMPARE(successes, 200);

    const Run stats = egb({QStringLiteral("stats"), QStringLiteral("--json")});
    const QJsonObject s = stats.json().object();
    QCOMPARE(s.value(u"total").toInt(), 12);
    QCOMPARE(s.value(u"disabled").toInt(), 4);
    // The rate-limited keys' rest is their bucket's (per project and model), so they count as available keys.
    QCOMPARE(s.value(u"cooling_down").toInt(), 0);
    QCOMPARE(s.value(u"available").toInt(), 8);
}

void TestCli::batchReadsCsvAndJsonlAndReportsBadLines()
{
    importKeys(300, 2);
    const QString csv = writeFile(QStringLiteral("in.csv"), "id,prompt\n1,\"hello, world\"\n2,\"say \"\"hi\"\"\"\n");
    Run r = egb({QStringLiteral("batch"), csv}); // to stdout
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines.at(0).toUtf8()).object().value(u"text").toString(),
             QStringLiteral("Echo: hello, world"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1).toUtf8()).object().value(u"text").toString(),
             QStringLiteral("Echo: say \"hi\""));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1).toUtf8()).object().value(u"line").toInt(), 3);

    const QString jsonl =
        writeFile(QStringLiteral("in.jsonl"), "{\"prompt\":\"first\"}\n{broken\n{\"prompt\":\"third\"}\n");
    r = egb({QStringLiteral("batch"), jsonl, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"in.jsonl:2"), qPrintable(r.err));
    lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines.at(1).toUtf8()).object().value(u"prompt").toString(),
             QStringLiteral("third"));

    // A prompt that fails (blocked) is an error line; the batch goes on and exits 1.
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::Blocked));
    const QString txt = writeFile(QStringLiteral("one.txt"), "only\n");
    r = egb({QStringLiteral("batch"), txt});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject failed = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
    QCOMPARE(failed.value(u"status").toString(), QStringLiteral("error"));
    QVERIFY(failed.value(u"text").isNull());
    QVERIFY(!failed.value(u"error").toString().isEmpty());
}

void TestCli::batchInputErrors()
{
    importKeys(400, 1);
    Run r = egb({QStringLiteral("batch"), m_dir->filePath(QStringLiteral("nope.txt"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"nope.txt") && r.err.contains(u"does not exist"), qPrintable(r.err));

    const QString in = writeFile(QStringLiteral("p.txt"), "a\nb\n");
    r = egb({QStringLiteral("batch"), in, QStringLiteral("--concurrency"), QStringLiteral("0")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(u"--concurrency"));

    r = egb({QStringLiteral("batch")});
    QCOMPARE(r.exitCode, 2);

    const QString binary = writeFile(QStringLiteral("b.txt"), QByteArray("ab\0cd", 5));
    r = egb({QStringLiteral("batch"), binary});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"binary"), qPrintable(r.err));

    const QString csv = writeFile(QStringLiteral("x.csv"), "question\nwhy\n");
    r = egb({QStringLiteral("batch"), csv});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"\"prompt\""), qPrintable(r.err));
    r = egb({QStringLiteral("batch"), csv, QStringLiteral("--column"), QStringLiteral("question")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object().value(u"text").toString(),
             QStringLiteral("Echo: why"));

    r = egb(
        {QStringLiteral("batch"), in, QStringLiteral("-o"), m_dir->filePath(QStringLiteral("no/such/dir/o.jsonl"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"-o"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 1); // only the --column run sent anything
}

void TestCli::batchStopsCleanlyOnInterrupt()
{
    importKeys(500, 2);
    // Two quick answers, then every request hangs until egb is told to stop.
    m_server->enqueueAny(FakeBehavior::ok());
    m_server->enqueueAny(FakeBehavior::ok());
    m_server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
    const QString in = writeFile(QStringLiteral("six.txt"), "p0\np1\np2\np3\np4\np5\n");
    const QString out = m_dir->filePath(QStringLiteral("six.jsonl"));

    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_dir->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH),
                  {QStringLiteral("batch"), in, QStringLiteral("-o"), out, QStringLiteral("-c"), QStringLiteral("2"),
                   QStringLiteral("--db"), m_db, QStringLiteral("--base-url"), m_server->baseUrl()});
    QVERIFY(process.waitForStarted(10'000));
    // Two answered, two hanging in flight.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requestCount(), 4, 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->inFlight(), 2, 30'000);
    process.terminate(); // SIGTERM, handled like Ctrl-C
    QVERIFY(finished.wait(30'000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"2 of 6"), qPrintable(err));

    // Every prompt has its line, in order; the two answers are kept, the rest say they were cancelled.
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 6);
    for (int i = 0; i < 6; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines.at(i)).object();
        QCOMPARE(o.value(u"index").toInt(), i);
        QCOMPARE(o.value(u"status").toString(), i < 2 ? QStringLiteral("ok") : QStringLiteral("error"));
        if (i >= 2)
            QCOMPARE(o.value(u"error_kind").toString(), QStringLiteral("cancelled"));
    }
    // The health of this run was saved: two successes, and a cancel is nobody's fault.
    int successes = 0;
    int failures = 0;
    for (const QJsonValue& v : listJson()) {
        successes += v.toObject().value(u"successes").toInt();
        failures += v.toObject().value(u"failures").toInt();
        QCOMPARE(v.toObject().value(u"status").toString(), QStringLiteral("active"));
    }
    QCOMPARE(successes, 2);
    QCOMPARE(failures, 0);

    // The same command again resumes the run: only the four unanswered prompts are sent, and the output is written
    // anew, in input order, with the two saved answers and the four new ones.
    m_server->setDefaultBehavior(FakeBehavior::ok());
    m_server->clearRequests();
    const QStringList again = {QStringLiteral("batch"), in, QStringLiteral("-o"), out, QStringLiteral("-c"),
                               QStringLiteral("2")};
    Run r = egb(again);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Resuming run 1: 2 of 6 prompts already answered"), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"6 of 6 prompts answered"), qPrintable(r.err));
    QStringList sent;
    for (const egb::test::RecordedRequest& req : m_server->requests())
        sent << QString::fromUtf8(req.body);
    QCOMPARE(sent.size(), 4);
    for (const QString& body : std::as_const(sent))
        QVERIFY2(!body.contains(u"\"p0\"") && !body.contains(u"\"p1\""), qPrintable(body));
    auto readLines = [&out] {
        QFile f(out);
        return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().split('\n') : QList<QByteArray>();
    };
    const QList<QByteArray> resumed = readLines();
    QCOMPARE(resumed.size(), 6);
    for (int i = 0; i < 6; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(resumed.at(i)).object();
        QCOMPARE(o.value(u"index").toInt(), i);
        QCOMPARE(o.value(u"line").toInt(), i + 1);
        QCOMPARE(o.value(u"status").toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(u"text").toString(), QStringLiteral("Echo: p%1").arg(i));
        if (i < 2)
            QCOMPARE(resumed.at(i), lines.at(i)); // the saved answer, as the first run wrote it
    }

    // Once more: everything is answered, nothing is sent, the output is the same.
    m_server->clearRequests();
    r = egb(again);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"6 of 6 prompts already answered"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 0);
    QCOMPARE(readLines(), resumed);
}

void TestCli::batchRetryFailedAndRestart()
{
    importKeys(600, 1);
    // The first prompt is blocked; the others are answered.
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::Blocked));
    const QString in = writeFile(QStringLiteral("three.txt"), "q0\nq1\nq2\n");
    const QString out = m_dir->filePath(QStringLiteral("three.jsonl"));
    const QStringList args = {QStringLiteral("batch"), in, QStringLiteral("-o"), out, QStringLiteral("-c"),
                              QStringLiteral("1")};
    Run r = egb(args);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(m_server->requestCount(), 3);
    auto statusOf = [&out](int index) {
        QFile f(out);
        if (!f.open(QIODevice::ReadOnly))
            return QString();
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        return QJsonDocument::fromJson(lines.value(index)).object().value(u"status").toString();
    };
    QCOMPARE(statusOf(0), QStringLiteral("error"));

    // The same command: the failure is a result too, nothing is sent again.
    r = egb(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"3 of 3 prompts already answered"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(statusOf(0), QStringLiteral("error"));

    // --retry-failed sends only the failed prompt.
    r = egb(args + QStringList{QStringLiteral("--retry-failed")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 4);
    QVERIFY(m_server->requests().constLast().body.contains("q0"));
    QCOMPARE(statusOf(0), QStringLiteral("ok"));

    // --restart sets the run aside and sends every prompt again; the new run is the one the next command resumes.
    r = egb(args + QStringList{QStringLiteral("--restart")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Starting over: run 1"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 7);
    r = egb(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Resuming run 2: 3 of 3"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 7);

    // A different model is a different run.
    r = egb(args + QStringList{QStringLiteral("--model"), QStringLiteral("gemini-2.5-pro")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"Resuming"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 10);

    r = egb(args + QStringList{QStringLiteral("--restart"), QStringLiteral("--retry-failed")});
    QCOMPARE(r.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
