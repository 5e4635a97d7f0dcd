#include "SqliteKeyRepository.h"

#include "KeySql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace egb {

namespace {

constexpr auto Sql = KeySql::Dialect::Sqlite;
/// Ids per DELETE ... IN (...) statement.
constexpr int IdsPerStatement = 500;

QString readFailure(const QString& location, const QSqlError& error)
{
    return QCoreApplication::translate("egb::KeyStore",
                                       "Could not read the keys from %1: %2. The file was left untouched; it may be "
                                       "damaged. Restore a backup or move it away to start with an empty key list.")
        .arg(location, SqliteDatabase::describe(error));
}

} // namespace

const QList<SqliteDatabase::Migration>& SqliteKeyRepository::migrations()
{
    // Step i brings the schema to version i+1. Append only; never edit a released step.
    static const QList<SqliteDatabase::Migration> steps{
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
        {"the shared truth: ids from a counter, a change sequence on every row, removed ids, a person's edits",
         {QStringLiteral("ALTER TABLE keys ADD COLUMN seq INTEGER NOT NULL DEFAULT 0"),
          QStringLiteral("ALTER TABLE keys ADD COLUMN edited_seq INTEGER NOT NULL DEFAULT 0"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS keys_seq ON keys(seq)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS key_removals (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS key_removals_seq ON key_removals(seq)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS key_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
          // The sequence starts at the time of creation in ms: a file made again after it was lost starts above
          // every sequence a follower of the old file holds, so followers notice and read it whole.
          QStringLiteral("INSERT OR IGNORE INTO key_counters(name, value) "
                         "VALUES ('sequence', CAST(strftime('%s','now') AS INTEGER) * 1000)"),
          QStringLiteral("INSERT OR IGNORE INTO key_counters(name, value) "
                         "SELECT 'key_id', coalesce(max(id), 0) FROM keys")}},
        {"quota buckets per (project, model): rests, learned limits and today's usage, followed like the keys",
         {QStringLiteral("CREATE TABLE IF NOT EXISTS quota_buckets ("
                         "project TEXT NOT NULL,"
                         "model TEXT NOT NULL,"
                         "cooldown_until_ms INTEGER NOT NULL DEFAULT 0,"
                         "daily_until_ms INTEGER NOT NULL DEFAULT 0,"
                         "quota_id TEXT NOT NULL DEFAULT '',"
                         "not_offered INTEGER NOT NULL DEFAULT 0,"
                         "learned_limit INTEGER NOT NULL DEFAULT 0,"
                         "learned_window_ms INTEGER NOT NULL DEFAULT 0,"
                         "slack_ms INTEGER NOT NULL DEFAULT 0,"
                         "day_end_ms INTEGER NOT NULL DEFAULT 0,"
                         "day_requests INTEGER NOT NULL DEFAULT 0,"
                         "day_tokens INTEGER NOT NULL DEFAULT 0,"
                         "seq INTEGER NOT NULL DEFAULT 0,"
                         "PRIMARY KEY (project, model))"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS quota_buckets_seq ON quota_buckets(seq)")}},
    };
    return steps;
}

SqliteKeyRepository::SqliteKeyRepository(QObject* parent)
    : KeyRepository(parent)
{}

SqliteKeyRepository::~SqliteKeyRepository() = default;

bool SqliteKeyRepository::open(const QString& path, int busyTimeoutMs)
{
    m_busyTimeoutMs = busyTimeoutMs;
    m_seenDataVersion = -1;
    m_lost = false;
    m_recreated = false;
    m_problem.clear();
    if (!m_db.open(path, migrations(), busyTimeoutMs)) {
        m_lastError = m_db.lastError();
        return false;
    }
    m_lastError.clear();
    return true;
}

void SqliteKeyRepository::close()
{
    m_db.close();
}

bool SqliteKeyRepository::isOpen() const
{
    return m_db.isOpen();
}

QString SqliteKeyRepository::location() const
{
    return QDir::toNativeSeparators(m_db.path());
}

bool SqliteKeyRepository::takeRecreated()
{
    const bool was = m_recreated;
    m_recreated = false;
    return was;
}

qint64 SqliteKeyRepository::dataVersion()
{
    QSqlQuery q(m_db.database());
    if (q.exec(QStringLiteral("PRAGMA data_version")) && q.next())
        return q.value(0).toLongLong();
    return -2;
}

bool SqliteKeyRepository::hasChangesElsewhere()
{
    if (!m_db.isOpen())
        return false;
    return dataVersion() != m_seenDataVersion;
}

std::optional<KeySnapshot> SqliteKeyRepository::load()
{
    if (!m_db.isOpen()) {
        m_lastError = QCoreApplication::translate("egb::KeyStore", "The key database is not open.");
        return std::nullopt;
    }
    QSqlDatabase db = m_db.database();
    KeySnapshot snapshot;
    QSqlError error;
    m_db.exec(QStringLiteral("BEGIN"), &error); // one snapshot for the rows and the sequence
    const qint64 version = dataVersion();
    {
        QSqlQuery count(db);
        if (count.exec(QStringLiteral("SELECT count(*) FROM keys")) && count.next())
            snapshot.keys.reserve(size_t(std::max<qint64>(0, count.value(0).toLongLong())));
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT %1 FROM keys ORDER BY id").arg(QLatin1String(KeySql::columns())))) {
        m_lastError = readFailure(location(), query.lastError());
        m_db.rollback();
        return std::nullopt;
    }
    while (query.next())
        snapshot.keys.push_back(KeySql::readKey(query));
    if (query.lastError().isValid()) {
        m_lastError =
            QCoreApplication::translate("egb::KeyStore",
                                        "Could not read every key from %1: %2. The file was left untouched; it may be "
                                        "damaged. Restore a backup or move it away to start with an empty key list.")
                .arg(location(), SqliteDatabase::describe(query.lastError()));
        m_db.rollback();
        return std::nullopt;
    }
    if (!KeySql::readBuckets(db, -1, snapshot.buckets, error)) {
        m_lastError = readFailure(location(), error);
        m_db.rollback();
        return std::nullopt;
    }
    QSqlQuery seq(db);
    if (seq.exec(QStringLiteral("SELECT value FROM key_counters WHERE name = 'sequence'")) && seq.next())
        snapshot.sequence = seq.value(0).toLongLong();
    m_db.rollback(); // read only: ends the snapshot
    m_seenDataVersion = version;
    return snapshot;
}

std::optional<KeyChanges> SqliteKeyRepository::changesSince(qint64 sequence)
{
    if (!m_db.isOpen()) {
        m_lastError = QCoreApplication::translate("egb::KeyStore", "The key database is not open.");
        return std::nullopt;
    }
    QSqlDatabase db = m_db.database();
    KeyChanges changes;
    QSqlError error;
    m_db.exec(QStringLiteral("BEGIN"), &error);
    const qint64 version = dataVersion();
    auto failed = [this](const QSqlQuery& q) {
        m_lastError = readFailure(location(), q.lastError());
        m_db.rollback();
        return std::nullopt;
    };
    QSqlQuery seq(db);
    if (!seq.exec(QStringLiteral("SELECT value FROM key_counters WHERE name = 'sequence'")) || !seq.next())
        return failed(seq);
    changes.sequence = seq.value(0).toLongLong();
    // A sequence below the follower's: the file was made anew (lost and created again): read it whole.
    changes.complete = changes.sequence < sequence;
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT %1 FROM keys WHERE seq > ? ORDER BY id").arg(QLatin1String(KeySql::columns())));
    rows.addBindValue(changes.complete ? qint64(-1) : sequence);
    if (!rows.exec())
        return failed(rows);
    while (rows.next())
        changes.changed.push_back(KeySql::readKey(rows));
    if (!changes.complete) {
        QSqlQuery removed(db);
        removed.setForwardOnly(true);
        removed.prepare(QStringLiteral("SELECT id FROM key_removals WHERE seq > ?"));
        removed.addBindValue(sequence);
        if (!removed.exec())
            return failed(removed);
        while (removed.next())
            changes.removed.append(removed.value(0).toLongLong());
    }
    QSqlError bucketError;
    if (!KeySql::readBuckets(db, changes.complete ? qint64(-1) : sequence, changes.buckets, bucketError)) {
        m_lastError = readFailure(location(), bucketError);
        m_db.rollback();
        return std::nullopt;
    }
    m_db.rollback();
    m_seenDataVersion = version;
    return changes;
}

bool SqliteKeyRepository::fail(const QSqlError& error)
{
    m_problem = SqliteDatabase::problemText(error);
    m_lastError = m_db.writeFailureMessage(error);
    return false;
}

std::optional<KeyWriteResult> SqliteKeyRepository::write(const KeyWriteBatch& batch)
{
    // The file was removed or moved while open: SQLite would go on writing into the removed file and everything
    // would vanish at exit. Create it again at its path (empty); the caller writes what it holds into it.
    const QString path = m_db.path();
    if (m_db.fileIsGone())
        m_lost = true;
    if (m_lost) {
        m_db.close();
        if (!QFileInfo::exists(path)) {
            // A stale write-ahead log must not be replayed into the new, empty file.
            QFile::remove(path + QStringLiteral("-wal"));
            QFile::remove(path + QStringLiteral("-shm"));
        }
        if (!m_db.open(path, migrations(), m_busyTimeoutMs)) {
            const QString why = m_db.lastError();
            m_problem = QCoreApplication::translate("egb::KeyStore",
                                                    "the file was removed or moved and could not be created again");
            m_lastError =
                QCoreApplication::translate(
                    "egb::KeyStore", "The key database %1 was removed or moved while in use, and it could not be "
                                     "created again (%2). Your changes are kept in memory only for now and will be "
                                     "saved as soon as the folder can be written again. Check the folder, and do "
                                     "not quit before the changes are saved.")
                    .arg(QDir::toNativeSeparators(path), why);
            return std::nullopt;
        }
        m_problem.clear();
        m_lost = false;
        m_recreated = true;
        m_seenDataVersion = -1;
        m_lastError.clear(); // not a failure: the caller writes what it holds into the new file
        return std::nullopt;
    }
    if (!m_db.isOpen()) {
        m_lastError = QCoreApplication::translate("egb::KeyStore", "The key database is not open.");
        return std::nullopt;
    }
    KeyWriteResult result;
    if (batch.isEmpty()) {
        result.caughtUp = dataVersion() == m_seenDataVersion;
        return result;
    }
    QSqlError error;
    if (!m_db.begin(&error)) {
        fail(error);
        return std::nullopt;
    }
    if (!writeInTransaction(batch, result, error) || !m_db.commit(&error)) {
        m_db.rollback();
        fail(error);
        return std::nullopt;
    }
    m_problem.clear();
    return result;
}

bool SqliteKeyRepository::writeInTransaction(const KeyWriteBatch& batch, KeyWriteResult& result, QSqlError& error)
{
    QSqlDatabase db = m_db.database();
    result.caughtUp = dataVersion() == m_seenDataVersion;
    auto counter = [&](const char* name, qint64* value) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT value FROM key_counters WHERE name = ?"));
        q.addBindValue(QLatin1String(name));
        if (!q.exec() || !q.next()) {
            error = q.lastError();
            return false;
        }
        *value = q.value(0).toLongLong();
        return true;
    };
    auto setCounter = [&](const char* name, qint64 value) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("UPDATE key_counters SET value = max(value, ?) WHERE name = ?"));
        q.addBindValue(value);
        q.addBindValue(QLatin1String(name));
        if (!q.exec()) {
            error = q.lastError();
            return false;
        }
        return true;
    };
    qint64 seq = 0;
    if (!counter("sequence", &seq) || !setCounter("sequence", seq + 1))
        return false;
    seq += 1;
    result.sequence = seq;
    const KeySql::KeyIdCounter keyId{[&](qint64* value) { return counter("key_id", value); },
                                     [&](qint64 value) { return setCounter("key_id", value); }};
    if (!KeySql::writeRows(db, batch, seq, Sql, keyId, result, error))
        return false;
    if (!batch.removals.isEmpty()) {
        QList<qint64> ids = batch.removals;
        std::sort(ids.begin(), ids.end());
        for (qsizetype start = 0; start < ids.size(); start += IdsPerStatement) {
            const qsizetype n = std::min<qsizetype>(IdsPerStatement, ids.size() - start);
            QString list;
            list.reserve(24 * n);
            QString tomb;
            tomb.reserve(32 * n);
            for (qsizetype i = 0; i < n; ++i) {
                if (i) {
                    list += QLatin1Char(',');
                    tomb += QLatin1Char(',');
                }
                const QString id = QString::number(ids.at(start + i)); // integers: no injection, no variable limit
                list += id;
                tomb += QStringLiteral("(%1,%2)").arg(id).arg(seq);
            }
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("DELETE FROM keys WHERE id IN (%1)").arg(list)) ||
                !q.exec(QStringLiteral("INSERT OR REPLACE INTO key_removals(id, seq) VALUES %1").arg(tomb))) {
                error = q.lastError();
                return false;
            }
        }
    }
    return true;
}

} // namespace egb
