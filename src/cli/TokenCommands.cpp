#include "TokenCommands.h"

#include "AccessTokenStore.h"
#include "CliApp.h"
#include "KeyStore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace egb {

int TokenCommands::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption labelOpt(QStringLiteral("label"), tr("A name for the token."), QStringLiteral("L"));
    parser.addOption(labelOpt);
    parser.addPositionalArgument(QStringLiteral("action"), tr("add, list or remove"));
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    if (action != u"add" && action != u"list" && action != u"remove") {
        app.console().error(action.isEmpty()
                                ? tr("Say what to do with the tokens: egb tokens add, egb tokens list or egb tokens "
                                     "remove ID.")
                                : tr("There is no tokens action \"%1\": use add, list or remove.").arg(action));
        return ExitUsage;
    }
    if (action == u"remove" && args.size() < 2) {
        app.console().error(tr("Name the tokens to remove by their ID, e.g. egb tokens remove 2. See the IDs with: "
                               "egb tokens list"));
        return ExitUsage;
    }
    if (action != u"add" && parser.isSet(labelOpt)) {
        app.console().error(tr("--label belongs to egb tokens add."));
        return ExitUsage;
    }
    if (!app.openStore())
        return ExitFailure;
    AccessTokenStore tokens;
    if (!tokens.open(app.keyStore()->connectionName())) {
        app.console().error(tokens.lastError());
        return ExitFailure;
    }

    if (action == u"add") {
        const auto created = tokens.add(parser.value(labelOpt));
        if (!created) {
            app.console().error(tokens.lastError());
            return ExitFailure;
        }
        if (app.json()) {
            app.console().line(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("id"), created->id},
                                                                           {QStringLiteral("token"), created->token}})
                                                     .toJson(QJsonDocument::Compact)));
        } else {
            app.console().line(created->token);
            app.console().message(tr("Access token %1 made. It is shown only this once: give it to your tool as its "
                                     "API key (egb serve prints the address).")
                                      .arg(created->id));
        }
        return ExitOk;
    }
    if (action == u"list") {
        const QList<AccessToken> list = tokens.list();
        if (!tokens.lastError().isEmpty() && list.isEmpty()) {
            app.console().error(tokens.lastError());
            return ExitFailure;
        }
        if (app.json()) {
            QJsonArray array;
            for (const AccessToken& t : list)
                array.append(QJsonObject{{QStringLiteral("id"), t.id},
                                         {QStringLiteral("label"), t.label},
                                         {QStringLiteral("token"), t.hint},
                                         {QStringLiteral("created"), CliApp::isoUtc(t.createdMs)}});
            app.console().line(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
            return ExitOk;
        }
        if (list.isEmpty()) {
            app.console().line(tr("No access tokens. Make one with: egb tokens add --label NAME"));
            return ExitOk;
        }
        QList<QStringList> rows;
        for (const AccessToken& t : list)
            rows.append({QString::number(t.id), t.hint, t.label, CliApp::isoUtc(t.createdMs)});
        app.console().write(
            Console::table({tr("ID"), tr("Token"), tr("Label"), tr("Created")}, rows, {true, false, false, false}));
        return ExitOk;
    }
    int code = ExitOk;
    for (qsizetype i = 1; i < args.size(); ++i) {
        bool ok = false;
        const qint64 id = args.at(i).toLongLong(&ok);
        if (!ok || id <= 0) {
            app.console().error(tr("\"%1\" is not a token ID. IDs are the numbers in the first column of: egb tokens "
                                   "list")
                                    .arg(args.at(i).startsWith(QLatin1String("egb-"))
                                             ? AccessTokenStore::masked(args.at(i))
                                             : CliApp::maskSecrets(args.at(i))));
            code = ExitUsage;
            continue;
        }
        if (tokens.remove(id)) {
            app.console().message(tr("Access token %1 removed: callers using it are refused from now on.").arg(id));
        } else {
            app.console().error(tokens.lastError().isEmpty() ? tr("There is no access token %1.").arg(id)
                                                             : tokens.lastError());
            code = ExitFailure;
        }
    }
    return code;
}

} // namespace egb
