#include "KeyTableModel.h"

#include "KeyPool.h"
#include "Translations.h"

#include <QColor>
#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QTimer>

#include <algorithm>

namespace egb {

KeyTableModel::KeyTableModel(KeyPool* pool, QObject* parent)
    : QAbstractTableModel(parent)
    , m_pool(pool)
    , m_countdown(new QTimer(this))
{
    Q_ASSERT(pool);
    m_rowCount = pool->size();
    connect(pool, &KeyPool::keysChanged, this, &KeyTableModel::onKeysChanged);
    connect(pool, &KeyPool::keysEdited, this, &KeyTableModel::onKeysChanged);
    connect(pool, &KeyPool::keysAdded, this, &KeyTableModel::onKeysAdded);
    connect(pool, &KeyPool::keysAboutToBeRemoved, this, &KeyTableModel::onKeysAboutToBeRemoved);
    connect(pool, &KeyPool::keysRemoved, this, &KeyTableModel::onKeysRemoved);
    connect(pool, &KeyPool::poolReset, this, &KeyTableModel::onPoolReset);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &KeyTableModel::onCountdownTick);
    m_countdown->start();
    if (Translations* translations = Translations::instance()) {
        // Headers, statuses, "never", "default" and durations are translated text: show them in the new language.
        connect(translations, &Translations::languageChanged, this, [this] {
            Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
            if (m_rowCount > 0)
                Q_EMIT dataChanged(index(0, 0), index(m_rowCount - 1, ColumnCount - 1));
        });
    }
}

KeyTableModel::~KeyTableModel() = default;

int KeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int KeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 KeyTableModel::idAt(int row) const
{
    if (!m_pool || row < 0 || row >= m_rowCount || row >= m_pool->size())
        return 0;
    return m_pool->at(row).id;
}

QString KeyTableModel::formatDuration(qint64 ms)
{
    if (ms <= 0)
        return {};
    const qint64 s = (ms + 999) / 1000; // 0.2 s left still reads "1 s"
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString KeyTableModel::modelRestText(qint64 id, qint64 now) const
{
    if (!m_pool)
        return {};
    QStringList parts;
    for (const QString& model : m_pool->bucketModels(id)) {
        const std::optional<QuotaBucket> bucket = m_pool->bucket(id, model);
        if (!bucket)
            continue;
        switch (bucket->stateAt(now, m_pool->limitsFor(model))) {
        case QuotaBucket::State::CoolingDown: {
            const qint64 s = (std::max<qint64>(0, bucket->cooldownUntilMs - now) + 999) / 1000;
            parts << tr("cooling for %1 (%2:%3)").arg(model).arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
            break;
        }
        case QuotaBucket::State::DailySpent:
            parts << tr("daily quota of %1 spent (back at %2)")
                         .arg(model, QLocale().toString(QDateTime::fromMSecsSinceEpoch(bucket->dailyUntilMs).time(),
                                                        QLocale::ShortFormat));
            break;
        case QuotaBucket::State::NotOffered:
            parts << tr("%1 not offered to this project").arg(model);
            break;
        case QuotaBucket::State::Available:
        case QuotaBucket::State::Paced:
            break;
        }
    }
    if (parts.isEmpty())
        return {};
    QString text = parts.join(QStringLiteral("; "));
    text[0] = text[0].toUpper();
    return tr("%1, available for others").arg(text);
}

QString KeyTableModel::modelDetails(qint64 id, qint64 now) const
{
    if (!m_pool)
        return {};
    QStringList lines;
    for (const QString& model : m_pool->bucketModels(id)) {
        const std::optional<QuotaBucket> b = m_pool->bucket(id, model);
        if (!b)
            continue;
        QString line = tr("%1: %2; today %3 requests, %4 input tokens")
                           .arg(model, QuotaBucket::stateName(b->stateAt(now, m_pool->limitsFor(model))))
                           .arg(QLocale().toString(b->dayEndMs > now ? b->dayRequests : 0))
                           .arg(QLocale().toString(b->dayEndMs > now ? b->dayTokens : 0));
        if (b->learnedLimit > 0)
            line += tr("; learned limit %1 per %2 s (Reset health forgets it)")
                        .arg(b->learnedLimit)
                        .arg(QLocale().toString(double(b->learnedWindowMs) / 1000.0, 'f', 1));
        lines << line;
    }
    if (lines.isEmpty())
        return {};
    return tr("Project %1")
               .arg(m_pool->projectOf(id).startsWith(QLatin1Char('#')) ? tr("(this key alone)")
                                                                       : m_pool->projectOf(id)) +
           QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
}

QString KeyTableModel::statusText(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return tr("Active");
    case KeyStatus::CoolingDown:
        return tr("Cooling down");
    case KeyStatus::Disabled:
        return tr("Disabled");
    }
    return {};
}

