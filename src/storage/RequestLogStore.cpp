#include "RequestLogStore.h"

#include "ComponentSchema.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <climits>
#include <tuple>

namespace egb {

namespace {

const ComponentSchema::Steps& schemaSteps()
{
    static const ComponentSchema::Steps steps{
        {QStringLiteral("CREATE TABLE IF NOT EXISTS request_log ("
                        "id INTEGER PRIMARY KEY,"
                        "time_ms BIGINT NOT NULL,"
                        "source TEXT NOT NULL,"
                        "model TEXT NOT NULL,"
                        "key_id BIGINT NOT NULL,"
                        "key_masked TEXT NOT NULL,"
                        "project TEXT NOT NULL,"
                        "class TEXT NOT NULL,"
                        "http_status INTEGER NOT NULL,"
                        "reason TEXT NOT NULL,"
                        "message TEXT NOT NULL,"
                        "latency_ms BIGINT NOT NULL,"
                        "attempt INTEGER NOT NULL,"
                        "dispatch_id BIGINT NOT NULL,"
                        "prompt_tokens BIGINT NOT NULL,"
                        "answer_tokens BIGINT NOT NULL,"
                        "thinking_tokens BIGINT NOT NULL,"
                        "capture TEXT)"),
         QStringLiteral("CREATE INDEX IF NOT EXISTS request_log_time ON request_log(time_ms)"),
         QStringLiteral("CREATE TABLE IF NOT EXISTS request_minutes ("
                        "minute BIGINT NOT NULL,"
                        "model TEXT NOT NULL,"
                        "class TEXT NOT NULL,"
                        "attempts BIGINT NOT NULL,"
                        "prompt_tokens BIGINT NOT NULL,"
                        "answer_tokens BIGINT NOT NULL,"
                        "thinking_tokens BIGINT NOT NULL,"
                        "PRIMARY KEY (minute, model, class))"),
         QStringLiteral("CREATE TABLE IF NOT EXISTS request_key_hours ("
                        "hour BIGINT NOT NULL,"
                        "key_id BIGINT NOT NULL,"
                        "model TEXT NOT NULL,"
                        "key_masked TEXT NOT NULL,"
                        "project TEXT NOT NULL,"
                        "attempts BIGINT NOT NULL,"
                        "failures BIGINT NOT NULL,"
                        "prompt_tokens BIGINT NOT NULL,"
                        "answer_tokens BIGINT NOT NULL,"
                        "thinking_tokens BIGINT NOT NULL,"
                        "PRIMARY KEY (hour, key_id, model))"),
         QStringLiteral("CREATE INDEX IF NOT EXISTS request_key_hours_key ON request_key_hours(key_id, hour)"),
         QStringLiteral("CREATE TABLE IF NOT EXISTS model_prices ("
                        "model TEXT PRIMARY KEY,"
                        "input_per_million DOUBLE PRECISION NOT NULL,"
                        "output_per_million DOUBLE PRECISION NOT NULL)"),
         QStringLiteral(
             "CREATE TABLE IF NOT EXISTS request_log_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)")},
        // 2: hourly roll-ups by model and class (long ranges draw from ~720 hours, not 43,200 minutes; the minutes
        // are kept two days only) and daily roll-ups by key instead of hourly ones (30 days x keys x models rows,
        // not 720 hours x keys x models). Both filled from the attempts already logged.
        {QStringLiteral("CREATE TABLE IF NOT EXISTS request_hours ("
                        "hour BIGINT NOT NULL,"
                        "model TEXT NOT NULL,"
                        "class TEXT NOT NULL,"
                        "attempts BIGINT NOT NULL,"
                        "prompt_tokens BIGINT NOT NULL,"
                        "answer_tokens BIGINT NOT NULL,"
                        "thinking_tokens BIGINT NOT NULL,"
                        "PRIMARY KEY (hour, model, class))"),
         QStringLiteral("INSERT INTO request_hours (hour,model,class,attempts,prompt_tokens,answer_tokens,"
                        "thinking_tokens) SELECT time_ms / 3600000, model, class, COUNT(*), SUM(prompt_tokens), "
                        "SUM(answer_tokens), SUM(thinking_tokens) FROM request_log "
                        "GROUP BY time_ms / 3600000, model, class"),
         QStringLiteral("CREATE TABLE IF NOT EXISTS request_key_days ("
                        "day BIGINT NOT NULL,"
                        "key_id BIGINT NOT NULL,"
                        "model TEXT NOT NULL,"
                        "key_masked TEXT NOT NULL,"
                        "project TEXT NOT NULL,"
                        "attempts BIGINT NOT NULL,"
                        "failures BIGINT NOT NULL,"
                        "prompt_tokens BIGINT NOT NULL,"
                        "answer_tokens BIGINT NOT NULL,"
                        "thinking_tokens BIGINT NOT NULL,"
                        "PRIMARY KEY (day, key_id, model))"),
         QStringLiteral("INSERT INTO request_key_days (day,key_id,model,key_masked,project,attempts,failures,"
                        "prompt_tokens,answer_tokens,thinking_tokens) SELECT time_ms / 86400000, key_id, model, "
                        "MAX(key_masked), MAX(project), COUNT(*), SUM(CASE WHEN class = 'success' THEN 0 ELSE 1 END), "
                        "SUM(prompt_tokens), SUM(answer_tokens), SUM(thinking_tokens) FROM request_log "
                        "GROUP BY time_ms / 86400000, key_id, model"),
         QStringLiteral("CREATE INDEX IF NOT EXISTS request_key_days_key ON request_key_days(key_id, day)"),
         QStringLiteral("DROP TABLE IF EXISTS request_key_hours")},
    };
    return steps;
}

const char* const EntryColumns = "id,time_ms,source,model,key_id,key_masked,project,class,http_status,reason,message,"
                                 "latency_ms,attempt,dispatch_id,prompt_tokens,answer_tokens,thinking_tokens,capture";

QString className(OutcomeClass kind)
{
    return Outcome::className(kind);
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

RequestLogEntry readEntry(const QSqlQuery& q)
{
    RequestLogEntry e;
    e.id = q.value(0).toLongLong();
    e.timeMs = q.value(1).toLongLong();
    e.source = RequestLogEntry::sourceFromName(q.value(2).toString()).value_or(RequestSource::Other);
    e.model = q.value(3).toString();
    e.keyId = q.value(4).toLongLong();
    e.keyMasked = q.value(5).toString();
    e.project = q.value(6).toString();
    e.kind = RequestLogEntry::classFromName(q.value(7).toString()).value_or(OutcomeClass::ServerError);
    e.httpStatus = q.value(8).toInt();
    e.reason = q.value(9).toString();
    e.message = q.value(10).toString();
    e.latencyMs = q.value(11).toLongLong();
    e.attempt = q.value(12).toInt();
    e.dispatchId = q.value(13).toULongLong();
    e.promptTokens = q.value(14).toInt();
    e.answerTokens = q.value(15).toInt();
    e.thinkingTokens = q.value(16).toInt();
    e.capture = q.value(17).toString();
    return e;
}

void addCost(UsageRow& row, const PriceTable& prices, const QString& model, qint64 prompt, qint64 answer,
             qint64 thinking)
{
    if (const std::optional<double> c = prices.cost(model, prompt, answer, thinking))
        row.cost = row.cost.value_or(0.0) + *c;
}

} // namespace

// --- PriceTable ---------------------------------------------------------------------------------------------------

PriceTable::PriceTable(const QList<ModelPrice>& prices)
{
    for (const ModelPrice& p : prices)
        m_prices.insert(p.model, p);
}

std::optional<ModelPrice> PriceTable::find(const QString& model) const
{
    const auto exact = m_prices.constFind(model);
    if (exact != m_prices.cend())
        return *exact;
    std::optional<ModelPrice> best;
    for (const ModelPrice& p : m_prices) {
        if (!p.model.isEmpty() && model.startsWith(p.model) && (!best || p.model.size() > best->model.size()))
            best = p;
    }
    return best;
}

std::optional<double> PriceTable::cost(const QString& model, qint64 promptTokens, qint64 answerTokens,
                                       qint64 thinkingTokens) const
{
    const std::optional<ModelPrice> price = find(model);
    if (!price)
        return std::nullopt;
    return (double(promptTokens) * price->inputPerMillion +
            double(answerTokens + thinkingTokens) * price->outputPerMillion) /
           1'000'000.0;
}

// --- RequestLogStore ----------------------------------------------------------------------------------------------

bool RequestLogStore::fail(const QString& what, const QString& sqlError) const
{
    m_lastError = what + QStringLiteral(": ") + sqlError;
    return false;
}

bool RequestLogStore::open(const QString& connectionName)
{
    m_connection.clear();
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.isOpen())
        return fail(QStringLiteral("open request log"), QStringLiteral("the database is not open"));
    QString error;
    if (!ComponentSchema::migrate(db, QStringLiteral("requestlog"), schemaSteps(), &error))
        return fail(QStringLiteral("request log tables"), error);
    m_connection = connectionName;
    m_lastError.clear();
    return true;
}

bool RequestLogStore::append(QList<RequestLogEntry>& entries)
{
    if (entries.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return fail(QStringLiteral("write request log"), QStringLiteral("the database is not open"));
    if (!db.transaction())
        return fail(QStringLiteral("write request log"), db.lastError().text());

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO request_log (time_ms,source,model,key_id,key_masked,project,class,"
                                  "http_status,reason,message,latency_ms,attempt,dispatch_id,prompt_tokens,"
                                  "answer_tokens,thinking_tokens,capture) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    struct Sums
    {
        qint64 attempts = 0, failures = 0, prompt = 0, answer = 0, thinking = 0;
        QString masked, project;
    };
    QMap<std::tuple<qint64, QString, QString>, Sums> minutes; // (minute, model, class)
    QMap<std::tuple<qint64, QString, QString>, Sums> hours;   // (hour, model, class)
    QMap<std::tuple<qint64, qint64, QString>, Sums> keyDays;  // (day, key, model)
    for (RequestLogEntry& e : entries) {
        insert.addBindValue(e.timeMs);
        insert.addBindValue(RequestLogEntry::sourceName(e.source));
        insert.addBindValue(e.model.isNull() ? QString(QLatin1String("")) : e.model);
        insert.addBindValue(e.keyId);
        insert.addBindValue(e.keyMasked.isNull() ? QString(QLatin1String("")) : e.keyMasked);
        insert.addBindValue(e.project.isNull() ? QString(QLatin1String("")) : e.project);
        insert.addBindValue(className(e.kind));
        insert.addBindValue(e.httpStatus);
        insert.addBindValue(e.reason.isNull() ? QString(QLatin1String("")) : e.reason);
        insert.addBindValue(e.message.isNull() ? QString(QLatin1String("")) : e.message);
        insert.addBindValue(e.latencyMs);
        insert.addBindValue(e.attempt);
        insert.addBindValue(qint64(e.dispatchId));
        insert.addBindValue(e.promptTokens);
        insert.addBindValue(e.answerTokens);
        insert.addBindValue(e.thinkingTokens);
        insert.addBindValue(e.capture.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.capture));
        if (!insert.exec()) {
            const QString error = insert.lastError().text();
            db.rollback();
            return fail(QStringLiteral("write request log"), error);
        }
        e.id = insert.lastInsertId().toLongLong();
        Sums& m = minutes[{floorDiv(e.timeMs, MinuteMs), e.model, className(e.kind)}];
        ++m.attempts;
        m.prompt += e.promptTokens;
        m.answer += e.answerTokens;
        m.thinking += e.thinkingTokens;
        Sums& h = hours[{floorDiv(e.timeMs, HourMs), e.model, className(e.kind)}];
        ++h.attempts;
        h.prompt += e.promptTokens;
        h.answer += e.answerTokens;
        h.thinking += e.thinkingTokens;
        Sums& k = keyDays[{floorDiv(e.timeMs, DayMs), e.keyId, e.model}];
        ++k.attempts;
        k.failures += e.failed() ? 1 : 0;
        k.prompt += e.promptTokens;
        k.answer += e.answerTokens;
        k.thinking += e.thinkingTokens;
        k.masked = e.keyMasked;
        k.project = e.project;
    }

    const auto empty = [](const QString& text) { return text.isNull() ? QString(QLatin1String("")) : text; };
    // The roll-ups by model and class: minutes and hours alike.
    const auto upsertByClass = [&](const QString& table, const QString& unit,
                                   const QMap<std::tuple<qint64, QString, QString>, Sums>& rows) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO %1 (%2,model,class,attempts,prompt_tokens,answer_tokens,thinking_tokens) "
                                 "VALUES (?,?,?,?,?,?,?) ON CONFLICT (%2,model,class) DO UPDATE SET "
                                 "attempts = %1.attempts + excluded.attempts,"
                                 "prompt_tokens = %1.prompt_tokens + excluded.prompt_tokens,"
                                 "answer_tokens = %1.answer_tokens + excluded.answer_tokens,"
                                 "thinking_tokens = %1.thinking_tokens + excluded.thinking_tokens")
                      .arg(table, unit));
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            const auto& [when, model, kind] = it.key();
            q.addBindValue(when);
            q.addBindValue(empty(model));
            q.addBindValue(kind);
            q.addBindValue(it->attempts);
            q.addBindValue(it->prompt);
            q.addBindValue(it->answer);
            q.addBindValue(it->thinking);
            if (!q.exec()) {
                m_lastError = QStringLiteral("write request log roll-up: ") + q.lastError().text();
                return false;
            }
        }
        return true;
    };
    if (!upsertByClass(QStringLiteral("request_minutes"), QStringLiteral("minute"), minutes) ||
        !upsertByClass(QStringLiteral("request_hours"), QStringLiteral("hour"), hours)) {
        db.rollback();
        return false;
    }
    QSqlQuery day(db);
    day.prepare(QStringLiteral(
        "INSERT INTO request_key_days (day,key_id,model,key_masked,project,attempts,failures,prompt_tokens,"
        "answer_tokens,thinking_tokens) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (day,key_id,model) DO UPDATE SET "
        "key_masked = excluded.key_masked, project = excluded.project,"
        "attempts = request_key_days.attempts + excluded.attempts,"
        "failures = request_key_days.failures + excluded.failures,"
        "prompt_tokens = request_key_days.prompt_tokens + excluded.prompt_tokens,"
        "answer_tokens = request_key_days.answer_tokens + excluded.answer_tokens,"
        "thinking_tokens = request_key_days.thinking_tokens + excluded.thinking_tokens"));
    for (auto it = keyDays.cbegin(); it != keyDays.cend(); ++it) {
        const auto& [d, keyId, model] = it.key();
        day.addBindValue(d);
        day.addBindValue(keyId);
        day.addBindValue(empty(model));
        day.addBindValue(empty(it->masked));
        day.addBindValue(empty(it->project));
        day.addBindValue(it->attempts);
        day.addBindValue(it->failures);
        day.addBindValue(it->prompt);
        day.addBindValue(it->answer);
        day.addBindValue(it->thinking);
        if (!day.exec()) {
            const QString error = day.lastError().text();
            db.rollback();
            return fail(QStringLiteral("write request log roll-up"), error);
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return fail(QStringLiteral("write request log"), error);
    }
    return true;
}

