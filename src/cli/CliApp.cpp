#include "CliApp.h"

#include "AddCommand.h"
#include "AppContext.h"
#include "BatchCommand.h"
#include "ChatCommand.h"
#include "CheckCommand.h"
#include "ConfigCommand.h"
#include "DbCommand.h"
#include "ExportCommand.h"
#include "HelpText.h"
#include "HistoryCommand.h"
#include "KeyCommands.h"
#include "KeyStore.h"
#include "LogCommands.h"
#include "MonitorCommand.h"
#include "PgConnectionInfo.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"
#include "ServeCommand.h"
#include "TokenCommands.h"

#include <QCommandLineParser>
#include <QCoro/QCoroTimer>
#include <QDateTime>
#include <QEventLoop>
#include <QTimer>
#include <QUrl>

namespace egb {

CliApp::CliApp()
    : m_context(std::make_unique<AppContext>())
{
    // The repository's own message speaks of keeping changes in memory until writing works again: true for the
    // app, not for a command that ends soon. Say what this run does instead.
    QObject::connect(m_context->keyStore(), &KeyStore::writeFailed, m_context->keyStore(), [this] {
        m_console.error(tr("Cannot save to the key database %1: %2. The command carries on and tries again "
                           "before it exits; if it still cannot, this run's changes are lost.")
                            .arg(databasePath(), maskSecrets(m_context->keyStore()->writeProblem())));
    });
}

CliApp::~CliApp() = default;

KeyPool& CliApp::pool()
{
    return *m_context->pool();
}

KeyStore* CliApp::keyStore()
{
    return m_storeOpened ? m_context->keyStore() : nullptr;
}

RequestLogStore* CliApp::requestLog()
{
    return m_storeOpened ? m_context->requestLog() : nullptr;
}

QString CliApp::databasePath() const
{
    // A team database's URI may carry a password (kept in memory only): it is shown without it.
    return PgConnectionInfo::withoutPassword(m_context->databasePath());
}

bool CliApp::buildContext()
{
    QStringList errors;
    bool ok = m_context->readEnvironment(QProcessEnvironment::systemEnvironment(), &errors);
    for (const QString& error : std::as_const(errors))
        m_console.error(error);
    for (const auto& [name, text] : std::as_const(m_cl.options.settings)) {
        QString error;
        if (!m_context->setCommandLineValue(name, text, &error)) {
            m_console.error(tr("--%1: %2").arg(name, error));
            ok = false;
        }
    }
    return ok;
}

int CliApp::exec(const QStringList& arguments)
{
    m_cl = CommandLine::parse(arguments);
    if (m_cl.ok && !buildContext())
        return ExitUsage;
    int code = QCoro::waitFor(run());
    if (!saveHealth() && code == ExitOk)
        code = ExitFailure;
    return code;
}

QCoro::Task<int> CliApp::run()
{
    if (!m_cl.ok) {
        m_console.error(m_cl.error);
        co_return ExitUsage;
    }
    if (m_cl.options.version) {
        m_console.line(QStringLiteral("egb %1").arg(QStringLiteral(EGB_VERSION)));
        co_return ExitOk;
    }
    const QString& command = m_cl.command;
    if (command.isEmpty() || command == u"help") {
        if (m_cl.options.help || command == u"help") {
            const QString topic = m_cl.commandArgs.value(0);
            if (!topic.isEmpty() && HelpText::forCommand(topic).isEmpty()) {
                m_console.error(tr("There is no command \"%1\". Run egb --help to see the commands.").arg(topic));
                co_return ExitUsage;
            }
            m_console.write(topic.isEmpty()
                                ? HelpText::general(KeyStore::defaultPath(), m_context->settings()->fileName())
                                : HelpText::forCommand(topic));
            co_return ExitOk;
        }
        if (!m_cl.commandArgs.isEmpty()) {
            m_console.error(tr("Unknown option %1. Run egb --help to see the options.").arg(m_cl.commandArgs.first()));
            co_return ExitUsage;
        }
        m_console.error(tr("No command given. Run egb --help to see the commands."));
        co_return ExitUsage;
    }
    if (HelpText::forCommand(command).isEmpty()) {
        m_console.error(tr("There is no command \"%1\". Run egb --help to see the commands.").arg(command));
        co_return ExitUsage;
    }
    if (m_cl.options.help) {
        m_console.write(HelpText::forCommand(command));
        co_return ExitOk;
    }

    if (command == u"import")
        co_return KeyCommands::importFiles(*this);
    if (command == u"list")
        co_return KeyCommands::list(*this);
    if (command == u"stats")
        co_return KeyCommands::stats(*this);
    if (command == u"enable" || command == u"disable" || command == u"reset" || command == u"remove")
        co_return KeyCommands::change(*this);
    if (command == u"check")
        co_return co_await CheckCommand::run(*this);
    if (command == u"chat")
        co_return co_await ChatCommand::run(*this);
    if (command == u"batch")
        co_return co_await BatchCommand::run(*this);
    if (command == u"serve")
        co_return co_await ServeCommand::run(*this);
    if (command == u"tokens")
        co_return TokenCommands::run(*this);
    if (command == u"add")
        co_return AddCommand::run(*this);
    if (command == u"export")
        co_return ExportCommand::run(*this);
    if (command == u"history")
        co_return HistoryCommand::run(*this);
    if (command == u"monitor")
        co_return MonitorCommand::run(*this);
    if (command == u"config")
        co_return ConfigCommand::run(*this);
    if (command == u"db")
        co_return DbCommand::run(*this);
    if (command == u"log")
        co_return LogCommands::log(*this);
    if (command == u"usage")
        co_return LogCommands::usage(*this);
    co_return ExitUsage; // not reached: HelpText knows exactly these commands
}

bool CliApp::parseCommandArguments(QCommandLineParser& parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    if (!parser.parse(QStringList{QStringLiteral("egb")} + m_cl.commandArgs)) {
        m_console.error(tr("%1 Run egb %2 --help to see its options.").arg(parser.errorText(), m_cl.command));
        return false;
    }
    return true;
}

bool CliApp::openStore()
{
    if (m_storeOpened)
        return true;
    if (m_storeFailed)
        return false;
    const QString path = m_context->values().databasePath;
    if (!m_context->openDatabase(path)) {
        m_console.error(tr("Cannot open the key database %1 (set by: %2): %3. Check the path given with --db, "
                           "EGB_DB or the settings file.")
                            .arg(PgConnectionInfo::withoutPassword(path), m_context->sourceText(QStringLiteral("db")),
                                 maskSecrets(m_context->databaseError())));
        m_storeFailed = true;
        return false;
    }
    m_storeOpened = true;
    // The request log: every attempt of this run, written behind from a thread of its own (AppContext). A log that
    // cannot be used does not stop the command (its requests still work); it is said once.
    const QString logPath = m_context->requestLogPath();
    if (!m_context->requestLog()) {
        m_console.error(tr("The request log in %1 cannot be used (%2); this run's attempts are not logged.")
                            .arg(logPath, maskSecrets(m_context->requestLogError())));
    } else if (RequestLogWriter* writer = m_context->requestLogWriter()) {
        QObject::connect(writer, &RequestLogWriter::writeFailed, writer, [this, logPath](const QString& message) {
            m_console.error(tr("Cannot write the request log to %1: %2. It tries again before it exits.")
                                .arg(logPath, maskSecrets(message)));
        });
    }
    return true;
}

bool CliApp::openStoreWithUsableKeys()
{
    if (!openStore())
        return false;
    const PoolStats stats = pool().stats();
    if (stats.total == 0) {
        m_console.error(tr("No keys in the pool. Import some with: egb import keys.txt"));
        return false;
    }
    if (stats.disabled == stats.total) {
        m_console.error(tr("Every key in the pool is disabled. See why with: egb list; "
                           "enable keys again with: egb enable ID"));
        return false;
    }
    return true;
}

std::optional<ClientSettings> CliApp::clientSettings()
{
    // The base URL and timeout in effect (checked when they were given), and the CAs of EGB_CA_FILE.
    ClientSettings settings = m_context->clientSettings();
    QString caError;
    const auto certificates = ClientSettings::caCertificatesFromEnvironment(&caError);
    if (!certificates) {
        m_console.error(caError);
        return std::nullopt;
    }
    settings.caCertificates = *certificates;
    return settings;
}

std::optional<QList<qint64>> CliApp::parseIds(const QStringList& arguments, QStringList* unknownIds)
{
    if (arguments.isEmpty()) {
        m_console.error(tr("Name the keys by their ID, e.g. egb %1 3 7. See the IDs with: egb list").arg(command()));
        return std::nullopt;
    }
    QList<qint64> ids;
    for (const QString& arg : arguments) {
        bool ok = false;
        const qint64 id = arg.toLongLong(&ok);
        if (!ok || id <= 0) {
            m_console.error(tr("\"%1\" is not a key ID. IDs are the numbers in the first column of: egb list")
                                .arg(maskSecrets(arg)));
            return std::nullopt;
        }
        if (pool().rowOf(id) < 0) {
            if (unknownIds)
                unknownIds->append(arg);
            continue;
        }
        if (!ids.contains(id))
            ids.append(id);
    }
    return ids;
}

QCoro::Task<void> CliApp::unwind()
{
    co_await QCoro::sleepFor(std::chrono::milliseconds(0));
}

QString CliApp::maskSecrets(const QString& text)
{
    return ApiKey::maskKeysIn(text);
}

QJsonObject CliApp::usageToJson(const TokenUsage& usage)
{
    return QJsonObject{{QStringLiteral("prompt_tokens"), usage.promptTokens},
                       {QStringLiteral("candidates_tokens"), usage.candidatesTokens},
                       {QStringLiteral("thoughts_tokens"), usage.thoughtsTokens},
                       {QStringLiteral("total_tokens"), usage.totalTokens}};
}

QString CliApp::isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

bool CliApp::saveHealth()
{
    KeyStore* store = keyStore();
    if (store && !m_context->flushRequestLog())
        m_console.error(tr("Some attempts of this run could not be written to the request log in %1.")
                            .arg(m_context->requestLogPath()));
    if (!store || !store->isOpen())
        return true;
    if (m_context->flush())
        return true;
    const QString problem = store->writeProblem();
    m_console.error(tr("The changes of this run could not be saved to %1 (%2); they are lost, and the next run "
                       "starts from the last saved state. Free some disk space or make the folder writable (or "
                       "use another database with --db), then run the command again.")
                        .arg(databasePath(), maskSecrets(problem.isEmpty() ? store->lastError() : problem)));
    return false;
}

} // namespace egb
