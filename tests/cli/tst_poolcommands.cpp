// egb add, export, history, config and the KEY:WEIGHT / label forms of import, each as a real egb process.
#include "ApiKey.h"
#include "AppSettings.h"
#include "CliProcess.h"
#include "FakeGeminiServer.h"
#include "TestKeys.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QTest>

#include <unistd.h>

using namespace egb;
using egb::test::CliProcess;
using egb::test::CliRun;
using egb::test::FakeGeminiServer;
using egb::test::testKey;

class TestPoolCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void addTakesLabelGroupAndWeight();
    void addRefusesDuplicatesAndNonKeys();
    void exportIsMaskedUnlessFull();
    void fullExportIsPrivateAndRoundTripsThroughImport_data();
    void fullExportIsPrivateAndRoundTripsThroughImport();
    void importTakesWeightsAndLabels();
    void importListsIssuesInLineOrder();
    void historyKeepsEveryImport();
    void configGetSetList();
    void configRefusesWrongValues();
    void helpNamesTheNewCommands();

private:
    QString key(int i)
    {
        const QString k = testKey(7000 + i);
        m_egb->addSecret(k);
        return k;
    }
    QString writeFile(const QString& name, const QByteArray& content)
    {
        const QString path = m_dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }
    QJsonArray list(const QString& db = {})
    {
        QStringList args{QStringLiteral("list"), QStringLiteral("--json")};
        if (!db.isEmpty())
            args << QStringLiteral("--db") << db;
        const CliRun r = m_egb->run(args, {}, db.isEmpty());
        if (r.exitCode != 0)
            qWarning("list failed: %s", qPrintable(r.err));
        return r.json().array();
    }
    static QJsonObject byKey(const QJsonArray& keys, const QString& secret)
    {
        for (const QJsonValue& v : keys)
            if (v.toObject().value(u"key").toString() == ApiKey::mask(secret))
                return v.toObject();
        return {};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<CliProcess> m_egb;
};

void TestPoolCommands::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    m_egb = std::make_unique<CliProcess>(m_dir->path(), m_server->baseUrl());
}

void TestPoolCommands::cleanup()
{
    const bool leaked = m_egb && m_egb->printedASecret();
    m_egb.reset();
    m_server.reset();
    m_dir.reset();
    QVERIFY2(!leaked, "egb printed a full key");
}

void TestPoolCommands::addTakesLabelGroupAndWeight()
{
    const CliRun r = m_egb->run({QStringLiteral("add"), key(1), QStringLiteral("--label"), QStringLiteral("work 2"),
                                 QStringLiteral("--group"), QStringLiteral("project-a"), QStringLiteral("--weight"),
                                 QStringLiteral("0.5")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(ApiKey::mask(key(1))), qPrintable(r.out));

    // From standard input (the key stays out of the process list), --json.
    const CliRun fromStdin = m_egb->run({QStringLiteral("add"), QStringLiteral("-"), QStringLiteral("--json")}, {},
                                        true, key(2).toLatin1() + "\n");
    QCOMPARE(fromStdin.exitCode, 0);
    const QJsonObject added = fromStdin.json().object();
    QCOMPARE(added.value(u"added").toBool(), true);
    QCOMPARE(added.value(u"key").toString(), ApiKey::mask(key(2)));
    QVERIFY(added.value(u"id").toInteger() > 0);

    const QJsonArray keys = list();
    QCOMPARE(keys.size(), 2);
    const QJsonObject first = byKey(keys, key(1));
    QCOMPARE(first.value(u"label").toString(), QStringLiteral("work 2"));
    QCOMPARE(first.value(u"group").toString(), QStringLiteral("project-a"));
    QCOMPARE(first.value(u"weight").toDouble(), 0.5);
    QCOMPARE(byKey(keys, key(2)).value(u"id").toInteger(), added.value(u"id").toInteger());
    QCOMPARE(byKey(keys, key(2)).value(u"weight").toDouble(), 1.0);
}

void TestPoolCommands::addRefusesDuplicatesAndNonKeys()
{
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(1)}).exitCode, 0);
    const CliRun again = m_egb->run({QStringLiteral("add"), key(1)});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(u"already in the pool"), qPrintable(again.err));

    const CliRun notAKey = m_egb->run({QStringLiteral("add"), key(2).left(30)});
    QCOMPARE(notAKey.exitCode, 2);
    QVERIFY2(notAKey.err.contains(u"AIza"), qPrintable(notAKey.err));
    QVERIFY(!notAKey.err.contains(key(2).left(30))); // even a broken key is shown masked

    QCOMPARE(m_egb->run({QStringLiteral("add")}).exitCode, 2);
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(3), key(4)}).exitCode, 2);
    const CliRun badWeight =
        m_egb->run({QStringLiteral("add"), key(3), QStringLiteral("--weight"), QStringLiteral("2")});
    QCOMPARE(badWeight.exitCode, 2);
    QVERIFY2(badWeight.err.contains(u"weight"), qPrintable(badWeight.err));
    QCOMPARE(list().size(), 1);
}

