// bench_gui_requestlog: what the request log costs and how fast it reads. Prints figures; never passes or fails.
//
// 1. The request path: Dispatcher::generate against the fake server (its own thread), sequential, in interleaved
//    rounds with the log off and on (KeyPool::setAttemptObserver); and the bare cost of one logged attempt on the
//    request thread (KeyPool::logAttempt → RequestLogWriter::recordAttempt), as a share of the 1 ms each attempt has
//    at 1,000 attempts/s.
// 2. The database growth per 1,000,000 attempts (file and WAL after a checkpoint, before and after).
// 3. The Overview drawn for 30 days (and 7 days, 24 hours) over that log.
//
//   QT_QPA_PLATFORM=offscreen bench_gui_requestlog [--attempts N] [--requests N] [--keys N]

#include "AppSettings.h"
#include "AsyncTest.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "OverviewPage.h"
#include "RequestHistory.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"
#include "TestKeys.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace egb;
using namespace egb::test;

namespace {

QCoro::Task<int> viaDispatcher(Dispatcher* dispatcher, GenerateRequest request, int n)
{
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += (co_await dispatcher->generate(request)).ok();
    co_return ok;
}

qint64 fileBytes(const QString& path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

void checkpoint(const QString& connection)
{
    QSqlQuery(QSqlDatabase::database(connection)).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    int attempts = 1'000'000;
    int requests = 4000;
    int keyCount = 200;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--attempts"))
            attempts = std::max(1000, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--requests"))
            requests = std::max(100, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--keys"))
            keyCount = std::max(1, args.at(i + 1).toInt());
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keys.db"));
    KeyStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(path));
        return 1;
    }
    KeyPool pool;
    store.attach(&pool);
    QStringList secrets;
    for (int i = 0; i < keyCount; ++i)
        secrets.append(testKey(7000 + i));
    pool.addSecrets(secrets, {}, QStringLiteral("project-a"));
    RequestLogStore log;
    if (!log.open(store.connectionName())) {
        std::fprintf(stderr, "%s\n", qPrintable(log.lastError()));
        return 1;
    }
    RequestLogWriter writer(store.connectionName());

    // --- 1. the request path ------------------------------------------------------------------------------------
    QThread serverThread;
    auto* server = new FakeGeminiServer;
    server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("A short canned answer.")));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening)
        return 1;
    ClientSettings cs;
    cs.baseUrl = QUrl(server->baseUrl());
    GeminiClient client(cs);
    Dispatcher dispatcher(&pool, &client);
    dispatcher.setSource(RequestSource::Chat);
    const GenerateRequest request = GenerateRequest::fromPrompt(QStringLiteral("How far is the moon?"));
    awaitFor(viaDispatcher(&dispatcher, request, 200)); // warm-up
    const int rounds = 8;
    const int perRound = std::max(1, requests / rounds);
    qint64 ns[2] = {0, 0};
    for (int r = 0; r < rounds; ++r) {
        for (int logged = 0; logged < 2; ++logged) {
            pool.setAttemptObserver(logged ? &writer : nullptr);
            QElapsedTimer t;
            t.start();
            awaitFor(viaDispatcher(&dispatcher, request, perRound), 600'000);
            ns[logged] += t.nsecsElapsed();
        }
    }
    pool.setAttemptObserver(&writer);
    writer.flush();
    const int n = perRound * rounds;
    const double offUs = double(ns[0]) / 1000.0 / n, onUs = double(ns[1]) / 1000.0 / n;
    std::printf("bench_gui_requestlog: %d sequential Dispatcher::generate per way, fake server in its own thread\n", n);
    std::printf("  log off: %8.1f us/request (%.0f requests/s)\n", offUs, 1e6 / offUs);
    std::printf("  log on:  %8.1f us/request (%.0f requests/s)\n", onUs, 1e6 / onUs);
    std::printf("  logging on the request path: %+.1f%% (%+.1f us/request)\n", 100.0 * (onUs / offUs - 1.0),
                onUs - offUs);

    // The bare cost of handing one attempt to the log on the request thread.
    {
        const int calls = 200'000;
        writer.setFlushInterval(50);
        RequestLogEntry e = RequestLogEntry::fromOutcome(pool.ids().first(), Outcome::success(120, {12, 340, 0, 352}),
                                                         RequestSource::Batch, QStringLiteral("gemini-2.5-flash"));
        const QList<qint64> poolIds = pool.ids();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < calls; ++i) {
            e.keyId = poolIds.at(i % int(poolIds.size()));
            e.timeMs = 0; // the pool stamps it
            pool.logAttempt(e);
        }
        const double perCallUs = double(t.nsecsElapsed()) / 1000.0 / calls;
        writer.flush();
        std::printf("  one logged attempt on the request thread: %.2f us = %.2f%% of the 1,000 us an attempt has at "
                    "1,000 attempts/s\n",
                    perCallUs, perCallUs / 10.0);
    }

    // --- 2. the database growth ---------------------------------------------------------------------------------
    writer.setRetentionDays(0); // keep what the bench writes, whatever its age
    checkpoint(store.connectionName());
    const qint64 before = fileBytes(path);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 span = 30LL * 86'400'000;
    const QStringList models{QStringLiteral("gemini-2.5-flash"), QStringLiteral("gemini-2.5-pro"),
                             QStringLiteral("gemini-2.5-flash-lite"), QStringLiteral("gemini-3.5-flash")};
    QRandomGenerator rng(16);
    const QList<qint64> ids = pool.ids();
    QElapsedTimer fill;
    fill.start();
    const int batch = 10'000;
    for (int done = 0; done < attempts; done += batch) {
        QList<RequestLogEntry> rows;
        rows.reserve(batch);
        for (int i = done; i < std::min(attempts, done + batch); ++i) {
            RequestLogEntry e;
            e.timeMs = now - span + qint64(double(i) / attempts * double(span));
            e.source = i % 3 ? RequestSource::Batch : RequestSource::Chat;
            e.model = models.at(int(rng.bounded(4)));
            const qint64 id = ids.at(int(rng.bounded(int(ids.size()))));
            e.keyId = id;
            e.keyMasked = pool.find(id)->masked();
            e.project = QStringLiteral("project-a");
            const quint32 draw = rng.bounded(100);
            e.kind = draw < 92   ? OutcomeClass::Success
                     : draw < 97 ? OutcomeClass::RateLimited
                                 : OutcomeClass::ServerError;
            e.httpStatus = e.kind == OutcomeClass::Success ? 200 : e.kind == OutcomeClass::RateLimited ? 429 : 503;
            if (e.kind == OutcomeClass::RateLimited) {
                e.reason = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
                e.message = QStringLiteral("You exceeded your current quota, please check your plan and billing "
                                           "details.");
            }
            e.latencyMs = 200 + rng.bounded(3000);
            e.attempt = 1 + int(rng.bounded(2));
            e.dispatchId = quint64(i);
            if (e.kind == OutcomeClass::Success) {
                e.promptTokens = int(rng.bounded(2000));
                e.answerTokens = int(rng.bounded(1000));
                e.thinkingTokens = int(rng.bounded(500));
            }
            rows.append(e);
        }
        if (!log.append(rows)) {
            std::fprintf(stderr, "%s\n", qPrintable(log.lastError()));
            return 1;
        }
    }
    const double fillS = double(fill.elapsed()) / 1000.0;
    checkpoint(store.connectionName());
    const qint64 after = fileBytes(path);
    const double growth = double(after - before) * 1'000'000.0 / attempts;
    std::printf("database growth: %d attempts over 30 days (%d keys, 4 models) took %.1f MB: %.0f MB per 1,000,000 "
                "attempts, %.0f bytes each (written in %.1f s, %.0f attempts/s)\n",
                attempts, keyCount, double(after - before) / 1e6, growth / 1e6, growth / 1e6, fillS, attempts / fillS);

    // --- 3. the Overview ----------------------------------------------------------------------------------------
    RequestHistory history;
    AppSettings settings(dir.filePath(QStringLiteral("bench.ini")));
    OverviewPage page(&pool, &history, &settings);
    page.resize(1200, 800);
    page.setRequestLog(&log, &writer);
    for (OverviewPage::Range range : {OverviewPage::Last30Days, OverviewPage::Last7Days, OverviewPage::Last24Hours}) {
        page.setRange(range);
        std::vector<double> times;
        for (int r = 0; r < 7; ++r) {
            QElapsedTimer t;
            t.start();
            page.refreshNow();
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const char* names[] = {"1 h", "24 h", "7 days", "30 days"};
        std::printf("Overview drawn for %s over %d attempts: %.1f ms (median of 7; queries and tables %.0f ms)\n",
                    names[int(range)], attempts, median(times), double(page.lastDrawMs()));
    }
    serverThread.quit();
    serverThread.wait();
    pool.setAttemptObserver(nullptr);
    return 0;
}
