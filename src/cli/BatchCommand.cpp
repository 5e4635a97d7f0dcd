#include "BatchCommand.h"

#include "BatchResultFormat.h"
#include "BatchRunLock.h"
#include "BatchRunStore.h"
#include "BatchRunner.h"
#include "CliApp.h"
#include "Dispatcher.h"
#include "Interrupt.h"
#include "KeyStore.h"
#include "PromptFile.h"
#include "TimeLimitOptions.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPair>
#include <QTimer>

#include <vector>

namespace egb {

BatchItem BatchCommand::itemFromResult(int index, const PromptEntry& prompt, const BatchItemResult& result)
{
    // The fields the Batch page exports too (BatchResultFormat), plus the error class.
    BatchItem item;
    item.index = index;
    item.prompt = prompt.text;
    item.status = result.ok() ? BatchItem::Status::Ok : BatchItem::Status::Error;
    if (result.ok()) {
        item.text = result.response.text;
    } else {
        item.error = result.errorMessage.isEmpty() ? result.outcome.message : result.errorMessage;
        if (item.error.isEmpty())
            item.error = Outcome::className(result.outcome.kind);
        item.error = CliApp::maskSecrets(item.error);
        item.errorKind = Outcome::className(result.outcome.kind);
    }
    item.attempts = int(result.attempts.size());
    if (!result.attempts.isEmpty())
        item.keyMasked = CliApp::maskSecrets(result.attempts.constLast().maskedKey);
    item.latencyMs = result.outcome.latencyMs;
    item.usage = result.outcome.usage;
    return item;
}

QJsonObject BatchCommand::itemToJson(const BatchItem& item, int line)
{
    QJsonObject o = BatchResultFormat::toJson(item);
    o.insert(QStringLiteral("line"), line);
    return o;
}

QJsonObject BatchCommand::resultToJson(int index, const PromptEntry& prompt, const BatchItemResult& result)
{
    return itemToJson(itemFromResult(index, prompt, result), prompt.line);
}

QString BatchCommand::fingerprint(const QList<PromptEntry>& prompts, const QString& model, const QString& system)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&hash](const QString& text) {
        const QByteArray bytes = text.toUtf8();
        // Length-prefixed, so no two different lists of strings hash the same bytes.
        hash.addData(QByteArray::number(bytes.size()) + ':');
        hash.addData(bytes);
    };
    add(QStringLiteral("egb batch 1"));
    add(model);
    add(system);
    for (const PromptEntry& p : prompts) {
        add(p.text);
        if (!p.model.isEmpty()) // a line's own model makes it another request (older runs had none: same hash)
            add(QStringLiteral("model:") + p.model);
    }
    return QString::fromLatin1(hash.result().toHex());
}

