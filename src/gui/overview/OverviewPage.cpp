#include "OverviewPage.h"

#include "AppSettings.h"
#include "PriceTableDialog.h"
#include "RequestHistory.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QElapsedTimer>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace egb {

namespace {
enum TopColumn
{
    ColKey,
    ColLabel,
    ColStatus,
    ColConsecutive,
    ColTotal,
    ColLastError,
    ColumnCount
};

// Outcome colours, shared by the chart and the status icons.
const QColor SuccessColor(0x2e, 0x7d, 0x32);
const QColor RateLimitedColor(0xf5, 0x9e, 0x0b);
const QColor KeyInvalidColor(0xc6, 0x28, 0x28);
const QColor ServerErrorColor(0x6a, 0x1b, 0x9a);

QLabel* makeValueLabel(const QString& objectName, const QColor& color, QWidget* parent)
{
    auto* label = new QLabel(QStringLiteral("0"), parent);
    label->setObjectName(objectName);
    QFont font = label->font();
    font.setPointSizeF(std::max(20.0, font.pointSizeF() * 2.4));
    font.setBold(true);
    label->setFont(font);
    if (color.isValid())
        label->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A round axis end at or above v, and its tick count: steps of 1, 2 or 5 × 10^k, at most five intervals.
// 67 -> 0..80 in steps of 20; 5 or less -> 0..5 in steps of 1.
std::pair<int, int> niceAxis(double v)
{
    if (v <= 5.0)
        return {5, 6};
    const double magnitude = std::pow(10.0, std::floor(std::log10(v / 5.0)));
    for (double m : {1.0, 2.0, 5.0, 10.0, 20.0}) {
        const double step = m * magnitude;
        const int intervals = int(std::ceil(v / step - 1e-9));
        if (intervals <= 5)
            return {int(std::lround(intervals * step)), intervals + 1};
    }
    return {int(std::ceil(v)), 2};
}

constexpr qint64 MinuteMs = 60'000;
// Per range: its length in minutes and the chart's bucket in minutes (60, 96, 168 and 120 points).
constexpr int RangeMinutes[] = {60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60};
constexpr int BucketMinutes[] = {1, 15, 60, 360};

QString costText(const std::optional<double>& cost)
{
    return cost ? QLocale().toString(*cost, 'f', *cost < 1.0 ? 4 : 2) : QStringLiteral("–");
}

void setRow(QTableWidget* table, int row, const QStringList& texts, int firstNumber)
{
    for (int col = 0; col < texts.size(); ++col) {
        QTableWidgetItem* item = table->item(row, col);
        if (!item) {
            item = new QTableWidgetItem;
            table->setItem(row, col, item);
        }
        item->setText(texts.at(col));
        if (col >= firstNumber)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
}

QTableWidget* makeTable(const QString& name, int columns, QWidget* parent)
{
    auto* table = new QTableWidget(0, columns, parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

struct Candidate
{
    int consecutive;
    qint64 total;
    int row;
};

// True when a is worse (belongs higher in the list) than b.
bool worse(const Candidate& a, const Candidate& b)
{
    if (a.consecutive != b.consecutive)
        return a.consecutive > b.consecutive;
    if (a.total != b.total)
        return a.total > b.total;
    return a.row < b.row;
}
} // namespace

OverviewPage::OverviewPage(KeyPool* pool, RequestHistory* history, AppSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_pool(pool)
    , m_history(history)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("overviewPage"));
    buildUi();

    m_timer = new QTimer(this);
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &OverviewPage::onTimer);

    if (m_settings) {
        m_thresholdPercent = m_settings->availabilityThresholdPercent();
        connect(m_settings, &AppSettings::changed, this, [this] {
            m_thresholdPercent = m_settings->availabilityThresholdPercent();
            updateBanner();
        });
    }
    if (m_pool) {
        connect(m_pool, &KeyPool::statsChanged, this, &OverviewPage::onStatsChanged);
        connect(m_pool, &KeyPool::keysChanged, this, [this] { m_topDirty = true; });
        auto structural = [this] {
            m_statsDirty = true;
            m_topDirty = true;
        };
        connect(m_pool, &KeyPool::keysAdded, this, structural);
        connect(m_pool, &KeyPool::keysRemoved, this, structural);
        connect(m_pool, &KeyPool::keysEdited, this, structural);
        connect(m_pool, &KeyPool::poolReset, this, [this] {
            m_stats = m_pool->stats();
            m_statsDirty = false;
            m_topDirty = true;
            updateTotals();
            updateBanner();
        });
        connect(m_pool, &QObject::destroyed, this, [this] { m_pool = nullptr; });
        m_stats = m_pool->stats();
        m_statsDirty = false;
    }
    if (m_history)
        connect(m_history, &QObject::destroyed, this, [this] { m_history = nullptr; });
    updateTotals();
    updateBanner();
}

OverviewPage::~OverviewPage() = default;

void OverviewPage::buildUi()
{
    auto* root = new QVBoxLayout(this);
    root->setSpacing(12);

    // Big numbers.
    auto* cards = new QHBoxLayout;
    cards->setSpacing(12);
    const QColor none;
    m_totalValue = makeValueLabel(QStringLiteral("totalKeysValue"), none, this);
    m_availableValue = makeValueLabel(QStringLiteral("availableKeysValue"), SuccessColor, this);
    m_coolingValue = makeValueLabel(QStringLiteral("coolingKeysValue"), RateLimitedColor.darker(115), this);
    m_disabledValue = makeValueLabel(QStringLiteral("disabledKeysValue"), KeyInvalidColor, this);
    m_shareValue = makeValueLabel(QStringLiteral("availableShareValue"), none, this);
    const QList<QLabel*> values{m_totalValue, m_availableValue, m_coolingValue, m_disabledValue, m_shareValue};
    for (QLabel* value : values) {
        auto* card = new QFrame(this);
        card->setObjectName(value->objectName() + QStringLiteral("Card"));
        card->setFrameShape(QFrame::StyledPanel);
        card->setStyleSheet(QStringLiteral("#%1 { background: palette(base); border: 1px solid palette(mid); "
                                           "border-radius: 8px; }")
                                .arg(card->objectName()));
        auto* cardLayout = new QVBoxLayout(card);
        cardLayout->setContentsMargins(16, 10, 16, 12);
        auto* caption = new QLabel(card);
        caption->setStyleSheet(QStringLiteral("color: palette(dark);"));
        m_captions.append(caption);
        cardLayout->addWidget(caption);
        cardLayout->addWidget(value);
        cards->addWidget(card, 1);
    }
    root->addLayout(cards);

    // Low-availability banner.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("availabilityBanner"));
    m_banner->setStyleSheet(QStringLiteral("#availabilityBanner { background: #fff4e5; border: 1px solid #f59e0b; "
                                           "border-radius: 6px; } #availabilityBanner QLabel { color: #7a4100; }"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 8, 12, 8);
    auto* bannerIcon = new QLabel(m_banner);
    bannerIcon->setPixmap(QIcon(QStringLiteral(":/icons/status-cooling.svg")).pixmap(24, 24));
    bannerLayout->addWidget(bannerIcon);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("availabilityBannerText"));
    m_bannerText->setWordWrap(true);
    bannerLayout->addWidget(m_bannerText, 1);
    m_banner->hide();
    root->addWidget(m_banner);

    // Attempts by outcome over the range.
    auto* rangeBar = new QHBoxLayout;
    m_chartTitle = new QLabel(this);
    QFont titleFont = m_chartTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_chartTitle->setFont(titleFont);
    rangeBar->addWidget(m_chartTitle, 1);
    m_rangeLabel = new QLabel(this);
    rangeBar->addWidget(m_rangeLabel);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("overviewRange"));
    for (int i = 0; i < 4; ++i)
        m_range->addItem(QString());
    m_range->setCurrentIndex(Last24Hours);
    m_range->setEnabled(false); // the in-memory history knows the last hour only
    rangeBar->addWidget(m_range);
    m_pricesButton = new QPushButton(this);
    m_pricesButton->setObjectName(QStringLiteral("overviewPricesButton"));
    m_pricesButton->setEnabled(false);
    rangeBar->addWidget(m_pricesButton);
    root->addLayout(rangeBar);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        m_logDirty = true;
        m_chartRevision = ~quint64(0);
        retranslate(); // the chart's title names the range
        updateChart();
        if (!m_log)
            updateTopFailures();
    });
    connect(m_pricesButton, &QPushButton::clicked, this, &OverviewPage::editPrices);

    auto* chart = new QChart;
    chart->setObjectName(QStringLiteral("requestsChart"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(6);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(7);
    m_countAxis = new QValueAxis;
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countAxis->setRange(0, 10);
    m_countAxis->setMinorTickCount(0);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    const QList<QPair<QString, QColor>> seriesNames{{QStringLiteral("successSeries"), SuccessColor},
                                                    {QStringLiteral("rateLimitedSeries"), RateLimitedColor},
                                                    {QStringLiteral("keyInvalidSeries"), KeyInvalidColor},
                                                    {QStringLiteral("serverErrorSeries"), ServerErrorColor}};
    for (const auto& [name, color] : seriesNames) {
        auto* series = new QLineSeries;
        series->setObjectName(name);
        QPen pen(color);
        pen.setWidthF(2.0);
        series->setPen(pen);
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_countAxis);
        m_series.append(series);
    }
    m_chartView = new QChartView(chart, this);
    m_chartView->setObjectName(QStringLiteral("requestsChartView"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    root->addWidget(m_chartView, 3);

    m_hourSummary = new QLabel(this);
    m_hourSummary->setObjectName(QStringLiteral("hourSummaryLabel"));
    m_hourSummary->setWordWrap(true);
    root->addWidget(m_hourSummary);

    // The keys with the most failures, and usage per model and per day, in tabs.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("overviewTabs"));
    m_topPane = new QWidget(m_tabs);
    auto* topLayout = new QVBoxLayout(m_topPane);
    topLayout->setContentsMargins(0, 4, 0, 0);
    m_topTitle = new QLabel(m_topPane);
    m_topTitle->hide(); // the tab says it
    topLayout->addWidget(m_topTitle);
    m_topTable = new QTableWidget(0, ColumnCount, m_topPane);
    m_topTable->setObjectName(QStringLiteral("topFailuresTable"));
    m_topTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topTable->setAlternatingRowColors(true);
    m_topTable->verticalHeader()->hide();
    m_topTable->horizontalHeader()->setStretchLastSection(true);
    m_topTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_topTable->horizontalHeader()->setSectionResizeMode(ColLastError, QHeaderView::Stretch);
    m_topTable->setMinimumHeight(160);
    topLayout->addWidget(m_topTable, 1);
    m_noFailures = new QLabel(m_topPane);
    m_noFailures->setObjectName(QStringLiteral("noFailuresLabel"));
    m_noFailures->setAlignment(Qt::AlignCenter);
    m_noFailures->setStyleSheet(QStringLiteral("color: palette(dark); padding: 12px;"));
    topLayout->addWidget(m_noFailures);
    topLayout->addStretch(0);
    m_topTable->hide();
    m_tabs->addTab(m_topPane, QString());
    m_modelTable = makeTable(QStringLiteral("modelUsageTable"), 7, m_tabs);
    m_tabs->addTab(m_modelTable, QString());
    m_dayTable = makeTable(QStringLiteral("dayUsageTable"), 6, m_tabs);
    m_tabs->addTab(m_dayTable, QString());
    m_tabs->setTabVisible(1, false);
    m_tabs->setTabVisible(2, false);
    root->addWidget(m_tabs, 2);

    retranslate();
}

void OverviewPage::retranslate()
{
    const QStringList captions{tr("Keys"), tr("Available"), tr("Cooling down"), tr("Disabled"), tr("Available share")};
    for (int i = 0; i < m_captions.size() && i < captions.size(); ++i)
        m_captions.at(i)->setText(captions.at(i));
    m_rangeLabel->setText(tr("Range:"));
    const QStringList ranges{tr("Last hour"), tr("Last 24 hours"), tr("Last 7 days"), tr("Last 30 days")};
    for (int i = 0; i < ranges.size(); ++i)
        m_range->setItemText(i, ranges.at(i));
    m_pricesButton->setText(tr("Prices…"));
    m_pricesButton->setToolTip(tr("Prices per model, to estimate what the tokens cost"));
    if (!m_log) {
        m_chartTitle->setText(tr("Attempts per minute, last hour"));
    } else {
        const QStringList titles{tr("Attempts per minute, last hour"), tr("Attempts per 15 minutes, last 24 hours"),
                                 tr("Attempts per hour, last 7 days"), tr("Attempts per 6 hours, last 30 days")};
        m_chartTitle->setText(titles.value(m_range->currentIndex()));
    }
    m_tabs->setTabText(0, tr("Keys with the most failures"));
    m_tabs->setTabText(1, tr("Per model"));
    m_tabs->setTabText(2, tr("Per day"));
    m_modelTable->setHorizontalHeaderLabels({tr("Model"), tr("Attempts"), tr("Failed"), tr("Prompt tokens"),
                                             tr("Answer tokens"), tr("Thinking tokens"), tr("Estimated cost")});
    m_dayTable->setHorizontalHeaderLabels({tr("Day"), tr("Attempts"), tr("Prompt tokens"), tr("Answer tokens"),
                                           tr("Thinking tokens"), tr("Estimated cost")});
    const QStringList seriesTitles{tr("Success"), tr("Rate limited"), tr("Key invalid"), tr("Server error")};
    for (int i = 0; i < m_series.size(); ++i)
        m_series.at(i)->setName(seriesTitles.at(i));
    m_topTitle->setText(tr("Keys with the most failures"));
    if (m_log)
        m_topTable->setHorizontalHeaderLabels(
            {tr("Key"), tr("Label"), tr("Status"), tr("Attempts in range"), tr("Failures in range"), tr("Last error")});
    else
        m_topTable->setHorizontalHeaderLabels(
            {tr("Key"), tr("Label"), tr("Status"), tr("Failures in a row"), tr("Failures in total"), tr("Last error")});
    m_noFailures->setText(m_log ? tr("No key failed in this range. Keys that fail show up here, most failures first.")
                                : tr("No key has failed. Keys that fail show up here, worst first."));
    m_chartRevision = ~quint64(0); // the summary text is translated too
    m_logDirty = true;
    m_topDirty = true; // the statuses in the list of failing keys: rebuilt when next shown or at the next tick
    updateTotals();
    updateBanner();
}

void OverviewPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_totalValue)
        retranslate();
    QWidget::changeEvent(event);
}

