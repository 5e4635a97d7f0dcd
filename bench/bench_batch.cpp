// bench_batch: BatchRunner throughput against the fake Gemini server (20 ms per answer, in its own thread).
// Prints requests/s and efficiency = (prompts × latency / concurrency) / actual time for concurrency 1, 8, 32, 64.
// Concurrency 1 uses 500 prompts (5,000 would take 100 s of pure latency); the others use 5,000.
//
//   bench_batch [--prompts N] [--latency MS]

#include "AsyncTest.h"
#include "BatchRunner.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>

using namespace egb;
using namespace egb::test;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int prompts = 5000;
    int latencyMs = 20;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--prompts"))
            prompts = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--latency"))
            latencyMs = args.at(i + 1).toInt();
    }

    // The server gets its own thread, so the client side is measured fairly.
    QThread serverThread;
    serverThread.setObjectName(QStringLiteral("fake-gemini"));
    auto* server = new FakeGeminiServer;
    server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("A short canned answer."), latencyMs));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening) {
        std::fprintf(stderr, "bench_batch: the fake server could not listen\n");
        return 1;
    }

    KeyPool pool;
    QStringList keys;
    for (int i = 0; i < 64; ++i)
        keys.append(testKey(5000 + i));
    pool.addSecrets(keys);

    ClientSettings cs;
    cs.baseUrl = QUrl(server->baseUrl());
    std::printf("bench_batch: fake server %s in its own thread, %d ms per answer, %d keys\n",
                qPrintable(server->baseUrl()), latencyMs, int(pool.size()));
    std::printf("%11s %8s %10s %12s %10s %10s %12s\n", "concurrency", "prompts", "time (s)", "requests/s", "ideal (s)",
                "efficiency", "max in flight");
    const int levels[] = {1, 8, 32, 64};
    for (int concurrency : levels) {
        const int n = concurrency == 1 ? std::min(prompts, 500) : prompts;
        QList<GenerateRequest> requests;
        requests.reserve(n);
        for (int i = 0; i < n; ++i)
            requests.append(GenerateRequest::fromPrompt(QStringLiteral("Prompt number %1").arg(i)));
        BatchRunner runner(&pool, cs);
        runner.setConcurrency(concurrency);
        server->resetMaxInFlight();
        QElapsedTimer clock;
        clock.start();
        const auto results = awaitFor(runner.run(requests), 600'000);
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        int okCount = 0;
        if (results) {
            for (const BatchItemResult& r : std::as_const(*results))
                okCount += r.ok() ? 1 : 0;
        }
        const double ideal = double(n) * latencyMs / 1000.0 / concurrency;
        std::printf("%11d %8d %10.2f %12.1f %10.2f %10.3f %12d%s\n", concurrency, n, seconds, n / seconds, ideal,
                    ideal / seconds, server->maxInFlight(),
                    okCount == n ? "" : qPrintable(QStringLiteral("  (%1 failed)").arg(n - okCount)));
        std::fflush(stdout);
    }
    serverThread.quit();
    serverThread.wait();
    return 0;
}
