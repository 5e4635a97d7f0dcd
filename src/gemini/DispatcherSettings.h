#pragma once

#include <QtGlobal>

namespace egb {

/// The Dispatcher's retry policy (the seed's max_retries / retry_delay / backoff_factor, plus a deadline).
struct DispatcherSettings
{
    int maxRetries = 3;           ///< retries after server faults (so at most maxRetries+1 server-faulted attempts)
    qint64 initialDelayMs = 1000; ///< backoff before the first server-fault retry ...
    double backoffFactor = 2.0;   ///< ... multiplied by this for each further one ...
    qint64 maxDelayMs = 30'000;   ///< ... capped here
    double jitter = 0.2;          ///< each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
    qint64 requestDeadlineMs = 300'000; ///< the whole request (attempts + waits) ends by then; 0 = no deadline
    int keySwitchBudget = 20;           ///< attempts that may end in KeyInvalid/RateLimited (each switches key at once)
    quint64 randomSeed = 0;             ///< jitter's seed; 0 = random

    /// The delay before server-fault retry number `retry` (0-based) without jitter: initial * factor^retry, capped.
    qint64 baseDelayMs(int retry) const;
    bool operator==(const DispatcherSettings&) const = default;
};

} // namespace egb
