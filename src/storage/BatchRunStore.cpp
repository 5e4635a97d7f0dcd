#include "BatchRunStore.h"

#include "ComponentSchema.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

namespace egb {

namespace {

/// A write transaction holding the write lock from its start (BEGIN IMMEDIATE): with another process writing the
/// same file, it waits for the busy timeout instead of failing half-way when a read would turn into a write.
bool beginWrite(QSqlDatabase& db)
{
    QSqlQuery begin(db);
    return begin.exec(QStringLiteral("BEGIN IMMEDIATE")) || db.transaction();
}

/// A null QString binds as SQL NULL; the columns are NOT NULL with '' meaning "none".
QString notNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const ComponentSchema::Steps& batchSteps()
{
    static const ComponentSchema::Steps steps = {
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS batch_runs ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL DEFAULT '', "
                           "model TEXT NOT NULL DEFAULT '', prompt_template TEXT NOT NULL DEFAULT '', "
                           "settings_json TEXT NOT NULL DEFAULT '', concurrency INTEGER NOT NULL DEFAULT 4, "
                           "state TEXT NOT NULL DEFAULT 'running', created_ms INTEGER NOT NULL DEFAULT 0, "
                           "updated_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS batch_items ("
                           "run_id INTEGER NOT NULL REFERENCES batch_runs(id) ON DELETE CASCADE, "
                           "idx INTEGER NOT NULL, prompt TEXT NOT NULL DEFAULT '', "
                           "status TEXT NOT NULL DEFAULT 'pending', text TEXT NOT NULL DEFAULT '', "
                           "error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, "
                           "key_masked TEXT NOT NULL DEFAULT '', latency_ms INTEGER NOT NULL DEFAULT 0, "
                           "prompt_tokens INTEGER NOT NULL DEFAULT 0, candidates_tokens INTEGER NOT NULL DEFAULT 0, "
                           "thoughts_tokens INTEGER NOT NULL DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0, "
                           "PRIMARY KEY (run_id, idx))"),
        },
        {
            QStringLiteral("ALTER TABLE batch_items ADD COLUMN error_kind TEXT NOT NULL DEFAULT ''"),
        },
    };
    return steps;
}

const char* const RunSelect =
    "SELECT r.id, r.title, r.model, r.prompt_template, r.settings_json, r.concurrency, r.state, r.created_ms, "
    "r.updated_ms, (SELECT COUNT(*) FROM batch_items i WHERE i.run_id = r.id), "
    "(SELECT COUNT(*) FROM batch_items i WHERE i.run_id = r.id AND i.status = 'ok'), "
    "(SELECT COUNT(*) FROM batch_items i WHERE i.run_id = r.id AND i.status = 'error') FROM batch_runs r";

BatchRun runFrom(const QSqlQuery& q)
{
    BatchRun r;
    r.id = q.value(0).toLongLong();
    r.title = q.value(1).toString();
    r.model = q.value(2).toString();
    r.promptTemplate = q.value(3).toString();
    r.settings = BatchRunSettings::fromJsonText(q.value(4).toString());
    r.concurrency = q.value(5).toInt();
    r.state = BatchRun::stateFromName(q.value(6).toString());
    r.createdMs = q.value(7).toLongLong();
    r.updatedMs = q.value(8).toLongLong();
    r.total = q.value(9).toInt();
    r.ok = q.value(10).toInt();
    r.failed = q.value(11).toInt();
    return r;
}

} // namespace

QString BatchItem::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Error:
        return QStringLiteral("error");
    case Status::Pending:
        break;
    }
    return QStringLiteral("pending");
}

BatchItem::Status BatchItem::statusFromName(const QString& name)
{
    if (name == QLatin1String("ok"))
        return Status::Ok;
    if (name == QLatin1String("error"))
        return Status::Error;
    return Status::Pending;
}

QString BatchRun::stateName(State state)
{
    switch (state) {
    case State::Paused:
        return QStringLiteral("paused");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    case State::Finished:
        return QStringLiteral("finished");
    case State::Running:
        break;
    }
    return QStringLiteral("running");
}

BatchRun::State BatchRun::stateFromName(const QString& name)
{
    if (name == QLatin1String("paused"))
        return State::Paused;
    if (name == QLatin1String("cancelled"))
        return State::Cancelled;
    if (name == QLatin1String("finished"))
        return State::Finished;
    return State::Running;
}

BatchRunStore::BatchRunStore(QObject* parent)
    : QObject(parent)
{}

BatchRunStore::~BatchRunStore() = default;

bool BatchRunStore::fail(const QString& what, const QString& sqlError) const
{
    m_lastError =
        tr("%1: %2. Check that the app's data folder is writable and the disk is not full.").arg(what, sqlError);
    return false;
}

