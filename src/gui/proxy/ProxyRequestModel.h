#pragma once

#include "ProxyRequestRecord.h"

#include <QAbstractTableModel>
#include <QList>

namespace egb {

/// The requests going through the local proxy, live, newest first: one row per request from the moment it starts
/// (ProxyServer::requestStarted) until it ends (requestFinished updates the same row). Only the last cap() rows are
/// kept. Keys are shown masked, as the proxy reports them; tokens never appear.
class ProxyRequestModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        MethodColumn,
        PathColumn,
        ModelColumn,
        StatusColumn,
        AttemptsColumn,
        KeyColumn,
        LatencyColumn,
        ErrorColumn,
        ColumnCount
    };
    static constexpr int DefaultCap = 1000;

    explicit ProxyRequestModel(QObject* parent = nullptr);
    ~ProxyRequestModel() override;

    int cap() const { return m_cap; }
    /// Keeps at most `rows` rows (the oldest go first).
    void setCap(int rows);
    /// A request began: a new row on top.
    void requestStarted(const egb::ProxyRequestRecord& record);
    /// A request ended: its row shows the outcome (a new row when its start was not seen).
    void requestFinished(const egb::ProxyRequestRecord& record);
    void clear();
    /// Row 0 is the newest.
    const ProxyRequestRecord& record(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const ProxyRequestRecord& record, int column) const;
    QVariant foregroundValue(const ProxyRequestRecord& record, int column) const;
    void trim();

    QList<ProxyRequestRecord> m_rows; ///< newest first
    int m_cap = DefaultCap;
};

} // namespace egb
