#include "RequestsPage.h"

#include "FileDialog.h"
#include "KeyPool.h"
#include "RequestLogModel.h"
#include "RequestLogWriter.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace egb {

namespace {
constexpr qint64 HourMs = 3'600'000;
const qint64 RangeMs[] = {HourMs, 24 * HourMs, 7 * 24 * HourMs, 30 * 24 * HourMs};
} // namespace

RequestsPage::RequestsPage(KeyPool* pool, QWidget* parent)
    : QWidget(parent)
    , m_pool(pool)
{
    setObjectName(QStringLiteral("requestsPage"));
    buildUi();
}

RequestsPage::~RequestsPage() = default;

void RequestsPage::buildUi()
{
    auto* root = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    m_rangeLabel = new QLabel(this);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("requestsRange"));
    m_keyLabel = new QLabel(this);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("requestsKeyFilter"));
    m_key->setClearButtonEnabled(true);
    m_key->setMaximumWidth(120);
    m_modelLabel = new QLabel(this);
    m_modelFilter = new QComboBox(this);
    m_modelFilter->setObjectName(QStringLiteral("requestsModelFilter"));
    m_modelFilter->setEditable(true);
    m_modelFilter->setMinimumContentsLength(16);
    m_modelFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sourceLabel = new QLabel(this);
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("requestsSourceFilter"));
    m_outcomeLabel = new QLabel(this);
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("requestsOutcomeFilter"));
    m_export = new QPushButton(this);
    m_export->setObjectName(QStringLiteral("requestsExportButton"));
    // Two rows, so that the window stays narrow enough for a small screen.
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_rangeLabel, m_range, m_sourceLabel, m_source, m_outcomeLabel, m_outcome})
        filters->addWidget(w);
    filters->addStretch(1);
    root->addLayout(filters);
    auto* filters2 = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{m_keyLabel, m_key, m_modelLabel, m_modelFilter})
        filters2->addWidget(w);
    filters2->addStretch(1);
    filters2->addWidget(m_export);
    root->addLayout(filters2);

    m_model = new RequestLogModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(RequestLogModel::SortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("requestsTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RequestLogModel::TimeColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("requestDetail"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    root->addWidget(splitter, 1);
    auto* bottom = new QHBoxLayout;
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("requestsCountLabel"));
    bottom->addWidget(m_count, 1);
    m_retentionLabel = new QLabel(this);
    bottom->addWidget(m_retentionLabel);
    m_retention = new QSpinBox(this);
    m_retention->setObjectName(QStringLiteral("requestsRetention"));
    m_retention->setRange(0, 3650);
    m_retention->setValue(RequestLogStore::DefaultRetentionDays);
    m_retention->setEnabled(false);
    bottom->addWidget(m_retention);
    root->addLayout(bottom);
    connect(m_retention, &QSpinBox::valueChanged, this, [this](int days) {
        if (m_writer && m_writer->setRetentionDays(days))
            Q_EMIT statusMessage(days > 0
                                     ? tr("The request log keeps %n day(s); older attempts are removed.", nullptr, days)
                                     : tr("The request log keeps every attempt."));
    });

    // Combo items: data = the filter value; texts are set in retranslate().
    for (int i = 0; i < 4; ++i)
        m_range->addItem(QString(), RangeMs[i]);
    m_range->setCurrentIndex(1);
    m_source->addItem(QString(), QString());
    for (RequestSource s :
         {RequestSource::Chat, RequestSource::Batch, RequestSource::Proxy, RequestSource::Check, RequestSource::Other})
        m_source->addItem(QString(), RequestLogEntry::sourceName(s));
    m_outcome->addItem(QString(), -1);
    for (OutcomeClass k : {OutcomeClass::Success, OutcomeClass::RateLimited, OutcomeClass::KeyInvalid,
                           OutcomeClass::ServerError, OutcomeClass::RequestError, OutcomeClass::Cancelled})
        m_outcome->addItem(QString(), int(k));
    m_modelFilter->addItem(QString());

    connect(m_range, &QComboBox::currentIndexChanged, this, &RequestsPage::reload);
    connect(m_source, &QComboBox::currentIndexChanged, this, &RequestsPage::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &RequestsPage::reload);
    connect(m_modelFilter, &QComboBox::currentTextChanged, this, &RequestsPage::loadEntries);
    connect(m_key, &QLineEdit::editingFinished, this, &RequestsPage::loadEntries);
    connect(m_export, &QPushButton::clicked, this, &RequestsPage::chooseExportFile);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RequestsPage::showDetail);
    retranslate();
}

