#pragma once

#include "ApiKey.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace egb {

class KeyPool;

/// One line of a key file that did not become a new key.
struct ImportIssue
{
    int line = 0;   ///< 1-based line number in the file
    QString text;   ///< the offending text, with anything key-shaped masked
    QString reason; ///< translated: "duplicate of line 3", "already in the pool", "not a Gemini key", ...
    bool operator==(const ImportIssue&) const = default;
};

/// What a file says about a key beside the key itself: `KEY:WEIGHT` and `KEY, label` lines, the label, group and
/// weight columns of a CSV, the "label", "group" and "weight" fields of a JSON object.
struct KeyDetails
{
    QString label;
    QString group;
    double weight = 0; ///< the starting weight in (0, 1]; 0 = not given (full weight)
    bool operator==(const KeyDetails&) const = default;
};

/// What reading (and importing) a key file found.
struct ImportResult
{
    enum class Format
    {
        Unknown,
        PlainText,
        Csv,
        Env,
        Json,
    };

    bool ok = false; ///< false: the file could not be read at all (see error); nothing was changed
    QString error;   ///< translated, says what happened and what to do
    Format format = Format::Unknown;
    QStringList keys;              ///< new, distinct keys in file order
    QList<int> keyLines;           ///< the line of each entry of keys
    QList<KeyDetails> keyDetails;  ///< what the file said about each entry of keys (label, group, weight)
    QList<ImportIssue> duplicates; ///< repeated within the file, or already in the pool
    QList<ImportIssue> rejected;   ///< lines with content that holds no valid key
    QList<qint64> addedIds;        ///< filled by importInto()

    /// keys[from, from + count) (count -1: to the end) as keys to add: the file's label, group and weight, else
    /// `label` and `group` (what the person gave for the whole import).
    QList<ApiKey> newKeys(qsizetype from = 0, qsizetype count = -1, const QString& label = {},
                          const QString& group = {}) const;
    /// duplicates and rejected together, in line order (a stable sort: issues of one line keep their order).
    QList<ImportIssue> issuesByLine() const;

    static QString formatName(Format format);
    /// Stable names for files and the database: "text", "csv", "env", "json"; "" for Unknown.
    static QString formatCode(Format format);
};

/// Reads keys from plain text, CSV (with a header), .env and JSON files. Keys are recognised by their shape.
/// A plain-text line may give a key's starting weight and label: `KEY:0.5`, `KEY, work account 2`,
/// `KEY:0.5, work account 2` (the seed's KEY:WEIGHT format). A CSV header's label (or name), group (or project)
/// and weight columns, and a JSON object's fields of those names, are taken too.
class KeyFile
{
    Q_DECLARE_TR_FUNCTIONS(egb::KeyFile)
public:
    static constexpr qint64 MaxFileSize = 64 * 1024 * 1024; ///< larger files are refused with a clear error

    using KnownPredicate = std::function<bool(const QString& secret)>;

    /// Reads and parses `path`. `known` says whether a key is already in the pool (reported as a duplicate).
    static ImportResult read(const QString& path, const KnownPredicate& known = {});
    /// Parses bytes already in memory; `fileName` helps guess the format (.csv, .env, .json; otherwise sniffed).
    static ImportResult parse(const QByteArray& data, const QString& fileName = {}, const KnownPredicate& known = {});
    /// read() then pool.addKeys(newKeys(..., label, group)); addedIds holds the new ids. Nothing is added when !ok.
    static ImportResult importInto(KeyPool& pool, const QString& path, const QString& label = {},
                                   const QString& group = {});
};

} // namespace egb
