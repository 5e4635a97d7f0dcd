#include "PgConnectionInfo.h"
#include "TestDatabase.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

/// The team database address (a libpq URI) as QPSQL opens it: parsing, what is kept out of the settings file, and
/// real connections to the test cluster of scripts/pg-cluster.sh (TLS with its own CA, passwords from the pgpass
/// file), so what the URI says is what libpq does.
class TestPgConnectionInfo : public QObject
{
    Q_OBJECT

private:
    QString m_adminUrl;
    QString m_caFile;
    int m_connections = 0;

    /// Opens `info` on a fresh connection; returns the error text, empty on success. `sql` (optional) is run and
    /// its first value stored in `value`.
    QString tryOpen(const PgConnectionInfo& info, const QString& sql = {}, QVariant* value = nullptr)
    {
        const QString name = QStringLiteral("pgconn-%1").arg(++m_connections);
        QString error;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            info.applyTo(db);
            if (!db.open()) {
                error = db.lastError().text();
                if (error.isEmpty())
                    error = QStringLiteral("open failed");
            } else if (!sql.isEmpty()) {
                QSqlQuery q(db);
                if (q.exec(sql) && q.next())
                    *value = q.value(0);
                else
                    error = q.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return error;
    }

    PgConnectionInfo cluster(const QString& extraQuery = {})
    {
        QString url = m_adminUrl;
        if (!extraQuery.isEmpty())
            url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + extraQuery;
        QString error;
        const PgConnectionInfo info = PgConnectionInfo::parse(url, &error);
        if (!info.isValid())
            qWarning("%s: %s", qPrintable(url), qPrintable(error));
        return info;
    }

private slots:
    void initTestCase()
    {
        m_adminUrl = test::postgresAdminUrl();
        QVERIFY2(!m_adminUrl.isEmpty(), "no PostgreSQL test cluster (run through CTest, or set EGB_TEST_PG_DIR)");
        m_caFile = qEnvironmentVariable("EGB_TEST_PG_DIR") + QStringLiteral("/ca.crt");
        if (!QFile::exists(m_caFile))
            m_caFile = QFileInfo(qEnvironmentVariable("PGPASSFILE")).absolutePath() + QStringLiteral("/ca.crt");
        QVERIFY2(QFile::exists(m_caFile), qPrintable(m_caFile));
    }

    void recognisesUris()
    {
        QVERIFY(PgConnectionInfo::isUri(QStringLiteral("postgresql://db/pool")));
        QVERIFY(PgConnectionInfo::isUri(QStringLiteral("  postgres://db/pool")));
        QVERIFY(PgConnectionInfo::isUri(QStringLiteral("PostgreSQL://db/pool")));
        QVERIFY(!PgConnectionInfo::isUri(QStringLiteral("/home/me/keys.db")));
        QVERIFY(!PgConnectionInfo::isUri(QStringLiteral("postgresql.db")));
        QVERIFY(!PgConnectionInfo::isUri(QStringLiteral("C:/keys/postgresql://x")));
    }

    void parsesEveryPart()
    {
        QString error = QStringLiteral("stale");
        const PgConnectionInfo info = PgConnectionInfo::parse(
            QStringLiteral("postgresql://team%20lead@db.example.com:6543/key%20pool?sslmode=verify-full&"
                           "sslrootcert=/etc/ssl/team%20ca.pem&application_name=ci%20box"),
            &error);
        QVERIFY2(info.isValid(), qPrintable(error));
        QVERIFY(error.isEmpty());
        QCOMPARE(info.user(), QStringLiteral("team lead"));
        QCOMPARE(info.host(), QStringLiteral("db.example.com"));
        QCOMPARE(info.port(), 6543);
        QCOMPARE(info.database(), QStringLiteral("key pool"));
        QCOMPARE(info.sslMode(), QStringLiteral("verify-full"));
        QCOMPARE(info.parameter(QStringLiteral("sslrootcert")), QStringLiteral("/etc/ssl/team ca.pem"));
        QCOMPARE(info.displayName(), QStringLiteral("team lead@db.example.com:6543/key pool"));
        // Round trip through the settings file.
        const PgConnectionInfo again = PgConnectionInfo::parse(info.toString());
        QVERIFY(again.isValid());
        QCOMPARE(again.user(), info.user());
        QCOMPARE(again.host(), info.host());
        QCOMPARE(again.port(), info.port());
        QCOMPARE(again.database(), info.database());
        QCOMPARE(again.parameters(), info.parameters());
        // Every parameter reaches libpq quoted, and the keep-alive defaults are added.
        const QString options = info.connectOptions();
        QVERIFY2(options.contains(QStringLiteral("sslmode='verify-full'")), qPrintable(options));
        QVERIFY2(options.contains(QStringLiteral("sslrootcert='/etc/ssl/team ca.pem'")), qPrintable(options));
        QVERIFY2(options.contains(QStringLiteral("application_name='ci box'")), qPrintable(options));
        QVERIFY2(options.contains(QStringLiteral("keepalives=1")), qPrintable(options));
        QVERIFY2(options.contains(QStringLiteral("tcp_user_timeout=")), qPrintable(options));
    }

    void socketsAndIpv6()
    {
        const PgConnectionInfo socket =
            PgConnectionInfo::parse(QStringLiteral("postgresql:///pool?host=/var/run/postgresql&port=5433"));
        QVERIFY(socket.isValid());
        QCOMPARE(socket.host(), QStringLiteral("/var/run/postgresql"));
        QCOMPARE(socket.port(), 5433);
        QCOMPARE(socket.database(), QStringLiteral("pool"));
        QCOMPARE(PgConnectionInfo::parse(socket.toString()).host(), socket.host());

        const PgConnectionInfo v6 = PgConnectionInfo::parse(QStringLiteral("postgres://egb@[::1]:5432/pool"));
        QVERIFY(v6.isValid());
        QCOMPARE(v6.host(), QStringLiteral("::1"));
        QCOMPARE(v6.port(), 5432);
        QCOMPARE(PgConnectionInfo::parse(v6.toString()).host(), QStringLiteral("::1"));
    }

    void thePasswordNeverReachesTheSettings()
    {
        const PgConnectionInfo inUserInfo =
            PgConnectionInfo::parse(QStringLiteral("postgresql://egb:s3cr%40t@db/pool?sslmode=require"));
        QVERIFY(inUserInfo.isValid());
        QCOMPARE(inUserInfo.password(), QStringLiteral("s3cr@t"));
        QVERIFY(!inUserInfo.toString().contains(QStringLiteral("s3cr")));
        QVERIFY(!inUserInfo.displayName().contains(QStringLiteral("s3cr")));
        QVERIFY(!inUserInfo.connectOptions().contains(QStringLiteral("s3cr")));
        QCOMPARE(inUserInfo.toString(), QStringLiteral("postgresql://egb@db/pool?sslmode=require"));

        const PgConnectionInfo inQuery =
            PgConnectionInfo::parse(QStringLiteral("postgresql://egb@db/pool?password=pw1"));
        QVERIFY(inQuery.isValid());
        QCOMPARE(inQuery.password(), QStringLiteral("pw1"));
        QVERIFY(!inQuery.toString().contains(QStringLiteral("pw1")));
    }

    void mistakesAreExplained_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("said");
        QTest::newRow("not a uri") << QStringLiteral("mysql://db/pool") << QStringLiteral("postgresql://");
        QTest::newRow("port") << QStringLiteral("postgresql://db:99999/pool") << QStringLiteral("99999");
        QTest::newRow("port text") << QStringLiteral("postgresql://db:abc/pool") << QStringLiteral("abc");
        QTest::newRow("unknown parameter")
            << QStringLiteral("postgresql://db/pool?sslmod=require") << QStringLiteral("sslmod");
        QTest::newRow("sslmode") << QStringLiteral("postgresql://db/pool?sslmode=always")
                                 << QStringLiteral("verify-full");
        QTest::newRow("no value") << QStringLiteral("postgresql://db/pool?sslmode") << QStringLiteral("sslmode");
        QTest::newRow("several hosts") << QStringLiteral("postgresql://a,b/pool") << QStringLiteral("a,b");
        QTest::newRow("bracket") << QStringLiteral("postgresql://[::1/pool") << QStringLiteral("[::1");
        QTest::newRow("semicolon") << QStringLiteral("postgresql://db/pool?application_name=a;b")
                                   << QStringLiteral("semicolon");
    }