qint64 RequestLogStore::prune(qint64 cutoffMs)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen()) {
        fail(QStringLiteral("prune request log"), QStringLiteral("the database is not open"));
        return -1;
    }
    if (!db.transaction()) {
        fail(QStringLiteral("prune request log"), db.lastError().text());
        return -1;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM request_log WHERE time_ms < ?"));
    q.addBindValue(cutoffMs);
    if (!q.exec()) {
        const QString error = q.lastError().text();
        db.rollback();
        fail(QStringLiteral("prune request log"), error);
        return -1;
    }
    const qint64 deleted = q.numRowsAffected();
    // A roll-up minute (hour) goes once all of it is older than the cutoff: minute m covers [m, m+1) minutes.
    const QList<QPair<QString, qint64>> rollups{
        {QStringLiteral("DELETE FROM request_minutes WHERE minute < ?"), floorDiv(cutoffMs, MinuteMs)},
        {QStringLiteral("DELETE FROM request_hours WHERE hour < ?"), floorDiv(cutoffMs, HourMs)},
        {QStringLiteral("DELETE FROM request_key_days WHERE day < ?"), floorDiv(cutoffMs, DayMs)}};
    for (const auto& [sql, bound] : rollups) {
        QSqlQuery r(db);
        r.prepare(sql);
        r.addBindValue(bound);
        if (!r.exec()) {
            const QString error = r.lastError().text();
            db.rollback();
            fail(QStringLiteral("prune request log"), error);
            return -1;
        }
    }
    if (!db.commit()) {
        fail(QStringLiteral("prune request log"), db.lastError().text());
        db.rollback();
        return -1;
    }
    return deleted;
}

