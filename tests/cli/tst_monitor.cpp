// egb monitor as a real process: --once for scripts (text and JSON), the live view that follows the database as
// other processes change it, and leaving with q or Ctrl-C.
#include "ApiKey.h"
#include "CliProcess.h"
#include "FakeGeminiServer.h"
#include "TestKeys.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <csignal>

using namespace egb;
using egb::test::CliProcess;
using egb::test::CliRun;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;
using egb::test::testKey;

class TestMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void onceShowsCountsCoolingAndFailures();
    void onceJson();
    void emptyPoolSaysWhatToDo();
    void liveViewFollowsOtherProcessesAndQuitsOnQ();
    void ctrlCLeaves();
    void wrongOptions();

private:
    /// Five keys: 0-2 answer, 3 is rate limited (cools 20 minutes), 4 is rejected (disabled); `egb check` ran.
    void prepareCheckedPool();
    QString key(int i)
    {
        const QString k = testKey(8000 + i);
        m_egb->addSecret(k);
        return k;
    }
    qint64 idOf(const QString& secret);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<CliProcess> m_egb;
};

void TestMonitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    m_egb = std::make_unique<CliProcess>(m_dir->path(), m_server->baseUrl());
}

void TestMonitor::cleanup()
{
    const bool leaked = m_egb && m_egb->printedASecret();
    m_egb.reset();
    m_server.reset();
    m_dir.reset();
    QVERIFY2(!leaked, "egb printed a full key");
}

qint64 TestMonitor::idOf(const QString& secret)
{
    const CliRun r = m_egb->run({QStringLiteral("list"), QStringLiteral("--json")});
    for (const QJsonValue& v : r.json().array())
        if (v.toObject().value(u"key").toString() == ApiKey::mask(secret))
            return v.toObject().value(u"id").toInteger();
    return 0;
}

void TestMonitor::prepareCheckedPool()
{
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_egb->run({QStringLiteral("add"), key(i)}).exitCode, 0);
    // 240 s: under the pool's 5-minute cap on a per-minute quota's rest, so the monitor shows the server's own hint.
    m_server->setKeyBehavior(key(3), FakeBehavior::rateLimited(QStringLiteral("240s")));
    m_server->setKeyBehavior(key(4), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    const CliRun check = m_egb->run({QStringLiteral("check")});
    QCOMPARE(check.exitCode, 1); // a key failed its check
}

void TestMonitor::onceShowsCountsCoolingAndFailures()
{
    prepareCheckedPool();
    const CliRun r = m_egb->run({QStringLiteral("monitor"), QStringLiteral("--once")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"Keys: 5"), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"available: 3"), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"cooling down: 1"), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"disabled: 1"), qPrintable(r.out));
    QVERIFY(!r.out.contains(u"\x1b")); // one plain frame for scripts: no screen control

    const qsizetype coolingAt = r.out.indexOf(u"Cooling down (1)");
    const qsizetype failuresAt = r.out.indexOf(u"Recent failures");
    QVERIFY2(coolingAt > 0 && failuresAt > coolingAt, qPrintable(r.out));
    const QString coolingPart = r.out.mid(coolingAt, failuresAt - coolingAt);
    const QString failurePart = r.out.mid(failuresAt);
    QVERIFY2(coolingPart.contains(ApiKey::mask(key(3))), qPrintable(coolingPart));
    QVERIFY2(coolingPart.contains(u"429"), qPrintable(coolingPart));
    QVERIFY2(coolingPart.contains(u"in 3 min") || coolingPart.contains(u"in 4 min"), qPrintable(coolingPart));
    QVERIFY2(!coolingPart.contains(ApiKey::mask(key(0))), qPrintable(coolingPart));
    QVERIFY2(failurePart.contains(ApiKey::mask(key(4))), qPrintable(failurePart));
    QVERIFY2(failurePart.contains(u"disabled"), qPrintable(failurePart));
    QVERIFY2(failurePart.contains(ApiKey::mask(key(3))), qPrintable(failurePart));
    QVERIFY2(!failurePart.contains(ApiKey::mask(key(1))), qPrintable(failurePart));
}