void OverviewPage::setRequestLog(RequestLogStore* store, RequestLogWriter* writer)
{
    if (m_logWriter)
        disconnect(m_logWriter, nullptr, this, nullptr);
    m_log = store && store->isOpen() ? store : nullptr;
    m_logWriter = writer;
    if (m_logWriter) {
        const auto dirty = [this] { m_logDirty = true; };
        connect(m_logWriter, &RequestLogWriter::written, this, dirty);
        connect(m_logWriter, &RequestLogWriter::pruned, this, dirty);
    }
    m_range->setEnabled(m_log != nullptr);
    m_pricesButton->setEnabled(m_log != nullptr);
    m_tabs->setTabVisible(1, m_log != nullptr);
    m_tabs->setTabVisible(2, m_log != nullptr);
    m_logDirty = true;
    m_topDirty = true;
    m_chartRevision = ~quint64(0);
    retranslate();
    if (isVisible())
        onTimer();
}

void OverviewPage::setRange(Range range)
{
    m_range->setCurrentIndex(int(range));
}

OverviewPage::Range OverviewPage::range() const
{
    return Range(std::clamp(m_range->currentIndex(), 0, 3));
}

void OverviewPage::editPrices()
{
    if (!m_log)
        return;
    PriceTableDialog dialog(m_log, this);
    if (dialog.exec() == QDialog::Accepted) {
        m_logDirty = true;
        updateChart();
    }
}

