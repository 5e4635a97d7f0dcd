#include "HealthPolicy.h"

#include <QDate>
#include <QDateTime>
#include <QTime>
#include <QTimeZone>

#include <algorithm>

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
        qint64 until = 0;
        if (outcome.quotaId.contains(QLatin1String("PerDay"))) {
            until = std::max(nextDailyQuotaResetMs(nowMs), nowMs + std::max<qint64>(outcome.retryDelayMs, 0));
        } else if (outcome.retryDelayMs >= 0) {
            until = nowMs + outcome.retryDelayMs;
        } else {
            // 30 s, 60 s, 120 s, ... per 429 in a row without a server hint, capped.
            qint64 delay = std::max<qint64>(s.defaultCooldownMs, 0);
            for (int i = 0; i < key.rateLimitStreak && delay < s.maxCooldownMs; ++i)
                delay *= 2;
            delay = std::min(delay, s.maxCooldownMs);
            until = nowMs + delay;
            if (key.rateLimitStreak < 64)
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

qint64 HealthPolicy::nextDailyQuotaResetMs(qint64 nowMs)
{
    const QTimeZone& zone = pacificZone();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMs, zone);
    // Midnight never falls in a DST gap in Los Angeles (the switch is at 02:00), so this is well defined.
    const QDateTime midnight(local.date().addDays(1), QTime(0, 0), zone);
    return midnight.toMSecsSinceEpoch();
}

} // namespace egb
