#pragma once

#include "KeyRepository.h"

#include <QObject>
#include <QString>

#include <memory>

namespace egb {

class KeyPool;

/// Keeps a KeyPool (the cache) and a KeyRepository (the shared truth) in step, through the interface only, so
/// every backend gets the same rules:
/// - new keys get the database's ids (the pool's inserter); a secret another process stored meanwhile is not added;
/// - a person's actions (keysEdited, keysRemoved) are committed before the pool's call returns, as edits that win;
/// - health (report(), expiries) is written behind as commuting deltas (KeyHealthDelta), at most flushInterval()
///   after the pool's coalesced keysChanged (100 ms), in one transaction per flush;
/// - with following on, every followInterval() it asks the repository whether another process wrote, and if so
///   writes what is pending and applies only the rows changed since its last sequence (keys removed elsewhere
///   leave the pool; a report for them later is dropped by the pool).
///
/// When a write fails (disk full, file locked, file gone) it emits writeFailed() once with the repository's
/// message, keeps the pool working in memory (new keys get provisional ids, kept when the database can), queues
/// the changes and retries them at every flush and user action; writeRecovered() follows the first write that
/// works again.
class KeyWriteBehind : public QObject
{
    Q_OBJECT
public:
    /// `repository` is not owned and must outlive this object (or its detach()).
    explicit KeyWriteBehind(KeyRepository* repository, QObject* parent = nullptr);
    ~KeyWriteBehind() override;

    /// Loads the pool from the repository (replacing what it holds) and keeps both in step from now on. False when
    /// loading failed (lastError()): the pool is left untouched and nothing is written.
    bool attach(KeyPool* pool);
    /// Writes what is pending, then lets the pool go.
    void detach();
    KeyPool* pool() const;

    void setFlushInterval(int ms); ///< default 150 (after the pool's 100 ms: at most 250 ms behind)
    int flushInterval() const;
    /// How often to look for changes made elsewhere; 0 (the default) does not follow.
    void setFollowInterval(int ms);
    int followInterval() const;

    int pendingCount() const; ///< changes made in memory and not yet written
    /// Writes pending changes now (one transaction). True when nothing is left pending.
    bool flush();
    /// Writes what is pending, then applies what other processes changed. True when the pool is current.
    bool follow();
    bool isDegraded() const;
    QString lastError() const;
    QString writeProblem() const; ///< while degraded: the cause in a few words
    qint64 sequence() const;      ///< the repository's sequence the pool is current as of

Q_SIGNALS:
    void writeFailed(const QString& message);
    void writeRecovered();
    void flushed(int changes, qint64 elapsedUs);
    /// Changes made elsewhere were applied to the pool.
    void followed(int changed, int removed);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb
