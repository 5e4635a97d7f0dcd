#pragma once

#include "AttemptRecord.h"
#include "ClientSettings.h"
#include "DispatcherSettings.h"
#include "GenerateRequest.h"
#include "GenerateResponse.h"

#include <QCoro/QCoroTask>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace egb {

class Dispatcher;
class KeyPool;

/// One finished item of a batch.
struct BatchItemResult
{
    int index = -1;            ///< position in the input list
    GenerateResponse response; ///< the answer (empty when failed or skipped)
    Outcome outcome;           ///< final outcome (Cancelled for items the batch never ran after cancel())
    QString errorMessage;      ///< translated; empty on success
    QList<AttemptRecord> attempts;
    bool skipped = false; ///< skipped by the skip predicate (e.g. already done in an earlier run)
    bool ok() const { return outcome.isSuccess() && !skipped; }
};

/// A snapshot of a batch's progress.
struct BatchProgress
{
    int total = 0;
    int done = 0; ///< finished items: succeeded + failed + skipped
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    int inFlight = 0;
    qint64 elapsedMs = 0;
    double ratePerSecond = 0; ///< items finished per second (skipped items not counted)
    qint64 etaMs = -1;        ///< estimated time left; -1 while unknown
    bool paused = false;
    bool operator==(const BatchProgress&) const = default;
};

/// Runs many generate requests through the pool with a concurrency limit.
///
/// Concurrency above 6 is real: Qt 6.4 opens at most 6 connections per host per QNetworkAccessManager, so the runner
/// owns as many GeminiClients (managers) as the requests in flight need, each filled up to 6 on HTTP/1.1 and 100 on
/// HTTP/2 (streams multiplexed on one connection; which one is learnt from each client's first answer): 4,096 in
/// flight take 683 clients over HTTP/1.1 and 41 over HTTP/2. Results come back in input order; itemFinished fires
/// as each item completes (in completion order) so a GUI can save it at once. Items for which the skip predicate
/// returns true are not sent (resume a run by skipping what is already saved).
/// pause() stops starting new items (those in flight finish); cancel() aborts those in flight and ends the run.
class BatchRunner : public QObject
{
    Q_OBJECT
public:
    using SkipPredicate = std::function<bool(int index, const GenerateRequest& request)>;
    /// Builds the request of item `index` when its turn comes (run(count, source)): a long batch needs no list of
    /// requests in memory.
    using RequestSource = std::function<GenerateRequest(int index)>;
    static constexpr int MaxConcurrency = 4096;
    static constexpr int Http1PerClient = 6;   ///< Qt 6.4: connections per host per QNetworkAccessManager
    static constexpr int Http2PerClient = 100; ///< streams on one HTTP/2 connection (Google's and Qt's limit)

    BatchRunner(KeyPool* pool, ClientSettings clientSettings = ClientSettings::fromEnvironment(),
                DispatcherSettings dispatcherSettings = {}, QObject* parent = nullptr);
    ~BatchRunner() override;

    /// 1..MaxConcurrency (4,096), default 4. During a run it applies at once: a higher value sends more now, a lower
    /// one lets the items in flight finish and sends fewer from then on.
    void setConcurrency(int n);
    int concurrency() const;
    void setSkipPredicate(SkipPredicate skip);
    /// Progress signals at most this often (ms, default 100); itemFinished is never throttled.
    void setProgressInterval(int ms);
    /// Whether the runner keeps every item's result for run()'s return value, results() and finished() (default
    /// true). A caller that takes each result from itemFinished turns it off: memory then stays flat in the number of
    /// items (run() returns, and finished() carries, an empty list).
    void setKeepResults(bool keep);

    /// The dispatcher the runner uses (connect to its attemptFinished for a per-attempt log).
    Dispatcher* dispatcher() const;
    /// How many GeminiClients (network managers) the current run uses.
    int clientCount() const;

    /// Runs the batch; returns every item's result in input order. One run at a time: a second call while
    /// running returns at once with every item Cancelled and a message.
    QCoro::Task<QList<BatchItemResult>> run(QList<GenerateRequest> requests);
    /// The same for `count` items whose requests `source` builds when each is sent (or skipped).
    QCoro::Task<QList<BatchItemResult>> run(int count, RequestSource source);
    /// Starts run() without awaiting; finished() brings the results.
    void start(QList<GenerateRequest> requests);
    void start(int count, RequestSource source);

    bool isRunning() const;
    bool isPaused() const;
    BatchProgress progress() const;
    QList<BatchItemResult> results() const; ///< of the last (or current) run, in input order; unfinished = index -1

public Q_SLOTS:
    void pause();
    void resume();
    void cancel();

Q_SIGNALS:
    void itemFinished(const egb::BatchItemResult& result);
    void progressChanged(const egb::BatchProgress& progress);
    void finished(const QList<egb::BatchItemResult>& results, bool cancelled);

private:
    void scheduleProgress();
    /// One loop of a run: takes the next item, sends it, reports it, until the run is over for it.
    static QCoro::Task<> workerLoop(QPointer<BatchRunner> self);
    void addWorkers(int n);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::BatchItemResult)
Q_DECLARE_METATYPE(egb::BatchProgress)
