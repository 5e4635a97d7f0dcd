#include "BatchResultFilter.h"

#include "BatchResultModel.h"

namespace egb {

BatchResultFilter::BatchResultFilter(BatchResultModel* source, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(source);
    setSortRole(BatchResultModel::RawRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void BatchResultFilter::setShow(Show show)
{
    if (show == m_show)
        return;
    m_show = show;
    invalidateFilter();
}

void BatchResultFilter::setText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool BatchResultFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || sourceRow < 0 || sourceRow >= m_source->rowCount())
        return false;
    const BatchItem& it = m_source->item(sourceRow);
    switch (m_show) {
    case Show::All:
        break;
    case Show::Failed:
        if (it.status != BatchItem::Status::Error)
            return false;
        break;
    case Show::Answered:
        if (it.status != BatchItem::Status::Ok)
            return false;
        break;
    case Show::Pending:
        if (it.status != BatchItem::Status::Pending)
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    return it.prompt.contains(m_text, Qt::CaseInsensitive) || it.text.contains(m_text, Qt::CaseInsensitive) ||
           it.error.contains(m_text, Qt::CaseInsensitive);
}

} // namespace egb
