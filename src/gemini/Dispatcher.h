#pragma once

#include "AttemptRecord.h"
#include "DispatcherSettings.h"
#include "GeminiClient.h"
#include "GenerateRequest.h"
#include "GenerateResponse.h"
#include "KeyLease.h"
#include "Outcome.h"
#include "RequestLogEntry.h"

#include <QCoro/QCoroTask>
#include <QList>
#include <QObject>
#include <QPointer>

#include <concepts>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace egb {

class CancelToken;
class KeyPool;

/// A value that says how an attempt ended: an Outcome itself, or any type with an `outcome` member
/// (GenerateResult, ModelListResult, your own struct).
template <typename R>
concept OutcomeCarrier = std::same_as<R, Outcome> || requires(const R& r)
{
    {
        r.outcome
        } -> std::convertible_to<Outcome>;
};

template <OutcomeCarrier R>
const Outcome& outcomeOf(const R& r)
{
    if constexpr (std::same_as<R, Outcome>)
        return r;
    else
        return r.outcome;
}

/// How a dispatched request ended, with every attempt it took.
template <typename R>
struct Dispatched
{
    R value{};                     ///< what the last attempt returned (default-constructed when no attempt ran)
    Outcome outcome;               ///< the final outcome: success, or why the request failed
    QString errorMessage;          ///< translated, says what happened and what to do; empty on success
    QList<AttemptRecord> attempts; ///< every attempt in order ("…Xy12 rate-limited, retried with …Ab34")
    quint64 dispatchId = 0;
    bool ok() const { return outcome.isSuccess(); }
};

/// The result of Dispatcher::generate / stream.
using DispatchResult = Dispatched<GenerateResult>;

namespace detail {
template <typename T>
struct TaskValue;
template <typename T>
struct TaskValue<QCoro::Task<T>>
{
    using type = T;
};
} // namespace detail

/// What an op learns about the attempt it makes: passed explicitly to an op that takes it as a second argument.
struct AttemptContext
{
    quint64 dispatchId = 0; ///< the dispatch this attempt belongs to (AttemptRecord::dispatchId)
    int attempt = 1;        ///< 1-based
    QString model;          ///< the model the dispatch is for; empty when execute() was not told
    /// The time left before the dispatch's deadline when the attempt starts (at least 1 ms), 0 when it has none:
    /// an op passes it to GeminiClient so the deadline cuts an attempt in flight.
    qint64 timeLeftMs = 0;
};

namespace detail {
template <typename Op>
constexpr bool TakesContext = std::is_invocable_v<Op&, const KeyLease&, const AttemptContext&>;
template <typename Op, bool = TakesContext<Op>>
struct OpInvoke
{
    using type = std::invoke_result_t<Op&, const KeyLease&>;
};
template <typename Op>
struct OpInvoke<Op, true>
{
    using type = std::invoke_result_t<Op&, const KeyLease&, const AttemptContext&>;
};
template <typename Op>
using OpResult = typename TaskValue<typename OpInvoke<Op>::type>::type;
} // namespace detail

/// The one path every request takes: pick a key -> attempt -> report to the KeyPool -> retry (DESIGN.md).
///
/// - Key faults (KeyInvalid) and 429s (RateLimited) switch key at once; they spend the key-switch budget, not the
///   server-retry budget, so a pool with several bad keys still gets the request through.
/// - Server faults back off (initial × factor^n, jitter, capped) and retry, preferring another key.
/// - Request faults (bad request, 404, blocked prompt) are not retried and leave the key untouched; so is Cancelled.
/// - Keys are picked for the dispatch's model (KeyPool::pick(model, avoid)): only keys whose project may serve it now,
///   an idle key first, a key that server-faulted this request last; only the key sent to is charged. Every outcome
///   is reported with the model, so a 429 rests that (project, model) bucket and a 503 backs the model off.
/// - When no key may serve the model now it waits for the earliest (KeyPool::nextAvailableAtMs(model)) if that is
///   within the request deadline, else fails at once with a clear message; an empty pool, a pool of disabled keys or
///   a model offered to none of the pool's projects fails at once.
/// - A dispatch pinned to a project (execute()'s `project`) picks, waits and retries among that project's keys only.
/// - Every attempt is emitted (attemptFinished) and listed in the result.
///
/// The seed's modes: `co_await d.execute(op)` with `op(const KeyLease&) -> QCoro::Task<R>` (R carries an Outcome;
/// the Dispatcher reports it to the pool through the lease), `auto f = d.withRetry(op); co_await f(args...)` for
/// `op(const KeyLease&, args...)`, and KeyPool::lease() for a plain scope. The Dispatcher must outlive the
/// callables it hands out; destroying it cancels every dispatch in progress (they end with Cancelled).
class Dispatcher : public QObject
{
    Q_OBJECT
public:
    /// Called when a stream is retried after it already delivered chunks: the caller should drop the partial text.
    using RestartHandler = std::function<void(const AttemptRecord& failedAttempt)>;

    /// `client` may be null when only execute()/withRetry() are used.
    Dispatcher(KeyPool* pool, GeminiClient* client, DispatcherSettings settings = {}, QObject* parent = nullptr);
    ~Dispatcher() override;

