#pragma once

#include "ApiKey.h"

#include <QElapsedTimer>
#include <QSortFilterProxyModel>

#include <optional>

class QTimer;

namespace egb {

class KeyTableModel;

/// Search, status filter and sort over a KeyTableModel.
///
/// The proxy is not dynamic: a health report changes a cell in place but does not move or hide its row at once,
/// because re-sorting 100,000 rows on every coalesced change would stall the window. Instead the order and the
/// filter are refreshed by refresh() (a header click, F5), and automatically after changes when that is cheap:
/// never more often than 20 times the last refresh's cost and never more than once a second, and not at all when
/// one refresh costs more than a frame budget (then the person refreshes on request).
class KeyFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit KeyFilterModel(QObject* parent = nullptr);
    ~KeyFilterModel() override;

    void setSourceModel(QAbstractItemModel* model) override;

    /// Case-insensitive text matched against the masked key, label, group, last error and disabled reason.
    void setSearchText(const QString& text);
    QString searchText() const { return m_search; }
    /// Only keys with this effective status; std::nullopt shows all.
    void setStatusFilter(std::optional<KeyStatus> status);
    std::optional<KeyStatus> statusFilter() const { return m_status; }

    /// Re-apply the filter and the sort now.
    void refresh();
    /// True when rows changed since the last refresh and the order or filter may be stale.
    bool isStale() const { return m_stale; }
    void setAutoRefresh(bool on);
    qint64 lastRefreshCostMs() const { return m_lastCostMs; }
    /// False when a refresh costs too much to run by itself: a stale order then waits for refresh() (F5).
    bool refreshesAutomatically() const;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void staleChanged(bool stale);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void onSourceDataChanged();
    void setStale(bool stale);
    bool ordersOrFilters() const;

    KeyTableModel* m_keys = nullptr;
    QString m_search;
    std::optional<KeyStatus> m_status;
    QTimer* m_refreshTimer = nullptr;
    QElapsedTimer m_sinceRefresh;
    qint64 m_lastCostMs = 0;
    bool m_stale = false;
    bool m_autoRefresh = true;
};

} // namespace egb
