#include "Dispatcher.h"

#include "CancelToken.h"
#include "KeyPool.h"
#include "ModelLimits.h"

#include <QCoro/QCoroTimer>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <climits>
#include <optional>

namespace egb {

struct Dispatcher::Run
{
    quint64 id = 0;
    QString model;   ///< what the dispatch asks for; empty = any key, no buckets
    QString project; ///< the only project whose keys may serve; empty = any
    QPointer<Dispatcher> dispatcher;
    QPointer<KeyPool> pool;
    DispatcherSettings settings;
    RequestSource source = RequestSource::Other; ///< for the request log
    QPointer<CancelToken> userCancel;
    CancelToken wake;     ///< cancelled when the Dispatcher dies: ends any wait
    bool aborted = false; ///< the Dispatcher died
    QElapsedTimer clock;
    QRandomGenerator random;
    QList<AttemptRecord> attempts;
    QSet<qint64> serverFaultedKeys;
    int serverFaults = 0;
    int keySwitches = 0;
    qint64 nextDelayMs = 0;
    bool deadlineStopped = false;
    Outcome last;
    std::optional<Outcome> stop; ///< the dispatch ended without an attempt deciding it (no key, cancel, deadline)
    QString stopMessage;

    bool cancelled() const { return aborted || (userCancel && userCancel->isCancelled()); }
    qint64 remainingMs() const
    {
        return settings.requestDeadlineMs > 0 ? settings.requestDeadlineMs - clock.elapsed() : LLONG_MAX;
    }
    void stopWith(OutcomeClass kind, const QString& message)
    {
        stop = Outcome::failure(kind, 0, message);
        stopMessage = message;
    }
};

struct Dispatcher::Private
{
    QPointer<KeyPool> pool;
    QPointer<GeminiClient> client;
    DispatcherSettings settings;
    RequestSource source = RequestSource::Other;
    quint64 nextId = 1;
    QList<std::weak_ptr<Run>> runs;
};

Dispatcher::Dispatcher(KeyPool* pool, GeminiClient* client, DispatcherSettings settings, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->pool = pool;
    d->client = client;
    d->settings = settings;
}

Dispatcher::~Dispatcher()
{
    for (const auto& weak : std::as_const(d->runs)) {
        if (auto run = weak.lock()) {
            run->aborted = true;
            run->dispatcher = nullptr;
            run->wake.cancel();
        }
    }
}

KeyPool* Dispatcher::pool() const
{
    return d->pool;
}

GeminiClient* Dispatcher::client() const
{
    return d->client;
}

const DispatcherSettings& Dispatcher::settings() const
{
    return d->settings;
}

void Dispatcher::setSettings(const DispatcherSettings& settings)
{
    d->settings = settings;
}

void Dispatcher::setSource(RequestSource source)
{
    d->source = source;
}

RequestSource Dispatcher::source() const
{
    return d->source;
}

int Dispatcher::activeCount() const
{
    int n = 0;
    for (const auto& weak : std::as_const(d->runs))
        n += weak.expired() ? 0 : 1;
    return n;
}

AttemptContext Dispatcher::contextOf(const Run& run)
{
    const qint64 timeLeft = run.settings.requestDeadlineMs > 0 ? std::max<qint64>(1, run.remainingMs()) : 0;
    return AttemptContext{run.id, int(run.attempts.size()) + 1, run.model, timeLeft};
}

std::shared_ptr<Dispatcher::Run> Dispatcher::beginRun(CancelToken* cancel, const QString& model, const QString& project)
{
    d->runs.removeIf([](const std::weak_ptr<Run>& w) { return w.expired(); });
    auto run = std::make_shared<Run>();
    run->id = d->nextId++;
    run->model = ModelLimits::normalizedModel(model);
    run->project = project;
    run->dispatcher = this;
    run->pool = d->pool;
    run->settings = d->settings;
    run->source = d->source;
    run->userCancel = cancel;
    run->clock.start();
    if (d->settings.randomSeed != 0)
        run->random.seed(quint32(d->settings.randomSeed + run->id));
    d->runs.append(run);
    return run;
}

QCoro::Task<KeyLease> Dispatcher::acquire(std::shared_ptr<Run> run)
{
    for (;;) {
        if (run->cancelled()) {
            run->stopWith(OutcomeClass::Cancelled, tr("Cancelled."));
            co_return KeyLease();
        }
        KeyPool* pool = run->pool;
        if (!pool) {
            run->stopWith(OutcomeClass::Cancelled, tr("The key pool was closed before the request could be sent."));
            co_return KeyLease();
        }
        if (pool->isEmpty()) {
            run->stopWith(OutcomeClass::RequestError,
                          tr("The key pool is empty. Add Gemini API keys (Keys page, or \"egb import FILE\") and try "
                             "again."));
            co_return KeyLease();
        }
        // Only the key sent to is charged: a key that server-faulted this request is a last resort, not skipped by
        // picking (and charging) several.
        const qint64 id = pool->pick(run->model, run->serverFaultedKeys, run->project);
        if (id != 0) {
            const ApiKey* key = pool->find(id);
            co_return KeyLease(pool, id, key ? key->secret : QString());
        }
        const qint64 next = pool->nextAvailableAtMs(run->model, run->project);
        const PoolStats stats = pool->stats();
        if (next < 0 && !run->project.isEmpty()) {
            run->stopWith(
                OutcomeClass::RequestError,
                tr("No key of project %1 can serve this: the file it refers to belongs to that project, and none of "
                   "its keys will be usable (disabled, removed, or the model is not offered there). "
                   "Re-enable or add a key of that project, or upload the file again.")
                    .arg(run->project));
            co_return KeyLease();
        }
        if (next < 0 && stats.disabled < stats.total) {
            run->stopWith(OutcomeClass::RequestError,
                          tr("%1 is not offered to any project of the pool (Google answered with a quota of 0). Use "
                             "another model, or add keys of a project that may use it.")
                              .arg(run->model));
            co_return KeyLease();
        }
        if (next < 0) {
            run->stopWith(OutcomeClass::KeyInvalid,
                          tr("No usable key: all %n key(s) in the pool are disabled. Re-enable or add keys, then try "
                             "again.",
                             nullptr, stats.total));
            co_return KeyLease();
        }
        const qint64 wait = std::max<qint64>(next - pool->now(), 1);
        if (wait > run->remainingMs()) {
            run->deadlineStopped = true;
            run->stopWith(OutcomeClass::RateLimited,
                          tr("Every usable key is resting after rate limits; the first is back in %1 s, after this "
                             "request's deadline. Wait and try again, or add keys.")
                              .arg(double(wait) / 1000.0, 0, 'f', 1));
            co_return KeyLease();
        }
        if (run->dispatcher)
            Q_EMIT run->dispatcher->waitingForKey(run->id, wait);
        if (!(co_await pause(run, wait)))
            co_return KeyLease();
    }
}

bool Dispatcher::settle(Run& run, KeyLease& lease, const Outcome& attemptOutcome)
{
    Outcome outcome = attemptOutcome;
    if (outcome.model.isEmpty())
        outcome.model = run.model; // the pool rests (project, model) buckets by it
    AttemptRecord rec;
    rec.dispatchId = run.id;
    rec.attempt = int(run.attempts.size()) + 1;
    rec.keyId = lease.id();
    rec.maskedKey = lease.masked();
    rec.kind = outcome.kind;
    rec.httpStatus = outcome.httpStatus;
    rec.reason = !outcome.reason.isEmpty() ? outcome.reason : outcome.quotaId;
    rec.message = outcome.message;
    rec.latencyMs = outcome.latencyMs;

    bool retry = false;
    qint64 delay = 0;
    switch (outcome.kind) {
    case OutcomeClass::Success:
        lease.succeed(outcome);
        break;
    case OutcomeClass::Cancelled:
        lease.release(); // says nothing about the key or the service
        break;
    case OutcomeClass::RequestError:
        // Reported so that the pool's request history counts it; the health policy ignores it (not the key's fault).
        lease.fail(outcome);
        break;
    case OutcomeClass::KeyInvalid:
    case OutcomeClass::RateLimited:
        lease.fail(outcome);
        ++run.keySwitches;
        retry = run.keySwitches <= run.settings.keySwitchBudget;
        break;
    case OutcomeClass::ServerError: {
        lease.fail(outcome);
        run.serverFaultedKeys.insert(rec.keyId);
        ++run.serverFaults;
        retry = run.serverFaults <= run.settings.maxRetries;
        if (retry) {
            const double base = double(run.settings.baseDelayMs(run.serverFaults - 1));
            const double jitter = std::clamp(run.settings.jitter, 0.0, 1.0);
            const double draw = run.settings.randomSeed != 0 ? run.random.generateDouble()
                                                             : QRandomGenerator::global()->generateDouble();
            const double factor = 1.0 + jitter * (2.0 * draw - 1.0);
            delay = std::max<qint64>(0, qint64(base * factor));
        }
        break;
    }
    }
    if (retry && run.cancelled())
        retry = false;
    if (retry && delay >= run.remainingMs()) {
        retry = false;
        run.deadlineStopped = true;
    }
    rec.willRetry = retry;
    rec.delayBeforeNextMs = retry ? delay : 0;
    run.nextDelayMs = rec.delayBeforeNextMs;
    run.last = outcome;
    run.attempts.append(rec);
    if (run.pool) { // the request log: every attempt once, cancelled ones too
        RequestLogEntry entry = RequestLogEntry::fromOutcome(
            rec.keyId, outcome, run.source, run.model.isEmpty() ? outcome.model : run.model, rec.attempt);
        entry.dispatchId = run.id;
        run.pool->logAttempt(std::move(entry));
    }
    if (run.dispatcher)
        Q_EMIT run.dispatcher->attemptFinished(rec);
    return retry;
}

qint64 Dispatcher::pendingDelayMs(const Run& run)
{
    return run.nextDelayMs;
}

QCoro::Task<bool> Dispatcher::pause(std::shared_ptr<Run> run, qint64 ms)
{
    if (run->cancelled()) {
        run->stopWith(OutcomeClass::Cancelled, tr("Cancelled."));
        co_return false;
    }
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(Qt::PreciseTimer);
    const auto wakeNow = [&timer] { timer.start(0); };
    QObject::connect(&run->wake, &CancelToken::cancelled, &timer, wakeNow);
    if (run->userCancel)
        QObject::connect(run->userCancel.data(), &CancelToken::cancelled, &timer, wakeNow);
    timer.start(int(std::min<qint64>(ms, INT_MAX)));
    co_await timer;
    if (run->cancelled()) {
        run->stopWith(OutcomeClass::Cancelled, tr("Cancelled."));
        co_return false;
    }
    co_return true;
}

void Dispatcher::finishRun(Run& run, Outcome& outcome, QString& message, QList<AttemptRecord>& attempts,
                           quint64& dispatchId)
{
    attempts = run.attempts;
    dispatchId = run.id;
    const int n = int(run.attempts.size());
    if (run.stop) {
        outcome = *run.stop;
        message = run.stopMessage;
        if (n > 0 && run.stop->kind != OutcomeClass::Cancelled) {
            outcome.httpStatus = run.last.httpStatus;
            message = tr("%1 (%n attempt(s); last: %2)", nullptr, n).arg(run.stopMessage, run.last.message);
        }
        return;
    }
    outcome = run.last;
    if (outcome.isSuccess()) {
        message.clear();
        return;
    }
    switch (outcome.kind) {
    case OutcomeClass::Cancelled:
        message = tr("Cancelled.");
        break;
    case OutcomeClass::RequestError:
        message = outcome.httpStatus > 0 && outcome.httpStatus != 200
                      ? tr("Gemini refused the request (HTTP %1): %2").arg(outcome.httpStatus).arg(outcome.message)
                      : tr("Gemini refused the request: %1").arg(outcome.message);
        break;
    case OutcomeClass::KeyInvalid:
    case OutcomeClass::RateLimited:
        message = tr("Every key tried was rejected or rate-limited (%n attempt(s)). Last error: %1 Check the keys on "
                     "the Keys page or add more.",
                     nullptr, n)
                      .arg(outcome.message);
        break;
    case OutcomeClass::ServerError:
    default:
        message =
            run.deadlineStopped
                ? tr("The request ran out of time after %n attempt(s). Last error: %1", nullptr, n).arg(outcome.message)
                : tr("Gemini kept failing (%n attempt(s)). Last error: %1 Try again later.", nullptr, n)
                      .arg(outcome.message);
        break;
    }
}

QCoro::Task<DispatchResult> Dispatcher::generate(GenerateRequest request, CancelToken* cancel, quint64* dispatchId)
{
    const QString model = request.modelId();
    const QString project = request.project; // files the request names live there
    QPointer<GeminiClient> client = d->client;
    QPointer<CancelToken> token(cancel);
    auto op = [client, request = std::move(request),
               token](const KeyLease& lease, const AttemptContext& context) -> QCoro::Task<GenerateResult> {
        if (!client) {
            GenerateResult r;
            r.outcome =
                Outcome::failure(OutcomeClass::RequestError, 0, tr("No network client is set up for this dispatcher."));
            co_return r;
        }
        // The deadline cuts the attempt in flight.
        co_return co_await client->generate(lease.secret(), request, token.data(), context.timeLeftMs);
    };
    co_return co_await execute(std::move(op), cancel, model, dispatchId, project);
}

QCoro::Task<DispatchResult> Dispatcher::stream(GenerateRequest request, GeminiClient::ChunkHandler onChunk,
                                               RestartHandler onRestart, CancelToken* cancel, quint64* dispatchId)
{
    const QString model = request.modelId();
    const QString project = request.project;
    QPointer<GeminiClient> client = d->client;
    QPointer<CancelToken> token(cancel);
    QPointer<Dispatcher> self(this);
    struct StreamState
    {
        bool delivered = false; ///< the current attempt has passed chunks to the caller
        std::optional<AttemptRecord> failedWithOutput;
        int attempt = 0;
    };
    auto state = std::make_shared<StreamState>();
    auto op = [client, request = std::move(request), token, state, self, onChunk = std::move(onChunk),
               onRestart = std::move(onRestart)](const KeyLease& lease,
                                                 const AttemptContext& context) -> QCoro::Task<GenerateResult> {
        ++state->attempt;
        const quint64 dispatchId = context.dispatchId;
        const qint64 timeLeftMs = context.timeLeftMs; // the deadline cuts the attempt in flight
        if (state->failedWithOutput) {
            const AttemptRecord failed = *std::exchange(state->failedWithOutput, std::nullopt);
            if (onRestart)
                onRestart(failed);
            if (self)
                Q_EMIT self->streamRestarted(failed.dispatchId, failed);
        }
        if (!client) {
            GenerateResult r;
            r.outcome =
                Outcome::failure(OutcomeClass::RequestError, 0, tr("No network client is set up for this dispatcher."));
            co_return r;
        }
        state->delivered = false;
        const qint64 keyId = lease.id();
        const QString masked = lease.masked();
        GeminiClient::ChunkHandler relay = [state, &onChunk](const GenerateResponse& chunk) {
            state->delivered = true;
            if (onChunk)
                onChunk(chunk);
        };
        GenerateResult result = co_await client->stream(lease.secret(), request, relay, token.data(), timeLeftMs);
        if (!result.ok() && state->delivered) {
            AttemptRecord rec;
            rec.dispatchId = dispatchId;
            rec.attempt = state->attempt;
            rec.keyId = keyId;
            rec.maskedKey = masked;
            rec.kind = result.outcome.kind;
            rec.httpStatus = result.outcome.httpStatus;
            rec.message = result.outcome.message;
            rec.latencyMs = result.outcome.latencyMs;
            rec.willRetry = true; // only reported if another attempt actually starts
            state->failedWithOutput = rec;
        }
        co_return result;
    };
    DispatchResult result = co_await execute(std::move(op), cancel, model, dispatchId, project);
    co_return result;
}

} // namespace egb
