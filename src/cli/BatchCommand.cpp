#include "BatchCommand.h"

#include "AppContext.h"
#include "BatchJob.h"
#include "BatchResultFormat.h"
#include "BatchRunLock.h"
#include "BatchRunStore.h"
#include "CliApp.h"
#include "Dispatcher.h"
#include "Interrupt.h"
#include "KeyStore.h"
#include "PromptFile.h"
#include "TimeLimitOptions.h"

#include <QCommandLineParser>
#include <QCoro/QCoroSignal>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>

#include <optional>

namespace egb {

QJsonObject BatchCommand::itemToJson(const BatchItem& item, int line)
{
    QJsonObject o = BatchResultFormat::toJson(item);
    o.insert(QStringLiteral("line"), line);
    return o;
}

QCoro::Task<int> BatchCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    // Defaults from the settings in effect (command line > environment > settings file > default).
    const AppSettings::Values values = app.context().values();
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          tr("Where the JSON lines go."), QStringLiteral("FILE"));
    const QCommandLineOption concurrencyOption(QStringList{QStringLiteral("c"), QStringLiteral("concurrency")},
                                               tr("Prompts in flight at once."), QStringLiteral("N"),
                                               QString::number(values.concurrency));
    const QCommandLineOption modelOption(QStringList{QStringLiteral("m"), QStringLiteral("model")}, tr("The model."),
                                         QStringLiteral("MODEL"), values.defaultModel);
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
    // The limits of the settings in effect (command line > environment > settings file > default), unless
    // --timeout / --deadline say otherwise.
    ClientSettings limitedClient = app.context().clientSettings();
    DispatcherSettings dispatcherSettings = app.context().dispatcherSettings();
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
    QStringList texts;
    QStringList promptModels; // a JSONL line's own "model"
    texts.reserve(total);
    for (const PromptEntry& p : prompts.prompts) {
        texts.append(p.text);
        promptModels.append(p.model);
    }

    // The one batch engine (the Batch page's too): the run is kept in the database, and the same command (same
    // prompts, model and system instruction) takes it up where it stopped.
    AppContext& context = app.context();
    BatchRunStore* store = app.keyStore() ? context.batchRuns() : nullptr;
    if (store && !store->isOpen()) {
        console.error(
            tr("This batch is not being saved, so it cannot be resumed if it stops: %1").arg(store->lastError()));
        store = nullptr;
    }
    BatchJob job(&app.pool(), *settings, dispatcherSettings, store);
    job.setSaveInterval(SaveIntervalMs);
    BatchJob::Spec spec;
    spec.title = QFileInfo(input).fileName();
    spec.model = model;
    spec.concurrency = concurrency;
    spec.settings.source = QLatin1String(BatchRunSettings::SourceCli);
    spec.settings.input = QFileInfo(input).absoluteFilePath();
    spec.settings.systemInstruction = system;
    spec.promptModels = promptModels;

    // Lines are written in input order, each once its row is committed, so what the output shows is never sent
    // again. Answers of an earlier run are read back from the database a slice at a time when their turn comes;
    // rows of this run wait (out of order) only until the rows before them are written.
    QHash<int, QJsonObject> ready;    ///< committed, not yet written
    QHash<int, QJsonObject> notSaved; ///< finished, not (yet) committed
    QList<BatchItem> storedSlice;     ///< rows of an earlier run, from storedFrom on
    int storedFrom = -1;
    qsizetype written = 0;
    int answered = 0;
    int failed = 0;
    bool writeFailed = false;
    auto lineOf = [&](int index) -> std::optional<QJsonObject> {
        if (auto it = ready.find(index); it != ready.end()) {
            std::optional<QJsonObject> line = std::move(it.value());
            ready.erase(it);
            return line;
        }
        if (!job.hadResultBefore(index) || !store)
            return std::nullopt;
        constexpr int Slice = 512;
        if (storedFrom < 0 || index < storedFrom || index >= storedFrom + int(storedSlice.size())) {
            storedSlice = store->items(job.runId(), index, Slice);
            storedFrom = index;
        }
        const qsizetype at = index - storedFrom;
        if (at < 0 || at >= storedSlice.size() || storedSlice.at(at).index != index)
            return std::nullopt;
        return itemToJson(storedSlice.at(at), prompts.prompts.at(index).line);
    };
    auto writeReady = [&] {
        while (written < total) {
            const std::optional<QJsonObject> line = lineOf(int(written));
            if (!line)
                break;
            ++written;
            if (line->value(QLatin1String("status")).toString() == u"ok")
                ++answered;
            else
                ++failed;
            if (writeFailed)
                continue;
            const QByteArray bytes = QJsonDocument(*line).toJson(QJsonDocument::Compact) + '\n';
            if (output.write(bytes) != bytes.size()) {
                writeFailed = true;
                console.error(
                    tr("Cannot write the results to %1: %2.")
                        .arg(outputPath.isEmpty() ? tr("standard output") : outputPath, output.errorString()));
            }
        }
        output.flush();
    };
    QObject::connect(&job, &BatchJob::rowFinished, &job, [&](const BatchItem& row) {
        notSaved.insert(row.index, itemToJson(row, prompts.prompts.at(row.index).line));
    });
    QObject::connect(&job, &BatchJob::rowsSaved, &job, [&](const QList<BatchItem>& rows) {
        for (const BatchItem& row : rows) {
            notSaved.remove(row.index);
            ready.insert(row.index, itemToJson(row, prompts.prompts.at(row.index).line));
        }
        writeReady();
    });
    bool saveTrouble = false;
    QObject::connect(&job, &BatchJob::saveFailed, &job, [&](const QString& message) {
        if (saveTrouble)
            return;
        saveTrouble = true;
        console.error(
            tr("Results are not being saved (they are kept and retried with the next ones): %1").arg(message));
    });
    QObject::connect(&job, &BatchJob::progressChanged, &job, [&](const BatchProgress& p) {
        QString text = tr("%1/%2 done, %3 failed, %4 in flight").arg(p.done).arg(p.total).arg(p.failed).arg(p.inFlight);
        if (p.ratePerSecond > 0)
            text += tr(", %1/s").arg(p.ratePerSecond, 0, 'f', 1);
        if (p.etaMs >= 0)
            text += tr(", about %1 s left").arg((p.etaMs + 999) / 1000);
        console.progress(text);
    });
    bool ended = false;
    QObject::connect(&job, &BatchJob::finished, &job, [&ended] { ended = true; });
    Interrupt interrupt;
    bool interrupted = false;
    QObject::connect(&interrupt, &Interrupt::triggered, &job, [&] {
        interrupted = true;
        console.message(tr("Stopping: the prompts in flight are cancelled; the results so far are kept, and the same "
                           "command resumes the run. Press Ctrl-C again to quit at once."));
        job.stop();
    });

    // One process at a time runs these prompts: a second egb batch of the same input would answer them twice.
    BatchRunLock runLock;
    if (store) {
        const QString fingerprint = BatchJob::fingerprint(texts, model, spec.settings, promptModels);
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
    const BatchJob::Mode mode = parser.isSet(restartOption)       ? BatchJob::Mode::Restart
                                : parser.isSet(retryFailedOption) ? BatchJob::Mode::RetryFailed
                                                                  : BatchJob::Mode::Resume;
    const BatchJob::Started started = job.start(spec, texts, mode);
    if (started.setAsideRunId > 0) {
        console.message(tr("Starting over: run %1 (%2 of %3 prompts answered) is set aside.")
                            .arg(started.setAsideRunId)
                            .arg(started.setAsideAnswered)
                            .arg(started.setAsideTotal));
    }
    if (started.resumed) {
        console.message(tr("Resuming run %1: %2 of %3 prompts already answered; they are not sent again "
                           "(--restart sends every prompt again).")
                            .arg(started.runId)
                            .arg(started.alreadyDone)
                            .arg(total));
    } else if (store && started.runId == 0) {
        console.error(
            tr("This batch is not being saved, so it cannot be resumed if it stops: %1").arg(job.saveProblem()));
    } else if (verbose && started.runId > 0) {
        console.message(tr("Run %1 is saved in %2; if it stops, run the same command again to resume it.")
                            .arg(started.runId)
                            .arg(app.databasePath()));
    }
    if (!started.ok) {
        console.error(started.error);
        co_return ExitFailure;
    }
    if (verbose && job.dispatcher()) {
        QObject::connect(job.dispatcher(), &Dispatcher::attemptFinished, &job,
                         [&console](const AttemptRecord& r) { console.message(CliApp::maskSecrets(r.describe())); });
    }
    writeReady(); // the answers of an earlier run, up to the first prompt still to send
    if (!ended)
        co_await qCoro(&job, &BatchJob::finished);
    co_await CliApp::unwind();
    console.endProgress();

    // Rows that could not be saved still go to the output; prompts without a result say so.
    for (auto it = notSaved.cbegin(); it != notSaved.cend(); ++it)
        ready.insert(it.key(), it.value());
    writeReady();
    for (qsizetype i = written; i < total; ++i) {
        const int index = int(i);
        if (!ready.contains(index) && !job.hadResultBefore(index)) {
            BatchItemResult never;
            never.index = index;
            never.outcome = Outcome::failure(OutcomeClass::Cancelled, 0,
                                             tr("No answer: the batch was stopped before this prompt was answered."));
            ready.insert(index, itemToJson(BatchJob::rowFromResult(index, texts.at(index), never),
                                           prompts.prompts.at(index).line));
        }
        writeReady();
    }
    output.close();

    const qint64 runId = job.runId();
    if (store && runId > 0) {
        const int pending = job.pendingCount();
        // Finished only when every prompt has its saved answer and the output holds them all; otherwise the same
        // command resumes the run (and writes the output again).
        if (writeFailed)
            store->setState(runId, BatchRun::State::Paused);
        if (pending > 0 || writeFailed) {
            console.message(tr("Run %1 is saved: run the same command again to send the %2 prompts still pending "
                               "and write the output again.")
                                .arg(runId)
                                .arg(pending));
        }
        if (job.unsavedCount() > 0)
            console.error(tr("%1 results could not be saved: %2").arg(job.unsavedCount()).arg(job.saveProblem()));
    }

    const QString where =
        outputPath.isEmpty() || outputPath == u"-" ? tr("standard output") : QFileInfo(outputPath).absoluteFilePath();
    console.message(
        tr("%1 of %2 prompts answered, %3 failed; results in %4.").arg(answered).arg(total).arg(failed).arg(where));
    if (interrupted || writeFailed || failed > 0 || job.unsavedCount() > 0)
        co_return ExitFailure;
    co_return ExitOk;
}

} // namespace egb
