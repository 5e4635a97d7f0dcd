#include "BatchRunner.h"

#include "CancelToken.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "KeyPool.h"

#include <QCoreApplication>
#include <QCoro/QCoroSignal>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace egb {

namespace {

/// Every request in flight holds a socket (over HTTP/1.1): lift the soft limit on open files (often 1,024) towards
/// the hard one so that thousands in flight do not fail with "too many open files".
void allowOpenFiles(int wanted)
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= rlim_t(wanted))
        return;
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? rlim_t(wanted) : std::min(limit.rlim_max, rlim_t(wanted));
    setrlimit(RLIMIT_NOFILE, &limit);
#else
    Q_UNUSED(wanted);
#endif
}

} // namespace

struct BatchRunner::Private
{
    QPointer<KeyPool> pool;
    ClientSettings clientSettings;
    std::unique_ptr<Dispatcher> dispatcher;
    std::vector<std::unique_ptr<GeminiClient>> clients;
    int concurrency = 4;
    int progressInterval = 100;
    SkipPredicate skip;

    bool running = false;
    bool paused = false;
    std::unique_ptr<CancelToken> cancel;
    std::unique_ptr<CancelToken> resumeGate; ///< "cancelled" = the gate opened (resume or cancel)
    RequestSource source;
    int count = 0;
    bool keepResults = true;
    int liveWorkers = 0; ///< worker loops of the current run that have not ended
    /// The current run's worker loops, owned by run()'s frame (which awaits every one, those added meanwhile too).
    std::deque<QCoro::Task<>>* workerTasks = nullptr;
    QList<BatchItemResult> results; ///< empty unless keepResults
    int nextIndex = 0;
    BatchProgress progress;
    QElapsedTimer clock;
    QElapsedTimer sinceProgress;
    QTimer progressTimer;
    qint64 firstWorkMs = -1; ///< when the first item was sent (skipped items do not count for the rate)

    /// What each client's answers came over: 0 none yet, 1 HTTP/1.x, 2 HTTP/2 (parallel to `clients`).
    std::vector<std::shared_ptr<int>> protocols;

    /// How many requests a client carries at once without Qt queueing them: 6 on HTTP/1.1 (Qt 6.4 opens at most 6
    /// connections per host per QNetworkAccessManager), 100 on HTTP/2 (streams multiplexed on one connection, as
    /// many as Google and Qt allow). Known from its first answer; before that, HTTP/2 is expected on https.
    int capacity(size_t i) const
    {
        const int seen = *protocols[i];
        const bool http2 =
            seen != 0 ? seen == 2 : clientSettings.http2 && clientSettings.baseUrl.scheme() == QLatin1String("https");
        return http2 ? Http2PerClient : Http1PerClient;
    }

    /// The client with the fewest requests in flight among those with room, or a new one when all are full: as
    /// many network managers as the protocol needs (4,096 in flight: 683 over HTTP/1.1, 41 over HTTP/2).
    GeminiClient* clientWithRoom()
    {
        GeminiClient* best = nullptr;
        int bestLoad = 0;
        for (size_t i = 0; i < clients.size(); ++i) {
            const int n = clients[i]->inFlight();
            if (n < capacity(i) && (!best || n < bestLoad)) {
                best = clients[i].get();
                bestLoad = n;
            }
        }
        if (!best) {
            clients.push_back(std::make_unique<GeminiClient>(clientSettings));
            auto seen = std::make_shared<int>(0);
            protocols.push_back(seen);
            best = clients.back().get();
            QObject::connect(best->networkManager(), &QNetworkAccessManager::finished, best,
                             [seen](QNetworkReply* reply) {
                                 if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() > 0)
                                     *seen = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? 2 : 1;
                             });
        }
        return best;
    }

    /// `now`: QCoro resumes the loops waiting at the gate through a queued call on the gate; the destructor delivers
    /// it at once, so that no loop (and no run) is left suspended when the runner goes away before the event loop
    /// runs again. Elsewhere the loops resume from the event loop, after the caller is done.
    void openGate(bool now = false)
    {
        auto gate = std::exchange(resumeGate, std::make_unique<CancelToken>());
        gate->cancel();
        if (now)
            QCoreApplication::sendPostedEvents(gate.get(), QEvent::MetaCall);
        gate.release()->deleteLater();
    }
};

BatchRunner::BatchRunner(KeyPool* pool, ClientSettings clientSettings, DispatcherSettings dispatcherSettings,
                         QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->pool = pool;
    d->clientSettings = std::move(clientSettings);
    d->dispatcher = std::make_unique<Dispatcher>(pool, nullptr, dispatcherSettings);
    d->dispatcher->setSource(egb::RequestSource::Batch); // egb::, not the class's RequestSource (a request maker)
    d->resumeGate = std::make_unique<CancelToken>();
    d->progressTimer.setSingleShot(true);
    connect(&d->progressTimer, &QTimer::timeout, this, [this] {
        d->sinceProgress.start();
        Q_EMIT progressChanged(progress());
    });
}

