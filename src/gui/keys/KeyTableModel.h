#pragma once

#include "ApiKey.h"
#include "KeyPool.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QPointer>
#include <QSet>

#include <optional>

class QTimer;

namespace egb {

/// The keys of a KeyPool as a table: one row per pool row, in the pool's order.
///
/// The model follows the pool, it never polls it: the pool's coalesced keysChanged(ids) becomes one dataChanged per
/// run of consecutive rows, or one for the whole table when more than half the rows changed (qBittorrent's rule).
/// Appended keys are inserted rows, a removal of one run of rows is a ranged remove (a reset otherwise), load() is a
/// reset. A one-second timer refreshes only the cooldown column of cooling rows, so the countdown is live.
///
/// DisplayRole holds what a person reads (masked key, translated status, "12 s"); SortRole holds raw values
/// (weight as a double, cooldown end as milliseconds) so sorting never compares formatted text.
class KeyTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        KeyColumn,
        LabelColumn,
        GroupColumn,
        StatusColumn,
        WeightColumn,
        SuccessesColumn,
        FailuresColumn,
        ConsecutiveFailuresColumn,
        LastStatusColumn,
        LastErrorColumn,
        CooldownColumn,
        LastUsedColumn,
        RpmLimitColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, ///< raw value of the cell, for sorting
        IdRole,                      ///< the key's id (qint64), same for every column
        StatusRole,                  ///< effective KeyStatus as int, same for every column
        FilterTextRole,              ///< masked key, label, group and errors joined, for the search box
    };

    explicit KeyTableModel(KeyPool* pool, QObject* parent = nullptr);
    ~KeyTableModel() override;

    KeyPool* pool() const { return m_pool; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    qint64 idAt(int row) const;
    /// Raw comparison of two rows in a column (what SortRole compares, without QVariant), for the filter model.
    bool lessThan(int leftRow, int rightRow, int column) const;

    /// What the filter model asks, without building QVariants: does the row's effective status equal `status`
    /// (when given) and does `text` (when not empty) occur, case-insensitively, in its masked key, label, group,
    /// last error or disabled reason?
    bool rowMatches(int row, const QString& text, std::optional<KeyStatus> status) const;

    /// Show the full key in the Key column for these ids (until hidden again). Emits dataChanged for them.
    void setRevealed(const QList<qint64>& ids, bool revealed);
    bool isRevealed(qint64 id) const { return m_revealed.contains(id); }

    /// How often the cooldown countdown refreshes (default 1000 ms).
    void setCountdownInterval(int ms);

    /// "12 s", "4 min 05 s", "2 h 10 min": a duration as the countdown shows it.
    static QString formatDuration(qint64 ms);
    /// "Cooling for gemini-2.5-pro (1:12), available for others": the models the key's project may not serve now;
    /// empty when it may serve every model it was asked for.
    QString modelRestText(qint64 id, qint64 now) const;
    /// Each model of the key's project: its state, requests and tokens today, the learned limit (the status tooltip).
    QString modelDetails(qint64 id, qint64 now) const;
    static QString statusText(KeyStatus status);
    static QIcon statusIcon(KeyStatus status);
    static QColor statusColor(KeyStatus status);

private:
    void onKeysChanged(const QList<qint64>& ids);
    void onKeysAdded(const QList<qint64>& ids);
    void onKeysAboutToBeRemoved(const QList<qint64>& ids);
    void onKeysRemoved(const QList<qint64>& ids);
    void onPoolReset();
    void onCountdownTick();
    void emitRowsChanged(QList<int> rows, int firstColumn, int lastColumn);

    QPointer<KeyPool> m_pool;
    QTimer* m_countdown = nullptr;
    QSet<qint64> m_revealed;
    int m_rowCount = 0;       ///< rows the view knows about (lags the pool between about-to and done signals)
    bool m_removing = false;  ///< inside a ranged remove
    bool m_resetting = false; ///< inside a reset started by keysAboutToBeRemoved
};

} // namespace egb
