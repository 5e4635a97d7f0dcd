#pragma once

#include "ApiKey.h"
#include "QuotaBucketRecord.h"

#include <QFlags>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace egb {

/// The fields a person's action sets (KeyEdit). A person's edit wins over any health report still in flight.
enum class KeyField : quint32
{
    Label = 0x1,
    Group = 0x2,
    RpmLimit = 0x4,
    Status = 0x8,    ///< status, disabled reason and cooldown
    Streaks = 0x10,  ///< 429s in a row and server faults in a row
    Health = 0x20,   ///< weight, failures in a row, last HTTP status and error
    Counters = 0x40, ///< total successes and failures, set rather than added (a reset)
};
Q_DECLARE_FLAGS(KeyFields, KeyField)
Q_DECLARE_OPERATORS_FOR_FLAGS(KeyFields)

/// A person's action on one key: `fields` of `key` replace the stored ones, whatever health reports say.
struct KeyEdit
{
    ApiKey key;
    KeyFields fields;
};

/// What attempts did to one key, as a change that commutes with what other processes write meanwhile:
/// - the counters are added to the stored ones;
/// - lastUsedMs is kept at the latest;
/// - the state (status, cooldown, weight, streaks, last status and error) applies only when no person edited the
///   key after `knownSequence` (a person wins); then a cooldown is only ever extended, a disabled key stays disabled
///   (only a person enables it), a delta's disable wins, a cooling key stays cooling until its time has passed
///   at `nowMs`.
/// A delta for a key that is no longer stored (removed elsewhere) is dropped.
struct KeyHealthDelta
{
    qint64 id = 0;
    qint64 addSuccesses = 0;
    qint64 addFailures = 0;
    qint64 knownSequence = 0; ///< the newest change of this key the writer had seen (KeyRepository sequence)
    qint64 nowMs = 0;
    ApiKey state; ///< the key as the writer sees it (id, secret, label, group, rpm limit and counters unused)
};

/// Everything stored, and the sequence it is current as of.
struct KeySnapshot
{
    std::vector<ApiKey> keys; ///< ordered by id
    qint64 sequence = 0;
    QList<QuotaBucketRecord> buckets; ///< every (project, model) bucket stored
};

/// What changed since a sequence (made by any process, this one included).
struct KeyChanges
{
    std::vector<ApiKey> changed;      ///< added or changed keys as they are stored now, ordered by id
    QList<qint64> removed;            ///< ids removed
    qint64 sequence = 0;              ///< pass this to the next changesSince()
    QList<QuotaBucketRecord> buckets; ///< (project, model) buckets changed, as they are stored now
    /// True when the repository could not say what changed (too far behind): `changed` then holds every stored key
    /// and `removed` is empty; the cache must drop every key that is not in `changed`.
    bool complete = false;
};

/// Everything one flush writes, in one transaction.
struct KeyWriteBatch
{
    /// New keys. id 0: the repository gives one. An id set (a key kept in memory while writing failed): kept when
    /// free, else a new one is given. A secret already stored is not written (reported as 0 in insertedIds).
    QList<ApiKey> inserts;
    /// Rows written as they are, ids kept (restoring a database that lost them, copying a pool); written first.
    QList<ApiKey> saves;
    QList<KeyEdit> edits;
    QList<KeyHealthDelta> health;
    QList<qint64> removals;
    QList<QuotaBucketRecord> buckets; ///< quota bucket changes (QuotaBucketRecord's rules), one per (project, model)
    /// Every stored bucket is dropped before `buckets` are written, so they become the whole quota state (a pool
    /// copied over another). Followers are not told of the dropped ones.
    bool replaceBuckets = false;

    bool isEmpty() const
    {
        return inserts.isEmpty() && saves.isEmpty() && edits.isEmpty() && health.isEmpty() && removals.isEmpty() &&
               buckets.isEmpty() && !replaceBuckets;
    }
    qsizetype size() const
    {
        return inserts.size() + saves.size() + edits.size() + health.size() + removals.size() + buckets.size();
    }
};

struct KeyWriteResult
{
    QList<qint64> insertedIds; ///< one per KeyWriteBatch::inserts: the stored id, 0 when the secret was stored already
    qint64 sequence = 0;       ///< the sequence of this write (0 when it wrote nothing)
    /// No other process wrote between the last load() / changesSince() and this write: a cache that was current
    /// then is current at `sequence` now, and need not read its own write back.
    bool caughtUp = false;
};

/// The key table behind an interface: the SQLite file (SqliteKeyRepository) or a team's PostgreSQL database.
///
/// The database is the truth; a KeyPool is a cache of it. Ids and secret uniqueness come from the database. Every
/// write carries a sequence number, increasing with every committed write; changesSince(n) answers what any
/// process changed after n. hasChangesElsewhere() is the cheap question asked a few times a second (SQLite's
/// `PRAGMA data_version`); a backend that is told of changes (PostgreSQL's NOTIFY) emits changedElsewhere().
///
/// Failures return nullopt / false; lastError() then holds a clear, translated message that names the database,
/// and problem() the cause in a few words ("the disk is full"). Used from one thread.
class KeyRepository : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~KeyRepository() override;

    virtual bool isOpen() const = 0;
    /// The file path or the database URL without password, as shown to people.
    virtual QString location() const = 0;
    virtual QString lastError() const = 0;
    virtual QString problem() const = 0;

    virtual std::optional<KeySnapshot> load() = 0;
    /// One transaction: saves, inserts, edits, health deltas, removals and bucket changes, in that order. On failure
    /// nothing is written.
    virtual std::optional<KeyWriteResult> write(const KeyWriteBatch& batch) = 0;
    virtual std::optional<KeyChanges> changesSince(qint64 sequence) = 0;
    /// True when another connection committed something since the last call (may be true when nothing of the
    /// key table changed). Cheap: asked a few times a second.
    virtual bool hasChangesElsewhere() = 0;
    /// True once after the store lost everything it held and was created again, empty (the SQLite file was removed
    /// while in use): the write that found it failed, and the cache then writes every key it holds.
    virtual bool takeRecreated() { return false; }

Q_SIGNALS:
    /// Another process changed the keys (for backends that are told; polling backends need not emit it).
    void changedElsewhere();
};

} // namespace egb

Q_DECLARE_METATYPE(egb::KeyFields)
