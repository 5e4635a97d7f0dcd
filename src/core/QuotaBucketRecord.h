#pragma once

#include <QString>
#include <QtGlobal>

namespace egb {

/// One (project, model) quota bucket as the database keeps it: what outlives the process that learned it and what
/// other processes sharing the pool follow (DESIGN.md "The database is the truth"). Times are ms since the epoch.
///
/// Read from storage, it is the bucket as stored. Written, it is a change that commutes with what other processes
/// write meanwhile:
/// - the rests (cooldownUntilMs, dailyUntilMs) are only ever extended;
/// - dayRequests and dayTokens are added to the stored counts of the day that ends at dayEndMs (a later day
///   replaces an earlier one; counts of a day already over are dropped);
/// - the learned part (notOffered, learnedLimit, learnedWindowMs, slackMs) is written only when `learnedChanged`:
///   then it replaces the stored one (the latest learning wins; a person's "forget" writes it cleared);
/// - quotaId replaces the stored one when it is not empty.
/// What a bucket counts within the current window (sends, in flight) stays in the process that made them.
struct QuotaBucketRecord
{
    QString project; ///< KeyPool::projectOf(): the key's group, or "#<id>" for a key without one
    QString model;   ///< normalized model id ("gemini-2.5-flash")

    qint64 cooldownUntilMs = 0;
    qint64 dailyUntilMs = 0;
    QString quotaId;

    bool notOffered = false;
    int learnedLimit = 0;
    qint64 learnedWindowMs = 0;
    qint64 slackMs = 0;
    bool learnedChanged = false; ///< as a write: the learned part above replaces the stored one

    qint64 dayEndMs = 0; ///< the Pacific midnight that ends the counted day; 0 = nothing counted
    qint64 dayRequests = 0;
    qint64 dayTokens = 0;

    bool operator==(const QuotaBucketRecord&) const = default;
};

} // namespace egb
