// Disk trouble in the CLI: the key database is locked by another program while egb runs. egb says so on stderr at
// once, carries on in memory, tries again before it exits, and exits 1 with a clear message when its changes could
// not be saved (0, with everything saved, when the retry at exit works).
#include "ApiKey.h"
#include "KeyStore.h"
#include "TestKeys.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;
using egb::test::testKey;

namespace {

/// Another program's connection to the database that takes the write lock and keeps it until release().
class Locker
{
public:
    explicit Locker(const QString& path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open() && QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
    }
    ~Locker()
    {
        release();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isLocking() const { return m_ok; }
    void release()
    {
        if (m_ok)
            QSqlQuery(QSqlDatabase::database(m_name, false)).exec(QStringLiteral("ROLLBACK"));
        m_ok = false;
    }

private:
    QString m_name = QStringLiteral("locker");
    bool m_ok = false;
};

} // namespace

class TestCliDiskTrouble : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;

    void startEgb(QProcess& process, const QStringList& args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir->path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(EGB_CLI_PATH), args + QStringList{QStringLiteral("--db"), m_db});
    }

    QString keyFile(const QString& name, int first, int count)
    {
        const QString path = m_dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        for (int i = first; i < first + count; ++i)
            f.write(testKey(i).toLatin1() + '\n');
        return path;
    }

    std::vector<ApiKey> keysOnDisk() const
    {
        KeyStore reader;
        if (!reader.open(m_db))
            return {};
        return reader.loadKeys();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = m_dir->filePath(QStringLiteral("keys.db"));
        QProcess first;
        startEgb(first, {QStringLiteral("import"), keyFile(QStringLiteral("first.txt"), 0, 3)});
        QVERIFY(first.waitForFinished(30'000));
        QCOMPARE(first.exitCode(), 0);
        QCOMPARE(keysOnDisk().size(), size_t(3));
    }

    void cleanup() { m_dir.reset(); }

    void lockedUntilTheEndExitsOneAndSaysTheChangesAreLost()
    {
        Locker locker(m_db);
        QVERIFY(locker.isLocking());
        QProcess process;
        startEgb(process, {QStringLiteral("import"), keyFile(QStringLiteral("more.txt"), 10, 4)});
        QVERIFY(process.waitForFinished(60'000)); // two waits for the lock (the import, the retry at exit)
        const QString err = QString::fromUtf8(process.readAllStandardError());
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("Cannot save to the key database ") + m_db), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("another program is holding the file locked")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("could not be saved")) && err.contains(QStringLiteral("lost")),
                 qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("--db")));
        QCOMPARE(err.count(QStringLiteral("Cannot save to the key database")), 1); // said once
        QVERIFY2(out.contains(QStringLiteral("4")), qPrintable(out)); // the import itself worked, in memory
        locker.release();
        QCOMPARE(keysOnDisk().size(), size_t(3)); // nothing half-written
    }

    void lockReleasedBeforeTheEndSavesEverything()
    {
        auto locker = std::make_unique<Locker>(m_db);
        QVERIFY(locker->isLocking());
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        startEgb(process, {QStringLiteral("import"), keyFile(QStringLiteral("more.txt"), 20, 5)});
        QVERIFY(process.waitForStarted(10'000));
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.contains("Cannot save")), 30'000);
        locker.reset(); // the other program lets go: egb's retry before it exits works
        QVERIFY(finished.wait(30'000));
        err += process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, err.constData());
        QVERIFY(!err.contains("could not be saved"));
        const auto disk = keysOnDisk();
        QCOMPARE(disk.size(), size_t(8));
        QCOMPARE(disk.back().secret, testKey(24));
    }
};

QTEST_GUILESS_MAIN(TestCliDiskTrouble)
#include "tst_disktrouble.moc"