BatchRunner::~BatchRunner()
{
    if (d->cancel)
        d->cancel->cancel();
    d->openGate(true);
    for (auto& c : d->clients)
        c->abortAll();
    // Dispatches still waiting (for a cooling key) end now, while the rest of the runner is whole: their loops
    // finish and the last one ends run().
    d->dispatcher.reset();
}

void BatchRunner::setConcurrency(int n)
{
    d->concurrency = std::clamp(n, 1, MaxConcurrency);
    if (!d->running || d->cancel->isCancelled())
        return;
    // Live: more loops start now; fewer take effect as loops finish their item (nothing in flight is cut).
    const int wanted = std::min(d->concurrency, std::max(0, d->count - d->nextIndex) + d->progress.inFlight);
    if (wanted > d->liveWorkers) {
        allowOpenFiles(2 * wanted + 256);
        addWorkers(wanted - d->liveWorkers);
    }
}

int BatchRunner::concurrency() const
{
    return d->concurrency;
}

void BatchRunner::setSkipPredicate(SkipPredicate skip)
{
    d->skip = std::move(skip);
}

void BatchRunner::setProgressInterval(int ms)
{
    d->progressInterval = std::max(0, ms);
}

void BatchRunner::setKeepResults(bool keep)
{
    d->keepResults = keep;
}

Dispatcher* BatchRunner::dispatcher() const
{
    return d->dispatcher.get();
}

int BatchRunner::clientCount() const
{
    return int(d->clients.size());
}

bool BatchRunner::isRunning() const
{
    return d->running;
}

bool BatchRunner::isPaused() const
{
    return d->paused;
}

BatchProgress BatchRunner::progress() const
{
    BatchProgress p = d->progress;
    p.paused = d->paused;
    p.elapsedMs = d->running || p.done > 0 ? d->clock.elapsed() : 0;
    const int worked = p.succeeded + p.failed;
    if (worked > 0 && d->firstWorkMs >= 0) {
        const qint64 busyMs = std::max<qint64>(1, d->clock.elapsed() - d->firstWorkMs);
        p.ratePerSecond = double(worked) * 1000.0 / double(busyMs);
        const int left = p.total - p.done;
        p.etaMs = left > 0 ? qint64(double(left) / p.ratePerSecond * 1000.0) : 0;
    } else {
        p.ratePerSecond = 0;
        p.etaMs = p.done == p.total && p.total > 0 ? 0 : -1;
    }
    return p;
}

QList<BatchItemResult> BatchRunner::results() const
{
    return d->results;
}

void BatchRunner::pause()
{
    if (!d->running || d->paused)
        return;
    d->paused = true;
    Q_EMIT progressChanged(progress());
}

void BatchRunner::resume()
{
    if (!d->paused)
        return;
    d->paused = false;
    d->openGate();
    Q_EMIT progressChanged(progress());
}

void BatchRunner::cancel()
{
    if (!d->running || !d->cancel)
        return;
    d->cancel->cancel();
    d->openGate();
}

void BatchRunner::start(QList<GenerateRequest> requests)
{
    // Fire and forget: the task finishes on its own (QCoro keeps the frame alive) and finished() reports.
    auto task = run(std::move(requests));
    Q_UNUSED(task);
}

void BatchRunner::start(int count, RequestSource source)
{
    auto task = run(count, std::move(source));
    Q_UNUSED(task);
}

QCoro::Task<QList<BatchItemResult>> BatchRunner::run(QList<GenerateRequest> requests)
{
    const int count = int(requests.size());
    RequestSource source = [requests = std::move(requests)](int index) { return requests.at(index); };
    // The inner task is built before the co_await, so no temporary lives across it (GCC 12).
    QCoro::Task<QList<BatchItemResult>> inner = run(count, std::move(source));
    co_return co_await inner;
}

