#include "BatchResultFormat.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

namespace egb {

namespace {

QByteArray csvField(const QString& value)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        return '"' + bytes + '"';
    }
    return bytes;
}

} // namespace

QJsonObject BatchResultFormat::toJson(const BatchItem& it)
{
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), it.usage.promptTokens},
                            {QStringLiteral("candidates_tokens"), it.usage.candidatesTokens},
                            {QStringLiteral("thoughts_tokens"), it.usage.thoughtsTokens},
                            {QStringLiteral("total_tokens"), it.usage.totalTokens}};
    return QJsonObject{
        {QStringLiteral("index"), it.index},
        {QStringLiteral("prompt"), it.prompt},
        {QStringLiteral("status"), BatchItem::statusName(it.status)},
        {QStringLiteral("text"), it.status == BatchItem::Status::Ok ? QJsonValue(it.text) : QJsonValue()},
        {QStringLiteral("error"), it.status == BatchItem::Status::Error ? QJsonValue(it.error) : QJsonValue()},
        {QStringLiteral("error_kind"),
         it.status == BatchItem::Status::Error && !it.errorKind.isEmpty() ? QJsonValue(it.errorKind) : QJsonValue()},
        {QStringLiteral("attempts"), it.attempts},
        {QStringLiteral("key"), it.keyMasked.isEmpty() ? QJsonValue() : QJsonValue(it.keyMasked)},
        {QStringLiteral("latency_ms"), it.latencyMs},
        {QStringLiteral("usage"), usage}};
}

QByteArray BatchResultFormat::jsonLine(const BatchItem& item)
{
    return QJsonDocument(toJson(item)).toJson(QJsonDocument::Compact) + '\n';
}

bool BatchResultFormat::fromJsonLine(const QByteArray& line, BatchItem* item)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || !item)
        return false;
    const QJsonObject o = doc.object();
    if (!o.contains(QStringLiteral("index")) || !o.contains(QStringLiteral("status")))
        return false;
    BatchItem it;
    it.index = o.value(QStringLiteral("index")).toInt();
    it.prompt = o.value(QStringLiteral("prompt")).toString();
    it.status = BatchItem::statusFromName(o.value(QStringLiteral("status")).toString());
    it.text = o.value(QStringLiteral("text")).toString();
    it.error = o.value(QStringLiteral("error")).toString();
    it.errorKind = o.value(QStringLiteral("error_kind")).toString();
    it.attempts = o.value(QStringLiteral("attempts")).toInt();
    it.keyMasked = o.value(QStringLiteral("key")).toString();
    it.latencyMs = o.value(QStringLiteral("latency_ms")).toInteger();
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    it.usage.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
    it.usage.candidatesTokens = usage.value(QStringLiteral("candidates_tokens")).toInt();
    it.usage.thoughtsTokens = usage.value(QStringLiteral("thoughts_tokens")).toInt();
    it.usage.totalTokens = usage.value(QStringLiteral("total_tokens")).toInt();
    *item = it;
    return true;
}

QStringList BatchResultFormat::csvColumns()
{
    return {QStringLiteral("row"),
            QStringLiteral("prompt"),
            QStringLiteral("status"),
            QStringLiteral("text"),
            QStringLiteral("error"),
            QStringLiteral("attempts"),
            QStringLiteral("key"),
            QStringLiteral("latency_ms"),
            QStringLiteral("prompt_tokens"),
            QStringLiteral("candidates_tokens"),
            QStringLiteral("thoughts_tokens"),
            QStringLiteral("total_tokens")};
}

QByteArray BatchResultFormat::csvHeader()
{
    return csvColumns().join(u',').toUtf8() + "\r\n";
}

QByteArray BatchResultFormat::csvRow(const BatchItem& it)
{
    // "row" counts from 1 like the Batch page's # column (a spreadsheet's reader compares the two); JSONL keeps the
    // 0-based "index" of `egb batch`.
    const QList<QByteArray> fields = {QByteArray::number(it.index + 1),
                                      csvField(it.prompt),
                                      csvField(BatchItem::statusName(it.status)),
                                      csvField(it.text),
                                      csvField(it.error),
                                      QByteArray::number(it.attempts),
                                      csvField(it.keyMasked),
                                      QByteArray::number(it.latencyMs),
                                      QByteArray::number(it.usage.promptTokens),
                                      QByteArray::number(it.usage.candidatesTokens),
                                      QByteArray::number(it.usage.thoughtsTokens),
                                      QByteArray::number(it.usage.totalTokens)};
    QByteArray out;
    for (int i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += fields.at(i);
    }
    return out + "\r\n";
}

BatchResultFormat::Format BatchResultFormat::formatForPath(const QString& path)
{
    return path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? Format::Csv : Format::Jsonl;
}

bool BatchResultFormat::write(const QString& path, const QList<BatchItem>& items, Format format, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Could not write %1: %2. Choose another folder or check its permissions.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    bool ok = true;
    if (format == Format::Csv)
        ok = file.write(csvHeader()) >= 0;
    for (const BatchItem& it : items) {
        if (!ok)
            break;
        ok = file.write(format == Format::Csv ? csvRow(it) : jsonLine(it)) >= 0;
    }
    if (!ok || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2. Free some disk space or choose another folder.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace egb
