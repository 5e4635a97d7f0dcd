#include "AttachmentReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QMimeDatabase>
#include <QMimeType>

namespace egb {

namespace {

bool refuse(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QString AttachmentReader::geminiMimeType(const QString& detected)
{
    static const QHash<QString, QString> known = {
        {QStringLiteral("image/png"), QStringLiteral("image/png")},
        {QStringLiteral("image/jpeg"), QStringLiteral("image/jpeg")},
        {QStringLiteral("image/webp"), QStringLiteral("image/webp")},
        {QStringLiteral("image/heic"), QStringLiteral("image/heic")},
        {QStringLiteral("image/heif"), QStringLiteral("image/heif")},
        {QStringLiteral("application/pdf"), QStringLiteral("application/pdf")},
        {QStringLiteral("text/html"), QStringLiteral("text/html")},
        {QStringLiteral("text/css"), QStringLiteral("text/css")},
        {QStringLiteral("text/csv"), QStringLiteral("text/csv")},
        {QStringLiteral("text/markdown"), QStringLiteral("text/markdown")},
        {QStringLiteral("text/xml"), QStringLiteral("text/xml")},
        {QStringLiteral("application/xml"), QStringLiteral("text/xml")},
        {QStringLiteral("audio/x-wav"), QStringLiteral("audio/wav")},
        {QStringLiteral("audio/wav"), QStringLiteral("audio/wav")},
        {QStringLiteral("audio/mpeg"), QStringLiteral("audio/mp3")},
        {QStringLiteral("audio/x-aiff"), QStringLiteral("audio/aiff")},
        {QStringLiteral("audio/aac"), QStringLiteral("audio/aac")},
        {QStringLiteral("audio/ogg"), QStringLiteral("audio/ogg")},
        {QStringLiteral("audio/x-vorbis+ogg"), QStringLiteral("audio/ogg")},
        {QStringLiteral("audio/flac"), QStringLiteral("audio/flac")},
        {QStringLiteral("video/mp4"), QStringLiteral("video/mp4")},
        {QStringLiteral("video/mpeg"), QStringLiteral("video/mpeg")},
        {QStringLiteral("video/quicktime"), QStringLiteral("video/mov")},
        {QStringLiteral("video/x-msvideo"), QStringLiteral("video/avi")},
        {QStringLiteral("video/webm"), QStringLiteral("video/webm")},
        {QStringLiteral("video/3gpp"), QStringLiteral("video/3gpp")},
    };
    const auto it = known.constFind(detected);
    if (it != known.constEnd())
        return *it;
    // Source code, logs, JSON, YAML…: every kind of text is read as text.
    const QMimeType type = QMimeDatabase().mimeTypeForName(detected);
    if (type.isValid() && type.inherits(QStringLiteral("text/plain")))
        return QStringLiteral("text/plain");
    return {};
}

std::optional<ChatAttachment> AttachmentReader::readFile(const QString& path, QString* error)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!info.exists()) {
        refuse(error, tr("%1 does not exist. Check the name and the folder.").arg(shown));
        return std::nullopt;
    }
    // A FIFO or a device would be read without end; only regular files are taken.
    if (!info.isFile()) {
        refuse(error, tr("%1 is not a regular file. Attach a file.").arg(shown));
        return std::nullopt;
    }
    if (info.size() == 0) {
        refuse(error, tr("%1 is empty: there is nothing to send.").arg(shown));
        return std::nullopt;
    }
    if (info.size() > MaxFileBytes) {
        refuse(error, tr("%1 is %2; files of at most %3 can be attached. Attach a smaller file.")
                          .arg(shown, sizeText(info.size()), sizeText(MaxFileBytes)));
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        refuse(error, tr("Could not read %1: %2.").arg(shown, file.errorString()));
        return std::nullopt;
    }
    // Read through the cap: a file that grew since it was looked at is not read past it.
    const QByteArray data = file.read(MaxFileBytes + 1);
    if (data.size() > MaxFileBytes) {
        refuse(error, tr("%1 is larger than %2, the most that can be attached. Attach a smaller file.")
                          .arg(shown, sizeText(MaxFileBytes)));
        return std::nullopt;
    }
    const QMimeType detected = QMimeDatabase().mimeTypeForFileNameAndData(path, data);
    const QString mime = geminiMimeType(detected.name());
    if (mime.isEmpty()) {
        refuse(error, tr("%1 is %2 (%3), which Gemini cannot read. Attach an image, a PDF, a text, audio or "
                         "video file.")
                          .arg(shown, detected.comment(), detected.name()));
        return std::nullopt;
    }
    ChatAttachment attachment;
    attachment.name = info.fileName();
    attachment.mimeType = mime;
    attachment.data = data;
    return attachment;
}

std::optional<ChatAttachment> AttachmentReader::fromBytes(const QString& name, const QString& mimeType,
                                                          const QByteArray& data, QString* error)
{
    const QString mime = geminiMimeType(mimeType);
    if (mime.isEmpty() || data.isEmpty()) {
        refuse(error, tr("%1 is not something Gemini can read.").arg(name));
        return std::nullopt;
    }
    if (data.size() > MaxFileBytes) {
        refuse(error, tr("%1 is %2; files of at most %3 can be attached.")
                          .arg(name, sizeText(data.size()), sizeText(MaxFileBytes)));
        return std::nullopt;
    }
    ChatAttachment attachment;
    attachment.name = name;
    attachment.mimeType = mime;
    attachment.data = data;
    return attachment;
}

Part AttachmentReader::toPart(const ChatAttachment& attachment)
{
    if (!attachment.fileUri.isEmpty())
        return Part::uploadedFile(attachment.mimeType, attachment.fileUri);
    return Part::inlineFile(attachment.mimeType, attachment.data);
}

QString AttachmentReader::sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace egb