QCoro::Task<int> BatchCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          tr("Where the JSON lines go."), QStringLiteral("FILE"));
    const QCommandLineOption concurrencyOption(QStringList{QStringLiteral("c"), QStringLiteral("concurrency")},
                                               tr("Prompts in flight at once."), QStringLiteral("N"),
                                               QString::number(DefaultConcurrency));
    const QCommandLineOption modelOption(QStringList{QStringLiteral("m"), QStringLiteral("model")}, tr("The model."),
                                         QStringLiteral("MODEL"), GenerateRequest::defaultModel());
    const QCommandLineOption systemOption(QStringList{QStringLiteral("s"), QStringLiteral("system")},
                                          tr("A system instruction."), QStringLiteral("TEXT"));
    const QCommandLineOption columnOption(QStringList{QStringLiteral("column")},
                                          tr("The CSV column or JSONL field of the prompt."), QStringLiteral("NAME"));
    const QCommandLineOption verboseOption(QStringList{QStringLiteral("v"), QStringLiteral("verbose")},
                                           tr("Print every attempt."));
    const QCommandLineOption restartOption(QStringList{QStringLiteral("restart")},
                                           tr("Send every prompt again instead of resuming a stopped run."));
    const QCommandLineOption retryFailedOption(QStringList{QStringLiteral("retry-failed")},
                                               tr("Send the prompts that failed in the earlier run again."));
    parser.addOptions({outputOption, concurrencyOption, modelOption, systemOption, columnOption, verboseOption,
                       restartOption, retryFailedOption});
    const TimeLimitOptions timeLimits;
    timeLimits.addTo(parser);
    if (!app.parseCommandArguments(parser))
        co_return ExitUsage;
    Console& console = app.console();
    ClientSettings limitedClient;
    DispatcherSettings dispatcherSettings;
    if (!timeLimits.apply(parser, console, limitedClient, dispatcherSettings))
        co_return ExitUsage;
    if (parser.isSet(restartOption) && parser.isSet(retryFailedOption)) {
        console.error(tr("--restart sends every prompt again and --retry-failed resumes the earlier run: give one "
                         "of them."));
        co_return ExitUsage;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        console.error(
            positional.isEmpty()
                ? tr("Name the file of prompts, e.g. egb batch prompts.txt -o answers.jsonl")
                : tr("egb batch reads one file of prompts; got %1. Run egb batch --help.").arg(positional.size()));
        co_return ExitUsage;
    }
    bool concurrencyOk = false;
    const int concurrency = parser.value(concurrencyOption).toInt(&concurrencyOk);
    if (!concurrencyOk || concurrency < 1 || concurrency > MaxConcurrency) {
        console.error(tr("--concurrency must be a number from 1 to %1, not \"%2\".")
                          .arg(MaxConcurrency)
                          .arg(parser.value(concurrencyOption)));
        co_return ExitUsage;
    }
    const QString model = parser.value(modelOption).trimmed();
    if (model.isEmpty()) {
        console.error(tr("The model name is empty. Give one with --model, e.g. --model %1.")
                          .arg(GenerateRequest::defaultModel()));
        co_return ExitUsage;
    }

    const QString input = positional.first();
    const PromptFileResult prompts = PromptFile::read(input, parser.value(columnOption));
    if (!prompts.ok) {
        console.error(prompts.error);
        co_return ExitFailure;
    }
    constexpr int MaxIssuesShown = 20;
    for (qsizetype i = 0; i < prompts.issues.size() && i < MaxIssuesShown; ++i) {
        const PromptIssue& issue = prompts.issues.at(i);
        console.message(tr("%1:%2: skipped: %3").arg(input).arg(issue.line).arg(issue.reason));
    }
    if (prompts.issues.size() > MaxIssuesShown) {
        console.message(
            tr("%1: further skipped lines not shown: %2.").arg(input).arg(prompts.issues.size() - MaxIssuesShown));
    }
    if (prompts.prompts.isEmpty()) {
        console.error(tr("%1 holds no prompts. Write one prompt a line (.txt), a \"prompt\" column (.csv) or a "
                         "\"prompt\" field (.jsonl).")
                          .arg(input));
        co_return ExitFailure;
    }

    if (!app.openStoreWithUsableKeys())
        co_return ExitFailure;
    std::optional<ClientSettings> settings = app.clientSettings();
    if (!settings)
        co_return ExitUsage;
    settings->attemptTimeoutMs = limitedClient.attemptTimeoutMs;
    settings->streamTimeoutMs = limitedClient.streamTimeoutMs;
    settings->streamIdleTimeoutMs = limitedClient.streamIdleTimeoutMs;

    // Open the output before the first request, so a wrong path costs nothing.
    const QString outputPath = parser.value(outputOption);
    QFile output;
    if (outputPath.isEmpty() || outputPath == u"-") {
        if (!output.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            console.error(tr("Cannot write to standard output."));
            co_return ExitFailure;
        }
    } else {
        output.setFileName(outputPath);
        if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            console.error(
                tr("Cannot write %1: %2. Choose another file with -o.").arg(outputPath, output.errorString()));
            co_return ExitFailure;
        }
    }

    const qsizetype total = prompts.prompts.size();
    const QString system = parser.value(systemOption);
    const bool verbose = parser.isSet(verboseOption);

    // The run in the database: a new one, or the stopped run of the same prompts, model and system instruction.
    QList<BatchItem> items;
    items.reserve(total);
    for (qsizetype i = 0; i < total; ++i) {
        BatchItem it;
        it.index = int(i);
        it.prompt = prompts.prompts.at(i).text;
        items.append(it);
    }
    BatchRunStore store;
    bool saving = app.keyStore() && store.open(app.keyStore()->connectionName());
    if (!saving)
        console.error(
            tr("This batch is not being saved, so it cannot be resumed if it stops: %1").arg(store.lastError()));
    const QString fingerprint = BatchCommand::fingerprint(prompts.prompts, model, system);
    // One process at a time runs these prompts: a second egb batch of the same input would answer them twice.
    BatchRunLock runLock;
    if (saving) {
        const BatchRunLock::Result locked = runLock.acquire(app.keyStore()->connectionName(), fingerprint);
        if (locked == BatchRunLock::Result::HeldElsewhere) {
            const BatchRunLock::Holder holder = runLock.holder();
            console.error(tr("This batch is already being run by process %1 on %2 (started %3). Wait for it to "
                             "finish, or stop it and run this command again to resume it.")
                              .arg(holder.pid)
                              .arg(holder.host, CliApp::isoUtc(holder.startedMs)));
            co_return ExitUsage;
        }
        if (locked == BatchRunLock::Result::Failed)
            console.error(tr("Could not mark this batch as running (%1); another egb batch of the same prompts "
                             "would not be stopped.")
                              .arg(runLock.lastError()));
    }
    qint64 runId = 0;
    int alreadyAnswered = 0;
    if (saving) {
        std::optional<BatchRun> previous = store.findRun(QStringLiteral("fingerprint"), fingerprint);
        // The same command takes its run up again, whatever state it was left in (a finished run just writes its
        // output again); only a run set aside by --restart is never taken up again.
        if (previous && previous->state == BatchRun::State::Cancelled)
            previous.reset();
        if (previous && parser.isSet(restartOption)) {
            store.setState(previous->id, BatchRun::State::Cancelled);
            console.message(tr("Starting over: run %1 (%2 of %3 prompts answered) is set aside.")
                                .arg(previous->id)
                                .arg(previous->ok + previous->failed)
                                .arg(previous->total));
            previous.reset();
        }
        if (previous) {
            QList<BatchItem> stored = store.items(previous->id);
            bool same = stored.size() == total;
            for (qsizetype i = 0; same && i < total; ++i)
                same = stored.at(i).index == int(i) && stored.at(i).prompt == items.at(i).prompt;
            if (same) {
                runId = previous->id;
                if (parser.isSet(retryFailedOption)) {
                    QList<int> failed;
                    for (BatchItem& it : stored) {
                        if (it.status == BatchItem::Status::Error) {
                            failed.append(it.index);
                            it = items.at(it.index);
                        }
                    }
                    if (!store.resetItems(runId, failed))
                        console.error(store.lastError());
                }
                items = stored;
                for (const BatchItem& it : std::as_const(items))
                    alreadyAnswered += it.isDone() ? 1 : 0;
                store.setState(runId, BatchRun::State::Running);
                console.message(tr("Resuming run %1: %2 of %3 prompts already answered; they are not sent again "
                                   "(--restart sends every prompt again).")
                                    .arg(runId)
                                    .arg(alreadyAnswered)
                                    .arg(total));
            }
        }
        if (runId == 0) {
            BatchRun run;
            run.title = QFileInfo(input).fileName();
            run.model = model;
            run.concurrency = concurrency;
            run.state = BatchRun::State::Running;
            const QJsonObject settingsJson{{QStringLiteral("source"), QStringLiteral("egb batch")},
                                           {QStringLiteral("fingerprint"), fingerprint},
                                           {QStringLiteral("input"), QFileInfo(input).absoluteFilePath()},
                                           {QStringLiteral("systemInstruction"), system}};
            run.settingsJson = QString::fromUtf8(QJsonDocument(settingsJson).toJson(QJsonDocument::Compact));
            QStringList texts;
            texts.reserve(total);
            for (const BatchItem& it : std::as_const(items))
                texts.append(it.prompt);
            runId = store.createRun(run, texts);
            if (runId == 0) {
                saving = false;
                console.error(tr("This batch is not being saved, so it cannot be resumed if it stops: %1")
                                  .arg(store.lastError()));
            } else if (verbose) {
                console.message(tr("Run %1 is saved in %2; if it stops, run the same command again to resume it.")
                                    .arg(runId)
                                    .arg(app.databasePath()));
            }
        }
    }

    QList<GenerateRequest> requests;
    requests.reserve(total);
    for (const PromptEntry& p : prompts.prompts) {
        GenerateRequest request = GenerateRequest::fromPrompt(p.text, p.model.isEmpty() ? model : p.model);
        request.systemInstruction = system;
        requests.append(request);
    }

    BatchRunner runner(&app.pool(), *settings, dispatcherSettings);
    runner.setConcurrency(concurrency);
    QList<bool> done(total, false);
    for (qsizetype i = 0; i < total; ++i)
        done[i] = items.at(i).isDone();
    runner.setSkipPredicate(
        [done](int index, const GenerateRequest&) { return index >= 0 && index < done.size() && done.at(index); });
    if (verbose) {
        QObject::connect(runner.dispatcher(), &Dispatcher::attemptFinished, &runner,
                         [&console](const AttemptRecord& r) { console.message(CliApp::maskSecrets(r.describe())); });
    }

    // Lines are written in input order as soon as every earlier one is written; answers of an earlier run are
    // there from the start.
    std::vector<std::optional<QJsonObject>> finished(static_cast<size_t>(total));
    for (qsizetype i = 0; i < total; ++i) {
        if (items.at(i).isDone())
            finished[size_t(i)] = itemToJson(items.at(i), prompts.prompts.at(i).line);
    }
    qsizetype written = 0;
    int answered = 0;
    int failed = 0;
    bool writeFailed = false;
    auto writeReady = [&] {
        while (written < total && finished[size_t(written)]) {
            const QJsonObject line = *finished[size_t(written)];
            finished[size_t(written)].reset();
            ++written;
            if (line.value(QLatin1String("status")).toString() == u"ok")
                ++answered;
            else
                ++failed;
            if (writeFailed)
                continue;
            const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
            if (output.write(bytes) != bytes.size()) {
                writeFailed = true;
                console.error(
                    tr("Cannot write the results to %1: %2.")
                        .arg(outputPath.isEmpty() ? tr("standard output") : outputPath, output.errorString()));
            }
        }
        output.flush();
    };
    writeReady();
    // A result's line is written once the result is committed, so what the output shows is never sent again. Saves
    // are written behind: at the next turn of the event loop, and at most one transaction per SaveIntervalMs, so at
    // a thousand answers a second they share a commit instead of costing one each. A kill loses the answers of the
    // last interval at most (they are sent again, like those in flight). Results that could not be saved stay
    // queued and go with the next save.
    QList<BatchItem> unsaved;
    QList<QPair<qsizetype, QJsonObject>> unsavedLines;
    int saves = 0;
    int saved = 0;
    qint64 saveNs = 0;
    bool saveFailed = false;
    QElapsedTimer lastSave;
    QTimer saveTimer;
    saveTimer.setSingleShot(true);
    auto saveNow = [&] {
        saveTimer.stop();
        lastSave.start();
        if (unsaved.isEmpty())
            return;
        QElapsedTimer timer;
        timer.start();
        const bool ok = store.saveResults(runId, unsaved);
        saveNs += timer.nsecsElapsed();
        ++saves;
        if (!ok) {
            if (!saveFailed) {
                saveFailed = true;
                console.error(tr("Results are not being saved (they are kept and retried with the next ones): %1")
                                  .arg(store.lastError()));
            }
            return;
        }
        saveFailed = false;
        saved += int(unsaved.size());
        unsaved.clear();
        for (const auto& [index, line] : std::as_const(unsavedLines))
            finished[size_t(index)] = line;
        unsavedLines.clear();
        writeReady();
    };
    QObject::connect(&saveTimer, &QTimer::timeout, &runner, saveNow);
    QObject::connect(&runner, &BatchRunner::itemFinished, &runner, [&](const BatchItemResult& result) {
        if (result.skipped || result.index < 0 || result.index >= total || written > result.index ||
            finished[size_t(result.index)])
            return;
        const PromptEntry& prompt = prompts.prompts.at(result.index);
        const BatchItem item = itemFromResult(result.index, prompt, result);
        // A prompt cancelled by Ctrl-C got no answer: it stays pending and is sent when the run is resumed.
        if (!saving || result.outcome.kind == OutcomeClass::Cancelled) {
            finished[size_t(result.index)] = itemToJson(item, prompt.line);
            writeReady();
            return;
        }
        unsaved.append(item);
        unsavedLines.append({result.index, itemToJson(item, prompt.line)});
        if (!saveTimer.isActive()) {
            const qint64 since = lastSave.isValid() ? lastSave.elapsed() : SaveIntervalMs;
            saveTimer.start(int(qMax<qint64>(0, SaveIntervalMs - since)));
        }
    });
    QObject::connect(&runner, &BatchRunner::progressChanged, &runner, [&](const BatchProgress& p) {
        QString text = tr("%1/%2 done, %3 failed, %4 in flight").arg(p.done).arg(p.total).arg(p.failed).arg(p.inFlight);
        if (p.ratePerSecond > 0)
            text += tr(", %1/s").arg(p.ratePerSecond, 0, 'f', 1);
        if (p.etaMs >= 0)
            text += tr(", about %1 s left").arg((p.etaMs + 999) / 1000);
        console.progress(text);
    });
    Interrupt interrupt;
    bool interrupted = false;
    QObject::connect(&interrupt, &Interrupt::triggered, &runner, [&] {
        interrupted = true;
        console.message(tr("Stopping: the prompts in flight are cancelled; the results so far are kept, and the same "
                           "command resumes the run. Press Ctrl-C again to quit at once."));
        runner.cancel();
    });

    QList<BatchItemResult> results;
    if (alreadyAnswered < total) // else nothing is left to send: the output is written from the stored answers
        results = co_await runner.run(requests);
    co_await CliApp::unwind();
    console.endProgress();
    if (saving)
        saveNow();
    // Lines of results that could not be saved still go to the output.
    for (const auto& [index, line] : std::as_const(unsavedLines))
        finished[size_t(index)] = line;
    for (qsizetype i = written; i < total; ++i) {
        if (finished[size_t(i)])
            continue;
        BatchItemResult r = i < results.size() ? results.at(i) : BatchItemResult();
        if (r.index < 0) { // never ran (cancelled before it started)
            r.index = int(i);
            r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("Not sent: the batch was stopped."));
        }
        finished[size_t(i)] = itemToJson(itemFromResult(int(i), prompts.prompts.at(i), r), prompts.prompts.at(i).line);
    }
    writeReady();
    output.close();

    if (saving) {
        const std::optional<BatchRun> run = store.run(runId);
        const int pending = run ? run->pending() : int(total);
        // Finished only when every prompt has its saved answer and the output holds them all; otherwise the same
        // command resumes the run (and writes the output again).
        store.setState(runId, pending == 0 && !writeFailed ? BatchRun::State::Finished : BatchRun::State::Paused);
        if (pending > 0 || writeFailed) {
            console.message(tr("Run %1 is saved: run the same command again to send the %2 prompts still pending "
                               "and write the output again.")
                                .arg(runId)
                                .arg(pending));
        }
        if (!unsaved.isEmpty())
            console.error(tr("%1 results could not be saved: %2").arg(unsaved.size()).arg(store.lastError()));
        if (verbose && saves > 0) {
            console.message(tr("Saved %1 results in %2 transactions, %3 ms in all (%4 ms each).")
                                .arg(saved)
                                .arg(saves)
                                .arg(double(saveNs) / 1e6, 0, 'f', 1)
                                .arg(double(saveNs) / 1e6 / saves, 0, 'f', 3));
        }
    }

    const QString where =
        outputPath.isEmpty() || outputPath == u"-" ? tr("standard output") : QFileInfo(outputPath).absoluteFilePath();
    console.message(
        tr("%1 of %2 prompts answered, %3 failed; results in %4.").arg(answered).arg(total).arg(failed).arg(where));
    if (interrupted || writeFailed || failed > 0 || !unsaved.isEmpty())
        co_return ExitFailure;
    co_return ExitOk;
}

} // namespace egb
