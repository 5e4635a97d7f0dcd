#pragma once

#include "ModelLimits.h"

#include <QString>

#include <vector>

namespace egb {

/// What the pool knows about one quota bucket of Google: one project × one model (GEMINI_API.md "Errors").
/// Every key of the project shares it. Times are ms since the Unix epoch (UTC); 0 = none.
///
/// A bucket rests after a 429 (cooldownUntilMs for per-minute and token quotas, dailyUntilMs for a spent daily
/// quota), is closed for good when Google said the model is not offered (quota 0), and paces itself by the person's
/// limits and by the limit it learned: at most `limit` requests in any window of the limit's length.
struct QuotaBucket
{
    enum class State
    {
        Available,   ///< may take a request now
        Paced,       ///< at its limit for the current window; free again at nextSendAtMs()
        CoolingDown, ///< a per-minute (or token) quota answered 429
        DailySpent,  ///< the daily quota is spent: rests until Pacific midnight
        NotOffered,  ///< quota 0: the model is not offered to this project; waiting does not help
    };

    // --- rest ---------------------------------------------------------------------------------------------------
    qint64 cooldownUntilMs = 0;
    qint64 dailyUntilMs = 0;
    bool notOffered = false;
    QString quotaId;         ///< the quota of the last 429
    int rateLimitStreak = 0; ///< 429s in a row without a server hint (grows the default rest)
    qint64 rateLimited = 0;  ///< 429s answered for this bucket since the pool started

    // --- usage (the current minute and the current Pacific day) ----------------------------------------------------
    qint64 minuteStartMs = 0;
    int minuteRequests = 0;
    qint64 minuteTokens = 0;
    qint64 dayEndMs = 0; ///< the Pacific midnight that ends the counted day; 0 = nothing counted yet
    int dayRequests = 0;
    qint64 dayTokens = 0;

    // --- the learned limit -------------------------------------------------------------------------------------------
    int learnedLimit = 0;       ///< requests one window took before it answered 429; 0 = not learned
    qint64 learnedWindowMs = 0; ///< that window's length (first call to the end the 429's retryDelay named)
    qint64 windowFirstMs = 0;   ///< the first send of the window being counted
    int windowAdmitted = 0;     ///< answers (not 429) of that window
    bool windowClosed = false;  ///< a 429 ended the window: late answers still count, the next send opens a new one
    qint64 slackMs = 0;         ///< learned lag between our send and Google counting it: widens the pacing window

    // --- pacing ---------------------------------------------------------------------------------------------------
    /// The last send times: limit + 1 of them while a limit paces the bucket, else the last UnpacedHistory (so a limit
    /// learned from a window knows when that window's calls were made).
    std::vector<qint64> sends;
    static constexpr qsizetype UnpacedHistory = 32;
    int inFlight = 0;

    /// The longest rest: max(cooldownUntilMs, dailyUntilMs).
    qint64 restUntilMs() const;
    State stateAt(qint64 nowMs, const QuotaLimits& limits) const;
    bool mayServeAt(qint64 nowMs, const QuotaLimits& limits) const
    {
        return stateAt(nowMs, limits) == State::Available;
    }
    /// When the bucket may take its next request: nowMs when it may now, -1 never (not offered).
    qint64 nextSendAtMs(qint64 nowMs, const QuotaLimits& limits) const;

    /// The pacing window and limit in force: the person's rpm per minute and the learned limit, the tighter of the
    /// two. {0, 0} when nothing paces the bucket. The window carries a small margin for the time a request takes to
    /// reach Google.
    struct Pace
    {
        int limit = 0;
        qint64 windowMs = 0;
    };
    Pace paceFor(const QuotaLimits& limits) const;

    /// A request is about to be sent at nowMs.
    void charge(qint64 nowMs, const QuotaLimits& limits);
    /// The request charged last was not sent after all.
    void refund();
    /// Tokens an answer used (counted in the minute and the day of nowMs).
    void addTokens(qint64 tokens, qint64 nowMs);
    /// Forgets the learned limit (a person reset it, or the quota changed).
    void resetLearned();

    /// "available", "paced", "cooling_down", "daily_spent", "not_offered".
    static QString stateName(State state);

    bool operator==(const QuotaBucket&) const = default;

private:
    void rollDay(qint64 nowMs);
    void rollMinute(qint64 nowMs);
};

} // namespace egb