void OverviewPage::setRefreshInterval(int ms)
{
    m_timer->setInterval(std::max(100, ms));
}

int OverviewPage::refreshInterval() const
{
    return m_timer->interval();
}

qint64 OverviewPage::now() const
{
    return m_pool ? m_pool->now() : QDateTime::currentMSecsSinceEpoch();
}

void OverviewPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    onTimer(); // bring everything up to date at once, then keep it so while visible
    m_timer->start();
}

void OverviewPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

void OverviewPage::onStatsChanged(const PoolStats& stats)
{
    m_stats = stats;
    m_statsDirty = false;
    m_topDirty = true;
    updateTotals();
    updateBanner();
}

void OverviewPage::onTimer()
{
    if (m_statsDirty && m_pool) {
        m_stats = m_pool->stats();
        m_statsDirty = false;
        updateTotals();
        updateBanner();
    }
    if (m_log && m_topDirty) { // the keys' status and last error changed: the list shows them
        m_topDirty = false;
        m_logDirty = true;
    }
    updateChart();
    if (m_topDirty)
        updateTopFailures();
}

void OverviewPage::refreshNow()
{
    m_statsDirty = true;
    m_topDirty = true;
    m_chartRevision = ~quint64(0);
    onTimer();
}

bool OverviewPage::isWarningShown() const
{
    return !m_banner->isHidden();
}