bool RequestLogStore::pruneMinutes(qint64 beforeMs)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM request_minutes WHERE minute < ?"));
    q.addBindValue(floorDiv(beforeMs, MinuteMs));
    if (!q.exec())
        return fail(QStringLiteral("prune request log minutes"), q.lastError().text());
    return true;
}

QList<RequestLogEntry> RequestLogStore::entries(const RequestLogFilter& filter) const
{
    QList<RequestLogEntry> rows;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return rows;
    QString sql = QStringLiteral("SELECT %1 FROM request_log WHERE time_ms >= ?").arg(QLatin1String(EntryColumns));
    QVariantList binds{filter.sinceMs};
    if (filter.untilMs > 0) {
        sql += QStringLiteral(" AND time_ms < ?");
        binds << filter.untilMs;
    }
    if (filter.keyId != 0) {
        sql += QStringLiteral(" AND key_id = ?");
        binds << filter.keyId;
    }
    if (!filter.model.isEmpty()) {
        sql += QStringLiteral(" AND model = ?");
        binds << filter.model;
    }
    if (filter.source) {
        sql += QStringLiteral(" AND source = ?");
        binds << RequestLogEntry::sourceName(*filter.source);
    }
    if (filter.kind) {
        sql += QStringLiteral(" AND class = ?");
        binds << className(*filter.kind);
    }
    if (filter.afterId > 0) {
        sql += QStringLiteral(" AND id > ?");
        binds << filter.afterId;
    }
    sql += QStringLiteral(" ORDER BY time_ms DESC, id DESC");
    if (filter.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant& v : std::as_const(binds))
        q.addBindValue(v);
    if (!q.exec()) {
        fail(QStringLiteral("read request log"), q.lastError().text());
        return rows;
    }
    while (q.next())
        rows.append(readEntry(q));
    return rows;
}