QColor KeyTableModel::statusColor(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return QColor(0x2e, 0x7d, 0x32);
    case KeyStatus::CoolingDown:
        return QColor(0xe6, 0x7e, 0x00);
    case KeyStatus::Disabled:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QIcon KeyTableModel::statusIcon(KeyStatus status)
{
    static QIcon icons[3];
    QIcon& icon = icons[int(status)];
    if (icon.isNull()) {
        static const char* const resources[3] = {":/icons/status-active.svg", ":/icons/status-cooling.svg",
                                                 ":/icons/status-disabled.svg"};
        const QString resource = QString::fromLatin1(resources[int(status)]);
        if (QFile::exists(resource)) {
            icon = QIcon(resource);
            return icon;
        }
        for (const int size : {16, 32}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(statusColor(status));
            const qreal margin = size / 4.0;
            painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
            painter.end();
            icon.addPixmap(pixmap);
        }
    }
    return icon;
}

QVariant KeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_pool || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    if (row >= m_pool->size())
        return {};
    const ApiKey& key = m_pool->at(row);
    const qint64 now = m_pool->now();
    const KeyStatus status = key.effectiveStatus(now);
    const qint64 cooldownLeft = status == KeyStatus::CoolingDown ? std::max<qint64>(0, key.cooldownUntilMs - now) : 0;

    switch (role) {
    case IdRole:
        return key.id;
    case StatusRole:
        return int(status);
    case FilterTextRole:
        return QStringList{key.masked(), key.label, key.group, key.lastError, key.disabledReason}.join(
            QLatin1Char('\n'));
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return m_revealed.contains(key.id) ? key.secret : key.masked();
        case LabelColumn:
            return key.label;
        case GroupColumn:
            return key.group;
        case StatusColumn:
            if (status == KeyStatus::Active) {
                const QString resting = modelRestText(key.id, now);
                if (!resting.isEmpty())
                    return resting;
            }
            return statusText(status);
        case WeightColumn:
            return QLocale().toString(key.weight * 100.0, 'f', 0) + QStringLiteral(" %");
        case SuccessesColumn:
            return QLocale().toString(key.totalSuccesses);
        case FailuresColumn:
            return QLocale().toString(key.totalFailures);
        case ConsecutiveFailuresColumn:
            return key.consecutiveFailures;
        case LastStatusColumn:
            return key.lastHttpStatus > 0 ? QString::number(key.lastHttpStatus) : QString();
        case LastErrorColumn:
            return key.lastError;
        case CooldownColumn:
            return formatDuration(cooldownLeft);
        case LastUsedColumn:
            if (key.lastUsedMs <= 0)
                return tr("never");
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(key.lastUsedMs), QLocale::ShortFormat);
        case RpmLimitColumn:
            return key.rpmLimit > 0 ? QString::number(key.rpmLimit) : tr("default");
        }
        break;
    case Qt::EditRole:
        switch (index.column()) {
        case LabelColumn:
            return key.label;
        case GroupColumn:
            return key.group;
        case RpmLimitColumn:
            return key.rpmLimit;
        default:
            return data(index, Qt::DisplayRole);
        }
    case SortRole:
        switch (index.column()) {
        case KeyColumn:
            return key.masked();
        case LabelColumn:
            return key.label;
        case GroupColumn:
            return key.group;
        case StatusColumn:
            return int(status);
        case WeightColumn:
            return key.weight;
        case SuccessesColumn:
            return key.totalSuccesses;
        case FailuresColumn:
            return key.totalFailures;
        case ConsecutiveFailuresColumn:
            return key.consecutiveFailures;
        case LastStatusColumn:
            return key.lastHttpStatus;
        case LastErrorColumn:
            return key.lastError;
        case CooldownColumn:
            return cooldownLeft;
        case LastUsedColumn:
            return key.lastUsedMs;
        case RpmLimitColumn:
            return key.rpmLimit;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return statusIcon(status);
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return statusColor(status);
        break;
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case SuccessesColumn:
        case FailuresColumn:
        case ConsecutiveFailuresColumn:
        case LastStatusColumn:
        case CooldownColumn:
        case RpmLimitColumn:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case StatusColumn:
            if (status == KeyStatus::Disabled && !key.disabledReason.isEmpty())
                return tr("Disabled: %1").arg(key.disabledReason);
            if (status == KeyStatus::CoolingDown)
                return tr("Available again at %1")
                    .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(key.cooldownUntilMs).time(),
                                            QLocale::LongFormat));
            return modelDetails(key.id, now);
        case LastErrorColumn:
            return key.lastError.isEmpty() ? QVariant() : QVariant(key.lastError);
        case KeyColumn:
            return m_revealed.contains(key.id) ? tr("Keys → Reveal hides it again")
                                               : tr("Masked. Keys → Reveal shows the full key");
        case RpmLimitColumn:
            return tr("Requests per minute for this key; 0 uses the pool's default");
        default:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant KeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case KeyColumn:
            return tr("Key");
        case LabelColumn:
            return tr("Label");
        case GroupColumn:
            return tr("Group");
        case StatusColumn:
            return tr("Status");
        case WeightColumn:
            return tr("Weight");
        case SuccessesColumn:
            return tr("Successes");
        case FailuresColumn:
            return tr("Failures");
        case ConsecutiveFailuresColumn:
            return tr("In a row");
        case LastStatusColumn:
            return tr("Last HTTP");
        case LastErrorColumn:
            return tr("Last error");
        case CooldownColumn:
            return tr("Cooldown");
        case LastUsedColumn:
            return tr("Last used");
        case RpmLimitColumn:
            return tr("RPM limit");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case WeightColumn:
            return tr("Health weight: how likely the key is picked (100 % = full health)");
        case ConsecutiveFailuresColumn:
            return tr("Failures in a row since the last success");
        case CooldownColumn:
            return tr("Time left before a cooling key is used again");
        default:
            break;
        }
    }
    return {};
}

