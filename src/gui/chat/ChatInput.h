#pragma once

#include <QPlainTextEdit>
#include <QStringList>

class QImage;

namespace egb {

/// The chat's input: plain text, and files or images pasted or dropped on it, which it hands on as attachments
/// (filesGiven, imageGiven) instead of inserting their paths or nothing.
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ChatInput(QWidget* parent = nullptr);

    /// The local files `source` names (dropped or pasted), in order.
    static QStringList localFiles(const QMimeData* source);

Q_SIGNALS:
    /// Local files pasted or dropped on the input.
    void filesGiven(const QStringList& paths);
    /// An image pasted (a screenshot in the clipboard, an image copied in a browser).
    void imageGiven(const QImage& image);

protected:
    bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;
};

} // namespace egb
