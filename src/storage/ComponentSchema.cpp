#include "ComponentSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace egb {

namespace {

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

int ComponentSchema::version(QSqlDatabase db, const QString& component)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT version FROM egb_schema WHERE component = ?"));
    q.addBindValue(component);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool ComponentSchema::migrate(QSqlDatabase db, const QString& component, const Steps& steps, QString* error)
{
    if (!db.isOpen()) {
        if (error)
            *error = QStringLiteral("database is not open");
        return false;
    }
    auto newer = [&](int current) {
        if (error)
            *error = QStringLiteral("the database was written by a newer version of this app (%1 schema %2 > %3)")
                         .arg(component)
                         .arg(current)
                         .arg(steps.size());
        return false;
    };
    // The usual case reads only: the component is at its version already.
    int current = version(db, component);
    if (current > steps.size())
        return newer(current);
    if (current == steps.size())
        return true;
    // Take the write lock before the version is read again: two processes opening a new file at once must not
    // both run a step ("duplicate column name", "table already exists").
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    auto rollback = [&db] { exec(db, QStringLiteral("ROLLBACK"), nullptr); };
    if (!exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS egb_schema (component TEXT PRIMARY KEY, "
                             "version INTEGER NOT NULL)"),
              error)) {
        rollback();
        return false;
    }
    current = version(db, component);
    if (current > steps.size()) {
        rollback();
        return newer(current);
    }
    for (int i = current; i < steps.size(); ++i) {
        for (const QString& sql : steps.at(i)) {
            if (!exec(db, sql, error)) {
                rollback();
                return false;
            }
        }
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO egb_schema (component, version) VALUES (?, ?) "
                             "ON CONFLICT(component) DO UPDATE SET version = excluded.version"));
    q.addBindValue(component);
    q.addBindValue(int(steps.size()));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        rollback();
        return false;
    }
    if (!exec(db, QStringLiteral("COMMIT"), error)) {
        rollback();
        return false;
    }
    return true;
}

} // namespace egb