void TestMonitor::onceJson()
{
    prepareCheckedPool();
    const CliRun r = m_egb->run({QStringLiteral("monitor"), QStringLiteral("--once"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject frame = r.json().object();
    QCOMPARE(frame.value(u"total").toInt(), 5);
    QCOMPARE(frame.value(u"available").toInt(), 3);
    QCOMPARE(frame.value(u"cooling_down").toInt(), 1);
    QCOMPARE(frame.value(u"disabled").toInt(), 1);
    const QJsonArray cooling = frame.value(u"cooling").toArray();
    QCOMPARE(cooling.size(), 1);
    const QJsonObject cooled = cooling.at(0).toObject();
    QCOMPARE(cooled.value(u"id").toInteger(), idOf(key(3)));
    QCOMPARE(cooled.value(u"key").toString(), ApiKey::mask(key(3)));
    QCOMPARE(cooled.value(u"last_status").toInt(), 429);
    QVERIFY(!cooled.value(u"reason").toString().isEmpty());
    QVERIFY(cooled.value(u"seconds_left").toDouble() > 200);
    const QJsonArray failures = frame.value(u"failures").toArray();
    QCOMPARE(failures.size(), 2);
    QSet<QString> failed;
    for (const QJsonValue& v : failures) {
        failed.insert(v.toObject().value(u"key").toString());
        QVERIFY(!v.toObject().value(u"error").toString().isEmpty());
    }
    QCOMPARE(failed, (QSet<QString>{ApiKey::mask(key(3)), ApiKey::mask(key(4))}));
}

void TestMonitor::emptyPoolSaysWhatToDo()
{
    const CliRun r = m_egb->run({QStringLiteral("monitor"), QStringLiteral("--once")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"Keys: 0"), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"egb import"), qPrintable(r.out));
}

void TestMonitor::liveViewFollowsOtherProcessesAndQuitsOnQ()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_egb->run({QStringLiteral("add"), key(i)}).exitCode, 0);
    const qint64 id = idOf(key(1));
    QVERIFY(id > 0);

    std::unique_ptr<QProcess> monitor =
        m_egb->start({QStringLiteral("monitor"), QStringLiteral("--interval"), QStringLiteral("0.1")});
    QVERIFY(monitor->waitForStarted(10'000));
    QByteArray seen;
    QObject::connect(monitor.get(), &QProcess::readyReadStandardOutput, monitor.get(),
                     [&] { seen += monitor->readAllStandardOutput(); });
    QTRY_VERIFY_WITH_TIMEOUT(seen.contains("disabled: 0"), 20'000);
    QVERIFY(!seen.contains("disabled: 1"));

    // Another egb changes the pool: the running monitor shows it.
    QCOMPARE(m_egb->run({QStringLiteral("disable"), QString::number(id)}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(seen.contains("disabled: 1"), 20'000);
    QVERIFY(seen.contains("Keys: 3"));

    QSignalSpy finished(monitor.get(), &QProcess::finished);
    monitor->write("q");
    QVERIFY(finished.wait(20'000));
    QCOMPARE(monitor->exitStatus(), QProcess::NormalExit);
    QCOMPARE(monitor->exitCode(), 0);

    // It only read: the key a person disabled stays disabled.
    const CliRun list = m_egb->run({QStringLiteral("stats"), QStringLiteral("--json")});
    QCOMPARE(list.json().object().value(u"disabled").toInt(), 1);
}

void TestMonitor::ctrlCLeaves()
{
    QCOMPARE(m_egb->run({QStringLiteral("add"), key(0)}).exitCode, 0);
    std::unique_ptr<QProcess> monitor = m_egb->start({QStringLiteral("monitor")});
    QVERIFY(monitor->waitForStarted(10'000));
    QByteArray seen;
    QObject::connect(monitor.get(), &QProcess::readyReadStandardOutput, monitor.get(),
                     [&] { seen += monitor->readAllStandardOutput(); });
    QTRY_VERIFY_WITH_TIMEOUT(seen.contains("Keys: 1"), 20'000); // running, its interrupt handler in place
    QSignalSpy finished(monitor.get(), &QProcess::finished);
    ::kill(pid_t(monitor->processId()), SIGINT);
    QVERIFY(finished.wait(20'000));
    QCOMPARE(monitor->exitStatus(), QProcess::NormalExit);
    QCOMPARE(monitor->exitCode(), 0);
}

void TestMonitor::wrongOptions()
{
    const CliRun interval = m_egb->run({QStringLiteral("monitor"), QStringLiteral("--interval"), QStringLiteral("0")});
    QCOMPARE(interval.exitCode, 2);
    QVERIFY2(interval.err.contains(u"--interval"), qPrintable(interval.err));
    QCOMPARE(m_egb->run({QStringLiteral("monitor"), QStringLiteral("extra")}).exitCode, 2);
    QCOMPARE(m_egb->run({QStringLiteral("monitor"), QStringLiteral("--bogus")}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
