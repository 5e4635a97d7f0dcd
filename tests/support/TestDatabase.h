#pragma once

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>

namespace egb::test {

/// The storage backend a test run uses. A storage test is one executable run twice by CTest: `<layer>.<unit>` on
/// SQLite and `<layer>.<unit>.postgresql` with EGB_TEST_BACKEND=postgresql (tests/CMakeLists.txt,
/// egb_add_postgres_runs), against the throwaway cluster of scripts/pg-cluster.sh (CTest fixture "pg", or the one
/// .ci/run started). The test asks TestDatabase for a location and never cares which backend it got.
enum class Backend
{
    Sqlite,
    Postgres,
};

inline Backend backend()
{
    const QString name = qEnvironmentVariable("EGB_TEST_BACKEND").trimmed().toLower();
    return (name == u"postgresql" || name == u"postgres") ? Backend::Postgres : Backend::Sqlite;
}

inline QString backendName()
{
    return backend() == Backend::Postgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

/// The test cluster's superuser URL (database "postgres"): $EGB_TEST_PG_URL, else the `url` file that
/// scripts/pg-cluster.sh left in $EGB_TEST_PG_DIR (whose `pgpass` then becomes PGPASSFILE, for this process and
/// every process it starts). Empty when neither is set.
inline QString postgresAdminUrl()
{
    QString url = qEnvironmentVariable("EGB_TEST_PG_URL").trimmed();
    if (!url.isEmpty())
        return url;
    const QString dir = qEnvironmentVariable("EGB_TEST_PG_DIR");
    if (dir.isEmpty())
        return {};
    QFile file(dir + QStringLiteral("/url"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    url = QString::fromUtf8(file.readAll()).trimmed();
    if (qEnvironmentVariableIsEmpty("PGPASSFILE"))
        qputenv("PGPASSFILE", QFile::encodeName(dir + QStringLiteral("/pgpass")));
    return url;
}

/// `adminUrl` with its database name replaced by `database`.
inline QString postgresUrlFor(const QString& adminUrl, const QString& database)
{
    QString base = adminUrl;
    QString query;
    if (const qsizetype q = base.indexOf(QLatin1Char('?')); q >= 0) {
        query = base.mid(q);
        base.truncate(q);
    }
    const qsizetype authority = base.indexOf(QLatin1String("://")) + 3;
    const qsizetype slash = base.indexOf(QLatin1Char('/'), authority);
    if (slash >= 0)
        base.truncate(slash);
    return base + QLatin1Char('/') + database + query;
}

/// One fresh, empty database for a test: a file in `dir` (SQLite) or a new database in the PostgreSQL test
/// cluster, named uniquely (tests run in parallel) and dropped again at destruction, with every connection still
/// on it. location() is what the application is given: a path, or a postgresql:// URI.
class TestDatabase
{
public:
    explicit TestDatabase(const QString& dir, const QString& fileName = QStringLiteral("keys.db"),
                          Backend which = backend())
        : m_backend(which)
    {
        if (m_backend == Backend::Sqlite) {
            m_location = QDir(dir).filePath(fileName);
            return;
        }
        m_adminUrl = postgresAdminUrl();
        if (m_adminUrl.isEmpty()) {
            m_error = QStringLiteral("no PostgreSQL test cluster: set EGB_TEST_PG_URL or EGB_TEST_PG_DIR "
                                     "(scripts/pg-cluster.sh start DIR), or run the test through CTest");
            return;
        }
        static QAtomicInteger<int> counter;
        m_database = QStringLiteral("egb_test_%1_%2_%3")
                         .arg(QCoreApplication::applicationPid())
                         .arg(++counter)
                         .arg(QRandomGenerator::global()->bounded(1'000'000));
        if (admin(QStringLiteral("CREATE DATABASE %1").arg(m_database)))
            m_location = postgresUrlFor(m_adminUrl, m_database);
    }
    ~TestDatabase()
    {
        if (!m_location.isEmpty() && m_backend == Backend::Postgres)
            admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database));
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    bool isValid() const { return !m_location.isEmpty(); }
    QString error() const { return m_error; }
    Backend backendKind() const { return m_backend; }
    bool isPostgres() const { return m_backend == Backend::Postgres; }
    /// A file path or a postgresql:// URI (no password in it: libpq reads PGPASSFILE).
    QString location() const { return m_location; }
    QString databaseName() const { return m_database; }

    /// Runs one statement as the cluster's superuser, on its own short connection.
    bool admin(const QString& sql)
    {
        static QAtomicInteger<int> connections;
        const QString name = QStringLiteral("egb-test-admin-%1").arg(++connections);
        bool ok = false;
        {
            const QUrl url(m_adminUrl);
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(-1));
            db.setUserName(url.userName());
            db.setDatabaseName(url.path().mid(1));
            if (!db.open()) {
                m_error = QStringLiteral("cannot reach the PostgreSQL test cluster %1: %2")
                              .arg(m_adminUrl, db.lastError().text());
            } else {
                QSqlQuery q(db);
                ok = q.exec(sql);
                if (!ok)
                    m_error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

private:
    Backend m_backend;
    QString m_adminUrl;
    QString m_database;
    QString m_location;
    QString m_error;
};

} // namespace egb::test
