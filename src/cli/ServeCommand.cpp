#include "ServeCommand.h"

#include "CliApp.h"
#include "Interrupt.h"
#include "ProxyHost.h"

#include <QCommandLineParser>
#include <QCoro/QCoroSignal>

namespace egb {

QCoro::Task<int> ServeCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption hostOpt(QStringLiteral("host"), tr("The address to listen on."), QStringLiteral("HOST"),
                                     QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOpt(QStringLiteral("port"), tr("The port (0 = any free port)."), QStringLiteral("N"),
                                     QString::number(ProxySettings::DefaultPort));
    const QCommandLineOption verboseOpt({QStringLiteral("v"), QStringLiteral("verbose")},
                                        tr("Print one line per request on standard error."));
    parser.addOptions({hostOpt, portOpt, verboseOpt});
    if (!app.parseCommandArguments(parser))
        co_return ExitUsage;
    if (!parser.positionalArguments().isEmpty()) {
        app.console().error(tr("egb serve takes no arguments, only options. Run egb serve --help to see them."));
        co_return ExitUsage;
    }
    bool ok = false;
    const uint port = parser.value(portOpt).toUInt(&ok);
    if (!ok || port > 65535) {
        app.console().error(tr("--port needs a number from 0 to 65535 (0 = any free port)."));
        co_return ExitUsage;
    }
    const std::optional<ClientSettings> clientSettings = app.clientSettings(); // with the CAs of EGB_CA_FILE
    if (!clientSettings)
        co_return ExitUsage;
    if (!app.openStore())
        co_return ExitFailure;
    // The same proxy as the app's Proxy page: client, dispatcher ("proxy" in the request log), tokens and server.
    ProxyHost host(&app.context());
    if (!host.tokensError().isEmpty()) {
        app.console().error(host.tokensError());
        co_return ExitFailure;
    }
    ProxySettings settings;
    settings.host = parser.value(hostOpt);
    settings.port = quint16(port);
    if (!host.start(settings, clientSettings)) {
        app.console().error(host.errorString());
        co_return ExitFailure;
    }
    app.console().line(QStringLiteral("listening %1").arg(host.address()));
    const QStringList warnings = host.warnings();
    for (const QString& warning : warnings)
        app.console().error(warning);
    if (parser.isSet(verboseOpt)) {
        QObject::connect(&host, &ProxyHost::requestFinished, &host, [&app](const ProxyRequestRecord& r) {
            app.console().message(QStringLiteral("%1 %2 %3 %4 ms %5%6")
                                      .arg(r.method, r.path)
                                      .arg(r.status)
                                      .arg(r.latencyMs)
                                      .arg(r.maskedKey, r.error.isEmpty() ? QString() : QStringLiteral(" ") + r.error));
        });
    }

    Interrupt interrupt;
    co_await qCoro(&interrupt, &Interrupt::triggered);
    host.stop();
    co_await CliApp::unwind();
    co_return ExitOk;
}

} // namespace egb