    KeyPool* pool() const;
    GeminiClient* client() const;
    const DispatcherSettings& settings() const;
    void setSettings(const DispatcherSettings& settings); ///< applies to dispatches started afterwards
    /// Where this dispatcher's requests come from (chat, batch, proxy, ...), written with every attempt to the
    /// request log (KeyPool::logAttempt). Applies to dispatches started afterwards; default Other.
    void setSource(RequestSource source);
    RequestSource source() const;

    /// The retry loop around `op` (see the class comment): `op(lease)` or `op(lease, const AttemptContext&)`.
    /// `cancel` ends waits at once; an op that should stop at once on cancel passes the same token to the client.
    /// `model` is what the op asks for (empty: any key, no quota buckets). `dispatchId`, when given, is set to the
    /// dispatch's id before the first attempt (the call starts the dispatch synchronously).
    /// A non-empty `project` (KeyPool::projectOf()'s form) pins the dispatch to that project's keys: it never sends
    /// with another project's key, waits and retries within the project, and fails with a clear message when the
    /// project has no usable key (a file uploaded with a key belongs to that key's project).
    template <typename Op>
    auto execute(Op op, CancelToken* cancel = nullptr, QString model = {}, quint64* dispatchId = nullptr,
                 QString project = {}) -> QCoro::Task<Dispatched<detail::OpResult<Op>>>;

    /// A callable that runs `op(lease, args...)` through execute(): the seed's @with_retry decorator.
    template <typename Op>
    auto withRetry(Op op, CancelToken* cancel = nullptr)
    {
        return [this, op, cancel](auto... args) {
            return execute([op, args...](const KeyLease& lease) { return op(lease, args...); }, cancel);
        };
    }

    /// generateContent through the pool, with client(). A request with a `project` is pinned to it (execute()).
    QCoro::Task<DispatchResult> generate(GenerateRequest request, CancelToken* cancel = nullptr,
                                         quint64* dispatchId = nullptr);
    /// streamGenerateContent through the pool. `onChunk` sees chunks as they arrive. When an attempt that already
    /// delivered chunks fails and another attempt follows, `onRestart` is called (and streamRestarted emitted)
    /// before the new attempt's first chunk: the caller clears the partial answer.
    /// `dispatchId` as for execute(): lets a caller tell its own attemptFinished / waitingForKey from others'.
    QCoro::Task<DispatchResult> stream(GenerateRequest request, GeminiClient::ChunkHandler onChunk,
                                       RestartHandler onRestart = {}, CancelToken* cancel = nullptr,
                                       quint64* dispatchId = nullptr);

    /// Dispatches in progress.
    int activeCount() const;

Q_SIGNALS:
    void attemptFinished(const egb::AttemptRecord& record);
    /// Every key is cooling down: dispatch `dispatchId` waits `waitMs` for the earliest to come back.
    void waitingForKey(quint64 dispatchId, qint64 waitMs);
    void streamRestarted(quint64 dispatchId, const egb::AttemptRecord& failedAttempt);

private:
    struct Run; // one dispatch's state; defined in Dispatcher.cpp
    struct Private;

    std::shared_ptr<Run> beginRun(CancelToken* cancel, const QString& model, const QString& project);
    static AttemptContext contextOf(const Run& run);
    /// A key for the next attempt, waiting for a cooling key if need be; an invalid lease ends the dispatch.
    static QCoro::Task<KeyLease> acquire(std::shared_ptr<Run> run);
    /// Reports the outcome through the lease, records the attempt; true when another attempt should follow.
    static bool settle(Run& run, KeyLease& lease, const Outcome& outcome);
    static qint64 pendingDelayMs(const Run& run);
    /// Waits ms (cut short by cancellation); false when the dispatch must stop.
    static QCoro::Task<bool> pause(std::shared_ptr<Run> run, qint64 ms);
    static void finishRun(Run& run, Outcome& outcome, QString& message, QList<AttemptRecord>& attempts,
                          quint64& dispatchId);

    std::unique_ptr<Private> d;
};

template <typename Op>
auto Dispatcher::execute(Op op, CancelToken* cancel, QString model, quint64* dispatchId, QString project)
    -> QCoro::Task<Dispatched<detail::OpResult<Op>>>
{
    using R = detail::OpResult<Op>;
    static_assert(OutcomeCarrier<R>, "the op must return QCoro::Task<R> where R carries an egb::Outcome");
    Dispatched<R> result;
    std::shared_ptr<Run> run = beginRun(cancel, model, project);
    if (dispatchId)
        *dispatchId = result.dispatchId = contextOf(*run).dispatchId;
    for (;;) {
        KeyLease lease = co_await acquire(run);
        if (!lease.isValid())
            break;
        R value;
        if constexpr (detail::TakesContext<Op>) {
            const AttemptContext context = contextOf(*run);
            auto task = op(std::as_const(lease), context);
            value = co_await std::move(task);
        } else {
            auto task = op(std::as_const(lease));
            value = co_await std::move(task);
        }
        const bool again = settle(*run, lease, outcomeOf(value));
        result.value = std::move(value);
        if (!again)
            break;
        const qint64 delay = pendingDelayMs(*run);
        if (delay > 0 && !(co_await pause(run, delay)))
            break;
    }
    finishRun(*run, result.outcome, result.errorMessage, result.attempts, result.dispatchId);
    co_return result;
}

} // namespace egb

Q_DECLARE_METATYPE(egb::DispatchResult)
