#include "AttachmentTray.h"

#include "AttachmentIcon.h"
#include "AttachmentReader.h"

#include <QAction>
#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace egb {

namespace {
constexpr int IconSide = 48;
}

AttachmentTray::AttachmentTray(QWidget* parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("attachmentTray"));
    m_list->setObjectName(QStringLiteral("attachmentList"));
    m_list->setViewMode(QListView::IconMode);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(false);
    m_list->setMovement(QListView::Static);
    m_list->setIconSize(QSize(IconSide, IconSide));
    m_list->setGridSize(QSize(IconSide * 3, IconSide + 2 * fontMetrics().height() + 8));
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setWordWrap(true);
    m_list->setFixedHeight(m_list->gridSize().height() + m_list->frameWidth() * 2 + 4);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_list->installEventFilter(this);
    auto* remove = new QAction(m_list);
    remove->setObjectName(QStringLiteral("removeAttachmentAction"));
    m_list->addAction(remove);
    connect(remove, &QAction::triggered, this, [this] { removeAt(m_list->currentRow()); });
    m_summary->setObjectName(QStringLiteral("attachmentSummary"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_list);
    layout->addWidget(m_summary);
    retranslate();
    hide();
}

void AttachmentTray::retranslate()
{
    m_list->actions().first()->setText(tr("Remove"));
    m_list->setToolTip(tr("Sent with your next message. Delete removes the selected file."));
    rebuild();
}

void AttachmentTray::setAttachments(const QList<ChatAttachment>& attachments)
{
    m_attachments = attachments;
    rebuild();
    Q_EMIT changed();
}

void AttachmentTray::add(const ChatAttachment& attachment)
{
    m_attachments.append(attachment);
    rebuild();
    Q_EMIT changed();
}

int AttachmentTray::addFiles(const QStringList& paths, QStringList* problems)
{
    int added = 0;
    for (const QString& path : paths) {
        QString error;
        if (const std::optional<ChatAttachment> attachment = AttachmentReader::readFile(path, &error)) {
            add(*attachment);
            ++added;
        } else {
            problems->append(error);
        }
    }
    return added;
}

bool AttachmentTray::addImage(const QImage& image, QString* error)
{
    QByteArray png;
    QBuffer buffer(&png);
    if (image.isNull() || !buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG")) {
        *error = tr("The pasted image could not be read.");
        return false;
    }
    const QString name =
        tr("pasted image %1.png").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH.mm.ss")));
    const std::optional<ChatAttachment> attachment =
        AttachmentReader::fromBytes(name, QStringLiteral("image/png"), png, error);
    if (!attachment)
        return false;
    add(*attachment);
    return true;
}

void AttachmentTray::removeAt(int index)
{
    if (index < 0 || index >= m_attachments.size())
        return;
    m_attachments.removeAt(index);
    rebuild();
    Q_EMIT changed();
}

void AttachmentTray::clear()
{
    if (m_attachments.isEmpty())
        return;
    m_attachments.clear();
    rebuild();
    Q_EMIT changed();
}

qint64 AttachmentTray::totalBytes() const
{
    qint64 bytes = 0;
    for (const ChatAttachment& a : m_attachments)
        bytes += a.data.size();
    return bytes;
}

void AttachmentTray::rebuild()
{
    m_list->clear();
    for (const ChatAttachment& a : std::as_const(m_attachments)) {
        auto* item = new QListWidgetItem(QIcon(AttachmentIcon::pixmap(a, IconSide)),
                                         a.name + u'\n' + AttachmentReader::sizeText(a.data.size()), m_list);
        item->setToolTip(
            QStringLiteral("%1\n%2 · %3").arg(a.name, a.mimeType, AttachmentReader::sizeText(a.data.size())));
    }
    m_summary->setText(tr("%n file(s) attached, %1 in all", nullptr, int(m_attachments.size()))
                           .arg(AttachmentReader::sizeText(totalBytes())));
    setVisible(!m_attachments.isEmpty());
}

bool AttachmentTray::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if ((key == Qt::Key_Delete || key == Qt::Key_Backspace) && m_list->currentRow() >= 0) {
            removeAt(m_list->currentRow());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace egb
