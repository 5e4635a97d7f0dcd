#pragma once

#include "ApiKey.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace egb {

/// Writes keys to a text or CSV file. Keys are masked unless the person explicitly asked for full keys;
/// a file with full keys is created readable by its owner only (0600). Written atomically (QSaveFile).
class KeyExporter
{
    Q_DECLARE_TR_FUNCTIONS(egb::KeyExporter)
public:
    enum class Format
    {
        Text, ///< one key per line
        Csv,  ///< key,label,group,status,weight,successes,failures,last_error with a header line
    };

    /// Returns false and sets *error (translated, says what to do) when the file cannot be written.
    static bool write(const QString& path, const QList<ApiKey>& keys, Format format, bool fullKeys,
                      QString* error = nullptr);
    /// The text write() would put in the file.
    static QByteArray render(const QList<ApiKey>& keys, Format format, bool fullKeys);
    static Format formatForPath(const QString& path);
};

} // namespace egb
