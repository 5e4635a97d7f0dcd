#include "BatchHistoryDialog.h"

#include "BatchResultFormat.h"
#include "FileDialog.h"
#include "MessageBox.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace egb {

namespace {
enum Column
{
    StartedColumn,
    NameColumn,
    ModelColumn,
    StateColumn,
    PromptsColumn,
    AnsweredColumn,
    FailedColumn,
    FromColumn,
    ColumnCount
};

/// A number cell that sorts as a number.
QTableWidgetItem* numberItem(int value)
{
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

BatchHistoryDialog::BatchHistoryDialog(BatchRunStore* store, qint64 activeRunId, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_activeRunId(activeRunId)
{
    setObjectName(QStringLiteral("batchHistoryDialog"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("openRunButton"));
    m_resume = new QPushButton(this);
    m_resume->setObjectName(QStringLiteral("resumeRunButton"));
    m_export = new QPushButton(this);
    m_export->setObjectName(QStringLiteral("exportRunButton"));
    m_delete = new QPushButton(this);
    m_delete->setObjectName(QStringLiteral("deleteRunButton"));
    m_open->setDefault(true); // Enter opens; deleting is never what Enter does
    m_delete->setAutoDefault(false);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_resume, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_export, QDialogButtonBox::ActionRole);
    m_buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BatchHistoryDialog::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { m_open->click(); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedRunId()) {
            Q_EMIT openRequested(id);
            accept();
        }
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedRunId()) {
            Q_EMIT resumeRequested(id);
            accept();
        }
    });
    connect(m_export, &QPushButton::clicked, this, &BatchHistoryDialog::exportInteractive);
    connect(m_delete, &QPushButton::clicked, this, &BatchHistoryDialog::deleteInteractive);
    if (m_store)
        connect(m_store, &BatchRunStore::runsChanged, this, &BatchHistoryDialog::reload);
    retranslate(); // reloads the runs too
    resize(860, 420);
}

void BatchHistoryDialog::reload()
{
    const qint64 keep = selectedRunId();
    m_runs = m_store ? m_store->runs() : QList<BatchRun>{};
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(m_runs.size()));
    for (int row = 0; row < m_runs.size(); ++row) {
        const BatchRun& r = m_runs.at(row);
        auto* started =
            new QTableWidgetItem(QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.createdMs), QLocale::ShortFormat));
        started->setData(Qt::UserRole, r.id);
        started->setData(Qt::UserRole + 1, r.createdMs);
        m_table->setItem(row, StartedColumn, started);
        m_table->setItem(row, NameColumn, new QTableWidgetItem(r.title));
        m_table->setItem(row, ModelColumn, new QTableWidgetItem(r.model));
        m_table->setItem(row, StateColumn, new QTableWidgetItem(stateText(r)));
        m_table->setItem(row, PromptsColumn, numberItem(r.total));
        m_table->setItem(row, AnsweredColumn, numberItem(r.ok));
        m_table->setItem(row, FailedColumn, numberItem(r.failed));
        m_table->setItem(row, FromColumn,
                         new QTableWidgetItem(r.settings.source == QLatin1String(BatchRunSettings::SourceCli)
                                                  ? QStringLiteral("egb batch") // notr: the command's name
                                                  : tr("this app")));
    }
    m_table->resizeColumnsToContents();
    if (!selectRun(keep) && !m_runs.isEmpty())
        m_table->selectRow(0);
    updateButtons();
}

QString BatchHistoryDialog::stateText(const BatchRun& run) const
{
    if (run.id == m_activeRunId)
        return tr("running here");
    switch (run.state) {
    case BatchRun::State::Running:
    case BatchRun::State::Paused:
        return run.pending() > 0 ? tr("stopped, can be resumed") : tr("done");
    case BatchRun::State::Cancelled:
        return tr("cancelled");
    case BatchRun::State::Finished:
        break;
    }
    return tr("done");
}

