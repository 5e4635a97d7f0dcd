#pragma once

#include "ApiKey.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace egb {

class CliApp;
class KeyPool;

/// The commands that manage the pool without the network: import, list, stats, enable, disable, reset, remove.
class KeyCommands
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int importFiles(CliApp& app);
    static int list(CliApp& app);
    static int stats(CliApp& app);
    /// enable | disable | reset | remove ID...
    static int change(CliApp& app);

    /// One key as `egb list --json` prints it: {"id","key"(masked),"status","weight","successes","failures",
    /// "consecutive_failures","last_status","last_error","cooldown_until",...,"models"}. "models" holds the key's
    /// project's quota bucket of each model it was used for: {"gemini-2.5-pro": {"status": "cooling_down",
    /// "cooldown_until": "…", "daily_until", "limit_rpm", "limit_tpm", "limit_rpd", "learned_limit",
    /// "learned_window_ms", "requests_today", "tokens_today", "quota_id"}}. Never holds the secret.
    static QJsonObject keyToJson(const KeyPool& pool, int row, qint64 nowMs);
    /// "active", "cooling down", "disabled", translated.
    static QString statusText(KeyStatus status);
    /// "in 2 min 5 s" from a duration in milliseconds.
    static QString durationText(qint64 ms);
};

} // namespace egb
