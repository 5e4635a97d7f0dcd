// egb db copy as a real egb process: a pool copied into another file (and, in cli.dbcommand.postgresql, into a team
// database and back), a target that is not empty refused with exit status 1 and left as it was, --replace, --json
// counts, and a password written in a postgresql:// URI never printed, whether the copy works or fails.
#include "ApiKey.h"
#include "CliProcess.h"
#include "FakeGeminiServer.h"
#include "TestDatabase.h"
#include "TestKeys.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace egb;
using egb::test::CliProcess;
using egb::test::CliRun;
using egb::test::FakeGeminiServer;
using egb::test::testKey;

class TestDbCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server = std::make_unique<FakeGeminiServer>();
        QVERIFY(m_server->listen());
        m_egb = std::make_unique<CliProcess>(m_dir->path(), m_server->baseUrl());
    }

    void cleanup()
    {
        const bool leaked = m_egb && m_egb->printedASecret();
        m_egb.reset();
        m_server.reset();
        m_dir.reset();
        QVERIFY2(!leaked, "egb printed a full key");
    }

    void copiesIntoAFileAndRefusesAFullOne()
    {
        addKeys(3);
        QVERIFY(m_egb->run({QStringLiteral("disable"), QStringLiteral("2")}).exitCode == 0);
        const QJsonArray source = list();
        QCOMPARE(source.size(), 3);
        const QString target = m_dir->filePath(QStringLiteral("copy.db"));

        const CliRun copied =
            m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), target});
        QVERIFY2(copied.exitCode == 0, qPrintable(copied.err));
        QVERIFY2(copied.out.contains(QStringLiteral("Copied 3 keys")), qPrintable(copied.out));
        QVERIFY(copied.out.contains(QStringLiteral("1 import in the history")));
        QCOMPARE(list(target), source); // ids, status, labels and counters as they were

        // Again: the target holds a pool now. Refused, exit status 1, nothing changed.
        addKeys(1, 50);
        const CliRun refused =
            m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), target});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("is not empty")), qPrintable(refused.err));
        QVERIFY(refused.err.contains(QStringLiteral("3 keys")));
        QVERIFY(refused.err.contains(QStringLiteral("--replace")));
        QCOMPARE(list(target), source);

        const CliRun replaced = m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"),
                                            target, QStringLiteral("--replace")});
        QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
        QCOMPARE(list(target), list());
        QCOMPARE(list(target).size(), 4);
    }

    void jsonPrintsTheCounts()
    {
        addKeys(2);
        const QString target = m_dir->filePath(QStringLiteral("copy.db"));
        const CliRun r = m_egb->run({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("copy"),
                                     QStringLiteral("--from"), m_egb->database(), QStringLiteral("--to"), target},
                                    {}, false);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = r.json().object();
        QCOMPARE(o.value(u"copied").toBool(), true);
        QCOMPARE(o.value(u"keys").toInt(), 2);
        QCOMPARE(o.value(u"import_events").toInt(), 1);
        QCOMPARE(o.value(u"conversations").toInt(), 0);
        QCOMPARE(o.value(u"batch_runs").toInt(), 0);
        QVERIFY(o.contains(u"messages"));
        QVERIFY(o.contains(u"batch_items"));
        QVERIFY(o.contains(u"access_tokens"));
        QCOMPARE(o.value(u"to").toString(), target);

        const CliRun refused = m_egb->run(
            {QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), target});
        QCOMPARE(refused.exitCode, 1);
        const QJsonObject e = refused.json().object();
        QCOMPARE(e.value(u"copied").toBool(), false);
        QCOMPARE(e.value(u"target").toObject().value(u"keys").toInt(), 2);
    }

    void theCommandLineIsChecked()
    {
        const CliRun noTarget = m_egb->run({QStringLiteral("db"), QStringLiteral("copy")});
        QCOMPARE(noTarget.exitCode, 2);
        QVERIFY(noTarget.err.contains(QStringLiteral("--to")));
        const CliRun noAction = m_egb->run({QStringLiteral("db"), QStringLiteral("move")});
        QCOMPARE(noAction.exitCode, 2);
        const CliRun help = m_egb->run({QStringLiteral("db"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.startsWith(QStringLiteral("Usage: egb db copy")));
        QVERIFY(m_egb->run({QStringLiteral("--help")}).out.contains(QStringLiteral("db copy")));
        const QString missing = m_dir->filePath(QStringLiteral("missing.db"));
        const CliRun none = m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--from"), missing,
                                        QStringLiteral("--to"), m_dir->filePath(QStringLiteral("t.db"))});
        QCOMPARE(none.exitCode, 1);
        QVERIFY(none.err.contains(missing));
    }

    void aPasswordInAUriIsNeverPrinted()
    {
        addKeys(1);
        const QString password = QStringLiteral("Pw-never-shown-4711");
        // Nothing listens on port 9: the copy fails, and the message names the database without its password.
        const QString url = QStringLiteral("postgresql://egb:%1@127.0.0.1:9/pool?connect_timeout=2").arg(password);
        for (const bool json : {false, true}) {
            QStringList args{QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), url};
            if (json)
                args.prepend(QStringLiteral("--json"));
            const CliRun r = m_egb->run(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(QStringLiteral("127.0.0.1")), qPrintable(r.err));
            QVERIFY2(!r.err.contains(password) && !r.out.contains(password), qPrintable(r.err + r.out));
        }
        const CliRun from = m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--from"), url,
                                        QStringLiteral("--to"), m_dir->filePath(QStringLiteral("t.db"))});
        QCOMPARE(from.exitCode, 1);
        QVERIFY2(!from.err.contains(password) && !from.out.contains(password), qPrintable(from.err + from.out));
        const CliRun action = m_egb->run({QStringLiteral("db"), url});
        QCOMPARE(action.exitCode, 2);
        QVERIFY2(!action.err.contains(password), qPrintable(action.err));
    }

    void intoATeamDatabaseAndBack()
    {
        test::TestDatabase team(m_dir->path(), {}, test::Backend::Postgres);
        QVERIFY2(team.isValid(), qPrintable(team.error()));
        // The URI carries the cluster's password (from its pgpass file), and egb gets no pgpass file: the copy
        // works with the password in the URI, and no output holds it.
        QFile pgpass(qEnvironmentVariable("PGPASSFILE"));
        QVERIFY(pgpass.open(QIODevice::ReadOnly));
        const QString password = QString::fromUtf8(pgpass.readAll()).trimmed().section(u':', 4);
        QVERIFY(!password.isEmpty());
        QString url = team.location();
        url.replace(QStringLiteral("://egb@"), QStringLiteral("://egb:%1@").arg(password));
        const QMap<QString, QString> env{{QStringLiteral("PGPASSFILE"), m_dir->filePath(QStringLiteral("none"))},
                                         {QStringLiteral("PGPASSWORD"), QString()}};
        addKeys(3);
        const QJsonArray source = list();

        const CliRun up = m_egb->run({QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), url}, env);
        QVERIFY2(up.exitCode == 0, qPrintable(up.err));
        QVERIFY2(up.out.contains(QStringLiteral("Copied 3 keys")), qPrintable(up.out));
        QVERIFY(up.out.contains(team.databaseName()));
        // The import history stays in the file, and egb says so.
        QVERIFY2(up.err.contains(QStringLiteral("1 import in the history")), qPrintable(up.err));
        const CliRun again = m_egb->run(
            {QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("copy"), QStringLiteral("--to"), url}, env);
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.json().object().value(u"target").toObject().value(u"keys").toInt(), 3);

        const QString back = m_dir->filePath(QStringLiteral("back.db"));
        const CliRun down = m_egb->run({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("copy"),
                                        QStringLiteral("--from"), url, QStringLiteral("--to"), back},
                                       env);
        QVERIFY2(down.exitCode == 0, qPrintable(down.err));
        QCOMPARE(down.json().object().value(u"keys").toInt(), 3);
        QCOMPARE(list(back), source);
        for (const CliRun& r : {up, again, down})
            QVERIFY2(!r.out.contains(password) && !r.err.contains(password), qPrintable(r.out + r.err));
    }

private:
    void addKeys(int n, int base = 0)
    {
        QByteArray file;
        for (int i = 0; i < n; ++i) {
            const QString k = testKey(8000 + base + i);
            m_egb->addSecret(k);
            file += k.toUtf8() + ", label " + QByteArray::number(base + i) + '\n';
        }
        const QString path = m_dir->filePath(QStringLiteral("keys-%1.txt").arg(base));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(file);
        f.close();
        const CliRun r = m_egb->run({QStringLiteral("import"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
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

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<CliProcess> m_egb;
};

QTEST_GUILESS_MAIN(TestDbCommand)
#include "tst_dbcommand.moc"
