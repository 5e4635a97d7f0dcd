#pragma once

#include "AppSettings.h"

#include <QHash>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace egb {

class BatchRunStore;
class ConversationStore;
class Dispatcher;
class GeminiClient;
class ImportHistoryStore;
class KeyPool;
class KeyStore;
class RequestHistory;
class RequestLogStore;
class RequestLogWriter;
struct ClientSettings;
struct DispatcherSettings;

/// The application without a face, assembled once: the settings, the key pool, the key repository (today the
/// SQLite KeyStore), the Gemini client, the Dispatcher, the request history, the request log and the stores that
/// share the database (saved chats, batch runs). The window (MainWindow), `egb` (CliApp) and the proxy start from
/// one of these.
///
/// The request log (RequestLogStore to read, RequestLogWriter writing behind, fed by the pool's attempt observer)
/// lives in the SQLite file that holds the chats and batch runs: the key database itself, or, for a team pool on
/// PostgreSQL, this machine's own file (KeyStore::connectionName()).
///
/// Every setting has one precedence, for every face: a command-line value > an environment variable (EGB_DB,
/// EGB_STRATEGY, ... see AppSettings::environmentVariable) > the settings file > the default. values() is that
/// result, and the pieces are configured from it (pool strategy, RPM and threshold; client URL and timeout;
/// dispatcher retries and deadline). When a setting is changed in the settings file while the program runs (the
/// Settings dialog), that newer choice wins over the command-line and environment values given at start for the
/// same setting.
class AppContext : public QObject
{
    Q_OBJECT
public:
    /// Where a setting's value in effect comes from.
    enum class Source
    {
        Default,
        SettingsFile,
        Environment,
        CommandLine,
    };

    /// `settings`: the settings file to use (taken over); null = the application's usual one (QSettings default).
    explicit AppContext(std::unique_ptr<AppSettings> settings = nullptr, QObject* parent = nullptr);
    ~AppContext() override;

    /// Takes the EGB_* variables of `environment` as values of their settings. A variable that is set but not
    /// valid is refused: false, with one translated line per refused variable in *errors; the valid ones apply.
    bool readEnvironment(const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment(),
                         QStringList* errors = nullptr);
    /// A value given on the command line (e.g. --db PATH is setCommandLineValue("db", PATH)). False with a
    /// translated *error (what is accepted) for an unknown setting or an invalid value.
    bool setCommandLineValue(const QString& name, const QString& text, QString* error = nullptr);

    /// The settings in effect (command line > environment > file > default).
    AppSettings::Values values() const;
    Source sourceOf(const QString& name) const;
    /// "command line", "environment (EGB_DB)", "settings file", "default", translated.
    QString sourceText(const QString& name) const;
    ClientSettings clientSettings() const;
    DispatcherSettings dispatcherSettings() const;

    AppSettings* settings() const { return m_settings.get(); }
    KeyPool* pool() const { return m_pool.get(); }
    /// The key repository: the pool's keys are loaded from it and kept saved in it.
    KeyStore* keyStore() const { return m_store.get(); }
    GeminiClient* client() const { return m_client.get(); }
    /// The one path requests take (chat, batch, proxy), through client() and pool().
    Dispatcher* dispatcher() const { return m_dispatcher.get(); }
    RequestHistory* history() const { return m_history; }
    ConversationStore* conversations() const { return m_conversations; }
    BatchRunStore* batchRuns() const { return m_batchRuns; }
    /// Every import of a key file (the app's and egb's), for `egb history`.
    ImportHistoryStore* importHistory() const { return m_importHistory; }
    /// The request log's tables in the open database, to read (on this thread); null while no database is open or
    /// when they cannot be used (requestLogError() says why). Every attempt the pool's users make (Dispatcher, key
    /// checks) is written to them behind, by requestLogWriter().
    RequestLogStore* requestLog() const { return m_requestLog.get(); }
    RequestLogWriter* requestLogWriter() const { return m_requestLogWriter.get(); }
    /// Why the request log of the open database cannot be used or written (its own message); empty when it works.
    QString requestLogError() const { return m_requestLogError; }
    /// The file the request log is kept in (the SQLite file of KeyStore::connectionName()); empty when none is open.
    QString requestLogPath() const;
    /// Writes the attempts still queued for the request log and waits. True when none is left unwritten.
    bool flushRequestLog();

    /// Opens the database of values().databasePath and loads the pool from it.
    bool openDatabase();
    /// Opens the database at `path` (closing the one open). Keys that live only in memory (no database could be
    /// opened, or writing to it failed) are carried into it rather than dropped. The conversation and batch-run
    /// stores follow. False when it could not be opened or read: databaseError() says why, the pool keeps its keys
    /// in memory and a file that could not be read is left as it was.
    bool openDatabase(const QString& path);
    /// The database path in use (after openDatabase()), else the one values() names.
    QString databasePath() const;
    /// Why the last openDatabase() failed (the repository's message); empty when it worked.
    QString databaseError() const { return m_databaseError; }
    /// True when a database is open and its last write worked.
    bool isSavingChanges() const;
    /// Lets the pool hand over its pending health changes and writes them now. True when nothing is left unsaved.
    bool flush();

Q_SIGNALS:
    /// values() changed (the settings file changed, or a value was given); the pieces are configured already.
    void valuesChanged();
    /// The database in effect changed its path (a new value of "db"): a face may reopen with openDatabase().
    void databasePathChanged(const QString& path);
    /// requestLog() / requestLogWriter() are others now (or null): a face that holds them takes them again. Emitted
    /// before the old ones are deleted, so nobody keeps a pointer to them.
    void requestLogChanged();
    /// openDatabase() ran (whether it worked or not: databaseError()): what keeps tables of its own in the database
    /// (the proxy's access tokens) opens them on keyStore()->connectionName() again.
    void databaseOpened();

private:
    void applyValues();
    void onSettingsChanged();
    /// Stops logging attempts, writes what is queued and closes the request log.
    void closeRequestLog();
    /// Opens the request log on the open database's SQLite file (after closeRequestLog()).
    void openRequestLog();

    std::unique_ptr<AppSettings> m_settings;
    AppSettings::Values m_fileValues;              ///< the settings file as last read
    QHash<QString, QString> m_environment;         ///< setting name -> text
    QHash<QString, QString> m_environmentVariable; ///< setting name -> the variable it came from
    QHash<QString, QString> m_commandLine;
    RequestHistory* m_history = nullptr;
    std::unique_ptr<KeyPool> m_pool;
    std::unique_ptr<KeyStore> m_store;
    std::unique_ptr<GeminiClient> m_client;
    std::unique_ptr<Dispatcher> m_dispatcher; ///< after the client it sends through
    ConversationStore* m_conversations = nullptr;
    BatchRunStore* m_batchRuns = nullptr;
    ImportHistoryStore* m_importHistory = nullptr;
    std::unique_ptr<RequestLogStore> m_requestLog;        ///< reads, on this thread's connection
    std::unique_ptr<RequestLogWriter> m_requestLogWriter; ///< writes behind, from its own thread and connection
    QString m_requestLogError;
    QString m_databasePath;
    QString m_databaseError;
};

} // namespace egb
