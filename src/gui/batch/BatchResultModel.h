#pragma once

#include "BatchRunStore.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

class QTimer;

namespace egb {

/// The Batch page's results table: one row per prompt (status, attempts, key, latency, tokens, a preview of the
/// prompt and of the answer). Rows are updated as results arrive; updates are gathered and announced as few
/// dataChanged signals at most every ~100 ms (one for the whole table when more than half changed).
/// Raw values for sorting under RawRole; the full answer (or error) under FullTextRole.
class BatchResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IndexColumn,
        StatusColumn,
        AttemptsColumn,
        KeyColumn,
        LatencyColumn,
        TokensColumn,
        PromptColumn,
        AnswerColumn,
        ColumnCount
    };
    enum Role
    {
        RawRole = Qt::UserRole + 1,
        FullTextRole,
    };

    explicit BatchResultModel(QObject* parent = nullptr);
    ~BatchResultModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setItems(const QList<BatchItem>& items);
    /// Replaces the row of item.index (ignored when out of range). Announced shortly (see the class comment).
    void updateItem(const BatchItem& item);
    /// Announces pending updates now.
    void flushChanges();
    void setChangeInterval(int ms);

    const QList<BatchItem>& items() const { return m_items; }
    const BatchItem& item(int row) const { return m_items.at(row); }
    int okCount() const { return m_ok; }
    int failedCount() const { return m_failed; }
    int pendingCount() const { return int(m_items.size()) - m_ok - m_failed; }
    QList<int> failedIndexes() const;

private:
    void count(const BatchItem& item, int sign);

    QList<BatchItem> m_items;
    int m_ok = 0;
    int m_failed = 0;
    QSet<int> m_changed;
    QTimer* m_timer = nullptr;
};

} // namespace egb
