#include "QuotaBucketSync.h"

#include <algorithm>
#include <climits>
#include <utility>

namespace egb {

QuotaBucketRecord QuotaBucketSync::recordOf(const QuotaBucket& b)
{
    QuotaBucketRecord r;
    r.cooldownUntilMs = b.cooldownUntilMs;
    r.dailyUntilMs = b.dailyUntilMs;
    r.quotaId = b.quotaId;
    r.notOffered = b.notOffered;
    r.learnedLimit = b.learnedLimit;
    r.learnedWindowMs = b.learnedWindowMs;
    r.slackMs = b.slackMs;
    r.dayEndMs = b.dayEndMs;
    r.dayRequests = b.dayRequests;
    r.dayTokens = b.dayTokens;
    return r;
}

bool QuotaBucketSync::sameLearned(const QuotaBucketRecord& a, const QuotaBucketRecord& b)
{
    return a.notOffered == b.notOffered && a.learnedLimit == b.learnedLimit && a.learnedWindowMs == b.learnedWindowMs &&
           a.slackMs == b.slackMs;
}

void QuotaBucketSync::copyLearned(QuotaBucketRecord& to, const QuotaBucketRecord& from)
{
    to.notOffered = from.notOffered;
    to.learnedLimit = from.learnedLimit;
    to.learnedWindowMs = from.learnedWindowMs;
    to.slackMs = from.slackMs;
}

std::pair<qint64, qint64> QuotaBucketSync::unsavedUsage(const QuotaBucket& b, const QuotaBucketRecord& saved)
{
    if (b.dayEndMs != saved.dayEndMs)
        return {b.dayRequests, b.dayTokens};
    return {b.dayRequests - saved.dayRequests, b.dayTokens - saved.dayTokens};
}

std::optional<QuotaBucketRecord> QuotaBucketSync::takeChange(const QuotaBucket& bucket, QuotaBucketRecord& saved)
{
    QuotaBucketRecord r = recordOf(bucket);
    r.learnedChanged = !sameLearned(r, saved);
    const auto [requests, tokens] = unsavedUsage(bucket, saved);
    r.dayRequests = requests;
    r.dayTokens = tokens;
    const bool news = r.learnedChanged || requests != 0 || tokens != 0 || r.cooldownUntilMs > saved.cooldownUntilMs ||
                      r.dailyUntilMs > saved.dailyUntilMs || r.quotaId != saved.quotaId;
    saved = recordOf(bucket);
    if (!news)
        return std::nullopt;
    return r;
}

void QuotaBucketSync::applyStored(QuotaBucket& b, QuotaBucketRecord& saved, const QuotaBucketRecord& s)
{
    const bool learnedPending = !sameLearned(recordOf(b), saved);
    const auto [requests, tokens] = unsavedUsage(b, saved);
    b.cooldownUntilMs = std::max(b.cooldownUntilMs, s.cooldownUntilMs);
    b.dailyUntilMs = std::max(b.dailyUntilMs, s.dailyUntilMs);
    if (!s.quotaId.isEmpty())
        b.quotaId = s.quotaId;
    if (!learnedPending) { // what this process learned and has not written yet wins when it is written
        b.notOffered = s.notOffered;
        b.learnedLimit = s.learnedLimit;
        b.learnedWindowMs = s.learnedWindowMs;
        b.slackMs = s.slackMs;
    }
    QuotaBucketRecord next = s;
    next.project.clear();
    next.model.clear();
    next.learnedChanged = false;
    if (s.dayEndMs > b.dayEndMs) {
        b.dayEndMs = s.dayEndMs; // a later day: what this process counted belongs to one that is over
        b.dayRequests = int(std::clamp<qint64>(s.dayRequests, 0, INT_MAX));
        b.dayTokens = s.dayTokens;
    } else if (s.dayEndMs == b.dayEndMs) {
        b.dayRequests = int(std::clamp<qint64>(s.dayRequests + requests, 0, INT_MAX));
        b.dayTokens = s.dayTokens + tokens;
    } else {
        next.dayEndMs = saved.dayEndMs; // an older day: nothing of it counts now
        next.dayRequests = saved.dayRequests;
        next.dayTokens = saved.dayTokens;
    }
    if (learnedPending)
        copyLearned(next, saved);
    saved = next;
}

void QuotaBucketSync::merge(QuotaBucketRecord& queued, QuotaBucketRecord later)
{
    later.cooldownUntilMs = std::max(later.cooldownUntilMs, queued.cooldownUntilMs);
    later.dailyUntilMs = std::max(later.dailyUntilMs, queued.dailyUntilMs);
    if (later.quotaId.isEmpty())
        later.quotaId = queued.quotaId;
    if (!later.learnedChanged && queued.learnedChanged) {
        later.learnedChanged = true;
        copyLearned(later, queued);
    }
    if (later.dayEndMs == queued.dayEndMs) {
        later.dayRequests += queued.dayRequests;
        later.dayTokens += queued.dayTokens;
    } else if (later.dayEndMs < queued.dayEndMs) {
        later.dayEndMs = queued.dayEndMs;
        later.dayRequests = queued.dayRequests;
        later.dayTokens = queued.dayTokens;
    }
    queued = std::move(later);
}

} // namespace egb
