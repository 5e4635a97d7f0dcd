#include "MonitorFrame.h"

#include "CliApp.h"
#include "Console.h"
#include "KeyCommands.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace egb {

namespace {

QString oneLine(const QString& text)
{
    return CliApp::maskSecrets(text.simplified());
}

/// `text` cut to `cells` terminal cells with an ellipsis (no limit when cells <= 0).
QString elideCells(const QString& text, int cells)
{
    if (cells <= 0 || Console::displayWidth(text) <= cells)
        return text;
    QString out;
    for (const QChar c : text) {
        if (Console::displayWidth(out + c) > cells - 1)
            break;
        out += c;
    }
    return out + QChar(0x2026);
}

QString httpText(int status)
{
    return status > 0 ? QString::number(status) : QStringLiteral("-");
}

} // namespace

MonitorFrame::MonitorFrame(const std::vector<ApiKey>& keys, qint64 now)
    : nowMs(now)
{
    total = int(keys.size());
    for (const ApiKey& k : keys) {
        const KeyStatus status = k.effectiveStatus(now);
        switch (status) {
        case KeyStatus::Active:
            ++available;
            break;
        case KeyStatus::CoolingDown:
            ++coolingDown;
            cooling.append({k.id, k.masked(), k.cooldownUntilMs, k.lastHttpStatus, oneLine(k.lastError)});
            break;
        case KeyStatus::Disabled:
            ++disabled;
            break;
        }
        if (!k.lastError.isEmpty() && k.lastUsedMs > 0) {
            failures.append(
                {k.id, k.masked(), k.lastUsedMs, k.lastHttpStatus, k.consecutiveFailures,
                 oneLine(status == KeyStatus::Disabled && !k.disabledReason.isEmpty() ? k.disabledReason : k.lastError),
                 status == KeyStatus::Disabled});
        }
    }
    std::stable_sort(cooling.begin(), cooling.end(),
                     [](const Cooling& a, const Cooling& b) { return a.untilMs < b.untilMs; });
    std::stable_sort(failures.begin(), failures.end(),
                     [](const Failure& a, const Failure& b) { return a.atMs > b.atMs; });
    if (failures.size() > MaxFailures)
        failures.resize(MaxFailures);
}

QString MonitorFrame::text(const QString& title, int rows, int columns) const
{
    const QLocale locale;
    QStringList lines;
    lines << elideCells(title, columns);
    lines << QString();
    const int share = total > 0 ? qRound(100.0 * available / total) : 0;
    lines << elideCells(tr("Keys: %1   available: %2   cooling down: %3   disabled: %4   (%5 % available)")
                            .arg(total)
                            .arg(available)
                            .arg(coolingDown)
                            .arg(disabled)
                            .arg(share),
                        columns);
    if (total == 0)
        lines << QString() << tr("No keys in the pool. Import some with: egb import keys.txt");

    // What is left of the screen goes to the two lists: each takes a title, a header and its rows.
    int coolingRows = 10;
    int failureRows = 10;
    if (rows > 0) {
        const int left = std::max(2, rows - int(lines.size()) - 7);
        coolingRows = std::max(1, left / 2);
        failureRows = std::max(1, left - coolingRows);
    }
    const auto addTable = [&](const QString& heading, const QStringList& headers, const QList<QStringList>& all,
                              int limit, const QList<bool>& right) {
        lines << QString() << elideCells(heading, columns);
        if (all.isEmpty()) {
            lines << QStringLiteral("  ") + tr("none");
            return;
        }
        const qsizetype shown = all.size() > limit ? limit - 1 : all.size();
        const QString table = Console::table(headers, all.mid(0, std::max<qsizetype>(shown, 0)), right);
        for (const QString& line : table.split(u'\n', Qt::SkipEmptyParts))
            lines << elideCells(QStringLiteral("  ") + line, columns);
        if (shown < all.size())
            lines << QStringLiteral("  ") + tr("… and %n more", "", int(all.size() - shown));
    };

    QList<QStringList> coolingCells;
    for (const Cooling& c : cooling) {
        coolingCells.append({QString::number(c.id), c.key, KeyCommands::durationText(c.untilMs - nowMs),
                             httpText(c.httpStatus), c.reason});
    }
    addTable(tr("Cooling down (%1)").arg(cooling.size()), {tr("ID"), tr("KEY"), tr("BACK"), tr("LAST"), tr("WHY")},
             coolingCells, coolingRows, {true, false, false, true, false});

    QList<QStringList> failureCells;
    for (const Failure& f : failures) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(f.atMs);
        const QString when = at.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date()
                                 ? locale.toString(at.time(), QStringLiteral("HH:mm:ss"))
                                 : locale.toString(at, QStringLiteral("yyyy-MM-dd HH:mm"));
        failureCells.append({when, QString::number(f.id), f.key, httpText(f.httpStatus), QString::number(f.inARow),
                             f.disabled ? tr("disabled: %1").arg(f.error) : f.error});
    }
    addTable(tr("Recent failures"), {tr("WHEN"), tr("ID"), tr("KEY"), tr("LAST"), tr("IN A ROW"), tr("ERROR")},
             failureCells, failureRows, {false, true, false, true, true, false});
    return lines.join(u'\n') + u'\n';
}

QJsonObject MonitorFrame::toJson() const
{
    QJsonArray coolingArray;
    for (const Cooling& c : cooling) {
        coolingArray.append(
            QJsonObject{{QStringLiteral("id"), c.id},
                        {QStringLiteral("key"), c.key},
                        {QStringLiteral("until"), CliApp::isoUtc(c.untilMs)},
                        {QStringLiteral("seconds_left"), double(std::max<qint64>(0, c.untilMs - nowMs)) / 1000.0},
                        {QStringLiteral("last_status"), c.httpStatus > 0 ? QJsonValue(c.httpStatus) : QJsonValue()},
                        {QStringLiteral("reason"), c.reason}});
    }
    QJsonArray failureArray;
    for (const Failure& f : failures) {
        failureArray.append(
            QJsonObject{{QStringLiteral("id"), f.id},
                        {QStringLiteral("key"), f.key},
                        {QStringLiteral("at"), CliApp::isoUtc(f.atMs)},
                        {QStringLiteral("last_status"), f.httpStatus > 0 ? QJsonValue(f.httpStatus) : QJsonValue()},
                        {QStringLiteral("consecutive_failures"), f.inARow},
                        {QStringLiteral("disabled"), f.disabled},
                        {QStringLiteral("error"), f.error}});
    }
    return QJsonObject{{QStringLiteral("time"), CliApp::isoUtc(nowMs)}, {QStringLiteral("total"), total},
                       {QStringLiteral("available"), available},        {QStringLiteral("cooling_down"), coolingDown},
                       {QStringLiteral("disabled"), disabled},          {QStringLiteral("cooling"), coolingArray},
                       {QStringLiteral("failures"), failureArray}};
}

} // namespace egb
