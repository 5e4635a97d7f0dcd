#include "OverviewPage.h"

#include "AppSettings.h"
#include "RequestHistory.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
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
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

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

    // Attempts per minute over the last hour.
    m_chartTitle = new QLabel(this);
    QFont titleFont = m_chartTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_chartTitle->setFont(titleFont);
    root->addWidget(m_chartTitle);

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

    // The keys with the most failures.
    m_topTitle = new QLabel(this);
    m_topTitle->setFont(titleFont);
    root->addWidget(m_topTitle);
    m_topTable = new QTableWidget(0, ColumnCount, this);
    m_topTable->setObjectName(QStringLiteral("topFailuresTable"));
    m_topTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_topTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_topTable->setAlternatingRowColors(true);
    m_topTable->verticalHeader()->hide();
    m_topTable->horizontalHeader()->setStretchLastSection(true);
    m_topTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_topTable->horizontalHeader()->setSectionResizeMode(ColLastError, QHeaderView::Stretch);
    m_topTable->setMinimumHeight(160);
    root->addWidget(m_topTable, 2);
    m_noFailures = new QLabel(this);
    m_noFailures->setObjectName(QStringLiteral("noFailuresLabel"));
    m_noFailures->setAlignment(Qt::AlignCenter);
    m_noFailures->setStyleSheet(QStringLiteral("color: palette(dark); padding: 12px;"));
    root->addWidget(m_noFailures);
    m_topTable->hide();

    retranslate();
}

void OverviewPage::retranslate()
{
    const QStringList captions{tr("Keys"), tr("Available"), tr("Cooling down"), tr("Disabled"), tr("Available share")};
    for (int i = 0; i < m_captions.size() && i < captions.size(); ++i)
        m_captions.at(i)->setText(captions.at(i));
    m_chartTitle->setText(tr("Attempts per minute, last hour"));
    const QStringList seriesTitles{tr("Success"), tr("Rate limited"), tr("Key invalid"), tr("Server error")};
    for (int i = 0; i < m_series.size(); ++i)
        m_series.at(i)->setName(seriesTitles.at(i));
    m_topTitle->setText(tr("Keys with the most failures"));
    m_topTable->setHorizontalHeaderLabels(
        {tr("Key"), tr("Label"), tr("Status"), tr("Failures in a row"), tr("Failures in total"), tr("Last error")});
    m_noFailures->setText(tr("No key has failed. Keys that fail show up here, worst first."));
    m_chartRevision = ~quint64(0); // the summary text is translated too
    updateTotals();
    updateBanner();
}

void OverviewPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_totalValue)
        retranslate();
    QWidget::changeEvent(event);
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

} // namespace egb
