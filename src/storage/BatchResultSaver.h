#pragma once

#include "BatchRunStore.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace egb {

/// Writes batch results from a thread of its own, on its own SQLite connection to the same file (DESIGN.md: one
/// named connection per thread), so the GUI thread never waits for SQLite (or for a WAL checkpoint's fsync) while
/// answers pour in. save() queues; flush() waits until everything queued is committed.
class BatchResultSaver : public QObject
{
    Q_OBJECT
public:
    /// Opens a clone of `connectionName` (an open connection of the calling thread) in the saver's thread.
    explicit BatchResultSaver(const QString& connectionName, QObject* parent = nullptr);
    ~BatchResultSaver() override; ///< flushes, then stops the thread

    /// False when the clone could not be opened (lastError() says why); save() then does nothing.
    bool isOpen() const { return m_open; }
    QString lastError() const { return m_error; }

    /// Queues `items` of run `runId` for writing in one transaction.
    void save(qint64 runId, const QList<BatchItem>& items);
    /// Returns when every queued write is committed (or failed). True when all of them worked.
    bool flush();

Q_SIGNALS:
    /// These items are committed (emitted in the caller's thread, in the order they were queued).
    void saved(qint64 runId, const QList<egb::BatchItem>& items);
    /// A write failed (emitted in the caller's thread): the items are given back so they can be queued again.
    void saveFailed(qint64 runId, const QList<egb::BatchItem>& items, const QString& message);

private:
    class Worker;
    QThread m_thread;
    Worker* m_worker = nullptr;
    bool m_open = false;
    QString m_error;
};

} // namespace egb