bool BatchRunStore::open(const QString& connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.isOpen())
        return fail(tr("Could not open the batch history"), tr("the database is not open"));
    QString error;
    if (!ComponentSchema::migrate(db, QStringLiteral("batch"), batchSteps(), &error))
        return fail(tr("Could not prepare the batch history"), error);
    m_connection = connectionName;
    m_lastError.clear();
    Q_EMIT opened();
    Q_EMIT runsChanged();
    return true;
}

bool BatchRunStore::isOpen() const
{
    return !m_connection.isEmpty() && QSqlDatabase::database(m_connection, false).isOpen();
}

QString BatchRunStore::lastError() const
{
    return m_lastError;
}

qint64 BatchRunStore::createRun(const BatchRun& run, const QStringList& prompts)
{
    if (!isOpen()) {
        fail(tr("Could not save the batch"), tr("the database is not open"));
        return 0;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db)) {
        fail(tr("Could not save the batch"), db.lastError().text());
        return 0;
    }
    const qint64 now = nowMs();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO batch_runs (title, model, prompt_template, settings_json, concurrency, "
                             "state, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?)"));
    q.addBindValue(notNull(run.title));
    q.addBindValue(notNull(run.model));
    q.addBindValue(notNull(run.promptTemplate));
    q.addBindValue(run.settings.toJsonText());
    q.addBindValue(run.concurrency);
    q.addBindValue(BatchRun::stateName(run.state));
    q.addBindValue(run.createdMs > 0 ? run.createdMs : now);
    q.addBindValue(now);
    if (!q.exec()) {
        const QString error = q.lastError().text();
        db.rollback();
        fail(tr("Could not save the batch"), error);
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    QSqlQuery item(db);
    item.prepare(QStringLiteral("INSERT INTO batch_items (run_id, idx, prompt) VALUES (?, ?, ?)"));
    for (int i = 0; i < prompts.size(); ++i) {
        item.bindValue(0, id);
        item.bindValue(1, i);
        item.bindValue(2, notNull(prompts.at(i)));
        if (!item.exec()) {
            const QString error = item.lastError().text();
            db.rollback();
            fail(tr("Could not save the batch"), error);
            return 0;
        }
    }
    if (!db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        fail(tr("Could not save the batch"), error);
        return 0;
    }
    Q_EMIT runsChanged();
    return id;
}

bool BatchRunStore::setState(qint64 runId, BatchRun::State state)
{
    if (!isOpen())
        return fail(tr("Could not save the batch"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE batch_runs SET state = ?, updated_ms = ? WHERE id = ?"));
    q.addBindValue(BatchRun::stateName(state));
    q.addBindValue(nowMs());
    q.addBindValue(runId);
    if (!q.exec())
        return fail(tr("Could not save the batch"), q.lastError().text());
    Q_EMIT runsChanged();
    return true;
}

bool BatchRunStore::updateSettings(const BatchRun& run)
{
    if (!isOpen())
        return fail(tr("Could not save the batch"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE batch_runs SET title = ?, model = ?, prompt_template = ?, settings_json = ?, "
                             "concurrency = ?, updated_ms = ? WHERE id = ?"));
    q.addBindValue(notNull(run.title));
    q.addBindValue(notNull(run.model));
    q.addBindValue(notNull(run.promptTemplate));
    q.addBindValue(run.settings.toJsonText());
    q.addBindValue(run.concurrency);
    q.addBindValue(nowMs());
    q.addBindValue(run.id);
    if (!q.exec())
        return fail(tr("Could not save the batch"), q.lastError().text());
    Q_EMIT runsChanged();
    return true;
}

bool BatchRunStore::removeRun(qint64 runId)
{
    if (!isOpen())
        return fail(tr("Could not delete the batch"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not delete the batch"), db.lastError().text());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM batch_items WHERE run_id = ?"));
    q.addBindValue(runId);
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("DELETE FROM batch_runs WHERE id = ?"));
        q.addBindValue(runId);
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QString error = ok ? db.lastError().text() : q.lastError().text();
        db.rollback();
        return fail(tr("Could not delete the batch"), error);
    }
    Q_EMIT runsChanged();
    return true;
}