Qt::ItemFlags KeyTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return f;
    switch (index.column()) {
    case LabelColumn:
    case GroupColumn:
    case RpmLimitColumn:
        f |= Qt::ItemIsEditable;
        break;
    default:
        break;
    }
    return f;
}

bool KeyTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_pool ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const qint64 id = idAt(index.row());
    if (id == 0)
        return false;
    switch (index.column()) {
    case LabelColumn:
        m_pool->setLabel(id, value.toString().trimmed());
        break;
    case GroupColumn:
        m_pool->setGroup(id, value.toString().trimmed());
        break;
    case RpmLimitColumn: {
        bool ok = false;
        const int rpm = value.toInt(&ok);
        if (!ok || rpm < 0)
            return false;
        m_pool->setRpmLimit(id, rpm);
        break;
    }
    default:
        return false;
    }
    // keysEdited already refreshed the row; say it again for this cell so a view without that signal sees it.
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, SortRole});
    return true;
}

bool KeyTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const ApiKey& a = m_pool->at(leftRow);
    const ApiKey& b = m_pool->at(rightRow);
    switch (column) {
    case KeyColumn:
        return QStringView(a.secret).right(4).compare(QStringView(b.secret).right(4), Qt::CaseInsensitive) < 0;
    case LabelColumn:
        return a.label.compare(b.label, Qt::CaseInsensitive) < 0;
    case GroupColumn:
        return a.group.compare(b.group, Qt::CaseInsensitive) < 0;
    case StatusColumn: {
        const qint64 now = m_pool->now();
        return int(a.effectiveStatus(now)) < int(b.effectiveStatus(now));
    }
    case WeightColumn:
        return a.weight < b.weight;
    case SuccessesColumn:
        return a.totalSuccesses < b.totalSuccesses;
    case FailuresColumn:
        return a.totalFailures < b.totalFailures;
    case ConsecutiveFailuresColumn:
        return a.consecutiveFailures < b.consecutiveFailures;
    case LastStatusColumn:
        return a.lastHttpStatus < b.lastHttpStatus;
    case LastErrorColumn:
        return a.lastError.compare(b.lastError, Qt::CaseInsensitive) < 0;
    case CooldownColumn: {
        const qint64 now = m_pool->now();
        const qint64 ca = a.effectiveStatus(now) == KeyStatus::CoolingDown ? a.cooldownUntilMs : 0;
        const qint64 cb = b.effectiveStatus(now) == KeyStatus::CoolingDown ? b.cooldownUntilMs : 0;
        return ca < cb;
    }
    case LastUsedColumn:
        return a.lastUsedMs < b.lastUsedMs;
    case RpmLimitColumn:
        return a.rpmLimit < b.rpmLimit;
    default:
        return a.id < b.id;
    }
}

bool KeyTableModel::rowMatches(int row, const QString& text, std::optional<KeyStatus> status) const
{
    if (!m_pool || row < 0 || row >= m_pool->size())
        return false;
    const ApiKey& key = m_pool->at(row);
    if (status && key.effectiveStatus(m_pool->now()) != *status)
        return false;
    if (text.isEmpty())
        return true;
    const auto has = [&text](const QString& field) { return field.contains(text, Qt::CaseInsensitive); };
    // The masked form is "AIza…" + the last four characters: only those parts of a key are searchable.
    return has(key.label) || has(key.group) || has(key.lastError) || has(key.disabledReason) ||
           QStringView(key.secret).right(4).contains(text, Qt::CaseInsensitive) ||
           (text.size() <= 4 && QStringView(key.secret).left(4).contains(text, Qt::CaseInsensitive)) ||
           (text.size() > 4 && key.masked().contains(text, Qt::CaseInsensitive));
}

