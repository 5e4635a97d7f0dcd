#include "KeyStore.h"

#include "KeyPool.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>
#include <QVariant>

#include <algorithm>

namespace egb {

namespace {

/// One forward step of the key table's schema: the statements that take user_version from i to i+1.
struct Migration
{
    const char* description;
    QStringList statements;
};

/// Step i brings the schema to version i+1. Append only; never edit a released step.
const QList<Migration>& keyStoreMigrations()
{
    static const QList<Migration> steps{
        {"keys table with every ApiKey field",
         {QStringLiteral("CREATE TABLE IF NOT EXISTS keys ("
                         "id INTEGER PRIMARY KEY,"
                         "secret TEXT NOT NULL UNIQUE,"
                         "label TEXT,"
                         "group_name TEXT,"
                         "status TEXT NOT NULL DEFAULT 'active',"
                         "weight REAL NOT NULL DEFAULT 1.0,"
                         "consecutive_failures INTEGER NOT NULL DEFAULT 0,"
                         "total_failures INTEGER NOT NULL DEFAULT 0,"
                         "total_successes INTEGER NOT NULL DEFAULT 0,"
                         "last_http_status INTEGER NOT NULL DEFAULT 0,"
                         "last_error TEXT,"
                         "last_used_ms INTEGER NOT NULL DEFAULT 0,"
                         "cooldown_until_ms INTEGER NOT NULL DEFAULT 0,"
                         "rate_limit_streak INTEGER NOT NULL DEFAULT 0,"
                         "disabled_reason TEXT,"
                         "rpm_limit INTEGER NOT NULL DEFAULT 0,"
                         "added_ms INTEGER NOT NULL DEFAULT 0)"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS keys_group ON keys(group_name)")}},
        {"server faults in a row, apart from failures in a row (which count 429s too)",
         {QStringLiteral("ALTER TABLE keys ADD COLUMN server_fault_streak INTEGER NOT NULL DEFAULT 0")}},
    };
    return steps;
}

constexpr int ColumnCount = 18;
const char* const Columns = "id,secret,label,group_name,status,weight,consecutive_failures,total_failures,"
                            "total_successes,last_http_status,last_error,last_used_ms,cooldown_until_ms,"
                            "rate_limit_streak,disabled_reason,rpm_limit,added_ms,server_fault_streak";
/// Rows per multi-row statement: 18 * 50 = 900 bound values, below SQLite's historic limit of 999. Measured on
/// 100,000 keys (CPU time of the insert): 50 rows per statement 570 ms, 10 rows 580 ms, one reused single-row
/// statement 650 ms, SQL literals instead of bound values 850 ms.
constexpr int RowsPerStatement = 50;
/// Ids per DELETE ... IN (...) statement.
constexpr int IdsPerStatement = 500;

// SQLite primary result codes that Qt reports as QSqlError::nativeErrorCode().
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteIoErr = 10;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteFull = 13;
constexpr int SqliteCantOpen = 14;
constexpr int SqliteNotADb = 26;

int nativeCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString describe(const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text;
}

QAtomicInteger<quint64> connectionCounter;

QString placeholders(int rows)
{
    QString one = QStringLiteral("(?");
    for (int c = 1; c < ColumnCount; ++c)
        one += QStringLiteral(",?");
    one += QLatin1Char(')');
    QString all;
    all.reserve(rows * (one.size() + 1));
    for (int r = 0; r < rows; ++r) {
        if (r)
            all += QLatin1Char(',');
        all += one;
    }
    return all;
}

QString upsertSql(int rows)
{
    return QStringLiteral("INSERT INTO keys(%1) VALUES %2 ON CONFLICT(id) DO UPDATE SET "
                          "secret=excluded.secret,label=excluded.label,group_name=excluded.group_name,"
                          "status=excluded.status,weight=excluded.weight,"
                          "consecutive_failures=excluded.consecutive_failures,"
                          "total_failures=excluded.total_failures,total_successes=excluded.total_successes,"
                          "last_http_status=excluded.last_http_status,last_error=excluded.last_error,"
                          "last_used_ms=excluded.last_used_ms,cooldown_until_ms=excluded.cooldown_until_ms,"
                          "rate_limit_streak=excluded.rate_limit_streak,disabled_reason=excluded.disabled_reason,"
                          "rpm_limit=excluded.rpm_limit,added_ms=excluded.added_ms,"
                          "server_fault_streak=excluded.server_fault_streak")
        .arg(QLatin1String(Columns), placeholders(rows));
}

QString insertSql(int rows)
{
    return QStringLiteral("INSERT INTO keys(%1) VALUES %2").arg(QLatin1String(Columns), placeholders(rows));
}

void bindKey(QSqlQuery& q, int& pos, const ApiKey& k)
{
    q.bindValue(pos++, k.id);
    q.bindValue(pos++, k.secret);
    q.bindValue(pos++, k.label);
    q.bindValue(pos++, k.group);
    q.bindValue(pos++, ApiKey::statusName(k.status));
    q.bindValue(pos++, k.weight);
    q.bindValue(pos++, k.consecutiveFailures);
    q.bindValue(pos++, k.totalFailures);
    q.bindValue(pos++, k.totalSuccesses);
    q.bindValue(pos++, k.lastHttpStatus);
    q.bindValue(pos++, k.lastError);
    q.bindValue(pos++, k.lastUsedMs);
    q.bindValue(pos++, k.cooldownUntilMs);
    q.bindValue(pos++, k.rateLimitStreak);
    q.bindValue(pos++, k.disabledReason);
    q.bindValue(pos++, k.rpmLimit);
    q.bindValue(pos++, k.addedMs);
    q.bindValue(pos++, k.serverFaultStreak);
}

} // namespace

struct KeyStore::Private
{
    KeyStore* q = nullptr;
    QString connection;
    QString path;
    QString lastError;
    QSqlDatabase db;
    bool open = false;
    int busyTimeoutMs = 5000;

    QPointer<KeyPool> pool;
    QList<QMetaObject::Connection> connections;
    QHash<qint64, ApiKey> pending;     ///< snapshots to upsert at the next flush
    QSet<qint64> pendingRemovals;      ///< ids to delete at the next flush
    QHash<qint64, ApiKey> lastWritten; ///< written by a user action, not yet seen in keysChanged
    QTimer flushTimer;
    int flushIntervalMs = 1000;
    bool degraded = false;
    QString problem;   ///< problemText() of the last failed write, empty once a write works
    bool lost = false; ///< the file vanished while open: recreate it at the next write

    bool exec(const QString& sql, QString* error = nullptr)
    {
        QSqlQuery query(db);
        if (query.exec(sql))
            return true;
        if (error)
            *error = describe(query.lastError());
        lastSqlError = query.lastError();
        return false;
    }
    QSqlError lastSqlError;

    bool begin() { return exec(QStringLiteral("BEGIN IMMEDIATE")); }
    void rollback() { exec(QStringLiteral("ROLLBACK")); }
    bool commit()
    {
        if (exec(QStringLiteral("COMMIT")))
            return true;
        const QSqlError keep = lastSqlError;
        rollback();
        lastSqlError = keep;
        return false;
    }

    /// Writes keys with multi-row statements (RowsPerStatement rows each, prepared once and reused).
    bool writeKeys(const QList<ApiKey>& keys, bool upsert)
    {
        if (keys.isEmpty())
            return true;
        const int full = int(keys.size()) / RowsPerStatement;
        const int rest = int(keys.size()) % RowsPerStatement;
        int index = 0;
        if (full > 0) {
            QSqlQuery query(db);
            if (!query.prepare(upsert ? upsertSql(RowsPerStatement) : insertSql(RowsPerStatement))) {
                lastSqlError = query.lastError();
                return false;
            }
            for (int s = 0; s < full; ++s) {
                int pos = 0;
                for (int r = 0; r < RowsPerStatement; ++r)
                    bindKey(query, pos, keys.at(index++));
                if (!query.exec()) {
                    lastSqlError = query.lastError();
                    return false;
                }
            }
        }
        if (rest > 0) {
            QSqlQuery query(db);
            if (!query.prepare(upsert ? upsertSql(rest) : insertSql(rest))) {
                lastSqlError = query.lastError();
                return false;
            }
            int pos = 0;
            for (int r = 0; r < rest; ++r)
                bindKey(query, pos, keys.at(index++));
            if (!query.exec()) {
                lastSqlError = query.lastError();
                return false;
            }
        }
        return true;
    }

    bool deleteIds(const QList<qint64>& ids)
    {
        for (qsizetype start = 0; start < ids.size(); start += IdsPerStatement) {
            const qsizetype n = std::min<qsizetype>(IdsPerStatement, ids.size() - start);
            QString sql = QStringLiteral("DELETE FROM keys WHERE id IN (");
            sql.reserve(sql.size() + 24 * n);
            for (qsizetype i = 0; i < n; ++i) {
                if (i)
                    sql += QLatin1Char(',');
                sql += QString::number(ids.at(start + i)); // integers: no injection possible, no variable limit
            }
            sql += QLatin1Char(')');
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                lastSqlError = query.lastError();
                return false;
            }
        }
        return true;
    }

    /// What went wrong, in a few words ("the disk is full").
    static QString problemText(const QSqlError& error)
    {
        QString what;
        switch (nativeCode(error)) {
        case SqliteFull:
            what = KeyStore::tr("the disk is full");
            break;
        case SqliteReadOnly:
            what = KeyStore::tr("the file or its folder is read-only");
            break;
        case SqliteBusy:
        case SqliteLocked:
            what = KeyStore::tr("another program is holding the file locked");
            break;
        case SqliteCantOpen:
        case SqliteIoErr:
            what = KeyStore::tr("the file could not be written (it may have been moved or removed)");
            break;
        default:
            what = describe(error);
            break;
        }
        return what;
    }

    QString writeFailureMessage(const QSqlError& error) const
    {
        const QString what = problemText(error);
        return KeyStore::tr("Could not save the keys to %1: %2. Your changes are kept in memory only for now and "
                            "will be saved as soon as writing works again. Free some disk space, make the folder "
                            "writable or close the other program using the file; do not quit before the changes "
                            "are saved.")
            .arg(QDir::toNativeSeparators(path), what);
    }

    void writeSucceeded()
    {
        problem.clear();
        if (degraded) {
            degraded = false;
            Q_EMIT q->writeRecovered();
        }
    }

    void writeFailedNow(const QSqlError& error)
    {
        if (!degraded) // once, not at every retry
            qWarning("KeyStore: write failed: %s", qPrintable(describe(error)));
        problem = problemText(error);
        enterDegraded(writeFailureMessage(error));
    }

    void enterDegraded(const QString& message)
    {
        lastError = message;
        if (!degraded) {
            degraded = true;
            Q_EMIT q->writeFailed(lastError);
        }
        if (pool && !flushTimer.isActive())
            flushTimer.start(std::max(flushIntervalMs, 200)); // retry at the next flush
    }

    /// The file was removed or moved while open. SQLite would go on writing into the removed file and everything
    /// would vanish at exit, so the file is created again at its path and the whole pool is written into it.
    bool reopenLostFile()
    {
        const QString p = path;
        if (open)
            q->close();
        lost = true;
        if (!QFileInfo::exists(p)) {
            // A stale write-ahead log must not be replayed into the new, empty file.
            QFile::remove(p + QStringLiteral("-wal"));
            QFile::remove(p + QStringLiteral("-shm"));
        }
        if (!q->open(p))
            return false;
        lost = false;
        pendingRemovals.clear();
        lastWritten.clear();
        for (int row = 0, n = pool->size(); row < n; ++row) {
            const ApiKey& k = pool->at(row);
            pending.insert(k.id, k);
        }
        return true;
    }

    /// Writes pending removals and upserts in one transaction.
    bool flushPending(bool rememberWritten)
    {
        if (open && !path.isEmpty() && !QFileInfo::exists(path))
            lost = true;
        if (lost) {
            if (!pool || !reopenLostFile()) {
                const QString why = lastError;
                problem = KeyStore::tr("the file was removed or moved and could not be created again");
                enterDegraded(KeyStore::tr("The key database %1 was removed or moved while in use, and it could not "
                                           "be created again (%2). Your changes are kept in memory only for now and "
                                           "will be saved as soon as the folder can be written again. Check the "
                                           "folder, and do not quit before the changes are saved.")
                                  .arg(QDir::toNativeSeparators(path), why));
                return false;
            }
        }
        if (!open)
            return pending.isEmpty() && pendingRemovals.isEmpty();
        if (pending.isEmpty() && pendingRemovals.isEmpty())
            return true;
        QElapsedTimer timer;
        timer.start();
        QList<qint64> removals(pendingRemovals.cbegin(), pendingRemovals.cend());
        QList<ApiKey> keys;
        keys.reserve(pending.size());
        for (auto it = pending.cbegin(); it != pending.cend(); ++it)
            keys.append(it.value());
        // In id order the rows land on neighbouring b-tree pages: a hash's order would touch pages at random and
        // make SQLite spill its cache into the log again and again.
        std::sort(keys.begin(), keys.end(), [](const ApiKey& a, const ApiKey& b) { return a.id < b.id; });
        std::sort(removals.begin(), removals.end());
        const bool ok = begin() && deleteIds(removals) && writeKeys(keys, true) && commit();
        if (!ok) {
            const QSqlError error = lastSqlError;
            rollback();
            writeFailedNow(error);
            return false;
        }
        if (rememberWritten) {
            for (const ApiKey& k : std::as_const(keys))
                lastWritten.insert(k.id, k);
        }
        pending.clear();
        pendingRemovals.clear();
        writeSucceeded();
        Q_EMIT q->flushed(int(keys.size() + removals.size()), timer.nsecsElapsed() / 1000);
        return true;
    }

    // --- pool signals ------------------------------------------------------------------------------------------
    void snapshot(const QList<qint64>& ids)
    {
        for (qint64 id : ids) {
            if (const ApiKey* k = pool->find(id)) {
                pending.insert(id, *k);
                pendingRemovals.remove(id);
            }
        }
    }

    void onAddedOrEdited(const QList<qint64>& ids)
    {
        if (!pool)
            return;
        snapshot(ids);
        flushPending(true);
    }

    void onRemoved(const QList<qint64>& ids)
    {
        for (qint64 id : ids) {
            pending.remove(id);
            lastWritten.remove(id);
            pendingRemovals.insert(id);
        }
        flushPending(false);
    }

    void onChanged(const QList<qint64>& ids)
    {
        if (!pool)
            return;
        for (qint64 id : ids) {
            const ApiKey* k = pool->find(id);
            if (!k)
                continue;
            const auto written = lastWritten.find(id);
            if (written != lastWritten.end()) {
                const bool same = (*written == *k);
                lastWritten.erase(written);
                if (same && !pending.contains(id))
                    continue;
            }
            pending.insert(id, *k);
        }
        if (!pending.isEmpty() && !flushTimer.isActive())
            flushTimer.start(flushIntervalMs);
    }
};

KeyStore::KeyStore(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->connection = QStringLiteral("egb-keystore-%1").arg(++connectionCounter);
    d->flushTimer.setSingleShot(true);
    connect(&d->flushTimer, &QTimer::timeout, this, [this] { d->flushPending(false); });
}

KeyStore::~KeyStore()
{
    detach();
    close();
}

QString KeyStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/keys.db");
}

bool KeyStore::open(const QString& path)
{
    if (d->open)
        close();
    d->lastError.clear();
    d->path = path;
    const QString shown = QDir::toNativeSeparators(path);
    auto fail = [this](const QString& message) {
        d->lastError = message;
        close();
        return false;
    };
    if (path.isEmpty())
        return fail(tr("No location was given for the key database. Choose a file to keep the keys in."));

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(tr("Could not create the folder %1 for the key database. Check that you may write there, or "
                       "choose another location.")
                        .arg(QDir::toNativeSeparators(info.absolutePath())));
    if (info.exists() && !info.isFile())
        return fail(tr("%1 is not a file (it is a folder or a device), so the keys cannot be kept there. Choose "
                       "another location.")
                        .arg(shown));

    // The file holds secrets: create it 0600 before SQLite touches it, and tighten an older file.
    const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) && !QFileInfo::exists(path))
            return fail(tr("Could not create the key database %1: %2. Check that the folder is writable and the "
                           "disk is not full, or choose another location.")
                            .arg(shown, file.errorString()));
    }
    if (QFile::permissions(path) != ownerOnly && !QFile::setPermissions(path, ownerOnly))
        qWarning("KeyStore: could not restrict the key database to its owner (mode 0600)");

    d->db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->connection);
    d->db.setDatabaseName(path);
    d->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(d->busyTimeoutMs));
    if (!d->db.open())
        return fail(tr("Could not open the key database %1: %2. Check that the file is readable and writable, or "
                       "choose another location.")
                        .arg(shown, describe(d->db.lastError())));
    d->open = true;

    // Read the schema version first: this is where SQLite checks the file header. Nothing is written before.
    int version = -1;
    {
        QSqlQuery query(d->db);
        if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
            version = query.value(0).toInt();
        else
            d->lastSqlError = query.lastError();
    }
    if (version < 0) {
        const int code = nativeCode(d->lastSqlError);
        if (code == SqliteNotADb || code == SqliteCorrupt)
            return fail(tr("%1 is not a key database, or it is damaged (%2). It was left untouched. Choose another "
                           "file, or move this one away (keep a copy) to start with an empty key list.")
                            .arg(shown, describe(d->lastSqlError)));
        return fail(tr("Could not read the key database %1: %2. It was left untouched. Check that the file is "
                       "readable and not locked by another program, then try again.")
                        .arg(shown, describe(d->lastSqlError)));
    }
    const QList<Migration>& steps = keyStoreMigrations();
    const int latest = int(steps.size());
    static_assert(SchemaVersion >= 1);
    Q_ASSERT(latest == SchemaVersion);
    if (version > latest)
        return fail(tr("The key database %1 was written by a newer version of Easy Gemini Balance (schema version "
                       "%2; this version knows up to %3). It was left untouched. Update the application to use it.")
                        .arg(shown)
                        .arg(version)
                        .arg(latest));

    {
        QSqlQuery query(d->db);
        QString mode;
        if (query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && query.next())
            mode = query.value(0).toString().toLower();
        if (mode != QLatin1String("wal")) {
            const QString why = mode.isEmpty() ? describe(query.lastError()) : tr("journal mode \"%1\"").arg(mode);
            return fail(tr("Could not switch the key database %1 to write-ahead logging (%2). The folder must be "
                           "writable and on a local disk (not a network share). Choose another location.")
                            .arg(shown, why));
        }
    }
    QString error;
    if (!d->exec(QStringLiteral("PRAGMA synchronous=NORMAL"), &error) ||
        !d->exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(d->busyTimeoutMs), &error) ||
        !d->exec(QStringLiteral("PRAGMA cache_size=-16384"), &error)) // 16 MB: 100,000 keys in one transaction
        return fail(tr("Could not set up the key database %1: %2.").arg(shown, error));

    for (int v = version; v < latest; ++v) {
        bool ok = d->begin();
        for (const QString& sql : steps.at(v).statements) {
            if (!ok)
                break;
            ok = d->exec(sql, &error);
        }
        ok = ok && d->exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1), &error) && d->commit();
        if (!ok) {
            if (error.isEmpty())
                error = describe(d->lastSqlError);
            d->rollback();
            return fail(tr("Could not upgrade the key database %1 to version %2 (%3): %4. The file was left as it "
                           "was; check that it is writable and the disk is not full.")
                            .arg(shown)
                            .arg(v + 1)
                            .arg(QLatin1String(steps.at(v).description), error));
        }
    }
    return true;
}