bool BatchRunStore::saveResults(qint64 runId, const QList<BatchItem>& items)
{
    if (items.isEmpty())
        return true;
    if (!isOpen())
        return fail(tr("Could not save the batch results"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not save the batch results"), db.lastError().text());
    // One UPDATE ... FROM (VALUES ...) per chunk of rows (SQLite 3.33+): a tenth of the statements, and of the time,
    // of one UPDATE per row. Rows that are not in the run are left alone (nothing is inserted).
    constexpr int Chunk = 64;
    constexpr int Fields = 12;
    QSqlQuery q(db);
    int prepared = -1;
    for (qsizetype start = 0; start < items.size(); start += Chunk) {
        const int n = int(qMin<qsizetype>(Chunk, items.size() - start));
        if (n != prepared) {
            QString values;
            values.reserve(n * 28);
            for (int i = 0; i < n; ++i)
                values +=
                    i == 0 ? QStringLiteral("(?,?,?,?,?,?,?,?,?,?,?,?)") : QStringLiteral(",(?,?,?,?,?,?,?,?,?,?,?,?)");
            q.prepare(QStringLiteral("UPDATE batch_items SET status = v.column2, text = v.column3, error = v.column4, "
                                     "attempts = v.column5, key_masked = v.column6, latency_ms = v.column7, "
                                     "prompt_tokens = v.column8, candidates_tokens = v.column9, "
                                     "thoughts_tokens = v.column10, total_tokens = v.column11, error_kind = v.column12 "
                                     "FROM (VALUES %1) AS v "
                                     "WHERE batch_items.run_id = ? AND batch_items.idx = v.column1")
                          .arg(values));
            prepared = n;
        }
        for (int i = 0; i < n; ++i) {
            const BatchItem& it = items.at(start + i);
            const int b = i * Fields;
            q.bindValue(b + 0, it.index);
            q.bindValue(b + 1, BatchItem::statusName(it.status));
            q.bindValue(b + 2, notNull(it.text));
            q.bindValue(b + 3, notNull(it.error));
            q.bindValue(b + 4, it.attempts);
            q.bindValue(b + 5, notNull(it.keyMasked));
            q.bindValue(b + 6, it.latencyMs);
            q.bindValue(b + 7, it.usage.promptTokens);
            q.bindValue(b + 8, it.usage.candidatesTokens);
            q.bindValue(b + 9, it.usage.thoughtsTokens);
            q.bindValue(b + 10, it.usage.totalTokens);
            q.bindValue(b + 11, notNull(it.errorKind));
        }
        q.bindValue(n * Fields, runId);
        if (!q.exec()) {
            const QString error = q.lastError().text();
            db.rollback();
            return fail(tr("Could not save the batch results"), error);
        }
    }
    QSqlQuery touch(db);
    touch.prepare(QStringLiteral("UPDATE batch_runs SET updated_ms = ? WHERE id = ?"));
    touch.addBindValue(nowMs());
    touch.addBindValue(runId);
    if (!touch.exec() || !db.commit()) {
        const QString error = db.lastError().text();
        db.rollback();
        return fail(tr("Could not save the batch results"), error);
    }
    return true;
}

bool BatchRunStore::resetItems(qint64 runId, const QList<int>& indexes)
{
    BatchItem blank;
    QList<BatchItem> items;
    items.reserve(indexes.size());
    for (int i : indexes) {
        blank.index = i;
        items.append(blank);
    }
    return saveResults(runId, items);
}

std::optional<BatchRun> BatchRunStore::run(qint64 runId) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("%1 WHERE r.id = ?").arg(QLatin1String(RunSelect)));
    q.addBindValue(runId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return runFrom(q);
}

QList<BatchRun> BatchRunStore::runs() const
{
    QList<BatchRun> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("%1 ORDER BY r.id DESC").arg(QLatin1String(RunSelect)))) {
        fail(tr("Could not read the batch history"), q.lastError().text());
        return out;
    }
    while (q.next())
        out.append(runFrom(q));
    return out;
}

QList<BatchRun> BatchRunStore::resumableRuns() const
{
    QList<BatchRun> out;
    const QList<BatchRun> all = runs();
    for (const BatchRun& r : all) {
        if (r.isResumable())
            out.append(r);
    }
    return out;
}

QList<BatchItem> BatchRunStore::items(qint64 runId) const
{
    return items(runId, 0, std::numeric_limits<int>::max());
}

