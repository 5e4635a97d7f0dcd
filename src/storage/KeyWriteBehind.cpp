#include "KeyWriteBehind.h"

#include "KeyPool.h"
#include "QuotaBucketSync.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace egb {

struct KeyWriteBehind::Private
{
    KeyWriteBehind* q = nullptr;
    KeyRepository* repo = nullptr;
    QPointer<KeyPool> pool;
    QList<QMetaObject::Connection> connections;

    KeyWriteBatch queued;                                   ///< written at the next write; kept while writing fails
    QHash<qint64, qsizetype> healthAt;                      ///< id -> index in queued.health
    QHash<std::pair<QString, QString>, qsizetype> bucketAt; ///< (project, model) -> index in queued.buckets
    QHash<qint64, qint64> ownEdits;                         ///< id -> sequence of this process's last edit of it
    qint64 sequence = 0;
    bool applying = false; ///< the pool's signals come from applyStored(): nothing to write back
    bool behind = false;   ///< another process wrote and the pool has not read it yet

    QTimer flushTimer;
    QTimer followTimer;
    int flushIntervalMs = 150;
    int followIntervalMs = 0;
    bool degraded = false;
    QString lastError;
    QString problem;

    qint64 knownSequence(qint64 id) const { return std::max(sequence, ownEdits.value(id, 0)); }

    void addHealth(KeyHealthDelta delta)
    {
        delta.knownSequence = knownSequence(delta.id);
        const auto it = healthAt.constFind(delta.id);
        if (it == healthAt.cend()) {
            healthAt.insert(delta.id, queued.health.size());
            queued.health.append(std::move(delta));
            return;
        }
        KeyHealthDelta& old = queued.health[*it];
        delta.addSuccesses += old.addSuccesses;
        delta.addFailures += old.addFailures;
        old = std::move(delta);
    }

    /// A bucket change queued after another of the same bucket (a write failed in between): one change that
    /// does what both would.
    void addBucket(QuotaBucketRecord change)
    {
        const std::pair<QString, QString> key{change.project, change.model};
        const auto it = bucketAt.constFind(key);
        if (it == bucketAt.cend()) {
            bucketAt.insert(key, queued.buckets.size());
            queued.buckets.append(std::move(change));
            return;
        }
        QuotaBucketSync::merge(queued.buckets[*it], std::move(change));
    }

    void clearQueued()
    {
        queued = KeyWriteBatch();
        healthAt.clear();
        bucketAt.clear();
    }

    void dropQueuedFor(const QSet<qint64>& ids)
    {
        auto gone = [&ids](qint64 id) { return ids.contains(id); };
        queued.inserts.removeIf([&](const ApiKey& k) { return k.id != 0 && gone(k.id); });
        queued.saves.removeIf([&](const ApiKey& k) { return gone(k.id); });
        queued.edits.removeIf([&](const KeyEdit& e) { return gone(e.key.id); });
        queued.health.removeIf([&](const KeyHealthDelta& h) { return gone(h.id); });
        healthAt.clear();
        for (qsizetype i = 0; i < queued.health.size(); ++i)
            healthAt.insert(queued.health.at(i).id, i);
    }

    void enterDegraded()
    {
        lastError = repo->lastError();
        problem = repo->problem();
        if (!degraded) {
            degraded = true;
            Q_EMIT q->writeFailed(lastError);
        }
        if (pool && !flushTimer.isActive())
            flushTimer.start(std::max(flushIntervalMs, 200)); // retry at the next flush
    }

    void writeSucceeded()
    {
        problem.clear();
        if (degraded) {
            degraded = false;
            lastError.clear();
            Q_EMIT q->writeRecovered();
        }
    }