void TestPoolCommands::exportIsMaskedUnlessFull()
{
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(1), QStringLiteral("--label"), QStringLiteral("main")}).exitCode,
             0);
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(2)}).exitCode, 0);

    const CliRun text = m_egb->run({QStringLiteral("export")});
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out.split(u'\n', Qt::SkipEmptyParts), (QStringList{ApiKey::mask(key(1)), ApiKey::mask(key(2))}));

    const CliRun csv = m_egb->run({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.exitCode, 0);
    const QStringList csvLines = csv.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(csvLines.size(), 3);
    QVERIFY(csvLines.at(0).startsWith(u"key,label,group"));
    QVERIFY2(csvLines.at(1).startsWith(ApiKey::mask(key(1)) + QStringLiteral(",main,")), qPrintable(csvLines.at(1)));

    const CliRun json = m_egb->run({QStringLiteral("export"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray array = json.json().array();
    QCOMPARE(array.size(), 2);
    QCOMPARE(array.at(0).toObject().value(u"key").toString(), ApiKey::mask(key(1)));
    QCOMPARE(array.at(0).toObject().value(u"label").toString(), QStringLiteral("main"));

    // A masked file.
    const QString masked = m_dir->filePath(QStringLiteral("masked.csv"));
    const CliRun toFile = m_egb->run({QStringLiteral("export"), QStringLiteral("-o"), masked});
    QCOMPARE(toFile.exitCode, 0);
    QFile f(masked);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.startsWith("key,label,group")); // the format follows the file's name
    QVERIFY(!content.contains(key(1).toLatin1()));
    QVERIFY(content.contains(ApiKey::mask(key(1)).toUtf8()));

    // Full keys never go to the terminal or a pipe: only to a private file.
    const CliRun fullToStdout = m_egb->run({QStringLiteral("export"), QStringLiteral("--full")});
    QCOMPARE(fullToStdout.exitCode, 2);
    QVERIFY2(fullToStdout.err.contains(u"-o"), qPrintable(fullToStdout.err));
    QVERIFY(fullToStdout.out.isEmpty());

    const CliRun badFormat = m_egb->run({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("xml")});
    QCOMPARE(badFormat.exitCode, 2);
    QVERIFY2(badFormat.err.contains(u"xml"), qPrintable(badFormat.err));

    const CliRun noFolder = m_egb->run(
        {QStringLiteral("export"), QStringLiteral("-o"), m_dir->filePath(QStringLiteral("no/such/folder/k.txt"))});
    QCOMPARE(noFolder.exitCode, 1);
    QVERIFY2(!noFolder.err.isEmpty(), "a failed export says why");
}

void TestPoolCommands::fullExportIsPrivateAndRoundTripsThroughImport_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("keepsDetails");
    QTest::newRow("txt") << QStringLiteral("txt") << QStringLiteral("all.txt") << false;
    QTest::newRow("csv") << QStringLiteral("csv") << QStringLiteral("all.csv") << true;
    QTest::newRow("json") << QStringLiteral("json") << QStringLiteral("all.json") << true;
}

void TestPoolCommands::fullExportIsPrivateAndRoundTripsThroughImport()
{
    QFETCH(QString, format);
    QFETCH(QString, file);
    QFETCH(bool, keepsDetails);
    QCOMPARE(m_egb
                 ->run({QStringLiteral("add"), key(1), QStringLiteral("--label"), QStringLiteral("work, main"),
                        QStringLiteral("--group"), QStringLiteral("proj-a"), QStringLiteral("--weight"),
                        QStringLiteral("0.25")})
                 .exitCode,
             0);
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(2), QStringLiteral("--group"), QStringLiteral("proj-b")}).exitCode,
             0);
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(3)}).exitCode, 0);

    const QString path = m_dir->filePath(file);
    const CliRun exported = m_egb->run({QStringLiteral("export"), QStringLiteral("--full"), QStringLiteral("--format"),
                                        format, QStringLiteral("-o"), path});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY2(exported.out.contains(u"3"), qPrintable(exported.out));
    const QFile::Permissions userBits = QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
    QCOMPARE(QFileInfo(path).permissions() & ~userBits,
             QFile::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // 0600
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    for (int i = 1; i <= 3; ++i)
        QVERIFY2(content.contains(key(i).toLatin1()), "a full export holds the full keys");

    // Into a fresh database: the same keys, and (CSV, JSON) their labels, groups and weights.
    const QString other = m_dir->filePath(QStringLiteral("other.db"));
    const CliRun imported = m_egb->run({QStringLiteral("import"), path, QStringLiteral("--db"), other}, {}, false);
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains(u"added 3"), qPrintable(imported.out));
    const QJsonArray before = list();
    const QJsonArray after = list(other);
    QCOMPARE(after.size(), 3);
    for (int i = 1; i <= 3; ++i) {
        const QJsonObject a = byKey(before, key(i));
        const QJsonObject b = byKey(after, key(i));
        QVERIFY2(!b.isEmpty(), "an exported key came back");
        if (keepsDetails) {
            QCOMPARE(b.value(u"label"), a.value(u"label"));
            QCOMPARE(b.value(u"group"), a.value(u"group"));
            QCOMPARE(b.value(u"weight").toDouble(), a.value(u"weight").toDouble());
        }
    }
    if (keepsDetails)
        QCOMPARE(byKey(after, key(1)).value(u"label").toString(), QStringLiteral("work, main"));
}

void TestPoolCommands::importTakesWeightsAndLabels()
{
    const QByteArray text = key(1).toLatin1() + ":0.5\n" +             // 1 the seed's KEY:WEIGHT
                            key(2).toLatin1() + ", work account 2\n" + // 2 KEY, label
                            key(3).toLatin1() + ":0.25, spare\n" +     // 3 both
                            key(4).toLatin1() + ":heavy\n" +           // 4 not a weight: rejected
                            key(5).toLatin1() + "\n";                  // 5 plain
    const QString file = writeFile(QStringLiteral("seed-keys.txt"), text);
    const CliRun r = m_egb->run({QStringLiteral("import"), file, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject report = r.json().array().at(0).toObject();
    QCOMPARE(report.value(u"added").toInt(), 4);
    QCOMPARE(report.value(u"rejected").toArray().size(), 1);
    QCOMPARE(report.value(u"rejected").toArray().at(0).toObject().value(u"line").toInt(), 4);
    QVERIFY(report.value(u"rejected").toArray().at(0).toObject().value(u"reason").toString().contains(u"weight"));

    const QJsonArray keys = list();
    QCOMPARE(keys.size(), 4);
    QCOMPARE(byKey(keys, key(1)).value(u"weight").toDouble(), 0.5);
    QCOMPARE(byKey(keys, key(1)).value(u"label").toString(), QString());
    QCOMPARE(byKey(keys, key(2)).value(u"label").toString(), QStringLiteral("work account 2"));
    QCOMPARE(byKey(keys, key(2)).value(u"weight").toDouble(), 1.0);
    QCOMPARE(byKey(keys, key(3)).value(u"weight").toDouble(), 0.25);
    QCOMPARE(byKey(keys, key(3)).value(u"label").toString(), QStringLiteral("spare"));
    QVERIFY(byKey(keys, key(4)).isEmpty());

    // A CSV's label and group columns; --label and --group fill in what a row leaves empty.
    const QByteArray csv = "name,api_key,project\n"
                           "personal," +
                           key(6).toLatin1() +
                           ",proj-x\n"
                           "," +
                           key(7).toLatin1() + ",\n";
    const QString csvFile = writeFile(QStringLiteral("team.csv"), csv);
    const CliRun c = m_egb->run({QStringLiteral("import"), csvFile, QStringLiteral("--label"),
                                 QStringLiteral("imported"), QStringLiteral("--group"), QStringLiteral("proj-y")});
    QCOMPARE(c.exitCode, 0);
    const QJsonArray all = list();
    QCOMPARE(byKey(all, key(6)).value(u"label").toString(), QStringLiteral("personal"));
    QCOMPARE(byKey(all, key(6)).value(u"group").toString(), QStringLiteral("proj-x"));
    QCOMPARE(byKey(all, key(7)).value(u"label").toString(), QStringLiteral("imported"));
    QCOMPARE(byKey(all, key(7)).value(u"group").toString(), QStringLiteral("proj-y"));
}

void TestPoolCommands::importListsIssuesInLineOrder()
{
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(3)}).exitCode, 0);
    const QByteArray text = "junk one\n" +                     // 1 rejected
                            key(1).toLatin1() + "\n" +         // 2 added
                            key(1).toLatin1() + "\n" +         // 3 duplicate of line 2
                            "junk two\n" +                     // 4 rejected
                            key(3).toLatin1() + "\n" +         // 5 already in the pool
                            key(2).left(20).toLatin1() + "\n"; // 6 rejected (truncated)
    const QString file = writeFile(QStringLiteral("mixed.txt"), text);
    const CliRun r = m_egb->run({QStringLiteral("import"), file});
    QCOMPARE(r.exitCode, 0);
    QList<int> lines;
    for (const QString& line : r.out.split(u'\n', Qt::SkipEmptyParts)) {
        const QString t = line.trimmed();
        if (t.startsWith(u"line "))
            lines.append(t.mid(5, t.indexOf(u':') - 5).toInt());
    }
    QCOMPARE(lines, (QList<int>{1, 3, 4, 5, 6}));
}