qint64 RequestLogStore::count() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log")) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

qint64 RequestLogStore::lastId() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT MAX(id) FROM request_log")) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

QList<UsageRow> RequestLogStore::usage(UsageGrouping by, qint64 sinceMs, const PriceTable& prices, qint64 untilMs,
                                       int utcOffsetSecs) const
{
    QList<UsageRow> rows;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return rows;
    QString groupExpr;
    switch (by) {
    case UsageGrouping::Key:
        groupExpr = QStringLiteral("key_id");
        break;
    case UsageGrouping::Project:
        groupExpr = QStringLiteral("project");
        break;
    case UsageGrouping::Model:
        groupExpr = QStringLiteral("model");
        break;
    case UsageGrouping::Day:
        groupExpr = QStringLiteral("((time_ms + %1) / %2)").arg(qint64(utcOffsetSecs) * 1000).arg(DayMs);
        break;
    }
    QString sql = QStringLiteral("SELECT %1, model, MAX(key_masked), COUNT(*), "
                                 "SUM(CASE WHEN class = 'success' THEN 1 ELSE 0 END), "
                                 "SUM(prompt_tokens), SUM(answer_tokens), SUM(thinking_tokens) "
                                 "FROM request_log WHERE time_ms >= ?")
                      .arg(groupExpr);
    if (untilMs > 0)
        sql += QStringLiteral(" AND time_ms < ?");
    sql += QStringLiteral(" GROUP BY %1, model").arg(groupExpr);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    q.addBindValue(sinceMs);
    if (untilMs > 0)
        q.addBindValue(untilMs);
    if (!q.exec()) {
        fail(QStringLiteral("read usage"), q.lastError().text());
        return rows;
    }
    QMap<QString, UsageRow> groups;
    QMap<QString, qint64> dayOf;
    while (q.next()) {
        QString group;
        qint64 keyId = 0;
        qint64 day = 0;
        switch (by) {
        case UsageGrouping::Key:
            keyId = q.value(0).toLongLong();
            group = q.value(2).toString();
            break;
        case UsageGrouping::Project:
        case UsageGrouping::Model:
            group = q.value(0).toString();
            break;
        case UsageGrouping::Day:
            day = q.value(0).toLongLong();
            group = QDateTime::fromMSecsSinceEpoch(day * DayMs, Qt::UTC).date().toString(Qt::ISODate);
            break;
        }
        const QString mapKey = by == UsageGrouping::Key ? QString::number(keyId) : group;
        UsageRow& row = groups[mapKey];
        row.group = group;
        row.keyId = keyId;
        dayOf[mapKey] = day;
        const QString model = q.value(1).toString();
        const qint64 n = q.value(3).toLongLong();
        const qint64 ok = q.value(4).toLongLong();
        const qint64 prompt = q.value(5).toLongLong();
        const qint64 answer = q.value(6).toLongLong();
        const qint64 thinking = q.value(7).toLongLong();
        row.requests += n;
        row.ok += ok;
        row.failed += n - ok;
        row.promptTokens += prompt;
        row.answerTokens += answer;
        row.thinkingTokens += thinking;
        addCost(row, prices, model, prompt, answer, thinking);
    }
    rows = groups.values();
    if (by == UsageGrouping::Day) {
        std::sort(rows.begin(), rows.end(), [](const UsageRow& a, const UsageRow& b) { return a.group < b.group; });
    } else {
        std::stable_sort(rows.begin(), rows.end(), [](const UsageRow& a, const UsageRow& b) {
            if (a.requests != b.requests)
                return a.requests > b.requests;
            return a.group < b.group;
        });
    }
    return rows;
}

