#include "WorkerConnection.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace egb {

WorkerConnection::~WorkerConnection()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

bool WorkerConnection::open(const QString& source, const QString& prefix, QString* error)
{
    static QAtomicInteger<quint64> counter;
    m_name = QStringLiteral("%1-%2").arg(prefix).arg(counter.fetchAndAddRelaxed(1) + 1);
    QSqlDatabase db = QSqlDatabase::cloneDatabase(source, m_name);
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    return true;
}

} // namespace egb
