#pragma once

#include "ApiKey.h"
#include "HealthPolicy.h"
#include "KeyRepository.h"
#include "ModelLimits.h"
#include "Outcome.h"
#include "RequestLogEntry.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace egb {

class KeyLease;
class RequestHistory;

/// Counts of the pool at one moment.
struct PoolStats
{
    int total = 0;
    int available = 0;
    int coolingDown = 0;
    int disabled = 0;
    /// available / total, 0 for an empty pool.
    double availableShare() const { return total > 0 ? double(available) / double(total) : 0.0; }
    bool operator==(const PoolStats&) const = default;
};

enum class SelectionStrategy
{
    Weighted,   ///< random, proportional to weight (Fenwick tree, O(log n))
    RoundRobin, ///< every available key in turn
};

/// The in-memory truth about every key, and the balancer that picks them.
///
/// Keys live in a dense vector (row order = insertion order), so views can address them by row.
/// Weighted picks and weight changes are O(log n). Cooldowns and per-key RPM pacing expire on their own:
/// the pool looks at its clock on every pick and keeps a timer for the earliest expiry.
///
/// Costs (n keys): weighted pick O(log n) (Fenwick tree over integer fixed-point weights, exact sums); round robin
/// O(log n) too (the next row after the cursor with non-zero weight is found through the same tree); a weight or
/// status change O(log n); pick(n) O(n log size). Bulk actions (enable/disable/reset) O(ids log n); remove, load and
/// addKeys O(size) whatever the number of ids. Expiries: a min-heap of (time, row) per kind, stale entries (the row's
/// deadline changed since) are skipped; O(1) per pick when nothing is due.
///
/// Quotas per (project, model) (DESIGN.md): a key's project is its group, or the key alone when it has none. Every
/// outcome that names a model (Outcome::model, set by the Dispatcher) feeds that bucket through
/// HealthPolicy::applyToBucket: a 429 rests the bucket, not the key, so the key keeps serving other models.
/// pick(model) returns only keys whose bucket may serve the model now (not resting, not at the person's limits or the
/// learned one for the current window), prefers an idle key (no request in flight) to a busy one, and charges the
/// bucket; unpick() refunds a pick that was not sent. 503 "overloaded" answers in a row (HealthSettings::
/// overloadsBeforeBackoff, with no success of the model between them) back the whole model off, with jitter.
///
/// RPM pacing: a key with limit r (its own rpmLimit, else defaultRpmLimit; 0 = unlimited) is not picked again for
/// 60000 / r ms after a pick (a minimum spacing, not a sliding window). Pacing is invisible in the key's state:
/// stats() counts a paced key as available, and no keysChanged is emitted for it; nextAvailableAtMs() includes it.
///
/// availabilityLow is emitted when available/total falls below the threshold (an empty pool is never "low"), once
/// per crossing; availabilityRestored when it is no longer below.
///
/// Not thread-safe: use it from the thread it lives in (the GUI or CLI main thread).
///
/// Signals: user actions (add, remove, enable, disable, reset, edit) emit `keysAdded` / `keysRemoved` /
/// `keysEdited` synchronously, so a KeyStore connected to them commits before the call returns. Every change,
/// health reports included, is also gathered and emitted as one `keysChanged(ids)` at most every ~100 ms.
class KeyPool : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; ///< milliseconds since the Unix epoch, UTC

    explicit KeyPool(QObject* parent = nullptr);
    ~KeyPool() override;

    // --- configuration -------------------------------------------------------------------------------------------
    void setClock(Clock clock); ///< for tests; default QDateTime::currentMSecsSinceEpoch
    qint64 now() const;
    void setHealthSettings(const HealthSettings& settings);
    const HealthSettings& healthSettings() const;
    void setStrategy(SelectionStrategy strategy);
    SelectionStrategy strategy() const;
    void setDefaultRpmLimit(int rpm); ///< applies to keys whose own rpmLimit is 0; 0 = unlimited
    int defaultRpmLimit() const;
    void setAvailabilityThreshold(double share); ///< default 0.5 (the seed's alert)
    double availabilityThreshold() const;
    void setChangeInterval(int ms); ///< coalescing interval of keysChanged, default 100 ms
    void setRandomSeed(quint64 seed);
    /// Every outcome passed to report() is also counted in `history` (the Overview's requests per minute), at
    /// now(), whatever its class and whether or not the id is known: an attempt happened. Not owned; nullptr stops
    /// it. O(1) per report.
    void setRequestHistory(RequestHistory* history);
    RequestHistory* requestHistory() const;
    /// The person's per-project limits by model family (Settings); they pace pick(model).
    void setModelLimits(const ModelLimits& limits);
    const ModelLimits& modelLimits() const;
    /// The request log: every attempt its users make (Dispatcher, key checks) goes to `observer` through
    /// logAttempt(). Not owned; nullptr stops it. Set it before requests start and clear it before it dies.
    void setAttemptObserver(AttemptObserver* observer);
    AttemptObserver* attemptObserver() const;
    /// Applies every cooldown and pacing deadline that has passed at now() (picks and stats() do it too).
    /// With an injected clock, call it after moving time forward to see keys come back without a pick.
    void refresh();
    /// Emits the pending coalesced keysChanged / statsChanged now instead of at the end of the interval.
    void flushChanges();

    // --- contents --------------------------------------------------------------------------------------------------
    int size() const;
    bool isEmpty() const { return size() == 0; }
    const ApiKey& at(int row) const; ///< row in [0, size())
    int rowOf(qint64 id) const;      ///< -1 when unknown
    const ApiKey* find(qint64 id) const;
    std::optional<ApiKey> key(qint64 id) const;
    qint64 idOfSecret(const QString& secret) const; ///< 0 when the pool does not hold it
    bool containsSecret(const QString& secret) const { return idOfSecret(secret) != 0; }
    QList<qint64> ids() const;
    QList<qint64> idsInGroup(const QString& group) const;
    PoolStats stats() const;

    /// Replace everything with keys loaded from storage (ids kept). Emits poolReset().
    void load(std::vector<ApiKey> keys);
    /// Add new keys (secrets not yet in the pool; others are skipped). Ids come from the inserter when one is set
    /// (the database's), else the pool numbers them. Returns the new ids.
    QList<qint64> addKeys(const QList<ApiKey>& keys);
    QList<qint64> addSecrets(const QStringList& secrets, const QString& label = {}, const QString& group = {});

    // --- the seam to storage (the pool is a cache of the shared truth) -------------------------------------------
    /// Stores new keys and answers their ids: one per key, 0 for a key storage holds already (added by another
    /// process: addKeys() skips it, so the caller reports it as a duplicate).
    using KeyInserter = std::function<QList<qint64>(const QList<ApiKey>& keys)>;
    void setKeyInserter(KeyInserter inserter);
    /// Keys as storage holds them now, changed by another process: known ids are replaced (health counts not yet
    /// taken stay on top), new ids appended (keysAdded), `removed` ids dropped (keysAboutToBeRemoved, keysRemoved).
    /// Emits no keysEdited: nothing of this is to be written back.
    void applyStored(std::vector<ApiKey> changed, const QList<qint64>& removed);
    /// While keysEdited is being emitted: the fields the person's action set.
    KeyFields editedFields() const;
    /// What report() (and cooldown expiries) changed since the last call, one delta per key, and forget it.
    /// knownSequence is left 0 for the caller to fill.
    QList<KeyHealthDelta> takeHealthDeltas();
    /// Keys with health not yet taken, plus quota buckets changed since takeBucketDeltas().
    int unsavedHealthCount() const;

    // --- selection -------------------------------------------------------------------------------------------------
    /// One available key by the current strategy; 0 when none is available right now.
    qint64 pick();
    /// Up to n distinct available keys, each charged as sent (the seed's get_keys(n)).
    QList<qint64> pick(int n);
    /// One key whose project may serve `model` now ("models/" prefix allowed; empty = any model, as pick()):
    /// an idle key before a busy one, a key outside `avoid` before one in it. Charges the key's pacing and the
    /// (project, model) bucket; 0 when none may serve it now (see nextAvailableAtMs(model)).
    /// A non-empty `project` (projectOf()'s form: a group, or "#<id>") pins the pick to that project's keys: no
    /// other key is ever returned (a file uploaded with a key belongs to its project). O(keys of the project) then;
    /// the unpinned path is unchanged.
    qint64 pick(const QString& model, const QSet<qint64>& avoid = {}, const QString& project = {});
    /// A pick that was not sent after all: its charge (key pacing, bucket request) is given back, the key is idle.
    void unpick(qint64 id, const QString& model = {});
    /// The key's request ended without a report (KeyLease::release): it is no longer in flight.
    void release(qint64 id);
    /// Requests picked and not yet reported for this key.
    int inFlight(qint64 id) const;
    /// A key picked and held: reports success when it leaves scope unless marked failed. Invalid when none.
    KeyLease lease();
    /// When the earliest cooling or paced key becomes available again; -1 when none will by itself.
    /// now() when a key is available already.
    qint64 nextAvailableAtMs() const;
    /// The same for keys whose project may serve `model` (its buckets' rests and pacing, the model's overload
    /// backoff included); -1 when no key ever will by itself (all disabled, or the model not offered anywhere).
    /// A non-empty `project` counts only that project's keys (-1 when it has none that will be usable).
    qint64 nextAvailableAtMs(const QString& model, const QString& project = {}) const;

    // --- quota buckets ---------------------------------------------------------------------------------------------
    /// The project the key belongs to for quotas: its group, or "#<id>" for a key without one. Empty when unknown.
    QString projectOf(qint64 id) const;
    /// The key's project's bucket for `model`; nullopt when nothing was sent for that model yet.
    std::optional<QuotaBucket> bucket(qint64 id, const QString& model) const;
    /// Every model the key's project has a bucket for, sorted by name.
    QStringList bucketModels(qint64 id) const;
    /// The limits that pace `model`: the person's.
    QuotaLimits limitsFor(const QString& model) const;
    /// Until when `model` backs off pool-wide after 503 "overloaded"; 0 when it does not.
    qint64 modelBackoffUntilMs(const QString& model) const;
    /// Forgets what the key's project learned for `model` (every model when empty): the learned limit, and that
    /// Google does not offer the model to it.
    void resetLearnedLimits(qint64 id, const QString& model = {});
    /// What this process changed in the quota buckets since the last call, one change per (project, model) as
    /// QuotaBucketRecord's rules say (today's usage as increments), and forget it. O(buckets changed).
    QList<QuotaBucketRecord> takeBucketDeltas();
    /// Buckets as storage holds them (loaded, or changed by another process): the rests are extended to the
    /// stored ones, the learned part is taken from storage, and today's usage is the stored one plus what this
    /// process counted and has not handed out yet. A bucket of a project no key of the pool belongs to is kept
    /// too (its key may come later).
    void applyStoredBuckets(const QList<QuotaBucketRecord>& stored);
    // --- health ----------------------------------------------------------------------------------------------------
    /// Feed one attempt's outcome through the HealthPolicy (and into the request history, if one is set).
    /// Unknown ids are ignored by the health policy.
    void report(qint64 id, const Outcome& outcome);
    /// Hands one attempt to the attempt observer (nothing without one), filling in what the pool knows: the time
    /// (now()) when it is 0, the key's masked form and project (group) when they are empty. O(1).
    void logAttempt(RequestLogEntry entry);

    // --- user actions (bulk; each emits keysEdited / keysRemoved once) ----------------------------------------------
    void enable(const QList<qint64>& ids);
    void disable(const QList<qint64>& ids, const QString& reason = {});
    void
    reset(const QList<qint64>& ids); ///< counters cleared, weight 1, active; the projects' learned limits forgotten
    void remove(const QList<qint64>& ids);
    void setLabel(qint64 id, const QString& label);
    void setGroup(qint64 id, const QString& group);
    void setRpmLimit(qint64 id, int rpm);

Q_SIGNALS:
    void keysChanged(const QList<qint64>& ids); ///< coalesced, at most every changeInterval
    void keysAdded(const QList<qint64>& ids);   ///< synchronous, rows appended at the end
    void keysAboutToBeRemoved(const QList<qint64>& ids);
    void keysRemoved(const QList<qint64>& ids);        ///< synchronous
    void keysEdited(const QList<qint64>& ids);         ///< synchronous: user actions that must be saved now
    void poolReset();                                  ///< load() replaced everything
    void statsChanged(const egb::PoolStats& stats);    ///< coalesced with keysChanged
    void availabilityLow(const egb::PoolStats& stats); ///< share fell below the threshold
    void availabilityRestored(const egb::PoolStats& stats);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::PoolStats)
