#include "KeySql.h"

#include <QMap>
#include <QSet>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <algorithm>

namespace egb::KeySql {

namespace {

/// The key columns plus seq and edited_seq: the values of one row of an insert, save or edit.
constexpr int RowValues = ColumnCount + 2;

QString greatest(Dialect dialect)
{
    return dialect == Dialect::Postgres ? QStringLiteral("GREATEST") : QStringLiteral("MAX");
}

/// PostgreSQL cannot infer the types of VALUES in a CTE from bare parameters: it is told.
QStringList keyRowTypes(Dialect dialect)
{
    if (dialect != Dialect::Postgres)
        return {};
    return {QStringLiteral("bigint"),  QStringLiteral("text"),    QStringLiteral("text"),
            QStringLiteral("text"),    QStringLiteral("text"),    QStringLiteral("double precision"),
            QStringLiteral("integer"), QStringLiteral("bigint"),  QStringLiteral("bigint"),
            QStringLiteral("integer"), QStringLiteral("text"),    QStringLiteral("bigint"),
            QStringLiteral("bigint"),  QStringLiteral("integer"), QStringLiteral("text"),
            QStringLiteral("integer"), QStringLiteral("bigint"),  QStringLiteral("integer"),
            QStringLiteral("bigint"),  QStringLiteral("bigint")};
}

QStringList healthRowTypes(Dialect dialect)
{
    if (dialect != Dialect::Postgres)
        return {};
    return {QStringLiteral("bigint"),  QStringLiteral("bigint"),           QStringLiteral("bigint"),
            QStringLiteral("bigint"),  QStringLiteral("bigint"),           QStringLiteral("text"),
            QStringLiteral("bigint"),  QStringLiteral("double precision"), QStringLiteral("integer"),
            QStringLiteral("integer"), QStringLiteral("integer"),          QStringLiteral("integer"),
            QStringLiteral("text"),    QStringLiteral("bigint"),           QStringLiteral("text"),
            QStringLiteral("bigint")};
}

} // namespace

const char* columns()
{
    return "id,secret,label,group_name,status,weight,consecutive_failures,total_failures,"
           "total_successes,last_http_status,last_error,last_used_ms,cooldown_until_ms,"
           "rate_limit_streak,disabled_reason,rpm_limit,added_ms,server_fault_streak";
}

int rowsPerStatement(int valuesPerRow)
{
    return std::max(1, 900 / std::max(1, valuesPerRow));
}

QString valueRows(int rows, int perRow, const QStringList& types)
{
    QString one = QStringLiteral("(");
    for (int c = 0; c < perRow; ++c) {
        if (c)
            one += QLatin1Char(',');
        one += QLatin1Char('?');
        if (c < types.size())
            one += QStringLiteral("::") + types.at(c);
    }
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

ApiKey readKey(const QSqlQuery& q, int first)
{
    ApiKey k;
    k.id = q.value(first + 0).toLongLong();
    k.secret = q.value(first + 1).toString();
    k.label = q.value(first + 2).toString();
    k.group = q.value(first + 3).toString();
    bool ok = false;
    k.status = ApiKey::statusFromName(q.value(first + 4).toString(), &ok);
    if (!ok)
        k.status = KeyStatus::Active;
    k.weight = q.value(first + 5).toDouble();
    k.consecutiveFailures = q.value(first + 6).toInt();
    k.totalFailures = q.value(first + 7).toLongLong();
    k.totalSuccesses = q.value(first + 8).toLongLong();
    k.lastHttpStatus = q.value(first + 9).toInt();
    k.lastError = q.value(first + 10).toString();
    k.lastUsedMs = q.value(first + 11).toLongLong();
    k.cooldownUntilMs = q.value(first + 12).toLongLong();
    k.rateLimitStreak = q.value(first + 13).toInt();
    k.disabledReason = q.value(first + 14).toString();
    k.rpmLimit = q.value(first + 15).toInt();
    k.addedMs = q.value(first + 16).toLongLong();
    k.serverFaultStreak = q.value(first + 17).toInt();
    return k;
}

QString insertSql(int rows, Dialect dialect)
{
    return QStringLiteral("INSERT INTO keys(%1,seq,edited_seq) VALUES %2 ON CONFLICT DO NOTHING RETURNING id")
        .arg(QLatin1String(columns()), valueRows(rows, RowValues, keyRowTypes(dialect)));
}

QString saveSql(int rows, Dialect dialect)
{
    return QStringLiteral("INSERT INTO keys(%1,seq,edited_seq) VALUES %2 ON CONFLICT(id) DO UPDATE SET "
                          "secret=excluded.secret,label=excluded.label,group_name=excluded.group_name,"
                          "status=excluded.status,weight=excluded.weight,"
                          "consecutive_failures=excluded.consecutive_failures,"
                          "total_failures=excluded.total_failures,total_successes=excluded.total_successes,"
                          "last_http_status=excluded.last_http_status,last_error=excluded.last_error,"
                          "last_used_ms=excluded.last_used_ms,cooldown_until_ms=excluded.cooldown_until_ms,"
                          "rate_limit_streak=excluded.rate_limit_streak,disabled_reason=excluded.disabled_reason,"
                          "rpm_limit=excluded.rpm_limit,added_ms=excluded.added_ms,"
                          "server_fault_streak=excluded.server_fault_streak,seq=excluded.seq,"
                          "edited_seq=excluded.edited_seq")
        .arg(QLatin1String(columns()), valueRows(rows, RowValues, keyRowTypes(dialect)));
}

QString editSql(int rows, KeyFields fields, Dialect dialect)
{
    QStringList columns;
    auto take = [&columns](const char* column) { columns << QLatin1String(column); };
    if (fields & KeyField::Label)
        take("label");
    if (fields & KeyField::Group)
        take("group_name");
    if (fields & KeyField::RpmLimit)
        take("rpm_limit");
    if (fields & KeyField::Status) {
        take("status");
        take("disabled_reason");
        take("cooldown_until_ms");
    }
    if (fields & KeyField::Streaks) {
        take("rate_limit_streak");
        take("server_fault_streak");
    }
    if (fields & KeyField::Health) {
        take("weight");
        take("consecutive_failures");
        take("last_http_status");
        take("last_error");
    }
    if (fields & KeyField::Counters) {
        take("total_successes");
        take("total_failures");
    }
    QStringList values;
    for (const QString& c : std::as_const(columns))
        values << QStringLiteral("d.") + c;
    columns << QStringLiteral("seq") << QStringLiteral("edited_seq");
    values << QStringLiteral("d.seq") << QStringLiteral("d.seq");
    // Driven by the ids (WHERE id IN ...), each row found by its key: the cost follows the edits, not the table.
    return QStringLiteral("WITH d(%1,seq,edited_seq) AS (VALUES %2) UPDATE keys SET (%3) = (SELECT %4 FROM d WHERE "
                          "d.id = keys.id) WHERE keys.id IN (SELECT id FROM d)")
        .arg(QLatin1String(KeySql::columns()), valueRows(rows, RowValues, keyRowTypes(dialect)),
             columns.join(QLatin1Char(',')), values.join(QLatin1Char(',')));
}

QString healthSql(int rows, Dialect dialect)
{
    // Every expression reads the row as it was before this statement (SQL's rule for UPDATE). Driven by the ids
    // (WHERE id IN ...), each row found by its key: the cost follows the deltas, not the table.
    const QString max = greatest(dialect);
    const QString personWon = QStringLiteral("keys.edited_seq > d.known");
    return QStringLiteral(
               "WITH d(id,add_s,add_f,known,now_ms,status,cooldown,weight,cf,rls,sfs,lhs,lerr,lused,reason,seq) AS "
               "(VALUES %1) UPDATE keys SET (total_successes,total_failures,last_used_ms,status,cooldown_until_ms,"
               "disabled_reason,weight,consecutive_failures,rate_limit_streak,server_fault_streak,last_http_status,"
               "last_error,seq) = (SELECT "
               "keys.total_successes + d.add_s,"
               "keys.total_failures + d.add_f,"
               "%2(keys.last_used_ms, d.lused),"
               "CASE WHEN %3 THEN keys.status"
               " WHEN keys.status = 'disabled' OR d.status = 'disabled' THEN 'disabled'"
               " WHEN d.status = 'cooling_down' THEN 'cooling_down'"
               " WHEN keys.status = 'cooling_down' AND keys.cooldown_until_ms > d.now_ms THEN 'cooling_down'"
               " ELSE 'active' END,"
               "CASE WHEN %3 THEN keys.cooldown_until_ms"
               " WHEN keys.status = 'disabled' OR d.status = 'disabled' THEN 0"
               " WHEN d.status = 'cooling_down' THEN %2(keys.cooldown_until_ms, d.cooldown)"
               " WHEN keys.status = 'cooling_down' AND keys.cooldown_until_ms > d.now_ms THEN keys.cooldown_until_ms"
               " ELSE 0 END,"
               "CASE WHEN %3 OR keys.status = 'disabled' THEN keys.disabled_reason ELSE d.reason END,"
               "CASE WHEN %3 THEN keys.weight ELSE d.weight END,"
               "CASE WHEN %3 THEN keys.consecutive_failures ELSE d.cf END,"
               "CASE WHEN %3 THEN keys.rate_limit_streak ELSE d.rls END,"
               "CASE WHEN %3 THEN keys.server_fault_streak ELSE d.sfs END,"
               "CASE WHEN %3 THEN keys.last_http_status ELSE d.lhs END,"
               "CASE WHEN %3 THEN keys.last_error ELSE d.lerr END,"
               "d.seq "
               "FROM d WHERE d.id = keys.id) WHERE keys.id IN (SELECT id FROM d)")
        .arg(valueRows(rows, HealthValuesPerRow, healthRowTypes(dialect)), max, personWon);
}

void bindHealth(QSqlQuery& q, int& pos, const KeyHealthDelta& delta, qint64 sequence)
{
    const ApiKey& k = delta.state;
    q.bindValue(pos++, delta.id);
    q.bindValue(pos++, delta.addSuccesses);
    q.bindValue(pos++, delta.addFailures);
    q.bindValue(pos++, delta.knownSequence);
    q.bindValue(pos++, delta.nowMs);
    q.bindValue(pos++, ApiKey::statusName(k.status));
    q.bindValue(pos++, k.cooldownUntilMs);
    q.bindValue(pos++, k.weight);
    q.bindValue(pos++, k.consecutiveFailures);
    q.bindValue(pos++, k.rateLimitStreak);
    q.bindValue(pos++, k.serverFaultStreak);
    q.bindValue(pos++, k.lastHttpStatus);
    q.bindValue(pos++, k.lastError);
    q.bindValue(pos++, k.lastUsedMs);
    q.bindValue(pos++, k.disabledReason);
    q.bindValue(pos++, sequence);
}

const char* bucketColumns()
{
    return "project,model,cooldown_until_ms,daily_until_ms,quota_id,not_offered,learned_limit,learned_window_ms,"
           "slack_ms,day_end_ms,day_requests,day_tokens,seq";
}

QString bucketSql(int rows, bool learned, Dialect dialect)
{
    // Every expression reads the stored row as it was before this statement; `excluded` is the change.
    const QString max = greatest(dialect);
    QString sql = QStringLiteral(
                      "INSERT INTO quota_buckets(%1) VALUES %2 ON CONFLICT(project, model) DO UPDATE SET "
                      "cooldown_until_ms=%3(quota_buckets.cooldown_until_ms, excluded.cooldown_until_ms),"
                      "daily_until_ms=%3(quota_buckets.daily_until_ms, excluded.daily_until_ms),"
                      "quota_id=CASE WHEN excluded.quota_id <> '' THEN excluded.quota_id ELSE quota_buckets.quota_id "
                      "END,"
                      "day_requests=CASE WHEN excluded.day_end_ms > quota_buckets.day_end_ms THEN excluded.day_requests"
                      " WHEN excluded.day_end_ms = quota_buckets.day_end_ms THEN quota_buckets.day_requests + "
                      "excluded.day_requests ELSE quota_buckets.day_requests END,"
                      "day_tokens=CASE WHEN excluded.day_end_ms > quota_buckets.day_end_ms THEN excluded.day_tokens"
                      " WHEN excluded.day_end_ms = quota_buckets.day_end_ms THEN quota_buckets.day_tokens + "
                      "excluded.day_tokens ELSE quota_buckets.day_tokens END,"
                      "day_end_ms=%3(quota_buckets.day_end_ms, excluded.day_end_ms),")
                      .arg(QLatin1String(bucketColumns()), valueRows(rows, BucketValuesPerRow), max);
    if (learned)
        sql += QStringLiteral("not_offered=excluded.not_offered,learned_limit=excluded.learned_limit,"
                              "learned_window_ms=excluded.learned_window_ms,slack_ms=excluded.slack_ms,");
    return sql + QStringLiteral("seq=excluded.seq");
}

void bindBucket(QSqlQuery& q, int& pos, const QuotaBucketRecord& r, qint64 sequence)
{
    q.bindValue(pos++, r.project);
    q.bindValue(pos++, r.model);
    q.bindValue(pos++, r.cooldownUntilMs);
    q.bindValue(pos++, r.dailyUntilMs);
    q.bindValue(pos++, r.quotaId.isNull() ? QStringLiteral("") : r.quotaId); // the column is NOT NULL
    q.bindValue(pos++, int(r.notOffered));
    q.bindValue(pos++, r.learnedLimit);
    q.bindValue(pos++, r.learnedWindowMs);
    q.bindValue(pos++, r.slackMs);
    q.bindValue(pos++, r.dayEndMs);
    q.bindValue(pos++, r.dayRequests);
    q.bindValue(pos++, r.dayTokens);
    q.bindValue(pos++, sequence);
}

QuotaBucketRecord readBucket(const QSqlQuery& q, int first)
{
    QuotaBucketRecord r;
    r.project = q.value(first + 0).toString();
    r.model = q.value(first + 1).toString();
    r.cooldownUntilMs = q.value(first + 2).toLongLong();
    r.dailyUntilMs = q.value(first + 3).toLongLong();
    r.quotaId = q.value(first + 4).toString();
    r.notOffered = q.value(first + 5).toInt() != 0;
    r.learnedLimit = q.value(first + 6).toInt();
    r.learnedWindowMs = q.value(first + 7).toLongLong();
    r.slackMs = q.value(first + 8).toLongLong();
    r.dayEndMs = q.value(first + 9).toLongLong();
    r.dayRequests = q.value(first + 10).toLongLong();
    r.dayTokens = q.value(first + 11).toLongLong();
    return r;
}

bool readBuckets(QSqlDatabase db, qint64 sequence, QList<QuotaBucketRecord>& out, QSqlError& error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM quota_buckets WHERE seq > ? ORDER BY project, model")
                       .arg(QLatin1String(bucketColumns())))) {
        error = q.lastError();
        return false;
    }
    q.addBindValue(sequence);
    if (!q.exec()) {
        error = q.lastError();
        return false;
    }
    while (q.next())
        out.append(readBucket(q));
    if (q.lastError().isValid()) {
        error = q.lastError();
        return false;
    }
    return true;
}

