#include "ChatCommand.h"

#include "AppContext.h"
#include "AttachmentReader.h"
#include "AttachmentUploader.h"
#include "CancelToken.h"
#include "CliApp.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "Interrupt.h"
#include "TimeLimitOptions.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

namespace egb {

QCoro::Task<int> ChatCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    // The model of the settings (command line > environment > settings file > default) unless --model says.
    const QString defaultModel = app.context().values().defaultModel;
    const QCommandLineOption modelOption(QStringList{QStringLiteral("m"), QStringLiteral("model")}, tr("The model."),
                                         QStringLiteral("MODEL"), defaultModel);
    const QCommandLineOption systemOption(QStringList{QStringLiteral("s"), QStringLiteral("system")},
                                          tr("A system instruction."), QStringLiteral("TEXT"));
    const QCommandLineOption streamOption(QStringList{QStringLiteral("stream")}, tr("Print the answer as it arrives."));
    const QCommandLineOption verboseOption(QStringList{QStringLiteral("v"), QStringLiteral("verbose")},
                                           tr("Print every attempt."));
    const QCommandLineOption attachOption(
        QStringList{QStringLiteral("a"), QStringLiteral("attach")},
        tr("Send a file with the prompt: an image, a PDF, a text, audio or video file (repeat for more)."),
        QStringLiteral("FILE"));
    parser.addOptions({modelOption, systemOption, streamOption, verboseOption, attachOption});
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

    QString prompt = parser.positionalArguments().join(u' ');
    if (prompt == u"-" || (prompt.isEmpty() && ::isatty(STDIN_FILENO) == 0)) {
        QFile in;
        if (in.open(stdin, QIODevice::ReadOnly))
            prompt = QString::fromUtf8(in.readAll());
    }
    // The files first: a file that cannot be sent is said before any key is touched.
    QList<ChatAttachment> attachments;
    const QStringList files = parser.values(attachOption);
    for (const QString& path : files) {
        QString error;
        std::optional<ChatAttachment> attachment = AttachmentReader::readFile(path, &error);
        if (!attachment) {
            console.error(error);
            co_return ExitUsage;
        }
        attachments.append(std::move(*attachment));
    }
    if (prompt.trimmed().isEmpty()) {
        console.error(
            tr("Give a prompt, e.g. egb chat \"Why is the sky blue?\" (or - to read it from standard input)."));
        co_return ExitUsage;
    }
    const QString model = parser.value(modelOption).trimmed();
    if (model.isEmpty()) {
        console.error(tr("The model name is empty. Give one with --model, e.g. --model %1.")
                          .arg(GenerateRequest::defaultModel()));
        co_return ExitUsage;
    }
    if (!app.openStoreWithUsableKeys())
        co_return ExitFailure;
    std::optional<ClientSettings> settings = app.clientSettings();
    if (!settings)
        co_return ExitUsage;
    settings->attemptTimeoutMs = limitedClient.attemptTimeoutMs;
    settings->streamTimeoutMs = limitedClient.streamTimeoutMs;
    settings->streamIdleTimeoutMs = limitedClient.streamIdleTimeoutMs;

    GeminiClient client(*settings);
    Dispatcher dispatcher(&app.pool(), &client, dispatcherSettings);
    dispatcher.setSource(RequestSource::Chat);
    const bool verbose = parser.isSet(verboseOption);
    if (verbose) {
        QObject::connect(&dispatcher, &Dispatcher::attemptFinished, &dispatcher,
                         [&console](const AttemptRecord& r) { console.message(CliApp::maskSecrets(r.describe())); });
    }
    CancelToken cancel;
    Interrupt interrupt;
    QObject::connect(&interrupt, &Interrupt::triggered, &cancel, &CancelToken::cancel);

    // Files past what one request carries inline go through the Files API first; the request then goes to the
    // project that holds them.
    QString project;
    qint64 inlineBytes = 0;
    for (const ChatAttachment& attachment : std::as_const(attachments))
        inlineBytes += attachment.data.size();
    if (inlineBytes > GenerateRequest::MaxInlineBytes) {
        QCoro::Task<AttachmentUploader::Plan> upload =
            AttachmentUploader::prepare(&dispatcher, attachments, QDateTime::currentMSecsSinceEpoch(), &cancel);
        const AttachmentUploader::Plan plan = co_await std::move(upload);
        if (!plan.ok) {
            co_await CliApp::unwind();
            console.error(CliApp::maskSecrets(plan.error));
            co_return ExitFailure;
        }
        if (verbose)
            console.message(tr("%n file(s) uploaded to Gemini.", nullptr, plan.uploads));
        attachments = plan.files;
        project = plan.project;
    }
    GenerateRequest request = GenerateRequest::fromPrompt(prompt, model);
    for (const ChatAttachment& attachment : std::as_const(attachments))
        request.contents.last().parts.append(AttachmentReader::toPart(attachment));
    request.project = project;
    request.systemInstruction = parser.value(systemOption);

    const bool stream = parser.isSet(streamOption);
    const bool json = app.json();
    bool printedPartial = false;
    DispatchResult result;
    if (stream) {
        // Named handlers, not temporaries: GCC 12 may destroy temporaries of a co_await expression twice.
        GeminiClient::ChunkHandler onChunk = [&](const GenerateResponse& chunk) {
            if (json || chunk.text.isEmpty())
                return;
            console.write(chunk.text);
            printedPartial = true;
        };
        Dispatcher::RestartHandler onRestart = [&](const AttemptRecord& failed) {
            if (json)
                return;
            if (printedPartial)
                console.line();
            printedPartial = false;
            console.message(tr("[%1; the answer starts again]").arg(CliApp::maskSecrets(failed.describe())));
        };
        result = co_await dispatcher.stream(request, onChunk, onRestart, &cancel);
    } else {
        result = co_await dispatcher.generate(request, &cancel);
    }

    co_await CliApp::unwind();

    if (!result.ok()) {
        if (printedPartial)
            console.line();
        if (!verbose && result.attempts.size() > 1) {
            for (const AttemptRecord& r : result.attempts)
                console.message(CliApp::maskSecrets(r.describe()));
        }
        console.error(
            CliApp::maskSecrets(result.errorMessage.isEmpty() ? result.outcome.message : result.errorMessage));
        co_return ExitFailure;
    }

    const GenerateResponse& response = result.value.response;
    if (json) {
        const QString key = result.attempts.isEmpty() ? QString() : result.attempts.constLast().maskedKey;
        const QJsonObject o{
            {QStringLiteral("text"), response.text},
            {QStringLiteral("model"), response.modelVersion.isEmpty() ? model : response.modelVersion},
            {QStringLiteral("finish_reason"), response.finishReason},
            {QStringLiteral("key"), key},
            {QStringLiteral("attempts"), int(result.attempts.size())},
            {QStringLiteral("latency_ms"), result.outcome.latencyMs},
            {QStringLiteral("usage"), CliApp::usageToJson(result.outcome.usage)},
        };
        console.line(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    } else if (stream) {
        if (!printedPartial) // the stream was restarted after its last chunk, or delivered everything at the end
            console.write(response.text);
        if (!response.text.endsWith(u'\n'))
            console.line();
    } else {
        console.write(response.text);
        if (!response.text.endsWith(u'\n'))
            console.line();
    }
    co_return ExitOk;
}

} // namespace egb
