#include "AppContext.h"

#include "BatchRunStore.h"
#include "ClientSettings.h"
#include "ConversationStore.h"
#include "Dispatcher.h"
#include "DispatcherSettings.h"
#include "GeminiClient.h"
#include "ImportHistoryStore.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "RequestHistory.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"

#include <QSqlDatabase>

#include <vector>

namespace egb {

namespace {
/// Health changes are written behind at most 250 ms after they happen (this, after the pool's 100 ms coalescing),
/// by every face: small transactions keep each one short (bench_gui: ~1,000 changed keys in one flush stall the
/// window ~50 ms; 250 keys ~12 ms), and a command killed mid-run loses at most a quarter of a second of them.
constexpr int FlushIntervalMs = 150;
/// What other processes (the app, egb, the proxy) change in the same file shows here within a second: the store
/// looks five times a second (one PRAGMA, a few microseconds).
constexpr int FollowIntervalMs = 200;
} // namespace

AppContext::AppContext(std::unique_ptr<AppSettings> settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings ? std::move(settings) : std::make_unique<AppSettings>())
    , m_history(new RequestHistory(this))
    , m_pool(std::make_unique<KeyPool>())
    , m_store(std::make_unique<KeyStore>())
{
    m_fileValues = m_settings->values();
    // Every attempt reported to the pool (chat, batch, key checks, the proxy) feeds the requests-per-minute history.
    m_pool->setRequestHistory(m_history);
    m_store->setFlushInterval(FlushIntervalMs);
    m_store->setFollowInterval(FollowIntervalMs);
    m_client = std::make_unique<GeminiClient>(clientSettings());
    m_dispatcher = std::make_unique<Dispatcher>(m_pool.get(), m_client.get(), dispatcherSettings());
    // Its requests are chats in the request log; batches run through their own (BatchJob's BatchRunner: "batch"),
    // the proxy through its own ("proxy"), key checks log themselves ("check").
    m_dispatcher->setSource(RequestSource::Chat);
    m_conversations = new ConversationStore(this);
    m_batchRuns = new BatchRunStore(this);
    m_importHistory = new ImportHistoryStore(this);
    applyValues();
    connect(m_settings.get(), &AppSettings::changed, this, &AppContext::onSettingsChanged);
}

AppContext::~AppContext()
{
    // The faces flush (and say whether it worked) before they go; here the repository only lets go of the pool.
    closeRequestLog(); // writes the attempts still queued
    if (m_store->isOpen())
        m_store->detach();
}

bool AppContext::readEnvironment(const QProcessEnvironment& environment, QStringList* errors)
{
    bool ok = true;
    const AppSettings::Values before = values();
    for (const QString& name : AppSettings::names()) {
        const QString variable = AppSettings::environmentVariable(name);
        if (variable.isEmpty() || !environment.contains(variable))
            continue;
        const QString text = environment.value(variable);
        if (text.trimmed().isEmpty())
            continue; // set but empty: as if not set (the usual shell habit, EGB_DB= egb ...)
        AppSettings::Values probe = before;
        QString error;
        if (!AppSettings::setFromText(probe, name, text, &error)) {
            ok = false;
            if (errors)
                errors->append(tr("The environment variable %1 is not valid: %2").arg(variable, error));
            continue;
        }
        m_environment.insert(name, text);
        m_environmentVariable.insert(name, variable);
    }
    const QString oldPath = before.databasePath;
    applyValues();
    if (values().databasePath != oldPath)
        Q_EMIT databasePathChanged(values().databasePath);
    return ok;
}

bool AppContext::setCommandLineValue(const QString& name, const QString& text, QString* error)
{
    AppSettings::Values probe = values();
    const QString oldPath = probe.databasePath;
    if (!AppSettings::setFromText(probe, name, text, error))
        return false;
    m_commandLine.insert(name, text);
    applyValues();
    if (values().databasePath != oldPath)
        Q_EMIT databasePathChanged(values().databasePath);
    return true;
}

AppSettings::Values AppContext::values() const
{
    AppSettings::Values v = m_fileValues;
    // Lower layers first, so that the higher one has the last word. Every text was checked when it was given.
    for (auto it = m_environment.cbegin(); it != m_environment.cend(); ++it)
        AppSettings::setFromText(v, it.key(), it.value());
    for (auto it = m_commandLine.cbegin(); it != m_commandLine.cend(); ++it)
        AppSettings::setFromText(v, it.key(), it.value());
    return v;
}

AppContext::Source AppContext::sourceOf(const QString& name) const
{
    if (m_commandLine.contains(name))
        return Source::CommandLine;
    if (m_environment.contains(name))
        return Source::Environment;
    if (AppSettings::textOf(m_fileValues, name) != AppSettings::textOf(AppSettings::defaults(), name))
        return Source::SettingsFile;
    return Source::Default;
}

QString AppContext::sourceText(const QString& name) const
{
    switch (sourceOf(name)) {
    case Source::CommandLine:
        return tr("command line");
    case Source::Environment:
        return tr("environment (%1)").arg(m_environmentVariable.value(name));
    case Source::SettingsFile:
        return tr("settings file");
    case Source::Default:
        break;
    }
    return tr("default");
}

ClientSettings AppContext::clientSettings() const
{
    const AppSettings::Values v = values();
    ClientSettings c;
    c.baseUrl = v.baseUrl;
    c.attemptTimeoutMs = v.attemptTimeoutSec * 1000;
    return c;
}

DispatcherSettings AppContext::dispatcherSettings() const
{
    const AppSettings::Values v = values();
    DispatcherSettings d;
    d.maxRetries = v.maxRetries;
    d.initialDelayMs = v.initialDelayMs;
    d.backoffFactor = v.backoffFactor;
    d.requestDeadlineMs = qint64(v.requestDeadlineSec) * 1000;
    return d;
}

void AppContext::applyValues()
{
    const AppSettings::Values v = values();
    m_pool->setDefaultRpmLimit(v.defaultRpm);
    m_pool->setModelLimits(v.modelLimits);
    m_pool->setStrategy(v.strategy);
    m_pool->setAvailabilityThreshold(v.availabilityThresholdPercent / 100.0);
    if (m_dispatcher)
        m_dispatcher->setSettings(dispatcherSettings());
    if (m_client)
        m_client->setSettings(clientSettings());
    Q_EMIT valuesChanged();
}

void AppContext::onSettingsChanged()
{
    const QString oldPath = values().databasePath;
    const AppSettings::Values file = m_settings->values();
    // A setting changed in the file while we run is the person's newest choice: it beats what the command line and
    // the environment said at start, for that setting only.
    for (const QString& name : AppSettings::names()) {
        if (AppSettings::textOf(file, name) != AppSettings::textOf(m_fileValues, name)) {
            m_commandLine.remove(name);
            m_environment.remove(name);
        }
    }
    m_fileValues = file;
    applyValues();
    if (values().databasePath != oldPath)
        Q_EMIT databasePathChanged(values().databasePath);
}

bool AppContext::openDatabase()
{
    return openDatabase(values().databasePath);
}

bool AppContext::openDatabase(const QString& path)
{
    // Keys that live only in memory (the database could not be opened, or writing to it fails) are carried into
    // the database opened now, so that choosing another file saves them instead of dropping them.
    QList<ApiKey> unsaved;
    if (!isSavingChanges()) {
        unsaved.reserve(m_pool->size());
        for (int row = 0, n = m_pool->size(); row < n; ++row)
            unsaved.append(m_pool->at(row));
    }
    closeRequestLog(); // written, then closed with the file it writes to
    if (m_store->isOpen()) {
        m_store->flush();
        m_store->detach();
        m_store->close();
    }
    m_databasePath = path;
    m_databaseError.clear();
    if (!m_store->open(path)) {
        m_databaseError = m_store->lastError();
    } else if (!m_store->attach(m_pool.get())) {
        m_databaseError = m_store->lastError(); // says the file was left untouched
        m_store->close();                       // never write this pool over a file that could not be read
    }
    if (m_store->isOpen()) {
        if (!unsaved.isEmpty())
            m_pool->addKeys(unsaved); // saved at once (keysAdded); keys the file already holds are skipped
        // Chats, batch runs and the import history live in the same file.
        m_conversations->open(m_store->connectionName());
        m_batchRuns->open(m_store->connectionName());
        m_importHistory->open(m_store->connectionName());
        openRequestLog();
    } else {
        m_pool->load(std::vector<ApiKey>(unsaved.cbegin(), unsaved.cend()));
    }
    Q_EMIT databaseOpened();
    return m_databaseError.isEmpty();
}

void AppContext::closeRequestLog()
{
    m_requestLogError.clear();
    if (!m_requestLog && !m_requestLogWriter)
        return;
    m_pool->setAttemptObserver(nullptr);
    std::unique_ptr<RequestLogWriter> writer = std::move(m_requestLogWriter);
    std::unique_ptr<RequestLogStore> log = std::move(m_requestLog);
    Q_EMIT requestLogChanged(); // the faces let go of them (requestLog() is null now)
    writer.reset();             // writes what is still queued
}

void AppContext::openRequestLog()
{
    // A log that cannot be used does not stop anything else: requests still work, they are just not logged.
    auto log = std::make_unique<RequestLogStore>();
    if (!log->open(m_store->connectionName())) {
        m_requestLogError = log->lastError();
        Q_EMIT requestLogChanged();
        return;
    }
    auto writer = std::make_unique<RequestLogWriter>(m_store->connectionName());
    if (!writer->isOpen()) {
        m_requestLogError = writer->lastError();
        Q_EMIT requestLogChanged();
        return;
    }
    m_requestLog = std::move(log);
    m_requestLogWriter = std::move(writer);
    m_pool->setAttemptObserver(m_requestLogWriter.get());
    Q_EMIT requestLogChanged();
}

QString AppContext::requestLogPath() const
{
    if (!m_store->isOpen())
        return {};
    return QSqlDatabase::database(m_store->connectionName(), false).databaseName();
}

bool AppContext::flushRequestLog()
{
    return !m_requestLogWriter || m_requestLogWriter->flush();
}

QString AppContext::databasePath() const
{
    return m_databasePath.isEmpty() ? values().databasePath : m_databasePath;
}

bool AppContext::isSavingChanges() const
{
    return m_store->isOpen() && !m_store->isDegraded();
}

bool AppContext::flush()
{
    if (!m_store->isOpen())
        return true;
    // The pool gathers health changes for up to ~100 ms before it tells the repository; let it tell now.
    m_pool->flushChanges();
    return m_store->flush();
}

} // namespace egb
