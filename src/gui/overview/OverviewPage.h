#pragma once

#include "KeyPool.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QPushButton;
class QTabWidget;
class QDateTimeAxis;
class QFrame;
class QLabel;
class QLineSeries;
class QTableWidget;
class QTimer;
class QValueAxis;

namespace egb {

class AppSettings;
class RequestHistory;
class RequestLogStore;
class RequestLogWriter;

/// The pool at a glance: totals and the share of available keys in big numbers, a warning banner when that share
/// falls below the threshold in AppSettings, a chart of attempts by outcome class, and the ten keys with the most
/// failures.
///
/// With a request log (setRequestLog) everything below the totals is drawn from the pool's database, so it is the
/// same after a restart: a range (last hour, 24 hours, 7 days, 30 days), attempts by outcome over the range (from
/// the per-minute roll-ups), tokens and estimated cost per model and per day, and the keys with the most failures
/// in the range, by total failures. Without one (tests of the pool alone) the chart shows the in-memory
/// RequestHistory of the last hour and the list ranks the pool's keys by failures in a row.
///
/// Live, but cheap with 100,000 keys: totals follow KeyPool::statsChanged (already coalesced by the pool); the chart
/// and the top-ten list refresh on a timer (every 2 s by default) that runs only while the page is visible, and the
/// O(n) top-ten scan runs only when keys changed since the last one.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int TopCount = 10;
    enum Range
    {
        LastHour,
        Last24Hours,
        Last7Days,
        Last30Days,
    };

    OverviewPage(KeyPool* pool, RequestHistory* history, AppSettings* settings, QWidget* parent = nullptr);
    ~OverviewPage() override;

    /// Draw the chart, the tables and the failing keys from the request log (both may be null: back to the
    /// in-memory history). The store reads on this thread; the writer says when new attempts were written.
    void setRequestLog(RequestLogStore* store, RequestLogWriter* writer);
    void setRange(Range range);
    Range range() const;
    /// How long the last drawing from the log took (ms), for the benchmark.
    qint64 lastDrawMs() const { return m_lastDrawMs; }

    void setRefreshInterval(int ms);
    int refreshInterval() const;

    /// Recompute everything now (totals, banner, chart, top list), visible or not.
    void refreshNow();

    /// The counts the page shows.
    PoolStats shownStats() const { return m_stats; }
    /// True while the low-availability banner is up.
    bool isWarningShown() const;
    /// How many O(n) top-failure scans ran (lets tests check the page does not scan needlessly).
    int topScanCount() const { return m_topScans; }

    /// Rows of the (at most) n keys with the most consecutive failures, then the most failures in total, worst
    /// first; keys that never failed are left out. O(size · log n).
    static QList<int> worstRows(const KeyPool& pool, int n);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void onStatsChanged(const PoolStats& stats);
    void onTimer();
    void updateTotals();
    void updateBanner();
    void updateChart();
    void updateTopFailures();
    void updateFromLog();
    void editPrices();
    void retranslate();
    qint64 now() const;

    KeyPool* m_pool;
    RequestHistory* m_history;
    AppSettings* m_settings;
    RequestLogStore* m_log = nullptr;
    QPointer<RequestLogWriter> m_logWriter;
    bool m_logDirty = true;
    qint64 m_logMinute = -1;
    qint64 m_lastDrawMs = 0;

    PoolStats m_stats;
    int m_thresholdPercent = 50;
    bool m_statsDirty = true;
    bool m_topDirty = true;
    quint64 m_chartRevision = ~quint64(0);
    qint64 m_chartMinute = -1;
    int m_topScans = 0;

    QTimer* m_timer = nullptr;
    QLabel* m_totalValue = nullptr;
    QLabel* m_availableValue = nullptr;
    QLabel* m_coolingValue = nullptr;
    QLabel* m_disabledValue = nullptr;
    QLabel* m_shareValue = nullptr;
    QList<QLabel*> m_captions;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_chartTitle = nullptr;
    QLabel* m_hourSummary = nullptr;
    QChartView* m_chartView = nullptr;
    QDateTimeAxis* m_timeAxis = nullptr;
    QValueAxis* m_countAxis = nullptr;
    QList<QLineSeries*> m_series; ///< success, rate limited, key invalid, server error
    QLabel* m_topTitle = nullptr;
    QTableWidget* m_topTable = nullptr;
    QLabel* m_noFailures = nullptr;
    QLabel* m_rangeLabel = nullptr;
    QComboBox* m_range = nullptr;
    QPushButton* m_pricesButton = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_topPane = nullptr;
    QTableWidget* m_modelTable = nullptr;
    QTableWidget* m_dayTable = nullptr;
};

} // namespace egb