void KeyTableModel::setRevealed(const QList<qint64>& ids, bool revealed)
{
    QList<int> rows;
    for (const qint64 id : ids) {
        const bool changed = revealed ? !m_revealed.contains(id) : m_revealed.contains(id);
        if (!changed)
            continue;
        if (revealed)
            m_revealed.insert(id);
        else
            m_revealed.remove(id);
        const int row = m_pool ? m_pool->rowOf(id) : -1;
        if (row >= 0 && row < m_rowCount)
            rows.append(row);
    }
    emitRowsChanged(rows, KeyColumn, KeyColumn);
}

void KeyTableModel::setCountdownInterval(int ms)
{
    m_countdown->setInterval(ms);
}

void KeyTableModel::emitRowsChanged(QList<int> rows, int firstColumn, int lastColumn)
{
    if (rows.isEmpty() || m_rowCount == 0)
        return;
    if (rows.size() * 2 > m_rowCount) {
        Q_EMIT dataChanged(index(0, firstColumn), index(m_rowCount - 1, lastColumn));
        return;
    }
    std::sort(rows.begin(), rows.end());
    int start = rows.front();
    int prev = start;
    for (qsizetype i = 1; i <= rows.size(); ++i) {
        const bool last = i == rows.size();
        const int row = last ? -1 : rows.at(i);
        if (!last && (row == prev || row == prev + 1)) {
            prev = row;
            continue;
        }
        Q_EMIT dataChanged(index(start, firstColumn), index(prev, lastColumn));
        start = prev = row;
    }
}

void KeyTableModel::onKeysChanged(const QList<qint64>& ids)
{
    if (!m_pool || m_removing || m_resetting)
        return;
    QList<int> rows;
    rows.reserve(ids.size());
    for (const qint64 id : ids) {
        const int row = m_pool->rowOf(id);
        if (row >= 0 && row < m_rowCount)
            rows.append(row);
    }
    emitRowsChanged(std::move(rows), 0, ColumnCount - 1);
}

void KeyTableModel::onKeysAdded(const QList<qint64>& ids)
{
    Q_UNUSED(ids);
    if (!m_pool || m_removing || m_resetting)
        return;
    const int newCount = m_pool->size();
    if (newCount <= m_rowCount)
        return;
    beginInsertRows({}, m_rowCount, newCount - 1);
    m_rowCount = newCount;
    endInsertRows();
}

void KeyTableModel::onKeysAboutToBeRemoved(const QList<qint64>& ids)
{
    if (!m_pool)
        return;
    QList<int> rows;
    rows.reserve(ids.size());
    for (const qint64 id : ids) {
        const int row = m_pool->rowOf(id);
        if (row >= 0 && row < m_rowCount)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const bool oneRun = rows.back() - rows.front() + 1 == rows.size();
    if (oneRun) {
        beginRemoveRows({}, rows.front(), rows.back());
        m_removing = true;
    } else {
        beginResetModel();
        m_resetting = true;
    }
}

void KeyTableModel::onKeysRemoved(const QList<qint64>& ids)
{
    for (const qint64 id : ids)
        m_revealed.remove(id);
    if (m_removing) {
        m_rowCount = m_pool ? m_pool->size() : 0;
        m_removing = false;
        endRemoveRows();
    } else if (m_resetting) {
        m_rowCount = m_pool ? m_pool->size() : 0;
        m_resetting = false;
        endResetModel();
    } else if (m_pool && m_pool->size() != m_rowCount) {
        // Removed without notice: start over rather than show stale rows.
        onPoolReset();
    }
}

void KeyTableModel::onPoolReset()
{
    beginResetModel();
    m_revealed.clear();
    m_rowCount = m_pool ? m_pool->size() : 0;
    endResetModel();
}

void KeyTableModel::onCountdownTick()
{
    if (!m_pool || m_rowCount == 0 || m_removing || m_resetting)
        return;
    const qint64 now = m_pool->now();
    QList<int> cooling;
    QList<int> expired;
    const int n = std::min(m_rowCount, m_pool->size());
    for (int row = 0; row < n; ++row) {
        const ApiKey& key = m_pool->at(row);
        if (key.status != KeyStatus::CoolingDown)
            continue;
        if (key.cooldownUntilMs > now)
            cooling.append(row);
        else if (key.cooldownUntilMs > now - 2 * m_countdown->interval())
            expired.append(row); // just came back: the status cell changes too
    }
    emitRowsChanged(std::move(cooling), CooldownColumn, CooldownColumn);
    emitRowsChanged(std::move(expired), StatusColumn, CooldownColumn);
}

} // namespace egb
