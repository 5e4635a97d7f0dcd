#include "AddKeyDialog.h"

#include "KeyPool.h"
#include "ui_AddKeyDialog.h"

#include <QEvent>
#include <QPushButton>

namespace egb {

AddKeyDialog::AddKeyDialog(KeyPool* pool, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AddKeyDialog>())
    , m_pool(pool)
{
    m_ui->setupUi(this);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->keyEdit, &QLineEdit::textChanged, this, &AddKeyDialog::validate);
    connect(m_ui->showKeyButton, &QToolButton::toggled, this, [this](bool show) {
        m_ui->keyEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyButton->setText(show ? tr("Hide") : tr("Show"));
    });
    validate();
}

AddKeyDialog::~AddKeyDialog() = default;

void AddKeyDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        m_ui->showKeyButton->setText(m_ui->showKeyButton->isChecked() ? tr("Hide") : tr("Show"));
        validate();
    }
    QDialog::changeEvent(event);
}

ApiKey AddKeyDialog::key() const
{
    ApiKey key;
    key.secret = m_ui->keyEdit->text().trimmed();
    key.label = m_ui->labelEdit->text().trimmed();
    key.group = m_ui->groupEdit->text().trimmed();
    key.rpmLimit = m_ui->rpmSpin->value();
    return key;
}

QString AddKeyDialog::problem() const
{
    const QString secret = m_ui->keyEdit->text().trimmed();
    if (secret.isEmpty())
        return tr("Paste a Gemini API key (it starts with \"AIza\").");
    if (!ApiKey::looksLikeKey(secret))
        return tr("This is not a Gemini API key: a key is \"AIza\" followed by 35 letters, digits, \"-\" or \"_\" "
                  "(39 characters; this text has %n).",
                  "", int(secret.size()));
    if (m_pool && m_pool->containsSecret(secret))
        return tr("This key is already in the pool.");
    return {};
}

void AddKeyDialog::validate()
{
    const QString why = problem();
    m_ui->validationLabel->setText(why);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

qint64 AddKeyDialog::addToPool()
{
    if (!m_pool || !problem().isEmpty())
        return 0;
    const QList<qint64> ids = m_pool->addKeys({key()});
    return ids.isEmpty() ? 0 : ids.front();
}

} // namespace egb
