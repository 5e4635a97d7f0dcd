#pragma once

#include "ClientSettings.h"
#include "CommandLine.h"
#include "Console.h"
#include "KeyPool.h"

#include <QCoreApplication>
#include <QCoro/QCoroTask>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QCommandLineParser;

namespace egb {

class AppContext;
class KeyStore;
class RequestLogStore;
class RequestLogWriter;

/// Exit codes of egb.
enum ExitCode
{
    ExitOk = 0,      ///< the command did what was asked
    ExitFailure = 1, ///< it ran but something failed (a file, a request, a key check)
    ExitUsage = 2,   ///< the command line was wrong
};

/// The egb program: parses the command line, builds the AppContext (the same pieces and the same settings as the
/// app: command line > environment > settings file > default), opens the key database, runs one command on the
/// event loop and leaves the pool's health saved for the next run. Commands (KeyCommands, CheckCommand,
/// ChatCommand, BatchCommand) reach the shared pieces through it.
class CliApp
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    CliApp();
    ~CliApp();
    CliApp(const CliApp&) = delete;
    CliApp& operator=(const CliApp&) = delete;

    /// Runs the command given by `arguments` (program name first) to its end; returns the exit code.
    int exec(const QStringList& arguments);

    Console& console() { return m_console; }
    const GlobalOptions& options() const { return m_cl.options; }
    bool json() const { return m_cl.options.json; }
    const QString& command() const { return m_cl.command; }
    /// The application: settings in effect, pool, repository, client, dispatcher, stores.
    AppContext& context() { return *m_context; }
    KeyPool& pool();
    /// The open key database (after openStore()), e.g. for other tables kept in the same file; null before.
    KeyStore* keyStore();
    /// The request log's tables in the open database (after openStore()), to read; null before or when they
    /// cannot be used. Every attempt of this run is written to them behind (AppContext's RequestLogWriter).
    RequestLogStore* requestLog();
    /// The database path in use: --db, $EGB_DB, the settings file's, or KeyStore::defaultPath().
    QString databasePath() const;

    /// Parses the command's own options (QCommandLineParser); prints the error and returns false when they are wrong.
    bool parseCommandArguments(QCommandLineParser& parser);

    /// Opens the database and loads the pool (once). Prints a clear error and returns false when it cannot.
    bool openStore();
    /// openStore(), then a clear error when no key can be used (empty pool, every key disabled).
    bool openStoreWithUsableKeys();
    /// Where and how requests go (base URL and timeout in effect: --base-url, $EGB_BASE_URL, the settings file or
    /// Google). Every value was checked when it was given, so this never fails; optional for the commands' habit.
    std::optional<ClientSettings> clientSettings();

    /// Key ids from the command's arguments. Prints errors (not a number, no such key) and returns nullopt when
    /// nothing valid was given; `unknownIds` receives ids that are not in the pool.
    std::optional<QList<qint64>> parseIds(const QStringList& arguments, QStringList* unknownIds);

    /// Returns to the event loop once. A command awaits this before its network objects leave scope: a
    /// cancel (Ctrl-C) resumes the command inside the CancelToken's signal, which must return before the token,
    /// the runner and their clients are destroyed.
    static QCoro::Task<void> unwind();

    /// Replaces anything shaped like a Gemini key in `text` by its masked form.
    static QString maskSecrets(const QString& text);
    /// {"prompt_tokens","candidates_tokens","thoughts_tokens","total_tokens"}
    static QJsonObject usageToJson(const TokenUsage& usage);
    /// "2026-11-23T14:05:00Z"
    static QString isoUtc(qint64 ms);

private:
    QCoro::Task<int> run();
    /// Writes the pool's pending health changes; false (with an error printed) when they could not be saved.
    bool saveHealth();

    /// Builds m_context from the environment and the global options; false (errors printed) when one is invalid.
    bool buildContext();

    Console m_console;
    CommandLine m_cl;
    std::unique_ptr<AppContext> m_context;
    bool m_storeOpened = false;
    bool m_storeFailed = false;
};

} // namespace egb
