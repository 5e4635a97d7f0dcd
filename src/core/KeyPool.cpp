#include "KeyPool.h"

#include "FenwickTree.h"
#include "IdIndex.h"
#include "KeyLease.h"
#include "QuotaBucketSync.h"
#include "RequestHistory.h"

#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>

namespace egb {

namespace {

/// Weights live in the tree as integers (fixed point), so sums never drift and a zero really is a zero.
constexpr double WeightScale = double(1 << 20);

quint64 weightUnits(double weight)
{
    const double w = std::clamp(std::isfinite(weight) ? weight : 0.0, 0.0, 1.0);
    return std::max<quint64>(1, quint64(std::llround(w * WeightScale)));
}

/// xoshiro256** seeded through splitmix64: a few nanoseconds per number, no allocation.
class Xoshiro256
{
public:
    void seed(quint64 value)
    {
        for (quint64& word : m_s) {
            value += 0x9e3779b97f4a7c15ULL;
            quint64 z = value;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }
    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    /// Uniform in [0, bound), bound > 0 (the modulo bias is below 2^-40 for the pool's totals).
    quint64 below(quint64 bound) { return next() % bound; }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4] = {1, 2, 3, 4};
};

/// What selection needs of one row, packed in one cache line's half so a pick touches a single line per row.
struct RowState
{
    quint64 effective = 0; ///< the row's value in the tree: 0 when it cannot be picked now
    qint64 pacedUntil = 0; ///< 0 when not paced
    int rpmLimit = 0;      ///< the key's own limit (mirrors ApiKey::rpmLimit)
    int inFlight = 0;      ///< picked and not yet reported
    char dirty = 0;        ///< the id is in dirtyIds
    char seen = 0;         ///< scratch mark for validIds(), zero between calls
    char unsaved = 0;      ///< health changed since takeHealthDeltas(): the id is in `unsaved`
};

/// A pending expiry: at `timeMs`, row `row` may become available. An entry is stale (and skipped) when the row's
/// current deadline is no longer `timeMs`, which plays the role of a generation counter.
struct Expiry
{
    qint64 timeMs;
    int row;
};

struct LaterFirst
{
    bool operator()(const Expiry& a, const Expiry& b) const { return a.timeMs > b.timeMs; }
};

} // namespace

struct KeyPool::Private
{
    KeyPool* q = nullptr;
    Clock clock;
    HealthPolicy policy;
    SelectionStrategy strategy = SelectionStrategy::Weighted;
    int defaultRpm = 0;
    double threshold = 0.5;
    Xoshiro256 rng;
    QPointer<RequestHistory> history;           ///< not owned; fed by report()
    AttemptObserver* attemptObserver = nullptr; ///< not owned; fed by logAttempt()

    // One entry per row in each vector below.
    std::vector<ApiKey> keys;
    std::vector<RowState> state;
    int rpmKeys = 0; ///< keys with their own rpmLimit; with none and no default, picks skip pacing
    IdIndex rowById;
    QHash<QString, qint64> idBySecret;
    qint64 maxId = 0;
    FenwickTree tree;                           ///< every pickable row
    FenwickTree idleTree;                       ///< the pickable rows with nothing in flight: picks prefer them
    std::vector<QString> projects;              ///< per row: the quota project (group, or "#id")
    QHash<QString, std::vector<int>> groupRows; ///< rows of each non-empty group
    struct ModelState
    {
        QuotaLimits limits;                  ///< the person's, for this model
        QHash<QString, QuotaBucket> buckets; ///< by project
        /// by project: the bucket as storage last had it from this process (written or read), for the deltas
        QHash<QString, QuotaBucketRecord> saved;
        int overloadStreak = 0;
        qint64 overloadUntilMs = 0;
    };
    QHash<QString, ModelState> models;              ///< by normalized model id
    QSet<std::pair<QString, QString>> dirtyBuckets; ///< (model, project) changed since takeBucketDeltas()
    ModelLimits modelLimits;
    std::vector<std::pair<int, quint64>> excluded; ///< pick(model): rows taken out of the trees for one pick
    int rrCursor = 0;                              ///< round robin: the next row to consider

    std::vector<Expiry> coolHeap; ///< cooldowns (visible state: they change status and emit keysChanged)
    std::vector<Expiry> paceHeap; ///< RPM pacing (invisible: only selection looks at it)
    QTimer* expiryTimer = nullptr;
    qint64 armedForMs = -1;

    int cooling = 0;
    int disabled = 0;
    bool low = false;

    std::vector<qint64> dirtyIds;
    bool statsDirty = false;
    QTimer* flushTimer = nullptr;

    /// Keys whose health changed since takeHealthDeltas(), with their counters when they first changed.
    struct Unsaved
    {
        qint64 id;
        qint64 successes;
        qint64 failures;
    };
    std::vector<Unsaved> unsaved;
    KeyInserter inserter;
    KeyFields editing; ///< set while keysEdited is emitted

    std::vector<int> scratchRows;
    std::vector<quint64> scratchValues;

    // --- helpers ------------------------------------------------------------------------------------------------
    qint64 nowMs() const { return clock ? clock() : QDateTime::currentMSecsSinceEpoch(); }

    int rpmOf(int row) const
    {
        const int own = state[size_t(row)].rpmLimit;
        return own > 0 ? own : defaultRpm;
    }

    quint64 desiredEffective(int row) const
    {
        const ApiKey& k = keys[size_t(row)];
        if (k.status != KeyStatus::Active || state[size_t(row)].pacedUntil != 0)
            return 0;
        return weightUnits(k.weight);
    }

    void setEffective(int row, quint64 value)
    {
        RowState& r = state[size_t(row)];
        quint64& current = r.effective;
        if (current == value)
            return;
        tree.add(row, value - current);
        if (r.inFlight == 0)
            idleTree.add(row, value - current);
        current = value;
    }

    void setInFlight(int row, int count)
    {
        RowState& r = state[size_t(row)];
        count = std::max(0, count);
        if ((r.inFlight == 0) != (count == 0))
            idleTree.add(row, count == 0 ? r.effective : quint64(0) - r.effective);
        r.inFlight = count;
    }

    void buildTrees()
    {
        const int n = int(keys.size());
        tree.build(
            n, [this](int row) { return state[size_t(row)].effective; },
            [this](int row) { return keys[size_t(row)].id; });
        idleTree.build(
            n, [this](int row) { return state[size_t(row)].inFlight == 0 ? state[size_t(row)].effective : 0; },
            [this](int row) { return keys[size_t(row)].id; });
    }

    static QString projectFor(const ApiKey& k) { return k.group.isEmpty() ? QStringLiteral("#%1").arg(k.id) : k.group; }

