#pragma once

#include <QSortFilterProxyModel>

namespace egb {

class BatchResultModel;

/// What the Batch page's table shows of a BatchResultModel: the rows of one status (all, failed, answered, not yet
/// answered) whose prompt, answer or error contains a text (case-insensitive), sorted by any column on its raw value
/// (numbers as numbers, the row number by position). Rows move in and out as results arrive.
class BatchResultFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Show
    {
        All,
        Failed,
        Answered,
        Pending,
    };

    explicit BatchResultFilter(BatchResultModel* source, QObject* parent = nullptr);

    Show show() const { return m_show; }
    void setShow(Show show);
    QString text() const { return m_text; }
    void setText(const QString& text);
    /// True when a status or a text narrows the rows.
    bool isFiltering() const { return m_show != Show::All || !m_text.isEmpty(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    BatchResultModel* m_source;
    Show m_show = Show::All;
    QString m_text;
};

} // namespace egb