    /// Writes everything queued in one transaction. `fresh` inserts at the end of queued.inserts (not yet in the
    /// pool) get their ids in *freshIds. False when writing failed: everything stays queued.
    bool writeQueued(qsizetype freshFrom = -1, QList<qint64>* freshIds = nullptr)
    {
        if (freshFrom < 0)
            freshFrom = queued.inserts.size();
        if (queued.isEmpty()) {
            writeSucceeded();
            return true;
        }
        QElapsedTimer timer;
        timer.start();
        std::optional<KeyWriteResult> result = repo->write(queued);
        if (!result && repo->takeRecreated() && pool) {
            // The store came back empty: write every key the pool holds, as it is, with the new ones.
            KeyWriteBatch full;
            full.saves.reserve(pool->size());
            for (int row = 0, n = pool->size(); row < n; ++row)
                full.saves.append(pool->at(row));
            full.inserts = queued.inserts.mid(freshFrom);
            full.buckets = queued.buckets;
            const qsizetype count = full.size();
            result = repo->write(full);
            if (result) {
                const QList<qint64> ids = result->insertedIds;
                clearQueued();
                ownEdits.clear();
                pool->takeHealthDeltas(); // the saves carried them
                if (freshIds)
                    *freshIds = ids;
                writeSucceeded();
                Q_EMIT q->flushed(int(count), timer.nsecsElapsed() / 1000);
                return true;
            }
        }
        if (!result) {
            enterDegraded();
            return false;
        }
        const qsizetype count = queued.size();
        // Keys kept in memory while writing failed: the database gave another id, or holds the secret already.
        std::vector<ApiKey> renumbered;
        QList<qint64> dropped;
        for (qsizetype i = 0; i < freshFrom && i < result->insertedIds.size(); ++i) {
            const ApiKey& k = queued.inserts.at(i);
            const qint64 stored = result->insertedIds.at(i);
            if (stored == k.id)
                continue;
            dropped.append(k.id);
            if (stored != 0 && pool) {
                if (const ApiKey* now = pool->find(k.id)) {
                    ApiKey moved = *now;
                    moved.id = stored;
                    renumbered.push_back(std::move(moved));
                }
            }
        }
        if (freshIds)
            *freshIds = result->insertedIds.mid(freshFrom);
        for (const KeyEdit& e : std::as_const(queued.edits))
            ownEdits.insert(e.key.id, result->sequence);
        if (result->caughtUp)
            sequence = std::max(sequence, result->sequence);
        clearQueued();
        if (pool && (!dropped.isEmpty() || !renumbered.empty())) {
            applying = true;
            pool->applyStored(std::move(renumbered), dropped);
            applying = false;
        }
        writeSucceeded();
        Q_EMIT q->flushed(int(count), timer.nsecsElapsed() / 1000);
        return true;
    }

    bool flushNow()
    {
        flushTimer.stop();
        if (pool) {
            const QList<KeyHealthDelta> deltas = pool->takeHealthDeltas();
            for (const KeyHealthDelta& delta : deltas)
                addHealth(delta);
            const QList<QuotaBucketRecord> buckets = pool->takeBucketDeltas();
            for (const QuotaBucketRecord& change : buckets)
                addBucket(change);
        }
        return writeQueued();
    }

    QList<qint64> insert(const QList<ApiKey>& keys)
    {
        const qsizetype first = queued.inserts.size();
        queued.inserts += keys;
        QList<qint64> ids;
        if (writeQueued(first, &ids))
            return ids;
        // Kept in memory under provisional ids until the database can be written (it keeps them when it can).
        qint64 next = 0;
        if (pool) {
            for (int row = 0, n = pool->size(); row < n; ++row)
                next = std::max(next, pool->at(row).id);
        }
        for (const ApiKey& k : std::as_const(queued.inserts))
            next = std::max(next, k.id);
        ids.clear();
        for (qsizetype i = first; i < queued.inserts.size(); ++i) {
            queued.inserts[i].id = ++next;
            ids.append(next);
        }
        return ids;
    }

    void onEdited(const QList<qint64>& ids)
    {
        if (!pool || applying)
            return;
        const KeyFields fields = pool->editedFields();
        QHash<qint64, qsizetype> editAt;
        for (qsizetype i = 0; i < queued.edits.size(); ++i)
            editAt.insert(queued.edits.at(i).key.id, i);
        QHash<qint64, qsizetype> insertAt;
        if (!queued.inserts.isEmpty()) {
            for (qsizetype i = 0; i < queued.inserts.size(); ++i)
                insertAt.insert(queued.inserts.at(i).id, i);
        }
        for (qint64 id : ids) {
            const ApiKey* k = pool->find(id);
            if (!k)
                continue;
            if (const auto ins = insertAt.constFind(id); ins != insertAt.cend()) {
                queued.inserts[*ins] = *k; // not written yet: it will be written as it is now
                continue;
            }
            if (const auto at = editAt.constFind(id); at != editAt.cend()) {
                KeyEdit& e = queued.edits[*at];
                e.key = *k;
                e.fields |= fields;
            } else {
                queued.edits.append({*k, fields});
            }
        }
        writeQueued();
    }

    void onRemoved(const QList<qint64>& ids)
    {
        if (applying)
            return;
        QSet<qint64> set(ids.cbegin(), ids.cend());
        QSet<qint64> unwritten;
        for (const ApiKey& k : std::as_const(queued.inserts)) {
            if (set.contains(k.id))
                unwritten.insert(k.id);
        }
        dropQueuedFor(set);
        for (qint64 id : ids) {
            ownEdits.remove(id);
            if (!unwritten.contains(id))
                queued.removals.append(id);
        }
        writeQueued();
    }

    void onChanged()
    {
        if (!pool || applying)
            return;
        if (pool->unsavedHealthCount() > 0 && !flushTimer.isActive())
            flushTimer.start(flushIntervalMs);
    }

