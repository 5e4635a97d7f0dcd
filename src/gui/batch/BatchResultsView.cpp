#include "BatchResultsView.h"

#include "BatchResultFilter.h"
#include "BatchResultModel.h"

#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace egb {

BatchResultsView::BatchResultsView(BatchResultModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new BatchResultFilter(model, this))
{
    m_showCombo = new QComboBox(this);
    m_showCombo->setObjectName(QStringLiteral("resultShowCombo"));
    for (int i = 0; i < 4; ++i)
        m_showCombo->addItem(QString());
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("resultSearchEdit"));
    m_search->setClearButtonEnabled(true);
    m_shownLabel = new QLabel(this);
    m_shownLabel->setObjectName(QStringLiteral("resultShownLabel"));
    m_showLabel = new QLabel(this);
    m_showLabel->setBuddy(m_showCombo);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_showLabel);
    filterRow->addWidget(m_showCombo);
    filterRow->addWidget(m_search, 1);
    filterRow->addWidget(m_shownLabel);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("resultsTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(BatchResultModel::IndexColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    {
        const QFontMetrics fm = m_table->fontMetrics();
        const auto width = [&fm](const QString& sample) { return fm.horizontalAdvance(sample) + 24; };
        QHeaderView* header = m_table->horizontalHeader();
        header->resizeSection(BatchResultModel::IndexColumn, width(QStringLiteral("00000")));
        header->resizeSection(BatchResultModel::StatusColumn, width(QStringLiteral("pending__")));
        header->resizeSection(BatchResultModel::AttemptsColumn, width(QStringLiteral("Attempts")));
        header->resizeSection(BatchResultModel::KeyColumn, width(QStringLiteral("AIza...Xy12_")));
        header->resizeSection(BatchResultModel::LatencyColumn, width(QStringLiteral("000000 ms")));
        header->resizeSection(BatchResultModel::TokensColumn, width(QStringLiteral("Tokens_")));
        header->resizeSection(BatchResultModel::PromptColumn, width(QString(28, u'n')));
    }
    m_table->setWordWrap(false);
    m_answer = new QTextBrowser(this);
    m_answer->setObjectName(QStringLiteral("answerView"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_answer);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filterRow);
    layout->addWidget(splitter, 1);

    connect(m_showCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setShow(BatchResultFilter::Show(qBound(0, index, 3)));
        updateShownLabel();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setText(text);
        updateShownLabel();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BatchResultsView::showSelected);
    connect(m_model, &QAbstractItemModel::modelReset, this, &BatchResultsView::showSelected); // Retry failed, a new run
    // Rows come and go under a filter as results arrive: the count follows, and so does the pane (the selected row
    // may have changed or left).
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &BatchResultsView::updateShownLabel);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &BatchResultsView::updateShownLabel);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
        if (!current.isValid() || (current.row() >= from.row() && current.row() <= to.row()))
            showSelected();
    });
    retranslate();
}

BatchResultsView::~BatchResultsView() = default;

void BatchResultsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BatchResultsView::retranslate()
{
    m_showLabel->setText(tr("Sho&w"));
    m_answer->setPlaceholderText(tr("Select a row to read its full answer."));
    m_showCombo->setItemText(int(BatchResultFilter::Show::All), tr("All rows"));
    m_showCombo->setItemText(int(BatchResultFilter::Show::Failed), tr("Failed"));
    m_showCombo->setItemText(int(BatchResultFilter::Show::Answered), tr("Answered"));
    m_showCombo->setItemText(int(BatchResultFilter::Show::Pending), tr("Not answered yet"));
    m_search->setPlaceholderText(tr("Filter by prompt, answer or error"));
    updateShownLabel();
    showSelected();
}

void BatchResultsView::updateShownLabel()
{
    m_shownLabel->setText(m_filter->isFiltering()
                              ? tr("%1 of %n shown", nullptr, m_model->rowCount()).arg(m_filter->rowCount())
                              : QString());
}

void BatchResultsView::showSelected()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_answer->clear();
        return;
    }
    const BatchItem& it = m_model->item(current.row());
    if (it.status == BatchItem::Status::Error)
        m_answer->setPlainText(tr("Failed: %1").arg(it.error));
    else if (it.status == BatchItem::Status::Ok)
        m_answer->setMarkdown(it.text);
    else
        m_answer->setPlainText(tr("No answer yet."));
}

} // namespace egb