QList<UsageRow> RequestLogStore::keyUsage(qint64 keyId, qint64 sinceMs, const PriceTable& prices) const
{
    QList<UsageRow> rows;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT model, SUM(attempts), SUM(failures), SUM(prompt_tokens), SUM(answer_tokens), "
                             "SUM(thinking_tokens) FROM request_key_days WHERE key_id = ? AND day >= ? "
                             "GROUP BY model ORDER BY SUM(attempts) DESC, model"));
    q.addBindValue(keyId);
    q.addBindValue(floorDiv(sinceMs, DayMs));
    if (!q.exec()) {
        fail(QStringLiteral("read key usage"), q.lastError().text());
        return rows;
    }
    while (q.next()) {
        UsageRow row;
        row.group = q.value(0).toString();
        row.keyId = keyId;
        row.requests = q.value(1).toLongLong();
        row.failed = q.value(2).toLongLong();
        row.ok = row.requests - row.failed;
        row.promptTokens = q.value(3).toLongLong();
        row.answerTokens = q.value(4).toLongLong();
        row.thinkingTokens = q.value(5).toLongLong();
        addCost(row, prices, row.group, row.promptTokens, row.answerTokens, row.thinkingTokens);
        rows.append(row);
    }
    return rows;
}

QList<RollupRow> RequestLogStore::rollup(qint64 sinceMs, qint64 untilMs, int bucketMinutes, int utcOffsetSecs) const
{
    QList<RollupRow> rows;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    const qint64 offsetMinutes = utcOffsetSecs / 60;
    bucketMinutes = std::max(1, bucketMinutes);
    const bool hourly = bucketMinutes % 60 == 0;
    const qint64 unitMs = hourly ? HourMs : MinuteMs;
    // bucket = (local minute) / bucketMinutes; an hour row counts as its first minute.
    const QString unit = hourly ? QStringLiteral("hour * 60") : QStringLiteral("minute");
    q.prepare(QStringLiteral("SELECT (%3 + %1) / %2 AS bucket, model, class, SUM(attempts), SUM(prompt_tokens), "
                             "SUM(answer_tokens), SUM(thinking_tokens) FROM %4 "
                             "WHERE %5 >= ? AND %5 < ? GROUP BY (%3 + %1) / %2, model, class")
                  .arg(offsetMinutes)
                  .arg(bucketMinutes)
                  .arg(unit, hourly ? QStringLiteral("request_hours") : QStringLiteral("request_minutes"),
                       hourly ? QStringLiteral("hour") : QStringLiteral("minute")));
    q.addBindValue(floorDiv(sinceMs, unitMs));
    q.addBindValue(untilMs > 0 ? floorDiv(untilMs - 1, unitMs) + 1 : LLONG_MAX);
    if (!q.exec()) {
        fail(QStringLiteral("read request roll-up"), q.lastError().text());
        return rows;
    }
    while (q.next()) {
        RollupRow r;
        r.bucket = q.value(0).toLongLong();
        r.model = q.value(1).toString();
        r.kind = RequestLogEntry::classFromName(q.value(2).toString()).value_or(OutcomeClass::ServerError);
        r.attempts = q.value(3).toLongLong();
        r.promptTokens = q.value(4).toLongLong();
        r.answerTokens = q.value(5).toLongLong();
        r.thinkingTokens = q.value(6).toLongLong();
        rows.append(r);
    }
    return rows;
}