    bool followNow()
    {
        if (!pool)
            return false;
        if (!behind && !repo->hasChangesElsewhere())
            return true;
        behind = true;
        if (!flushNow())
            return false; // what this process changed goes first; retried at the next tick
        std::optional<KeyChanges> changes = repo->changesSince(sequence);
        if (!changes)
            return false;
        behind = false;
        sequence = changes->sequence;
        for (auto it = ownEdits.begin(); it != ownEdits.end();) {
            if (it.value() <= sequence)
                it = ownEdits.erase(it);
            else
                ++it;
        }
        const int changed = int(changes->changed.size());
        const int removed = int(changes->removed.size());
        applying = true;
        if (changes->complete) {
            pool->load(std::move(changes->changed));
        } else if (changed > 0 || removed > 0) {
            pool->applyStored(std::move(changes->changed), changes->removed);
        }
        if (!changes->buckets.isEmpty())
            pool->applyStoredBuckets(changes->buckets);
        applying = false;
        if (changed > 0 || removed > 0)
            Q_EMIT q->followed(changed, removed);
        return true;
    }
};

KeyWriteBehind::KeyWriteBehind(KeyRepository* repository, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->repo = repository;
    d->flushTimer.setSingleShot(true);
    connect(&d->flushTimer, &QTimer::timeout, this, [this] { d->flushNow(); });
    connect(&d->followTimer, &QTimer::timeout, this, [this] { d->followNow(); });
    connect(repository, &KeyRepository::changedElsewhere, this, [this] {
        d->behind = true;
        d->followNow();
    });
}

KeyWriteBehind::~KeyWriteBehind()
{
    detach();
}

bool KeyWriteBehind::attach(KeyPool* pool)
{
    detach();
    if (!pool)
        return false;
    if (!d->repo->isOpen()) {
        d->lastError = d->repo->lastError().isEmpty()
                           ? QCoreApplication::translate("egb::KeyStore", "The key database is not open.")
                           : d->repo->lastError();
        return false;
    }
    std::optional<KeySnapshot> snapshot = d->repo->load();
    if (!snapshot) {
        d->lastError = d->repo->lastError(); // never let a pool that failed to load overwrite the store
        return false;
    }
    d->lastError.clear();
    d->sequence = snapshot->sequence;
    d->behind = false;
    pool->load(std::move(snapshot->keys));
    pool->applyStoredBuckets(snapshot->buckets);
    pool->takeHealthDeltas(); // expiries applied at load are the stored state read, not news
    pool->takeBucketDeltas();
    d->pool = pool;
    pool->setKeyInserter([this](const QList<ApiKey>& keys) { return d->insert(keys); });
    d->connections << connect(pool, &KeyPool::keysEdited, this, [this](const QList<qint64>& ids) { d->onEdited(ids); });
    d->connections << connect(pool, &KeyPool::keysRemoved, this,
                              [this](const QList<qint64>& ids) { d->onRemoved(ids); });
    d->connections << connect(pool, &KeyPool::keysChanged, this, [this] { d->onChanged(); });
    if (d->followIntervalMs > 0)
        d->followTimer.start(d->followIntervalMs);
    return true;
}

void KeyWriteBehind::detach()
{
    for (const QMetaObject::Connection& c : std::as_const(d->connections))
        disconnect(c);
    d->connections.clear();
    d->followTimer.stop();
    if (d->pool || !d->queued.isEmpty())
        d->flushNow();
    d->flushTimer.stop();
    if (d->pool)
        d->pool->setKeyInserter({});
    d->pool = nullptr;
    d->ownEdits.clear();
}

KeyPool* KeyWriteBehind::pool() const
{
    return d->pool.data();
}

void KeyWriteBehind::setFlushInterval(int ms)
{
    d->flushIntervalMs = std::max(0, ms);
}

int KeyWriteBehind::flushInterval() const
{
    return d->flushIntervalMs;
}

void KeyWriteBehind::setFollowInterval(int ms)
{
    d->followIntervalMs = std::max(0, ms);
    if (d->followIntervalMs > 0 && d->pool)
        d->followTimer.start(d->followIntervalMs);
    else
        d->followTimer.stop();
}

int KeyWriteBehind::followInterval() const
{
    return d->followIntervalMs;
}

int KeyWriteBehind::pendingCount() const
{
    return int(d->queued.size()) + (d->pool ? d->pool->unsavedHealthCount() : 0);
}

bool KeyWriteBehind::flush()
{
    return d->flushNow();
}

bool KeyWriteBehind::follow()
{
    d->behind = true;
    return d->followNow();
}

bool KeyWriteBehind::isDegraded() const
{
    return d->degraded;
}

QString KeyWriteBehind::lastError() const
{
    return d->lastError;
}

QString KeyWriteBehind::writeProblem() const
{
    return d->degraded ? d->problem : QString();
}

qint64 KeyWriteBehind::sequence() const
{
    return d->sequence;
}

} // namespace egb
