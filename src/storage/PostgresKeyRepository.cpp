#include "PostgresKeyRepository.h"

#include "KeySql.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>

namespace egb {

namespace {

constexpr auto Sql = KeySql::Dialect::Postgres;
/// Ids per DELETE … IN (…) statement.
constexpr int IdsPerStatement = 1000;
/// NOTIFY payloads must stay below 8000 bytes.
constexpr int MaxPayload = 7900;
/// Any constant: the key schema's advisory lock, held by the transaction that creates or migrates it.
constexpr qint64 SchemaLockId = 0x6567625f6b657973; // "egb_keys"

QAtomicInteger<quint64> connectionCounter;

QString describe(const QSqlError& error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    return text;
}

/// Step i brings the schema to version i+1. Append only; never edit a released step. The same tables as the
/// SQLite file (SqliteKeyRepository::migrations()): version 1 is the file's version 3, version 2 its version 4.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps{
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS keys ("
                           "id BIGINT PRIMARY KEY,"
                           "secret TEXT NOT NULL UNIQUE,"
                           "label TEXT,"
                           "group_name TEXT,"
                           "status TEXT NOT NULL DEFAULT 'active',"
                           "weight DOUBLE PRECISION NOT NULL DEFAULT 1.0,"
                           "consecutive_failures INTEGER NOT NULL DEFAULT 0,"
                           "total_failures BIGINT NOT NULL DEFAULT 0,"
                           "total_successes BIGINT NOT NULL DEFAULT 0,"
                           "last_http_status INTEGER NOT NULL DEFAULT 0,"
                           "last_error TEXT,"
                           "last_used_ms BIGINT NOT NULL DEFAULT 0,"
                           "cooldown_until_ms BIGINT NOT NULL DEFAULT 0,"
                           "rate_limit_streak INTEGER NOT NULL DEFAULT 0,"
                           "disabled_reason TEXT,"
                           "rpm_limit INTEGER NOT NULL DEFAULT 0,"
                           "added_ms BIGINT NOT NULL DEFAULT 0,"
                           "server_fault_streak INTEGER NOT NULL DEFAULT 0,"
                           "seq BIGINT NOT NULL DEFAULT 0,"
                           "edited_seq BIGINT NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS keys_group ON keys(group_name)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS keys_seq ON keys(seq)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS key_removals (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS key_removals_seq ON key_removals(seq)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS key_counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)"),
            // As in the SQLite file: the sequence starts at the creation time in ms, above any sequence a follower
            // of an older database of the same name holds.
            QStringLiteral("INSERT INTO key_counters(name, value) VALUES "
                           "('sequence', (extract(epoch FROM clock_timestamp()) * 1000)::bigint), ('key_id', 0) "
                           "ON CONFLICT (name) DO NOTHING"),
            // Writes whose commit was in doubt (the connection broke during COMMIT) are recognised by their token.
            QStringLiteral("CREATE TABLE IF NOT EXISTS key_writes (token TEXT PRIMARY KEY, at_ms BIGINT NOT NULL)"),
        },
        {
            // As the SQLite file's version 4: quota buckets per (project, model).
            QStringLiteral("CREATE TABLE IF NOT EXISTS quota_buckets ("
                           "project TEXT NOT NULL,"
                           "model TEXT NOT NULL,"
                           "cooldown_until_ms BIGINT NOT NULL DEFAULT 0,"
                           "daily_until_ms BIGINT NOT NULL DEFAULT 0,"
                           "quota_id TEXT NOT NULL DEFAULT '',"
                           "not_offered INTEGER NOT NULL DEFAULT 0,"
                           "learned_limit INTEGER NOT NULL DEFAULT 0,"
                           "learned_window_ms BIGINT NOT NULL DEFAULT 0,"
                           "slack_ms BIGINT NOT NULL DEFAULT 0,"
                           "day_end_ms BIGINT NOT NULL DEFAULT 0,"
                           "day_requests BIGINT NOT NULL DEFAULT 0,"
                           "day_tokens BIGINT NOT NULL DEFAULT 0,"
                           "seq BIGINT NOT NULL DEFAULT 0,"
                           "PRIMARY KEY (project, model))"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS quota_buckets_seq ON quota_buckets(seq)"),
        },
    };
    return steps;
}

