#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace egb {

/// One prompt of a batch input and where it came from.
struct PromptEntry
{
    int line = 0; ///< 1-based line of the file where the prompt (its record) starts
    QString text;
    QString model; ///< JSONL: the line's own "model" (mixed-model batches); empty = the batch's model
    bool operator==(const PromptEntry&) const = default;
};

/// A line (or record) of a batch input that did not become a prompt. Reading goes on after it.
struct PromptIssue
{
    int line = 0;
    QString reason; ///< translated
    bool operator==(const PromptIssue&) const = default;
};

/// What reading a batch input found.
struct PromptFileResult
{
    enum class Format
    {
        Unknown,
        Text,  ///< one prompt a line, blank lines skipped
        Csv,   ///< a header row; prompts in one column (default "prompt")
        Jsonl, ///< one JSON object a line with a "prompt" field
    };

    bool ok = false; ///< false: the file could not be read at all (see error); prompts is empty
    QString error;   ///< translated, says what happened and what to do
    Format format = Format::Unknown;
    QList<PromptEntry> prompts; ///< in file order
    QList<PromptIssue> issues;  ///< bad lines that were skipped
};

/// Reads the prompts of a batch: .txt (or any other name) one a line, .csv with a header, .jsonl objects.
/// Refuses binary files, text that is not UTF-8 and files that cannot be opened, with a clear message.
class PromptFile
{
    Q_DECLARE_TR_FUNCTIONS(egb::PromptFile)
public:
    using Format = PromptFileResult::Format;
    static constexpr qint64 MaxFileSize = 256 * 1024 * 1024; ///< larger files are refused with a clear error

    /// The format a file name implies: .csv -> Csv, .jsonl/.ndjson -> Jsonl, anything else -> Text.
    static Format formatForPath(const QString& path);
    static QString formatName(Format format);

    /// Reads `path`. `field` is the CSV column or JSONL field holding the prompt (empty: "prompt").
    static PromptFileResult read(const QString& path, const QString& field = {});
    /// Parses bytes already in memory in the given format (Unknown is read as Text).
    static PromptFileResult parse(const QByteArray& data, Format format, const QString& field = {});
};

} // namespace egb