void KeyStore::close()
{
    d->flushTimer.stop();
    d->open = false;
    if (d->db.isValid()) {
        d->db.close();
        d->db = QSqlDatabase(); // the last handle must be gone before removeDatabase()
        d->lastSqlError = QSqlError();
        QSqlDatabase::removeDatabase(d->connection);
    }
}

bool KeyStore::isOpen() const
{
    return d->open;
}

QString KeyStore::path() const
{
    return d->path;
}

QString KeyStore::lastError() const
{
    return d->lastError;
}

QString KeyStore::connectionName() const
{
    return d->connection;
}

std::vector<ApiKey> KeyStore::loadKeys()
{
    std::vector<ApiKey> keys;
    if (!d->open) {
        d->lastError = tr("The key database is not open.");
        return keys;
    }
    {
        QSqlQuery count(d->db);
        if (count.exec(QStringLiteral("SELECT count(*) FROM keys")) && count.next())
            keys.reserve(size_t(std::max<qint64>(0, count.value(0).toLongLong())));
    }
    QSqlQuery query(d->db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM keys ORDER BY id").arg(QLatin1String(Columns)))) {
        d->lastError = tr("Could not read the keys from %1: %2. The file was left untouched; it may be damaged. "
                          "Restore a backup or move it away to start with an empty key list.")
                           .arg(QDir::toNativeSeparators(d->path), describe(query.lastError()));
        keys.clear();
        return keys;
    }
    while (query.next()) {
        ApiKey k;
        k.id = query.value(0).toLongLong();
        k.secret = query.value(1).toString();
        k.label = query.value(2).toString();
        k.group = query.value(3).toString();
        bool ok = false;
        k.status = ApiKey::statusFromName(query.value(4).toString(), &ok);
        if (!ok)
            k.status = KeyStatus::Active;
        k.weight = query.value(5).toDouble();
        k.consecutiveFailures = query.value(6).toInt();
        k.totalFailures = query.value(7).toLongLong();
        k.totalSuccesses = query.value(8).toLongLong();
        k.lastHttpStatus = query.value(9).toInt();
        k.lastError = query.value(10).toString();
        k.lastUsedMs = query.value(11).toLongLong();
        k.cooldownUntilMs = query.value(12).toLongLong();
        k.rateLimitStreak = query.value(13).toInt();
        k.disabledReason = query.value(14).toString();
        k.rpmLimit = query.value(15).toInt();
        k.addedMs = query.value(16).toLongLong();
        k.serverFaultStreak = query.value(17).toInt();
        keys.push_back(std::move(k));
    }
    if (query.lastError().isValid()) {
        d->lastError = tr("Could not read every key from %1: %2. The file was left untouched; it may be damaged. "
                          "Restore a backup or move it away to start with an empty key list.")
                           .arg(QDir::toNativeSeparators(d->path), describe(query.lastError()));
        keys.clear();
    }
    return keys;
}

