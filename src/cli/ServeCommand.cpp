#include "ServeCommand.h"

#include "AccessTokenStore.h"
#include "CliApp.h"
#include "Dispatcher.h"
#include "Interrupt.h"
#include "KeyStore.h"
#include "PassThroughClient.h"
#include "ProxyServer.h"

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
    const std::optional<ClientSettings> clientSettings = app.clientSettings();
    if (!clientSettings)
        co_return ExitUsage;
    if (!app.openStore())
        co_return ExitFailure;
    AccessTokenStore tokens;
    if (!tokens.open(app.keyStore()->connectionName())) {
        app.console().error(tokens.lastError());
        co_return ExitFailure;
    }

    ProxySettings settings;
    settings.host = parser.value(hostOpt);
    settings.port = quint16(port);
    PassThroughClient client(*clientSettings, settings.upstreamManagers);
    Dispatcher dispatcher(&app.pool(), nullptr);
    dispatcher.setSource(RequestSource::Proxy); // its attempts are "proxy" in the request log
    ProxyServer server(&dispatcher, &client, &tokens, settings);
    if (!server.start()) {
        app.console().error(server.errorString());
        co_return ExitFailure;
    }
    app.console().line(QStringLiteral("listening %1").arg(server.address()));
    if (!settings.isLoopback())
        app.console().error(tr("Warning: the proxy listens on %1, so other computers can reach it. Only callers "
                               "with an access token are answered, but the token travels unencrypted.")
                                .arg(settings.host));
    if (tokens.list().isEmpty())
        app.console().error(tr("No access tokens yet, so every caller is refused. Make one with: egb tokens add"));
    const PoolStats stats = app.pool().stats();
    if (stats.total == 0)
        app.console().error(tr("The pool has no keys: requests will fail. Import some with: egb import keys.txt"));
    if (parser.isSet(verboseOpt)) {
        QObject::connect(&server, &ProxyServer::requestFinished, &server, [&app](const ProxyRequestRecord& r) {
            app.console().message(QStringLiteral("%1 %2 %3 %4 ms %5%6")
                                      .arg(r.method, r.path)
                                      .arg(r.status)
                                      .arg(r.latencyMs)
                                      .arg(r.maskedKey, r.error.isEmpty() ? QString() : QStringLiteral(" ") + r.error));
        });
    }

    Interrupt interrupt;
    co_await qCoro(&interrupt, &Interrupt::triggered);
    server.stop();
    co_await CliApp::unwind();
    co_return ExitOk;
}

} // namespace egb
