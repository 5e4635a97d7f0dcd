#include "KeyExporter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace egb {

namespace {
QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}
} // namespace

KeyExporter::Format KeyExporter::formatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix();
    if (suffix.compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return Format::Csv;
    if (suffix.compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return Format::Json;
    return Format::Text;
}

std::optional<KeyExporter::Format> KeyExporter::formatFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("txt") || n == QLatin1String("text"))
        return Format::Text;
    if (n == QLatin1String("csv"))
        return Format::Csv;
    if (n == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

QString KeyExporter::formatName(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Text:
        break;
    }
    return QStringLiteral("txt");
}

QStringList KeyExporter::formatNames()
{
    return {formatName(Format::Text), formatName(Format::Csv), formatName(Format::Json)};
}

QByteArray KeyExporter::render(const QList<ApiKey>& keys, Format format, bool fullKeys)
{
    if (format == Format::Json) {
        QJsonArray array;
        for (const ApiKey& key : keys) {
            array.append(QJsonObject{
                {QStringLiteral("id"), key.id},
                {QStringLiteral("key"), fullKeys ? key.secret : key.masked()},
                {QStringLiteral("label"), key.label},
                {QStringLiteral("group"), key.group},
                {QStringLiteral("status"), ApiKey::statusName(key.status)},
                {QStringLiteral("weight"), key.weight},
                {QStringLiteral("successes"), key.totalSuccesses},
                {QStringLiteral("failures"), key.totalFailures},
                {QStringLiteral("last_error"),
                 key.lastError.isEmpty() ? QJsonValue() : QJsonValue(ApiKey::maskKeysIn(key.lastError))},
            });
        }
        return QJsonDocument(array).toJson(QJsonDocument::Indented);
    }
    QByteArray out;
    out.reserve(keys.size() * (format == Format::Csv ? 80 : 41));
    if (format == Format::Csv)
        out += "key,label,group,status,weight,successes,failures,last_error\n";
    for (const ApiKey& key : keys) {
        const QString secret = fullKeys ? key.secret : key.masked();
        if (format == Format::Text) {
            out += secret.toUtf8();
        } else {
            const QStringList fields{csvField(secret),
                                     csvField(key.label),
                                     csvField(key.group),
                                     ApiKey::statusName(key.status),
                                     QString::number(key.weight, 'f', 3),
                                     QString::number(key.totalSuccesses),
                                     QString::number(key.totalFailures),
                                     csvField(ApiKey::maskKeysIn(key.lastError))};
            out += fields.join(QLatin1Char(',')).toUtf8();
        }
        out += '\n';
    }
    return out;
}

bool KeyExporter::write(const QString& path, const QList<ApiKey>& keys, Format format, bool fullKeys, QString* error)
{
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        if (error)
            *error = tr("Could not write %1: the folder %2 does not exist. Choose another folder, or create it first.")
                         .arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Could not write %1: %2. Choose another folder or check its permissions.")
                         .arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    if (fullKeys)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(render(keys, format, fullKeys));
    if (!file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2. Check the free space and try again.")
                         .arg(QFileInfo(path).fileName(), file.errorString());
        return false;
    }
    if (fullKeys)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

} // namespace egb