void OverviewPage::updateTotals()
{
    const QLocale locale;
    m_totalValue->setText(locale.toString(m_stats.total));
    m_availableValue->setText(locale.toString(m_stats.available));
    m_coolingValue->setText(locale.toString(m_stats.coolingDown));
    m_disabledValue->setText(locale.toString(m_stats.disabled));
    if (m_stats.total > 0) {
        const double percent = m_stats.availableShare() * 100.0;
        // One decimal only where rounding would hide a difference (99.96 % is not 100 %).
        const int decimals = (percent > 0.0 && percent < 1.0) || (percent > 99.0 && percent < 100.0) ? 1 : 0;
        m_shareValue->setText(locale.toString(percent, 'f', decimals) + locale.percent());
    } else {
        m_shareValue->setText(QStringLiteral("–"));
    }
}

void OverviewPage::updateBanner()
{
    const bool low =
        m_stats.total > 0 && m_thresholdPercent > 0 && m_stats.availableShare() * 100.0 < double(m_thresholdPercent);
    if (low) {
        const QLocale locale;
        m_bannerText->setText(
            tr("Available keys: %1 of %2 (%3), below your warning level of %4. Requests may have to wait for "
               "cooling keys. Look at the Keys page for disabled keys, or add fresh keys.")
                .arg(locale.toString(m_stats.available), locale.toString(m_stats.total),
                     locale.toString(m_stats.availableShare() * 100.0, 'f', 0) + locale.percent(),
                     locale.toString(m_thresholdPercent) + locale.percent()));
    }
    m_banner->setVisible(low);
}

