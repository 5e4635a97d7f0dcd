#include "UploadedFile.h"

#include <QDateTime>

namespace egb {

UploadedFile UploadedFile::fromJson(const QJsonObject& json)
{
    UploadedFile file;
    file.name = json.value(QLatin1String("name")).toString();
    file.uri = json.value(QLatin1String("uri")).toString();
    file.mimeType = json.value(QLatin1String("mimeType")).toString();
    // int64 fields come as strings in Google's JSON.
    const QJsonValue size = json.value(QLatin1String("sizeBytes"));
    file.sizeBytes = size.isString() ? size.toString().toLongLong() : qint64(size.toDouble());
    const QDateTime expires =
        QDateTime::fromString(json.value(QLatin1String("expirationTime")).toString(), Qt::ISODateWithMs);
    file.expiresMs = expires.isValid() ? expires.toMSecsSinceEpoch() : 0;
    file.state = json.value(QLatin1String("state")).toString();
    return file;
}

} // namespace egb
