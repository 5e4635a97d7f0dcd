// bench_quota: quota goodput (issue 14). A fake Gemini keeps per-(project, model) sliding-window quotas with real 429
// bodies; the pool must spend its keys the way those quotas allow. For each scenario it prints the efficiency (the
// quota-bound ideal time over the time taken) and the 429s per 100 answered prompts, twice: "cold" (a fresh pool that
// has to learn the limits from its 429s) and "learned" (the same pool again, one window later); and once with the
// limits a person entered in Settings ("person", a real per-minute window: about a minute per scenario).
//
// The ideal: every project serves `limit` calls per window, so N prompts need ceil(N / (projects * limit)) windows;
// the last one starts (windows - 1) * window after the first call and takes one answer's latency.
//
//   bench_quota [--quick] [--person]   (--quick: only the first scenario; --person: add the per-minute runs)

#include "AsyncTest.h"
#include "BatchRunner.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QCoreApplication>
#include <QCoro/QCoroTimer>
#include <QElapsedTimer>
#include <QThread>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace egb;
using namespace egb::test;

namespace {

constexpr int LatencyMs = 5;
constexpr int Concurrency = 32;

struct Scenario
{
    const char* name;
    int keys;
    QStringList models; ///< one batch per model, all at once on one pool
    int promptsPerModel;
    int limit;    ///< calls per window per project and model
    int windowMs; ///< the fake's window
};

struct Figures
{
    double seconds = 0;
    double idealSeconds = 0;
    int answered = 0;
    int rejected = 0;
    double efficiency() const { return seconds > 0 ? idealSeconds / seconds : 0; }
    double per100() const { return answered > 0 ? 100.0 * rejected / answered : 0; }
};

QCoro::Task<QList<QList<BatchItemResult>>> runAll(QList<BatchRunner*> runners, QList<QList<GenerateRequest>> prompts)
{
    std::vector<QCoro::Task<QList<BatchItemResult>>> running;
    for (qsizetype i = 0; i < runners.size(); ++i)
        running.push_back(runners[i]->run(prompts[i]));
    QList<QList<BatchItemResult>> out;
    for (auto& t : running)
        out.append(co_await std::move(t));
    co_return out;
}

QCoro::Task<bool> sleepMs(int ms)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(ms);
    co_await timer;
    co_return true;
}

Figures runOnce(FakeGeminiServer* server, KeyPool& pool, const Scenario& s, int round)
{
    ClientSettings cs;
    cs.baseUrl = QUrl(server->baseUrl());
    cs.attemptTimeoutMs = 10'000;
    DispatcherSettings ds;
    ds.requestDeadlineMs = 600'000;
    std::vector<std::unique_ptr<BatchRunner>> owned;
    QList<BatchRunner*> runners;
    QList<QList<GenerateRequest>> prompts;
    for (const QString& model : s.models) {
        owned.push_back(std::make_unique<BatchRunner>(&pool, cs, ds));
        owned.back()->setConcurrency(Concurrency);
        runners.append(owned.back().get());
        QList<GenerateRequest> list;
        for (int i = 0; i < s.promptsPerModel; ++i)
            list.append(GenerateRequest::fromPrompt(
                QStringLiteral("%1 round %2 prompt %3").arg(model).arg(round).arg(i), model));
        prompts.append(list);
    }
    const int rejectedBefore = server->projectQuotaRejections();
    QElapsedTimer wall;
    wall.start();
    const auto results = awaitFor(runAll(runners, prompts), 30 * 60'000);
    Figures f;
    f.seconds = double(wall.elapsed()) / 1000.0;
    f.rejected = server->projectQuotaRejections() - rejectedBefore;
    if (results) {
        for (const auto& list : *results)
            for (const BatchItemResult& r : list)
                f.answered += r.ok() ? 1 : 0;
    }
    const double windows = std::ceil(double(s.promptsPerModel) / (double(s.keys) * s.limit));
    f.idealSeconds = ((windows - 1) * s.windowMs + LatencyMs) / 1000.0;
    return f;
}

void print(const Scenario& s, const char* mode, const Figures& f)
{
    std::printf("%-34s %-8s %7d %9.2f %9.2f %10.3f %9d %12.1f\n", s.name, mode, f.answered, f.seconds, f.idealSeconds,
                f.efficiency(), f.rejected, f.per100());
    std::fflush(stdout);
}

void scenario(FakeGeminiServer* server, const Scenario& s, bool person, int& keyBase)
{
    server->clearProjectQuotas();
    for (const QString& model : s.models)
        server->setModelQuota(model, FakeQuota::perMinute(s.limit, s.windowMs));
    KeyPool pool;
    QStringList keys;
    for (int i = 0; i < s.keys; ++i)
        keys.append(testKey(keyBase++));
    pool.addSecrets(keys);
    if (person) {
        ModelLimits limits;
        for (const QString& model : s.models)
            limits.set(model, QuotaLimits{s.limit, 0, 0});
        pool.setModelLimits(limits);
        print(s, "person", runOnce(server, pool, s, 0));
        return;
    }
    print(s, "cold", runOnce(server, pool, s, 0));
    awaitFor(sleepMs(s.windowMs + 100)); // the last window of the cold run ends
    print(s, "learned", runOnce(server, pool, s, 1));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains(QLatin1String("--quick"));
    const bool person = args.contains(QLatin1String("--person"));

    QThread serverThread;
    auto* server = new FakeGeminiServer;
    server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("A short canned answer."), LatencyMs));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening)
        return 1;

    const QString flash = QStringLiteral("gemini-2.5-flash");
    const QString pro = QStringLiteral("gemini-2.5-pro");
    const QList<Scenario> scenarios{
        {"one model, 30 keys, 5/3 s", 30, {flash}, 600, 5, 3000},
        {"two models at once, 30 keys, 5/3 s", 30, {flash, pro}, 300, 5, 3000},
        {"one model, 5 keys, 5/3 s", 5, {flash}, 100, 5, 3000},
        {"one model, 300 keys, 5/3 s", 300, {flash}, 6000, 5, 3000},
    };
    std::printf("bench_quota: per-(project, model) sliding-window quotas on the fake server (each key its own "
                "project), latency %d ms, concurrency %d per batch\n",
                LatencyMs, Concurrency);
    std::printf("%-34s %-8s %7s %9s %9s %10s %9s %12s\n", "scenario", "limits", "answered", "seconds", "ideal s",
                "efficiency", "429s", "429s/100");
    int keyBase = 20'000;
    for (const Scenario& s : scenarios) {
        scenario(server, s, false, keyBase);
        if (quick)
            break;
    }
    if (person) {
        // A person's limits are per minute: the fake's window is a real minute here.
        const QList<Scenario> perMinute{
            {"one model, 30 keys, 2/min", 30, {flash}, 120, 2, 60'000},
            {"two models at once, 30 keys, 2/min", 30, {flash, pro}, 120, 2, 60'000},
        };
        for (const Scenario& s : perMinute) {
            scenario(server, s, true, keyBase);
            if (quick)
                break;
        }
    }
    serverThread.quit();
    serverThread.wait();
    return 0;
}