    void mistakesAreExplained()
    {
        QFETCH(QString, uri);
        QFETCH(QString, said);
        QString error;
        const PgConnectionInfo info = PgConnectionInfo::parse(uri, &error);
        QVERIFY(!info.isValid());
        QVERIFY2(error.contains(said), qPrintable(error));
        QVERIFY(info.toString().isEmpty());
    }

    void connectsWithThePasswordFile()
    {
        const PgConnectionInfo info = cluster();
        QVERIFY(info.isValid());
        QVERIFY(info.password().isEmpty()); // libpq reads PGPASSFILE
        QVariant user;
        const QString error = tryOpen(info, QStringLiteral("SELECT current_user"), &user);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(user.toString(), QStringLiteral("egb"));
    }

    void aWrongPasswordIsRefused()
    {
        PgConnectionInfo info = cluster();
        info.setPassword(QStringLiteral("not-the-password"));
        const QString error = tryOpen(info);
        QVERIFY2(error.contains(QStringLiteral("password authentication failed")), qPrintable(error));
    }

    void applicationNameReachesTheServer()
    {
        const PgConnectionInfo info = cluster(QStringLiteral("application_name=team%20box"));
        QVariant name;
        const QString error = tryOpen(info, QStringLiteral("SELECT current_setting('application_name')"), &name);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(name.toString(), QStringLiteral("team box"));
    }

    void sslmodeIsHonoured()
    {
        // verify-full with the cluster's CA: TLS, and the certificate checked against 127.0.0.1.
        QVariant ssl;
        QString error = tryOpen(cluster(QStringLiteral("sslmode=verify-full&sslrootcert=") + m_caFile),
                                QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), &ssl);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(ssl.toBool(), true);

        // disable: the same server, in clear.
        error = tryOpen(cluster(QStringLiteral("sslmode=disable")),
                        QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), &ssl);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(ssl.toBool(), false);

        // verify-ca with a CA that did not sign the server's certificate: refused, not silently in clear.
        QTemporaryDir dir;
        const QString otherCa = dir.filePath(QStringLiteral("other.pem"));
        {
            // An empty CA file trusts no root at all: libpq must refuse to go on.
            QFile f(otherCa);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        error = tryOpen(cluster(QStringLiteral("sslmode=verify-ca&sslrootcert=") + otherCa));
        QVERIFY2(!error.isEmpty(), "verify-ca accepted a server its CA file cannot vouch for");
    }
};

QTEST_GUILESS_MAIN(TestPgConnectionInfo)
#include "tst_pgconnectioninfo.moc"
