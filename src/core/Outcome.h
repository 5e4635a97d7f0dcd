#pragma once

#include "QuotaViolation.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace egb {

/// How one attempt with one key ended, as far as the key pool is concerned (DESIGN.md, "Health policy").
enum class OutcomeClass
{
    Success,      ///< 200 with candidates
    KeyInvalid,   ///< 400 API_KEY_INVALID, 401, 402, 403: disable the key, retry with another at once
    RateLimited,  ///< 429: cool the key down, retry with another at once
    ServerError,  ///< 5xx, 408/499, timeout, connection reset, empty or malformed 200: penalise, back off, retry
    RequestError, ///< other 400, 404, blocked prompt: the request is at fault; key untouched, no retry
    Cancelled,    ///< the caller gave up: key untouched, no retry
};

struct TokenUsage
{
    int promptTokens = 0;
    int candidatesTokens = 0;
    int thoughtsTokens = 0;
    int totalTokens = 0;
    bool operator==(const TokenUsage&) const = default;
};

/// An attempt's result as a value (errors are values; nothing throws).
struct Outcome
{
    OutcomeClass kind = OutcomeClass::Success;
    int httpStatus = 0;       ///< 0 for transport failures (timeout, reset, refused)
    QString googleStatus;     ///< e.g. "RESOURCE_EXHAUSTED", "INVALID_ARGUMENT"
    QString reason;           ///< ErrorInfo reason, e.g. "API_KEY_INVALID", or a blockReason
    qint64 retryDelayMs = -1; ///< from RetryInfo.retryDelay or Retry-After; -1 when the server gave none
    QString quotaId;          ///< QuotaFailure quotaId, e.g. "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
                              ///< (the deciding one when there are several: a daily quota first)
    QList<QuotaViolation> violations; ///< every violation of the QuotaFailure detail, in the server's order
    QString model;                    ///< the model the attempt was for (the Dispatcher sets it); empty = not known
    bool overloaded = false;          ///< 503 UNAVAILABLE: the model is busy, not the key
    QString message;                  ///< Google's message (or ours for transport failures)
    qint64 latencyMs = 0;
    TokenUsage usage;

    bool isSuccess() const { return kind == OutcomeClass::Success; }

    static Outcome success(qint64 latencyMs = 0, TokenUsage usage = {});
    static Outcome failure(OutcomeClass kind, int httpStatus, QString message);

    /// "success", "key_invalid", "rate_limited", "server_error", "request_error", "cancelled".
    static QString className(OutcomeClass kind);

    bool operator==(const Outcome&) const = default;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::Outcome)