bool writeRows(QSqlDatabase db, const KeyWriteBatch& batch, qint64 seq, Dialect dialect, const KeyIdCounter& keyId,
               KeyWriteResult& result, QSqlError& error)
{
    auto bindRow = [seq](QSqlQuery& q, int& pos, const ApiKey& k) {
        bindKey(q, pos, k);
        q.bindValue(pos++, seq);
        q.bindValue(pos++, qint64(0));
    };
    auto noRows = [](QSqlQuery&) {};

    if (!batch.saves.isEmpty()) {
        qint64 maxId = 0;
        for (const ApiKey& k : batch.saves)
            maxId = std::max(maxId, k.id);
        if (!chunked(
                db, batch.saves, RowValues, [dialect](int n) { return saveSql(n, dialect); },
                [seq](QSqlQuery& q, int& pos, const ApiKey& k) {
                    bindKey(q, pos, k);
                    q.bindValue(pos++, seq);
                    q.bindValue(pos++, seq);
                },
                noRows, error))
            return false;
        if (!keyId.raise(maxId))
            return false;
    }
    if (!batch.inserts.isEmpty()) {
        qint64 lastId = 0;
        if (!keyId.read(&lastId))
            return false;
        // An id a key already has (kept in memory while writing failed) is kept when no key ever had it.
        QList<ApiKey> rows = batch.inserts;
        qint64 next = lastId;
        for (const ApiKey& k : std::as_const(rows)) {
            if (k.id > lastId)
                next = std::max(next, k.id);
        }
        QSet<qint64> used;
        for (ApiKey& k : rows) {
            if (k.id > lastId && !used.contains(k.id))
                used.insert(k.id);
            else
                k.id = ++next;
        }
        QSet<qint64> inserted;
        if (!chunked(
                db, rows, RowValues, [dialect](int n) { return insertSql(n, dialect); }, bindRow,
                [&inserted](QSqlQuery& q) {
                    while (q.next())
                        inserted.insert(q.value(0).toLongLong());
                },
                error))
            return false;
        if (!keyId.raise(next))
            return false;
        result.insertedIds.reserve(rows.size());
        for (const ApiKey& k : std::as_const(rows))
            result.insertedIds.append(inserted.contains(k.id) ? k.id : 0);
    }
    if (!batch.edits.isEmpty()) {
        QMap<quint32, QList<ApiKey>> byFields;
        for (const KeyEdit& e : batch.edits)
            byFields[quint32(e.fields.toInt())].append(e.key);
        for (auto it = byFields.cbegin(); it != byFields.cend(); ++it) {
            const KeyFields fields = KeyFields::fromInt(int(it.key()));
            if (!chunked(
                    db, it.value(), RowValues, [fields, dialect](int n) { return editSql(n, fields, dialect); },
                    bindRow, noRows, error))
                return false;
        }
    }
    if (!batch.health.isEmpty()) {
        if (!chunked(
                db, batch.health, HealthValuesPerRow, [dialect](int n) { return healthSql(n, dialect); },
                [seq](QSqlQuery& q, int& pos, const KeyHealthDelta& d) { bindHealth(q, pos, d, seq); }, noRows, error))
            return false;
    }
    if (batch.replaceBuckets) {
        QSqlQuery drop(db);
        if (!drop.exec(QStringLiteral("DELETE FROM quota_buckets"))) {
            error = drop.lastError();
            return false;
        }
    }
    for (const bool learned : {false, true}) {
        QList<QuotaBucketRecord> rows;
        for (const QuotaBucketRecord& r : batch.buckets) {
            if (r.learnedChanged == learned)
                rows.append(r);
        }
        if (!rows.isEmpty() &&
            !chunked(
                db, rows, BucketValuesPerRow, [learned, dialect](int n) { return bucketSql(n, learned, dialect); },
                [seq](QSqlQuery& q, int& pos, const QuotaBucketRecord& r) { bindBucket(q, pos, r, seq); }, noRows,
                error))
            return false;
    }
    return true;
}

} // namespace egb::KeySql
