#pragma once

#include "GenerateResponse.h"
#include "Outcome.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace egb {

/// Turns what came back from Gemini into an egb::Outcome (DESIGN.md "Health policy", GEMINI_API.md "Errors").
///
/// | HTTP | becomes |
/// | --- | --- |
/// | 400 with ErrorInfo reason API_KEY_INVALID | KeyInvalid |
/// | other 400, 404 (and other 4xx not listed) | RequestError |
/// | 401, 402, 403 | KeyInvalid |
/// | 408, 499, timeout, connection reset/refused | ServerError |
/// | 429 | RateLimited (retryDelayMs from RetryInfo or Retry-After, quotaId from QuotaFailure) |
/// | 500, 502, 503, 504 (and other 5xx) | ServerError |
/// | 200 with candidates | Success |
/// | 200 with promptFeedback.blockReason | RequestError (reason = the block reason) |
/// | 200 without candidates and without blockReason, or not JSON | ServerError |
///
/// Error bodies that are not JSON (HTML from a proxy, empty, truncated) are classified by HTTP status alone.
/// Messages for failures without a Google message are translated.
class ErrorClassifier
{
    Q_DECLARE_TR_FUNCTIONS(egb::ErrorClassifier)
public:
    /// The longest retry delay taken from an answer (10^9 s); longer ones are treated as malformed (-1).
    static constexpr qint64 MaxRetryDelayMs = 1'000'000'000'000;

    /// A non-200 HTTP answer (or a 200 whose body is an error envelope).
    /// `retryAfter` is the raw Retry-After header value (seconds or an HTTP date); `nowMs` is used for the date form
    /// (-1 = the current time).
    static Outcome classifyHttp(int httpStatus, QByteArrayView body, QByteArrayView retryAfter = {}, qint64 nowMs = -1);

    /// An `{"error":{...}}` envelope (also a mid-stream error event). `httpStatus` is used when error.code is
    /// missing. Returns a failure Outcome.
    static Outcome classifyErrorObject(const QJsonObject& envelope, int httpStatus);

    /// A 200 answer's parsed body: success, blocked prompt (RequestError) or empty answer (ServerError).
    static Outcome classifyResponse(const GenerateResponse& response, int httpStatus = 200);

    /// A failure below HTTP. `networkError` is a QNetworkReply::NetworkError value. Timeouts, resets and refused
    /// connections are ServerError; `cancelled` (the caller gave up) is Cancelled.
    static Outcome classifyTransport(int networkError, const QString& errorString, bool timedOut, bool cancelled);

    /// The OutcomeClass an HTTP status alone implies (used when the body says nothing useful).
    static OutcomeClass classForStatus(int httpStatus);

    /// Protobuf duration "38s", "45.837906927s", "1.5s", "0.250s" -> milliseconds (rounded up); -1 if malformed.
    static qint64 parseDuration(QStringView duration);
    /// Retry-After value: delta-seconds ("120") or an HTTP date -> milliseconds from nowMs (>= 0); -1 if malformed.
    static qint64 parseRetryAfter(QByteArrayView value, qint64 nowMs);

    /// True when `body` holds (after leading whitespace) a JSON object with an "error" member.
    static bool isErrorEnvelope(QByteArrayView body);

    /// A short translated sentence for the class, e.g. "The key was rejected" (for UIs and the CLI).
    static QString describe(OutcomeClass kind);
};

} // namespace egb
