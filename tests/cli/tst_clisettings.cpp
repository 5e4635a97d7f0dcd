// egb honours the app's saved settings, with one precedence for every setting: a command-line option beats an
// environment variable, which beats the settings file, which beats the default.
#include "EgbProcess.h"
#include "FakeGeminiServer.h"
#include "TestKeys.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace egb::test;

class TestCliSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void databaseAndStrategyFromTheSettingsFile();
    void environmentBeatsTheFileAndTheCommandLineBeatsBoth();
    void modelAndRetriesFromTheSettingsFile();
    void invalidValuesAreRefusedWithTheirSource();

private:
    EgbRun egb(const QStringList& args, const QMap<QString, QString>& env = {})
    {
        QMap<QString, QString> all = env;
        if (!all.contains(QStringLiteral("EGB_BASE_URL")))
            all.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
        EgbRun r = runEgb(QStringLiteral(EGB_CLI_PATH), m_dir->path(), args, all);
        for (int i = 0; i < 8; ++i) {
            if (r.out.contains(testKey(i)) || r.err.contains(testKey(i)))
                qFatal("egb printed a full key");
        }
        return r;
    }
    /// Writes the app's settings file as the Settings dialog leaves it.
    void writeSettings(const QMap<QString, QVariant>& values)
    {
        QSettings s(egbSettingsFile(m_dir->path()), QSettings::IniFormat);
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            s.setValue(it.key(), it.value());
        s.sync();
        QCOMPARE(s.status(), QSettings::NoError);
    }
    QString importFourKeys(const QStringList& extraArgs = {}, const QMap<QString, QString>& env = {})
    {
        const QString file = m_dir->filePath(QStringLiteral("keys.txt"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write keys.txt");
        for (int i = 0; i < 4; ++i)
            f.write(testKey(i).toLatin1() + '\n');
        f.close();
        const EgbRun r = egb(QStringList{QStringLiteral("import"), file} + extraArgs, env);
        if (r.exitCode != 0)
            qWarning("import failed: %s", qPrintable(r.err));
        return file;
    }
    QJsonObject stats(const QStringList& extraArgs = {}, const QMap<QString, QString>& env = {})
    {
        const EgbRun r = egb(QStringList{QStringLiteral("stats"), QStringLiteral("--json")} + extraArgs, env);
        if (r.exitCode != 0)
            qWarning("stats failed: %s", qPrintable(r.err));
        return r.json().object();
    }
    QStringList defaultDatabases() const
    {
        QStringList found;
        QDirIterator it(m_dir->filePath(QStringLiteral("xdg-data")), {QStringLiteral("keys.db")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            found.append(it.next());
        return found;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
};

void TestCliSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
}

void TestCliSettings::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void TestCliSettings::databaseAndStrategyFromTheSettingsFile()
{
    // A person moved the database in Settings and chose round-robin selection.
    const QString moved = m_dir->filePath(QStringLiteral("moved/keys.db"));
    writeSettings({{QStringLiteral("storage/databasePath"), moved}, {QStringLiteral("pool/strategy"), "round_robin"}});

    importFourKeys();
    QVERIFY2(QFile::exists(moved), "egb import wrote the database the settings name");
    QVERIFY2(defaultDatabases().isEmpty(), qPrintable(defaultDatabases().join(u' ')));
    const QJsonObject s = stats();
    QCOMPARE(s.value(u"total").toInt(), 4);
    QCOMPARE(s.value(u"database").toString(), moved);
    QCOMPARE(s.value(u"strategy").toString(), QStringLiteral("round_robin"));

    // And it is used: round robin spends the four keys in turn, so twelve prompts one at a time reach each key
    // exactly three times (weighted random selection does that in about 1.6 % of runs).
    QByteArray prompts;
    for (int i = 0; i < 12; ++i)
        prompts += "prompt " + QByteArray::number(i) + '\n';
    const QString in = m_dir->filePath(QStringLiteral("prompts.txt"));
    QFile f(in);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(prompts);
    f.close();
    const EgbRun batch = egb({QStringLiteral("batch"), in, QStringLiteral("-o"), m_dir->filePath(QStringLiteral("o")),
                              QStringLiteral("--concurrency"), QStringLiteral("1")});
    QVERIFY2(batch.exitCode == 0, qPrintable(batch.err));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(m_server->callCount(testKey(i)), 3);
}

void TestCliSettings::environmentBeatsTheFileAndTheCommandLineBeatsBoth()
{
    const QString fromFile = m_dir->filePath(QStringLiteral("file.db"));
    const QString fromEnv = m_dir->filePath(QStringLiteral("env.db"));
    const QString fromCli = m_dir->filePath(QStringLiteral("cli.db"));
    writeSettings(
        {{QStringLiteral("storage/databasePath"), fromFile}, {QStringLiteral("pool/strategy"), "round_robin"}});
    importFourKeys();

    const QMap<QString, QString> env{{QStringLiteral("EGB_DB"), fromEnv}, {QStringLiteral("EGB_STRATEGY"), "weighted"}};
    QJsonObject s = stats({}, env);
    QCOMPARE(s.value(u"database").toString(), fromEnv);
    QCOMPARE(s.value(u"total").toInt(), 0); // another database: none of the file's keys
    QCOMPARE(s.value(u"strategy").toString(), QStringLiteral("weighted"));

    // Each on its own: the environment's database with the file's strategy.
    s = stats({}, {{QStringLiteral("EGB_DB"), fromEnv}});
    QCOMPARE(s.value(u"database").toString(), fromEnv);
    QCOMPARE(s.value(u"strategy").toString(), QStringLiteral("round_robin"));

    // The command line beats the environment (and the file), before or after the command.
    s = stats({QStringLiteral("--db"), fromCli, QStringLiteral("--strategy"), QStringLiteral("round_robin")}, env);
    QCOMPARE(s.value(u"database").toString(), fromCli);
    QCOMPARE(s.value(u"strategy").toString(), QStringLiteral("round_robin"));
    const EgbRun before =
        egb({QStringLiteral("--strategy=weighted"), QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(before.json().object().value(u"strategy").toString(), QStringLiteral("weighted"));
    QCOMPARE(before.json().object().value(u"database").toString(), fromFile);
    QCOMPARE(before.json().object().value(u"total").toInt(), 4);

    // An empty variable counts as not set.
    s = stats({}, {{QStringLiteral("EGB_DB"), QString(QStringLiteral(""))}});
    QCOMPARE(s.value(u"database").toString(), fromFile);
}

void TestCliSettings::modelAndRetriesFromTheSettingsFile()
{
    writeSettings({{QStringLiteral("network/defaultModel"), "gemini-from-settings"},
                   {QStringLiteral("retry/maxRetries"), 0},
                   {QStringLiteral("storage/databasePath"), m_dir->filePath(QStringLiteral("k.db"))}});
    importFourKeys();
    EgbRun chat = egb({QStringLiteral("chat"), QStringLiteral("hello")});
    QVERIFY2(chat.exitCode == 0, qPrintable(chat.err));
    QCOMPARE(chat.out, QStringLiteral("Echo: hello\n"));
    QVERIFY2(m_server->requests().constLast().path.contains(u"/models/gemini-from-settings:generateContent"),
             qPrintable(m_server->requests().constLast().path));
    // --model beats the setting; EGB_MODEL beats the file.
    chat = egb({QStringLiteral("chat"), QStringLiteral("hello"), QStringLiteral("--model"), QStringLiteral("m-cli")},
               {{QStringLiteral("EGB_MODEL"), QStringLiteral("m-env")}});
    QVERIFY(m_server->requests().constLast().path.contains(u"/models/m-cli:"));
    chat = egb({QStringLiteral("chat"), QStringLiteral("hello")},
               {{QStringLiteral("EGB_MODEL"), QStringLiteral("m-env")}});
    QVERIFY(m_server->requests().constLast().path.contains(u"/models/m-env:"));

    // No retries: one server fault ends the chat after a single attempt (the default, 3 retries, would go on).
    m_server->clearRequests();
    m_server->enqueueAny(FakeBehavior::httpStatus(500));
    chat = egb({QStringLiteral("chat"), QStringLiteral("hello")});
    QCOMPARE(chat.exitCode, 1);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestCliSettings::invalidValuesAreRefusedWithTheirSource()
{
    EgbRun r = egb({QStringLiteral("stats")}, {{QStringLiteral("EGB_STRATEGY"), QStringLiteral("fastest")}});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"EGB_STRATEGY") && r.err.contains(u"round_robin"), qPrintable(r.err));
    r = egb({QStringLiteral("stats"), QStringLiteral("--strategy"), QStringLiteral("fastest")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--strategy"), qPrintable(r.err));
    r = egb({QStringLiteral("stats"), QStringLiteral("--strategy")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--strategy"), qPrintable(r.err));
    r = egb({QStringLiteral("chat"), QStringLiteral("hi")},
            {{QStringLiteral("EGB_BASE_URL"), QStringLiteral("ftp://x")}});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"EGB_BASE_URL") && r.err.contains(u"http://"), qPrintable(r.err));
    QCOMPARE(m_server->requestCount(), 0);
    // A damaged value in the settings file reads as its default (the app does the same), it does not stop egb.
    writeSettings({{QStringLiteral("pool/strategy"), "fastest"}});
    const QJsonObject s = stats();
    QCOMPARE(s.value(u"strategy").toString(), QStringLiteral("weighted"));
}

QTEST_GUILESS_MAIN(TestCliSettings)
#include "tst_clisettings.moc"
