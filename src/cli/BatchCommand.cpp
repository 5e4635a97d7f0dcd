#include "BatchCommand.h"

#include "BatchResultFormat.h"
#include "BatchRunner.h"
#include "CliApp.h"
#include "Dispatcher.h"
#include "Interrupt.h"
#include "PromptFile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <vector>

namespace egb {

QJsonObject BatchCommand::resultToJson(int index, const PromptEntry& prompt, const BatchItemResult& result)
{
    // The fields the Batch page exports too (BatchResultFormat), plus where the prompt came from and the error class.
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
    }
    item.attempts = int(result.attempts.size());
    if (!result.attempts.isEmpty())
        item.keyMasked = CliApp::maskSecrets(result.attempts.constLast().maskedKey);
    item.latencyMs = result.outcome.latencyMs;
    item.usage = result.outcome.usage;
    QJsonObject o = BatchResultFormat::toJson(item);
    o.insert(QStringLiteral("line"), prompt.line);
    o.insert(QStringLiteral("error_kind"),
             result.ok() ? QJsonValue() : QJsonValue(Outcome::className(result.outcome.kind)));
    return o;
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
    parser.addOptions({outputOption, concurrencyOption, modelOption, systemOption, columnOption, verboseOption});
    if (!app.parseCommandArguments(parser))
        co_return ExitUsage;
    Console& console = app.console();

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
    const std::optional<ClientSettings> settings = app.clientSettings();
    if (!settings)
        co_return ExitUsage;

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

    QList<GenerateRequest> requests;
    requests.reserve(prompts.prompts.size());
    for (const PromptEntry& p : prompts.prompts) {
        GenerateRequest request = GenerateRequest::fromPrompt(p.text, model);
        request.systemInstruction = parser.value(systemOption);
        requests.append(request);
    }

    BatchRunner runner(&app.pool(), *settings);
    runner.setConcurrency(concurrency);
    if (parser.isSet(verboseOption)) {
        QObject::connect(runner.dispatcher(), &Dispatcher::attemptFinished, &runner,
                         [&console](const AttemptRecord& r) { console.message(CliApp::maskSecrets(r.describe())); });
    }

    // Lines are written in input order as soon as every earlier one is written.
    const qsizetype total = prompts.prompts.size();
    std::vector<std::optional<BatchItemResult>> finished(static_cast<size_t>(total));
    qsizetype written = 0;
    bool writeFailed = false;
    auto writeReady = [&] {
        while (written < total && finished[size_t(written)]) {
            const QJsonObject line =
                resultToJson(int(written), prompts.prompts.at(written), *finished[size_t(written)]);
            finished[size_t(written)].reset();
            ++written;
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
    QObject::connect(&runner, &BatchRunner::itemFinished, &runner, [&](const BatchItemResult& result) {
        if (result.index < 0 || result.index >= total || written > result.index)
            return;
        finished[size_t(result.index)] = result;
        writeReady();
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
        console.message(tr("Stopping: the prompts in flight are cancelled; the results so far are kept. "
                           "Press Ctrl-C again to quit at once."));
        runner.cancel();
    });

    const QList<BatchItemResult> results = co_await runner.run(requests);
    co_await CliApp::unwind();
    console.endProgress();
    for (qsizetype i = written; i < total && i < results.size(); ++i) {
        if (!finished[size_t(i)]) {
            BatchItemResult r = results.at(i);
            if (r.index < 0) { // never ran (cancelled before it started)
                r.index = int(i);
                r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("Not sent: the batch was stopped."));
            }
            finished[size_t(i)] = r;
        }
    }
    writeReady();
    output.close();

    int failed = 0;
    for (const BatchItemResult& r : results) {
        if (!r.ok())
            ++failed;
    }
    const QString where =
        outputPath.isEmpty() || outputPath == u"-" ? tr("standard output") : QFileInfo(outputPath).absoluteFilePath();
    console.message(tr("%1 of %2 prompts answered, %3 failed; results in %4.")
                        .arg(total - failed)
                        .arg(total)
                        .arg(failed)
                        .arg(where));
    if (interrupted || writeFailed || failed > 0)
        co_return ExitFailure;
    co_return ExitOk;
}

} // namespace egb
