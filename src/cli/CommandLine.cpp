#include "CommandLine.h"

#include <QtGlobal>

namespace egb {

bool CommandLine::commandOptionTakesValue(const QString& option)
{
    static const QStringList withValue = {
        QStringLiteral("-m"),       QStringLiteral("--model"),
        QStringLiteral("-s"),       QStringLiteral("--system"),
        QStringLiteral("-o"),       QStringLiteral("--output"),
        QStringLiteral("-c"),       QStringLiteral("--concurrency"),
        QStringLiteral("--column"), QStringLiteral("--label"),
        QStringLiteral("--group"),  QStringLiteral("--host"),
        QStringLiteral("--port"),   QStringLiteral("--weight"),
        QStringLiteral("--format"), QStringLiteral("--interval"),
        QStringLiteral("-n"),       QStringLiteral("--limit"),
        QStringLiteral("--since"),  QStringLiteral("--key"),
        QStringLiteral("--source"), QStringLiteral("--by"),
    };
    return withValue.contains(option);
}

CommandLine CommandLine::parse(const QStringList& arguments)
{
    CommandLine cl;
    // The global options that set a setting, and an example value for "needs a value" errors.
    static const QList<QPair<QString, QString>> settingOptions = {
        {QStringLiteral("db"), QStringLiteral("keys.db")},
        {QStringLiteral("base-url"), QStringLiteral("http://127.0.0.1:8080")},
        {QStringLiteral("strategy"), QStringLiteral("round_robin")},
    };

    bool commandSeen = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        if (arg == u"--") {
            // The rest is the command's, untouched (prompts may start with a dash).
            for (qsizetype j = i; j < arguments.size(); ++j)
                cl.commandArgs.append(arguments.at(j));
            break;
        }
        auto takeValue = [&](const QString& setting, const QString& example) {
            const QString name = QStringLiteral("--") + setting;
            const QString prefix = name + u'=';
            if (arg.startsWith(prefix)) {
                cl.options.settings.append({setting, arg.mid(prefix.size())});
                return true;
            }
            if (arg != name)
                return false;
            if (i + 1 >= arguments.size()) {
                cl.ok = false;
                cl.error = tr("The option %1 needs a value, e.g. %1 %2.").arg(name, example);
                return true;
            }
            cl.options.settings.append({setting, arguments.at(++i)});
            return true;
        };
        bool tookSetting = false;
        for (const auto& [setting, example] : settingOptions) {
            if (takeValue(setting, example)) {
                tookSetting = true;
                break;
            }
        }
        if (tookSetting) {
            if (!cl.ok)
                return cl;
            continue;
        }
        if (arg == u"--json") {
            cl.options.json = true;
        } else if (arg == u"--help" || arg == u"-h" || arg == u"-?") {
            cl.options.help = true;
        } else if (arg == u"--version" || arg == u"-V") {
            cl.options.version = true;
        } else if (!commandSeen && !arg.startsWith(u'-')) {
            cl.command = arg;
            commandSeen = true;
        } else {
            cl.commandArgs.append(arg);
            if (commandOptionTakesValue(arg) && i + 1 < arguments.size())
                cl.commandArgs.append(arguments.at(++i));
        }
    }
    return cl;
}

} // namespace egb
