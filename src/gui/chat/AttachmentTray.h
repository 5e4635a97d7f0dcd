#pragma once

#include "ConversationStore.h"

#include <QList>
#include <QWidget>

class QImage;
class QLabel;
class QListWidget;

namespace egb {

/// The files that go with the next question, shown above the input as thumbnails (images) or type icons with
/// their names and sizes. Delete (or right-click, Remove) takes one off. Hidden while empty.
/// Widgets carry objectNames for tests: attachmentList, attachmentSummary.
class AttachmentTray : public QWidget
{
    Q_OBJECT
public:
    explicit AttachmentTray(QWidget* parent = nullptr);

    QList<ChatAttachment> attachments() const { return m_attachments; }
    void setAttachments(const QList<ChatAttachment>& attachments);
    void add(const ChatAttachment& attachment);
    /// Adds every file of `paths` Gemini can read (AttachmentReader::readFile); each one left out adds why to
    /// `problems`. Returns how many were added.
    int addFiles(const QStringList& paths, QStringList* problems);
    /// Adds a pasted image, as PNG; false with `error` when it cannot be.
    bool addImage(const QImage& image, QString* error);
    void removeAt(int index);
    void clear();
    qint64 totalBytes() const;
    bool isEmpty() const { return m_attachments.isEmpty(); }
    /// Texts again after a language change.
    void retranslate();

Q_SIGNALS:
    void changed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();

    QList<ChatAttachment> m_attachments;
    QListWidget* m_list = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace egb
