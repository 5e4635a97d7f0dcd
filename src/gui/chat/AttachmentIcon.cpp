#include "AttachmentIcon.h"

#include <QApplication>
#include <QBuffer>
#include <QIcon>
#include <QImageReader>
#include <QMimeDatabase>
#include <QStyle>

namespace egb {

QImage AttachmentIcon::thumbnail(const ChatAttachment& attachment, const QSize& box)
{
    if (!attachment.isImage() || attachment.data.isEmpty())
        return {};
    QBuffer buffer;
    buffer.setData(attachment.data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > box.width() || size.height() > box.height()))
        reader.setScaledSize(size.scaled(box, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        return {};
    if (image.width() > box.width() || image.height() > box.height()) // no size known beforehand
        image = image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QPixmap AttachmentIcon::pixmap(const ChatAttachment& attachment, int side)
{
    const QImage image = thumbnail(attachment, QSize(side, side));
    if (!image.isNull())
        return QPixmap::fromImage(image);
    const QMimeType type = QMimeDatabase().mimeTypeForName(attachment.mimeType);
    const QIcon fallback = QApplication::style()->standardIcon(QStyle::SP_FileIcon);
    const QIcon icon = type.isValid()
                           ? QIcon::fromTheme(type.iconName(), QIcon::fromTheme(type.genericIconName(), fallback))
                           : fallback;
    return icon.pixmap(side, side);
}

} // namespace egb
