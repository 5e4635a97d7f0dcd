#include "ComponentSchema.h"
#include "ImportHistoryStore.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

class TestImportHistoryStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString openDb(const QString& file)
    {
        const QString conn = QStringLiteral("tst_imports_%1").arg(++m_n);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(file);
        [&] { QVERIFY(db.open()); }();
        return conn;
    }

    static ImportRecord record(const QString& source, qint64 atMs, int added)
    {
        ImportRecord r;
        r.atMs = atMs;
        r.source = source;
        r.format = QStringLiteral("text");
        r.origin = QStringLiteral("egb");
        r.added = added;
        r.duplicates = 2;
        r.rejected = 1;
        return r;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // egb db copy: the history is replaced by rows written as they are (ids kept), in one transaction.
    void replaceAllKeepsIdsAndIsAllOrNothing()
    {
        const QString conn = openDb(m_dir.filePath(QStringLiteral("replace.sqlite")));
        ImportHistoryStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        QVERIFY(store.record(record(QStringLiteral("/tmp/old.txt"), 500, 9)) > 0);
        ImportRecord a = record(QStringLiteral("/tmp/a.txt"), 1000, 5);
        a.id = 7;
        ImportRecord b = record(QStringLiteral("Clipboard"), 2000, 1);
        b.id = 12;
        b.cancelled = true;
        QSignalSpy changed(&store, &ImportHistoryStore::historyChanged);
        QVERIFY2(store.replaceAll({a, b}), qPrintable(store.lastError()));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(store.records(), (QList<ImportRecord>{b, a}));
        // A new import gets an id after the copied ones.
        QCOMPARE(store.record(record(QStringLiteral("/tmp/c.txt"), 3000, 2)), 13);

        // Two rows with one id: nothing is replaced.
        const QList<ImportRecord> before = store.records();
        QVERIFY(!store.replaceAll({a, a}));
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(store.records(), before);
    }

    void recordsSurviveReopenNewestFirst()
    {
        const QString file = m_dir.filePath(QStringLiteral("history.sqlite"));
        {
            const QString conn = openDb(file);
            ImportHistoryStore store;
            QVERIFY2(store.open(conn), qPrintable(store.lastError()));
            QSignalSpy changed(&store, &ImportHistoryStore::historyChanged);
            QVERIFY(store.record(record(QStringLiteral("/tmp/a.txt"), 1000, 5)) > 0);
            ImportRecord app = record(QStringLiteral("Clipboard"), 3000, 1);
            app.origin = QStringLiteral("app");
            app.cancelled = true;
            QVERIFY(store.record(app) > 0);
            QVERIFY(store.record(record(QStringLiteral("/tmp/b.csv"), 2000, 0)) > 0);
            QCOMPARE(changed.size(), 3);
            QSqlDatabase::database(conn).close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tst_imports_%1").arg(m_n));
        const QString conn = openDb(file);
        ImportHistoryStore store;
        QVERIFY(store.open(conn));
        const QList<ImportRecord> all = store.records();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).source, QStringLiteral("Clipboard"));
        QCOMPARE(all.at(0).origin, QStringLiteral("app"));
        QVERIFY(all.at(0).cancelled);
        QCOMPARE(all.at(1).source, QStringLiteral("/tmp/b.csv"));
        QCOMPARE(all.at(2).source, QStringLiteral("/tmp/a.txt"));
        QCOMPARE(all.at(2).added, 5);
        QCOMPARE(all.at(2).duplicates, 2);
        QCOMPARE(all.at(2).rejected, 1);
        QCOMPARE(all.at(2).atMs, 1000);
        QCOMPARE(all.at(2).format, QStringLiteral("text"));
        QVERIFY(!all.at(2).cancelled);
        QCOMPARE(store.records(2).size(), 2);
        QCOMPARE(ComponentSchema::version(QSqlDatabase::database(conn), QStringLiteral("imports")),
                 ImportHistoryStore::SchemaVersion);
    }

    void aRecordWithoutTimeIsStampedNow()
    {
        const QString conn = openDb(m_dir.filePath(QStringLiteral("now.sqlite")));
        ImportHistoryStore store;
        QVERIFY(store.open(conn));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(store.record(record(QStringLiteral("x.txt"), 0, 1)) > 0);
        const qint64 at = store.records().value(0).atMs;
        QVERIFY(at >= before && at <= QDateTime::currentMSecsSinceEpoch());
    }

    void sharesTheKeyDatabase()
    {
        // The same file as the keys (as egb and the app use it): the key table is untouched.
        KeyStore keys;
        QVERIFY(keys.open(m_dir.filePath(QStringLiteral("keys.db"))));
        KeyPool pool;
        QVERIFY(keys.attach(&pool));
        pool.addSecrets({QStringLiteral("AIza") + QString(35, u'h')});
        QVERIFY(keys.flush());
        ImportHistoryStore store;
        QVERIFY2(store.open(keys.connectionName()), qPrintable(store.lastError()));
        QVERIFY(store.record(record(QStringLiteral("k.txt"), 0, 1)) > 0);
        QCOMPARE(keys.loadKeys().size(), size_t(1));
        keys.detach();
    }

    void notOpenSaysSo()
    {
        ImportHistoryStore store;
        QVERIFY(!store.isOpen());
        QCOMPARE(store.record(record(QStringLiteral("k.txt"), 0, 1)), 0);
        QVERIFY(!store.lastError().isEmpty());
        QVERIFY(store.records().isEmpty());
        QVERIFY(!store.open(QStringLiteral("no such connection")));
        QVERIFY(!store.lastError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImportHistoryStore)
#include "tst_importhistorystore.moc"