void RequestsPage::retranslate()
{
    m_rangeLabel->setText(tr("Range:"));
    m_keyLabel->setText(tr("Key ID:"));
    m_modelLabel->setText(tr("Model:"));
    m_sourceLabel->setText(tr("Source:"));
    m_outcomeLabel->setText(tr("Outcome:"));
    m_key->setPlaceholderText(tr("any"));
    m_export->setText(tr("Export CSV…"));
    m_retentionLabel->setText(tr("Keep the log for:"));
    m_retention->setSuffix(tr(" days"));
    m_retention->setSpecialValueText(tr("forever"));
    m_retention->setToolTip(tr("Attempts older than this are removed in the background (0 keeps them all)."));
    m_export->setToolTip(tr("Save the attempts shown as a CSV file (keys masked, no prompt or answer text)"));
    const QStringList ranges{tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days")};
    for (int i = 0; i < ranges.size(); ++i)
        m_range->setItemText(i, ranges.at(i));
    m_source->setItemText(0, tr("All sources"));
    int i = 1;
    for (RequestSource s :
         {RequestSource::Chat, RequestSource::Batch, RequestSource::Proxy, RequestSource::Check, RequestSource::Other})
        m_source->setItemText(i++, RequestLogModel::sourceText(s));
    m_outcome->setItemText(0, tr("All outcomes"));
    i = 1;
    for (OutcomeClass k : {OutcomeClass::Success, OutcomeClass::RateLimited, OutcomeClass::KeyInvalid,
                           OutcomeClass::ServerError, OutcomeClass::RequestError, OutcomeClass::Cancelled})
        m_outcome->setItemText(i++, RequestLogModel::className(k));
    m_modelFilter->setPlaceholderText(tr("all models"));
    if (m_modelFilter->lineEdit())
        m_modelFilter->lineEdit()->setPlaceholderText(tr("all models"));
    updateCount();
    showDetail();
}

void RequestsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_range)
        retranslate();
    QWidget::changeEvent(event);
}

void RequestsPage::setRequestLog(RequestLogStore* store, RequestLogWriter* writer)
{
    if (m_writer)
        disconnect(m_writer, nullptr, this, nullptr);
    m_store = store;
    m_writer = writer;
    if (m_writer) {
        connect(m_writer, &RequestLogWriter::written, this, [this] {
            if (isVisible() && !m_dirty)
                fetchNewer();
            else
                m_dirty = true;
        });
        connect(m_writer, &RequestLogWriter::pruned, this, [this] { m_dirty = true; });
    }
    m_dirty = true;
    {
        const QSignalBlocker block(m_retention);
        m_retention->setEnabled(m_writer != nullptr);
        if (m_writer)
            m_retention->setValue(m_writer->retentionDays());
    }
    if (isVisible())
        reload();
}

RequestLogFilter RequestsPage::currentFilter() const
{
    RequestLogFilter f;
    const qint64 now = m_pool ? m_pool->now() : QDateTime::currentMSecsSinceEpoch();
    f.sinceMs = now - m_range->currentData().toLongLong();
    bool ok = false;
    const qint64 id = m_key->text().trimmed().toLongLong(&ok);
    if (ok && id > 0)
        f.keyId = id;
    f.model = m_modelFilter->currentText().trimmed();
    const QString source = m_source->currentData().toString();
    if (!source.isEmpty())
        f.source = RequestLogEntry::sourceFromName(source);
    const int kind = m_outcome->currentData().toInt();
    if (kind >= 0)
        f.kind = OutcomeClass(kind);
    f.limit = MaxRows;
    return f;
}

void RequestsPage::reload()
{
    refreshModelList();
    loadEntries();
}

void RequestsPage::refreshModelList()
{
    if (!m_store || !m_store->isOpen())
        return;
    const QString typedModel = m_modelFilter->currentText();
    {
        // Models seen in the log, for the model filter's list.
        QSignalBlocker block(m_modelFilter);
        QStringList models;
        for (const UsageRow& row : m_store->usage(UsageGrouping::Model, currentFilter().sinceMs, {}))
            if (!row.group.isEmpty())
                models << row.group;
        models.sort();
        m_modelFilter->clear();
        m_modelFilter->addItem(QString());
        m_modelFilter->addItems(models);
        m_modelFilter->setCurrentText(typedModel);
    }
}