void TestPoolCommands::historyKeepsEveryImport()
{
    const CliRun empty = m_egb->run({QStringLiteral("history"), QStringLiteral("--json")});
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(empty.json().array().size(), 0);

    const QString first = writeFile(QStringLiteral("first.txt"), key(1).toLatin1() + "\n" + key(2).toLatin1() + "\n");
    const QString second =
        writeFile(QStringLiteral("second.txt"),
                  key(2).toLatin1() + "\nnot a key\n" + key(3).toLatin1() + "\n" + key(3).toLatin1() + "\n");
    QCOMPARE(m_egb->run({QStringLiteral("import"), first}).exitCode, 0);
    QCOMPARE(m_egb->run({QStringLiteral("import"), second}).exitCode, 0);
    // A file that cannot be read adds nothing and is not an import.
    QCOMPARE(m_egb->run({QStringLiteral("import"), m_dir->filePath(QStringLiteral("missing.txt"))}).exitCode, 1);

    const CliRun r = m_egb->run({QStringLiteral("history"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray records = r.json().array();
    QCOMPARE(records.size(), 2);
    const QJsonObject newest = records.at(0).toObject();
    QCOMPARE(QFileInfo(newest.value(u"source").toString()).fileName(), QStringLiteral("second.txt"));
    QCOMPARE(newest.value(u"added").toInt(), 1);
    QCOMPARE(newest.value(u"duplicates").toInt(), 2); // key 2 is in the pool, key 3 repeats
    QCOMPARE(newest.value(u"rejected").toInt(), 1);
    QCOMPARE(newest.value(u"origin").toString(), QStringLiteral("egb"));
    QCOMPARE(newest.value(u"format").toString(), QStringLiteral("text"));
    const QJsonObject oldest = records.at(1).toObject();
    QCOMPARE(QFileInfo(oldest.value(u"source").toString()).fileName(), QStringLiteral("first.txt"));
    QCOMPARE(oldest.value(u"added").toInt(), 2);
    QVERIFY(QDateTime::fromString(oldest.value(u"at").toString(), Qt::ISODate).isValid());

    const CliRun table = m_egb->run({QStringLiteral("history")});
    QCOMPARE(table.exitCode, 0);
    const QStringList lines = table.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).contains(u"ADDED"));
    QVERIFY(lines.at(1).contains(u"second.txt"));
    QVERIFY(lines.at(2).contains(u"first.txt"));

    const CliRun one =
        m_egb->run({QStringLiteral("history"), QStringLiteral("-n"), QStringLiteral("1"), QStringLiteral("--json")});
    QCOMPARE(one.json().array().size(), 1);
    QCOMPARE(m_egb->run({QStringLiteral("history"), QStringLiteral("-n"), QStringLiteral("zero")}).exitCode, 2);
}

void TestPoolCommands::configGetSetList()
{
    const CliRun listed = m_egb->run({QStringLiteral("config"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(listed.exitCode, 0);
    const QJsonObject defaults = listed.json().object();
    QCOMPARE(defaults.value(u"concurrency").toInt(), AppSettings::Values().concurrency);
    QCOMPARE(defaults.value(u"strategy").toString(), QStringLiteral("weighted"));
    for (const char* name : {"base-url", "model", "retries", "timeout", "deadline", "rpm", "db", "language"})
        QVERIFY2(defaults.contains(QLatin1String(name)), name);

    QCOMPARE(m_egb
                 ->run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("concurrency"),
                        QStringLiteral("16")})
                 .exitCode,
             0);
    QCOMPARE(m_egb
                 ->run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("strategy"),
                        QStringLiteral("round_robin")})
                 .exitCode,
             0);
    const QString db = m_dir->filePath(QStringLiteral("elsewhere.db"));
    QCOMPARE(m_egb->run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("db"), db}).exitCode, 0);

    const CliRun got = m_egb->run({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("concurrency")});
    QCOMPARE(got.exitCode, 0);
    QCOMPARE(got.out.trimmed(), QStringLiteral("16"));

    // What the app reads: the same file, the same values.
    QVERIFY(QFileInfo::exists(m_egb->settingsFile()));
    AppSettings app(m_egb->settingsFile());
    QCOMPARE(app.concurrency(), 16);
    QCOMPARE(app.strategy(), SelectionStrategy::RoundRobin);
    QCOMPARE(app.databasePath(), db);

    const CliRun table = m_egb->run({QStringLiteral("config"), QStringLiteral("list")});
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.out.contains(QRegularExpression(QStringLiteral("concurrency +16"))), qPrintable(table.out));
    const CliRun json = m_egb->run(
        {QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("strategy"), QStringLiteral("--json")});
    QCOMPARE(json.json().object().value(u"value").toString(), QStringLiteral("round_robin"));
}

