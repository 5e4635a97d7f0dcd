#include "BatchResultModel.h"

#include <QBrush>
#include <QColor>
#include <QTimer>

#include <algorithm>

namespace egb {

namespace {

QString preview(const QString& text)
{
    QString line = text.left(240).simplified();
    if (line.size() > 120)
        line = line.left(119) + QChar(0x2026);
    return line;
}

} // namespace

BatchResultModel::BatchResultModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &BatchResultModel::flushChanges);
}

BatchResultModel::~BatchResultModel() = default;

int BatchResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int BatchResultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BatchResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BatchItem& it = m_items.at(index.row());
    const bool done = it.isDone();
    if (role == FullTextRole)
        return it.status == BatchItem::Status::Error ? it.error : it.text;
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !it.error.isEmpty())
        return it.error;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (it.status == BatchItem::Status::Error)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (it.status == BatchItem::Status::Ok)
            return QBrush(QColor(0x27, 0xae, 0x60));
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case IndexColumn:
        case AttemptsColumn:
        case LatencyColumn:
        case TokensColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != RawRole)
        return {};
    const bool raw = role == RawRole;
    switch (index.column()) {
    case IndexColumn:
        return raw ? QVariant(it.index) : QVariant(QString::number(it.index + 1));
    case StatusColumn:
        if (raw)
            return int(it.status);
        switch (it.status) {
        case BatchItem::Status::Ok:
            return tr("ok");
        case BatchItem::Status::Error:
            return tr("failed");
        case BatchItem::Status::Pending:
            break;
        }
        return tr("pending");
    case AttemptsColumn:
        return raw ? QVariant(it.attempts) : (done ? QVariant(QString::number(it.attempts)) : QVariant());
    case KeyColumn:
        return it.keyMasked;
    case LatencyColumn:
        return raw ? QVariant(it.latencyMs) : (done ? QVariant(tr("%1 ms").arg(it.latencyMs)) : QVariant());
    case TokensColumn:
        return raw ? QVariant(it.usage.totalTokens)
                   : (it.usage.totalTokens > 0 ? QVariant(QString::number(it.usage.totalTokens)) : QVariant());
    case PromptColumn:
        return raw ? QVariant(it.prompt) : QVariant(preview(it.prompt));
    case AnswerColumn:
        if (raw)
            return it.text;
        return preview(it.status == BatchItem::Status::Error ? it.error : it.text);
    default:
        return {};
    }
}

QVariant BatchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn:
        return tr("#");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case KeyColumn:
        return tr("Key");
    case LatencyColumn:
        return tr("Latency");
    case TokensColumn:
        return tr("Tokens");
    case PromptColumn:
        return tr("Prompt");
    case AnswerColumn:
        return tr("Answer");
    default:
        return {};
    }
}

void BatchResultModel::count(const BatchItem& item, int sign)
{
    if (item.status == BatchItem::Status::Ok)
        m_ok += sign;
    else if (item.status == BatchItem::Status::Error)
        m_failed += sign;
}

void BatchResultModel::setItems(const QList<BatchItem>& items)
{
    beginResetModel();
    m_items = items;
    m_ok = 0;
    m_failed = 0;
    for (const BatchItem& it : std::as_const(m_items))
        count(it, +1);
    m_changed.clear();
    m_timer->stop();
    endResetModel();
}

void BatchResultModel::updateItem(const BatchItem& item)
{
    if (item.index < 0 || item.index >= m_items.size())
        return;
    BatchItem& slot = m_items[item.index];
    count(slot, -1);
    slot = item;
    count(slot, +1);
    m_changed.insert(item.index);
    if (!m_timer->isActive())
        m_timer->start();
}

void BatchResultModel::flushChanges()
{
    m_timer->stop();
    if (m_changed.isEmpty())
        return;
    if (m_changed.size() * 2 > m_items.size()) {
        m_changed.clear();
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    QList<int> rows(m_changed.cbegin(), m_changed.cend());
    m_changed.clear();
    std::sort(rows.begin(), rows.end());
    int start = rows.first();
    int prev = start;
    for (int i = 1; i <= rows.size(); ++i) {
        if (i < rows.size() && rows.at(i) == prev + 1) {
            prev = rows.at(i);
            continue;
        }
        Q_EMIT dataChanged(index(start, 0), index(prev, ColumnCount - 1));
        if (i < rows.size()) {
            start = rows.at(i);
            prev = start;
        }
    }
}

void BatchResultModel::setChangeInterval(int ms)
{
    m_timer->setInterval(ms);
}

QList<int> BatchResultModel::failedIndexes() const
{
    QList<int> out;
    for (const BatchItem& it : m_items) {
        if (it.status == BatchItem::Status::Error)
            out << it.index;
    }
    return out;
}

} // namespace egb
