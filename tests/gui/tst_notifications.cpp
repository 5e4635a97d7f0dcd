// A long batch that ends while the window is not in front is announced on the desktop: a real D-Bus session bus
// (a private dbus-daemon of this test) with a stand-in for the desktop's org.freedesktop.Notifications service,
// which records what the window sends. Without the service, nothing is sent and the window asks for attention.
#include "BatchPage.h"
#include "DesktopNotifier.h"
#include "FakeGeminiServer.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "MainWindow.h"
#include "TestKeys.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace egb;

/// The desktop's notification service, as far as Notify goes.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString app;
        QString summary;
        QString body;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString& app, uint, const QString&, const QString& summary, const QString& body,
                const QStringList&, const QVariantMap&, int)
    {
        calls.append({app, summary, body});
        return uint(calls.size());
    }
};

class TestNotifications : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_bus;
    QString m_address;
    int m_db = 0;

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(m_dir.filePath(QStringLiteral("keys%1.db").arg(++m_db)));
        window->show();
        return window;
    }

    /// Runs `count` prompts on the window's Batch page, `failing` of them refused by the server, to the end.
    static bool runBatch(MainWindow& window, test::FakeGeminiServer& server, int count, int failing)
    {
        for (int i = 0; i < failing; ++i) {
            server.enqueueAny(test::FakeBehavior::of(test::FakeBehavior::Kind::Blocked));
        }
        auto* page = window.findChild<BatchPage*>();
        QSignalSpy finished(page, &BatchPage::runFinished);
        QStringList prompts;
        for (int i = 0; i < count; ++i)
            prompts << QStringLiteral("prompt %1").arg(i);
        page->setPrompts(prompts);
        return page->start() && (finished.size() > 0 || finished.wait(20000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::isolateSettings(m_dir.filePath(QStringLiteral("config")), QStringLiteral("easy-gemini-balance-notify"));
        // A session bus of this test's own: the person's desktop is never notified by a test run.
        m_bus.start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
        QVERIFY2(m_bus.waitForStarted(10'000), "dbus-daemon (Debian package dbus-daemon) did not start");
        while (!m_bus.canReadLine())
            QVERIFY2(m_bus.waitForReadyRead(10'000), "dbus-daemon printed no address");
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        QVERIFY(!m_address.isEmpty());
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
        QVERIFY2(QDBusConnection::sessionBus().isConnected(),
                 qPrintable(QDBusConnection::sessionBus().lastError().message()));
    }

    void cleanupTestCase()
    {
        m_bus.terminate();
        m_bus.waitForFinished(5000);
    }

    void aLongBatchEndingBehindOtherWindowsIsAnnounced()
    {
        FakeNotifications service;
        QDBusConnection serviceBus = QDBusConnection::connectToBus(m_address, QStringLiteral("fake-notifications"));
        QVERIFY(serviceBus.isConnected());
        QVERIFY(serviceBus.registerObject(DesktopNotifier::objectPath(), &service, QDBusConnection::ExportAllSlots));
        QVERIFY(serviceBus.registerService(DesktopNotifier::serviceName()));

        test::FakeGeminiServer server;
        QVERIFY(server.listen());
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        auto window = makeWindow();
        window->pool()->addSecrets({test::testKey(1), test::testKey(2)});
        window->setBatchNotifyAfter(0); // every batch counts as long here
        // Another window in front.
        QWidget front;
        front.show();
        front.activateWindow();
        QTRY_VERIFY(!window->isActiveWindow());

        QVERIFY(runBatch(*window, server, 6, 2));
        QTRY_COMPARE(service.calls.size(), 1);
        QCOMPARE(service.calls.first().summary, QStringLiteral("Batch finished with failures"));
        QVERIFY2(service.calls.first().body.contains(QStringLiteral("4 answered")),
                 qPrintable(service.calls.first().body));

        // A short batch is not announced (the default threshold), nor one watched in front.
        window->setBatchNotifyAfter(60'000);
        QVERIFY(runBatch(*window, server, 2, 0));
        window->setBatchNotifyAfter(0);
        window->activateWindow();
        QTRY_VERIFY(window->isActiveWindow());
        QVERIFY(runBatch(*window, server, 2, 0));
        // A notification sent would be here by now: a later one (behind the other window again) arrives after it.
        front.activateWindow();
        QTRY_VERIFY(!window->isActiveWindow());
        QVERIFY(runBatch(*window, server, 3, 0));
        QTRY_COMPARE(service.calls.size(), 2);
        QCOMPARE(service.calls.at(1).summary, QStringLiteral("Batch finished"));
        QVERIFY2(service.calls.at(1).body.contains(QStringLiteral("3 prompt")), qPrintable(service.calls.at(1).body));

        serviceBus.unregisterService(DesktopNotifier::serviceName());
        QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
        qunsetenv("EGB_BASE_URL");
    }

    void withoutANotificationServiceNothingIsSent()
    {
        QTRY_VERIFY(
            !QDBusConnection::sessionBus().interface()->isServiceRegistered(DesktopNotifier::serviceName()).value());
        DesktopNotifier notifier;
        QWidget window;
        QVERIFY(!notifier.notify(QStringLiteral("Batch finished"), QStringLiteral("3 prompts answered."), &window));
    }
};

QTEST_MAIN(TestNotifications)
#include "tst_notifications.moc"
