#pragma once

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
    QList<ImportIssue> duplicates; ///< repeated within the file, or already in the pool
    QList<ImportIssue> rejected;   ///< lines with content that holds no valid key
    QList<qint64> addedIds;        ///< filled by importInto()

    static QString formatName(Format format);
};

/// Reads keys from plain text, CSV (with a header), .env and JSON files. Keys are recognised by their shape.
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
    /// read() then pool.addSecrets(); addedIds holds the new ids. Nothing is added when !ok.
    static ImportResult importInto(KeyPool& pool, const QString& path, const QString& label = {},
                                   const QString& group = {});
};

} // namespace egb
