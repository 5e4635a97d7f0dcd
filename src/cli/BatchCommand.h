#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace egb {

class CliApp;
struct BatchItem;
struct BatchItemResult;
struct PromptEntry;

/// `egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model M]`: every prompt of a .txt/.csv/.jsonl file through
/// the BatchRunner; one JSON line per prompt, in input order, written as soon as its turn comes.
///
/// The run is kept in the key database (BatchRunStore, the same tables as the app's Batch page, so a run shows in
/// both): every result is committed as it arrives. Running the same command again (same prompts, model and system
/// instruction) takes that run up, whether it stopped (a crash, a kill, Ctrl-C) or finished: prompts with a saved
/// result are not sent again, and the output is written anew, in input order, from the stored results and the new
/// ones. --restart sets the run aside (cancelled) and starts a new one; --retry-failed sends the failed prompts
/// again.
class BatchCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static constexpr int DefaultConcurrency = 4;
    static constexpr int MaxConcurrency = 256;
    /// Results are committed at most this often (ms); a kill loses at most the answers of the last interval.
    static constexpr int SaveIntervalMs = 50;

    static QCoro::Task<int> run(CliApp& app);

    /// {"index","line","prompt","status":"ok"|"error","text","error","error_kind","attempts","key","latency_ms",
    ///  "usage"}; the key is masked.
    static QJsonObject resultToJson(int index, const PromptEntry& prompt, const BatchItemResult& result);
    /// The result as the batch tables keep it (error masked, errorKind = the outcome class of a failure).
    static BatchItem itemFromResult(int index, const PromptEntry& prompt, const BatchItemResult& result);
    /// The JSON line of a stored or new item; `line` is where its prompt is in the input.
    static QJsonObject itemToJson(const BatchItem& item, int line);
    /// What makes two runs the same run: the prompts in order, the model and the system instruction (hex SHA-256).
    static QString fingerprint(const QList<PromptEntry>& prompts, const QString& model, const QString& system);
};

} // namespace egb
