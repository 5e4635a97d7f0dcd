#pragma once

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QJsonObject>

namespace egb {

class CliApp;
struct BatchItemResult;
struct PromptEntry;

/// `egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model M]`: every prompt of a .txt/.csv/.jsonl file through
/// the BatchRunner; one JSON line per prompt, in input order, written as soon as its turn comes.
class BatchCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static constexpr int DefaultConcurrency = 4;
    static constexpr int MaxConcurrency = 256;

    static QCoro::Task<int> run(CliApp& app);

    /// {"index","line","prompt","status":"ok"|"error","text","error","error_kind","attempts","key","latency_ms",
    ///  "usage"}; the key is masked.
    static QJsonObject resultToJson(int index, const PromptEntry& prompt, const BatchItemResult& result);
};

} // namespace egb
