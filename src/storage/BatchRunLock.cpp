#include "BatchRunLock.h"

#include "ComponentSchema.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUuid>
#include <QVariant>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

namespace egb {

namespace {

const ComponentSchema::Steps& lockSteps()
{
    static const ComponentSchema::Steps steps{
        {QStringLiteral("CREATE TABLE IF NOT EXISTS run_locks (name TEXT PRIMARY KEY, pid INTEGER NOT NULL, "
                        "host TEXT NOT NULL, token TEXT NOT NULL, started_ms INTEGER NOT NULL, "
                        "heartbeat_ms INTEGER NOT NULL)")},
    };
    return steps;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// True when `pid` is known not to run on this machine.
bool processIsGone(qint64 pid)
{
#ifdef Q_OS_UNIX
    return pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
#else
    Q_UNUSED(pid);
    return false;
#endif
}

} // namespace

BatchRunLock::BatchRunLock(QObject* parent)
    : QObject(parent)
    , m_token(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_heartbeat.setInterval(HeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &BatchRunLock::beat);
}

BatchRunLock::~BatchRunLock()
{
    release();
}

BatchRunLock::Result BatchRunLock::acquire(const QString& connectionName, const QString& name)
{
    release();
    m_connection = connectionName;
    m_name = name;
    m_holder = {};
    m_lastError.clear();
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    QString error;
    if (!db.isOpen() || !ComponentSchema::migrate(db, QStringLiteral("run_locks"), lockSteps(), &error)) {
        m_lastError = error.isEmpty() ? QStringLiteral("database is not open") : error;
        return Result::Failed;
    }
    QSqlQuery q(db);
    auto failed = [&](const QSqlQuery& query) {
        m_lastError = query.lastError().text();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return Result::Failed;
    };
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failed(q);
    q.prepare(QStringLiteral("SELECT pid, host, token, started_ms, heartbeat_ms FROM run_locks WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return failed(q);
    const QString host = QSysInfo::machineHostName();
    const qint64 now = nowMs();
    if (q.next()) {
        Holder h{q.value(0).toLongLong(), q.value(1).toString(), q.value(3).toLongLong(), q.value(4).toLongLong()};
        const bool mine = q.value(2).toString() == m_token;
        const bool stale = now - h.heartbeatMs > StaleMs || (h.host == host && processIsGone(h.pid));
        if (!mine && !stale) {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            m_holder = h;
            return Result::HeldElsewhere;
        }
    }
    QSqlQuery take(db);
    take.prepare(QStringLiteral("INSERT OR REPLACE INTO run_locks (name, pid, host, token, started_ms, heartbeat_ms) "
                                "VALUES (?, ?, ?, ?, ?, ?)"));
    take.addBindValue(name);
    take.addBindValue(QCoreApplication::applicationPid());
    take.addBindValue(host);
    take.addBindValue(m_token);
    take.addBindValue(now);
    take.addBindValue(now);
    if (!take.exec())
        return failed(take);
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return failed(commit);
    m_held = true;
    m_holder = {QCoreApplication::applicationPid(), host, now, now};
    m_heartbeat.start();
    return Result::Acquired;
}

void BatchRunLock::beat()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!m_held || !db.isOpen())
        return;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE run_locks SET heartbeat_ms = ? WHERE name = ? AND token = ?"));
    q.addBindValue(nowMs());
    q.addBindValue(m_name);
    q.addBindValue(m_token);
    q.exec(); // a missed beat is retried at the next; the lock is stale only after StaleMs without one
}

void BatchRunLock::release()
{
    m_heartbeat.stop();
    if (!m_held)
        return;
    m_held = false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.isOpen())
        return;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM run_locks WHERE name = ? AND token = ?"));
    q.addBindValue(m_name);
    q.addBindValue(m_token);
    q.exec();
}

} // namespace egb
