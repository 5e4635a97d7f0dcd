#include "ImportHistoryStore.h"

#include "ComponentSchema.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace egb {

namespace {

QString notNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

const ComponentSchema::Steps& importSteps()
{
    static const ComponentSchema::Steps steps = {
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS import_history ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL DEFAULT 0, "
                           "source TEXT NOT NULL DEFAULT '', format TEXT NOT NULL DEFAULT '', "
                           "origin TEXT NOT NULL DEFAULT '', added INTEGER NOT NULL DEFAULT 0, "
                           "duplicates INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, "
                           "cancelled INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS import_history_at ON import_history(at_ms)"),
        },
    };
    return steps;
}

} // namespace

ImportHistoryStore::ImportHistoryStore(QObject* parent)
    : QObject(parent)
{}

ImportHistoryStore::~ImportHistoryStore() = default;

bool ImportHistoryStore::fail(const QString& what, const QString& sqlError) const
{
    m_lastError =
        tr("%1: %2. Check that the app's data folder is writable and the disk is not full.").arg(what, sqlError);
    return false;
}

bool ImportHistoryStore::open(const QString& connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.isOpen())
        return fail(tr("Could not open the import history"), tr("the database is not open"));
    QString error;
    if (!ComponentSchema::migrate(db, QStringLiteral("imports"), importSteps(), &error))
        return fail(tr("Could not prepare the import history"), error);
    m_connection = connectionName;
    m_lastError.clear();
    Q_EMIT historyChanged();
    return true;
}

bool ImportHistoryStore::isOpen() const
{
    return !m_connection.isEmpty() && QSqlDatabase::database(m_connection, false).isOpen();
}

QString ImportHistoryStore::lastError() const
{
    return m_lastError;
}

qint64 ImportHistoryStore::record(const ImportRecord& record)
{
    if (!isOpen()) {
        fail(tr("Could not save the import history"), tr("the database is not open"));
        return 0;
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO import_history (at_ms, source, format, origin, added, duplicates, rejected, "
                             "cancelled) VALUES (?,?,?,?,?,?,?,?)"));
    q.addBindValue(record.atMs > 0 ? record.atMs : QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(notNull(record.source));
    q.addBindValue(notNull(record.format));
    q.addBindValue(notNull(record.origin));
    q.addBindValue(record.added);
    q.addBindValue(record.duplicates);
    q.addBindValue(record.rejected);
    q.addBindValue(record.cancelled ? 1 : 0);
    if (!q.exec()) {
        fail(tr("Could not save the import history"), q.lastError().text());
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    Q_EMIT historyChanged();
    return id;
}

QList<ImportRecord> ImportHistoryStore::records(int limit) const
{
    QList<ImportRecord> out;
    if (!isOpen()) {
        fail(tr("Could not read the import history"), tr("the database is not open"));
        return out;
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at_ms, source, format, origin, added, duplicates, rejected, cancelled "
                             "FROM import_history ORDER BY at_ms DESC, id DESC LIMIT ?"));
    q.addBindValue(limit < 0 ? -1 : limit);
    if (!q.exec()) {
        fail(tr("Could not read the import history"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        ImportRecord r;
        r.id = q.value(0).toLongLong();
        r.atMs = q.value(1).toLongLong();
        r.source = q.value(2).toString();
        r.format = q.value(3).toString();
        r.origin = q.value(4).toString();
        r.added = q.value(5).toInt();
        r.duplicates = q.value(6).toInt();
        r.rejected = q.value(7).toInt();
        r.cancelled = q.value(8).toInt() != 0;
        out.append(std::move(r));
    }
    m_lastError.clear();
    return out;
}

bool ImportHistoryStore::replaceAll(const QList<ImportRecord>& records)
{
    if (!isOpen())
        return fail(tr("Could not save the import history"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")) && !db.transaction())
        return fail(tr("Could not save the import history"), db.lastError().text());
    auto rollback = [&](const QString& error) {
        db.rollback();
        return fail(tr("Could not save the import history"), error);
    };
    if (!q.exec(QStringLiteral("DELETE FROM import_history")))
        return rollback(q.lastError().text());
    q.prepare(QStringLiteral("INSERT INTO import_history (id, at_ms, source, format, origin, added, duplicates, "
                             "rejected, cancelled) VALUES (?,?,?,?,?,?,?,?,?)"));
    for (const ImportRecord& r : records) {
        q.addBindValue(r.id);
        q.addBindValue(r.atMs);
        q.addBindValue(notNull(r.source));
        q.addBindValue(notNull(r.format));
        q.addBindValue(notNull(r.origin));
        q.addBindValue(r.added);
        q.addBindValue(r.duplicates);
        q.addBindValue(r.rejected);
        q.addBindValue(r.cancelled ? 1 : 0);
        if (!q.exec())
            return rollback(q.lastError().text());
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    m_lastError.clear();
    Q_EMIT historyChanged();
    return true;
}

} // namespace egb
