#include "KeyPool.h"
#include "KeyStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <memory>

using namespace egb;

namespace {

/// A key-shaped string made at run time from an index (never a real key).
QString generatedKey(int i)
{
    return QStringLiteral("AIzaSt") + QString::number(i).rightJustified(33, QLatin1Char('x'));
}

QStringList generatedKeys(int n, int first = 0)
{
    QStringList keys;
    keys.reserve(n);
    for (int i = 0; i < n; ++i)
        keys.append(generatedKey(first + i));
    return keys;
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

int fileMode(const QString& path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

/// A second, independent SQLite connection to the same file: what another process (or the next start) sees.
class Peek
{
public:
    explicit Peek(const QString& path)
        : m_name(QStringLiteral("peek-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
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
    bool exec(const QString& sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }
    qint64 count(const QString& where = QStringLiteral("1")) const
    {
        return value(QStringLiteral("SELECT count(*) FROM keys WHERE ") + where).toLongLong();
    }

private:
    QString m_name;
    static inline int s_counter = 0;
};

/// Keys with every field set to something other than its default, in each status.
QList<ApiKey> richKeys()
{
    QList<ApiKey> keys;
    ApiKey a;
    a.id = 7;
    a.secret = generatedKey(1);
    a.label = QStringLiteral("Ünïcode label 'quoted', \"double\"; DROP TABLE keys; --");
    a.group = QStringLiteral("project-a");
    a.status = KeyStatus::CoolingDown;
    a.weight = 0.3370000000000001;
    a.consecutiveFailures = 4;
    a.totalFailures = 9'000'000'001LL;
    a.totalSuccesses = 12'345'678'901LL;
    a.lastHttpStatus = 429;
    a.lastError = QStringLiteral("Resource has been exhausted (e.g. check quota).");
    a.lastUsedMs = 1'780'000'000'123LL;
    a.cooldownUntilMs = 1'780'000'030'123LL;
    a.rateLimitStreak = 3;
    a.serverFaultStreak = 2;
    a.rpmLimit = 15;
    a.addedMs = 1'700'000'000'001LL;
    keys << a;

    ApiKey b;
    b.id = 8;
    b.secret = generatedKey(2);
    b.status = KeyStatus::Disabled;
    b.weight = 0.05;
    b.disabledReason = QStringLiteral("API key not valid. Please pass a valid API key.");
    b.lastHttpStatus = 400;
    b.consecutiveFailures = 1;
    b.totalFailures = 1;
    b.addedMs = 1'700'000'000'002LL;
    keys << b;

    ApiKey c;
    c.id = 3; // ids need not follow insertion order
    c.secret = generatedKey(3);
    c.label = QStringLiteral("plain");
    c.totalSuccesses = 2;
    c.lastHttpStatus = 200;
    c.lastUsedMs = 1'780'000'000'000LL;
    c.addedMs = 1'700'000'000'003LL;
    keys << c;
    return keys;
}

} // namespace

class TestKeyStore : public QObject
{
    Q_OBJECT

    QString dbPath(const QTemporaryDir& dir) const { return dir.filePath(QStringLiteral("data/keys.db")); }

private Q_SLOTS:
    void defaultPathIsInAppData() { QVERIFY(KeyStore::defaultPath().endsWith(QLatin1String("/keys.db"))); }

    void everyFieldRoundTrips()
    {
        QTemporaryDir dir;
        const QList<ApiKey> keys = richKeys();
        {
            KeyStore store;
            QVERIFY2(store.open(dbPath(dir)), qPrintable(store.lastError()));
            QVERIFY(store.insertKeys(keys));
        }
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        const std::vector<ApiKey> loaded = store.loadKeys();
        QCOMPARE(int(loaded.size()), 3);
        // Ordered by id.
        QCOMPARE(loaded[0], keys[2]);
        QCOMPARE(loaded[1], keys[0]);
        QCOMPARE(loaded[2], keys[1]);
        QCOMPARE(loaded[1].weight, 0.3370000000000001); // REAL keeps every bit
        // The database holds status names and integer milliseconds.
        Peek peek(dbPath(dir));
        QCOMPARE(peek.value(QStringLiteral("SELECT status FROM keys WHERE id=7")).toString(),
                 QStringLiteral("cooling_down"));
        QCOMPARE(peek.value(QStringLiteral("SELECT typeof(cooldown_until_ms) FROM keys WHERE id=7")).toString(),
                 QStringLiteral("integer"));
        QCOMPARE(peek.value(QStringLiteral("SELECT typeof(weight) FROM keys WHERE id=8")).toString(),
                 QStringLiteral("real"));
    }

    void insertRefusesADuplicateSecretAndSaveUpserts()
    {
        QTemporaryDir dir;
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        QList<ApiKey> keys = richKeys();
        QVERIFY(store.insertKeys(keys));
        ApiKey clash = keys[0];
        clash.id = 99;
        QVERIFY(!store.insertKeys({clash})); // the secret is UNIQUE
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(int(store.loadKeys().size()), 3); // the failed transaction left nothing behind
        keys[0].label = QStringLiteral("changed");
        keys[0].status = KeyStatus::Active;
        QVERIFY(store.saveKeys({keys[0]}));
        const std::vector<ApiKey> loaded = store.loadKeys();
        QCOMPARE(int(loaded.size()), 3);
        QCOMPARE(loaded[1], keys[0]);
        QVERIFY(store.removeKeys({7, 3}));
        QCOMPARE(int(store.loadKeys().size()), 1);
    }

    void restartRestoresThePool()
    {
        QTemporaryDir dir;
        qint64 now = 1'780'000'000'000LL;
        std::vector<ApiKey> before;
        {
            KeyPool pool;
            pool.setClock([&now] { return now; });
            KeyStore store;
            QVERIFY(store.open(dbPath(dir)));
            QVERIFY(store.attach(&pool));
            const QList<qint64> ids = pool.addSecrets(generatedKeys(6), QStringLiteral("imported"));
            QCOMPARE(ids.size(), 6);
            pool.setLabel(ids[0], QStringLiteral("main"));
            pool.setGroup(ids[1], QStringLiteral("project-b"));
            pool.setRpmLimit(ids[1], 12);
            Outcome limited = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
            limited.retryDelayMs = 40'000;
            pool.report(ids[2], limited);
            pool.report(ids[3], Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid")));
            pool.report(ids[4], Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded")));
            pool.report(ids[4], Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("internal")));
            pool.report(ids[0], Outcome::success(120));
            pool.report(ids[0], Outcome::success(80));
            pool.disable({ids[5]}, QStringLiteral("Disabled by you"));
            for (int row = 0; row < pool.size(); ++row)
                before.push_back(pool.at(row));
            QCOMPARE(before[2].status, KeyStatus::CoolingDown);
            QCOMPARE(before[3].status, KeyStatus::Disabled);
            QVERIFY(before[4].weight < 1.0);
            // The store goes first (as in the apps): its final flush writes the health reports.
        }
        KeyPool pool;
        pool.setClock([&now] { return now; });
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        QCOMPARE(pool.size(), 6);
        for (int row = 0; row < pool.size(); ++row)
            QCOMPARE(pool.at(row), before[size_t(row)]);
        QCOMPARE(pool.stats().coolingDown, 1);
        QCOMPARE(pool.stats().disabled, 2);
    }

    void fileIsOwnerOnly()
    {
        QTemporaryDir dir;
        {
            KeyStore store;
            QVERIFY(store.open(dbPath(dir)));
            KeyPool pool;
            QVERIFY(store.attach(&pool));
            pool.addSecrets(generatedKeys(3));
            QCOMPARE(fileMode(dbPath(dir)), 0600);
            QCOMPARE(fileMode(dbPath(dir) + QStringLiteral("-wal")), 0600); // SQLite copies the mode
            QCOMPARE(fileMode(dbPath(dir) + QStringLiteral("-shm")), 0600); // the log's index holds pages too
        }
        // An existing file that others could read is tightened at open.
        QVERIFY(::chmod(QFile::encodeName(dbPath(dir)).constData(), 0644) == 0);
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        QCOMPARE(fileMode(dbPath(dir)), 0600);
        QCOMPARE(int(store.loadKeys().size()), 3);
    }

    void walModeIsOn()
    {
        QTemporaryDir dir;
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        Peek peek(dbPath(dir));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), KeyStore::SchemaVersion);
        // The store's own connection: synchronous=NORMAL (1) and the busy timeout.
        QSqlQuery q(QSqlDatabase::database(store.connectionName(), false));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout")) && q.next());
        QCOMPARE(q.value(0).toInt(), store.busyTimeout());
    }

    void connectionIsNamedAndRemovedOnClose()
    {
        QTemporaryDir dir;
        QString name;
        {
            KeyStore a;
            KeyStore b;
            QVERIFY(a.connectionName() != b.connectionName());
            QVERIFY(a.open(dbPath(dir)));
            QVERIFY(b.open(dbPath(dir)));
            name = a.connectionName();
            QVERIFY(QSqlDatabase::contains(name));
            // Another feature can add its own table to the same file through this connection.
            QSqlQuery q(QSqlDatabase::database(name, false));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE chat_test (id INTEGER PRIMARY KEY)")));
            a.close();
            QVERIFY(!a.isOpen());
            QVERIFY(!QSqlDatabase::contains(name));
            QVERIFY(b.isOpen());
        }
        QVERIFY(!QSqlDatabase::contains(name));
    }

    void olderSchemaIsMigrated()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("data")));
        {
            // Version 0: a file made by hand that already holds another feature's table.
            Peek peek(dbPath(dir));
            QVERIFY(peek.exec(QStringLiteral("CREATE TABLE notes (t TEXT)")));
            QVERIFY(peek.exec(QStringLiteral("INSERT INTO notes VALUES ('kept')")));
        }
        KeyStore store;
        QVERIFY2(store.open(dbPath(dir)), qPrintable(store.lastError()));
        Peek peek(dbPath(dir));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), KeyStore::SchemaVersion);
        QCOMPARE(peek.value(QStringLiteral("SELECT t FROM notes")).toString(), QStringLiteral("kept"));
        QVERIFY(store.insertKeys(richKeys()));
        QCOMPARE(peek.count(), 3);
    }

    void versionOneFileBuiltByHandLoads()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("data")));
        {
            Peek peek(dbPath(dir));
            QVERIFY(peek.exec(QStringLiteral(
                "CREATE TABLE keys (id INTEGER PRIMARY KEY, secret TEXT NOT NULL UNIQUE, label TEXT, group_name TEXT,"
                "status TEXT NOT NULL DEFAULT 'active', weight REAL NOT NULL DEFAULT 1.0,"
                "consecutive_failures INTEGER NOT NULL DEFAULT 0, total_failures INTEGER NOT NULL DEFAULT 0,"
                "total_successes INTEGER NOT NULL DEFAULT 0, last_http_status INTEGER NOT NULL DEFAULT 0,"
                "last_error TEXT, last_used_ms INTEGER NOT NULL DEFAULT 0,"
                "cooldown_until_ms INTEGER NOT NULL DEFAULT 0, rate_limit_streak INTEGER NOT NULL DEFAULT 0,"
                "disabled_reason TEXT, rpm_limit INTEGER NOT NULL DEFAULT 0, added_ms INTEGER NOT NULL DEFAULT 0)")));
            QVERIFY(peek.exec(QStringLiteral("INSERT INTO keys (id, secret, status, weight) VALUES (5, '%1', "
                                             "'disabled', 0.5)")
                                  .arg(generatedKey(5))));
            QVERIFY(peek.exec(QStringLiteral("PRAGMA user_version=1")));
        }
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        const std::vector<ApiKey> keys = store.loadKeys();
        QCOMPARE(int(keys.size()), 1);
        QCOMPARE(keys[0].id, 5);
        QCOMPARE(keys[0].secret, generatedKey(5));
        QCOMPARE(keys[0].status, KeyStatus::Disabled);
        QCOMPARE(keys[0].weight, 0.5);
        QCOMPARE(keys[0].serverFaultStreak, 0); // version 2 added the column, 0 for every key
        store.close();
        Peek peek(dbPath(dir));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), KeyStore::SchemaVersion);
    }

    void newerSchemaIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("data")));
        {
            Peek peek(dbPath(dir));
            QVERIFY(peek.exec(QStringLiteral("CREATE TABLE keys (id INTEGER PRIMARY KEY, future TEXT)")));
            QVERIFY(peek.exec(QStringLiteral("PRAGMA user_version=%1").arg(KeyStore::SchemaVersion + 1)));
        }
        const QByteArray before = fileHash(dbPath(dir));
        QVERIFY(!before.isEmpty());
        KeyStore store;
        QVERIFY(!store.open(dbPath(dir)));
        QVERIFY(!store.isOpen());
        QVERIFY2(store.lastError().contains(QLatin1String("newer version")), qPrintable(store.lastError()));
        QCOMPARE(fileHash(dbPath(dir)), before);
        Peek peek(dbPath(dir));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("delete"));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), KeyStore::SchemaVersion + 1);
    }

    void notADatabaseGivesAnErrorAndKeepsTheFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArray("these are my notes, not a database\n").repeated(200);
        QByteArray damaged("SQLite format 3");
        damaged.append('\0');
        damaged.append(QByteArray(8192, '\x5a'));
        QTest::newRow("damaged header") << damaged;
        QByteArray random;
        for (int i = 0; i < 4096; ++i)
            random.append(char((i * 7919 + 13) & 0xff));
        QTest::newRow("binary") << random;
    }

    void notADatabaseGivesAnErrorAndKeepsTheFile()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("data")));
        {
            QFile f(dbPath(dir));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        KeyStore store;
        QVERIFY(!store.open(dbPath(dir)));
        QVERIFY(!store.isOpen());
        QVERIFY2(store.lastError().contains(QLatin1String("left untouched")), qPrintable(store.lastError()));
        QVERIFY(store.lastError().contains(QDir::toNativeSeparators(dbPath(dir))));
        QFile f(dbPath(dir));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
        // The pool is not touched by a store that failed to open.
        KeyPool pool;
        pool.addSecrets({generatedKey(1)});
        QVERIFY(!store.attach(&pool));
        QCOMPARE(pool.size(), 1);
    }

    void folderThatIsAFileGivesAnError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("data")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        KeyStore store;
        QVERIFY(!store.open(dbPath(dir)));
        QVERIFY(store.lastError().contains(QLatin1String("folder")));
    }

    void userActionsAreCommittedBeforeTheyReturn()
    {
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000); // the timer never fires during this test
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        Peek peek(dbPath(dir));

        const QList<qint64> ids = pool.addSecrets(generatedKeys(5), QStringLiteral("batch"));
        QCOMPARE(peek.count(), 5);
        QCOMPARE(peek.count(QStringLiteral("label='batch'")), 5);

        pool.disable({ids[0], ids[1]}, QStringLiteral("Disabled by you"));
        QCOMPARE(peek.count(QStringLiteral("status='disabled' AND disabled_reason='Disabled by you'")), 2);

        pool.enable({ids[1]});
        QCOMPARE(peek.count(QStringLiteral("status='disabled'")), 1);

        pool.setLabel(ids[2], QStringLiteral("renamed"));
        QCOMPARE(peek.value(QStringLiteral("SELECT label FROM keys WHERE id=%1").arg(ids[2])).toString(),
                 QStringLiteral("renamed"));
        pool.setGroup(ids[3], QStringLiteral("g"));
        pool.setRpmLimit(ids[3], 7);
        QCOMPARE(peek.count(QStringLiteral("group_name='g' AND rpm_limit=7")), 1);

        pool.remove({ids[4], ids[0]});
        QCOMPARE(peek.count(), 3);

        // A second KeyStore opened right away sees the same.
        KeyStore second;
        QVERIFY(second.open(dbPath(dir)));
        const std::vector<ApiKey> keys = second.loadKeys();
        QCOMPARE(int(keys.size()), 3);
        QCOMPARE(keys[0], *pool.find(ids[1]));
    }

    void healthChangesAreWrittenBehind()
    {
        QTemporaryDir dir;
        qint64 now = 1'780'000'000'000LL;
        KeyPool pool;
        pool.setClock([&now] { return now; });
        pool.setChangeInterval(5);
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        const QList<qint64> ids = pool.addSecrets(generatedKeys(200));
        Peek peek(dbPath(dir));
        QSignalSpy changed(&pool, &KeyPool::keysChanged);
        QSignalSpy flushed(&store, &KeyStore::flushed);

        for (qint64 id : ids)
            pool.report(id, Outcome::success(10));
        QCOMPARE(peek.count(QStringLiteral("total_successes=1")), 0); // not written at once
        QVERIFY(changed.wait(5000));
        QTRY_COMPARE(store.pendingCount(), 200);
        QCOMPARE(peek.count(QStringLiteral("total_successes=1")), 0); // still behind: the timer has not fired
        QCOMPARE(flushed.count(), 0);

        QVERIFY(store.flush());
        QCOMPARE(store.pendingCount(), 0);
        QCOMPARE(peek.count(QStringLiteral("total_successes=1")), 200);
        QCOMPARE(flushed.count(), 1); // one transaction for the whole flush
        QCOMPARE(flushed.first().at(0).toInt(), 200);

        // With a short interval the timer writes by itself.
        store.setFlushInterval(20);
        for (qint64 id : ids)
            pool.report(id, Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded")));
        QTRY_COMPARE(peek.count(QStringLiteral("last_http_status=503 AND total_failures=1")), 200);
        QCOMPARE(store.pendingCount(), 0);
        QCOMPARE(flushed.count(), 2);
        QCOMPARE(flushed.last().at(0).toInt(), 200);
    }

    void userActionsAreNotWrittenTwice()
    {
        QTemporaryDir dir;
        KeyPool pool;
        pool.setChangeInterval(5);
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        QSignalSpy changed(&pool, &KeyPool::keysChanged);
        const QList<qint64> ids = pool.addSecrets(generatedKeys(50));
        pool.disable(ids);
        if (changed.isEmpty())
            QVERIFY(changed.wait(5000));
        // The coalesced keysChanged repeats what was already committed: nothing is left to write behind.
        QCOMPARE(store.pendingCount(), 0);
    }

    void detachWritesWhatIsPending()
    {
        QTemporaryDir dir;
        KeyPool pool;
        pool.setChangeInterval(60 * 60 * 1000); // keysChanged never comes during this test
        {
            KeyStore store;
            store.setFlushInterval(60 * 60 * 1000);
            QVERIFY(store.open(dbPath(dir)));
            QVERIFY(store.attach(&pool));
            const QList<qint64> ids = pool.addSecrets(generatedKeys(10));
            Outcome limited = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
            for (qint64 id : ids)
                pool.report(id, limited);
        } // destroyed: the final flush writes the reports the pool had not announced yet
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        const std::vector<ApiKey> keys = store.loadKeys();
        QCOMPARE(int(keys.size()), 10);
        for (const ApiKey& k : keys) {
            QCOMPARE(k.status, KeyStatus::CoolingDown);
            QCOMPARE(k.lastHttpStatus, 429);
        }
    }

    void hundredThousandKeysInBulk()
    {
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        Peek peek(dbPath(dir));
        constexpr int N = 100'000;

        const QList<qint64> ids = pool.addSecrets(generatedKeys(N));
        QCOMPARE(ids.size(), N);
        QCOMPARE(peek.count(), N);

        pool.disable(ids, QStringLiteral("bulk"));
        QCOMPARE(peek.count(QStringLiteral("status='disabled' AND disabled_reason='bulk'")), N);

        pool.remove(ids.mid(0, N / 2));
        QCOMPARE(peek.count(), N / 2);
        pool.remove(ids.mid(N / 2));
        QCOMPARE(peek.count(), 0);
        QVERIFY(!store.isDegraded());

        // And back: the file restores all of them.
        pool.addSecrets(generatedKeys(N, N));
        KeyStore second;
        QVERIFY(second.open(dbPath(dir)));
        const std::vector<ApiKey> loaded = second.loadKeys();
        QCOMPARE(int(loaded.size()), N);
        QCOMPARE(loaded.back().secret, generatedKey(2 * N - 1));
    }

    void lockedFileDegradesAndRecovers()
    {
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        store.setBusyTimeout(20);
        store.setFlushInterval(30);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        const QList<qint64> ids = pool.addSecrets(generatedKeys(4));
        QSignalSpy failed(&store, &KeyStore::writeFailed);
        QSignalSpy recovered(&store, &KeyStore::writeRecovered);

        // Another program takes the write lock and keeps it.
        auto other = std::make_unique<Peek>(dbPath(dir));
        QVERIFY(other->exec(QStringLiteral("BEGIN IMMEDIATE")));

        pool.disable({ids[0]}, QStringLiteral("Disabled by you"));
        QCOMPARE(failed.count(), 1);
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("another program")), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("memory")));
        QVERIFY(store.isDegraded());
        QVERIFY(store.pendingCount() > 0);
        // The pool keeps working in memory.
        QCOMPARE(pool.find(ids[0])->status, KeyStatus::Disabled);
        pool.remove({ids[1]});
        QCOMPARE(pool.size(), 3);
        QCOMPARE(failed.count(), 1); // said once, not at every failed write
        QVERIFY(!store.flush());

        // The other program lets go: the retry timer saves everything.
        QVERIFY(other->exec(QStringLiteral("ROLLBACK")));
        QTRY_COMPARE(recovered.count(), 1);
        QVERIFY(!store.isDegraded());
        QCOMPARE(store.pendingCount(), 0);
        Peek peek(dbPath(dir));
        QCOMPARE(peek.count(), 3);
        QCOMPARE(peek.count(QStringLiteral("status='disabled'")), 1);
        QCOMPARE(failed.count(), 1);
    }

    void removedFolderDegradesAndRecovers()
    {
        // Root ignores file permissions, so a read-only folder would not fail here. What fails for everyone: the
        // database's folder is removed while the app runs and a file now stands where the folder was.
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        store.setFlushInterval(30);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        const QList<qint64> ids = pool.addSecrets(generatedKeys(5));
        pool.setLabel(ids[0], QStringLiteral("saved before"));
        QSignalSpy failed(&store, &KeyStore::writeFailed);
        QSignalSpy recovered(&store, &KeyStore::writeRecovered);

        const QString folder = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir(folder).removeRecursively());
        QFile blocker(folder);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();

        pool.disable({ids[1]});
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QLatin1String("removed or moved")),
                 qPrintable(failed.first().at(0).toString()));
        QVERIFY(store.isDegraded());
        pool.addSecrets({generatedKey(100)});
        QCOMPARE(pool.size(), 6);
        QCOMPARE(failed.count(), 1);

        QVERIFY(QFile::remove(folder));
        QTRY_COMPARE(recovered.count(), 1);
        QVERIFY(!store.isDegraded());
        // The file was created again with everything the pool holds, including what was saved before.
        KeyStore second;
        QVERIFY(second.open(dbPath(dir)));
        const std::vector<ApiKey> keys = second.loadKeys();
        QCOMPARE(int(keys.size()), 6);
        for (const ApiKey& k : keys)
            QCOMPARE(k, *pool.find(k.id));
        QCOMPARE(fileMode(dbPath(dir)), 0600);
    }

    void fullDiskDegradesAndRecovers()
    {
        // SQLite's real "database or disk is full" (SQLITE_FULL) path: the store's own connection may not grow
        // the file past its current size, exactly as when the disk has no free block left.
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        store.setFlushInterval(30);
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        const QList<qint64> before = pool.addSecrets(generatedKeys(10));
        QSqlQuery limit(QSqlDatabase::database(store.connectionName(), false));
        QVERIFY(limit.exec(QStringLiteral("PRAGMA page_count")) && limit.next());
        const int pages = limit.value(0).toInt();
        QVERIFY(pages > 0);
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count=%1").arg(pages)));
        QSignalSpy failed(&store, &KeyStore::writeFailed);
        QSignalSpy recovered(&store, &KeyStore::writeRecovered);

        // A user action that needs new pages: it fails, the pool keeps it in memory.
        const QList<qint64> added = pool.addSecrets(generatedKeys(2000, 100));
        QCOMPARE(added.size(), 2000);
        QCOMPARE(failed.count(), 1);
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(QLatin1String("the disk is full")), qPrintable(message));
        QVERIFY(message.contains(QLatin1String("memory")));
        QVERIFY(message.contains(QDir::toNativeSeparators(dbPath(dir))));
        QVERIFY(store.isDegraded());
        QCOMPARE(store.writeProblem(), QStringLiteral("the disk is full"));
        QCOMPARE(store.lastError(), message);
        QVERIFY(store.pendingCount() >= 2000);
        // Nothing half-written: the file still holds exactly what was saved before.
        QCOMPARE(Peek(dbPath(dir)).count(), 10);
        // The pool keeps working in memory, and further changes queue behind the failed ones.
        pool.disable({before[0]}, QStringLiteral("Disabled by you"));
        pool.setLabel(added[5], QStringLiteral("edited while the disk was full"));
        pool.remove({before[1]});
        QCOMPARE(pool.size(), 2009);
        QCOMPARE(failed.count(), 1); // said once, not at every retry
        QVERIFY(!store.flush());
        QVERIFY(store.isDegraded());

        // Space is freed: the next retry (timer) saves everything that was kept in memory.
        QVERIFY(limit.exec(QStringLiteral("PRAGMA max_page_count=1073741823")));
        QTRY_COMPARE(recovered.count(), 1);
        QVERIFY(!store.isDegraded());
        QVERIFY(store.writeProblem().isEmpty());
        QCOMPARE(store.pendingCount(), 0);
        QCOMPARE(failed.count(), 1);
        store.detach();
        store.close();

        KeyStore second;
        QVERIFY(second.open(dbPath(dir)));
        const std::vector<ApiKey> keys = second.loadKeys();
        QCOMPARE(int(keys.size()), pool.size());
        for (const ApiKey& k : keys) {
            const ApiKey* inMemory = pool.find(k.id);
            QVERIFY(inMemory);
            QCOMPARE(k, *inMemory);
        }
        QVERIFY(!pool.find(before[1]));
        QCOMPARE(pool.find(added[5])->label, QStringLiteral("edited while the disk was full"));
        QCOMPARE(fileMode(dbPath(dir)), 0600);
    }

    void removedFileIsCreatedAgain()
    {
        QTemporaryDir dir;
        KeyPool pool;
        KeyStore store;
        QVERIFY(store.open(dbPath(dir)));
        QVERIFY(store.attach(&pool));
        pool.addSecrets(generatedKeys(3));
        QVERIFY(QFile::remove(dbPath(dir)));
        QSignalSpy failed(&store, &KeyStore::writeFailed);
        const QList<qint64> more = pool.addSecrets({generatedKey(9)});
        QCOMPARE(more.size(), 1);
        QCOMPARE(failed.count(), 0);
        Peek peek(dbPath(dir));
        QCOMPARE(peek.count(), 4);
    }
};

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
