#pragma once

#include "ConversationStore.h"
#include "GenerateRequest.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace egb {

/// Turns files into chat attachments and attachments into request parts: what the Chat page and `egb chat --attach`
/// both do. Gemini reads images (PNG, JPEG, WebP, HEIC), PDFs, text of any kind (sent as text/plain unless it is
/// HTML, CSS, CSV, Markdown or XML), audio and video; anything else is refused with a message saying so.
class AttachmentReader
{
    Q_DECLARE_TR_FUNCTIONS(AttachmentReader)
public:
    /// The largest file taken. Files that do not fit in a request inline go through the Files API
    /// (AttachmentUploader); the cap keeps the conversation's saved copy reasonable.
    static constexpr qint64 MaxFileBytes = 100 * 1024 * 1024;

    /// Reads `path` (a regular file, not empty, at most MaxFileBytes, of a type Gemini reads). On failure returns
    /// nothing and `error` says what happened and what to do.
    static std::optional<ChatAttachment> readFile(const QString& path, QString* error);
    /// An attachment of bytes already in memory (a pasted image): `mimeType` must be one Gemini reads.
    static std::optional<ChatAttachment> fromBytes(const QString& name, const QString& mimeType, const QByteArray& data,
                                                   QString* error);
    /// The MIME type Gemini is sent for a file of MIME type `detected` (as QMimeDatabase names it); empty when Gemini
    /// does not read that kind of file.
    static QString geminiMimeType(const QString& detected);
    /// The part that carries `attachment` in a request: by its file URI when it was uploaded, else inline.
    static Part toPart(const ChatAttachment& attachment);
    /// "12 KB", "3.4 MB": a size as shown beside an attachment.
    static QString sizeText(qint64 bytes);
};

} // namespace egb
