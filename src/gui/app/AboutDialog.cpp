#include "AboutDialog.h"

#include "ui_AboutDialog.h"

#include <QIcon>
#include <QPushButton>

namespace egb {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    const QIcon icon(QStringLiteral(":/icons/easy-gemini-balance.svg"));
    if (!icon.isNull()) {
        m_ui->iconLabel->setPixmap(icon.pixmap(QSize(96, 96), devicePixelRatioF()));
        setWindowIcon(icon);
    }
    QFont nameFont = m_ui->nameLabel->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.6);
    nameFont.setBold(true);
    m_ui->nameLabel->setFont(nameFont);
    m_ui->versionLabel->setText(tr("Version %1").arg(version()));
    m_ui->componentsLabel->setText(componentsText());
    m_ui->licenseLabel->setText(
        tr("Free software under the MIT licence: you may use, copy, change and share it. It comes with no "
           "warranty. Google and Gemini are trademarks of Google LLC; this application is not made by Google."));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::version()
{
#ifdef EGB_VERSION
    return QStringLiteral(EGB_VERSION);
#else
    return tr("unknown");
#endif
}

QString AboutDialog::componentsText()
{
#ifdef EGB_QCORO_VERSION
    const QString qcoro = QStringLiteral(EGB_QCORO_VERSION);
#else
    const QString qcoro = tr("0.8 or later");
#endif
    return tr("Built on Qt %1 (compiled against %2) and QCoro %3.")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR), qcoro);
}

} // namespace egb
