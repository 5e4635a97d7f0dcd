#include "KeyFilterModel.h"

#include "KeyTableModel.h"

#include <QTimer>

#include <algorithm>

namespace egb {

namespace {
constexpr qint64 MinAutoRefreshIntervalMs = 1000;
constexpr qint64 MaxAutoRefreshCostMs = 30; ///< above this a refresh would be a visible stall: only on request
} // namespace

KeyFilterModel::KeyFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_refreshTimer(new QTimer(this))
{
    setDynamicSortFilter(false);
    setSortRole(KeyTableModel::SortRole);
    setFilterKeyColumn(-1);
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, &KeyFilterModel::refresh);
    m_sinceRefresh.start();
}

KeyFilterModel::~KeyFilterModel() = default;

void KeyFilterModel::setSourceModel(QAbstractItemModel* model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_keys = qobject_cast<KeyTableModel*>(model);
    QSortFilterProxyModel::setSourceModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::dataChanged, this, &KeyFilterModel::onSourceDataChanged);
        connect(model, &QAbstractItemModel::rowsInserted, this, &KeyFilterModel::onSourceDataChanged);
    }
}

void KeyFilterModel::setSearchText(const QString& text)
{
    if (text == m_search)
        return;
    m_search = text;
    refresh();
}

void KeyFilterModel::setStatusFilter(std::optional<KeyStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    refresh();
}

bool KeyFilterModel::ordersOrFilters() const
{
    return sortColumn() >= 0 || m_status.has_value() || !m_search.isEmpty();
}

void KeyFilterModel::refresh()
{
    m_refreshTimer->stop();
    QElapsedTimer cost;
    cost.start();
    invalidate(); // re-filters, and re-sorts by sortColumn() when there is one
    m_lastCostMs = cost.elapsed();
    m_sinceRefresh.restart();
    setStale(false);
}

void KeyFilterModel::sort(int column, Qt::SortOrder order)
{
    QElapsedTimer cost;
    cost.start();
    QSortFilterProxyModel::sort(column, order);
    m_lastCostMs = cost.elapsed();
    m_sinceRefresh.restart();
    setStale(false);
}

bool KeyFilterModel::refreshesAutomatically() const
{
    return m_autoRefresh && m_lastCostMs <= MaxAutoRefreshCostMs;
}

void KeyFilterModel::setAutoRefresh(bool on)
{
    m_autoRefresh = on;
    if (!on)
        m_refreshTimer->stop();
}

void KeyFilterModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    Q_EMIT staleChanged(stale);
}

void KeyFilterModel::onSourceDataChanged()
{
    if (!ordersOrFilters())
        return; // source order, no filter: nothing can be stale
    setStale(true);
    if (!refreshesAutomatically() || m_refreshTimer->isActive())
        return;
    const qint64 interval = std::max(MinAutoRefreshIntervalMs, 20 * m_lastCostMs);
    m_refreshTimer->start(int(std::max<qint64>(0, interval - m_sinceRefresh.elapsed())));
}

bool KeyFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_status && m_search.isEmpty())
        return true;
    if (m_keys && !sourceParent.isValid())
        return m_keys->rowMatches(sourceRow, m_search, m_status);
    const QAbstractItemModel* model = sourceModel();
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
    if (m_status && index.data(KeyTableModel::StatusRole).toInt() != int(*m_status))
        return false;
    if (!m_search.isEmpty() &&
        !index.data(KeyTableModel::FilterTextRole).toString().contains(m_search, Qt::CaseInsensitive))
        return false;
    return true;
}

bool KeyFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (m_keys && left.column() == right.column())
        return m_keys->lessThan(left.row(), right.row(), left.column());
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace egb