void OverviewPage::updateChart()
{
    if (m_log) {
        const qint64 minute = RequestHistory::minuteOf(now());
        if (!m_logDirty && minute == m_logMinute)
            return;
        updateFromLog();
        return;
    }
    if (!m_history)
        return;
    const qint64 t = now();
    const qint64 minute = RequestHistory::minuteOf(t);
    if (m_history->revision() == m_chartRevision && minute == m_chartMinute)
        return;
    m_chartRevision = m_history->revision();
    m_chartMinute = minute;

    const QList<MinuteCounts> rows = m_history->perMinute(t);
    const OutcomeClass classes[] = {OutcomeClass::Success, OutcomeClass::RateLimited, OutcomeClass::KeyInvalid,
                                    OutcomeClass::ServerError};
    int peak = 0;
    for (int s = 0; s < m_series.size(); ++s) {
        QList<QPointF> points;
        points.reserve(rows.size());
        for (const MinuteCounts& row : rows) {
            const int n = row.count(classes[s]);
            peak = std::max(peak, n);
            points.append(QPointF(double(row.minuteStartMs), double(n)));
        }
        m_series.at(s)->replace(points);
    }
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(rows.constFirst().minuteStartMs),
                         QDateTime::fromMSecsSinceEpoch(rows.constLast().minuteStartMs));
    const auto [top, ticks] = niceAxis(peak * 1.1);
    m_countAxis->setRange(0, top);
    m_countAxis->setTickCount(ticks);

    const MinuteCounts sum = m_history->totals(t);
    const QLocale locale;
    if (sum.total() == 0) {
        m_hourSummary->setText(tr("No attempts in the last hour."));
    } else {
        m_hourSummary->setText(
            tr("Last hour: attempts %1 · succeeded %2 (%3) · rate limited %4 · key invalid %5 · server error %6 · "
               "request error %7")
                .arg(locale.toString(sum.total()), locale.toString(sum.success),
                     locale.toString(100.0 * sum.success / sum.total(), 'f', 1) + locale.percent(),
                     locale.toString(sum.rateLimited), locale.toString(sum.keyInvalid),
                     locale.toString(sum.serverError), locale.toString(sum.requestError)));
    }
}

