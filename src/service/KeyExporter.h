#pragma once

#include "ApiKey.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace egb {

/// Writes keys to a text, CSV or JSON file (File → Export keys, `egb export`). CSV and JSON files with full keys
/// import back with their labels, groups and weights (KeyFile reads those columns and fields). Keys are masked unless
/// the person explicitly asked for full keys; a file with full keys is created readable by its owner only (0600).
/// Written atomically (QSaveFile).
class KeyExporter
{
    Q_DECLARE_TR_FUNCTIONS(egb::KeyExporter)
public:
    enum class Format
    {
        Text, ///< one key per line
        Csv,  ///< key,label,group,status,weight,successes,failures,last_error with a header line
        Json, ///< an array of {"id","key","label","group","status","weight","successes","failures","last_error"}
    };

    /// Returns false and sets *error (translated, says what to do) when the file cannot be written.
    static bool write(const QString& path, const QList<ApiKey>& keys, Format format, bool fullKeys,
                      QString* error = nullptr);
    /// The text write() would put in the file.
    static QByteArray render(const QList<ApiKey>& keys, Format format, bool fullKeys);
    /// By the file's suffix: .csv, .json, anything else text.
    static Format formatForPath(const QString& path);
    /// "txt" (or "text"), "csv", "json" (as `egb export --format` takes them); nullopt for anything else.
    static std::optional<Format> formatFromName(const QString& name);
    static QString formatName(Format format); ///< "txt", "csv", "json"
    static QStringList formatNames();         ///< {"txt", "csv", "json"}
};

} // namespace egb