namespace {
QList<KeyFailures> readFailures(QSqlQuery& q)
{
    QList<KeyFailures> rows;
    while (q.next()) {
        KeyFailures k;
        k.keyId = q.value(0).toLongLong();
        k.keyMasked = q.value(1).toString();
        k.project = q.value(2).toString();
        k.attempts = q.value(3).toLongLong();
        k.failures = q.value(4).toLongLong();
        rows.append(k);
    }
    return rows;
}
} // namespace

QList<KeyFailures> RequestLogStore::topFailingKeys(qint64 sinceMs, int n) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT key_id, MAX(key_masked), MAX(project), COUNT(*), "
                             "SUM(CASE WHEN class = 'success' THEN 0 ELSE 1 END) FROM request_log WHERE time_ms >= ? "
                             "GROUP BY key_id HAVING SUM(CASE WHEN class = 'success' THEN 0 ELSE 1 END) > 0 "
                             "ORDER BY SUM(CASE WHEN class = 'success' THEN 0 ELSE 1 END) DESC, key_id LIMIT %1")
                  .arg(std::max(1, n)));
    q.addBindValue(sinceMs);
    if (!q.exec()) {
        fail(QStringLiteral("read failing keys"), q.lastError().text());
        return {};
    }
    return readFailures(q);
}

