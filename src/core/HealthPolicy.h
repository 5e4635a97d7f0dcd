#pragma once

#include "ApiKey.h"
#include "Outcome.h"
#include "QuotaBucket.h"

#include <QCoreApplication>

namespace egb {

/// Every threshold of the health policy. The defaults are the product's defaults.
struct HealthSettings
{
    qint64 defaultCooldownMs = 30'000;    ///< 429 without RetryInfo: first cooldown ...
    qint64 maxCooldownMs = 30 * 60'000;   ///< ... doubling per 429 in a row, capped here
    double serverErrorWeightFactor = 0.7; ///< weight multiplied by this on each server fault
    double minWeight = 0.05;              ///< weight never falls below this while the key is usable
    double successWeightStep = 0.1;       ///< weight regained per success, up to 1.0
    int serverFailuresBeforeCooldown = 3; ///< this many server faults in a row cool the key ...
    qint64 serverCooldownMs = 15'000;     ///< ... for this long
    /// Caps on a server's hint (RetryInfo, Retry-After), which may say years: a per-minute (or token) quota never
    /// rests longer than this ...
    qint64 maxMinuteRestMs = 5 * 60'000;
    /// ... and a daily one never past the next Pacific midnight plus this margin.
    qint64 dailyResetMarginMs = 10 * 60'000;
    /// 503 "model is overloaded" this many times in a row (no success of the model between them: a storm, not a
    /// stray fault) ...
    int overloadsBeforeBackoff = 2;
    qint64 overloadBackoffMs = 1000;      ///< ... and the model backs off pool-wide this long ...
    qint64 maxOverloadBackoffMs = 30'000; ///< ... doubling per 503 in a row (pool-wide), capped here
    bool operator==(const HealthSettings&) const = default;
};

/// What one outcome does to a key (and, for per-project quotas, to the key's group).
struct HealthDecision
{
    ApiKey key;                      ///< the key's new state
    bool coolGroup = false;          ///< a per-project quota ran out: cool every key of key.group ...
    qint64 groupCooldownUntilMs = 0; ///< ... until this time
};

/// The pure function of DESIGN.md's health table: (key state, outcome, now) -> new key state.
/// No I/O, no clock reads.
class HealthPolicy
{
    Q_DECLARE_TR_FUNCTIONS(egb::HealthPolicy)
public:
    explicit HealthPolicy(HealthSettings settings = {});

    const HealthSettings& settings() const { return m_settings; }
    void setSettings(const HealthSettings& settings) { m_settings = settings; }

    HealthDecision apply(const ApiKey& key, const Outcome& outcome, qint64 nowMs) const;

    /// The same rules applied to `key` in place (the pool's hot path: no copy of the key's strings).
    /// Returns true when a per-project quota ran out and every key of key.group must cool until
    /// *groupCooldownUntilMs (which may be null).
    bool applyInPlace(ApiKey& key, const Outcome& outcome, qint64 nowMs, qint64* groupCooldownUntilMs = nullptr) const;

    /// What one outcome does to the (project, model) bucket it was sent to (DESIGN.md "Google rations by project ×
    /// model × metric"): a 429 reads every violation (the longest rest wins; PerDay rests until Pacific midnight
    /// plus the margin even when retryDelay says "0s"; quota 0 marks the model not offered; hints are capped) and
    /// learns the limit from how many answers the window took; a success counts its tokens and the window's answers.
    /// Other outcomes leave the bucket alone.
    void applyToBucket(QuotaBucket& bucket, const Outcome& outcome, qint64 nowMs) const;

    /// How long the model backs off at step `streak` (1-based: the first step is overloadsBeforeBackoff 503s in a
    /// row), before jitter.
    qint64 overloadBackoffMs(int streak) const;

    /// The rest a per-minute quota's hint asks for, capped: retryDelayMs when given, else the default growing with
    /// `streak` (429s in a row without a hint).
    qint64 minuteRestMs(qint64 retryDelayMs, int streak) const;
    /// Until when a spent daily quota rests, capped at the next Pacific midnight plus the margin.
    qint64 dailyRestUntilMs(qint64 retryDelayMs, qint64 nowMs) const;

    /// The next midnight in America/Los_Angeles after `nowMs`, when Gemini's daily quotas reset.
    static qint64 nextDailyQuotaResetMs(qint64 nowMs);

private:
    HealthSettings m_settings;
};

} // namespace egb
