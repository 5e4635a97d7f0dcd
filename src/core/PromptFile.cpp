#include "PromptFile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>
#include <QStringList>

namespace egb {

namespace {

const QString DefaultField = QStringLiteral("prompt");

/// 1-based line of the first byte sequence that is not UTF-8; 0 when everything decodes.
int firstInvalidUtf8Line(const QByteArray& data)
{
    int line = 1;
    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = data.indexOf('\n', start);
        if (end < 0)
            end = data.size();
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString ignored = decoder.decode(QByteArrayView(data).sliced(start, end - start));
        Q_UNUSED(ignored);
        if (decoder.hasError())
            return line;
        start = end + 1;
        ++line;
    }
    return 0;
}

struct CsvRecord
{
    int line = 0;
    QStringList fields;
    bool closed = true; ///< false when a quoted field ran to the end of the file
};

/// RFC 4180, leniently: quoted fields may hold commas, doubled quotes and newlines; CRLF or LF line ends;
/// a stray quote inside an unquoted field is kept as text.
QList<CsvRecord> splitCsv(const QString& text)
{
    QList<CsvRecord> records;
    CsvRecord current;
    QString field;
    int line = 1;
    current.line = 1;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    bool recordHasContent = false;
    const qsizetype n = text.size();

    auto endField = [&] {
        current.fields.append(fieldWasQuoted ? field : field.trimmed());
        field.clear();
        fieldWasQuoted = false;
    };
    auto endRecord = [&](int nextLine) {
        endField();
        records.append(current);
        current = CsvRecord{};
        current.line = nextLine;
        recordHasContent = false;
    };

    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == u'"') {
                if (i + 1 < n && text.at(i + 1) == u'"') {
                    field.append(u'"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else if (c == u'\r' && i + 1 < n && text.at(i + 1) == u'\n') {
                // CRLF inside a quoted field becomes one newline
            } else {
                if (c == u'\n')
                    ++line;
                field.append(c);
            }
            continue;
        }
        if (c == u'"' && field.trimmed().isEmpty() && !fieldWasQuoted) {
            field.clear();
            inQuotes = true;
            fieldWasQuoted = true;
            recordHasContent = true;
        } else if (c == u',') {
            endField();
            recordHasContent = true;
        } else if (c == u'\n') {
            ++line;
            endRecord(line);
        } else if (c == u'\r') {
            if (!(i + 1 < n && text.at(i + 1) == u'\n'))
                field.append(c);
        } else {
            field.append(c);
            recordHasContent = true;
        }
    }
    if (inQuotes) {
        current.closed = false;
        endField();
        records.append(current);
    } else if (recordHasContent || !field.isEmpty() || !current.fields.isEmpty()) {
        endField();
        records.append(current);
    }
    return records;
}

bool isBlankRecord(const CsvRecord& record)
{
    for (const QString& f : record.fields) {
        if (!f.trimmed().isEmpty())
            return false;
    }
    return true;
}

} // namespace

PromptFile::Format PromptFile::formatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"csv")
        return Format::Csv;
    if (suffix == u"jsonl" || suffix == u"ndjson")
        return Format::Jsonl;
    return Format::Text;
}

