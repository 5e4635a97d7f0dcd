#include "LogCommands.h"

#include "CliApp.h"
#include "RequestLogStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

namespace egb {

namespace {

QString compactJson(const QJsonArray& array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString costText(const std::optional<double>& cost)
{
    return cost ? QLocale::c().toString(*cost, 'f', 4) : QStringLiteral("-");
}

} // namespace

std::optional<qint64> LogCommands::parseDuration(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+)\\s*([smhdw]?)\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    if (!ok || n > 100LL * 365 * 24 * 3600)
        return std::nullopt;
    const QChar unit = m.captured(2).isEmpty() ? QChar(u's') : m.captured(2).at(0).toLower();
    qint64 factor = 1000;
    if (unit == u'm')
        factor = 60'000;
    else if (unit == u'h')
        factor = 3'600'000;
    else if (unit == u'd')
        factor = 86'400'000;
    else if (unit == u'w')
        factor = 7 * 86'400'000LL;
    return n * factor;
}

int LogCommands::log(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption sinceOption(QStringList{QStringLiteral("since")}, tr("How far back (default 1h)."),
                                         QStringLiteral("DURATION"), QStringLiteral("1h"));
    const QCommandLineOption keyOption(QStringList{QStringLiteral("key")}, tr("Only this key ID."),
                                       QStringLiteral("ID"));
    const QCommandLineOption modelOption(QStringList{QStringLiteral("model")}, tr("Only this model."),
                                         QStringLiteral("MODEL"));
    const QCommandLineOption sourceOption(QStringList{QStringLiteral("source")},
                                          tr("Only this source: chat, batch, proxy, check."), QStringLiteral("SOURCE"));
    parser.addOption(sinceOption);
    parser.addOption(keyOption);
    parser.addOption(modelOption);
    parser.addOption(sourceOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    if (!parser.positionalArguments().isEmpty()) {
        console.error(tr("egb log takes no arguments, only options. Run egb log --help to see them."));
        return ExitUsage;
    }
    const std::optional<qint64> since = parseDuration(parser.value(sinceOption));
    if (!since) {
        console.error(tr("\"%1\" is not a duration. Give one like 30m, 1h, 7d.").arg(parser.value(sinceOption)));
        return ExitUsage;
    }
    RequestLogFilter filter;
    if (parser.isSet(keyOption)) {
        bool ok = false;
        filter.keyId = parser.value(keyOption).toLongLong(&ok);
        if (!ok || filter.keyId <= 0) {
            console.error(tr("\"%1\" is not a key ID. IDs are the numbers in the first column of: egb list")
                              .arg(CliApp::maskSecrets(parser.value(keyOption))));
            return ExitUsage;
        }
    }
    filter.model = parser.value(modelOption);
    if (parser.isSet(sourceOption)) {
        filter.source = RequestLogEntry::sourceFromName(parser.value(sourceOption));
        if (!filter.source) {
            console.error(tr("\"%1\" is not a source. Sources: chat, batch, proxy, check, other.")
                              .arg(parser.value(sourceOption)));
            return ExitUsage;
        }
    }
    if (!app.openStore())
        return ExitFailure;
    RequestLogStore* store = app.requestLog();
    if (!store) {
        console.error(tr("The request log in %1 cannot be read.").arg(app.databasePath()));
        return ExitFailure;
    }
    filter.sinceMs = app.pool().now() - *since;
    QList<RequestLogEntry> rows = store->entries(filter);
    std::reverse(rows.begin(), rows.end()); // oldest first, like a log file

    if (app.json()) {
        QJsonArray array;
        for (const RequestLogEntry& e : std::as_const(rows)) {
            array.append(QJsonObject{
                {QStringLiteral("time"), CliApp::isoUtc(e.timeMs)},
                {QStringLiteral("source"), RequestLogEntry::sourceName(e.source)},
                {QStringLiteral("model"), e.model},
                {QStringLiteral("key"), e.keyMasked},
                {QStringLiteral("key_id"), e.keyId},
                {QStringLiteral("class"), Outcome::className(e.kind)},
                {QStringLiteral("http_status"), e.httpStatus > 0 ? QJsonValue(e.httpStatus) : QJsonValue()},
                {QStringLiteral("latency_ms"), e.latencyMs},
                {QStringLiteral("prompt_tokens"), e.promptTokens},
                {QStringLiteral("answer_tokens"), e.answerTokens},
                {QStringLiteral("thinking_tokens"), e.thinkingTokens},
            });
        }
        console.line(compactJson(array));
        return ExitOk;
    }
    if (rows.isEmpty()) {
        console.message(tr("No attempts in this range."));
        return ExitOk;
    }
    QList<QStringList> table;
    table.reserve(rows.size());
    for (const RequestLogEntry& e : std::as_const(rows)) {
        table.append({localTime(e.timeMs), RequestLogEntry::sourceName(e.source), e.model, QString::number(e.keyId),
                      e.keyMasked, Outcome::className(e.kind),
                      e.httpStatus > 0 ? QString::number(e.httpStatus) : QStringLiteral("-"),
                      QString::number(e.latencyMs), QString::number(e.attempt),
                      QStringLiteral("%1/%2/%3").arg(e.promptTokens).arg(e.answerTokens).arg(e.thinkingTokens),
                      CliApp::maskSecrets(e.reason)});
    }
    console.write(Console::table({tr("Time"), tr("Source"), tr("Model"), tr("ID"), tr("Key"), tr("Result"), tr("HTTP"),
                                  tr("ms"), tr("Try"), tr("Tokens in/out/think"), tr("Reason")},
                                 table, {false, false, false, true, false, false, true, true, true, true, false}));
    return ExitOk;
}

int LogCommands::usage(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption byOption(QStringList{QStringLiteral("by")},
                                      tr("Group by key, project, model or day (default key)."), QStringLiteral("GROUP"),
                                      QStringLiteral("key"));
    const QCommandLineOption sinceOption(QStringList{QStringLiteral("since")}, tr("How far back (default 7d)."),
                                         QStringLiteral("DURATION"), QStringLiteral("7d"));
    parser.addOption(byOption);
    parser.addOption(sinceOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    if (!parser.positionalArguments().isEmpty()) {
        console.error(tr("egb usage takes no arguments, only options. Run egb usage --help to see them."));
        return ExitUsage;
    }
    const QString by = parser.value(byOption).toLower();
    UsageGrouping grouping = UsageGrouping::Key;
    if (by == u"key")
        grouping = UsageGrouping::Key;
    else if (by == u"project")
        grouping = UsageGrouping::Project;
    else if (by == u"model")
        grouping = UsageGrouping::Model;
    else if (by == u"day")
        grouping = UsageGrouping::Day;
    else {
        console.error(tr("\"%1\" cannot be grouped by. Use --by key, project, model or day.").arg(by));
        return ExitUsage;
    }
    const std::optional<qint64> since = parseDuration(parser.value(sinceOption));
    if (!since) {
        console.error(tr("\"%1\" is not a duration. Give one like 30m, 1h, 7d.").arg(parser.value(sinceOption)));
        return ExitUsage;
    }
    if (!app.openStore())
        return ExitFailure;
    RequestLogStore* store = app.requestLog();
    if (!store) {
        console.error(tr("The request log in %1 cannot be read.").arg(app.databasePath()));
        return ExitFailure;
    }
    const qint64 now = app.pool().now();
    const QList<UsageRow> rows =
        store->usage(grouping, now - *since, store->prices(), 0, QDateTime::fromMSecsSinceEpoch(now).offsetFromUtc());
    if (app.json()) {
        QJsonArray array;
        for (const UsageRow& r : rows) {
            array.append(QJsonObject{
                {QStringLiteral("group"), r.group},
                {QStringLiteral("requests"), r.requests},
                {QStringLiteral("ok"), r.ok},
                {QStringLiteral("failed"), r.failed},
                {QStringLiteral("prompt_tokens"), r.promptTokens},
                {QStringLiteral("answer_tokens"), r.answerTokens},
                {QStringLiteral("thinking_tokens"), r.thinkingTokens},
                {QStringLiteral("cost"), r.cost ? QJsonValue(*r.cost) : QJsonValue()},
            });
        }
        console.line(compactJson(array));
        return ExitOk;
    }
    if (rows.isEmpty()) {
        console.message(tr("No attempts in this range."));
        return ExitOk;
    }
    QString groupTitle;
    switch (grouping) {
    case UsageGrouping::Key:
        groupTitle = tr("Key");
        break;
    case UsageGrouping::Project:
        groupTitle = tr("Project");
        break;
    case UsageGrouping::Model:
        groupTitle = tr("Model");
        break;
    case UsageGrouping::Day:
        groupTitle = tr("Day");
        break;
    }
    QList<QStringList> table;
    UsageRow total;
    for (const UsageRow& r : rows) {
        QString group = r.group.isEmpty() ? QStringLiteral("-") : r.group;
        if (grouping == UsageGrouping::Key)
            group = QStringLiteral("%1 %2").arg(r.keyId).arg(r.group);
        table.append({group, QString::number(r.requests), QString::number(r.ok), QString::number(r.failed),
                      QString::number(r.promptTokens), QString::number(r.answerTokens),
                      QString::number(r.thinkingTokens), costText(r.cost)});
        total.requests += r.requests;
        total.ok += r.ok;
        total.failed += r.failed;
        total.promptTokens += r.promptTokens;
        total.answerTokens += r.answerTokens;
        total.thinkingTokens += r.thinkingTokens;
        if (r.cost)
            total.cost = total.cost.value_or(0.0) + *r.cost;
    }
    table.append({tr("total"), QString::number(total.requests), QString::number(total.ok),
                  QString::number(total.failed), QString::number(total.promptTokens),
                  QString::number(total.answerTokens), QString::number(total.thinkingTokens), costText(total.cost)});
    console.write(Console::table({groupTitle, tr("Requests"), tr("OK"), tr("Failed"), tr("Prompt tokens"),
                                  tr("Answer tokens"), tr("Thinking tokens"), tr("Cost")},
                                 table, {false, true, true, true, true, true, true, true}));
    if (!total.cost)
        console.message(tr("No price is set for these models, so no cost is estimated (the app's Overview page has "
                           "the price table)."));
    return ExitOk;
}

} // namespace egb
