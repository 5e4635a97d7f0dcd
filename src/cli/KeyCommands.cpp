#include "KeyCommands.h"

#include "AppSettings.h"
#include "CliApp.h"
#include "ImportHistoryStore.h"
#include "KeyFile.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace egb {

namespace {

QString compactJson(const QJsonDocument& doc)
{
    return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
}

QString elide(const QString& text, int max)
{
    QString oneLine = text.simplified();
    if (oneLine.size() <= max)
        return oneLine;
    return oneLine.left(max - 1) + QChar(0x2026);
}

QJsonArray issuesToJson(const QList<ImportIssue>& issues)
{
    QJsonArray array;
    for (const ImportIssue& issue : issues) {
        array.append(QJsonObject{{QStringLiteral("line"), issue.line},
                                 {QStringLiteral("text"), CliApp::maskSecrets(issue.text)},
                                 {QStringLiteral("reason"), CliApp::maskSecrets(issue.reason)}});
    }
    return array;
}

} // namespace

QString KeyCommands::statusText(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return tr("active");
    case KeyStatus::CoolingDown:
        return tr("cooling down");
    case KeyStatus::Disabled:
        return tr("disabled");
    }
    return {};
}

QString KeyCommands::durationText(qint64 ms)
{
    const qint64 seconds = (std::max<qint64>(ms, 0) + 999) / 1000;
    if (seconds < 60)
        return tr("in %1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("in %1 min %2 s").arg(minutes).arg(seconds % 60);
    return tr("in %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QJsonObject KeyCommands::keyToJson(const KeyPool& pool, int row, qint64 nowMs)
{
    const ApiKey& key = pool.at(row);
    const KeyStatus status = key.effectiveStatus(nowMs);
    QJsonObject o;
    o.insert(QStringLiteral("id"), key.id);
    o.insert(QStringLiteral("key"), key.masked());
    o.insert(QStringLiteral("status"), ApiKey::statusName(status));
    o.insert(QStringLiteral("weight"), key.weight);
    o.insert(QStringLiteral("successes"), key.totalSuccesses);
    o.insert(QStringLiteral("failures"), key.totalFailures);
    o.insert(QStringLiteral("consecutive_failures"), key.consecutiveFailures);
    o.insert(QStringLiteral("last_status"), key.lastHttpStatus > 0 ? QJsonValue(key.lastHttpStatus) : QJsonValue());
    o.insert(QStringLiteral("last_error"),
             key.lastError.isEmpty() ? QJsonValue() : QJsonValue(CliApp::maskSecrets(key.lastError)));
    o.insert(QStringLiteral("cooldown_until"),
             status == KeyStatus::CoolingDown ? QJsonValue(CliApp::isoUtc(key.cooldownUntilMs)) : QJsonValue());
    o.insert(QStringLiteral("disabled_reason"), status == KeyStatus::Disabled && !key.disabledReason.isEmpty()
                                                    ? QJsonValue(CliApp::maskSecrets(key.disabledReason))
                                                    : QJsonValue());
    o.insert(QStringLiteral("label"), key.label);
    o.insert(QStringLiteral("group"), key.group);
    QJsonObject models;
    for (const QString& model : pool.bucketModels(key.id)) {
        const std::optional<QuotaBucket> b = pool.bucket(key.id, model);
        if (!b)
            continue;
        const QuotaLimits limits = pool.limitsFor(model);
        const QuotaBucket::State state = b->stateAt(nowMs, limits);
        auto time = [nowMs](qint64 ms) { return ms > nowMs ? QJsonValue(CliApp::isoUtc(ms)) : QJsonValue(); };
        const bool today = b->dayEndMs > nowMs; // counts of a day that is over are not today's
        models.insert(
            model,
            QJsonObject{
                {QStringLiteral("status"), QuotaBucket::stateName(state)},
                {QStringLiteral("cooldown_until"), time(b->cooldownUntilMs)},
                {QStringLiteral("daily_until"), time(b->dailyUntilMs)},
                {QStringLiteral("limit_rpm"), limits.rpm > 0 ? QJsonValue(limits.rpm) : QJsonValue()},
                {QStringLiteral("limit_tpm"), limits.tpm > 0 ? QJsonValue(limits.tpm) : QJsonValue()},
                {QStringLiteral("limit_rpd"), limits.rpd > 0 ? QJsonValue(limits.rpd) : QJsonValue()},
                {QStringLiteral("learned_limit"), b->learnedLimit > 0 ? QJsonValue(b->learnedLimit) : QJsonValue()},
                {QStringLiteral("learned_window_ms"),
                 b->learnedLimit > 0 ? QJsonValue(b->learnedWindowMs) : QJsonValue()},
                {QStringLiteral("requests_today"), today ? b->dayRequests : 0},
                {QStringLiteral("tokens_today"), today ? b->dayTokens : 0},
                {QStringLiteral("quota_id"), b->quotaId.isEmpty() ? QJsonValue() : QJsonValue(b->quotaId)}});
    }
    o.insert(QStringLiteral("models"), models);
    return o;
}

int KeyCommands::importFiles(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption labelOption(QStringList{QStringLiteral("label")},
                                         tr("Label for the new keys the file gives none."), QStringLiteral("TEXT"));
    const QCommandLineOption groupOption(QStringList{QStringLiteral("group")},
                                         tr("Group (Google project) of the new keys the file gives none."),
                                         QStringLiteral("NAME"));
    parser.addOption(labelOption);
    parser.addOption(groupOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        app.console().error(tr("Name the files to import, e.g. egb import keys.txt"));
        return ExitUsage;
    }
    if (!app.openStore())
        return ExitFailure;

    Console& console = app.console();
    // Every import that read a file is kept (egb history); a history that cannot be written is said, and fails the
    // run, but never undoes the keys added.
    ImportHistoryStore history;
    bool historyOk = history.open(app.keyStore()->connectionName());
    if (!historyOk)
        console.error(CliApp::maskSecrets(history.lastError()));
    QJsonArray jsonFiles;
    bool allRead = true;
    int totalAdded = 0;
    for (const QString& file : files) {
        const ImportResult result =
            KeyFile::importInto(app.pool(), file, parser.value(labelOption), parser.value(groupOption));
        if (!result.ok) {
            allRead = false;
            const QString message = CliApp::maskSecrets(result.error);
            if (app.json()) {
                jsonFiles.append(QJsonObject{
                    {QStringLiteral("file"), file}, {QStringLiteral("ok"), false}, {QStringLiteral("error"), message}});
            }
            console.error(message);
            continue;
        }
        totalAdded += int(result.addedIds.size());
        if (historyOk) {
            ImportRecord record;
            record.source = file;
            record.format = ImportResult::formatCode(result.format);
            record.origin = QStringLiteral("egb");
            record.added = int(result.addedIds.size());
            record.duplicates = int(result.duplicates.size());
            record.rejected = int(result.rejected.size());
            if (history.record(record) == 0) {
                console.error(CliApp::maskSecrets(history.lastError()));
                historyOk = false;
                allRead = false;
            }
        }
        if (app.json()) {
            QJsonArray ids;
            for (qint64 id : result.addedIds)
                ids.append(id);
            jsonFiles.append(QJsonObject{{QStringLiteral("file"), file},
                                         {QStringLiteral("ok"), true},
                                         {QStringLiteral("format"), ImportResult::formatName(result.format)},
                                         {QStringLiteral("added"), int(result.addedIds.size())},
                                         {QStringLiteral("added_ids"), ids},
                                         {QStringLiteral("duplicates"), issuesToJson(result.duplicates)},
                                         {QStringLiteral("rejected"), issuesToJson(result.rejected)}});
            continue;
        }
        console.line(tr("%1: %2, %3, %4")
                         .arg(QFileInfo(file).fileName(), tr("added %1").arg(result.addedIds.size()),
                              tr("duplicates %1").arg(result.duplicates.size()),
                              tr("rejected %1").arg(result.rejected.size())));
        // Duplicates and rejected lines together, in the file's order.
        for (const ImportIssue& issue : result.issuesByLine()) {
            console.line(tr("  line %1: %2 (%3)")
                             .arg(issue.line)
                             .arg(CliApp::maskSecrets(issue.reason), CliApp::maskSecrets(elide(issue.text, 40))));
        }
    }
    if (app.json())
        console.line(compactJson(QJsonDocument(jsonFiles)));
    else if (files.size() > 1)
        console.line(tr("Keys added in all: %1.").arg(totalAdded));
    return allRead ? ExitOk : ExitFailure;
}

int KeyCommands::list(CliApp& app)
{
    QCommandLineParser parser;
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    if (!parser.positionalArguments().isEmpty()) {
        app.console().error(tr("egb list takes no arguments. Run egb list --help."));
        return ExitUsage;
    }
    if (!app.openStore())
        return ExitFailure;
    const KeyPool& pool = app.pool();
    const qint64 now = pool.now();
    if (app.json()) {
        QJsonArray keys;
        for (int row = 0; row < pool.size(); ++row)
            keys.append(keyToJson(pool, row, now));
        app.console().line(compactJson(QJsonDocument(keys)));
        return ExitOk;
    }
    if (pool.isEmpty()) {
        app.console().message(tr("No keys in the pool. Import some with: egb import keys.txt"));
        return ExitOk;
    }
    const QStringList headers = {tr("ID"),     tr("KEY"),      tr("STATUS"), tr("WEIGHT"), tr("OK"),
                                 tr("FAILED"), tr("IN A ROW"), tr("LAST"),   tr("DETAIL")};
    QList<QStringList> rows;
    rows.reserve(pool.size());
    const QLocale locale;
    for (int row = 0; row < pool.size(); ++row) {
        const ApiKey& key = pool.at(row);
        const KeyStatus status = key.effectiveStatus(now);
        QString detail;
        if (status == KeyStatus::CoolingDown) {
            detail = tr("back at %1 (%2)")
                         .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(key.cooldownUntilMs).time(),
                                              QLocale::ShortFormat),
                              durationText(key.cooldownUntilMs - now));
        } else if (status == KeyStatus::Disabled && !key.disabledReason.isEmpty()) {
            detail = key.disabledReason;
        } else {
            detail = key.lastError;
        }
        rows.append({QString::number(key.id), key.masked(), statusText(status), QString::number(key.weight, 'f', 2),
                     QString::number(key.totalSuccesses), QString::number(key.totalFailures),
                     QString::number(key.consecutiveFailures),
                     key.lastHttpStatus > 0 ? QString::number(key.lastHttpStatus) : QStringLiteral("-"),
                     CliApp::maskSecrets(elide(detail, 70))});
    }
    app.console().write(Console::table(headers, rows, {true, false, false, true, true, true, true, true, false}));
    return ExitOk;
}

int KeyCommands::stats(CliApp& app)
{
    QCommandLineParser parser;
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    if (!parser.positionalArguments().isEmpty()) {
        app.console().error(tr("egb stats takes no arguments. Run egb stats --help."));
        return ExitUsage;
    }
    if (!app.openStore())
        return ExitFailure;
    const PoolStats s = app.pool().stats();
    const SelectionStrategy strategy = app.pool().strategy();
    if (app.json()) {
        app.console().line(
            compactJson(QJsonDocument(QJsonObject{{QStringLiteral("total"), s.total},
                                                  {QStringLiteral("available"), s.available},
                                                  {QStringLiteral("cooling_down"), s.coolingDown},
                                                  {QStringLiteral("disabled"), s.disabled},
                                                  {QStringLiteral("strategy"), AppSettings::strategyName(strategy)},
                                                  {QStringLiteral("database"), app.databasePath()}})));
        return ExitOk;
    }
    const QList<QStringList> rows = {
        {tr("Keys:"), QString::number(s.total)},
        {tr("Available:"), QString::number(s.available)},
        {tr("Cooling down:"), QString::number(s.coolingDown)},
        {tr("Disabled:"), QString::number(s.disabled)},
        {tr("Selection:"), strategy == SelectionStrategy::RoundRobin ? tr("round robin") : tr("weighted random")},
        {tr("Database:"), app.databasePath()}};
    // A two-column table without a header line.
    const QString table = Console::table({QString(), QString()}, rows, {false, true});
    app.console().write(table.mid(table.indexOf(u'\n') + 1));
    if (s.total == 0)
        app.console().message(tr("No keys in the pool. Import some with: egb import keys.txt"));
    return ExitOk;
}

int KeyCommands::change(CliApp& app)
{
    QCommandLineParser parser;
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    if (!app.openStore())
        return ExitFailure;
    const QString command = app.command();
    QStringList unknown;
    const std::optional<QList<qint64>> ids = app.parseIds(parser.positionalArguments(), &unknown);
    if (!ids)
        return ExitUsage;
    for (const QString& id : unknown)
        app.console().error(tr("No key has the ID %1. See the IDs with: egb list").arg(id));

    KeyPool& pool = app.pool();
    const int n = int(ids->size());
    QString done;
    if (command == u"enable") {
        pool.enable(*ids);
        done = tr("Keys enabled: %1.").arg(n);
    } else if (command == u"disable") {
        pool.disable(*ids, tr("Disabled by you"));
        done = tr("Keys disabled: %1.").arg(n);
    } else if (command == u"reset") {
        pool.reset(*ids);
        done = tr("Keys reset: %1.").arg(n);
    } else {
        pool.remove(*ids);
        done = tr("Keys removed: %1.").arg(n);
    }
    if (app.json()) {
        QJsonArray changed;
        for (qint64 id : *ids)
            changed.append(id);
        QJsonArray missing;
        for (const QString& id : unknown)
            missing.append(id);
        app.console().line(compactJson(QJsonDocument(QJsonObject{{QStringLiteral("command"), command},
                                                                 {QStringLiteral("changed"), changed},
                                                                 {QStringLiteral("unknown"), missing}})));
    } else {
        app.console().line(done);
    }
    return unknown.isEmpty() ? ExitOk : ExitFailure;
}

} // namespace egb
