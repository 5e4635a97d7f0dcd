#include "CheckCommand.h"

#include "CliApp.h"
#include "ErrorClassifier.h"
#include "GeminiClient.h"
#include "Interrupt.h"
#include "KeyChecker.h"
#include "KeyCommands.h"

#include <QCommandLineParser>
#include <QCoro/QCoroSignal>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace egb {

namespace {

struct CheckRow
{
    qint64 id = 0;
    QString masked;
    Outcome outcome;
    KeyStatus statusAfter = KeyStatus::Active;
    qint64 cooldownUntilMs = 0;
    bool done = false;
};

} // namespace

QCoro::Task<int> CheckCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    if (!app.parseCommandArguments(parser))
        co_return ExitUsage;
    if (!app.openStore())
        co_return ExitFailure;
    const std::optional<ClientSettings> settings = app.clientSettings();
    if (!settings)
        co_return ExitUsage;
    KeyPool& pool = app.pool();
    Console& console = app.console();
    if (pool.isEmpty()) {
        console.error(tr("No keys in the pool. Import some with: egb import keys.txt"));
        co_return ExitFailure;
    }

    QList<qint64> ids;
    QStringList unknown;
    if (parser.positionalArguments().isEmpty()) {
        ids = pool.ids();
    } else {
        const std::optional<QList<qint64>> given = app.parseIds(parser.positionalArguments(), &unknown);
        if (!given)
            co_return ExitUsage;
        ids = *given;
    }
    for (const QString& id : unknown)
        console.error(tr("No key has the ID %1. See the IDs with: egb list").arg(id));

    QList<CheckRow> rows;
    rows.reserve(ids.size());
    for (qint64 id : ids) {
        const ApiKey* key = pool.find(id);
        rows.append(CheckRow{id, key->masked(), {}, key->status, 0, false});
    }

    const QStringList resultWords = {tr("ok"),           tr("rejected"),      tr("rate limited"),
                                     tr("server error"), tr("request error"), tr("cancelled")};
    qsizetype idWidth = 2;
    for (const CheckRow& row : rows)
        idWidth = std::max(idWidth, QString::number(row.id).size());
    int wordWidth = 0; // in terminal cells: a Chinese result word is twice as wide as its length
    for (const QString& w : resultWords)
        wordWidth = std::max(wordWidth, Console::displayWidth(w));

    auto resultWord = [&](OutcomeClass kind) -> QString {
        switch (kind) {
        case OutcomeClass::Success:
            return resultWords.at(0);
        case OutcomeClass::KeyInvalid:
            return resultWords.at(1);
        case OutcomeClass::RateLimited:
            return resultWords.at(2);
        case OutcomeClass::ServerError:
            return resultWords.at(3);
        case OutcomeClass::RequestError:
            return resultWords.at(4);
        case OutcomeClass::Cancelled:
            break;
        }
        return resultWords.at(5);
    };

    qsizetype printed = 0;
    int finished = 0;
    auto printReady = [&] {
        while (printed < rows.size() && rows.at(printed).done) {
            const CheckRow& row = rows.at(printed++);
            if (app.json())
                continue;
            QString detail;
            if (row.outcome.isSuccess()) {
                detail = row.statusAfter == KeyStatus::Disabled
                             ? tr("works, but stays disabled: use it again with egb enable %1").arg(row.id)
                             : QString();
            } else {
                detail = row.outcome.message.isEmpty() ? ErrorClassifier::describe(row.outcome.kind)
                                                       : row.outcome.message.simplified();
                if (row.outcome.httpStatus > 0)
                    detail = tr("HTTP %1: %2").arg(row.outcome.httpStatus).arg(detail);
                if (row.statusAfter == KeyStatus::Disabled) {
                    detail += tr(" (now disabled)");
                } else if (row.statusAfter == KeyStatus::CoolingDown) {
                    detail +=
                        tr(" (cooling down, back %1)").arg(KeyCommands::durationText(row.cooldownUntilMs - pool.now()));
                }
            }
            QString line = QString::number(row.id).rightJustified(idWidth) + QStringLiteral("  ") + row.masked +
                           QStringLiteral("  ") + Console::pad(resultWord(row.outcome.kind), wordWidth) +
                           QStringLiteral("  ") + CliApp::maskSecrets(detail);
            while (line.endsWith(u' '))
                line.chop(1);
            console.line(line);
        }
    };

    // The one key checker (the Keys page's too): a few checks at once, every verdict reported to the pool.
    GeminiClient client(*settings);
    KeyChecker checker(&pool, &client);
    checker.setParallel(Concurrency);
    QHash<qint64, qsizetype> rowOfId;
    for (qsizetype i = 0; i < rows.size(); ++i)
        rowOfId.insert(rows.at(i).id, i);
    QObject::connect(&checker, &KeyChecker::checked, &checker, [&](qint64 id, const Outcome& outcome) {
        const qsizetype i = rowOfId.value(id, -1);
        if (i < 0)
            return;
        CheckRow& row = rows[i];
        row.outcome = outcome;
        if (const ApiKey* key = pool.find(row.id)) {
            row.statusAfter = key->effectiveStatus(pool.now());
            row.cooldownUntilMs = key->cooldownUntilMs;
        }
        row.done = true;
        ++finished;
        console.progress(tr("Checked %1 of %2 keys").arg(finished).arg(rows.size()));
        printReady();
    });
    bool ended = false;
    KeyCheckSummary summary;
    QObject::connect(&checker, &KeyChecker::finished, &checker, [&](const KeyCheckSummary& s) {
        ended = true;
        summary = s;
    });
    Interrupt interrupt;
    bool interrupted = false;
    QObject::connect(&interrupt, &Interrupt::triggered, &checker, [&] {
        interrupted = true;
        console.message(tr("Stopping: the checks in flight are cancelled; the verdicts so far are kept."));
        checker.cancel();
    });
    QList<qint64> toCheck;
    toCheck.reserve(rows.size());
    for (const CheckRow& row : std::as_const(rows))
        toCheck.append(row.id);
    checker.check(toCheck);
    if (!ended && checker.isRunning())
        co_await qCoro(&checker, &KeyChecker::finished);
    co_await CliApp::unwind();
    console.endProgress();
    // Keys whose check was cancelled (Ctrl-C) say so, in their place.
    for (CheckRow& row : rows) {
        if (!row.done) {
            row.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("Not checked: stopped."));
            row.done = true;
        }
    }
    printReady();

    int failed = 0;
    QJsonArray json;
    for (const CheckRow& row : rows) {
        if (!row.outcome.isSuccess())
            ++failed;
        if (app.json()) {
            json.append(QJsonObject{
                {QStringLiteral("id"), row.id},
                {QStringLiteral("key"), row.masked},
                {QStringLiteral("ok"), row.outcome.isSuccess()},
                {QStringLiteral("result"), Outcome::className(row.outcome.kind)},
                {QStringLiteral("http_status"),
                 row.outcome.httpStatus > 0 ? QJsonValue(row.outcome.httpStatus) : QJsonValue()},
                {QStringLiteral("message"),
                 row.outcome.message.isEmpty() ? QJsonValue() : QJsonValue(CliApp::maskSecrets(row.outcome.message))},
                {QStringLiteral("status"), ApiKey::statusName(row.statusAfter)},
            });
        }
    }
    if (app.json()) {
        console.line(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    } else if (rows.size() > 1) {
        // The keys stopped by Ctrl-C were not counted by the checker: every row is.
        summary.cancelled = int(rows.size()) - (summary.checked() - summary.cancelled);
        const QString details = summary.details();
        console.line(details.isEmpty()
                         ? tr("%1 of %2 keys work.").arg(rows.size() - failed).arg(rows.size())
                         : tr("%1 of %2 keys work: %3.").arg(rows.size() - failed).arg(rows.size()).arg(details));
    }
    co_return failed == 0 && unknown.isEmpty() && !interrupted ? ExitOk : ExitFailure;
}

} // namespace egb