QCoro::Task<QList<BatchItemResult>> BatchRunner::run(int count, RequestSource source)
{
    count = std::max(0, count);
    if (d->running) {
        QList<BatchItemResult> refused;
        for (int i = 0; i < count; ++i) {
            BatchItemResult r;
            r.index = i;
            r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0,
                                         tr("Another batch is still running. Wait for it or cancel it first."));
            r.errorMessage = r.outcome.message;
            refused.append(r);
        }
        co_return refused;
    }
    QPointer<BatchRunner> self(this);
    d->running = true;
    d->paused = false;
    d->cancel = std::make_unique<CancelToken>();
    d->source = std::move(source);
    d->count = count;
    const int total = count;
    d->results = d->keepResults ? QList<BatchItemResult>(total) : QList<BatchItemResult>();
    d->nextIndex = 0;
    d->progress = BatchProgress();
    d->progress.total = total;
    d->firstWorkMs = -1;
    d->clock.start();
    d->sinceProgress.start();

    // Clients (network managers) are added as requests need them: see Private::clientWithRoom().
    const int slotCount = std::max(1, std::min(d->concurrency, std::max(1, total)));
    allowOpenFiles(2 * slotCount + 256);
    for (auto& c : d->clients)
        c->setSettings(d->clientSettings);
    Q_EMIT progressChanged(progress());

    // Every loop is awaited, those setConcurrency() adds meanwhile too (a deque: adding does not move the others).
    std::deque<QCoro::Task<>> workers;
    d->workerTasks = &workers;
    d->liveWorkers = 0;
    addWorkers(slotCount);
    for (size_t i = 0; i < workers.size(); ++i)
        co_await workers[i];
    if (!self)
        co_return QList<BatchItemResult>();
    d->workerTasks = nullptr;

    const bool cancelled = d->cancel->isCancelled();
    for (int i = 0; i < d->results.size(); ++i) {
        BatchItemResult& r = d->results[i];
        if (r.index < 0) { // never started
            r.index = i;
            r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("Cancelled before it was sent."));
            r.errorMessage = r.outcome.message;
        }
    }
    d->running = false;
    d->paused = false;
    d->progressTimer.stop();
    d->source = {}; // lets go of what the source holds (a copy of the requests, a job's prompts)
    const QList<BatchItemResult> results = d->results;
    Q_EMIT progressChanged(progress());
    Q_EMIT finished(results, cancelled);
    co_return results;
}

QCoro::Task<> BatchRunner::workerLoop(QPointer<BatchRunner> self)
{
    for (;;) {
        if (!self)
            co_return;
        Private* d = self->d.get();
        while (d->paused && !d->cancel->isCancelled()) {
            QPointer<CancelToken> gate = d->resumeGate.get();
            co_await qCoro(gate.data(), &CancelToken::cancelled);
            if (!self)
                co_return;
            d = self->d.get();
        }
        // The run is over for this loop: cancelled, nothing left, or the concurrency was lowered meanwhile.
        if (d->cancel->isCancelled() || d->nextIndex >= d->count || d->liveWorkers > d->concurrency) {
            --d->liveWorkers;
            co_return;
        }
        const int index = d->nextIndex++;
        const GenerateRequest request = d->source(index);
        BatchItemResult item;
        item.index = index;
        if (d->skip && d->skip(index, request)) {
            item.skipped = true;
            item.outcome = Outcome::success();
            if (d->keepResults)
                d->results[index] = item;
            ++d->progress.skipped;
            ++d->progress.done;
            Q_EMIT self->itemFinished(item);
            self->scheduleProgress();
            continue;
        }
        if (d->firstWorkMs < 0)
            d->firstWorkMs = d->clock.elapsed();
        QPointer<CancelToken> token = d->cancel.get();
        ++d->progress.inFlight;
        auto op = [self, request, token](const KeyLease& lease,
                                         const AttemptContext& context) -> QCoro::Task<GenerateResult> {
            // Chosen as the attempt starts: a retry may well go through another client.
            QPointer<GeminiClient> client = self ? self->d->clientWithRoom() : nullptr;
            if (!client) {
                GenerateResult r;
                r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("Cancelled."));
                co_return r;
            }
            // The deadline cuts the attempt in flight.
            co_return co_await client->generate(lease.secret(), request, token.data(), context.timeLeftMs);
        };
        const QString model = request.modelId();
        DispatchResult done = co_await d->dispatcher->execute(std::move(op), token.data(), model);
        if (!self)
            co_return;
        d = self->d.get();
        --d->progress.inFlight;
        item.response = std::move(done.value.response);
        item.outcome = done.outcome;
        item.errorMessage = done.errorMessage;
        item.attempts = std::move(done.attempts);
        if (d->keepResults)
            d->results[index] = item;
        if (item.outcome.kind != OutcomeClass::Cancelled || !d->cancel->isCancelled()) {
            ++d->progress.done;
            if (item.outcome.isSuccess())
                ++d->progress.succeeded;
            else
                ++d->progress.failed;
        }
        Q_EMIT self->itemFinished(item);
        self->scheduleProgress();
    }
}

void BatchRunner::addWorkers(int n)
{
    if (!d->workerTasks)
        return;
    QPointer<BatchRunner> self(this);
    for (int i = 0; i < n; ++i) {
        ++d->liveWorkers;
        d->workerTasks->push_back(workerLoop(self));
    }
}

void BatchRunner::scheduleProgress()
{
    if (d->progressInterval <= 0 || d->sinceProgress.elapsed() >= d->progressInterval) {
        d->progressTimer.stop();
        d->sinceProgress.start();
        Q_EMIT progressChanged(progress());
    } else if (!d->progressTimer.isActive()) {
        d->progressTimer.start(int(d->progressInterval - d->sinceProgress.elapsed()));
    }
}

} // namespace egb
