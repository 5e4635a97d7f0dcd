#pragma once

#include "KeyPool.h"

#include <QList>
#include <QWidget>

class QChart;
class QChartView;
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

/// The pool at a glance: totals and the share of available keys in big numbers, a warning banner when that share
/// falls below the threshold in AppSettings, a chart of attempts per minute over the last hour by outcome class,
/// and the ten keys with the most failures.
///
/// Live, but cheap with 100,000 keys: totals follow KeyPool::statsChanged (already coalesced by the pool); the chart
/// and the top-ten list refresh on a timer (every 2 s by default) that runs only while the page is visible, and the
/// O(n) top-ten scan runs only when keys changed since the last one.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int TopCount = 10;

    OverviewPage(KeyPool* pool, RequestHistory* history, AppSettings* settings, QWidget* parent = nullptr);
    ~OverviewPage() override;

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
    void retranslate();
    qint64 now() const;

    KeyPool* m_pool;
    RequestHistory* m_history;
    AppSettings* m_settings;

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
};

} // namespace egb