bool KeyStore::insertKeys(const QList<ApiKey>& keys)
{
    if (!d->open)
        return false;
    if (keys.isEmpty())
        return true;
    if (d->begin() && d->writeKeys(keys, false) && d->commit())
        return true;
    const QSqlError error = d->lastSqlError;
    d->rollback();
    d->lastError = d->writeFailureMessage(error);
    return false;
}

bool KeyStore::saveKeys(const QList<ApiKey>& keys)
{
    if (!d->open)
        return false;
    if (keys.isEmpty())
        return true;
    if (d->begin() && d->writeKeys(keys, true) && d->commit())
        return true;
    const QSqlError error = d->lastSqlError;
    d->rollback();
    d->lastError = d->writeFailureMessage(error);
    return false;
}

bool KeyStore::removeKeys(const QList<qint64>& ids)
{
    if (!d->open)
        return false;
    if (ids.isEmpty())
        return true;
    if (d->begin() && d->deleteIds(ids) && d->commit())
        return true;
    const QSqlError error = d->lastSqlError;
    d->rollback();
    d->lastError = d->writeFailureMessage(error);
    return false;
}

bool KeyStore::attach(KeyPool* pool)
{
    detach();
    if (!pool || !d->open) {
        if (!d->open)
            d->lastError = tr("The key database is not open.");
        return false;
    }
    d->lastError.clear();
    std::vector<ApiKey> keys = loadKeys();
    if (!d->lastError.isEmpty())
        return false; // never let a pool that failed to load overwrite the file
    pool->load(std::move(keys));
    d->pool = pool;
    d->connections << connect(pool, &KeyPool::keysAdded, this,
                              [this](const QList<qint64>& ids) { d->onAddedOrEdited(ids); });
    d->connections << connect(pool, &KeyPool::keysEdited, this,
                              [this](const QList<qint64>& ids) { d->onAddedOrEdited(ids); });
    d->connections << connect(pool, &KeyPool::keysRemoved, this,
                              [this](const QList<qint64>& ids) { d->onRemoved(ids); });
    d->connections << connect(pool, &KeyPool::keysChanged, this,
                              [this](const QList<qint64>& ids) { d->onChanged(ids); });
    return true;
}