    void rebuildGroups()
    {
        groupRows.clear();
        projects.resize(keys.size());
        for (size_t row = 0; row < keys.size(); ++row) {
            projects[row] = projectFor(keys[row]);
            if (!keys[row].group.isEmpty())
                groupRows[keys[row].group].push_back(int(row));
        }
    }

    ModelState& modelState(const QString& model)
    {
        auto it = models.find(model);
        if (it == models.end()) {
            it = models.insert(model, ModelState{});
            it->limits = modelLimits.limitsFor(model);
        }
        return *it;
    }

    /// The bucket (model, project) changed: takeBucketDeltas() hands it out.
    void touchBucket(const QString& model, const QString& project) { dirtyBuckets.insert({model, project}); }

    /// The rows of `project` ("#<id>" or a group name).
    template <typename F>
    void forRowsOfProject(const QString& project, F f)
    {
        if (const auto it = groupRows.constFind(project); it != groupRows.cend()) {
            for (int r : *it)
                f(r);
            return;
        }
        if (project.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const int row = rowById.find(QStringView(project).mid(1).toLongLong(&ok));
            if (ok && row >= 0 && keys[size_t(row)].group.isEmpty())
                f(row);
        }
    }

    /// The rows sharing row's project (itself for a key without a group).
    template <typename F>
    void forProjectRows(int row, F f)
    {
        const QString& group = keys[size_t(row)].group;
        if (group.isEmpty()) {
            f(row);
            return;
        }
        const auto it = groupRows.constFind(group);
        if (it == groupRows.cend()) {
            f(row);
            return;
        }
        for (int r : *it)
            f(r);
    }

    void syncRow(int row) { setEffective(row, desiredEffective(row)); }

    void markDirty(int row)
    {
        RowState& r = state[size_t(row)];
        if (r.dirty)
            return; // already queued, and the flush timer is running
        r.dirty = 1;
        dirtyIds.push_back(tree.idAt(row));
        scheduleFlush();
    }

    /// Call before a health change of `row`: remembers its counters so the change can be taken as a delta.
    void markUnsaved(int row)
    {
        RowState& r = state[size_t(row)];
        if (r.unsaved)
            return;
        r.unsaved = 1;
        const ApiKey& k = keys[size_t(row)];
        unsaved.push_back({k.id, k.totalSuccesses, k.totalFailures});
    }

    Unsaved* unsavedEntry(qint64 id)
    {
        for (Unsaved& u : unsaved) {
            if (u.id == id)
                return &u;
        }
        return nullptr;
    }

    void emitEdited(const QList<qint64>& ids, KeyFields fields)
    {
        editing = fields;
        Q_EMIT q->keysEdited(ids);
        editing = {};
    }

    /// Appends keys that carry their ids already (not yet in the pool). Emits keysAdded. Returns their ids.
    QList<qint64> appendRows(std::vector<ApiKey>& rows)
    {
        QList<qint64> added;
        for (ApiKey& k : rows) {
            if (k.id <= 0 || k.secret.isEmpty() || rowById.find(k.id) >= 0 || idBySecret.contains(k.secret))
                continue;
            const int row = int(keys.size());
            maxId = std::max(maxId, k.id);
            idBySecret.insert(k.secret, k.id);
            rowById.set(k.id, row, qsizetype(keys.size()) + 1);
            countStatus(KeyStatus::Active, k.status);
            RowState r;
            r.rpmLimit = k.rpmLimit;
            state.push_back(r);
            rpmKeys += k.rpmLimit > 0;
            keys.push_back(std::move(k));
            added.append(keys.back().id);
        }
        if (added.isEmpty())
            return added;
        // Appending is rare next to picking: rebuild the tree in O(n) rather than keep an append path.
        const int first = int(keys.size()) - int(added.size());
        for (int row = first; row < int(keys.size()); ++row) {
            state[size_t(row)].effective = desiredEffective(row);
            if (keys[size_t(row)].status == KeyStatus::CoolingDown) {
                coolHeap.push_back({keys[size_t(row)].cooldownUntilMs, row});
                std::push_heap(coolHeap.begin(), coolHeap.end(), LaterFirst{});
            }
        }
        buildTrees();
        rebuildGroups();
        armedForMs = -1;
        armExpiryTimer();
        Q_EMIT q->keysAdded(added);
        checkAvailability();
        scheduleFlush();
        return added;
    }

    void scheduleFlush()
    {
        statsDirty = true;
        if (!flushTimer->isActive())
            flushTimer->start();
    }

    /// Moves a key from one status to another, keeping the counters right.
    void countStatus(KeyStatus from, KeyStatus to)
    {
        if (from == to)
            return;
        if (from == KeyStatus::CoolingDown)
            --cooling;
        else if (from == KeyStatus::Disabled)
            --disabled;
        if (to == KeyStatus::CoolingDown)
            ++cooling;
        else if (to == KeyStatus::Disabled)
            ++disabled;
    }

    void pushCooling(int row)
    {
        coolHeap.push_back({keys[size_t(row)].cooldownUntilMs, row});
        std::push_heap(coolHeap.begin(), coolHeap.end(), LaterFirst{});
        if (armedForMs < 0 || coolHeap.front().timeMs < armedForMs)
            armExpiryTimer();
    }

