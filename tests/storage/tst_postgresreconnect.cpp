// A team database that goes away and comes back: the PostgreSQL server of a private cluster (scripts/pg-cluster.sh,
// not the shared test cluster, since this test stops it) is stopped while two repositories use it, then started
// again. The loss is noticed without a query, writes fail with a message instead of hanging, and once the server is
// back both reconnect by themselves, LISTEN again and read what changed meanwhile.
#include "PgConnectionInfo.h"
#include "PostgresKeyRepository.h"
#include "PrivatePgCluster.h"
#include "TestKeys.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace egb;

class TestPostgresReconnect : public QObject
{
    Q_OBJECT

    test::PrivatePgCluster m_cluster{QStringLiteral(EGB_PG_CLUSTER_SCRIPT)};
    QString m_url;

    std::unique_ptr<PostgresKeyRepository> open()
    {
        QString error;
        const PgConnectionInfo info = PgConnectionInfo::parse(m_url, &error);
        if (!info.isValid()) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        auto repo = std::make_unique<PostgresKeyRepository>();
        repo->setReconnectInterval(200);
        if (!repo->open(info)) {
            qWarning("%s", qPrintable(repo->lastError()));
            return nullptr;
        }
        return repo;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cluster.start());
        m_url = m_cluster.url();
    }

    void theServerGoesAwayAndComesBack()
    {
        auto writer = open();
        auto follower = open();
        QVERIFY(writer && follower);
        KeyWriteBatch insert;
        ApiKey k;
        k.secret = test::testKey(1);
        insert.inserts = {k};
        const std::optional<KeyWriteResult> inserted = writer->write(insert);
        QVERIFY2(inserted, qPrintable(writer->lastError()));
        const qint64 id = inserted->insertedIds.value(0);
        QVERIFY(id > 0);
        const std::optional<KeySnapshot> seen = follower->load();
        QVERIFY(seen);
        QCOMPARE(seen->keys.size(), size_t(1));

        QSignalSpy writerLost(writer.get(), &PostgresKeyRepository::connectionLost);
        QSignalSpy followerLost(follower.get(), &PostgresKeyRepository::connectionLost);
        QSignalSpy writerBack(writer.get(), &PostgresKeyRepository::connectionRestored);
        QSignalSpy followerBack(follower.get(), &PostgresKeyRepository::connectionRestored);
        QSignalSpy followerChanged(follower.get(), &KeyRepository::changedElsewhere);

        QVERIFY(m_cluster.stopServer());
        // Noticed without a query: the LISTEN socket reports the loss.
        QElapsedTimer noticed;
        noticed.start();
        QTRY_VERIFY_WITH_TIMEOUT(!writerLost.isEmpty() && !followerLost.isEmpty(), 3000);
        qInfo("loss noticed within %lld ms of the server's stop", noticed.elapsed());
        QVERIFY(!writer->isConnected());

        // A write now fails at once with a message that says the changes are kept; nothing hangs.
        KeyWriteBatch disable;
        ApiKey off = k;
        off.id = id;
        off.status = KeyStatus::Disabled;
        off.disabledReason = QStringLiteral("Disabled by you");
        disable.edits = {KeyEdit{off, KeyField::Status}};
        QElapsedTimer failing;
        failing.start();
        QVERIFY(!writer->write(disable));
        QVERIFY(failing.elapsed() < 3000);
        QVERIFY2(writer->lastError().contains(QStringLiteral("kept in memory")), qPrintable(writer->lastError()));
        QVERIFY(!writer->problem().isEmpty());

        QVERIFY(m_cluster.startServer());
        QTRY_VERIFY_WITH_TIMEOUT(!writerBack.isEmpty() && !followerBack.isEmpty(), 10'000);
        QVERIFY(writer->isConnected());
        QVERIFY(!followerChanged.isEmpty()); // reconnecting tells the follower to read by sequence

        // The queued write goes through now, once; the follower LISTENs again and sees it within a second.
        followerChanged.clear();
        follower->hasChangesElsewhere();
        QVERIFY2(writer->write(disable), qPrintable(writer->lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(follower->hasChangesElsewhere(), 1000);
        const std::optional<KeyChanges> changes = follower->changesSince(seen->sequence);
        QVERIFY2(changes, qPrintable(follower->lastError()));
        QCOMPARE(changes->changed.size(), size_t(1));
        QCOMPARE(changes->changed.front().status, KeyStatus::Disabled);
    }

    void aServerThatIsDownAtStartIsReportedClearly()
    {
        QVERIFY(m_cluster.stopServer());
        PostgresKeyRepository repo;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!repo.open(PgConnectionInfo::parse(m_url)));
        QVERIFY(timer.elapsed() < 10'000);
        QVERIFY2(repo.lastError().contains(QStringLiteral("Could not open the team database")),
                 qPrintable(repo.lastError()));
        QVERIFY(!repo.isOpen());
        QVERIFY(m_cluster.startServer());
    }

    void aMissingPasswordIsRecognised()
    {
        const QByteArray keep = qgetenv("PGPASSFILE");
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        PostgresKeyRepository repo;
        const bool opened = repo.open(PgConnectionInfo::parse(m_url));
        qputenv("PGPASSFILE", keep);
        QVERIFY(!opened);
        QVERIFY(repo.needsPassword());

        // The password typed at start (kept in memory only) lets it in.
        QFile pgpass(QString::fromLocal8Bit(keep));
        QVERIFY(pgpass.open(QIODevice::ReadOnly));
        const QString password = QString::fromUtf8(pgpass.readAll()).trimmed().section(QLatin1Char(':'), 4);
        qputenv("PGPASSFILE", "/nonexistent/pgpass");
        PgConnectionInfo info = PgConnectionInfo::parse(m_url);
        info.setPassword(password);
        PostgresKeyRepository withPassword;
        const bool ok = withPassword.open(info);
        qputenv("PGPASSFILE", keep);
        QVERIFY2(ok, qPrintable(withPassword.lastError()));
        QVERIFY(!withPassword.location().contains(password));
    }
};

QTEST_GUILESS_MAIN(TestPostgresReconnect)
#include "tst_postgresreconnect.moc"