QString idArray(const QList<qint64>& ids)
{
    QString s = QStringLiteral("{");
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            s += QLatin1Char(',');
        s += QString::number(ids.at(i));
    }
    return s + QLatin1Char('}');
}

/// The ids a batch changes, for the notification.
QList<qint64> touchedIds(const KeyWriteBatch& batch, const QList<qint64>& insertedIds)
{
    QList<qint64> ids;
    ids.reserve(batch.size());
    for (qint64 id : insertedIds) {
        if (id)
            ids.append(id);
    }
    for (const ApiKey& k : batch.saves)
        ids.append(k.id);
    for (const KeyEdit& e : batch.edits)
        ids.append(e.key.id);
    for (const KeyHealthDelta& h : batch.health)
        ids.append(h.id);
    ids += batch.removals;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

bool passwordProblem(const QString& text)
{
    return text.contains(QLatin1String("no password supplied")) ||
           text.contains(QLatin1String("password authentication failed"));
}

} // namespace

QString PostgresKeyRepository::channel()
{
    return QStringLiteral("egb_keys");
}

PostgresKeyRepository::PostgresKeyRepository(QObject* parent)
    : KeyRepository(parent)
    , m_connection(QStringLiteral("egb-postgres-%1").arg(++connectionCounter))
{
    m_watch.setInterval(250);
    QObject::connect(&m_watch, &QTimer::timeout, this, &PostgresKeyRepository::checkConnection);
}

PostgresKeyRepository::~PostgresKeyRepository()
{
    close();
}

void PostgresKeyRepository::setReconnectInterval(int ms)
{
    m_reconnectMs = std::max(50, ms);
}

bool PostgresKeyRepository::isOpen() const
{
    return m_open;
}

bool PostgresKeyRepository::isConnected() const
{
    return m_connected && m_db.isValid() && m_db.isOpen();
}

QString PostgresKeyRepository::location() const
{
    return m_info.toString();
}

bool PostgresKeyRepository::exec(const QString& sql, QSqlError* error)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError();
    return false;
}

bool PostgresKeyRepository::connect(QString* error)
{
    if (!m_db.isValid()) {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        if (!m_db.isValid()) {
            *error = tr("the PostgreSQL driver of Qt (QPSQL) is not installed; on Debian or Ubuntu install the "
                        "package libqt6sql6-psql");
            return false;
        }
        QObject::connect(m_db.driver(), &QSqlDriver::notification, this,
                         [this](const QString& name, QSqlDriver::NotificationSource source, const QVariant& payload) {
                             onNotification(name, int(source), payload);
                         });
    }
    m_info.applyTo(m_db);
    if (!m_db.open()) {
        *error = describe(m_db.lastError());
        if (error->isEmpty())
            *error = tr("the server could not be reached");
        m_needsPassword = passwordProblem(*error);
        m_db.close();
        return false;
    }
    m_needsPassword = false;
    return true;
}

bool PostgresKeyRepository::listen(QString* error)
{
    if (!m_db.driver()->subscribeToNotification(channel())) {
        *error = describe(m_db.driver()->lastError());
        return false;
    }
    return true;
}

