// Disk trouble in the app: a database that cannot be opened or created, and writes that start failing (SQLite's
// real "disk is full" path). The window shows a lasting banner that says what happened and what to do, keeps
// working in memory, retries on request, and drops the banner once the keys are saved again.
#include "AppSettings.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "TestKeys.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace egb;
using egb::test::testKey;

namespace {

QStringList keys(int from, int count)
{
    QStringList out;
    for (int i = from; i < from + count; ++i)
        out << testKey(i);
    return out;
}

} // namespace

class TestStorageBanner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    std::unique_ptr<MainWindow> makeWindow(const QString& dbPath)
    {
        auto window = std::make_unique<MainWindow>(dbPath);
        window->show();
        return window;
    }

    static std::vector<ApiKey> keysOnDisk(const QString& path)
    {
        KeyStore reader;
        if (!reader.open(path))
            return {};
        return reader.loadKeys();
    }

    static QWidget* banner(MainWindow& window) { return window.findChild<QWidget*>(QStringLiteral("storageBanner")); }
    static QString bannerText(MainWindow& window)
    {
        auto* label = window.findChild<QLabel*>(QStringLiteral("storageBannerText"));
        return label ? label->text() : QString();
    }
    static QPushButton* retryButton(MainWindow& window)
    {
        return window.findChild<QPushButton*>(QStringLiteral("storageBannerRetry"));
    }

    /// Caps the file at its current size on the window's own connection: the next write that needs a new page
    /// fails with SQLITE_FULL, as on a full disk. `pages` 0 lifts the cap.
    static bool capDatabase(MainWindow& window, bool cap)
    {
        QSqlQuery query(QSqlDatabase::database(window.store()->connectionName(), false));
        int pages = 1073741823;
        if (cap) {
            if (!query.exec(QStringLiteral("PRAGMA page_count")) || !query.next())
                return false;
            pages = query.value(0).toInt();
        }
        return query.exec(QStringLiteral("PRAGMA max_page_count=%1").arg(pages));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        egb::test::isolateSettings(m_dir.filePath(QStringLiteral("config")),
                                   QStringLiteral("easy-gemini-balance-disktrouble"));
    }

    void init() { QSettings().clear(); }

    void fullDiskShowsABannerUntilRetryWorks()
    {
        const QString path = m_dir.filePath(QStringLiteral("full-%1.db").arg(++m_counter));
        auto window = makeWindow(path);
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(!banner(*window)->isVisible());
        QVERIFY(window->isSavingChanges());
        window->pool()->addSecrets(keys(0, 5));
        QCOMPARE(keysOnDisk(path).size(), size_t(5));

        QVERIFY(capDatabase(*window, true));
        const QList<qint64> added = window->pool()->addSecrets(keys(100, 2000));
        QCOMPARE(added.size(), 2000);
        QVERIFY(banner(*window)->isVisible());
        QVERIFY(!window->isSavingChanges());
        const QString text = bannerText(*window);
        QVERIFY2(text.contains(QStringLiteral("the disk is full")), qPrintable(text));
        QVERIFY(text.contains(QDir::toNativeSeparators(path)));
        QVERIFY(text.contains(QStringLiteral("memory")));
        QCOMPARE(window->findChild<QLabel*>(QStringLiteral("storageBannerTitle"))->text(),
                 QStringLiteral("Changes are not being saved"));
        QVERIFY(window->findChild<QPushButton*>(QStringLiteral("storageBannerSettings"))->isVisible());

        // The app keeps working in memory: the table shows every key, actions work.
        QTRY_COMPARE(window->keysPage()->view()->model()->rowCount(), 2005);
        window->pool()->disable({added.first()}, QStringLiteral("Disabled by you"));
        QCOMPARE(window->pool()->find(added.first())->status, KeyStatus::Disabled);
        QCOMPARE(keysOnDisk(path).size(), size_t(5));

        // Retry while the disk is still full: the banner stays and the status bar says so.
        retryButton(*window)->click();
        QVERIFY(banner(*window)->isVisible());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("still fails")));

        // Space is freed; Retry saves at once (no waiting for the background retry) and the banner goes.
        QVERIFY(capDatabase(*window, false));
        retryButton(*window)->click();
        QVERIFY(!banner(*window)->isVisible());
        QVERIFY(window->isSavingChanges());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("works again")));
        const auto disk = keysOnDisk(path);
        QCOMPARE(disk.size(), size_t(2005));
        for (const ApiKey& k : disk)
            QCOMPARE(k, *window->pool()->find(k.id));

        // Failing again shows the banner again (not only the first time).
        QVERIFY(capDatabase(*window, true));
        window->pool()->addSecrets(keys(3000, 2000));
        QVERIFY(banner(*window)->isVisible());
        // ... and the background retry alone takes it away once writing works.
        QVERIFY(capDatabase(*window, false));
        QTRY_VERIFY(!banner(*window)->isVisible());
        QCOMPARE(keysOnDisk(path).size(), size_t(4005));
    }

    void databaseThatCannotBeCreatedWorksInMemoryUntilRetry()
    {
        // A regular file where the database's folder should be: the folder cannot be created (for root too).
        const QString blocker = m_dir.filePath(QStringLiteral("blocker-%1").arg(++m_counter));
        {
            QFile file(blocker);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        const QString path = blocker + QStringLiteral("/keys.db");
        auto window = makeWindow(path);
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(banner(*window)->isVisible());
        QVERIFY(!window->isSavingChanges());
        QVERIFY(!window->databaseError().isEmpty());
        const QString text = bannerText(*window);
        QVERIFY2(text.contains(QDir::toNativeSeparators(blocker)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("memory only")));
        QVERIFY(text.contains(QStringLiteral("Retry")));

        const QList<qint64> ids = window->pool()->addSecrets(keys(200, 3));
        window->pool()->setLabel(ids.at(1), QStringLiteral("made in memory"));
        QTRY_COMPARE(window->keysPage()->view()->model()->rowCount(), 3);

        // Still blocked: Retry says so and keeps the keys.
        retryButton(*window)->click();
        QVERIFY(banner(*window)->isVisible());
        QCOMPARE(window->pool()->size(), 3);

        QVERIFY(QFile::remove(blocker));
        retryButton(*window)->click();
        QVERIFY(!banner(*window)->isVisible());
        QVERIFY(window->isSavingChanges());
        QVERIFY(window->databaseError().isEmpty());
        QCOMPARE(window->pool()->size(), 3);
        const auto disk = keysOnDisk(path);
        QCOMPARE(disk.size(), size_t(3));
        QVERIFY(std::any_of(disk.begin(), disk.end(),
                            [](const ApiKey& k) { return k.label == QStringLiteral("made in memory"); }));
    }

    void choosingAnotherDatabaseSavesTheKeysKeptInMemory()
    {
        const QString blocker = m_dir.filePath(QStringLiteral("blocker-%1").arg(++m_counter));
        {
            QFile file(blocker);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        auto window = makeWindow(blocker + QStringLiteral("/keys.db"));
        QVERIFY(banner(*window)->isVisible());
        window->pool()->addSecrets(keys(300, 4));

        // Another database that already holds one of these keys and one other.
        const QString other = m_dir.filePath(QStringLiteral("other-%1.db").arg(m_counter));
        {
            KeyStore store;
            QVERIFY(store.open(other));
            KeyPool pool;
            QVERIFY(store.attach(&pool));
            pool.addSecrets({testKey(300), testKey(399)});
        }
        window->settings()->setDatabasePath(other);
        QCOMPARE(window->databasePath(), other);
        QVERIFY(!banner(*window)->isVisible());
        QVERIFY(window->isSavingChanges());
        QCOMPARE(window->pool()->size(), 5);
        const auto disk = keysOnDisk(other);
        QCOMPARE(disk.size(), size_t(5));
    }

    void quittingWithUnsavedChangesAsksFirst()
    {
        const QString path = m_dir.filePath(QStringLiteral("quit-%1.db").arg(++m_counter));
        auto window = makeWindow(path);
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->pool()->addSecrets(keys(400, 2));
        QVERIFY(capDatabase(*window, true));
        window->pool()->addSecrets(keys(500, 2000));
        QVERIFY(!window->isSavingChanges());

        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!window->close());
        QVERIFY(!MessageBox::hasNextAnswer()); // the question was asked
        const QString asked = MessageBox::lastText();
        QVERIFY2(asked.contains(QStringLiteral("lost when you quit")), qPrintable(asked));
        QVERIFY(window->isVisible());

        QVERIFY(capDatabase(*window, false));
        retryButton(*window)->click();
        QVERIFY(window->isSavingChanges());
        QVERIFY(window->close()); // nothing to lose: no question
    }
};

QTEST_MAIN(TestStorageBanner)
#include "tst_storagebanner.moc"
