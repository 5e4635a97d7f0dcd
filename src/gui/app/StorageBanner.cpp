#include "StorageBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace egb {

StorageBanner::StorageBanner(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(this))
    , m_settings(new QPushButton(this))
{
    setObjectName(QStringLiteral("storageBanner"));
    m_title->setObjectName(QStringLiteral("storageBannerTitle"));
    m_text->setObjectName(QStringLiteral("storageBannerText"));
    m_retry->setObjectName(QStringLiteral("storageBannerRetry"));
    m_settings->setObjectName(QStringLiteral("storageBannerSettings"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // Fixed colours (dark text on pale amber) so the warning reads the same in light and dark themes.
    setStyleSheet(QStringLiteral("#storageBanner { background: #fff4ce; border: 1px solid #e0b600; }"
                                 "#storageBanner QLabel { color: #3a2e00; }"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize) * 2;
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setTextFormat(Qt::PlainText);

    auto* texts = new QVBoxLayout;
    texts->addWidget(m_title);
    texts->addWidget(m_text, 1);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_settings);
    buttons->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_icon);
    layout->addLayout(texts, 1);
    layout->addLayout(buttons);

    connect(m_retry, &QPushButton::clicked, this, &StorageBanner::retryRequested);
    connect(m_settings, &QPushButton::clicked, this, &StorageBanner::settingsRequested);
    retranslate();
    setVisible(false);
}

void StorageBanner::showProblem(const QString& message)
{
    m_message = message;
    m_text->setText(message);
    setVisible(!message.isEmpty());
}

void StorageBanner::clearProblem()
{
    m_message.clear();
    m_text->clear();
    setVisible(false);
}

void StorageBanner::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

void StorageBanner::retranslate()
{
    m_title->setText(tr("Changes are not being saved"));
    m_retry->setText(tr("&Retry"));
    m_retry->setToolTip(tr("Try again to write the keys to the database"));
    m_settings->setText(tr("Choose another &database…"));
    m_settings->setToolTip(tr("Open Settings to keep the keys in another database file"));
}

} // namespace egb
