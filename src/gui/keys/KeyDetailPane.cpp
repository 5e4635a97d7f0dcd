#include "KeyDetailPane.h"

#include "KeyPool.h"
#include "KeyTableModel.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace egb {

KeyDetailPane::KeyDetailPane(KeyPool* pool, QWidget* parent)
    : QWidget(parent)
    , m_pool(pool)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("keyDetailPane"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("keyDetailTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_forget = new QPushButton(this);
    m_forget->setObjectName(QStringLiteral("forgetLimitsButton"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("keyDetailTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents); // a few rows: cheap
    m_table->horizontalHeader()->setSectionResizeMode(LearnedColumn, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_forget);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &KeyDetailPane::refresh);
    connect(m_forget, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        const bool one = row >= 0 && m_table->selectionModel()->isRowSelected(row, {});
        forgetLearnedLimits(one ? m_table->item(row, ModelColumn)->text() : QString());
    });
    if (m_pool)
        connect(m_pool, &KeyPool::keysChanged, this, [this](const QList<qint64>& ids) {
            if (ids.contains(m_id))
                refresh();
        });
    retranslate();
}

void KeyDetailPane::setKey(qint64 id)
{
    if (id == m_id)
        return;
    m_id = id;
    refresh();
}

QString KeyDetailPane::stateText(const QString& model, qint64 now) const
{
    const std::optional<QuotaBucket> b = m_pool->bucket(m_id, model);
    if (!b)
        return {};
    switch (b->stateAt(now, m_pool->limitsFor(model))) {
    case QuotaBucket::State::Available:
        return tr("available");
    case QuotaBucket::State::Paced:
        return tr("paced: just under the project's limit");
    case QuotaBucket::State::CoolingDown:
        return tr("resting after a 429, %1 left")
            .arg(KeyTableModel::formatDuration(std::max<qint64>(0, b->cooldownUntilMs - now)));
    case QuotaBucket::State::DailySpent:
        return tr("daily quota spent, back at %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(b->dailyUntilMs), QLocale::ShortFormat));
    case QuotaBucket::State::NotOffered:
        return tr("not offered to this project");
    }
    return {};
}

void KeyDetailPane::refresh()
{
    const ApiKey* key = m_pool && m_id > 0 ? m_pool->find(m_id) : nullptr;
    if (!key) {
        m_title->setText(tr("Select a key to see its quota per model."));
        m_table->setRowCount(0);
        m_forget->setEnabled(false);
        return;
    }
    const QString project = m_pool->projectOf(m_id);
    m_title->setText(project.startsWith(QLatin1Char('#'))
                         ? tr("%1: its own project (no group)").arg(key->masked())
                         : tr("%1: project %2 (shared by the keys of this group)").arg(key->masked(), project));
    const qint64 now = m_pool->now();
    const QStringList models = m_pool->bucketModels(m_id);
    const QString selected = m_table->currentRow() >= 0 && m_table->item(m_table->currentRow(), ModelColumn)
                                 ? m_table->item(m_table->currentRow(), ModelColumn)->text()
                                 : QString();
    m_table->setRowCount(int(models.size()));
    bool learned = false;
    const QLocale locale;
    for (int row = 0; row < models.size(); ++row) {
        const QString& model = models.at(row);
        const std::optional<QuotaBucket> b = m_pool->bucket(m_id, model);
        const bool today = b && b->dayEndMs > now;
        const auto set = [this, row](int column, const QString& text) {
            QTableWidgetItem* item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            item->setText(text);
        };
        set(ModelColumn, model);
        set(StateColumn, stateText(model, now));
        set(RequestsColumn, locale.toString(today ? b->dayRequests : 0));
        set(TokensColumn, locale.toString(today ? b->dayTokens : 0));
        if (b && b->learnedLimit > 0) {
            learned = true;
            set(LearnedColumn, tr("%1 requests per %2 s")
                                   .arg(b->learnedLimit)
                                   .arg(locale.toString(double(b->learnedWindowMs) / 1000.0, 'f', 1)));
        } else {
            set(LearnedColumn, tr("none"));
        }
        if (model == selected)
            m_table->selectRow(row);
    }
    if (models.isEmpty())
        m_title->setText(m_title->text() + QLatin1Char(' ') + tr("No model was requested with it yet."));
    m_forget->setEnabled(learned);
}

void KeyDetailPane::forgetLearnedLimits(const QString& model)
{
    if (!m_pool || m_id == 0)
        return;
    m_pool->resetLearnedLimits(m_id, model);
    refresh();
}

void KeyDetailPane::retranslate()
{
    m_table->setHorizontalHeaderLabels(
        {tr("Model"), tr("Quota state"), tr("Requests today"), tr("Input tokens today"), tr("Learned limit")});
    m_forget->setText(tr("Forget learned limits"));
    m_forget->setToolTip(tr("The pool paces the project by what Google's 429s taught it; forget that for the selected "
                            "model (or all models when none is selected), e.g. after an upgrade of the plan"));
    refresh();
}

void KeyDetailPane::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void KeyDetailPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer->start();
}

void KeyDetailPane::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace egb
