// The client against servers that misbehave on purpose (issue 17, items 1 and 2): every attempt ends within its
// limits, in time and in memory, whatever the server sends.
#include "AsyncTest.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "HostileServer.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using namespace egb::test;

namespace {

/// A line of /proc/self/status in kB ("VmRSS", "VmHWM").
qint64 statusKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/// Resets VmHWM (the peak RSS) to the current RSS (Linux: "5" to clear_refs).
bool resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

constexpr qint64 ResponseCap = 4LL * 1024 * 1024;
constexpr qint64 StreamCap = 8LL * 1024 * 1024;
/// What the client may grow by while fighting one case: the limit and Qt's buffers, nowhere near the 200 MB sent.
constexpr qint64 AllowedGrowthKb = 48 * 1024;
// Known gap, both endless cases (issue 17 stays open for it): Qt 6.4's network thread can read a fast chunked
// body far ahead of the thread that counts it, despite the reply's 1 MB read buffer: 140-490 MB were seen before
// the limit was, and on a loaded machine a time limit sometimes ended the attempt first. What holds today: the
// attempt ends within its time limit, by the size cap or a time limit, and memory stays under 1 GB (the old code
// grew 1.3 GB/s for the whole 120 s attempt). Reaching the cap itself needs a client that reads its own socket.
constexpr qint64 EndlessBodyGrowthKb = 1024 * 1024;

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

    ClientSettings limits(const HostileServer& server) const
    {
        ClientSettings s;
        s.baseUrl = QUrl(server.baseUrl());
        s.maxResponseBytes = ResponseCap;
        s.maxStreamBytes = StreamCap;
        s.attemptTimeoutMs = 1500;
        s.streamTimeoutMs = 2000;
        s.streamIdleTimeoutMs = 800;
        return s;
    }

    struct Measured
    {
        GenerateResult result;
        qint64 elapsedMs = 0;
        qint64 growthKb = 0;
        int chunks = 0;
    };

