#pragma once

#include "BatchRunSettings.h"
#include "Outcome.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace egb {

/// One prompt of a batch run and, once it ran, its result. The fields follow `egb batch`'s JSONL line.
struct BatchItem
{
    enum class Status
    {
        Pending, ///< not answered yet (never sent, or sent and not answered before the app stopped)
        Ok,
        Error,
    };
    int index = 0; ///< 0-based position in the run
    QString prompt;
    Status status = Status::Pending;
    QString text;      ///< the answer
    QString error;     ///< why it failed (Google's message and what the app did)
    QString errorKind; ///< the outcome class of a failure ("rate_limited", "blocked", ...; `egb batch`'s error_kind)
    int attempts = 0;
    QString keyMasked; ///< the key that served the last attempt, masked
    qint64 latencyMs = 0;
    TokenUsage usage;

    bool isDone() const { return status != Status::Pending; }
    /// "pending", "ok", "error" (the JSONL `status` values).
    static QString statusName(Status status);
    static Status statusFromName(const QString& name);
    bool operator==(const BatchItem&) const = default;
};

/// A batch run: its settings, where it stands and its counts.
struct BatchRun
{
    enum class State
    {
        Running, ///< was running when last saved: if the app is not running it, it was closed or killed
        Paused,
        Cancelled,
        Finished,
    };
    qint64 id = 0;
    QString title; ///< e.g. the prompt file's name
    QString model;
    QString promptTemplate;    ///< with `{input}`; empty = the prompts as they are
    BatchRunSettings settings; ///< system instruction, generation settings, fingerprint, source (typed)
    int concurrency = 4;
    State state = State::Running;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    // counts (filled when read)
    int total = 0;
    int ok = 0;
    int failed = 0;
    int pending() const { return total - ok - failed; }
    /// True when the run stopped before every prompt had an answer and was not cancelled.
    bool isResumable() const { return (state == State::Running || state == State::Paused) && pending() > 0; }

    static QString stateName(State state);
    static State stateFromName(const QString& name);
};

/// A run with every item, as copied from one database to another (BatchRunStore::exportAll).
struct SavedBatchRun
{
    BatchRun run;
    QList<BatchItem> items; ///< by index
};

/// Saves batch runs in the app's SQLite file (the KeyStore's connection), so a run survives the app being closed
/// or killed: results are written as they arrive, and a resumed run sends only the prompts still pending.
///
/// Tables `batch_runs` and `batch_items`, versioned under the component name "batch" in `egb_schema`
/// (see ComponentSchema). Every call commits before it returns; bulk calls use one transaction.
class BatchRunStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 2; ///< 2: batch_items.error_kind

    explicit BatchRunStore(QObject* parent = nullptr);
    ~BatchRunStore() override;

    /// Uses the open QSqlDatabase connection `connectionName` and creates/migrates the batch tables.
    bool open(const QString& connectionName);
    bool isOpen() const;
    QString lastError() const;
    /// The connection it uses (e.g. to clone it for a writer thread).
    QString connectionName() const { return m_connection; }

    /// Saves a new run with its prompts (all pending), in one transaction. Returns its id, 0 on failure.
    qint64 createRun(const BatchRun& run, const QStringList& prompts);
    bool setState(qint64 runId, BatchRun::State state);
    bool updateSettings(const BatchRun& run); ///< model, template, settings, concurrency, title
    bool removeRun(qint64 runId);

    /// Writes results (matched by index) in one transaction.
    bool saveResults(qint64 runId, const QList<BatchItem>& items);
    /// Puts the given items back to pending (retry failed rows), in one transaction.
    bool resetItems(qint64 runId, const QList<int>& indexes);

    std::optional<BatchRun> run(qint64 runId) const;
    /// Every run, newest first, with counts.
    QList<BatchRun> runs() const;
    /// Runs that stopped with prompts still pending (Running or Paused), newest first.
    QList<BatchRun> resumableRuns() const;
    QList<BatchItem> items(qint64 runId) const;
    /// The items with index in [firstIndex, firstIndex + count), in order (a long run read a slice at a time).
    QList<BatchItem> items(qint64 runId, int firstIndex, int count) const;
    /// The status of every item, by index (what a resumed run needs to know, without the answers).
    QList<BatchItem::Status> statuses(qint64 runId) const;
    /// The newest run with this fingerprint (BatchRunSettings::fingerprint), with counts.
    std::optional<BatchRun> findRunByFingerprint(const QString& fingerprint) const;

    /// Every run with its items, ids as stored, ordered by id (copying a pool).
    QList<SavedBatchRun> exportAll() const;
    /// Replaces every run with `runs`, written as they are (ids, states, results and times kept), in one
    /// transaction: on failure the stored runs are as they were.
    bool replaceAll(const QList<SavedBatchRun>& runs);

Q_SIGNALS:
    void runsChanged();
    /// open() succeeded (again): e.g. the app switched to another database file.
    void opened();

private:
    bool fail(const QString& what, const QString& sqlError) const;

    QString m_connection;
    mutable QString m_lastError;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::BatchItem)
Q_DECLARE_METATYPE(egb::BatchRun)
