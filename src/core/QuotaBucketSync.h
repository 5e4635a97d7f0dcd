#pragma once

#include "QuotaBucket.h"
#include "QuotaBucketRecord.h"

#include <optional>

namespace egb {

/// The rules of QuotaBucketRecord between one process's QuotaBucket and the database, in one place: what a bucket
/// changed since `saved` (what the database had from this process, written or read), what a stored record does to
/// it, and two queued changes of one bucket as one.
class QuotaBucketSync
{
public:
    /// The change of `bucket` since `saved` (today's usage as increments; the learned part marked when it changed),
    /// without project and model; nullopt when nothing worth writing changed. `saved` becomes the bucket as it is.
    static std::optional<QuotaBucketRecord> takeChange(const QuotaBucket& bucket, QuotaBucketRecord& saved);
    /// Applies `stored` (the database's record of the bucket): rests extended, the learned part taken unless this
    /// process has its own not yet written, today's usage = stored + what this process has not written yet.
    static void applyStored(QuotaBucket& bucket, QuotaBucketRecord& saved, const QuotaBucketRecord& stored);
    /// `later` queued after `queued` (a write failed in between): `queued` becomes one change that does both.
    static void merge(QuotaBucketRecord& queued, QuotaBucketRecord later);

private:
    static QuotaBucketRecord recordOf(const QuotaBucket& bucket);
    static bool sameLearned(const QuotaBucketRecord& a, const QuotaBucketRecord& b);
    static void copyLearned(QuotaBucketRecord& to, const QuotaBucketRecord& from);
    /// Today's usage counted since `saved` (all of it when the day changed since).
    static std::pair<qint64, qint64> unsavedUsage(const QuotaBucket& bucket, const QuotaBucketRecord& saved);
};

} // namespace egb