bool PostgresKeyRepository::migrate(QString* error)
{
    QSqlError sqlError;
    auto failed = [&](const QString& why) {
        exec(QStringLiteral("ROLLBACK"));
        *error = why;
        return false;
    };
    if (!exec(QStringLiteral("BEGIN"), &sqlError))
        return failed(describe(sqlError));
    // Waits while another process creates or migrates the schema; then reads the version it left.
    if (!exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(SchemaLockId), &sqlError))
        return failed(describe(sqlError));
    bool exists = false;
    {
        // Looked up first: "CREATE TABLE IF NOT EXISTS" would print a NOTICE on every start.
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT to_regclass('egb_schema') IS NOT NULL")) || !q.next())
            return failed(describe(q.lastError()));
        exists = q.value(0).toBool();
    }
    if (!exists && !exec(QStringLiteral("CREATE TABLE egb_schema (component TEXT PRIMARY KEY, "
                                        "version INTEGER NOT NULL)"),
                         &sqlError))
        return failed(describe(sqlError));
    int version = 0;
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT version FROM egb_schema WHERE component = 'keys'")))
            return failed(describe(q.lastError()));
        if (q.next())
            version = q.value(0).toInt();
    }
    const QList<QStringList>& steps = migrations();
    static_assert(SchemaVersion >= 1);
    Q_ASSERT(steps.size() == SchemaVersion);
    if (version > steps.size())
        return failed(tr("the database was made by a newer version of Easy Gemini Balance (key schema %1; this "
                         "version knows up to %2): update the application on this machine")
                          .arg(version)
                          .arg(steps.size()));
    for (int v = version; v < steps.size(); ++v) {
        for (const QString& sql : steps.at(v)) {
            if (!exec(sql, &sqlError))
                return failed(describe(sqlError));
        }
    }
    if (version < steps.size()) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO egb_schema(component, version) VALUES ('keys', ?) "
                                 "ON CONFLICT (component) DO UPDATE SET version = excluded.version"));
        q.addBindValue(int(steps.size()));
        if (!q.exec())
            return failed(describe(q.lastError()));
    }
    // Tokens of writes older than a day can no longer be in doubt.
    QSqlQuery prune(m_db);
    prune.prepare(QStringLiteral("DELETE FROM key_writes WHERE at_ms < ?"));
    prune.addBindValue(QDateTime::currentMSecsSinceEpoch() - 86'400'000);
    if (!prune.exec())
        return failed(describe(prune.lastError()));
    if (!exec(QStringLiteral("COMMIT"), &sqlError))
        return failed(describe(sqlError));
    return true;
}

bool PostgresKeyRepository::open(const PgConnectionInfo& info)
{
    close();
    m_info = info;
    m_problem.clear();
    m_lastError.clear();
    if (!info.isValid()) {
        m_lastError = tr("The team database address is not valid.");
        return false;
    }
    QString error;
    if (!connect(&error) || !migrate(&error) || !listen(&error)) {
        m_lastError = tr("Could not open the team database %1: %2. Check the address, that the server runs and "
                         "lets this machine in, and the password (PGPASSWORD or ~/.pgpass).")
                          .arg(info.displayName(), error);
        m_problem = error;
        const bool password = m_needsPassword;
        close();
        m_needsPassword = password;
        return false;
    }
    m_open = true;
    m_connected = true;
    m_notified = true;
    m_announced.clear();
    m_announcedFrom = -1;
    m_watch.start();
    return true;
}

