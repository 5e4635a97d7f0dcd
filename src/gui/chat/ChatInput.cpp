#include "ChatInput.h"

#include <QImage>
#include <QMimeData>
#include <QUrl>

namespace egb {

ChatInput::ChatInput(QWidget* parent)
    : QPlainTextEdit(parent)
{}

QStringList ChatInput::localFiles(const QMimeData* source)
{
    QStringList paths;
    if (!source->hasUrls())
        return paths;
    const QList<QUrl> urls = source->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    return paths;
}

bool ChatInput::canInsertFromMimeData(const QMimeData* source) const
{
    return source->hasImage() || !localFiles(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void ChatInput::insertFromMimeData(const QMimeData* source)
{
    // Files first: a file manager's copy carries its paths as text too, which would otherwise be typed in.
    const QStringList files = localFiles(source);
    if (!files.isEmpty()) {
        Q_EMIT filesGiven(files);
        return;
    }
    if (source->hasImage()) {
        const QImage image = qvariant_cast<QImage>(source->imageData());
        if (!image.isNull()) {
            Q_EMIT imageGiven(image);
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace egb
