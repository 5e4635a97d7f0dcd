#include "RequestLogModel.h"

#include <QDateTime>
#include <QLocale>

namespace egb {

RequestLogModel::RequestLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RequestLogModel::className(OutcomeClass kind)
{
    switch (kind) {
    case OutcomeClass::Success:
        return tr("Success");
    case OutcomeClass::KeyInvalid:
        return tr("Key invalid");
    case OutcomeClass::RateLimited:
        return tr("Rate limited");
    case OutcomeClass::ServerError:
        return tr("Server error");
    case OutcomeClass::RequestError:
        return tr("Request error");
    case OutcomeClass::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QString RequestLogModel::sourceText(RequestSource source)
{
    switch (source) {
    case RequestSource::Chat:
        return tr("Chat");
    case RequestSource::Batch:
        return tr("Batch");
    case RequestSource::Proxy:
        return tr("Proxy");
    case RequestSource::Check:
        return tr("Key check");
    case RequestSource::Other:
        break;
    }
    return tr("Other");
}

QString RequestLogModel::displayValue(const RequestLogEntry& e, int column) const
{
    const QLocale locale;
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case SourceColumn:
        return sourceText(e.source);
    case ModelColumn:
        return e.model;
    case KeyColumn:
        return e.keyMasked;
    case ResultColumn:
        return className(e.kind);
    case HttpColumn:
        return e.httpStatus > 0 ? QString::number(e.httpStatus) : QStringLiteral("–");
    case LatencyColumn:
        return tr("%1 ms").arg(locale.toString(e.latencyMs));
    case AttemptColumn:
        return QString::number(e.attempt);
    case PromptTokensColumn:
        return locale.toString(e.promptTokens);
    case AnswerTokensColumn:
        return locale.toString(e.answerTokens);
    case ThinkingTokensColumn:
        return locale.toString(e.thinkingTokens);
    case ReasonColumn:
        return e.reason;
    default:
        return {};
    }
}

QVariant RequestLogModel::sortValue(const RequestLogEntry& e, int column)
{
    switch (column) {
    case TimeColumn:
        return e.timeMs;
    case SourceColumn:
        return RequestLogEntry::sourceName(e.source);
    case ModelColumn:
        return e.model;
    case KeyColumn:
        return e.keyId;
    case ResultColumn:
        return int(e.kind);
    case HttpColumn:
        return e.httpStatus;
    case LatencyColumn:
        return e.latencyMs;
    case AttemptColumn:
        return e.attempt;
    case PromptTokensColumn:
        return e.promptTokens;
    case AnswerTokensColumn:
        return e.answerTokens;
    case ThinkingTokensColumn:
        return e.thinkingTokens;
    case ReasonColumn:
        return e.reason;
    default:
        return {};
    }
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestLogEntry& e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(e, index.column());
    case Qt::ToolTipRole:
        return index.column() == ReasonColumn && !e.message.isEmpty() ? QVariant(e.message) : QVariant();
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case HttpColumn:
        case LatencyColumn:
        case AttemptColumn:
        case PromptTokensColumn:
        case AnswerTokensColumn:
        case ThinkingTokensColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case SortRole:
        return sortValue(e, index.column());
    case IdRole:
        return e.id;
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SourceColumn:
        return tr("Source");
    case ModelColumn:
        return tr("Model");
    case KeyColumn:
        return tr("Key");
    case ResultColumn:
        return tr("Result");
    case HttpColumn:
        return tr("HTTP");
    case LatencyColumn:
        return tr("Latency");
    case AttemptColumn:
        return tr("Attempt");
    case PromptTokensColumn:
        return tr("Prompt tokens");
    case AnswerTokensColumn:
        return tr("Answer tokens");
    case ThinkingTokensColumn:
        return tr("Thinking tokens");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

void RequestLogModel::setEntries(QList<RequestLogEntry> entries)
{
    beginResetModel();
    m_rows = std::move(entries);
    endResetModel();
}

void RequestLogModel::prepend(const QList<RequestLogEntry>& newer, int maxRows)
{
    if (newer.isEmpty())
        return;
    const int n = int(std::min<qsizetype>(newer.size(), std::max(1, maxRows)));
    beginInsertRows({}, 0, n - 1);
    m_rows = newer.mid(0, n) + m_rows;
    endInsertRows();
    if (m_rows.size() > maxRows) {
        beginRemoveRows({}, maxRows, int(m_rows.size()) - 1);
        m_rows.resize(maxRows);
        endRemoveRows();
    }
}

qint64 RequestLogModel::newestId() const
{
    qint64 id = 0;
    for (const RequestLogEntry& e : m_rows)
        id = std::max(id, e.id);
    return id;
}

namespace {
QByteArray csvField(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace('"', "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}
} // namespace

QByteArray RequestLogModel::toCsv(const QList<RequestLogEntry>& entries)
{
    QByteArray out = "time,source,model,key,key_id,class,http_status,reason,message,latency_ms,attempt,"
                     "prompt_tokens,answer_tokens,thinking_tokens\r\n";
    for (const RequestLogEntry& e : entries) {
        const QStringList fields{
            QDateTime::fromMSecsSinceEpoch(e.timeMs, Qt::UTC).toString(Qt::ISODateWithMs),
            RequestLogEntry::sourceName(e.source),
            e.model,
            e.keyMasked,
            QString::number(e.keyId),
            Outcome::className(e.kind),
            e.httpStatus > 0 ? QString::number(e.httpStatus) : QString(),
            e.reason,
            e.message,
            QString::number(e.latencyMs),
            QString::number(e.attempt),
            QString::number(e.promptTokens),
            QString::number(e.answerTokens),
            QString::number(e.thinkingTokens),
        };
        for (int i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(fields.at(i));
        }
        out += "\r\n";
    }
    return out;
}

} // namespace egb