void KeyStore::detach()
{
    for (const QMetaObject::Connection& c : std::as_const(d->connections))
        disconnect(c);
    d->connections.clear();
    if (d->pool) {
        // Health changes the pool gathered but has not announced yet (keysChanged is coalesced): every report
        // touches lastUsedMs, and a per-project quota cools the whole group, so these cover them.
        const qint64 recent = d->pool->now() - 10'000;
        for (int row = 0, n = d->pool->size(); row < n; ++row) {
            const ApiKey& k = d->pool->at(row);
            if (k.lastUsedMs >= recent || k.status == KeyStatus::CoolingDown) {
                const auto written = d->lastWritten.constFind(k.id);
                if (written == d->lastWritten.cend() || !(*written == k))
                    d->pending.insert(k.id, k);
            }
        }
    }
    d->flushPending(false);
    d->flushTimer.stop();
    d->pool = nullptr;
    d->lastWritten.clear();
}

void KeyStore::setFlushInterval(int ms)
{
    d->flushIntervalMs = std::max(0, ms);
}

int KeyStore::flushInterval() const
{
    return d->flushIntervalMs;
}

void KeyStore::setBusyTimeout(int ms)
{
    d->busyTimeoutMs = std::max(0, ms);
}

int KeyStore::busyTimeout() const
{
    return d->busyTimeoutMs;
}

int KeyStore::pendingCount() const
{
    return int(d->pending.size() + d->pendingRemovals.size());
}

bool KeyStore::flush()
{
    d->flushTimer.stop();
    return d->flushPending(false);
}

bool KeyStore::isDegraded() const
{
    return d->degraded;
}

QString KeyStore::writeProblem() const
{
    return d->degraded ? d->problem : QString();
}

} // namespace egb
