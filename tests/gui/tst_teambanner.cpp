// The window on a team database whose server goes away and comes back (a private cluster, scripts/pg-cluster.sh,
// since this test stops its server): the banner says so at once, before any write fails, the keys keep working in
// memory, and once the server is back the banner goes and what changed meanwhile is saved.
#include "ApiKey.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "MainWindow.h"
#include "ModalWatcher.h"
#include "PrivatePgCluster.h"
#include "TestKeys.h"

#include <QInputDialog>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;

class TestTeamBanner : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    test::PrivatePgCluster m_cluster{QStringLiteral(EGB_PG_CLUSTER_SCRIPT)};
    QString m_url;

    static QWidget* banner(MainWindow& window) { return window.findChild<QWidget*>(QStringLiteral("storageBanner")); }
    static QString bannerText(MainWindow& window)
    {
        auto* label = window.findChild<QLabel*>(QStringLiteral("storageBannerText"));
        return label ? label->text() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        egb::test::isolateSettings(m_dir.filePath(QStringLiteral("config")),
                                   QStringLiteral("easy-gemini-balance-teambanner"));
        QVERIFY(m_cluster.start());
        m_url = m_cluster.url();
    }

    void aLostServerShowsTheBannerAtOnceAndItGoesWhenTheServerIsBack()
    {
        QSettings().clear();
        auto window = std::make_unique<MainWindow>(m_url);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY2(window->store()->isTeamDatabase(), qPrintable(window->databaseError()));
        QVERIFY(!banner(*window)->isVisible());
        const QList<qint64> ids = window->pool()->addSecrets({test::testKey(1), test::testKey(2)});
        QCOMPARE(ids.size(), 2);
        QTRY_COMPARE(window->store()->pendingCount(), 0);

        QVERIFY(m_cluster.stopServer());
        // Noticed without a write: the banner comes up by itself.
        QTRY_VERIFY_WITH_TIMEOUT(banner(*window)->isVisible(), 10'000);
        QVERIFY2(bannerText(*window).contains(QStringLiteral("team database")) &&
                     bannerText(*window).contains(QStringLiteral("memory")),
                 qPrintable(bannerText(*window)));
        // The app keeps working in memory meanwhile.
        window->pool()->disable({ids.first()}, QStringLiteral("Disabled by you"));
        QCOMPARE(window->pool()->key(ids.first())->status, KeyStatus::Disabled);

        QVERIFY(m_cluster.startServer());
        QTRY_VERIFY_WITH_TIMEOUT(!banner(*window)->isVisible(), 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(window->store()->pendingCount(), 0, 10'000);
        QVERIFY(!window->store()->isDegraded());
        window.reset();

        // What was disabled while the server was away is in the team database.
        KeyStore reader;
        QVERIFY2(reader.open(m_url), qPrintable(reader.lastError()));
        const std::vector<ApiKey> keys = reader.loadKeys();
        QCOMPARE(keys.size(), size_t(2));
        for (const ApiKey& k : keys)
            QCOMPARE(k.status, k.id == ids.first() ? KeyStatus::Disabled : KeyStatus::Active);
    }

    void aPasswordNoFileGivesIsAskedForAndKeptInMemoryOnly()
    {
        // Issue 13: without ~/.pgpass or PGPASSWORD the app asks for the password at start; a wrong one is asked
        // again; the right one opens the team database and is never written to the settings file.
        QSettings().clear();
        const QByteArray keepPassFile = qgetenv("PGPASSFILE");
        qputenv("PGPASSFILE", QFile::encodeName(m_dir.filePath(QStringLiteral("no-pgpass"))));
        KeyStore::setTeamPassword({});
        const QString password = m_cluster.password();
        QVERIFY(!password.isEmpty());
        QStringList asked;
        std::optional<test::ModalWatcher<QInputDialog>> second;
        test::ModalWatcher<QInputDialog> first([&](QInputDialog* dialog) {
            asked << dialog->labelText();
            QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);
            second.emplace([&](QInputDialog* again) {
                asked << again->labelText();
                again->setTextValue(password);
                again->accept();
            });
            dialog->setTextValue(QStringLiteral("not-the-password"));
            dialog->accept();
        });
        auto window = std::make_unique<MainWindow>(m_url);
        qputenv("PGPASSFILE", keepPassFile);
        QVERIFY(first.handled() && second && second->handled());
        QCOMPARE(asked.size(), 2);
        QVERIFY2(asked.at(0).contains(QStringLiteral("password of egb")), qPrintable(asked.at(0)));
        QVERIFY2(asked.at(1).startsWith(QStringLiteral("That password was not accepted.")), qPrintable(asked.at(1)));
        QVERIFY2(window->store()->isTeamDatabase() && window->databaseError().isEmpty(),
                 qPrintable(window->databaseError()));
        window.reset();
        QSettings settings;
        for (const QString& key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(password), qPrintable(key));
        KeyStore::setTeamPassword({});
    }
};

QTEST_MAIN(TestTeamBanner)
#include "tst_teambanner.moc"