QList<int> OverviewPage::worstRows(const KeyPool& pool, int n)
{
    QList<int> result;
    if (n <= 0)
        return result;
    // A heap of the n worst seen so far, ordered by worse(): its front is the least bad of them, the one to drop.
    std::vector<Candidate> heap;
    heap.reserve(size_t(n) + 1);
    const int size = pool.size();
    for (int row = 0; row < size; ++row) {
        const ApiKey& key = pool.at(row);
        if (key.consecutiveFailures <= 0 && key.totalFailures <= 0)
            continue;
        const Candidate c{key.consecutiveFailures, key.totalFailures, row};
        if (int(heap.size()) < n) {
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), worse);
        } else if (worse(c, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), worse);
            heap.back() = c;
            std::push_heap(heap.begin(), heap.end(), worse);
        }
    }
    std::sort(heap.begin(), heap.end(), worse);
    result.reserve(qsizetype(heap.size()));
    for (const Candidate& c : heap)
        result.append(c.row);
    return result;
}

void OverviewPage::updateTopFailures()
{
    m_topDirty = false;
    if (m_log) {
        m_logDirty = true;
        updateChart();
        return;
    }
    if (!m_pool)
        return;
    ++m_topScans;
    const QList<int> rows = worstRows(*m_pool, TopCount);
    const qint64 t = now();
    const QLocale locale;
    m_topTable->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const ApiKey& key = m_pool->at(rows.at(i));
        QString status;
        QString icon;
        switch (key.effectiveStatus(t)) {
        case KeyStatus::Active:
            status = tr("Active");
            icon = QStringLiteral(":/icons/status-active.svg");
            break;
        case KeyStatus::CoolingDown:
            status = tr("Cooling down");
            icon = QStringLiteral(":/icons/status-cooling.svg");
            break;
        case KeyStatus::Disabled:
            status = tr("Disabled");
            icon = QStringLiteral(":/icons/status-disabled.svg");
            break;
        }
        QString lastError = key.lastError;
        if (key.lastHttpStatus > 0)
            lastError = tr("HTTP %1: %2").arg(key.lastHttpStatus).arg(lastError);
        const QStringList texts{key.masked(),
                                key.label,
                                status,
                                locale.toString(key.consecutiveFailures),
                                locale.toString(key.totalFailures),
                                lastError};
        for (int col = 0; col < ColumnCount; ++col) {
            QTableWidgetItem* item = m_topTable->item(i, col);
            if (!item) {
                item = new QTableWidgetItem;
                m_topTable->setItem(i, col, item);
            }
            item->setText(texts.at(col));
            if (col == ColConsecutive || col == ColTotal)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (col == ColStatus)
                item->setIcon(QIcon(icon));
            if (col == ColLastError)
                item->setToolTip(lastError);
            if (col == ColKey)
                item->setData(Qt::UserRole, key.id);
        }
    }
    m_topTable->setVisible(!rows.isEmpty());
    m_noFailures->setVisible(rows.isEmpty());
}