void TestPoolCommands::configRefusesWrongValues()
{
    QCOMPARE(m_egb
                 ->run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("concurrency"),
                        QStringLiteral("12")})
                 .exitCode,
             0);
    const QList<QStringList> wrong = {
        {QStringLiteral("concurrency"), QStringLiteral("0")},
        {QStringLiteral("concurrency"), QStringLiteral("many")},
        {QStringLiteral("timeout"), QStringLiteral("99999")},
        {QStringLiteral("strategy"), QStringLiteral("fastest")},
        {QStringLiteral("base-url"), QStringLiteral("ftp://example.com")},
        {QStringLiteral("language"), QStringLiteral("klingon")},
    };
    for (const QStringList& w : wrong) {
        const CliRun r = m_egb->run({QStringLiteral("config"), QStringLiteral("set"), w.at(0), w.at(1)});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(w.at(0)), qPrintable(r.err));
    }
    const CliRun unknown = m_egb->run({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("colour")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains(u"concurrency"), qPrintable(unknown.err)); // it lists the real names
    QCOMPARE(m_egb->run({QStringLiteral("config")}).exitCode, 2);
    QCOMPARE(m_egb->run({QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("rpm")}).exitCode, 2);
    // Nothing wrong was saved.
    QCOMPARE(AppSettings(m_egb->settingsFile()).concurrency(), 12);
    QCOMPARE(AppSettings(m_egb->settingsFile()).strategy(), SelectionStrategy::Weighted);

    // A settings folder that cannot be written: said, never "saved".
    const QString folder = QFileInfo(m_egb->settingsFile()).absolutePath();
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QVERIFY(QFile::setPermissions(m_egb->settingsFile(), QFileDevice::ReadOwner));
    const CliRun readOnly = m_egb->run(
        {QStringLiteral("config"), QStringLiteral("set"), QStringLiteral("concurrency"), QStringLiteral("20")});
    QFile::setPermissions(m_egb->settingsFile(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (::geteuid() != 0) { // root writes anyway
        QCOMPARE(readOnly.exitCode, 1);
        QVERIFY2(readOnly.err.contains(u"could not be saved"), qPrintable(readOnly.err));
        QVERIFY(!readOnly.out.contains(u"saved"));
    }
}

void TestPoolCommands::helpNamesTheNewCommands()
{
    const CliRun help = m_egb->run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* command : {"add", "export", "history", "monitor", "config"}) {
        QVERIFY2(help.out.contains(QLatin1String(command)), command);
        const CliRun own = m_egb->run({QLatin1String(command), QStringLiteral("--help")});
        QCOMPARE(own.exitCode, 0);
        QVERIFY2(own.out.startsWith(QStringLiteral("Usage: egb ") + QLatin1String(command)), qPrintable(own.out));
    }
}

QTEST_GUILESS_MAIN(TestPoolCommands)
#include "tst_poolcommands.moc"
