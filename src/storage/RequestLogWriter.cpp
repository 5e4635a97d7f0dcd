#include "RequestLogWriter.h"

#include "WorkerConnection.h"

#include "RequestLogStore.h"

#include <QDateTime>
#include <QMetaObject>
#include <QMutexLocker>
#include <QTimer>

namespace egb {

/// Lives in the writer's thread; owns the clone connection and a RequestLogStore on it.
class RequestLogWriter::Worker : public QObject
{
public:
    explicit Worker(RequestLogWriter* owner)
        : m_owner(owner)
    {}

    bool open(const QString& source, QString* error)
    {
        if (!m_connection.open(source, QStringLiteral("egb-request-log"), error))
            return false;
        m_store = std::make_unique<RequestLogStore>();
        if (!m_store->open(m_connection.name())) {
            *error = m_store->lastError();
            return false;
        }
        m_flushTimer = new QTimer(this);
        m_flushTimer->setSingleShot(true);
        m_flushTimer->setInterval(500);
        QObject::connect(m_flushTimer, &QTimer::timeout, this, [this] { write(); });
        m_pruneTimer = new QTimer(this);
        m_pruneTimer->setInterval(3600 * 1000);
        QObject::connect(m_pruneTimer, &QTimer::timeout, this, [this] { prune(); });
        m_pruneTimer->start();
        return true;
    }

    void schedule(bool now)
    {
        if (now)
            write();
        else if (!m_flushTimer->isActive())
            m_flushTimer->start();
    }

    /// True when the queue is empty afterwards.
    bool write()
    {
        m_flushTimer->stop();
        QList<RequestLogEntry> batch;
        {
            QMutexLocker lock(&m_owner->m_mutex);
            batch.swap(m_owner->m_queue);
            m_owner->m_wakePending = false;
        }
        if (batch.isEmpty() || !m_store)
            return true;
        if (!m_store->append(batch)) {
            const QString message = m_store->lastError();
            {
                QMutexLocker lock(&m_owner->m_mutex);
                batch.append(m_owner->m_queue); // keep the order: the failed batch first
                m_owner->m_queue.swap(batch);
            }
            if (!m_failing) {
                m_failing = true;
                QMetaObject::invokeMethod(
                    m_owner, [owner = m_owner, message] { Q_EMIT owner->writeFailed(message); }, Qt::QueuedConnection);
            }
            m_flushTimer->start(std::max(m_flushTimer->interval(), 2000)); // try again later
            return false;
        }
        m_failing = false;
        const int count = int(batch.size());
        const qint64 lastId = batch.constLast().id;
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, count, lastId] { Q_EMIT owner->written(count, lastId); }, Qt::QueuedConnection);
        return true;
    }

    qint64 prune()
    {
        if (!m_store)
            return -1;
        const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
        m_store->pruneMinutes(now - RequestLogStore::MinuteRollupMs);
        const int days = m_store->retentionDays();
        if (days <= 0)
            return 0;
        const qint64 deleted = m_store->prune(now - qint64(days) * RequestLogStore::DayMs);
        if (deleted > 0) {
            QMetaObject::invokeMethod(
                m_owner, [owner = m_owner, deleted] { Q_EMIT owner->pruned(deleted); }, Qt::QueuedConnection);
        }
        return deleted;
    }

    RequestLogWriter* m_owner;
    WorkerConnection m_connection; ///< outlives m_store (declared first)
    std::unique_ptr<RequestLogStore> m_store;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_pruneTimer = nullptr;
    Clock m_clock;
    bool m_failing = false;
};

RequestLogWriter::RequestLogWriter(const QString& connectionName, QObject* parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("egb-request-log"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QString error;
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            ok = m_worker->open(connectionName, &error);
            if (ok)
                m_worker->prune();
        },
        Qt::BlockingQueuedConnection);
    m_open = ok;
    m_error = error;
}

RequestLogWriter::~RequestLogWriter()
{
    flush();
    m_thread.quit();
    m_thread.wait();
}

QString RequestLogWriter::lastError() const
{
    return m_error;
}

void RequestLogWriter::recordAttempt(const RequestLogEntry& entry)
{
    if (!m_open)
        return;
    bool wakeNow = false;
    bool full = false;
    {
        QMutexLocker lock(&m_mutex);
        m_queue.append(entry);
        full = m_queue.size() == m_maxBatch;
        if (!m_wakePending || full) {
            m_wakePending = true;
            wakeNow = true;
        }
    }
    if (wakeNow) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, full] { worker->schedule(full); }, Qt::QueuedConnection);
    }
}

void RequestLogWriter::setFlushInterval(int ms)
{
    if (!m_open)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ms] { worker->m_flushTimer->setInterval(std::max(0, ms)); },
        Qt::BlockingQueuedConnection);
}

void RequestLogWriter::setMaxBatch(int n)
{
    QMutexLocker lock(&m_mutex);
    m_maxBatch = std::max(1, n);
}

bool RequestLogWriter::setRetentionDays(int days)
{
    if (!m_open)
        return false;
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->m_store->setRetentionDays(days); }, Qt::BlockingQueuedConnection);
    // Prune behind: a first prune of a big log may take a while.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->prune(); }, Qt::QueuedConnection);
    return ok;
}

int RequestLogWriter::retentionDays() const
{
    if (!m_open)
        return RequestLogStore::DefaultRetentionDays;
    int days = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { days = m_worker->m_store->retentionDays(); }, Qt::BlockingQueuedConnection);
    return days;
}

void RequestLogWriter::setPruneInterval(int ms)
{
    if (!m_open)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ms] { worker->m_pruneTimer->start(std::max(1000, ms)); },
        Qt::BlockingQueuedConnection);
}

void RequestLogWriter::setClock(Clock clock)
{
    if (!m_open)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, clock] { worker->m_clock = clock; }, Qt::BlockingQueuedConnection);
}

bool RequestLogWriter::flush()
{
    if (!m_open || !m_thread.isRunning())
        return true;
    bool empty = true;
    QMetaObject::invokeMethod(
        m_worker, [&] { empty = m_worker->write(); }, Qt::BlockingQueuedConnection);
    return empty;
}

qint64 RequestLogWriter::pruneNow()
{
    if (!m_open)
        return -1;
    qint64 deleted = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { deleted = m_worker->prune(); }, Qt::BlockingQueuedConnection);
    return deleted;
}

int RequestLogWriter::pendingCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size());
}

} // namespace egb
