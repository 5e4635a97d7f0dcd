#include "HealthPolicy.h"

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QTimeZone>

#include <algorithm>
#include <climits>

namespace egb {

namespace {

/// Gemini's daily quotas reset at midnight Pacific time. Without tz data, fall back to standard time (UTC-8).
const QTimeZone& pacificZone()
{
    static const QTimeZone zone = [] {
        QTimeZone tz(QByteArrayLiteral("America/Los_Angeles"));
        return tz.isValid() ? tz : QTimeZone(-8 * 3600);
    }();
    return zone;
}

void recordFailure(ApiKey& key, const Outcome& outcome, qint64 nowMs)
{
    ++key.consecutiveFailures;
    ++key.totalFailures;
    key.lastHttpStatus = outcome.httpStatus;
    key.lastUsedMs = nowMs;
    if (!outcome.message.isEmpty()) {
        key.lastError = outcome.message;
    } else if (outcome.httpStatus > 0) {
        key.lastError = HealthPolicy::tr("The request failed with HTTP status %1.").arg(outcome.httpStatus);
    } else {
        key.lastError = HealthPolicy::tr("The request failed before Google answered (timeout or lost connection).");
    }
}

void coolUntil(ApiKey& key, qint64 untilMs)
{
    if (key.status == KeyStatus::Disabled)
        return; // a late answer for a disabled key must not bring it back as "cooling"
    if (key.status == KeyStatus::CoolingDown)
        untilMs = std::max(untilMs, key.cooldownUntilMs);
    key.status = KeyStatus::CoolingDown;
    key.cooldownUntilMs = untilMs;
}

} // namespace

HealthPolicy::HealthPolicy(HealthSettings settings)
    : m_settings(settings)
{}

HealthDecision HealthPolicy::apply(const ApiKey& key, const Outcome& outcome, qint64 nowMs) const
{
    HealthDecision decision;
    decision.key = key;
    decision.coolGroup = applyInPlace(decision.key, outcome, nowMs, &decision.groupCooldownUntilMs);
    if (!decision.coolGroup)
        decision.groupCooldownUntilMs = 0;
    return decision;
}

bool HealthPolicy::applyInPlace(ApiKey& key, const Outcome& outcome, qint64 nowMs, qint64* groupCooldownUntilMs) const
{
    const HealthSettings& s = m_settings;
    switch (outcome.kind) {
    case OutcomeClass::Success:
        key.consecutiveFailures = 0;
        ++key.totalSuccesses;
        key.weight = std::min(1.0, key.weight + s.successWeightStep);
        key.lastHttpStatus = 200;
        if (!key.lastError.isEmpty())
            key.lastError.clear();
        key.lastUsedMs = nowMs;
        key.rateLimitStreak = 0;
        key.serverFaultStreak = 0;
        return false;

    case OutcomeClass::KeyInvalid:
        recordFailure(key, outcome, nowMs);
        key.serverFaultStreak = 0;
        key.status = KeyStatus::Disabled;
        key.cooldownUntilMs = 0;
        key.disabledReason = outcome.message.isEmpty()
                                 ? tr("Google refused this key (HTTP %1). Check it in Google AI Studio, then "
                                      "enable it again.")
                                       .arg(outcome.httpStatus)
                                 : outcome.message;
        return false;

    case OutcomeClass::RateLimited: {
        recordFailure(key, outcome, nowMs);
        key.serverFaultStreak = 0; // Google answered: the run of server faults (if any) is over
        if (!outcome.model.isEmpty())
            return false; // the (project, model) bucket rests (applyToBucket), not the key: it still serves other
                          // models
        qint64 until = 0;
        if (outcome.quotaId.contains(QLatin1String("PerDay"))) {
            until = dailyRestUntilMs(outcome.retryDelayMs, nowMs);
        } else {
            until = nowMs + minuteRestMs(outcome.retryDelayMs, key.rateLimitStreak);
            if (outcome.retryDelayMs < 0 && key.rateLimitStreak < 64)
                ++key.rateLimitStreak;
        }
        coolUntil(key, until);
        const bool group = !key.group.isEmpty() && outcome.quotaId.contains(QLatin1String("PerProject"));
        if (group && groupCooldownUntilMs)
            *groupCooldownUntilMs = key.status == KeyStatus::CoolingDown ? key.cooldownUntilMs : until;
        return group;
    }

    case OutcomeClass::ServerError:
        recordFailure(key, outcome, nowMs);
        if (outcome.overloaded && !outcome.model.isEmpty())
            return false; // the model is busy, not the key: the model backs off pool-wide, the key's weight stays
        key.weight = std::max(s.minWeight, key.weight * s.serverErrorWeightFactor);
        if (key.serverFaultStreak < 1'000'000)
            ++key.serverFaultStreak;
        if (s.serverFailuresBeforeCooldown > 0 && key.serverFaultStreak >= s.serverFailuresBeforeCooldown)
            coolUntil(key, nowMs + s.serverCooldownMs);
        return false;

    case OutcomeClass::RequestError:
    case OutcomeClass::Cancelled:
        return false;
    }
    return false;
}

qint64 HealthPolicy::minuteRestMs(qint64 retryDelayMs, int streak) const
{
    const HealthSettings& s = m_settings;
    const qint64 cap = std::max<qint64>(s.maxMinuteRestMs, 0);
    if (retryDelayMs >= 0)
        return std::min(retryDelayMs, cap);
    // 30 s, 60 s, 120 s, ... per 429 in a row without a server hint, capped.
    qint64 delay = std::max<qint64>(s.defaultCooldownMs, 0);
    for (int i = 0; i < streak && delay < s.maxCooldownMs; ++i)
        delay *= 2;
    return std::min(delay, s.maxCooldownMs);
}

qint64 HealthPolicy::dailyRestUntilMs(qint64 retryDelayMs, qint64 nowMs) const
{
    const qint64 reset = nextDailyQuotaResetMs(nowMs);
    const qint64 cap = reset + std::max<qint64>(m_settings.dailyResetMarginMs, 0);
    // "0s" (seen in real traffic) or a short hint does not bring a spent daily quota back before the reset.
    return std::clamp(nowMs + std::max<qint64>(retryDelayMs, 0), reset, cap);
}

qint64 HealthPolicy::overloadBackoffMs(int streak) const
{
    qint64 delay = std::max<qint64>(m_settings.overloadBackoffMs, 0);
    for (int i = 1; i < streak && delay < m_settings.maxOverloadBackoffMs; ++i)
        delay *= 2;
    return std::min(delay, std::max<qint64>(m_settings.maxOverloadBackoffMs, 0));
}

namespace {

/// A 429 while pacing at the learned limit: when the server's window (it frees a slot at `freeAtMs`) ends later than
/// ours, Google counts our sends a little later than we make them. Learn that lag (up to half a window) instead of
/// lowering the limit; false when the lag is beyond that (the limit itself is too high).
bool relearnTiming(QuotaBucket& bucket, qint64 freeAtMs)
{
    const qsizetype n = qsizetype(bucket.sends.size());
    if (n <= bucket.learnedLimit)
        return false;
    // The refused call is the newest send; the oldest call of the window it met is `learnedLimit` sends before it.
    const qint64 lag = freeAtMs - bucket.learnedWindowMs - bucket.sends[size_t(n - 1 - bucket.learnedLimit)];
    if (lag <= 0 || lag > bucket.learnedWindowMs / 2)
        return false;
    bucket.slackMs = std::min(std::max(bucket.slackMs, lag + 20), bucket.learnedWindowMs / 2);
    return true;
}

} // namespace

void HealthPolicy::applyToBucket(QuotaBucket& bucket, const Outcome& outcome, qint64 nowMs) const
{
    if (outcome.kind == OutcomeClass::Success) {
        bucket.rateLimitStreak = 0;
        bucket.addTokens(outcome.usage.promptTokens, nowMs);
        ++bucket.windowAdmitted;
        // An answer of a window a 429 already closed (it was sent before): the window took one more.
        if (bucket.windowClosed && bucket.learnedLimit > 0 && bucket.windowAdmitted > bucket.learnedLimit)
            bucket.learnedLimit = bucket.windowAdmitted;
        return;
    }
    if (outcome.kind != OutcomeClass::RateLimited)
        return;
    ++bucket.rateLimited;
    QList<QuotaViolation> violations = outcome.violations;
    if (violations.isEmpty())
        violations.append(QuotaViolation{outcome.quotaId, outcome.model, -1});
    qint64 minuteUntil = 0;
    qint64 dailyUntil = 0;
    bool learnable = false;
    QString deciding;
    qint64 longest = -1;
    for (const QuotaViolation& v : std::as_const(violations)) {
        qint64 until = 0;
        if (v.notOffered()) {
            bucket.notOffered = true;
            until = LLONG_MAX;
        } else if (v.isDaily()) {
            until = dailyRestUntilMs(outcome.retryDelayMs, nowMs);
            dailyUntil = std::max(dailyUntil, until);
        } else {
            until = nowMs + minuteRestMs(outcome.retryDelayMs, bucket.rateLimitStreak);
            minuteUntil = std::max(minuteUntil, until);
            learnable = learnable || !v.countsTokens();
        }
        if (until > longest) {
            longest = until;
            deciding = v.quotaId;
        }
    }
    bucket.quotaId = deciding;
    bucket.cooldownUntilMs = std::max(bucket.cooldownUntilMs, minuteUntil);
    bucket.dailyUntilMs = std::max(bucket.dailyUntilMs, dailyUntil);
    if (outcome.retryDelayMs < 0 && bucket.rateLimitStreak < 64)
        ++bucket.rateLimitStreak;
    // Learn the request limit from the window this 429 ended: it took windowAdmitted answers, from its first send to
    // the moment the server says the quota comes back. A later 429 with a limit already learned (another process
    // shares the project, or the quota shrank) lowers it by one.
    if (learnable && outcome.retryDelayMs >= 0 && !bucket.windowClosed && bucket.windowAdmitted > 0 &&
        bucket.windowFirstMs > 0) {
        const qint64 window = std::clamp<qint64>(minuteUntil - bucket.windowFirstMs, 100, 60'000);
        if (bucket.learnedLimit == 0) {
            bucket.learnedLimit = bucket.windowAdmitted;
            bucket.learnedWindowMs = std::max(bucket.learnedWindowMs, window);
        } else if (!relearnTiming(bucket, minuteUntil)) {
            bucket.learnedLimit = std::max(1, std::min(bucket.learnedLimit - 1, bucket.windowAdmitted));
            bucket.learnedWindowMs = std::max(bucket.learnedWindowMs, window);
        }
    }
    if (learnable || dailyUntil > 0 || bucket.notOffered)
        bucket.windowClosed = true;
}

qint64 HealthPolicy::nextDailyQuotaResetMs(qint64 nowMs)
{
    const QTimeZone& zone = pacificZone();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMs, zone);
    // Midnight never falls in a DST gap in Los Angeles (the switch is at 02:00), so this is well defined.
    const QDateTime midnight(local.date().addDays(1), QTime(0, 0), zone);
    return midnight.toMSecsSinceEpoch();
}

} // namespace egb
