#pragma once

#include "RequestLogEntry.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>

namespace egb {

/// Writes the request log behind, from a thread of its own on its own connection to the pool's database (a clone
/// of the caller's), so the request path only appends to a queue under a mutex (O(1)).
///
/// recordAttempt() queues; the worker writes what is queued in one transaction (RequestLogStore::append) at most
/// flushInterval later, or at once when maxBatch attempts are waiting. flush() waits until everything queued is
/// committed. The retention (RequestLogStore::retentionDays(), default 30; 0 keeps everything) is applied at start and
/// then every pruneInterval, in the worker. Attempts that could not be written stay queued and are tried again at the
/// next flush; writeFailed() says so once per failure streak.
class RequestLogWriter : public QObject, public AttemptObserver
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;

    /// Opens a clone of `connectionName` (an open connection of the calling thread) in the writer's thread.
    explicit RequestLogWriter(const QString& connectionName, QObject* parent = nullptr);
    ~RequestLogWriter() override; ///< flushes, then stops the thread

    bool isOpen() const { return m_open; }
    QString lastError() const;

    void recordAttempt(const RequestLogEntry& entry) override;

    void setFlushInterval(int ms); ///< default 500
    void setMaxBatch(int n);       ///< default 2000
    /// Days to keep (saved in the database, so every process of the pool keeps the same); 0 keeps everything.
    /// Applies (prunes) at once, in the background.
    bool setRetentionDays(int days);
    int retentionDays() const;
    void setPruneInterval(int ms); ///< default one hour
    void setClock(Clock clock);    ///< for tests: the "now" retention is measured from

    /// Writes everything queued now and waits for it. True when nothing is left queued.
    bool flush();
    /// Prunes now and waits; returns the attempts deleted (-1 on failure).
    qint64 pruneNow();
    int pendingCount() const;

Q_SIGNALS:
    /// Attempts up to row id `lastId` are committed (emitted in the writer's owner thread).
    void written(int count, qint64 lastId);
    void writeFailed(const QString& message);
    void pruned(qint64 deleted);

private:
    class Worker;
    void wake();

    QThread m_thread;
    Worker* m_worker = nullptr;
    bool m_open = false;
    QString m_error;
    mutable QMutex m_mutex;
    QList<RequestLogEntry> m_queue; ///< guarded by m_mutex
    bool m_wakePending = false;     ///< guarded by m_mutex
    int m_maxBatch = 2000;
    friend class Worker;
};

} // namespace egb