void PostgresKeyRepository::close()
{
    m_watch.stop();
    m_open = false;
    m_connected = false;
    m_inDoubt.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString PostgresKeyRepository::unavailableMessage() const
{
    return tr("The connection to the team database %1 is lost (%2). Your changes are kept in memory and are saved as "
              "soon as the server can be reached again; it is tried every second.")
        .arg(m_info.displayName(), m_problem);
}

void PostgresKeyRepository::lose(const QString& why)
{
    if (!m_connected)
        return;
    m_connected = false;
    m_problem = why.isEmpty() ? tr("the server closed the connection") : why;
    m_lastError = unavailableMessage();
    m_lastReconnectTry = 0;
    if (m_db.isValid())
        m_db.close(); // drops the socket notifier of the lost connection
    Q_EMIT connectionLost(m_lastError);
}

void PostgresKeyRepository::checkConnection()
{
    if (!m_open)
        return;
    if (m_connected) {
        // libpq marks the connection bad when its socket reports the loss (LISTEN keeps a notifier on it): no query.
        if (!m_db.isOpen())
            lose(describe(m_db.lastError()));
        return;
    }
    ensureConnected();
}

bool PostgresKeyRepository::ensureConnected()
{
    if (!m_open)
        return false;
    if (m_connected) {
        if (m_db.isOpen())
            return true;
        lose(describe(m_db.lastError()));
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastReconnectTry && now - m_lastReconnectTry < m_reconnectMs)
        return false;
    m_lastReconnectTry = now;
    QString error;
    if (!connect(&error) || !listen(&error)) {
        m_problem = error;
        m_lastError = unavailableMessage();
        if (m_db.isValid())
            m_db.close();
        return false;
    }
    m_connected = true;
    m_problem.clear();
    m_lastError.clear();
    // Notifications sent while away are lost: the follower reads by sequence.
    m_notified = true;
    m_announced.clear();
    m_announcedFrom = -1;
    Q_EMIT connectionRestored();
    Q_EMIT changedElsewhere();
    return true;
}

void PostgresKeyRepository::onNotification(const QString& name, int source, const QVariant& payload)
{
    if (name != channel())
        return;
    const QString text = payload.toString();
    const qsizetype space = text.indexOf(QLatin1Char(' '));
    bool ok = false;
    const qint64 seq = text.left(space).toLongLong(&ok);
    if (ok && seq > m_announcedFrom) {
        QList<qint64> ids;
        const QStringView list = QStringView(text).mid(space + 1);
        if (list != u"*") {
            for (QStringView part : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
                ids.append(part.toLongLong());
        }
        m_announced.insert(seq, ids);
    }
    if (source == int(QSqlDriver::OtherSource)) {
        m_notified = true;
        Q_EMIT changedElsewhere();
    }
}

bool PostgresKeyRepository::hasChangesElsewhere()
{
    if (!m_open)
        return false;
    if (!m_connected)
        ensureConnected();
    return m_notified; // cleared by the next read, as SQLite's data_version is compared with the last read
}

bool PostgresKeyRepository::fail(const QSqlError& error)
{
    if (!m_db.isOpen()) {
        lose(describe(error));
        return false;
    }
    m_problem = describe(error);
    m_lastError = tr("Could not save the keys to the team database %1: %2. Your changes are kept in memory only for "
                     "now and will be saved as soon as writing works again.")
                      .arg(m_info.displayName(), m_problem);
    return false;
}

bool PostgresKeyRepository::beginRead(qint64* sequence, QSqlError* error)
{
    if (!exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"), error))
        return false;
    QSqlQuery seq(m_db);
    if (!seq.exec(QStringLiteral("SELECT value FROM key_counters WHERE name = 'sequence'")) || !seq.next()) {
        *error = seq.lastError();
        return false;
    }
    *sequence = seq.value(0).toLongLong();
    return true;
}

void PostgresKeyRepository::readFailed(const QSqlError& error)
{
    exec(QStringLiteral("ROLLBACK"));
    if (!m_db.isOpen())
        lose(describe(error));
    else
        m_lastError =
            tr("Could not read the keys from the team database %1: %2.").arg(m_info.displayName(), describe(error));
}

std::optional<KeySnapshot> PostgresKeyRepository::load()
{
    if (!ensureConnected()) {
        if (m_lastError.isEmpty())
            m_lastError = tr("The team database is not open.");
        return std::nullopt;
    }
    KeySnapshot snapshot;
    m_notified = false;
    auto failed = [this](const QSqlError& error) {
        readFailed(error);
        return std::nullopt;
    };
    QSqlError error;
    qint64 sequenceNow = 0;
    if (!beginRead(&sequenceNow, &error))
        return failed(error);
    snapshot.sequence = sequenceNow;
    {
        QSqlQuery count(m_db);
        if (count.exec(QStringLiteral("SELECT count(*) FROM keys")) && count.next())
            snapshot.keys.reserve(size_t(std::max<qint64>(0, count.value(0).toLongLong())));
    }
    QSqlQuery rows(m_db);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT %1 FROM keys ORDER BY id").arg(QLatin1String(KeySql::columns()))))
        return failed(rows.lastError());
    while (rows.next())
        snapshot.keys.push_back(KeySql::readKey(rows));
    if (rows.lastError().isValid())
        return failed(rows.lastError());
    rows.finish();
    if (!KeySql::readBuckets(m_db, -1, snapshot.buckets, error))
        return failed(error);
    if (!exec(QStringLiteral("COMMIT"), &error))
        return failed(error);
    m_lastSequence = snapshot.sequence;
    m_announced.clear();
    m_announcedFrom = snapshot.sequence;
    return snapshot;
}

std::optional<KeyChanges> PostgresKeyRepository::changesSince(qint64 sequence)
{
    if (!ensureConnected())
        return std::nullopt;
    KeyChanges changes;
    m_notified = false;
    auto failed = [this](const QSqlError& error) {
        readFailed(error);
        return std::nullopt;
    };
    QSqlError error;
    qint64 sequenceNow = 0;
    if (!beginRead(&sequenceNow, &error))
        return failed(error);
    changes.sequence = sequenceNow;
    changes.complete = changes.sequence < sequence; // another database under the same name: read it whole

    // The notifications named the ids of every write since `sequence`: read only those rows.
    QList<qint64> announcedIds;
    bool targeted = !changes.complete && m_announcedFrom == sequence && changes.sequence > sequence;
    for (qint64 s = sequence + 1; targeted && s <= changes.sequence; ++s) {
        const auto it = m_announced.constFind(s);
        if (it == m_announced.cend() || it->isEmpty())
            targeted = false;
        else
            announcedIds += *it;
    }
    if (changes.sequence == sequence && !changes.complete) {
        // nothing to read
    } else if (targeted) {
        std::sort(announcedIds.begin(), announcedIds.end());
        announcedIds.erase(std::unique(announcedIds.begin(), announcedIds.end()), announcedIds.end());
        QSqlQuery rows(m_db);
        rows.setForwardOnly(true);
        rows.prepare(QStringLiteral("SELECT %1 FROM keys WHERE id = ANY(?::bigint[]) ORDER BY id")
                         .arg(QLatin1String(KeySql::columns())));
        rows.addBindValue(idArray(announcedIds));
        if (!rows.exec())
            return failed(rows.lastError());
        QSet<qint64> present;
        while (rows.next()) {
            ApiKey k = KeySql::readKey(rows);
            present.insert(k.id);
            changes.changed.push_back(std::move(k));
        }
        for (qint64 id : std::as_const(announcedIds)) {
            if (!present.contains(id))
                changes.removed.append(id);
        }
    } else {
        QSqlQuery rows(m_db);
        rows.setForwardOnly(true);
        rows.prepare(
            QStringLiteral("SELECT %1 FROM keys WHERE seq > ? ORDER BY id").arg(QLatin1String(KeySql::columns())));
        rows.addBindValue(changes.complete ? qint64(-1) : sequence);
        if (!rows.exec())
            return failed(rows.lastError());
        while (rows.next())
            changes.changed.push_back(KeySql::readKey(rows));
        rows.finish();
        if (!changes.complete) {
            QSqlQuery removed(m_db);
            removed.setForwardOnly(true);
            removed.prepare(QStringLiteral("SELECT id FROM key_removals WHERE seq > ?"));
            removed.addBindValue(sequence);
            if (!removed.exec())
                return failed(removed.lastError());
            while (removed.next())
                changes.removed.append(removed.value(0).toLongLong());
        }
    }
    if (changes.sequence != sequence || changes.complete) {
        if (!KeySql::readBuckets(m_db, changes.complete ? -1 : sequence, changes.buckets, error))
            return failed(error);
    }
    if (!exec(QStringLiteral("COMMIT"), &error))
        return failed(error);
    m_lastSequence = changes.sequence;
    for (auto it = m_announced.begin(); it != m_announced.end();) {
        if (it.key() <= changes.sequence)
            it = m_announced.erase(it);
        else
            ++it;
    }
    m_announcedFrom = changes.sequence;
    return changes;
}

bool PostgresKeyRepository::resolveInDoubt(bool* committed)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM key_writes WHERE token = ?"));
    q.addBindValue(m_inDoubt->token);
    if (!q.exec())
        return false;
    *committed = q.next();
    return true;
}

std::optional<KeyWriteResult> PostgresKeyRepository::write(const KeyWriteBatch& original)
{
    if (!ensureConnected())
        return std::nullopt;
    KeyWriteBatch batch = original;
    // Inserts the doubtful write stored already: reported with their stored ids (in the caller's order).
    QHash<QString, qint64> storedBefore;
    if (m_inDoubt) {
        bool committed = false;
        if (!resolveInDoubt(&committed)) {
            lose(describe(m_db.lastError()));
            return std::nullopt;
        }
        if (committed) {
            // The write went through: what the retry repeats of it must not count twice.
            QHash<qint64, std::pair<qint64, qint64>> counted;
            for (const KeyHealthDelta& h : std::as_const(m_inDoubt->batch.health))
                counted.insert(h.id, {h.addSuccesses, h.addFailures});
            for (KeyHealthDelta& h : batch.health) {
                const auto it = counted.constFind(h.id);
                if (it != counted.cend()) {
                    h.addSuccesses = std::max<qint64>(0, h.addSuccesses - it->first);
                    h.addFailures = std::max<qint64>(0, h.addFailures - it->second);
                }
            }
            // Today's usage of a bucket the doubtful write counted already (of the same day) is not added again.
            QHash<std::pair<QString, QString>, QuotaBucketRecord> usage;
            for (const QuotaBucketRecord& r : std::as_const(m_inDoubt->batch.buckets))
                usage.insert({r.project, r.model}, r);
            for (QuotaBucketRecord& r : batch.buckets) {
                const auto it = usage.constFind({r.project, r.model});
                if (it != usage.cend() && it->dayEndMs == r.dayEndMs) {
                    r.dayRequests -= it->dayRequests;
                    r.dayTokens -= it->dayTokens;
                }
            }
            QStringList secrets;
            for (const ApiKey& k : std::as_const(m_inDoubt->batch.inserts))
                secrets.append(k.secret);
            if (!secrets.isEmpty()) {
                QSqlQuery q(m_db);
                q.prepare(QStringLiteral("SELECT id, secret FROM keys WHERE secret = ANY(?::text[])"));
                QString array = QStringLiteral("{");
                for (qsizetype i = 0; i < secrets.size(); ++i) {
                    if (i)
                        array += QLatin1Char(',');
                    QString s = secrets.at(i);
                    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                        .replace(QLatin1Char('"'), QStringLiteral("\\\""));
                    array += QLatin1Char('"') + s + QLatin1Char('"');
                }
                q.addBindValue(array + QLatin1Char('}'));
                if (!q.exec()) {
                    fail(q.lastError());
                    return std::nullopt;
                }
                while (q.next())
                    storedBefore.insert(q.value(1).toString(), q.value(0).toLongLong());
            }
        }
        m_inDoubt.reset();
    }
    QList<qsizetype> insertIndex; // index in `original.inserts` of each insert still written
    if (!storedBefore.isEmpty()) {
        QList<ApiKey> rest;
        for (qsizetype i = 0; i < batch.inserts.size(); ++i) {
            if (!storedBefore.contains(batch.inserts.at(i).secret)) {
                rest.append(batch.inserts.at(i));
                insertIndex.append(i);
            }
        }
        batch.inserts = rest;
    }

    KeyWriteResult result;
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlError error;
    if (!exec(QStringLiteral("BEGIN"), &error)) {
        fail(error);
        return std::nullopt;
    }
    if (!writeInTransaction(batch, token, result, error)) {
        exec(QStringLiteral("ROLLBACK"));
        fail(error);
        return std::nullopt;
    }
    if (!exec(QStringLiteral("COMMIT"), &error)) {
        if (!m_db.isOpen()) // the answer to COMMIT was lost: it may or may not have happened
            m_inDoubt = InDoubt{token, batch};
        else
            exec(QStringLiteral("ROLLBACK"));
        fail(error);
        return std::nullopt;
    }
    m_problem.clear();
    if (result.caughtUp) {
        m_lastSequence = result.sequence;
        if (m_announcedFrom == result.sequence - 1)
            m_announcedFrom = result.sequence;
    }
    if (!storedBefore.isEmpty()) {
        QList<qint64> ids(original.inserts.size(), 0);
        for (qsizetype i = 0; i < original.inserts.size(); ++i)
            ids[i] = storedBefore.value(original.inserts.at(i).secret, 0);
        for (qsizetype j = 0; j < insertIndex.size() && j < result.insertedIds.size(); ++j)
            ids[insertIndex.at(j)] = result.insertedIds.at(j);
        result.insertedIds = ids;
    }
    return result;
}

bool PostgresKeyRepository::writeInTransaction(const KeyWriteBatch& batch, const QString& token, KeyWriteResult& result,
                                               QSqlError& error)
{
    auto counter = [&](const QString& sql, qint64* value) {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) {
            error = q.lastError();
            return false;
        }
        *value = q.value(0).toLongLong();
        return true;
    };
    // The sequence row stays locked until the commit: writers commit in the order of their sequences.
    qint64 seq = 0;
    if (!counter(QStringLiteral("UPDATE key_counters SET value = value + 1 WHERE name = 'sequence' RETURNING value"),
                 &seq))
        return false;
    result.sequence = seq;
    result.caughtUp = (seq - 1 == m_lastSequence);
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO key_writes(token, at_ms) VALUES (?, ?)"));
        q.addBindValue(token);
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!q.exec()) {
            error = q.lastError();
            return false;
        }
    }
    const KeySql::KeyIdCounter keyId{
        [&](qint64* value) {
            return counter(QStringLiteral("SELECT value FROM key_counters WHERE name = 'key_id' FOR UPDATE"), value);
        },
        [&](qint64 value) {
            QSqlQuery q(m_db);
            q.prepare(
                QStringLiteral("UPDATE key_counters SET value = GREATEST(value, ?::bigint) WHERE name = 'key_id'"));
            q.addBindValue(value);
            if (!q.exec()) {
                error = q.lastError();
                return false;
            }
            return true;
        }};
    if (!KeySql::writeRows(m_db, batch, seq, Sql, keyId, result, error))
        return false;
    if (!batch.removals.isEmpty()) {
        QList<qint64> ids = batch.removals;
        std::sort(ids.begin(), ids.end());
        for (qsizetype start = 0; start < ids.size(); start += IdsPerStatement) {
            const QList<qint64> part = ids.mid(start, IdsPerStatement);
            QSqlQuery del(m_db);
            del.prepare(QStringLiteral("DELETE FROM keys WHERE id = ANY(?::bigint[])"));
            del.addBindValue(idArray(part));
            QSqlQuery tomb(m_db);
            tomb.prepare(QStringLiteral("INSERT INTO key_removals(id, seq) SELECT unnest(?::bigint[]), ?::bigint "
                                        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq"));
            tomb.addBindValue(idArray(part));
            tomb.addBindValue(seq);
            if (!del.exec()) {
                error = del.lastError();
                return false;
            }
            if (!tomb.exec()) {
                error = tomb.lastError();
                return false;
            }
        }
    }
    // The change feed: the ids in the payload when they fit, else "*" (the followers read by sequence).
    const QList<qint64> ids = touchedIds(batch, result.insertedIds);
    QString payload = QString::number(seq) + QLatin1Char(' ');
    QString list;
    for (qsizetype i = 0; i < ids.size() && list.size() < MaxPayload; ++i) {
        if (i)
            list += QLatin1Char(',');
        list += QString::number(ids.at(i));
    }
    payload += (list.size() < MaxPayload && !ids.isEmpty()) ? list : QStringLiteral("*");
    QSqlQuery notify(m_db);
    notify.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    notify.addBindValue(channel());
    notify.addBindValue(payload);
    if (!notify.exec()) {
        error = notify.lastError();
        return false;
    }
    return true;
}

} // namespace egb