void BatchHistoryDialog::retranslate()
{
    setWindowTitle(tr("Batch history"));
    m_table->setHorizontalHeaderLabels(
        {tr("Started"), tr("Name"), tr("Model"), tr("State"), tr("Prompts"), tr("Answered"), tr("Failed"), tr("From")});
    m_open->setText(tr("&Open"));
    m_open->setToolTip(tr("Show the run's results on the Batch page, to read, export or retry the failed prompts"));
    m_resume->setText(tr("&Resume"));
    m_resume->setToolTip(tr("Send the prompts still without an answer (answered ones are not sent again)"));
    m_export->setText(tr("E&xport…"));
    m_delete->setText(tr("&Delete…"));
    reload(); // the state words
}

void BatchHistoryDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

qint64 BatchHistoryDialog::selectedRunId() const
{
    const int row = m_table->currentRow();
    const QTableWidgetItem* item = row >= 0 ? m_table->item(row, StartedColumn) : nullptr;
    return item && m_table->selectionModel()->isRowSelected(row, {}) ? item->data(Qt::UserRole).toLongLong() : 0;
}

bool BatchHistoryDialog::selectRun(qint64 runId)
{
    if (runId == 0)
        return false;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, StartedColumn)->data(Qt::UserRole).toLongLong() == runId) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

std::optional<BatchRun> BatchHistoryDialog::selectedRun() const
{
    const qint64 id = selectedRunId();
    for (const BatchRun& r : m_runs) {
        if (r.id == id)
            return r;
    }
    return std::nullopt;
}

void BatchHistoryDialog::updateButtons()
{
    const std::optional<BatchRun> run = selectedRun();
    const bool active = run && run->id == m_activeRunId;
    m_open->setEnabled(run && !active && m_activeRunId == 0);
    m_resume->setEnabled(run && !active && m_activeRunId == 0 && run->state != BatchRun::State::Cancelled &&
                         run->pending() > 0);
    m_export->setEnabled(run.has_value());
    m_delete->setEnabled(run && !active);
}

bool BatchHistoryDialog::exportRun(qint64 runId, const QString& path, QString* error)
{
    if (!m_store || !m_store->run(runId)) {
        if (error)
            *error = tr("That batch could not be found in the database.");
        return false;
    }
    return BatchResultFormat::write(path, m_store->items(runId), BatchResultFormat::formatForPath(path), error);
}

bool BatchHistoryDialog::deleteRun(qint64 runId, QString* error)
{
    if (runId == m_activeRunId) {
        if (error)
            *error = tr("This batch is running. Cancel it first.");
        return false;
    }
    if (!m_store || !m_store->removeRun(runId)) {
        if (error)
            *error = m_store ? m_store->lastError() : tr("That batch could not be found in the database.");
        return false;
    }
    return true;
}

void BatchHistoryDialog::exportInteractive()
{
    const std::optional<BatchRun> run = selectedRun();
    if (!run)
        return;
    const QString base = run->title.isEmpty() ? tr("batch") : QFileInfo(run->title).completeBaseName();
    const QString path = FileDialog::getSaveFileName(this, tr("Export results"), base + QStringLiteral("-results.csv"),
                                                     tr("CSV (*.csv);;JSON lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportRun(run->id, path, &error))
        MessageBox::warning(this, tr("Export failed"), error);
}

void BatchHistoryDialog::deleteInteractive()
{
    const std::optional<BatchRun> run = selectedRun();
    if (!run)
        return;
    QString text =
        tr("Delete the batch \"%1\" and its %n result(s)? This cannot be undone.", nullptr, run->total).arg(run->title);
    if (run->state == BatchRun::State::Running && QDateTime::currentMSecsSinceEpoch() - run->updatedMs < 60'000)
        text += QLatin1Char('\n') + tr("It was saved moments ago: it may be running in another window or in egb.");
    if (MessageBox::question(this, tr("Delete batch"), text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) !=
        QMessageBox::Yes)
        return;
    QString error;
    if (!deleteRun(run->id, &error))
        MessageBox::warning(this, tr("Delete failed"), error);
}

} // namespace egb
