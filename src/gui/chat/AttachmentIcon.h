#pragma once

#include "ConversationStore.h"

#include <QImage>
#include <QPixmap>

namespace egb {

/// How an attachment looks on screen: an image scaled down to a thumbnail (decoded at that size, so a large photo
/// costs little), any other file its type's icon.
class AttachmentIcon
{
public:
    /// The image within `box` (aspect kept); a null image when the attachment is not an image or cannot be decoded.
    static QImage thumbnail(const ChatAttachment& attachment, const QSize& box);
    /// The thumbnail for an image, else the file type's icon, `side` pixels square at most.
    static QPixmap pixmap(const ChatAttachment& attachment, int side);
};

} // namespace egb
