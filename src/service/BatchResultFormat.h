#pragma once

#include "BatchRunStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace egb {

/// The export formats of batch results, shared by the Batch page and `egb batch` so both write the same lines.
///
/// JSONL, one object per prompt, as `egb batch` writes it (BatchCommand::resultToJson): {"index", "prompt",
/// "status" ("ok" | "error" | "pending"), "text" (null unless ok), "error" (null unless error), "error_kind" (the
/// outcome class of a failure, null unless error), "attempts", "key" (masked, null when none), "latency_ms",
/// "usage": {"prompt_tokens", "candidates_tokens", "thoughts_tokens", "total_tokens"}}. (The CLI adds "line".)
/// CSV: a header row, then the same fields (usage flattened), RFC 4180 quoting, UTF-8; the first column is "row",
/// counted from 1 as the Batch page's table numbers its rows (index + 1).
class BatchResultFormat
{
    Q_DECLARE_TR_FUNCTIONS(egb::BatchResultFormat)
public:
    enum class Format
    {
        Jsonl,
        Csv,
    };

    static QJsonObject toJson(const BatchItem& item);
    /// One compact JSON line, ending in '\n'.
    static QByteArray jsonLine(const BatchItem& item);
    /// Reads a line written by jsonLine() (for tests and re-import); false when it is not one.
    static bool fromJsonLine(const QByteArray& line, BatchItem* item);

    static QStringList csvColumns();
    static QByteArray csvHeader();                   ///< ends in "\r\n"
    static QByteArray csvRow(const BatchItem& item); ///< ends in "\r\n"

    /// .csv -> Csv, anything else -> Jsonl.
    static Format formatForPath(const QString& path);
    /// Writes every item to `path` atomically (QSaveFile). On failure `error` says what happened and what to do.
    static bool write(const QString& path, const QList<BatchItem>& items, Format format, QString* error = nullptr);
};

} // namespace egb
