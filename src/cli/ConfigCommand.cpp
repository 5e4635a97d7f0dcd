#include "ConfigCommand.h"

#include "AppSettings.h"
#include "CliApp.h"
#include "PgConnectionInfo.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace egb {

namespace {

using Values = AppSettings::Values;

/// What each setting is, as `egb config list` explains it. The names, the checks and the environment variables are
/// AppSettings' (the same ones --NAME and EGB_NAME take).
QString description(const QString& name)
{
    if (name == u"base-url")
        return ConfigCommand::tr("where requests go (Google, or a compatible server)");
    if (name == u"model")
        return ConfigCommand::tr("the model Chat and Batch start with");
    if (name == u"timeout")
        return ConfigCommand::tr("how long one attempt may take, in seconds");
    if (name == u"retries")
        return ConfigCommand::tr("attempts after the first, with other keys");
    if (name == u"initial-delay")
        return ConfigCommand::tr("the first wait before a retry after server trouble, in milliseconds");
    if (name == u"backoff-factor")
        return ConfigCommand::tr("each wait is this many times the one before");
    if (name == u"deadline")
        return ConfigCommand::tr("how long a request may take with its retries and waits, in seconds");
    if (name == u"concurrency")
        return ConfigCommand::tr("prompts a batch sends at once");
    if (name == u"rpm")
        return ConfigCommand::tr("requests per minute per key; 0 = no limit");
    if (name == u"strategy")
        return ConfigCommand::tr("how keys are picked: weighted or round_robin");
    if (name == u"availability-threshold")
        return ConfigCommand::tr("warn below this percentage of available keys; 0 = never");
    if (name == u"db")
        return ConfigCommand::tr("the key database of the app and of egb (a file, or a postgresql:// URI)");
    if (name == u"language")
        return ConfigCommand::tr("the language: system, en or zh_CN");
    return {};
}

/// A setting's value for --json: numbers as numbers, the rest as text.
QJsonValue jsonValue(const Values& values, const QString& name)
{
    const QString text = AppSettings::textOf(values, name);
    bool number = false;
    const double n = text.toDouble(&number);
    return number && name != u"model" ? QJsonValue(n) : QJsonValue(text);
}

/// True when `path` can be written: the file is writable, or the nearest folder that exists is.
bool canWrite(const QString& path)
{
    QFileInfo info(path);
    if (info.exists())
        return info.isFile() && info.isWritable();
    QString folder = info.absolutePath();
    while (!QFileInfo::exists(folder)) { // QSettings creates the missing folders
        const QString parent = QFileInfo(folder).absolutePath();
        if (parent == folder)
            return false;
        folder = parent;
    }
    return QFileInfo(folder).isDir() && QFileInfo(folder).isWritable();
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

QStringList ConfigCommand::names()
{
    return AppSettings::names();
}

int ConfigCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    if (action.isEmpty() || (action != u"list" && action != u"get" && action != u"set")) {
        console.error(action.isEmpty() ? tr("Say what to do: egb config list, egb config get NAME or egb config set "
                                            "NAME VALUE.")
                                       : tr("Unknown action \"%1\": use list, get or set.").arg(action));
        return ExitUsage;
    }
    const int wanted = action == u"list" ? 1 : action == u"get" ? 2 : 3;
    if (args.size() != wanted) {
        console.error(action == u"list"  ? tr("egb config list takes no more arguments.")
                      : action == u"get" ? tr("Name one setting, e.g. egb config get concurrency.")
                                         : tr("Give a name and a value, e.g. egb config set concurrency 16."));
        return ExitUsage;
    }
    AppSettings store;
    const Values values = store.values();

    if (action == u"list") {
        if (app.json()) {
            QJsonObject o;
            for (const QString& name : names())
                o.insert(name, jsonValue(values, name));
            console.line(compact(o));
            return ExitOk;
        }
        QList<QStringList> rows;
        for (const QString& name : names())
            rows.append({name, AppSettings::textOf(values, name), description(name)});
        console.write(Console::table({tr("NAME"), tr("VALUE"), tr("WHAT IT IS")}, rows));
        console.message(tr("Saved in %1").arg(QDir::toNativeSeparators(store.fileName())));
        return ExitOk;
    }

    const QString name = args.at(1);
    if (!names().contains(name)) {
        console.error(
            tr("There is no setting \"%1\". The settings are: %2.").arg(name, names().join(QStringLiteral(", "))));
        return ExitUsage;
    }
    if (action == u"get") {
        if (app.json())
            console.line(compact(
                QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), jsonValue(values, name)}}));
        else
            console.line(AppSettings::textOf(values, name));
        return ExitOk;
    }

    QString value = args.at(2);
    // The settings file is read from any folder: a database file is saved as an absolute path.
    if (name == u"db" && !PgConnectionInfo::isUri(value) && !value.trimmed().isEmpty()) {
        QString path = value.trimmed();
        if (path == u"~" || path.startsWith(QStringLiteral("~/")))
            path = QDir::homePath() + path.mid(1);
        value = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    }
    Values changed = values;
    QString problem;
    if (!AppSettings::setFromText(changed, name, value, &problem)) {
        console.error(tr("\"%1\" is not a value for %2: %3").arg(args.at(2), name, problem));
        return ExitUsage;
    }
    if (name == u"db" && PgConnectionInfo::isUri(value))
        changed.databasePath = PgConnectionInfo::withoutPassword(value); // a password is never written to the file
    // QSettings does not say when it cannot write: look first, so that "saved" is said only when it is true.
    if (!canWrite(store.fileName())) {
        console.error(tr("The setting %1 could not be saved in %2. Check that the folder is writable.")
                          .arg(name, QDir::toNativeSeparators(store.fileName())));
        return ExitFailure;
    }
    store.setValues(changed);
    const Values saved = store.values();
    if (AppSettings::textOf(saved, name) != AppSettings::textOf(changed, name) ||
        !QFileInfo::exists(store.fileName())) {
        console.error(tr("The setting %1 could not be saved in %2. Check that the folder is writable.")
                          .arg(name, QDir::toNativeSeparators(store.fileName())));
        return ExitFailure;
    }
    if (app.json())
        console.line(
            compact(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), jsonValue(saved, name)}}));
    else
        console.line(tr("%1 = %2 (saved)").arg(name, AppSettings::textOf(saved, name)));
    return ExitOk;
}

} // namespace egb