void OverviewPage::updateFromLog()
{
    if (!m_log)
        return;
    QElapsedTimer clock;
    clock.start();
    const qint64 t = now();
    m_logDirty = false;
    m_logMinute = RequestHistory::minuteOf(t);
    const int r = range();
    const int bucketMinutes = BucketMinutes[r];
    const int offsetSecs = QDateTime::fromMSecsSinceEpoch(t).offsetFromUtc();
    const qint64 offsetMinutes = offsetSecs / 60;
    // The range ends with the bucket holding now and holds RangeMinutes / BucketMinutes buckets.
    const qint64 lastBucket = (m_logMinute + offsetMinutes) / bucketMinutes;
    const int buckets = RangeMinutes[r] / bucketMinutes;
    const qint64 firstBucket = lastBucket - buckets + 1;
    const qint64 sinceMs = (firstBucket * bucketMinutes - offsetMinutes) * MinuteMs;
    const QList<RollupRow> rows = m_log->rollup(sinceMs, 0, bucketMinutes, offsetSecs);
    const PriceTable prices = m_log->prices();

    // Chart: attempts per bucket and class.
    const OutcomeClass classes[] = {OutcomeClass::Success, OutcomeClass::RateLimited, OutcomeClass::KeyInvalid,
                                    OutcomeClass::ServerError};
    std::vector<std::array<qint64, 4>> perBucket(size_t(buckets), std::array<qint64, 4>{});
    qint64 byClass[6] = {};
    struct Usage
    {
        qint64 attempts = 0, failed = 0, prompt = 0, answer = 0, thinking = 0;
        std::optional<double> cost;
    };
    std::map<QString, Usage> perModel;
    std::map<qint64, Usage> perDay; // local day number
    Usage total;
    for (const RollupRow& row : rows) {
        const qint64 b = row.bucket - firstBucket;
        if (b < 0 || b >= buckets)
            continue;
        for (int c = 0; c < 4; ++c)
            if (row.kind == classes[c])
                perBucket[size_t(b)][size_t(c)] += row.attempts;
        byClass[int(row.kind)] += row.attempts;
        const std::optional<double> cost =
            prices.cost(row.model, row.promptTokens, row.answerTokens, row.thinkingTokens);
        const qint64 day = (row.bucket * bucketMinutes) / (24 * 60);
        for (Usage* u : {&perModel[row.model], &perDay[day], &total}) {
            u->attempts += row.attempts;
            u->failed += row.kind != OutcomeClass::Success ? row.attempts : 0;
            u->prompt += row.promptTokens;
            u->answer += row.answerTokens;
            u->thinking += row.thinkingTokens;
            if (cost)
                u->cost = u->cost.value_or(0.0) + *cost;
        }
    }
    qint64 peak = 0;
    const auto bucketStartMs = [&](qint64 i) {
        return double(((firstBucket + i) * bucketMinutes - offsetMinutes) * MinuteMs);
    };
    for (int c = 0; c < m_series.size() && c < 4; ++c) {
        QList<QPointF> points;
        points.reserve(buckets);
        for (int i = 0; i < buckets; ++i) {
            const qint64 n = perBucket[size_t(i)][size_t(c)];
            peak = std::max(peak, n);
            points.append(QPointF(bucketStartMs(i), double(n)));
        }
        m_series.at(c)->replace(points);
    }
    m_timeAxis->setFormat(r <= Last24Hours ? QStringLiteral("HH:mm")
                          : r == Last7Days ? QStringLiteral("MM-dd HH:mm")
                                           : QStringLiteral("MM-dd"));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(bucketStartMs(0))),
                         QDateTime::fromMSecsSinceEpoch(qint64(bucketStartMs(buckets - 1))));
    const auto [top, ticks] = niceAxis(double(peak) * 1.1);
    m_countAxis->setRange(0, top);
    m_countAxis->setTickCount(ticks);

    // Summary of the range.
    const QLocale locale;
    const QString rangeName = m_range->currentText();
    const qint64 attempts = total.attempts;
    if (attempts == 0) {
        m_hourSummary->setText(tr("No attempts in this range (%1).").arg(rangeName));
    } else {
        QString text =
            tr("%1: attempts %2 · succeeded %3 (%4) · rate limited %5 · key invalid %6 · server error %7 · "
               "request error %8 · tokens: prompt %9, answer %10, thinking %11")
                .arg(rangeName, locale.toString(attempts), locale.toString(byClass[int(OutcomeClass::Success)]),
                     locale.toString(100.0 * double(byClass[int(OutcomeClass::Success)]) / double(attempts), 'f', 1) +
                         locale.percent(),
                     locale.toString(byClass[int(OutcomeClass::RateLimited)]),
                     locale.toString(byClass[int(OutcomeClass::KeyInvalid)]),
                     locale.toString(byClass[int(OutcomeClass::ServerError)]),
                     locale.toString(byClass[int(OutcomeClass::RequestError)]), locale.toString(total.prompt))
                .arg(locale.toString(total.answer), locale.toString(total.thinking));
        if (total.cost)
            text += tr(" · estimated cost %1").arg(costText(total.cost));
        m_hourSummary->setText(text);
    }

    // Per model, most attempts first; per day, newest first.
    std::vector<std::pair<QString, Usage>> models(perModel.begin(), perModel.end());
    std::stable_sort(models.begin(), models.end(),
                     [](const auto& a, const auto& b) { return a.second.attempts > b.second.attempts; });
    m_modelTable->setRowCount(int(models.size()));
    for (int i = 0; i < int(models.size()); ++i) {
        const auto& [model, u] = models[size_t(i)];
        setRow(m_modelTable, i,
               {model.isEmpty() ? tr("(key checks)") : model, locale.toString(u.attempts), locale.toString(u.failed),
                locale.toString(u.prompt), locale.toString(u.answer), locale.toString(u.thinking), costText(u.cost)},
               1);
    }
    m_dayTable->setRowCount(int(perDay.size()));
    int row = 0;
    for (auto it = perDay.rbegin(); it != perDay.rend(); ++it, ++row) {
        const QDate date = QDateTime::fromMSecsSinceEpoch(it->first * 86'400'000LL, Qt::UTC).date();
        setRow(m_dayTable, row,
               {locale.toString(date, QLocale::ShortFormat), locale.toString(it->second.attempts),
                locale.toString(it->second.prompt), locale.toString(it->second.answer),
                locale.toString(it->second.thinking), costText(it->second.cost)},
               1);
    }

    // Keys with the most failures in the range, by total failures.
    // Up to 24 hours exactly from the attempts; longer ranges from the daily roll-up (whole UTC days).
    const QList<KeyFailures> worst =
        r <= Last24Hours ? m_log->topFailingKeys(sinceMs, TopCount) : m_log->topFailingKeysByDay(sinceMs, TopCount);
    ++m_topScans;
    m_topTable->setRowCount(int(worst.size()));
    for (int i = 0; i < worst.size(); ++i) {
        const KeyFailures& k = worst.at(i);
        const ApiKey* key = m_pool ? m_pool->find(k.keyId) : nullptr;
        QString status = tr("Removed");
        QString icon;
        QString lastError;
        if (key) {
            switch (key->effectiveStatus(t)) {
            case KeyStatus::Active:
                status = tr("Active");
                icon = QStringLiteral(":/icons/status-active.svg");
                break;
            case KeyStatus::CoolingDown:
                status = tr("Cooling down");
                icon = QStringLiteral(":/icons/status-cooling.svg");
                break;
            case KeyStatus::Disabled:
                status = tr("Disabled");
                icon = QStringLiteral(":/icons/status-disabled.svg");
                break;
            }
            lastError = key->lastHttpStatus > 0 ? tr("HTTP %1: %2").arg(key->lastHttpStatus).arg(key->lastError)
                                                : key->lastError;
        }
        setRow(m_topTable, i,
               {key ? key->masked() : k.keyMasked, key ? key->label : QString(), status, locale.toString(k.attempts),
                locale.toString(k.failures), lastError},
               ColConsecutive);
        m_topTable->item(i, ColLastError)->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        m_topTable->item(i, ColLastError)->setToolTip(lastError);
        m_topTable->item(i, ColStatus)->setIcon(icon.isEmpty() ? QIcon() : QIcon(icon));
        m_topTable->item(i, ColKey)->setData(Qt::UserRole, k.keyId);
    }
    m_topTable->setVisible(!worst.isEmpty());
    m_noFailures->setVisible(worst.isEmpty());
    m_lastDrawMs = clock.elapsed();
}

} // namespace egb