QList<KeyFailures> RequestLogStore::topFailingKeysByDay(qint64 sinceMs, int n) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT key_id, MAX(key_masked), MAX(project), SUM(attempts), SUM(failures) "
                             "FROM request_key_days WHERE day >= ? GROUP BY key_id HAVING SUM(failures) > 0 "
                             "ORDER BY SUM(failures) DESC, key_id LIMIT %1")
                  .arg(std::max(1, n)));
    q.addBindValue(floorDiv(sinceMs, DayMs));
    if (!q.exec()) {
        fail(QStringLiteral("read failing keys"), q.lastError().text());
        return {};
    }
    return readFailures(q);
}

PriceTable RequestLogStore::prices() const
{
    QList<ModelPrice> list;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(QStringLiteral("SELECT model, input_per_million, output_per_million FROM model_prices"))) {
        while (q.next())
            list.append(ModelPrice{q.value(0).toString(), q.value(1).toDouble(), q.value(2).toDouble()});
    }
    return PriceTable(list);
}

bool RequestLogStore::setPrices(const QList<ModelPrice>& prices)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return fail(QStringLiteral("save prices"), QStringLiteral("the database is not open"));
    if (!db.transaction())
        return fail(QStringLiteral("save prices"), db.lastError().text());
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("DELETE FROM model_prices"))) {
        const QString error = q.lastError().text();
        db.rollback();
        return fail(QStringLiteral("save prices"), error);
    }
    q.prepare(QStringLiteral("INSERT INTO model_prices (model, input_per_million, output_per_million) VALUES (?,?,?)"));
    for (const ModelPrice& p : prices) {
        q.addBindValue(p.model);
        q.addBindValue(p.inputPerMillion);
        q.addBindValue(p.outputPerMillion);
        if (!q.exec()) {
            const QString error = q.lastError().text();
            db.rollback();
            return fail(QStringLiteral("save prices"), error);
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return fail(QStringLiteral("save prices"), error);
    }
    return true;
}

int RequestLogStore::retentionDays() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT value FROM request_log_settings WHERE name = 'retention_days'"));
    if (!q.exec() || !q.next())
        return DefaultRetentionDays;
    bool ok = false;
    const int days = q.value(0).toString().toInt(&ok);
    return ok && days >= 0 ? days : DefaultRetentionDays;
}

bool RequestLogStore::setRetentionDays(int days)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO request_log_settings (name, value) VALUES ('retention_days', ?) "
                             "ON CONFLICT (name) DO UPDATE SET value = excluded.value"));
    q.addBindValue(QString::number(std::max(0, days)));
    if (!q.exec())
        return fail(QStringLiteral("save the retention"), q.lastError().text());
    return true;
}

} // namespace egb