QString PromptFile::formatName(Format format)
{
    switch (format) {
    case Format::Text:
        return QStringLiteral("text");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Jsonl:
        return QStringLiteral("jsonl");
    case Format::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

PromptFileResult PromptFile::read(const QString& path, const QString& field)
{
    PromptFileResult result;
    result.format = formatForPath(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        result.error = tr("The file %1 does not exist. Check the path and try again.").arg(path);
        return result;
    }
    if (info.isDir()) {
        result.error = tr("%1 is a folder, not a file. Give the path of a .txt, .csv or .jsonl file.").arg(path);
        return result;
    }
    if (info.size() > MaxFileSize) {
        result.error = tr("%1 is too large (%2 MB; at most %3 MB). Split it into smaller files.")
                           .arg(path)
                           .arg(info.size() / (1024 * 1024))
                           .arg(MaxFileSize / (1024 * 1024));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("Cannot read %1: %2. Check that the file exists and that you may read it.")
                           .arg(path, file.errorString());
        return result;
    }
    // Through the same limit whatever the file is: a FIFO, /dev/stdin or /dev/zero has no size to check first, and
    // readAll() would read /dev/zero until memory runs out.
    QByteArray data;
    for (;;) {
        const QByteArray chunk = file.read(std::min<qint64>(1024 * 1024, MaxFileSize + 1 - data.size()));
        if (chunk.isEmpty())
            break;
        data.append(chunk);
        if (data.size() > MaxFileSize) {
            result.error = tr("%1 gave more than %2 MB without ending (%3); give a file of prompts.")
                               .arg(path)
                               .arg(MaxFileSize / (1024 * 1024))
                               .arg(info.isFile() ? tr("it grew while being read") : tr("it is not a regular file"));
            return result;
        }
    }
    if (file.error() != QFileDevice::NoError) {
        result.error = tr("Cannot read %1: %2.").arg(path, file.errorString());
        return result;
    }
    result = parse(data, result.format, field);
    if (!result.ok)
        result.error = tr("%1: %2").arg(path, result.error);
    return result;
}

PromptFileResult PromptFile::parse(const QByteArray& raw, Format format, const QString& fieldName)
{
    PromptFileResult result;
    result.format = format == Format::Unknown ? Format::Text : format;
    const QString field = fieldName.isEmpty() ? DefaultField : fieldName;

    QByteArray data = raw;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        result.error = tr("the file is UTF-16 text. Save it as UTF-8 and try again.");
        return result;
    }
    if (data.contains('\0')) {
        result.error = tr("this looks like a binary file, not text. Give a .txt, .csv or .jsonl file.");
        return result;
    }
    if (const int badLine = firstInvalidUtf8Line(data); badLine > 0) {
        result.error = tr("line %1 is not UTF-8 text. Save the file as UTF-8 and try again.").arg(badLine);
        return result;
    }
    const QString text = QString::fromUtf8(data);

    switch (result.format) {
    case Format::Unknown:
    case Format::Text: {
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString prompt = lines.at(i).trimmed();
            if (!prompt.isEmpty())
                result.prompts.append({int(i + 1), prompt, {}});
        }
        break;
    }
    case Format::Jsonl: {
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const int lineNo = int(i + 1);
            const QString line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError) {
                result.issues.append(
                    {lineNo, tr("not valid JSON (%1 at character %2)").arg(error.errorString()).arg(error.offset + 1)});
                continue;
            }
            if (!doc.isObject()) {
                result.issues.append({lineNo, tr("not a JSON object; write {\"%1\": \"...\"}").arg(field)});
                continue;
            }
            const QJsonValue value = doc.object().value(field);
            if (value.isUndefined()) {
                result.issues.append({lineNo, tr("no \"%1\" field").arg(field)});
                continue;
            }
            if (!value.isString()) {
                result.issues.append({lineNo, tr("the \"%1\" field is not text").arg(field)});
                continue;
            }
            const QString prompt = value.toString();
            if (prompt.trimmed().isEmpty()) {
                result.issues.append({lineNo, tr("the prompt is empty")});
                continue;
            }
            const QJsonValue model = doc.object().value(QLatin1String("model"));
            if (!model.isUndefined() && !model.isNull() &&
                (!model.isString() || model.toString().trimmed().isEmpty())) {
                result.issues.append({lineNo, tr("the \"model\" field is not a model name")});
                continue;
            }
            result.prompts.append({lineNo, prompt, model.toString().trimmed()});
        }
        break;
    }
    case Format::Csv: {
        const QList<CsvRecord> records = splitCsv(text);
        qsizetype first = 0;
        while (first < records.size() && isBlankRecord(records.at(first)))
            ++first;
        if (first == records.size()) {
            result.error =
                tr("the CSV file is empty. Its first row must name the columns, one of them \"%1\".").arg(field);
            return result;
        }
        const CsvRecord& header = records.at(first);
        qsizetype column = -1;
        for (qsizetype c = 0; c < header.fields.size(); ++c) {
            if (header.fields.at(c).trimmed().compare(field, Qt::CaseInsensitive) == 0) {
                column = c;
                break;
            }
        }
        if (column < 0) {
            result.error = tr("the CSV header has no \"%1\" column (its columns: %2). Name the column that holds "
                              "the prompts \"%1\", or choose another column.")
                               .arg(field, header.fields.join(QStringLiteral(", ")));
            return result;
        }
        for (qsizetype r = first + 1; r < records.size(); ++r) {
            const CsvRecord& record = records.at(r);
            if (!record.closed) {
                result.issues.append({record.line, tr("a quoted field starts here and is never closed")});
                continue;
            }
            if (isBlankRecord(record))
                continue;
            if (column >= record.fields.size()) {
                result.issues.append({record.line, tr("the row ends before the \"%1\" column (it has %2 fields)")
                                                       .arg(field)
                                                       .arg(record.fields.size())});
                continue;
            }
            const QString prompt = record.fields.at(column);
            if (prompt.trimmed().isEmpty()) {
                result.issues.append({record.line, tr("the prompt is empty")});
                continue;
            }
            result.prompts.append({record.line, prompt, {}});
        }
        break;
    }
    }
    result.ok = true;
    return result;
}

} // namespace egb
