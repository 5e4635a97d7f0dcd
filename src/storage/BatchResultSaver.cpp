#include "BatchResultSaver.h"

#include "WorkerConnection.h"

#include <QMetaObject>

namespace egb {

/// Lives in the saver's thread; owns the clone connection and a BatchRunStore on it.
class BatchResultSaver::Worker : public QObject
{
public:
    explicit Worker(BatchResultSaver* owner)
        : m_owner(owner)
    {}

    bool open(const QString& source, QString* error)
    {
        if (!m_connection.open(source, QStringLiteral("egb-batch-saver"), error))
            return false;
        m_store = std::make_unique<BatchRunStore>();
        if (!m_store->open(m_connection.name())) {
            *error = m_store->lastError();
            return false;
        }
        return true;
    }

    void save(qint64 runId, const QList<BatchItem>& items)
    {
        if (!m_store)
            return;
        if (m_store->saveResults(runId, items)) {
            QMetaObject::invokeMethod(
                m_owner, [owner = m_owner, runId, items] { Q_EMIT owner->saved(runId, items); }, Qt::QueuedConnection);
            return;
        }
        const QString message = m_store->lastError();
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, runId, items, message] { Q_EMIT owner->saveFailed(runId, items, message); },
            Qt::QueuedConnection);
    }

private:
    BatchResultSaver* m_owner;
    WorkerConnection m_connection; ///< outlives m_store (declared first)
    std::unique_ptr<BatchRunStore> m_store;
};

BatchResultSaver::BatchResultSaver(const QString& connectionName, QObject* parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("egb-batch-saver"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QString error;
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->open(connectionName, &error); }, Qt::BlockingQueuedConnection);
    m_open = ok;
    m_error = error;
}

BatchResultSaver::~BatchResultSaver()
{
    flush();
    m_thread.quit();
    m_thread.wait();
}

void BatchResultSaver::save(qint64 runId, const QList<BatchItem>& items)
{
    if (!m_open || items.isEmpty())
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, runId, items] { worker->save(runId, items); }, Qt::QueuedConnection);
}

bool BatchResultSaver::flush()
{
    if (!m_thread.isRunning())
        return true;
    // Queued calls run in order: once this one ran, every earlier save has been committed (or reported).
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
    return true;
}

} // namespace egb
