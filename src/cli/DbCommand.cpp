#include "DbCommand.h"

#include "AppContext.h"
#include "CliApp.h"
#include "DatabaseCopier.h"
#include "PgConnectionInfo.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace egb {

int DbCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption fromOpt(QStringLiteral("from"),
                                     tr("The database to copy: a file path or a postgresql:// address (default: the "
                                        "database in use)."),
                                     QStringLiteral("PATH|URL"));
    const QCommandLineOption toOpt(QStringLiteral("to"), tr("The database to copy into."), QStringLiteral("PATH|URL"));
    const QCommandLineOption replaceOpt(QStringLiteral("replace"),
                                        tr("Replace what the target holds (without it, a target that is not empty "
                                           "is refused)."));
    parser.addOption(fromOpt);
    parser.addOption(toOpt);
    parser.addOption(replaceOpt);
    parser.addPositionalArgument(QStringLiteral("action"), tr("copy"));
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    const QStringList args = parser.positionalArguments();
    if (args.value(0) != u"copy" || args.size() > 1) {
        console.error(args.isEmpty() ? tr("Say what to do: egb db copy --from PATH|URL --to PATH|URL.")
                                     : tr("There is no db action \"%1\": use egb db copy --from PATH|URL --to "
                                          "PATH|URL.")
                                           .arg(PgConnectionInfo::withoutPassword(args.join(u' '))));
        return ExitUsage;
    }
    if (!parser.isSet(toOpt) || parser.value(toOpt).isEmpty()) {
        console.error(tr("Name the database to copy into with --to: a file path or a postgresql:// address, e.g. egb "
                         "db copy --to postgresql://egb@db.example.com/pool."));
        return ExitUsage;
    }
    DatabaseCopier::Options options;
    options.from = parser.isSet(fromOpt) ? parser.value(fromOpt) : app.context().databasePath();
    options.to = parser.value(toOpt);
    options.replace = parser.isSet(replaceOpt);
    const DatabaseCopier::Result result = DatabaseCopier::copy(options);
    if (result.status != DatabaseCopier::Status::Copied) {
        // The messages name the databases without their passwords; a key never appears in them, masked anyway.
        console.error(CliApp::maskSecrets(result.error));
        if (app.json()) {
            QJsonObject object{{QStringLiteral("copied"), false},
                               {QStringLiteral("error"), CliApp::maskSecrets(result.error)},
                               {QStringLiteral("partial"), result.partial}};
            if (result.status == DatabaseCopier::Status::TargetNotEmpty)
                object.insert(QStringLiteral("target"), result.target.toJson());
            console.line(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        }
        return ExitFailure;
    }
    const QString from = PgConnectionInfo::withoutPassword(options.from);
    const QString to = PgConnectionInfo::withoutPassword(options.to);
    if (app.json()) {
        QJsonObject object = result.copied.toJson();
        object.insert(QStringLiteral("copied"), true);
        object.insert(QStringLiteral("from"), from);
        object.insert(QStringLiteral("to"), to);
        object.insert(QStringLiteral("left_behind"), result.leftBehind.toJson());
        console.line(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        return ExitOk;
    }
    console.line(tr("Copied %1 from %2 to %3.").arg(result.copied.describe(), from, to));
    if (!result.leftBehind.isEmpty())
        console.message(tr("Not copied, a team database keeps only the keys: %1. They stay in %2.")
                            .arg(result.leftBehind.describe(), from));
    return ExitOk;
}

} // namespace egb
