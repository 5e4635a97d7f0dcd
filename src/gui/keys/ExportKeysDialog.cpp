#include "ExportKeysDialog.h"

#include "FileDialog.h"
#include "KeyPool.h"
#include "MessageBox.h"
#include "ui_ExportKeysDialog.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardPaths>

namespace egb {

ExportKeysDialog::ExportKeysDialog(KeyPool* pool, const QList<qint64>& selectedIds, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ExportKeysDialog>())
    , m_pool(pool)
    , m_selected(selectedIds)
{
    m_ui->setupUi(this);
    m_ui->formatCombo->addItem(QString(), int(KeyExporter::Format::Text));
    m_ui->formatCombo->addItem(QString(), int(KeyExporter::Format::Csv));
    retranslate();
    m_ui->scopeSelectedRadio->setEnabled(!selectedIds.isEmpty());
    (selectedIds.size() > 1 ? m_ui->scopeSelectedRadio : m_ui->scopeAllRadio)->setChecked(true);
    m_ui->pathEdit->setText(defaultPath());

    connect(m_ui->browseButton, &QPushButton::clicked, this, &ExportKeysDialog::browse);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ExportKeysDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->fullKeysCheck, &QCheckBox::toggled, this, &ExportKeysDialog::update);
    connect(m_ui->pathEdit, &QLineEdit::textChanged, this, [this] {
        // A name ending in .csv or .txt chooses the format (the combo, in turn, changes the ending).
        const QString suffix = QFileInfo(path()).suffix().toLower();
        if (suffix == QLatin1String("csv") || suffix == QLatin1String("txt")) {
            const QSignalBlocker blocker(m_ui->formatCombo);
            m_ui->formatCombo->setCurrentIndex(suffix == QLatin1String("csv") ? 1 : 0);
        }
        update();
    });
    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, [this] {
        const QString suffix = format() == KeyExporter::Format::Csv ? QStringLiteral(".csv") : QStringLiteral(".txt");
        QString p = path();
        const int dot = p.lastIndexOf(QLatin1Char('.'));
        if (dot > p.lastIndexOf(QLatin1Char('/')))
            p.truncate(dot);
        m_ui->pathEdit->setText(p + suffix);
    });
    update();
}

ExportKeysDialog::~ExportKeysDialog() = default;

QString ExportKeysDialog::defaultPath()
{
    // Documents when there is such a folder (a fresh account or a server may have none), else the home folder.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QDir folder(!documents.isEmpty() && QFileInfo(documents).isDir() ? documents : QDir::homePath());
    return folder.filePath(QStringLiteral("gemini-keys.txt"));
}

void ExportKeysDialog::retranslate()
{
    m_ui->formatCombo->setItemText(0, tr("Text, one key per line (.txt)"));
    m_ui->formatCombo->setItemText(1, tr("CSV with label, group and health (.csv)"));
    m_ui->scopeSelectedRadio->setText(tr("The %n selected key(s)", "", int(m_selected.size())));
    m_ui->scopeAllRadio->setText(tr("All %n key(s)", "", m_pool ? m_pool->size() : 0));
}

void ExportKeysDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
        update();
    }
    QDialog::changeEvent(event);
}

void ExportKeysDialog::setPath(const QString& path)
{
    m_ui->pathEdit->setText(path);
}

QString ExportKeysDialog::path() const
{
    return m_ui->pathEdit->text().trimmed();
}

KeyExporter::Format ExportKeysDialog::format() const
{
    return KeyExporter::Format(m_ui->formatCombo->currentData().toInt());
}

bool ExportKeysDialog::fullKeys() const
{
    return m_ui->fullKeysCheck->isChecked();
}

QList<qint64> ExportKeysDialog::ids() const
{
    if (m_ui->scopeSelectedRadio->isChecked())
        return m_selected;
    return m_pool ? m_pool->ids() : QList<qint64>();
}

void ExportKeysDialog::browse()
{
    const QString chosen = FileDialog::getSaveFileName(this, tr("Export keys"), path(),
                                                       tr("Text files (*.txt);;CSV files (*.csv);;All files (*)"));
    if (chosen.isEmpty())
        return;
    m_ui->pathEdit->setText(chosen);
}

void ExportKeysDialog::update()
{
    m_ui->noteLabel->setText(fullKeys() ? tr("The file will hold working keys and be readable by you only. "
                                             "Keep it safe and delete it when you no longer need it.")
                                        : tr("Keys are masked (AIza…Xy12): the file is safe to share, "
                                             "but cannot be imported again."));
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(!path().isEmpty());
}

void ExportKeysDialog::accept()
{
    QList<ApiKey> keys;
    const QList<qint64> chosen = ids();
    keys.reserve(chosen.size());
    for (const qint64 id : chosen)
        if (const ApiKey* key = m_pool ? m_pool->find(id) : nullptr)
            keys.append(*key);
    if (!KeyExporter::write(path(), keys, format(), fullKeys(), &m_error)) {
        MessageBox::warning(this, tr("Export keys"), m_error);
        return;
    }
    m_error.clear();
    QDialog::accept();
}

} // namespace egb
