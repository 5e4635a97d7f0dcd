#include "ProxyRequestModel.h"

#include "ApiKey.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace egb {

ProxyRequestModel::ProxyRequestModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

ProxyRequestModel::~ProxyRequestModel() = default;

void ProxyRequestModel::setCap(int rows)
{
    m_cap = std::max(1, rows);
    trim();
}

void ProxyRequestModel::requestStarted(const ProxyRequestRecord& record)
{
    beginInsertRows(QModelIndex(), 0, 0);
    m_rows.prepend(record);
    endInsertRows();
    trim();
}

void ProxyRequestModel::requestFinished(const ProxyRequestRecord& record)
{
    // The newest rows are on top, and a request usually ends soon after it began: the search is short.
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == record.id) {
            m_rows[row] = record;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
    requestStarted(record);
}

void ProxyRequestModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void ProxyRequestModel::trim()
{
    if (m_rows.size() <= m_cap)
        return;
    beginRemoveRows(QModelIndex(), m_cap, int(m_rows.size()) - 1);
    m_rows.resize(m_cap);
    endRemoveRows();
}

int ProxyRequestModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProxyRequestModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProxyRequestModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ProxyRequestRecord& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(r, index.column());
    case Qt::ToolTipRole:
        return index.column() == ErrorColumn || index.column() == PathColumn ? displayValue(r, index.column())
                                                                             : QVariant();
    case Qt::ForegroundRole:
        return foregroundValue(r, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == AttemptsColumn || index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant ProxyRequestModel::displayValue(const ProxyRequestRecord& r, int column) const
{
    const QLocale locale;
    switch (column) {
    case TimeColumn:
        return locale.toString(QDateTime::fromMSecsSinceEpoch(r.startedMs).time(), QStringLiteral("HH:mm:ss"));
    case MethodColumn:
        return r.method;
    case PathColumn:
        return r.path;
    case ModelColumn:
        return r.model;
    case StatusColumn:
        return r.finished ? QVariant(r.status) : QVariant(tr("running…"));
    case AttemptsColumn:
        return r.finished && r.attempts > 0 ? QVariant(r.attempts) : QVariant();
    case KeyColumn:
        return ApiKey::maskKeysIn(r.maskedKey); // masked already; never a full key, whatever came
    case LatencyColumn:
        return r.finished ? QVariant(tr("%1 ms").arg(locale.toString(r.latencyMs))) : QVariant();
    case ErrorColumn:
        return ApiKey::maskKeysIn(r.error);
    default:
        return {};
    }
}

QVariant ProxyRequestModel::foregroundValue(const ProxyRequestRecord& r, int column) const
{
    if (column != StatusColumn || !r.finished)
        return {};
    if (r.status >= 200 && r.status < 300)
        return QBrush(QColor(0x1b, 0x7f, 0x3b));
    if (r.status >= 400)
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    return {};
}

QVariant ProxyRequestModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case ModelColumn:
        return tr("Model");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case KeyColumn:
        return tr("Key");
    case LatencyColumn:
        return tr("Latency");
    case ErrorColumn:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace egb
