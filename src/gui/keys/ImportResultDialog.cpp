#include "ImportResultDialog.h"

#include "ui_ImportResultDialog.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>

namespace egb {

ImportResultDialog::ImportResultDialog(const QList<ImportedSource>& sources, bool cancelled, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImportResultDialog>())
{
    m_ui->setupUi(this);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);

    QStringList errors;
    int listed = 0;
    int unlisted = 0;
    QTableWidget* table = m_ui->issuesTable;
    table->setColumnCount(4);
    const auto addIssues = [&](const QString& source, const QList<ImportIssue>& issues) {
        for (const ImportIssue& issue : issues) {
            if (listed >= MaxListedIssues) {
                ++unlisted;
                continue;
            }
            const int row = table->rowCount();
            table->insertRow(row);
            table->setItem(row, 0, new QTableWidgetItem(source));
            auto* line = new QTableWidgetItem;
            line->setData(Qt::DisplayRole, issue.line);
            table->setItem(row, 1, line);
            table->setItem(row, 2, new QTableWidgetItem(issue.text)); // KeyFile already masked anything key-shaped
            auto* reason = new QTableWidgetItem(issue.reason);
            reason->setToolTip(issue.reason);
            table->setItem(row, 3, reason);
            ++listed;
        }
    };
    table->setUpdatesEnabled(false);
    for (const ImportedSource& source : sources) {
        if (!source.result.ok) {
            errors << tr("%1: %2").arg(source.name, source.result.error);
            continue;
        }
        m_added += int(source.result.addedIds.size());
        m_duplicates += int(source.result.duplicates.size());
        m_rejected += int(source.result.rejected.size());
        addIssues(source.name, source.result.issuesByLine()); // duplicates and rejected lines in the file's order
    }
    table->setUpdatesEnabled(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->setColumnWidth(2, 260);
    table->setVisible(listed > 0);

    const QLocale locale;
    m_ui->addedCountLabel->setText(locale.toString(m_added));
    m_ui->duplicateCountLabel->setText(locale.toString(m_duplicates));
    m_ui->rejectedCountLabel->setText(locale.toString(m_rejected));
    m_errors = errors;
    m_unlisted = unlisted;
    m_cancelled = cancelled;
    m_ui->errorsLabel->setText(errors.join(QLatin1Char('\n')));
    m_ui->errorsLabel->setVisible(!errors.isEmpty());
    m_ui->truncatedLabel->setVisible(unlisted > 0);
    retranslate();
}

void ImportResultDialog::retranslate()
{
    m_ui->issuesTable->setHorizontalHeaderLabels({tr("Source"), tr("Line"), tr("Text"), tr("Why")});
    QString summary;
    if (m_cancelled)
        summary = tr("You stopped the import. %n key(s) were added before that; they are saved.", "", m_added);
    else if (m_added > 0)
        summary = tr("%n new key(s) added to the pool and saved.", "", m_added);
    else if (m_errors.isEmpty())
        summary = tr("No new keys were added: every key found was already known, or no line held a Gemini key.");
    else
        summary = tr("Nothing was imported.");
    if (m_rejected > 0)
        summary += QLatin1Char(' ') + tr("Rejected lines hold no valid Gemini key (\"AIza\" followed by 35 "
                                         "letters, digits, \"-\" or \"_\"); fix them and import again.");
    m_ui->summaryLabel->setText(summary);
    m_ui->truncatedLabel->setText(tr("… and %n more line(s) not listed.", "", m_unlisted));
    setWindowTitle(tr("Import result"));
}

void ImportResultDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QDialog::changeEvent(event);
}

ImportResultDialog::~ImportResultDialog() = default;

} // namespace egb