    Measured run(HostileServer& server, const ClientSettings& settings, bool streaming, qint64 timeLimitMs = 0)
    {
        Measured m;
        GeminiClient client(settings);
        const qint64 before = statusKb("VmRSS");
        resetPeakRss();
        QElapsedTimer clock;
        clock.start();
        const GenerateRequest request = GenerateRequest::fromPrompt(QStringLiteral("hello"));
        std::optional<GenerateResult> result;
        if (streaming) {
            GeminiClient::ChunkHandler onChunk = [&m](const GenerateResponse&) { ++m.chunks; };
            result = awaitFor(client.stream(testKey(1), request, onChunk, nullptr, timeLimitMs), 15'000);
        } else {
            result = awaitFor(client.generate(testKey(1), request, nullptr, timeLimitMs), 15'000);
        }
        m.elapsedMs = clock.elapsed();
        m.growthKb = statusKb("VmHWM") - before;
        if (result)
            m.result = *result;
        else
            m.result.outcome = Outcome::failure(OutcomeClass::Success, -1, QStringLiteral("never ended"));
        // The server saw the client go away.
        if (server.openConnections() > 0) {
            QSignalSpy closed(&server, &HostileServer::connectionClosed);
            closed.wait(3000);
        }
        qInfo("%s: %lld ms, peak RSS +%lld kB, server sent %lld bytes, %d events; %s", QTest::currentTestFunction(),
              m.elapsedMs, m.growthKb, server.bytesSent(), server.eventsSent(), qPrintable(m.result.outcome.message));
        return m;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(statusKb("VmRSS") > 0 && resetPeakRss(), "this tier reads and resets RSS through /proc");
    }

    // --- size ---------------------------------------------------------------------------------------------------

    void hugeDeclaredBodyIsRefusedBeforeReading()
    {
        HostileServer server(HostileServer::Mode::HugeBody);
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), false);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::RequestError);
        QVERIFY2(m.result.outcome.message.contains(u"larger than 4 MB"), qPrintable(m.result.outcome.message));
        QVERIFY2(m.growthKb < AllowedGrowthKb, qPrintable(QString::number(m.growthKb)));
        // Cut by its size (the message), not by the attempt's time limit: no wall-clock bound, a loaded machine is
        // slow.
        QVERIFY(server.bytesSent() < 64LL * 1024 * 1024);
    }

    void hugeUndeclaredBodyIsCutAtTheLimit()
    {
        HostileServer server(HostileServer::Mode::HugeBodyUndeclared);
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), false);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::RequestError);
        QVERIFY2(m.result.outcome.message.contains(u"larger than 4 MB"), qPrintable(m.result.outcome.message));
        QVERIFY2(m.growthKb < AllowedGrowthKb, qPrintable(QString::number(m.growthKb)));
        QVERIFY(server.bytesSent() < 64LL * 1024 * 1024);
    }

    void endlessChunkedBodyIsCutAtTheLimit()
    {
        HostileServer server(HostileServer::Mode::EndlessChunked);
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), false);
        const bool cutBySize = m.result.outcome.kind == OutcomeClass::RequestError &&
                               m.result.outcome.message.contains(u"larger than 4 MB");
        const bool cutByTime = m.result.outcome.message.contains(u"timed out");
        QVERIFY2(cutBySize || cutByTime, qPrintable(m.result.outcome.message));
        QVERIFY2(m.growthKb < EndlessBodyGrowthKb, qPrintable(QString::number(m.growthKb)));
        QVERIFY(m.elapsedMs < 6000); // one limit or the other ended it, not the 15 s wait
    }

    void endlessChunkedStreamIsCutAtItsRunningTotal()
    {
        HostileServer server(HostileServer::Mode::EndlessChunked);
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), true);
        const bool cutBySize = m.result.outcome.kind == OutcomeClass::RequestError &&
                               m.result.outcome.message.contains(u"stream grew larger than 8 MB");
        const bool cutByTime = m.result.outcome.message.contains(u"timed out");
        QVERIFY2(cutBySize || cutByTime, qPrintable(m.result.outcome.message));
        QVERIFY2(m.growthKb < EndlessBodyGrowthKb, qPrintable(QString::number(m.growthKb)));
        QVERIFY(m.elapsedMs < 6000);
    }

    void hugeBodiesAtOnceStayBounded()
    {
        // Three at once took 4.2 GB: eight at once now take at most their limits.
        HostileServer server(HostileServer::Mode::HugeBodyUndeclared);
        QVERIFY(server.listen());
        std::vector<std::unique_ptr<GeminiClient>> clients;
        const qint64 before = statusKb("VmRSS");
        resetPeakRss();
        QElapsedTimer clock;
        clock.start();
        int done = 0;
        QList<Outcome> outcomes;
        auto one = [&](GeminiClient* client) -> QCoro::Task<> {
            const GenerateResult r = co_await client->generate(testKey(2), GenerateRequest::fromPrompt(u"x"_qs));
            outcomes.append(r.outcome);
            ++done;
        };
        std::vector<QCoro::Task<>> tasks;
        for (int i = 0; i < 8; ++i) {
            clients.push_back(std::make_unique<GeminiClient>(limits(server)));
            tasks.push_back(one(clients.back().get()));
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 8, 10'000);
        const qint64 growth = statusKb("VmHWM") - before;
        qInfo("8 at once: %lld ms, peak RSS +%lld kB", clock.elapsed(), growth);
        for (const Outcome& o : std::as_const(outcomes))
            QCOMPARE(o.kind, OutcomeClass::RequestError);
        QVERIFY2(growth < 2 * AllowedGrowthKb, qPrintable(QString::number(growth)));
    }

    // --- time ---------------------------------------------------------------------------------------------------
    // Each case's lower bound shows the limit was waited for; the upper bound only that this limit, not one far
    // away (60 s, or the test's 15 s wait), ended it: wide, because a loaded CI machine answers late.

    void endlessEventStreamEndsAtTheStreamLimit()
    {
        // One event every 200 ms forever: the idle limit never fires, the attempt's total limit does.
        HostileServer server(HostileServer::Mode::EndlessSse);
        server.intervalMs = 200;
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), true);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::ServerError);
        QVERIFY2(m.result.outcome.message.contains(u"still going after 2 s"), qPrintable(m.result.outcome.message));
        QVERIFY(m.chunks >= 5); // the events did arrive and were delivered
        QVERIFY2(m.elapsedMs >= 1900 && m.elapsedMs < 6000, qPrintable(QString::number(m.elapsedMs)));
    }

    void stallAfterHeadersEndsAtTheAttemptLimit()
    {
        HostileServer server(HostileServer::Mode::StallAfterHeaders);
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), false);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::ServerError);
        QVERIFY2(m.result.outcome.message.contains(u"within 1.5 s"), qPrintable(m.result.outcome.message));
        QVERIFY2(m.elapsedMs >= 1400 && m.elapsedMs < 6000, qPrintable(QString::number(m.elapsedMs)));
    }

    void trickleEndsAtTheAttemptLimit()
    {
        HostileServer server(HostileServer::Mode::Trickle);
        server.intervalMs = 100;
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), false);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::ServerError);
        QVERIFY2(m.result.outcome.message.contains(u"within 1.5 s"), qPrintable(m.result.outcome.message));
        QVERIFY(server.bytesSent() >= 5);
        QVERIFY2(m.elapsedMs >= 1400 && m.elapsedMs < 6000, qPrintable(QString::number(m.elapsedMs)));
    }

    void trickledStreamEndsAtTheIdleLimit()
    {
        // A byte every 100 ms never completes an event: bytes are not life, the idle limit ends it.
        HostileServer server(HostileServer::Mode::TrickleSse);
        server.intervalMs = 100;
        QVERIFY(server.listen());
        const Measured m = run(server, limits(server), true);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::ServerError);
        QVERIFY2(m.result.outcome.message.contains(u"no event for 0.8 s"), qPrintable(m.result.outcome.message));
        QVERIFY(server.bytesSent() >= 3);
        QVERIFY2(m.elapsedMs >= 700 && m.elapsedMs < 5000, qPrintable(QString::number(m.elapsedMs)));
    }

    void timeLimitCutsTheAttemptShorter()
    {
        HostileServer server(HostileServer::Mode::EndlessSse);
        server.intervalMs = 100;
        QVERIFY(server.listen());
        ClientSettings s = limits(server);
        s.streamTimeoutMs = 60'000;
        const Measured m = run(server, s, true, 700);
        QCOMPARE(m.result.outcome.kind, OutcomeClass::ServerError);
        QVERIFY2(m.result.outcome.message.contains(u"deadline"), qPrintable(m.result.outcome.message));
        QVERIFY2(m.elapsedMs >= 650 && m.elapsedMs < 5000, qPrintable(QString::number(m.elapsedMs)));
    }

    void requestDeadlineCutsAnAttemptInFlight_data()
    {
        QTest::addColumn<bool>("streaming");
        QTest::newRow("generate") << false;
        QTest::newRow("stream") << true;
    }
    void requestDeadlineCutsAnAttemptInFlight()
    {
        QFETCH(bool, streaming);
        HostileServer server(streaming ? HostileServer::Mode::EndlessSse : HostileServer::Mode::StallAfterHeaders);
        server.intervalMs = 100;
        QVERIFY(server.listen());
        ClientSettings s = limits(server);
        s.attemptTimeoutMs = 60'000; // the attempt's own limits are far away: only the deadline can end it
        s.streamTimeoutMs = 60'000;
        s.streamIdleTimeoutMs = 30'000;
        GeminiClient client(s);
        KeyPool pool;
        pool.addSecrets({testKey(3), testKey(4)});
        DispatcherSettings ds;
        ds.requestDeadlineMs = 1000;
        Dispatcher dispatcher(&pool, &client, ds);
        QElapsedTimer clock;
        clock.start();
        const GenerateRequest request = GenerateRequest::fromPrompt(QStringLiteral("hi"));
        GeminiClient::ChunkHandler onChunk = [](const GenerateResponse&) {};
        const auto result = streaming ? awaitFor(dispatcher.stream(request, onChunk), 10'000)
                                      : awaitFor(dispatcher.generate(request), 10'000);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(result.has_value());
        qInfo("%lld ms: %s", elapsed, qPrintable(result->errorMessage));
        QVERIFY(!result->ok());
        QCOMPARE(result->attempts.size(), 1);
        QVERIFY2(result->errorMessage.contains(u"ran out of time"), qPrintable(result->errorMessage));
        QVERIFY2(elapsed >= 950 && elapsed < 5000, qPrintable(QString::number(elapsed)));
    }

    void cliTimeoutAndDeadlineBoundAChat()
    {
        // `egb chat --stream` against one event a second forever never ended; --timeout and --deadline bound it.
        HostileServer server(HostileServer::Mode::EndlessSse);
        server.intervalMs = 200;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("keys.db"));
        const QString keys = dir.filePath(QStringLiteral("keys.txt"));
        {
            QFile f(keys);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write((testKey(5) + u'\n' + testKey(6) + u'\n').toLatin1());
        }
        auto egb = [&](const QStringList& args, qint64* elapsedMs = nullptr) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("HOME"), dir.path());
            env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            env.insert(QStringLiteral("EGB_BASE_URL"), server.baseUrl());
            p.setProcessEnvironment(env);
            QSignalSpy finished(&p, &QProcess::finished);
            QElapsedTimer clock;
            clock.start();
            p.start(QStringLiteral(EGB_CLI_PATH), QStringList{QStringLiteral("--db"), db} + args);
            p.closeWriteChannel();
            if (!finished.wait(20'000)) {
                p.kill();
                p.waitForFinished();
                return std::make_pair(-1, QString());
            }
            if (elapsedMs)
                *elapsedMs = clock.elapsed();
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        QCOMPARE(egb({QStringLiteral("import"), keys}).first, 0);

        qint64 elapsed = 0;
        const auto [rc, err] =
            egb({QStringLiteral("chat"), QStringLiteral("--stream"), QStringLiteral("--timeout"), QStringLiteral("1"),
                 QStringLiteral("--deadline"), QStringLiteral("1.5"), QStringLiteral("hi")},
                &elapsed);
        qInfo("egb chat: rc %d in %lld ms: %s", rc, elapsed, qPrintable(err));
        QCOMPARE(rc, 1);
        QVERIFY2(err.contains(u"still going after 1 s"), qPrintable(err));
        QVERIFY2(err.contains(u"ran out of time"), qPrintable(err)); // no retry can finish before the deadline
        QVERIFY2(elapsed >= 900 && elapsed < 4000, qPrintable(QString::number(elapsed)));

        const auto [badRc, badErr] =
            egb({QStringLiteral("chat"), QStringLiteral("--timeout"), QStringLiteral("soon"), QStringLiteral("hi")});
        QCOMPARE(badRc, 2);
        QVERIFY2(badErr.contains(u"--timeout takes a number of seconds"), qPrintable(badErr));
        const auto [batchRc, batchErr] =
            egb({QStringLiteral("batch"), QStringLiteral("--deadline"), QStringLiteral("0"), keys});
        QCOMPARE(batchRc, 2);
        QVERIFY2(batchErr.contains(u"--deadline takes a number of seconds"), qPrintable(batchErr));
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
