// The Batch page's throughput next to a headless BatchRunner (the engine of `egb batch`) on the same local fake
// Gemini server: what the table, the progress line and saving every result to SQLite cost. Prints figures only.
//
//   bench_gui_batch [prompts=2000] [concurrency=8] [rounds=5]   (EGB_BENCH_DETAIL=1: also without saving / hidden)
#include "BatchPage.h"
#include "BatchResultModel.h"
#include "BatchRunStore.h"
#include "BatchRunner.h"
#include "ClientSettings.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMetaObject>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace egb;
using namespace egb::test;

namespace {

QString benchKey(int n)
{
    return QStringLiteral("AIza") + QStringLiteral("%1").arg(n, 35, 10, QChar(u'0'));
}

QStringList prompts(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("Summarise item %1 in one sentence.").arg(i);
    return out;
}

/// CPU time of the calling (main) thread in microseconds: robust against other programs on a loaded machine.
double threadCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int n = args.size() > 1 ? args.at(1).toInt() : 2000;
    const int concurrency = args.size() > 2 ? args.at(2).toInt() : 8;
    const int rounds = args.size() > 3 ? args.at(3).toInt() : 5;

    // The fake server answers from its own thread, as Google would from elsewhere.
    QThread serverThread;
    FakeGeminiServer server;
    server.moveToThread(&serverThread);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(&server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening) {
        std::fprintf(stderr, "could not start the fake server\n");
        return 1;
    }
    ClientSettings cs;
    cs.baseUrl = QUrl(server.baseUrl());

    QTemporaryDir dir;
    // The app's own database set-up: the key store's file and connection (WAL, synchronous=NORMAL).
    KeyStore keyStore;
    if (!keyStore.open(dir.filePath(QStringLiteral("keys.db")))) {
        std::fprintf(stderr, "could not open the database: %s\n", qPrintable(keyStore.lastError()));
        return 1;
    }
    BatchRunStore store;
    store.open(keyStore.connectionName());

    const QStringList list = prompts(n);
    QList<GenerateRequest> requests;
    for (const QString& p : list)
        requests << GenerateRequest::fromPrompt(p);

    QList<double> headless;
    QList<double> gui;
    QList<double> unsaved;
    QList<double> hidden;
    QList<double> headlessCpu; // main-thread CPU µs per request
    QList<double> guiCpu;
    QList<double> unsavedCpu;
    QList<double> hiddenCpu;
    QList<double> startMs; // page.start(): the run saved with its prompts, the table filled, the requests built
    const bool detail = qEnvironmentVariableIsSet("EGB_BENCH_DETAIL");
    // The Batch page: table, progress line, every result saved to SQLite.
    auto runPage = [&](BatchRunStore* pageStore, bool visible) {
        KeyPool pool;
        QStringList keys;
        for (int i = 0; i < 8; ++i)
            keys << benchKey(i);
        pool.addSecrets(keys);
        GeminiClient client(cs);
        Dispatcher dispatcher(&pool, &client);
        BatchPage page(&dispatcher, pageStore, nullptr);
        page.resize(1100, 700);
        if (visible)
            page.show();
        page.setPrompts(list, QStringLiteral("bench"));
        page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(concurrency);
        QEventLoop loop;
        QObject::connect(&page, &BatchPage::runFinished, &loop, &QEventLoop::quit);
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuUs();
        page.start();
        startMs << t.nsecsElapsed() / 1e6;
        loop.exec();
        const double rate = n * 1000.0 / qMax<qint64>(1, t.elapsed());
        (pageStore ? (visible ? guiCpu : hiddenCpu) : unsavedCpu) << (threadCpuUs() - cpu0) / n;
        if (page.resultModel()->okCount() != n)
            std::fprintf(stderr, "warning: the page answered %d of %d\n", page.resultModel()->okCount(), n);
        return rate;
    };
    auto runHeadless = [&] {
        KeyPool pool;
        QStringList keys;
        for (int i = 0; i < 8; ++i)
            keys << benchKey(i);
        pool.addSecrets(keys);
        BatchRunner runner(&pool, cs);
        runner.setConcurrency(concurrency);
        QEventLoop loop;
        QObject::connect(&runner, &BatchRunner::finished, &loop, &QEventLoop::quit);
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuUs();
        runner.start(requests);
        loop.exec();
        headlessCpu << (threadCpuUs() - cpu0) / n;
        return n * 1000.0 / qMax<qint64>(1, t.elapsed());
    };
    runHeadless(); // warm-up: connections, allocator, fake server
    headlessCpu.clear();
    for (int round = 0; round < rounds; ++round) {
        // Alternate the order so neither side always runs on a warmer or quieter machine.
        if (round % 2 == 0) {
            headless << runHeadless();
            gui << runPage(&store, true);
        } else {
            gui << runPage(&store, true);
            headless << runHeadless();
        }
        if (detail) {
            unsaved << runPage(nullptr, true);
            hidden << runPage(&store, false);
        }
    }
    const auto best = [](const QList<double>& v) { return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end()); };
    const double h = median(headless);
    const double g = median(gui);
    std::printf("bench_gui_batch: %d prompts, concurrency %d, %d rounds (order alternated), fake server in its own "
                "thread\n",
                n, concurrency, rounds);
    std::printf("  headless BatchRunner (egb batch engine): median %8.1f  best %8.1f requests/s\n", h, best(headless));
    std::printf("  Batch page (table + progress + SQLite):  median %8.1f  best %8.1f requests/s\n", g, best(gui));
    std::printf("  of which starting a run (save prompts, fill table): median %.1f ms\n", median(startMs));
    if (detail) {
        std::printf("  Batch page without saving:               median %8.1f requests/s, %.1f us CPU per request\n",
                    median(unsaved), median(unsavedCpu));
        std::printf("  Batch page saving, not shown:            median %8.1f requests/s, %.1f us CPU per request\n",
                    median(hidden), median(hiddenCpu));
    }
    const double hc = median(headlessCpu);
    const double gc = median(guiCpu);
    std::printf("  main-thread CPU per request: headless %.1f us, Batch page %.1f us (%+.1f%%)\n", hc, gc,
                hc > 0 ? (gc - hc) * 100.0 / hc : 0.0);
    std::printf("  GUI cost: median %+.1f%%, best %+.1f%% (target: no more than 10%% slower)\n",
                h > 0 ? (h - g) * 100.0 / h : 0.0,
                best(headless) > 0 ? (best(headless) - best(gui)) * 100.0 / best(headless) : 0.0);

    serverThread.quit();
    serverThread.wait();
    return 0;
}
