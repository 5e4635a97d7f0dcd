#pragma once

#include "BatchRunStore.h"
#include "BatchRunner.h"
#include "ClientSettings.h"
#include "DispatcherSettings.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <vector>

namespace egb {

class BatchResultSaver;
class Dispatcher;
class KeyPool;

/// The one batch engine, used by the Batch page and `egb batch`: many prompts through the pool (BatchRunner), every
/// result turned into its row by one mapping (rowFromResult), rows saved in the BatchRunStore as they arrive, and a
/// run taken up again where it stopped.
///
/// - Runs are recognised by a fingerprint of the prompts, the model and the settings that change an answer
///   (fingerprint()). start() in Mode::Resume takes up the newest run with the same fingerprint (stopped, killed or
///   finished: only prompts without a saved result are sent); Restart sets it aside; RetryFailed also sends its
///   failed prompts again; New always starts a new run.
/// - Saves are throttled: at the next turn of the event loop, at most one transaction per save interval (default
///   50 ms), written from a thread of their own (BatchResultSaver) so the caller never waits for SQLite; rows that
///   could not be saved stay queued and go with the next save. rowsSaved() says what is committed: a face that
///   shows or writes only saved rows never shows what a restart would send again.
/// - Nothing grows with the number of prompts but the prompts the caller gave and one byte of state per prompt:
///   results are not kept (BatchRunner::setKeepResults(false)), requests are built when sent, rows are handed out
///   (rowFinished, rowsSaved) and saved, not held.
/// - When the run cannot be saved (no store, or the database refuses it), it still runs: rowsSaved() then follows
///   rowFinished() at once, and saveProblem() says why nothing is kept.
class BatchJob : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultSaveIntervalMs = 50;

    /// How start() treats an earlier run with the same fingerprint.
    enum class Mode
    {
        New,         ///< always a new run
        Resume,      ///< take up the newest run of the same work that was not set aside; a new run if there is none
        Restart,     ///< set that run aside (cancelled, kept) and start a new one
        RetryFailed, ///< as Resume, and the prompts that failed in it are sent again
    };

    /// What a run sends, beside its prompts. Saved with the run (model, template, concurrency in its columns, the
    /// rest typed in BatchRunSettings).
    struct Spec
    {
        QString title;          ///< e.g. the prompt file's name
        QString model;          ///< empty: GenerateRequest::defaultModel()
        QString promptTemplate; ///< shown with the run; the prompts given are already filled in
        int concurrency = 4;
        BatchRunSettings settings; ///< source, input, system instruction, temperature, max tokens (not fingerprint)
        /// A model per prompt (a JSONL line of `egb batch` may name its own); an empty entry, or a prompt past the
        /// list's end, uses `model`. Part of the fingerprint; not saved with the run.
        QStringList promptModels;
    };

    /// What start() / resumeRun() / retryFailed() found and did.
    struct Started
    {
        bool ok = false;
        QString error;            ///< translated, when !ok (nothing was sent)
        qint64 runId = 0;         ///< 0 when the run is not saved (saveProblem() says why)
        bool resumed = false;     ///< an earlier run was taken up
        qint64 setAsideRunId = 0; ///< Restart: the run set aside (0 = none)
        int setAsideAnswered = 0; ///< its prompts with a result
        int setAsideTotal = 0;
        int alreadyDone = 0; ///< prompts with a saved result, not sent again
        int retried = 0;     ///< RetryFailed / retryFailed(): failed prompts sent again
    };

    /// `store` may be null (nothing is saved). The runner's dispatcher retries with `dispatcherSettings`, its
    /// clients (one per 6 in flight) talk to `clientSettings.baseUrl`.
    BatchJob(KeyPool* pool, ClientSettings clientSettings, DispatcherSettings dispatcherSettings, BatchRunStore* store,
             QObject* parent = nullptr);
    /// Saves what arrived and stops the runner without a finished() signal; the run stays as the database has it
    /// ("running": a later start offers to resume it).
    ~BatchJob() override;

    /// Where and how the next run sends (a face whose settings changed since the job was made).
    void setClientSettings(const ClientSettings& settings) { m_clientSettings = settings; }
    void setDispatcherSettings(const DispatcherSettings& settings) { m_dispatcherSettings = settings; }
    void setSaveInterval(int ms); ///< 0 = one save per event-loop turn
    int saveInterval() const { return m_saveIntervalMs; }
    void setProgressInterval(int ms);
    /// The dispatcher of the runner (connect to its attemptFinished for a log of every attempt).
    Dispatcher* dispatcher() const;

    /// Starts sending `prompts` (already filled into any template). Not while a run is going on.
    Started start(const Spec& spec, const QStringList& prompts, Mode mode);
    /// Takes up saved run `runId`: its prompts with a result are not sent again; with `retryFailed` the failed
    /// ones are.
    Started resumeRun(qint64 runId, bool retryFailed = false);
    /// Sends the failed prompts of the last run again (the others keep their results).
    Started retryFailed();