void RequestsPage::loadEntries()
{
    m_dirty = false;
    if (!m_store || !m_store->isOpen()) {
        m_model->setEntries({});
        updateCount();
        showDetail();
        return;
    }
    m_model->setEntries(m_store->entries(currentFilter()));
    updateCount();
    showDetail();
}

void RequestsPage::fetchNewer()
{
    if (!m_store || !m_store->isOpen())
        return;
    RequestLogFilter f = currentFilter();
    f.afterId = m_model->newestId();
    const QList<RequestLogEntry> newer = m_store->entries(f);
    if (newer.isEmpty())
        return;
    m_model->prepend(newer, MaxRows);
    updateCount();
}

void RequestsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        reload();
}

void RequestsPage::updateCount()
{
    if (!m_count)
        return;
    if (!m_store || !m_store->isOpen()) {
        m_count->setText(tr("The request log is not available: the key database is not open."));
        return;
    }
    const int n = m_model->rowCount();
    m_count->setText(
        n >= MaxRows
            ? tr("Showing the newest %1 attempts; narrow the filter to see older ones.").arg(QLocale().toString(n))
            : tr("%n attempt(s)", nullptr, n));
}

void RequestsPage::showDetail()
{
    if (!m_detail)
        return;
    const QModelIndex current = m_table->selectionModel() ? m_table->selectionModel()->currentIndex() : QModelIndex();
    if (!current.isValid()) {
        m_detail->setPlainText(tr("Select an attempt to see it in full. The log never holds prompts or answers, "
                                  "only what happened: when, which key and model, the outcome and the tokens."));
        return;
    }
    const RequestLogEntry& e = m_model->entryAt(m_sorted->mapToSource(current).row());
    const QLocale locale;
    QString html = QStringLiteral("<table cellspacing=4>");
    const auto row = [&html](const QString& name, const QString& value) {
        html +=
            QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Time"), QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    row(tr("Source"), RequestLogModel::sourceText(e.source));
    row(tr("Model"), e.model.isEmpty() ? tr("(none: a key check lists models)") : e.model);
    row(tr("Key"), tr("%1 (ID %2)").arg(e.keyMasked).arg(e.keyId));
    if (!e.project.isEmpty())
        row(tr("Project"), e.project);
    row(tr("Result"), RequestLogModel::className(e.kind));
    row(tr("HTTP status"), e.httpStatus > 0 ? QString::number(e.httpStatus) : tr("none (no answer from the server)"));
    if (!e.reason.isEmpty())
        row(tr("Reason or quota"), e.reason);
    if (!e.message.isEmpty())
        row(tr("Message"), e.message);
    row(tr("Latency"), tr("%1 ms").arg(locale.toString(e.latencyMs)));
    row(tr("Attempt"),
        e.attempt > 1 ? tr("%1 (retry %2 of its request)").arg(e.attempt).arg(e.attempt - 1) : tr("1 (first try)"));
    row(tr("Tokens"),
        tr("prompt %1 · answer %2 · thinking %3")
            .arg(locale.toString(e.promptTokens), locale.toString(e.answerTokens), locale.toString(e.thinkingTokens)));
    html += QStringLiteral("</table>");
    m_detail->setHtml(html);
}

bool RequestsPage::exportCsv(const QString& path)
{
    QList<RequestLogEntry> rows;
    rows.reserve(m_sorted->rowCount());
    for (int r = 0; r < m_sorted->rowCount(); ++r)
        rows.append(m_model->entryAt(m_sorted->mapToSource(m_sorted->index(r, 0)).row()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(RequestLogModel::toCsv(rows)) < 0 || !file.commit()) {
        m_lastError = tr("Could not write %1: %2. Choose another folder.")
                          .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    m_lastError.clear();
    return true;
}

void RequestsPage::chooseExportFile()
{
    const QString path =
        FileDialog::getSaveFileName(this, tr("Export the request log"),
                                    QDir::home().filePath(QStringLiteral("requests.csv")), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (exportCsv(path))
        Q_EMIT statusMessage(
            tr("%n attempt(s) exported to %1", nullptr, m_sorted->rowCount()).arg(QDir::toNativeSeparators(path)));
    else
        Q_EMIT statusMessage(m_lastError, 10000);
}

} // namespace egb
