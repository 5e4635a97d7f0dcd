#pragma once

#include "RequestLogEntry.h"

#include <QAbstractTableModel>
#include <QList>

namespace egb {

/// Attempts of the request log as a table, newest first. DisplayRole holds what a person reads (local time,
/// translated class), SortRole the raw value (ms, numbers), so sorting never compares formatted text.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        SourceColumn,
        ModelColumn,
        KeyColumn,
        ResultColumn,
        HttpColumn,
        LatencyColumn,
        AttemptColumn,
        PromptTokensColumn,
        AnswerTokensColumn,
        ThinkingTokensColumn,
        ReasonColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1,
        IdRole, ///< the row id in the log
    };

    explicit RequestLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Replaces every row (newest first).
    void setEntries(QList<RequestLogEntry> entries);
    /// Puts newer attempts (newest first) on top, keeping at most `maxRows`.
    void prepend(const QList<RequestLogEntry>& newer, int maxRows);
    const RequestLogEntry& entryAt(int row) const { return m_rows.at(row); }
    const QList<RequestLogEntry>& entries() const { return m_rows; }
    qint64 newestId() const;

    QString displayValue(const RequestLogEntry& e, int column) const;
    static QVariant sortValue(const RequestLogEntry& e, int column);
    /// "Success", "Rate limited", ... translated.
    static QString className(OutcomeClass kind);
    /// "Chat", "Batch", "Proxy", "Key check", "Other", translated.
    static QString sourceText(RequestSource source);
    /// The rows as CSV (a header line, then one line per attempt, RFC 4180 quoting, ISO times in UTC).
    static QByteArray toCsv(const QList<RequestLogEntry>& entries);

private:
    QList<RequestLogEntry> m_rows;
};

} // namespace egb