    bool isRunning() const;
    bool isPaused() const;
    /// The run as saved (its id is 0 when not saved), its prompts.
    const BatchRun& run() const { return m_run; }
    qint64 runId() const { return m_run.id; }
    const QStringList& prompts() const { return m_prompts; }
    BatchProgress progress() const;
    int okCount() const { return m_ok; }
    int failedCount() const { return m_failed; }
    int pendingCount() const { return int(m_status.size()) - m_ok - m_failed; }
    /// The status of prompt `index` in this run.
    BatchItem::Status status(int index) const;
    /// True when prompt `index` had its result before this job started it (an earlier run's): rowFinished() is not
    /// emitted for it; its row is in the store.
    bool hadResultBefore(int index) const;
    /// Why the run is not being saved, or why the last save failed; empty when every row so far is saved.
    QString saveProblem() const { return m_saveProblem; }
    /// Rows handed out and not yet committed.
    int unsavedCount() const;

    /// Queues what arrived for saving now and waits until it is committed (rowsSaved() emitted) or failed.
    void waitForSaves();

    /// The one mapping from a prompt's result to its saved row (both faces): the answer, or the error (the
    /// dispatcher's message, Google's, and what the attempts went through; keys always masked) and the error's
    /// class; the attempts and the masked key of the last; the tokens used. latencyMs is the time Gemini spent on
    /// this prompt: the sum of every attempt's latency (the waits between attempts are not counted), so a prompt
    /// that needed three attempts shows what it cost, not only its last attempt.
    static BatchItem rowFromResult(int index, const QString& prompt, const BatchItemResult& result);
    /// What makes two runs the same run: the prompts in order, the model, the system instruction and the
    /// generation settings (hex SHA-256; without generation settings it is the fingerprint `egb batch` saved).
    /// A prompt's own model (promptModels) makes it another request; prompts without one hash as they always did.
    static QString fingerprint(const QStringList& prompts, const QString& model, const BatchRunSettings& settings,
                               const QStringList& promptModels = {});
    /// The request sent for `prompt`.
    static GenerateRequest requestFor(const QString& prompt, const QString& model, const BatchRunSettings& settings);

public Q_SLOTS:
    /// Prompts in flight at once, applied to the run going on at once (more are sent now; fewer once those in flight
    /// finish) and saved with it, so a resume keeps it.
    void setConcurrency(int n);
    /// No new prompts are sent; those in flight finish. The run is saved as paused.
    void pause();
    void resume();
    /// Stops the run (prompts in flight are cancelled and stay pending) and sets it aside: it is not offered for
    /// resuming and Mode::Resume does not take it up.
    void cancel();
    /// Stops the run the same way but leaves it to be resumed (Ctrl-C in egb): saved as paused.
    void stop();

Q_SIGNALS:
    /// A prompt got its result (emitted as results arrive, in completion order; not for prompts that were
    /// cancelled or had a result before).
    void rowFinished(const egb::BatchItem& row);
    /// These rows are committed to the database, in the order they finished (at once when the run is not saved).
    void rowsSaved(const QList<egb::BatchItem>& rows);
    /// A save failed: the rows are kept and go with the next save. `message` is translated.
    void saveFailed(const QString& message);
    void progressChanged(const egb::BatchProgress& progress);
    /// The run ended (every row saved that could be, the state written): every prompt has a result
    /// (cancelled = false), or cancel() / stop() ended it.
    void finished(bool cancelled);

private:
    Started launch(Started started);
    void onItemFinished(const BatchItemResult& result);
    void onRunnerFinished(bool cancelled);
    void scheduleSave();
    void saveNow();
    void rowsCommitted(const QList<BatchItem>& rows);
    void ensureSaver();
    void setState(BatchRun::State state);
    bool saving() const;

    // Per prompt: its status and whether it had a result before this job started it.
    enum : std::uint8_t
    {
        Pending = 0,
        Ok = 1,
        Failed = 2,
        StatusMask = 3,
        Before = 4,
    };

    QPointer<KeyPool> m_pool;
    ClientSettings m_clientSettings;
    DispatcherSettings m_dispatcherSettings;
    QPointer<BatchRunStore> m_store;
    std::unique_ptr<BatchRunner> m_runner;
    std::unique_ptr<BatchResultSaver> m_saver;
    BatchRun m_run;
    QStringList m_prompts;
    QStringList m_promptModels; ///< Spec::promptModels of the run being sent
    std::vector<std::uint8_t> m_status;
    int m_ok = 0;
    int m_failed = 0;
    QList<BatchItem> m_unsaved; ///< finished, not yet handed to the saver
    int m_inSaver = 0;          ///< handed to the saver, not yet committed
    QTimer m_saveTimer;
    QElapsedTimer m_lastSave;
    int m_saveIntervalMs = DefaultSaveIntervalMs;
    int m_progressIntervalMs = 100;
    bool m_stopping = false; ///< stop(): the run stays resumable
    bool m_cancelling = false;
    QString m_saveProblem;
};

} // namespace egb
