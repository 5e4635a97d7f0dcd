#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace egb {

class CliApp;
struct BatchItem;

/// `egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model M]`: every prompt of a .txt/.csv/.jsonl file through
/// the batch engine (BatchJob, the app's Batch page's too); one JSON line per prompt, in input order, written as soon
/// as its turn comes and its row is saved.
///
/// The run is kept in the key database (BatchRunStore, the same tables and the same rows as the app's Batch page,
/// so a run shows in both): every result is committed as it arrives. Running the same command again (same prompts,
/// model and system instruction) takes that run up, whether it stopped (a crash, a kill, Ctrl-C) or finished: prompts
/// with a saved result are not sent again, and the output is written anew, in input order, from the stored results and
/// the new ones. --restart sets the run aside (cancelled) and starts a new one; --retry-failed sends the failed prompts
/// again.
class BatchCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static constexpr int MaxConcurrency = 4096;
    /// Results are committed at most this often (ms); a kill loses at most the answers of the last interval.
    static constexpr int SaveIntervalMs = 50;

    static QCoro::Task<int> run(CliApp& app);

    /// The JSON line of a row (BatchResultFormat's fields and "line", where its prompt is in the input):
    /// {"index","line","prompt","status":"ok"|"error","text","error","error_kind","attempts","key","latency_ms",
    ///  "usage"}; the key is masked.
    static QJsonObject itemToJson(const BatchItem& item, int line);
};

} // namespace egb
