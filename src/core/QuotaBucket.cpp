#include "QuotaBucket.h"

#include "HealthPolicy.h"

#include <algorithm>

namespace egb {

namespace {

constexpr qint64 MinuteMs = 60'000;

/// A request leaves us a little before Google counts it: a window paced on our clock ends a little later.
qint64 withMargin(qint64 windowMs)
{
    return windowMs + std::max<qint64>(50, windowMs / 50);
}

} // namespace

qint64 QuotaBucket::restUntilMs() const
{
    return std::max(cooldownUntilMs, dailyUntilMs);
}

QuotaBucket::Pace QuotaBucket::paceFor(const QuotaLimits& limits) const
{
    Pace pace;
    if (limits.rpm > 0)
        pace = {limits.rpm, withMargin(MinuteMs)};
    if (learnedLimit > 0 && learnedWindowMs > 0) {
        const Pace learned{learnedLimit, std::max(withMargin(learnedWindowMs), learnedWindowMs + slackMs)};
        // The tighter of the two: fewer requests per unit of time.
        if (pace.limit == 0 ||
            double(learned.limit) / double(learned.windowMs) < double(pace.limit) / double(pace.windowMs))
            pace = learned;
    }
    return pace;
}

qint64 QuotaBucket::nextSendAtMs(qint64 nowMs, const QuotaLimits& limits) const
{
    if (notOffered)
        return -1;
    qint64 at = std::max(nowMs, restUntilMs());
    const Pace pace = paceFor(limits);
    if (pace.limit > 0 && qsizetype(sends.size()) >= pace.limit) {
        // The send that must leave the window before another fits: the limit-th newest.
        const qint64 oldest = sends[sends.size() - size_t(pace.limit)];
        at = std::max(at, oldest + pace.windowMs);
    }
    if (limits.rpd > 0 && dayRequests >= limits.rpd && nowMs < dayEndMs)
        at = std::max(at, dayEndMs);
    if (limits.tpm > 0 && minuteTokens >= limits.tpm && nowMs < minuteStartMs + MinuteMs)
        at = std::max(at, minuteStartMs + MinuteMs);
    return at;
}

QuotaBucket::State QuotaBucket::stateAt(qint64 nowMs, const QuotaLimits& limits) const
{
    if (notOffered)
        return State::NotOffered;
    if (dailyUntilMs > nowMs)
        return State::DailySpent;
    if (cooldownUntilMs > nowMs)
        return State::CoolingDown;
    return nextSendAtMs(nowMs, limits) > nowMs ? State::Paced : State::Available;
}

void QuotaBucket::rollDay(qint64 nowMs)
{
    if (nowMs < dayEndMs)
        return;
    dayEndMs = HealthPolicy::nextDailyQuotaResetMs(nowMs);
    dayRequests = 0;
    dayTokens = 0;
}

void QuotaBucket::rollMinute(qint64 nowMs)
{
    if (minuteStartMs != 0 && nowMs < minuteStartMs + MinuteMs)
        return;
    minuteStartMs = nowMs;
    minuteRequests = 0;
    minuteTokens = 0;
}

void QuotaBucket::charge(qint64 nowMs, const QuotaLimits& limits)
{
    rollDay(nowMs);
    rollMinute(nowMs);
    ++dayRequests;
    ++minuteRequests;
    ++inFlight;
    if (windowClosed || windowFirstMs == 0) {
        windowClosed = false;
        windowFirstMs = nowMs;
        windowAdmitted = 0;
    }
    const Pace pace = paceFor(limits);
    sends.push_back(nowMs);
    // One more than the limit: when a send is refused, the oldest of the window it met is still here.
    const qsizetype keep = pace.limit > 0 ? qsizetype(pace.limit) + 1 : UnpacedHistory;
    if (qsizetype(sends.size()) > keep)
        sends.erase(sends.begin(), sends.begin() + (qsizetype(sends.size()) - keep));
}

void QuotaBucket::refund()
{
    if (dayRequests > 0)
        --dayRequests;
    if (minuteRequests > 0)
        --minuteRequests;
    if (inFlight > 0)
        --inFlight;
    if (!sends.empty())
        sends.pop_back();
}

void QuotaBucket::addTokens(qint64 tokens, qint64 nowMs)
{
    if (tokens <= 0)
        return;
    rollDay(nowMs);
    rollMinute(nowMs);
    dayTokens += tokens;
    minuteTokens += tokens;
}

void QuotaBucket::resetLearned()
{
    learnedLimit = 0;
    learnedWindowMs = 0;
    windowFirstMs = 0;
    windowAdmitted = 0;
    windowClosed = false;
    slackMs = 0;
    sends.clear();
}

QString QuotaBucket::stateName(State state)
{
    switch (state) {
    case State::Available:
        return QStringLiteral("available");
    case State::Paced:
        return QStringLiteral("paced");
    case State::CoolingDown:
        return QStringLiteral("cooling_down");
    case State::DailySpent:
        return QStringLiteral("daily_spent");
    case State::NotOffered:
        return QStringLiteral("not_offered");
    }
    return QStringLiteral("available");
}

} // namespace egb
