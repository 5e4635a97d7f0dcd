#pragma once

#include "Outcome.h"

#include <QJsonObject>
#include <QString>

namespace egb {

/// A file held by the Files API (GEMINI_API.md: it belongs to the project of the key that uploaded it, for 48 h).
struct UploadedFile
{
    QString name; ///< "files/abc123"
    QString uri;  ///< what a request's fileData.fileUri names
    QString mimeType;
    qint64 sizeBytes = 0;
    qint64 expiresMs = 0; ///< expirationTime; 0 when Google did not say
    QString state;        ///< "ACTIVE", "PROCESSING", "FAILED"

    /// The File object ({"name","uri","mimeType","sizeBytes","expirationTime","state",...}).
    static UploadedFile fromJson(const QJsonObject& json);
    bool operator==(const UploadedFile&) const = default;
};

/// One upload: the file Google now holds, or the failure.
struct UploadResult
{
    UploadedFile file;
    Outcome outcome;
    bool ok() const { return outcome.isSuccess(); }
};

} // namespace egb