    void pace(int row, qint64 now)
    {
        if (defaultRpm <= 0 && rpmKeys == 0)
            return;
        const int rpm = rpmOf(row);
        if (rpm <= 0)
            return;
        const qint64 until = now + std::max<qint64>(1, 60'000 / rpm);
        state[size_t(row)].pacedUntil = until;
        setEffective(row, 0);
        paceHeap.push_back({until, row});
        std::push_heap(paceHeap.begin(), paceHeap.end(), LaterFirst{});
    }

    bool coolEntryValid(const Expiry& e) const
    {
        if (e.row < 0 || e.row >= int(keys.size()))
            return false;
        const ApiKey& k = keys[size_t(e.row)];
        return k.status == KeyStatus::CoolingDown && k.cooldownUntilMs == e.timeMs;
    }

    /// Applies every cooldown and pacing deadline that has passed at `now`. O(1) when nothing is due.
    void expire(qint64 now)
    {
        bool statusChanged = false;
        while (!coolHeap.empty() && coolHeap.front().timeMs <= now) {
            const Expiry e = coolHeap.front();
            std::pop_heap(coolHeap.begin(), coolHeap.end(), LaterFirst{});
            coolHeap.pop_back();
            if (!coolEntryValid(e))
                continue;
            markUnsaved(e.row);
            ApiKey& k = keys[size_t(e.row)];
            k.status = KeyStatus::Active;
            k.cooldownUntilMs = 0;
            countStatus(KeyStatus::CoolingDown, KeyStatus::Active);
            syncRow(e.row);
            markDirty(e.row);
            statusChanged = true;
        }
        while (!paceHeap.empty() && paceHeap.front().timeMs <= now) {
            const Expiry e = paceHeap.front();
            std::pop_heap(paceHeap.begin(), paceHeap.end(), LaterFirst{});
            paceHeap.pop_back();
            if (e.row < int(keys.size()) && state[size_t(e.row)].pacedUntil == e.timeMs) {
                state[size_t(e.row)].pacedUntil = 0;
                syncRow(e.row);
            }
        }
        if (statusChanged) {
            checkAvailability();
            armExpiryTimer();
        }
    }

    /// Arms the single expiry timer for the earliest live cooldown (stale entries on top are dropped first).
    void armExpiryTimer()
    {
        while (!coolHeap.empty() && !coolEntryValid(coolHeap.front())) {
            std::pop_heap(coolHeap.begin(), coolHeap.end(), LaterFirst{});
            coolHeap.pop_back();
        }
        if (coolHeap.empty()) {
            expiryTimer->stop();
            armedForMs = -1;
            return;
        }
        const qint64 at = coolHeap.front().timeMs;
        if (expiryTimer->isActive() && at == armedForMs)
            return;
        armedForMs = at;
        const qint64 delay = std::clamp<qint64>(at - nowMs(), 0, INT_MAX);
        expiryTimer->start(int(delay));
    }

    /// Rows whose cooldown has passed at `now` but is not applied yet: O(due entries), through the heap's order.
    int dueCoolings(qint64 now) const
    {
        if (coolHeap.empty() || coolHeap.front().timeMs > now)
            return 0;
        QSet<int> rows;
        std::vector<size_t> stack{0};
        while (!stack.empty()) {
            const size_t i = stack.back();
            stack.pop_back();
            if (i >= coolHeap.size() || coolHeap[i].timeMs > now)
                continue; // the heap's children are never earlier than their parent
            if (coolEntryValid(coolHeap[i]))
                rows.insert(coolHeap[i].row);
            stack.push_back(2 * i + 1);
            stack.push_back(2 * i + 2);
        }
        return int(rows.size());
    }

    PoolStats currentStats() const
    {
        PoolStats s;
        s.total = int(keys.size());
        s.coolingDown = cooling;
        s.disabled = disabled;
        s.available = s.total - cooling - disabled;
        return s;
    }

    /// Emits availabilityLow / availabilityRestored when the share crosses the threshold (not on every change).
    void checkAvailability()
    {
        const PoolStats s = currentStats();
        const bool nowLow = s.total > 0 && s.availableShare() < threshold;
        if (nowLow == low)
            return;
        low = nowLow;
        if (low)
            Q_EMIT q->availabilityLow(s);
        else
            Q_EMIT q->availabilityRestored(s);
    }

    void flush()
    {
        expire(nowMs());
        QList<qint64> ids;
        ids.reserve(qsizetype(dirtyIds.size()));
        for (qint64 id : dirtyIds) {
            const int row = rowById.find(id);
            if (row < 0)
                continue; // removed since
            char& flag = state[size_t(row)].dirty;
            if (flag) {
                flag = 0;
                ids.append(id);
            }
        }
        dirtyIds.clear();
        const bool stats = statsDirty;
        statsDirty = false;
        flushTimer->stop(); // changes made by the receivers below start a new round
        if (!ids.isEmpty())
            Q_EMIT q->keysChanged(ids);
        if (stats || !ids.isEmpty())
            Q_EMIT q->statsChanged(currentStats());
    }

    /// Rebuilds every index from `keys` (after load or removal): O(n).
    void rebuildIndexes()
    {
        const size_t n = keys.size();
        rowById.clear();
        idBySecret.clear();
        idBySecret.reserve(qsizetype(n));
        cooling = 0;
        disabled = 0;
        coolHeap.clear();
        paceHeap.clear();
        rpmKeys = 0;
        for (size_t row = 0; row < n; ++row) {
            const ApiKey& k = keys[row];
            rowById.set(k.id, int(row), qsizetype(n));
            RowState& r = state[row];
            r.rpmLimit = k.rpmLimit;
            rpmKeys += k.rpmLimit > 0;
            idBySecret.insert(k.secret, k.id); // a repeated secret maps to its last row; addKeys() never makes one
            maxId = std::max(maxId, k.id);
            countStatus(KeyStatus::Active, k.status);
            if (k.status == KeyStatus::CoolingDown)
                coolHeap.push_back({k.cooldownUntilMs, int(row)});
            if (r.pacedUntil != 0)
                paceHeap.push_back({r.pacedUntil, int(row)});
            r.effective = desiredEffective(int(row));
        }
        std::make_heap(coolHeap.begin(), coolHeap.end(), LaterFirst{});
        std::make_heap(paceHeap.begin(), paceHeap.end(), LaterFirst{});
        buildTrees();
        rebuildGroups();
        if (rrCursor > int(n))
            rrCursor = 0;
        armedForMs = -1;
        armExpiryTimer();
    }

    /// The next available row at or after the cursor, wrapping around; -1 when none. O(log n).
    int nextRoundRobin(const FenwickTree& t)
    {
        const quint64 total = t.total();
        if (total == 0)
            return -1;
        const int n = int(keys.size());
        if (rrCursor >= n)
            rrCursor = 0;
        const quint64 before = t.prefix(rrCursor);
        const int row = t.find(before < total ? before : 0);
        rrCursor = row + 1;
        return row;
    }

    /// A picked key is usually reported soon: start loading what report() touches (the id slot and the key's health
    /// fields) so those memory loads overlap instead of following one another. Only a hint; no effect on results.
    void prefetchForReport([[maybe_unused]] int row, [[maybe_unused]] qint64 id) const
    {
#if defined(__GNUC__)
        rowById.prefetch(id);
        const char* key = reinterpret_cast<const char*>(&keys[size_t(row)]);
        __builtin_prefetch(key + offsetof(ApiKey, status), 1);
        __builtin_prefetch(key + offsetof(ApiKey, rateLimitStreak), 1);
        __builtin_prefetch(&state[size_t(row)], 1);
#endif
    }

    /// One pickable row by the strategy, an idle one when there is one; -1 when none.
    int pickRow()
    {
        const FenwickTree& t = idleTree.total() > 0 ? idleTree : tree;
        if (t.total() == 0)
            return -1;
        if (strategy == SelectionStrategy::RoundRobin)
            return nextRoundRobin(t);
        return t.find(rng.below(t.total()));
    }

    /// Takes a row out of both trees until restoreExcluded() (one pick's scratch).
    void exclude(int row)
    {
        excluded.emplace_back(row, state[size_t(row)].effective);
        setEffective(row, 0);
    }

    void restoreExcluded(size_t from = 0)
    {
        for (size_t i = excluded.size(); i > from; --i)
            setEffective(excluded[i - 1].first, excluded[i - 1].second);
        excluded.resize(from);
    }

    /// pick(model, avoid)'s row: hard rules (the bucket may serve the model now), then the preferences (outside
    /// `avoid`, idle). Each row found unfit is taken out of the trees for this pick only: O((unfit + 1) log n).
    int pickRowFor(const ModelState* ms, const QSet<qint64>& avoid, qint64 now)
    {
        int found = -1;
        // Pass 0 keeps out the avoided keys too; only when that finds nothing does pass 1 allow them.
        for (int pass = avoid.isEmpty() ? 1 : 0; pass < 2 && found < 0; ++pass) {
            excluded.clear();
            for (;;) {
                const int row = pickRow();
                if (row < 0)
                    break;
                bool unfit = pass == 0 && avoid.contains(tree.idAt(row));
                if (!unfit && ms) {
                    const auto it = ms->buckets.constFind(projects[size_t(row)]);
                    unfit = it != ms->buckets.cend() && !it->mayServeAt(now, ms->limits);
                }
                if (!unfit) {
                    found = row;
                    break;
                }
                exclude(row);
            }
            restoreExcluded();
        }
        return found;
    }

    /// pick(model, avoid, project)'s row: the same rules and preferences as pickRowFor(), among the rows of one
    /// project only, weighted by the rows' tree values (0: not pickable now). O(rows of the project).
    int pickRowInProject(const QString& project, const ModelState* ms, const QSet<qint64>& avoid, qint64 now)
    {
        if (ms) {
            const auto it = ms->buckets.constFind(project);
            if (it != ms->buckets.cend() && !it->mayServeAt(now, ms->limits))
                return -1; // the bucket is the project's: one verdict for all its keys
        }
        // Best tier first: 0 = outside `avoid` and idle, 1 = outside `avoid`, busy, 2 = avoided and idle, 3 = avoided.
        int bestTier = 4;
        quint64 tierTotal = 0;
        int found = -1;
        forRowsOfProject(project, [&](int row) {
            const RowState& r = state[size_t(row)];
            if (r.effective == 0)
                return;
            const int tier = (avoid.contains(keys[size_t(row)].id) ? 2 : 0) + (r.inFlight > 0 ? 1 : 0);
            if (tier > bestTier)
                return;
            if (tier < bestTier) {
                bestTier = tier;
                tierTotal = 0;
            }
            // Weighted reservoir draw: row replaces the choice with probability effective / total so far.
            tierTotal += r.effective;
            if (rng.below(tierTotal) < r.effective)
                found = row;
        });
        return found;
    }

    /// The known ids among `ids`, each once, with their rows. O(ids.size()).
    QList<qint64> validIds(const QList<qint64>& ids, std::vector<int>* rows)
    {
        QList<qint64> out;
        out.reserve(ids.size());
        rows->clear();
        rows->reserve(size_t(ids.size()));
        for (qint64 id : ids) {
            const int row = rowById.find(id);
            if (row < 0 || state[size_t(row)].seen)
                continue;
            state[size_t(row)].seen = 1;
            out.append(id);
            rows->push_back(row);
        }
        for (int row : *rows)
            state[size_t(row)].seen = 0;
        return out;
    }

    /// The (project, model) side of report(): the bucket(s) the outcome names, and the model's overload backoff.
    void reportToBuckets(int row, const Outcome& outcome)
    {
        if (outcome.kind == OutcomeClass::Cancelled || outcome.kind == OutcomeClass::RequestError ||
            outcome.kind == OutcomeClass::KeyInvalid) {
            settleInFlight(row, outcome.model);
            return;
        }
        const qint64 now = nowMs();
        const QString model = ModelLimits::normalizedModel(outcome.model);
        const QString& project = projects[size_t(row)];
        if (outcome.kind == OutcomeClass::RateLimited) {
            // Each model a violation names gets the violations about it (usually all of them, for the request's model).
            QStringList named;
            for (const QuotaViolation& v : outcome.violations) {
                const QString vm = v.model.isEmpty() ? model : ModelLimits::normalizedModel(v.model);
                if (!vm.isEmpty() && !named.contains(vm))
                    named.append(vm);
            }
            if (named.isEmpty() && !model.isEmpty())
                named.append(model);
            for (const QString& m : std::as_const(named)) {
                Outcome part = outcome;
                part.violations.clear();
                for (const QuotaViolation& v : outcome.violations) {
                    if ((v.model.isEmpty() ? model : ModelLimits::normalizedModel(v.model)) == m)
                        part.violations.append(v);
                }
                policy.applyToBucket(modelState(m).buckets[project], part, now);
                touchBucket(m, project);
            }
            settleInFlight(row, model);
            forProjectRows(row, [this](int r) { markDirty(r); });
            return;
        }
        if (model.isEmpty())
            return;
        ModelState& ms = modelState(model);
        if (outcome.kind == OutcomeClass::Success) {
            ms.overloadStreak = 0;
            policy.applyToBucket(ms.buckets[project], outcome, now);
            touchBucket(model, project);
        } else if (outcome.kind == OutcomeClass::ServerError && outcome.overloaded) {
            if (ms.overloadStreak < 64)
                ++ms.overloadStreak;
            const int beyond = ms.overloadStreak - std::max(1, policy.settings().overloadsBeforeBackoff) + 1;
            if (beyond < 1) {
                settleInFlight(row, model);
                return; // one stray 503: the request backs off (the Dispatcher), the model does not
            }
            const double jitter = 0.8 + 0.4 * double(rng.below(1'000'001)) / 1'000'000.0;
            const qint64 backoff = qint64(double(policy.overloadBackoffMs(beyond)) * jitter);
            ms.overloadUntilMs = std::max(ms.overloadUntilMs, now + backoff);
        }
        settleInFlight(row, model);
    }

    void settleInFlight(int row, const QString& model)
    {
        const auto ms = models.find(ModelLimits::normalizedModel(model));
        if (ms == models.end())
            return;
        const auto b = ms->buckets.find(projects[size_t(row)]);
        if (b != ms->buckets.end() && b->inFlight > 0)
            --b->inFlight;
    }

    void setStatus(int row, KeyStatus status)
    {
        ApiKey& k = keys[size_t(row)];
        countStatus(k.status, status);
        k.status = status;
        if (status != KeyStatus::CoolingDown)
            k.cooldownUntilMs = 0;
    }
};

KeyPool::KeyPool(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->rng.seed(QRandomGenerator::global()->generate64());
    d->expiryTimer = new QTimer(this);
    d->expiryTimer->setSingleShot(true);
    d->expiryTimer->setTimerType(Qt::PreciseTimer);
    connect(d->expiryTimer, &QTimer::timeout, this, [this] {
        d->armedForMs = -1;
        refresh();
        d->armExpiryTimer();
    });
    d->flushTimer = new QTimer(this);
    d->flushTimer->setSingleShot(true);
    d->flushTimer->setInterval(100);
    connect(d->flushTimer, &QTimer::timeout, this, [this] { d->flush(); });
}

KeyPool::~KeyPool() = default;

// --- configuration ------------------------------------------------------------------------------------------------

void KeyPool::setClock(Clock clock)
{
    d->clock = std::move(clock);
    d->armedForMs = -1;
    d->armExpiryTimer();
}

qint64 KeyPool::now() const
{
    return d->nowMs();
}

void KeyPool::setHealthSettings(const HealthSettings& settings)
{
    d->policy.setSettings(settings);
}

const HealthSettings& KeyPool::healthSettings() const
{
    return d->policy.settings();
}

void KeyPool::setStrategy(SelectionStrategy strategy)
{
    d->strategy = strategy;
}

SelectionStrategy KeyPool::strategy() const
{
    return d->strategy;
}

void KeyPool::setDefaultRpmLimit(int rpm)
{
    d->defaultRpm = std::max(0, rpm);
}

int KeyPool::defaultRpmLimit() const
{
    return d->defaultRpm;
}

void KeyPool::setAvailabilityThreshold(double share)
{
    d->threshold = std::clamp(share, 0.0, 1.0);
    d->expire(d->nowMs());
    d->checkAvailability();
}

double KeyPool::availabilityThreshold() const
{
    return d->threshold;
}

void KeyPool::setChangeInterval(int ms)
{
    d->flushTimer->setInterval(std::max(0, ms));
}

void KeyPool::setRandomSeed(quint64 seed)
{
    d->rng.seed(seed);
}

void KeyPool::setRequestHistory(RequestHistory* history)
{
    d->history = history;
}

RequestHistory* KeyPool::requestHistory() const
{
    return d->history.data();
}

void KeyPool::setAttemptObserver(AttemptObserver* observer)
{
    d->attemptObserver = observer;
}

AttemptObserver* KeyPool::attemptObserver() const
{
    return d->attemptObserver;
}

void KeyPool::logAttempt(RequestLogEntry entry)
{
    if (!d->attemptObserver)
        return;
    if (entry.timeMs == 0)
        entry.timeMs = d->nowMs();
    if (entry.keyMasked.isEmpty() || entry.project.isEmpty()) {
        const int row = d->rowById.find(entry.keyId);
        if (row >= 0) {
            const ApiKey& k = d->keys[size_t(row)];
            if (entry.keyMasked.isEmpty())
                entry.keyMasked = k.masked();
            if (entry.project.isEmpty())
                entry.project = k.group;
        }
    }
    d->attemptObserver->recordAttempt(entry);
}

void KeyPool::refresh()
{
    d->expire(d->nowMs());
}

void KeyPool::flushChanges()
{
    d->flushTimer->stop();
    d->flush();
}

// --- contents -----------------------------------------------------------------------------------------------------

int KeyPool::size() const
{
    return int(d->keys.size());
}

const ApiKey& KeyPool::at(int row) const
{
    return d->keys[size_t(row)];
}

int KeyPool::rowOf(qint64 id) const
{
    return d->rowById.find(id);
}

const ApiKey* KeyPool::find(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &d->keys[size_t(row)];
}

std::optional<ApiKey> KeyPool::key(qint64 id) const
{
    if (const ApiKey* k = find(id))
        return *k;
    return std::nullopt;
}

qint64 KeyPool::idOfSecret(const QString& secret) const
{
    return d->idBySecret.value(secret, 0);
}

QList<qint64> KeyPool::ids() const
{
    QList<qint64> out;
    out.reserve(qsizetype(d->keys.size()));
    for (const ApiKey& k : d->keys)
        out.append(k.id);
    return out;
}

QList<qint64> KeyPool::idsInGroup(const QString& group) const
{
    QList<qint64> out;
    if (group.isEmpty())
        return out;
    for (const ApiKey& k : d->keys) {
        if (k.group == group)
            out.append(k.id);
    }
    return out;
}

PoolStats KeyPool::stats() const
{
    // Const: cooldowns that have passed count as available without being applied (refresh() applies them).
    PoolStats s = d->currentStats();
    const int due = d->dueCoolings(d->nowMs());
    s.coolingDown -= due;
    s.available += due;
    return s;
}

void KeyPool::load(std::vector<ApiKey> keys)
{
    d->keys = std::move(keys);
    d->maxId = 0;
    for (const ApiKey& k : d->keys)
        d->maxId = std::max(d->maxId, k.id);
    // Ids must be positive and unique: give the others fresh ones rather than drop a key.
    QSet<qint64> seen;
    seen.reserve(qsizetype(d->keys.size()));
    for (ApiKey& k : d->keys) {
        if (k.id <= 0 || seen.contains(k.id))
            k.id = ++d->maxId;
        seen.insert(k.id);
    }
    const size_t n = d->keys.size();
    d->state.assign(n, RowState{});
    d->dirtyIds.clear();
    d->unsaved.clear();
    d->rrCursor = 0;
    d->rebuildIndexes();
    Q_EMIT poolReset();
    d->expire(d->nowMs());
    d->checkAvailability();
    d->scheduleFlush();
}

QList<qint64> KeyPool::addKeys(const QList<ApiKey>& keys)
{
    const qint64 now = d->nowMs();
    QList<ApiKey> fresh;
    QSet<QString> seen;
    for (const ApiKey& in : keys) {
        if (in.secret.isEmpty() || d->idBySecret.contains(in.secret) || seen.contains(in.secret))
            continue;
        seen.insert(in.secret);
        ApiKey k = in;
        k.id = 0;
        if (k.addedMs == 0)
            k.addedMs = now;
        fresh.append(std::move(k));
    }
    if (fresh.isEmpty())
        return {};
    if (d->inserter) {
        const QList<qint64> ids = d->inserter(fresh);
        for (qsizetype i = 0; i < fresh.size(); ++i)
            fresh[i].id = ids.value(i);
    } else {
        for (ApiKey& k : fresh)
            k.id = ++d->maxId;
    }
    std::vector<ApiKey> rows(std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
    return d->appendRows(rows);
}

QList<qint64> KeyPool::addSecrets(const QStringList& secrets, const QString& label, const QString& group)
{
    QList<ApiKey> keys;
    keys.reserve(secrets.size());
    for (const QString& s : secrets) {
        ApiKey k;
        k.secret = s.trimmed();
        k.label = label;
        k.group = group;
        keys.append(std::move(k));
    }
    return addKeys(keys);
}

// --- selection ----------------------------------------------------------------------------------------------------

qint64 KeyPool::pick()
{
    const qint64 now = d->nowMs();
    d->expire(now);
    const int row = d->pickRow();
    if (row < 0)
        return 0;
    d->pace(row, now);
    d->setInFlight(row, d->state[size_t(row)].inFlight + 1);
    const qint64 id = d->tree.idAt(row);
    d->prefetchForReport(row, id);
    return id;
}

qint64 KeyPool::pick(const QString& model, const QSet<qint64>& avoid, const QString& project)
{
    const QString m = ModelLimits::normalizedModel(model);
    if (m.isEmpty() && avoid.isEmpty() && project.isEmpty())
        return pick();
    const qint64 now = d->nowMs();
    d->expire(now);
    Private::ModelState* ms = m.isEmpty() ? nullptr : &d->modelState(m);
    if (ms && ms->overloadUntilMs > now)
        return 0; // the model backs off pool-wide
    const int row = project.isEmpty() ? d->pickRowFor(ms, avoid, now) : d->pickRowInProject(project, ms, avoid, now);
    if (row < 0)
        return 0;
    d->pace(row, now);
    d->setInFlight(row, d->state[size_t(row)].inFlight + 1);
    if (ms) {
        ms->buckets[d->projects[size_t(row)]].charge(now, ms->limits);
        d->touchBucket(m, d->projects[size_t(row)]);
    }
    return d->tree.idAt(row);
}

void KeyPool::unpick(qint64 id, const QString& model)
{
    const int row = d->rowById.find(id);
    if (row < 0)
        return;
    RowState& r = d->state[size_t(row)];
    d->setInFlight(row, r.inFlight - 1);
    if (r.pacedUntil != 0) {
        r.pacedUntil = 0; // its heap entry is stale now
        d->syncRow(row);
    }
    const QString m = ModelLimits::normalizedModel(model);
    if (m.isEmpty())
        return;
    const auto ms = d->models.find(m);
    if (ms == d->models.end())
        return;
    const auto b = ms->buckets.find(d->projects[size_t(row)]);
    if (b != ms->buckets.end()) {
        b->refund();
        d->touchBucket(m, d->projects[size_t(row)]);
    }
}

void KeyPool::release(qint64 id)
{
    const int row = d->rowById.find(id);
    if (row >= 0)
        d->setInFlight(row, d->state[size_t(row)].inFlight - 1);
}

int KeyPool::inFlight(qint64 id) const
{
    const int row = d->rowById.find(id);
    return row < 0 ? 0 : d->state[size_t(row)].inFlight;
}

QList<qint64> KeyPool::pick(int n)
{
    QList<qint64> out;
    if (n <= 0)
        return out;
    const qint64 now = d->nowMs();
    d->expire(now);
    auto& rows = d->scratchRows;
    auto& values = d->scratchValues;
    rows.clear();
    values.clear();
    out.reserve(std::min(n, int(d->keys.size())));
    // Take each picked row out of the tree so the next draw cannot return it, then put them all back.
    for (int i = 0; i < n; ++i) {
        const int row = d->pickRow();
        if (row < 0)
            break;
        rows.push_back(row);
        values.push_back(d->state[size_t(row)].effective);
        d->setEffective(row, 0);
        out.append(d->tree.idAt(row));
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        d->setEffective(rows[i], values[i]);
        d->pace(rows[i], now);
        d->setInFlight(rows[i], d->state[size_t(rows[i])].inFlight + 1);
    }
    return out;
}

KeyLease KeyPool::lease()
{
    const qint64 id = pick();
    if (id == 0)
        return KeyLease();
    return KeyLease(this, id, d->keys[size_t(rowOf(id))].secret);
}

qint64 KeyPool::nextAvailableAtMs() const
{
    const qint64 now = d->nowMs();
    if (d->tree.total() > 0)
        return now;
    // Nothing can be picked now: the earliest of the live cooldowns and pacing deadlines. O(size of the heaps),
    // which only the Dispatcher's "everything is cooling" path pays.
    qint64 best = -1;
    for (const Expiry& e : d->coolHeap) {
        if (!d->coolEntryValid(e))
            continue;
        const qint64 at = std::max(e.timeMs, d->state[size_t(e.row)].pacedUntil);
        if (best < 0 || at < best)
            best = at;
    }
    for (const Expiry& e : d->paceHeap) {
        if (e.row >= int(d->keys.size()) || d->state[size_t(e.row)].pacedUntil != e.timeMs ||
            d->keys[size_t(e.row)].status != KeyStatus::Active)
            continue;
        if (best < 0 || e.timeMs < best)
            best = e.timeMs;
    }
    return best < 0 ? best : std::max(best, now); // a deadline passed but not applied yet: available now
}

qint64 KeyPool::nextAvailableAtMs(const QString& model, const QString& project) const
{
    const QString m = ModelLimits::normalizedModel(model);
    const auto ms = m.isEmpty() ? d->models.cend() : d->models.constFind(m);
    if (ms == d->models.cend() && project.isEmpty())
        return nextAvailableAtMs();
    // O(n), or O(keys of the project): only the Dispatcher's "nothing may serve this model now" path pays it.
    const qint64 now = d->nowMs();
    qint64 best = -1;
    const auto consider = [&](size_t row) {
        const ApiKey& k = d->keys[row];
        if (k.status == KeyStatus::Disabled)
            return;
        qint64 at = k.status == KeyStatus::CoolingDown ? k.cooldownUntilMs : now;
        at = std::max(at, d->state[row].pacedUntil);
        if (ms != d->models.cend()) {
            const auto b = ms->buckets.constFind(d->projects[row]);
            if (b != ms->buckets.cend()) {
                const qint64 free = b->nextSendAtMs(now, ms->limits);
                if (free < 0)
                    return; // not offered to this project
                at = std::max(at, free);
            }
        }
        if (best < 0 || at < best)
            best = at;
    };
    if (project.isEmpty()) {
        for (size_t row = 0; row < d->keys.size(); ++row)
            consider(row);
    } else {
        d->forRowsOfProject(project, [&](int row) { consider(size_t(row)); });
    }
    if (best < 0)
        return best;
    return std::max({best, ms != d->models.cend() ? ms->overloadUntilMs : qint64(0), now});
}

QString KeyPool::projectOf(qint64 id) const
{
    const int row = d->rowById.find(id);
    return row < 0 ? QString() : d->projects[size_t(row)];
}

std::optional<QuotaBucket> KeyPool::bucket(qint64 id, const QString& model) const
{
    const int row = d->rowById.find(id);
    const auto ms = d->models.constFind(ModelLimits::normalizedModel(model));
    if (row < 0 || ms == d->models.cend())
        return std::nullopt;
    const auto b = ms->buckets.constFind(d->projects[size_t(row)]);
    if (b == ms->buckets.cend())
        return std::nullopt;
    return *b;
}

QStringList KeyPool::bucketModels(qint64 id) const
{
    QStringList out;
    const int row = d->rowById.find(id);
    if (row < 0)
        return out;
    for (auto it = d->models.cbegin(); it != d->models.cend(); ++it) {
        if (it->buckets.contains(d->projects[size_t(row)]))
            out.append(it.key());
    }
    out.sort();
    return out;
}

QuotaLimits KeyPool::limitsFor(const QString& model) const
{
    return d->modelLimits.limitsFor(model);
}

qint64 KeyPool::modelBackoffUntilMs(const QString& model) const
{
    const auto ms = d->models.constFind(ModelLimits::normalizedModel(model));
    return ms == d->models.cend() ? 0 : ms->overloadUntilMs;
}

void KeyPool::resetLearnedLimits(qint64 id, const QString& model)
{
    const int row = d->rowById.find(id);
    if (row < 0)
        return;
    const QString m = ModelLimits::normalizedModel(model);
    for (auto it = d->models.begin(); it != d->models.end(); ++it) {
        if (!m.isEmpty() && it.key() != m)
            continue;
        const auto b = it->buckets.find(d->projects[size_t(row)]);
        if (b != it->buckets.end()) {
            b->resetLearned();
            b->notOffered = false; // asked again: Google may offer it now (a paid tier, a new quota)
            d->touchBucket(it.key(), d->projects[size_t(row)]);
        }
    }
    d->forProjectRows(row, [this](int r) { d->markDirty(r); });
}

QList<QuotaBucketRecord> KeyPool::takeBucketDeltas()
{
    QList<QuotaBucketRecord> out;
    out.reserve(d->dirtyBuckets.size());
    for (const auto& [model, project] : std::as_const(d->dirtyBuckets)) {
        const auto ms = d->models.find(model);
        if (ms == d->models.end())
            continue;
        const auto b = ms->buckets.constFind(project);
        if (b == ms->buckets.cend())
            continue;
        if (std::optional<QuotaBucketRecord> change = QuotaBucketSync::takeChange(*b, ms->saved[project])) {
            change->project = project;
            change->model = model;
            out.append(std::move(*change));
        }
    }
    d->dirtyBuckets.clear();
    return out;
}

void KeyPool::applyStoredBuckets(const QList<QuotaBucketRecord>& stored)
{
    for (const QuotaBucketRecord& s : stored) {
        const QString model = ModelLimits::normalizedModel(s.model);
        if (model.isEmpty() || s.project.isEmpty())
            continue;
        Private::ModelState& ms = d->modelState(model);
        QuotaBucketSync::applyStored(ms.buckets[s.project], ms.saved[s.project], s);
        d->forRowsOfProject(s.project, [this](int r) { d->markDirty(r); });
    }
}

void KeyPool::setModelLimits(const ModelLimits& limits)
{
    d->modelLimits = limits;
    for (auto it = d->models.begin(); it != d->models.end(); ++it)
        it->limits = limits.limitsFor(it.key());
}

const ModelLimits& KeyPool::modelLimits() const
{
    return d->modelLimits;
}

// --- health -------------------------------------------------------------------------------------------------------

void KeyPool::report(qint64 id, const Outcome& outcome)
{
    const int row = d->rowById.find(id);
    if (row >= 0 && d->state[size_t(row)].inFlight > 0)
        d->setInFlight(row, d->state[size_t(row)].inFlight - 1);
    if (row >= 0 && (!outcome.model.isEmpty() || !outcome.violations.isEmpty()))
        d->reportToBuckets(row, outcome);
    // RequestError: the request was at fault, not the key. Cancelled: says nothing about either.
    const bool health =
        row >= 0 && outcome.kind != OutcomeClass::RequestError && outcome.kind != OutcomeClass::Cancelled;
    RequestHistory* history = outcome.kind != OutcomeClass::Cancelled ? d->history.data() : nullptr;
    if (!health && !history)
        return;
    const qint64 now = d->nowMs();
    if (history)
        history->record(outcome.kind, now); // every attempt counts in the chart, also for a key removed meanwhile
    if (!health)
        return;
    d->markUnsaved(row);
    ApiKey& k = d->keys[size_t(row)];
    const KeyStatus before = k.status;
    const qint64 coolBefore = k.cooldownUntilMs;
    qint64 groupUntil = 0;
    const bool coolGroup = d->policy.applyInPlace(k, outcome, now, &groupUntil);
    d->countStatus(before, k.status);
    d->syncRow(row);
    d->markDirty(row);
    if (k.status == KeyStatus::CoolingDown && (before != KeyStatus::CoolingDown || k.cooldownUntilMs != coolBefore))
        d->pushCooling(row);
    else if (before == KeyStatus::CoolingDown && k.status != KeyStatus::CoolingDown)
        d->armExpiryTimer();
    if (coolGroup) {
        const QString group = k.group; // copy: the loop below may touch this row again
        for (int r = 0; r < int(d->keys.size()); ++r) {
            ApiKey& other = d->keys[size_t(r)];
            if (other.group != group || other.status == KeyStatus::Disabled)
                continue;
            if (other.status == KeyStatus::CoolingDown && other.cooldownUntilMs >= groupUntil)
                continue;
            d->markUnsaved(r);
            d->setStatus(r, KeyStatus::CoolingDown);
            other.cooldownUntilMs = groupUntil;
            d->syncRow(r);
            d->markDirty(r);
            d->pushCooling(r);
        }
    }
    if (before != d->keys[size_t(row)].status || coolGroup)
        d->checkAvailability();
}

// --- user actions -------------------------------------------------------------------------------------------------

void KeyPool::enable(const QList<qint64>& ids)
{
    std::vector<int> rows;
    const QList<qint64> valid = d->validIds(ids, &rows);
    if (valid.isEmpty())
        return;
    for (int row : rows) {
        ApiKey& k = d->keys[size_t(row)];
        d->setStatus(row, KeyStatus::Active);
        k.disabledReason.clear();
        k.rateLimitStreak = 0;
        k.serverFaultStreak = 0;
        d->syncRow(row);
        d->markDirty(row);
    }
    d->armExpiryTimer();
    d->emitEdited(valid, KeyField::Status | KeyField::Streaks);
    d->checkAvailability();
}

void KeyPool::disable(const QList<qint64>& ids, const QString& reason)
{
    std::vector<int> rows;
    const QList<qint64> valid = d->validIds(ids, &rows);
    if (valid.isEmpty())
        return;
    const QString why = reason.isEmpty() ? tr("Disabled by you") : reason;
    for (int row : rows) {
        d->setStatus(row, KeyStatus::Disabled);
        d->keys[size_t(row)].disabledReason = why;
        d->syncRow(row);
        d->markDirty(row);
    }
    d->armExpiryTimer();
    d->emitEdited(valid, KeyField::Status);
    d->checkAvailability();
}

void KeyPool::reset(const QList<qint64>& ids)
{
    std::vector<int> rows;
    const QList<qint64> valid = d->validIds(ids, &rows);
    if (valid.isEmpty())
        return;
    for (int row : rows) {
        ApiKey& k = d->keys[size_t(row)];
        d->setStatus(row, KeyStatus::Active);
        if (d->state[size_t(row)].unsaved) {
            if (auto* u = d->unsavedEntry(k.id)) // the reset is written as it is: no delta on top of it
                *u = {k.id, 0, 0};
        }
        k.weight = 1.0;
        k.consecutiveFailures = 0;
        k.totalFailures = 0;
        k.totalSuccesses = 0;
        k.lastHttpStatus = 0;
        k.lastError.clear();
        k.rateLimitStreak = 0;
        k.serverFaultStreak = 0;
        k.disabledReason.clear();
        for (auto it = d->models.begin(); it != d->models.end(); ++it) {
            const auto b = it->buckets.find(d->projects[size_t(row)]);
            if (b != it->buckets.end()) {
                b->resetLearned(); // the project's limits are learned anew
                d->touchBucket(it.key(), d->projects[size_t(row)]);
            }
        }
        d->syncRow(row);
        d->markDirty(row);
    }
    d->armExpiryTimer();
    d->emitEdited(valid, KeyField::Status | KeyField::Streaks | KeyField::Health | KeyField::Counters);
    d->checkAvailability();
}

void KeyPool::remove(const QList<qint64>& ids)
{
    std::vector<int> rows;
    const QList<qint64> valid = d->validIds(ids, &rows);
    if (valid.isEmpty())
        return;
    Q_EMIT keysAboutToBeRemoved(valid);
    const size_t n = d->keys.size();
    std::vector<char> gone(n, 0);
    for (int row : rows)
        gone[size_t(row)] = 1;
    // One compaction pass over every per-row vector: O(n) whatever the number of ids.
    size_t out = 0;
    int cursor = d->rrCursor;
    for (size_t row = 0; row < n; ++row) {
        if (gone[row]) {
            if (int(row) < d->rrCursor)
                --cursor;
            continue;
        }
        if (out != row) {
            d->keys[out] = std::move(d->keys[row]);
            d->state[out] = d->state[row];
        }
        ++out;
    }
    d->keys.resize(out);
    d->state.resize(out);
    d->rrCursor = std::max(0, cursor);
    const qint64 keepMax = d->maxId; // ids are never reused, even after the newest key is removed
    d->rebuildIndexes();
    d->maxId = std::max(d->maxId, keepMax);
    Q_EMIT keysRemoved(valid);
    d->checkAvailability();
    d->scheduleFlush();
}

void KeyPool::setLabel(qint64 id, const QString& label)
{
    const int row = rowOf(id);
    if (row < 0 || d->keys[size_t(row)].label == label)
        return;
    d->keys[size_t(row)].label = label;
    d->markDirty(row);
    d->emitEdited({id}, KeyField::Label);
}

void KeyPool::setGroup(qint64 id, const QString& group)
{
    const int row = rowOf(id);
    if (row < 0 || d->keys[size_t(row)].group == group)
        return;
    d->keys[size_t(row)].group = group;
    d->rebuildGroups();
    d->markDirty(row);
    d->emitEdited({id}, KeyField::Group);
}

void KeyPool::setRpmLimit(qint64 id, int rpm)
{
    const int row = rowOf(id);
    rpm = std::max(0, rpm);
    if (row < 0 || d->keys[size_t(row)].rpmLimit == rpm)
        return;
    d->rpmKeys += (rpm > 0) - (d->keys[size_t(row)].rpmLimit > 0);
    d->keys[size_t(row)].rpmLimit = rpm;
    d->state[size_t(row)].rpmLimit = rpm;
    d->markDirty(row);
    d->emitEdited({id}, KeyField::RpmLimit);
}

// --- the seam to storage -------------------------------------------------------------------------------------------

void KeyPool::setKeyInserter(KeyInserter inserter)
{
    d->inserter = std::move(inserter);
}

KeyFields KeyPool::editedFields() const
{
    return d->editing;
}

int KeyPool::unsavedHealthCount() const
{
    int n = 0;
    for (const Private::Unsaved& u : d->unsaved) {
        const int row = d->rowById.find(u.id);
        n += row >= 0 && d->state[size_t(row)].unsaved;
    }
    return n + int(d->dirtyBuckets.size());
}

QList<KeyHealthDelta> KeyPool::takeHealthDeltas()
{
    QList<KeyHealthDelta> out;
    out.reserve(qsizetype(d->unsaved.size()));
    const qint64 now = d->nowMs();
    for (const Private::Unsaved& u : d->unsaved) {
        const int row = d->rowById.find(u.id);
        if (row < 0)
            continue; // removed since
        char& flag = d->state[size_t(row)].unsaved;
        if (!flag)
            continue;
        flag = 0;
        const ApiKey& k = d->keys[size_t(row)];
        KeyHealthDelta delta;
        delta.id = u.id;
        delta.addSuccesses = k.totalSuccesses - u.successes;
        delta.addFailures = k.totalFailures - u.failures;
        delta.nowMs = now;
        delta.state = k;
        out.append(std::move(delta));
    }
    d->unsaved.clear();
    return out;
}

void KeyPool::applyStored(std::vector<ApiKey> changed, const QList<qint64>& removed)
{
    QList<qint64> gone;
    for (qint64 id : removed) {
        if (d->rowById.find(id) >= 0)
            gone.append(id);
    }
    if (!gone.isEmpty())
        remove(gone);
    std::vector<ApiKey> fresh;
    bool statusChanged = false;
    for (ApiKey& k : changed) {
        const int row = d->rowById.find(k.id);
        if (row < 0) {
            fresh.push_back(std::move(k));
            continue;
        }
        ApiKey& cur = d->keys[size_t(row)];
        if (d->state[size_t(row)].unsaved) {
            // Reports this process has not written yet stay on top of the stored counts.
            if (Private::Unsaved* u = d->unsavedEntry(k.id)) {
                const qint64 extraSuccesses = cur.totalSuccesses - u->successes;
                const qint64 extraFailures = cur.totalFailures - u->failures;
                u->successes = k.totalSuccesses;
                u->failures = k.totalFailures;
                k.totalSuccesses += extraSuccesses;
                k.totalFailures += extraFailures;
            }
        }
        if (cur == k || cur.secret != k.secret)
            continue;
        const KeyStatus before = cur.status;
        const qint64 coolBefore = cur.cooldownUntilMs;
        d->countStatus(before, k.status);
        d->rpmKeys += (k.rpmLimit > 0) - (cur.rpmLimit > 0);
        d->state[size_t(row)].rpmLimit = k.rpmLimit;
        cur = std::move(k);
        d->syncRow(row);
        d->markDirty(row);
        if (cur.status == KeyStatus::CoolingDown &&
            (before != KeyStatus::CoolingDown || cur.cooldownUntilMs != coolBefore))
            d->pushCooling(row);
        statusChanged = statusChanged || before != cur.status;
    }
    if (statusChanged) {
        d->armExpiryTimer();
        d->checkAvailability();
    }
    if (!fresh.empty())
        d->appendRows(fresh);
}

} // namespace egb