QList<BatchItem> BatchRunStore::items(qint64 runId, int firstIndex, int count) const
{
    QList<BatchItem> out;
    if (!isOpen() || count <= 0)
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT idx, prompt, status, text, error, attempts, key_masked, latency_ms, "
                       "prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens, error_kind FROM batch_items "
                       "WHERE run_id = ? AND idx >= ? AND idx < ? ORDER BY idx"));
    q.addBindValue(runId);
    q.addBindValue(firstIndex);
    q.addBindValue(qint64(firstIndex) + count);
    if (!q.exec()) {
        fail(tr("Could not read the batch"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        BatchItem it;
        it.index = q.value(0).toInt();
        it.prompt = q.value(1).toString();
        it.status = BatchItem::statusFromName(q.value(2).toString());
        it.text = q.value(3).toString();
        it.error = q.value(4).toString();
        it.attempts = q.value(5).toInt();
        it.keyMasked = q.value(6).toString();
        it.latencyMs = q.value(7).toLongLong();
        it.usage.promptTokens = q.value(8).toInt();
        it.usage.candidatesTokens = q.value(9).toInt();
        it.usage.thoughtsTokens = q.value(10).toInt();
        it.usage.totalTokens = q.value(11).toInt();
        it.errorKind = q.value(12).toString();
        out.append(it);
    }
    return out;
}

QList<BatchItem::Status> BatchRunStore::statuses(qint64 runId) const
{
    QList<BatchItem::Status> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT idx, status FROM batch_items WHERE run_id = ? ORDER BY idx"));
    q.addBindValue(runId);
    if (!q.exec()) {
        fail(tr("Could not read the batch"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        const int index = q.value(0).toInt();
        if (index < 0)
            continue;
        if (index >= out.size())
            out.resize(index + 1, BatchItem::Status::Pending);
        out[index] = BatchItem::statusFromName(q.value(1).toString());
    }
    return out;
}

std::optional<BatchRun> BatchRunStore::findRunByFingerprint(const QString& fingerprint) const
{
    if (!isOpen() || fingerprint.isEmpty())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // The fingerprint lives in settings_json: read it here rather than rely on SQLite's JSON functions. A LIKE on
    // the hex text narrows the rows first (a fingerprint is 64 hex digits, no wildcard in it).
    q.prepare(QStringLiteral("SELECT id, settings_json FROM batch_runs WHERE settings_json LIKE ? ORDER BY id DESC"));
    q.addBindValue(QStringLiteral("%") + fingerprint + QStringLiteral("%"));
    if (!q.exec()) {
        fail(tr("Could not read the batch history"), q.lastError().text());
        return std::nullopt;
    }
    while (q.next()) {
        if (BatchRunSettings::fromJsonText(q.value(1).toString()).fingerprint == fingerprint)
            return run(q.value(0).toLongLong());
    }
    return std::nullopt;
}

QList<SavedBatchRun> BatchRunStore::exportAll() const
{
    QList<SavedBatchRun> out;
    QList<BatchRun> all = runs();
    std::sort(all.begin(), all.end(), [](const BatchRun& a, const BatchRun& b) { return a.id < b.id; });
    out.reserve(all.size());
    for (const BatchRun& r : std::as_const(all))
        out.append({r, items(r.id)});
    return out;
}

bool BatchRunStore::replaceAll(const QList<SavedBatchRun>& runs)
{
    if (!isOpen())
        return fail(tr("Could not save the batch"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not save the batch"), db.lastError().text());
    QSqlQuery q(db);
    auto rollback = [&](const QString& error) {
        db.rollback();
        return fail(tr("Could not save the batch"), error);
    };
    if (!q.exec(QStringLiteral("DELETE FROM batch_items")) || !q.exec(QStringLiteral("DELETE FROM batch_runs")))
        return rollback(q.lastError().text());
    QSqlQuery item(db);
    q.prepare(QStringLiteral("INSERT INTO batch_runs (id, title, model, prompt_template, settings_json, concurrency, "
                             "state, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?,?)"));
    item.prepare(QStringLiteral("INSERT INTO batch_items (run_id, idx, prompt, status, text, error, attempts, "
                                "key_masked, latency_ms, prompt_tokens, candidates_tokens, thoughts_tokens, "
                                "total_tokens, error_kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const SavedBatchRun& saved : runs) {
        const BatchRun& r = saved.run;
        q.addBindValue(r.id);
        q.addBindValue(notNull(r.title));
        q.addBindValue(notNull(r.model));
        q.addBindValue(notNull(r.promptTemplate));
        q.addBindValue(r.settings.toJsonText());
        q.addBindValue(r.concurrency);
        q.addBindValue(BatchRun::stateName(r.state));
        q.addBindValue(r.createdMs);
        q.addBindValue(r.updatedMs);
        if (!q.exec())
            return rollback(q.lastError().text());
        for (const BatchItem& it : saved.items) {
            item.addBindValue(r.id);
            item.addBindValue(it.index);
            item.addBindValue(notNull(it.prompt));
            item.addBindValue(BatchItem::statusName(it.status));
            item.addBindValue(notNull(it.text));
            item.addBindValue(notNull(it.error));
            item.addBindValue(it.attempts);
            item.addBindValue(notNull(it.keyMasked));
            item.addBindValue(it.latencyMs);
            item.addBindValue(it.usage.promptTokens);
            item.addBindValue(it.usage.candidatesTokens);
            item.addBindValue(it.usage.thoughtsTokens);
            item.addBindValue(it.usage.totalTokens);
            item.addBindValue(notNull(it.errorKind));
            if (!item.exec())
                return rollback(item.lastError().text());
        }
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    m_lastError.clear();
    Q_EMIT runsChanged();
    return true;
}

} // namespace egb
