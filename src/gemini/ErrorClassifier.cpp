#include "ErrorClassifier.h"

#include "ApiKey.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkReply>
#include <QTimeZone>

#include <cmath>

namespace egb {

namespace {

// quotaValue is an int64 in a JSON string ("15"); a number is accepted too. Anything else, a negative value or one
// no int64 holds (a hostile 1e308) is "no value", -1: converting such a double to an integer is undefined.
qint64 quotaValueOf(const QJsonValue& quota)
{
    if (quota.isString()) {
        bool ok = false;
        const qint64 number = quota.toString().toLongLong(&ok);
        return ok && number >= 0 ? number : -1;
    }
    if (!quota.isDouble())
        return -1;
    const double number = quota.toDouble();
    constexpr double Int64Bound = 9223372036854775808.0; // 2^63, the first double past qint64's range
    return std::isfinite(number) && number >= 0 && number < Int64Bound ? qint64(number) : -1;
}

bool endsWithType(const QJsonObject& detail, QLatin1String type)
{
    return detail.value(QLatin1String("@type")).toString().endsWith(type);
}

OutcomeClass classForGoogleStatus(const QString& status)
{
    if (status == QLatin1String("RESOURCE_EXHAUSTED"))
        return OutcomeClass::RateLimited;
    if (status == QLatin1String("PERMISSION_DENIED") || status == QLatin1String("UNAUTHENTICATED"))
        return OutcomeClass::KeyInvalid;
    if (status == QLatin1String("INVALID_ARGUMENT") || status == QLatin1String("NOT_FOUND") ||
        status == QLatin1String("FAILED_PRECONDITION") || status == QLatin1String("OUT_OF_RANGE"))
        return OutcomeClass::RequestError;
    return OutcomeClass::ServerError;
}

/// 403 PERMISSION_DENIED "You do not have permission to access the File abc123 or it may not exist.": the request
/// names a file of another project (or an expired one). The key is fine; another key of another project would be
/// refused the same way, so it is a request fault, not a reason to disable keys one after another.
bool isFileAccessDenied(const Outcome& o)
{
    return o.httpStatus == 403 && o.googleStatus == QLatin1String("PERMISSION_DENIED") &&
           o.message.contains(QLatin1String("permission to access the File"), Qt::CaseInsensitive);
}

} // namespace

OutcomeClass ErrorClassifier::classForStatus(int httpStatus)
{
    switch (httpStatus) {
    case 401:
    case 402:
    case 403:
        return OutcomeClass::KeyInvalid;
    case 408:
    case 499:
        return OutcomeClass::ServerError;
    case 429:
        return OutcomeClass::RateLimited;
    default:
        break;
    }
    if (httpStatus >= 200 && httpStatus < 300)
        return OutcomeClass::Success;
    if (httpStatus >= 400 && httpStatus < 500)
        return OutcomeClass::RequestError;
    return OutcomeClass::ServerError; // 5xx, 0 (no answer), and anything odd (1xx/3xx where an answer was due)
}

bool ErrorClassifier::isErrorEnvelope(QByteArrayView body)
{
    const QByteArray trimmed = body.toByteArray().trimmed();
    if (!trimmed.startsWith('{'))
        return false;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed);
    return doc.isObject() && doc.object().value(QLatin1String("error")).isObject();
}

Outcome ErrorClassifier::classifyErrorObject(const QJsonObject& envelope, int httpStatus)
{
    const QJsonObject error = envelope.value(QLatin1String("error")).toObject();
    const int code = error.value(QLatin1String("code")).toInt(httpStatus);
    Outcome o;
    o.httpStatus = code > 0 ? code : httpStatus;
    o.googleStatus = error.value(QLatin1String("status")).toString();
    // The server's words are shown, logged and saved with the key's health: a server or proxy that quotes the key
    // (e.g. a URL with ?key=) must not put it there in full.
    o.message = ApiKey::maskKeysIn(error.value(QLatin1String("message")).toString());
    const QJsonArray details = error.value(QLatin1String("details")).toArray();
    for (const QJsonValue& value : details) {
        const QJsonObject detail = value.toObject();
        if (endsWithType(detail, QLatin1String("google.rpc.ErrorInfo"))) {
            if (o.reason.isEmpty())
                o.reason = detail.value(QLatin1String("reason")).toString();
        } else if (endsWithType(detail, QLatin1String("google.rpc.QuotaFailure"))) {
            const QJsonArray violations = detail.value(QLatin1String("violations")).toArray();
            for (const QJsonValue& value : violations) {
                const QJsonObject v = value.toObject();
                QuotaViolation violation;
                violation.quotaId = v.value(QLatin1String("quotaId")).toString();
                violation.model =
                    v.value(QLatin1String("quotaDimensions")).toObject().value(QLatin1String("model")).toString();
                violation.quotaValue = quotaValueOf(v.value(QLatin1String("quotaValue")));
                if (violation.quotaId.isEmpty() && violation.model.isEmpty() && violation.quotaValue < 0)
                    continue;
                o.violations.append(violation);
                // A daily quota outweighs a per-minute one: it decides how long the key must rest.
                const QString& id = violation.quotaId;
                if (o.quotaId.isEmpty() ||
                    (id.contains(QLatin1String("PerDay")) && !o.quotaId.contains(QLatin1String("PerDay"))))
                    o.quotaId = id;
            }
        } else if (endsWithType(detail, QLatin1String("google.rpc.RetryInfo"))) {
            o.retryDelayMs = parseDuration(detail.value(QLatin1String("retryDelay")).toString());
        }
    }
    if (o.httpStatus >= 300 || (o.httpStatus > 0 && o.httpStatus < 200))
        o.kind = classForStatus(o.httpStatus);
    else
        o.kind = classForGoogleStatus(o.googleStatus); // an error event inside a 200 stream
    if (o.httpStatus == 400 && o.reason == QLatin1String("API_KEY_INVALID"))
        o.kind = OutcomeClass::KeyInvalid;
    if (isFileAccessDenied(o))
        o.kind = OutcomeClass::RequestError;
    if (o.kind == OutcomeClass::Success)
        o.kind = OutcomeClass::ServerError;
    o.overloaded =
        o.httpStatus == 503 || (o.kind == OutcomeClass::ServerError && o.googleStatus == QLatin1String("UNAVAILABLE") &&
                                o.message.contains(QLatin1String("overloaded"), Qt::CaseInsensitive));
    if (o.message.isEmpty())
        o.message = describe(o.kind);
    return o;
}

Outcome ErrorClassifier::classifyHttp(int httpStatus, QByteArrayView body, QByteArrayView retryAfter, qint64 nowMs)
{
    const QByteArray trimmed = body.toByteArray().trimmed();
    QJsonParseError parseError;
    const QJsonDocument doc = trimmed.startsWith('{') ? QJsonDocument::fromJson(trimmed, &parseError) : QJsonDocument();
    Outcome o;
    if (doc.isObject() && doc.object().value(QLatin1String("error")).isObject()) {
        o = classifyErrorObject(doc.object(), httpStatus);
        o.httpStatus = httpStatus;
        if (httpStatus >= 300)
            o.kind = classForStatus(httpStatus);
        if (httpStatus == 400 && o.reason == QLatin1String("API_KEY_INVALID"))
            o.kind = OutcomeClass::KeyInvalid;
        if (isFileAccessDenied(o))
            o.kind = OutcomeClass::RequestError;
        if (o.kind == OutcomeClass::Success)
            o.kind = OutcomeClass::ServerError;
    } else if (httpStatus >= 200 && httpStatus < 300) {
        if (doc.isObject())
            return classifyResponse(GenerateResponse::fromJson(doc.object()), httpStatus);
        o = Outcome::failure(OutcomeClass::ServerError, httpStatus,
                             tr("Gemini sent an answer that could not be read (not valid JSON). This is usually "
                                "temporary; the request is retried."));
    } else {
        o.kind = classForStatus(httpStatus);
        o.httpStatus = httpStatus;
        o.message = httpStatus > 0
                        ? tr("HTTP %1 without a Gemini error message: %2").arg(httpStatus).arg(describe(o.kind))
                        : describe(o.kind);
    }
    o.overloaded = o.overloaded || httpStatus == 503; // "The model is overloaded": the model is busy, not the key
    if (o.retryDelayMs < 0 && !retryAfter.isEmpty())
        o.retryDelayMs = parseRetryAfter(retryAfter, nowMs < 0 ? QDateTime::currentMSecsSinceEpoch() : nowMs);
    return o;
}

Outcome ErrorClassifier::classifyResponse(const GenerateResponse& response, int httpStatus)
{
    if (response.hasCandidates()) {
        Outcome o = Outcome::success(0, response.usage);
        o.httpStatus = httpStatus;
        return o;
    }
    if (response.isBlocked()) {
        Outcome o = Outcome::failure(OutcomeClass::RequestError, httpStatus,
                                     tr("Gemini blocked the prompt (reason: %1). Change the prompt; sending it again "
                                        "will not help.")
                                         .arg(response.blockReason));
        o.reason = response.blockReason;
        return o;
    }
    return Outcome::failure(OutcomeClass::ServerError, httpStatus,
                            tr("Gemini answered without any candidate. This is usually temporary; the request is "
                               "retried."));
}

Outcome ErrorClassifier::classifyTransport(int networkError, const QString& errorString, bool timedOut, bool cancelled)
{
    if (cancelled)
        return Outcome::failure(OutcomeClass::Cancelled, 0, tr("Cancelled."));
    if (timedOut || networkError == QNetworkReply::TimeoutError)
        return Outcome::failure(OutcomeClass::ServerError, 0,
                                tr("No answer in time (timed out). The request is retried; if this keeps happening, "
                                   "raise the timeout or check the network."));
    if (networkError == QNetworkReply::OperationCanceledError)
        return Outcome::failure(OutcomeClass::Cancelled, 0, tr("Cancelled."));
    return Outcome::failure(OutcomeClass::ServerError, 0,
                            tr("Network error: %1. Check the connection or the base URL.").arg(errorString));
}

qint64 ErrorClassifier::parseDuration(QStringView duration)
{
    QStringView s = duration.trimmed();
    if (s.endsWith(QLatin1Char('s')))
        s.chop(1);
    if (s.isEmpty())
        return -1;
    for (QChar c : s) {
        if (!c.isDigit() && c != QLatin1Char('.'))
            return -1;
    }
    bool ok = false;
    const double seconds = s.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds * 1000.0 > double(MaxRetryDelayMs))
        return -1;
    return qint64(std::ceil(seconds * 1000.0 - 1e-6));
}

qint64 ErrorClassifier::parseRetryAfter(QByteArrayView value, qint64 nowMs)
{
    const QString text = QString::fromLatin1(value.toByteArray()).trimmed();
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = text.toLongLong(&ok);
    if (ok) // bounded before multiplying: "9223372036854775807" must not overflow into a negative (or any) delay
        return seconds >= 0 && seconds <= MaxRetryDelayMs / 1000 ? seconds * 1000 : -1;
    QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid()) {
        QString t = text;
        t.replace(QLatin1String(" GMT"), QLatin1String(" +0000"));
        when = QDateTime::fromString(t, Qt::RFC2822Date);
    }
    if (!when.isValid())
        return -1;
    const qint64 delay = std::max<qint64>(0, when.toMSecsSinceEpoch() - nowMs);
    return delay <= MaxRetryDelayMs ? delay : -1;
}

QString ErrorClassifier::describe(OutcomeClass kind)
{
    switch (kind) {
    case OutcomeClass::Success:
        return tr("The request succeeded.");
    case OutcomeClass::KeyInvalid:
        return tr("The key was rejected (invalid, suspended or out of credit). It is disabled; check it in Google AI "
                  "Studio.");
    case OutcomeClass::RateLimited:
        return tr("The key's quota is used up for now. It rests until the quota returns.");
    case OutcomeClass::ServerError:
        return tr("Gemini or the network failed. This is usually temporary; the request is retried.");
    case OutcomeClass::RequestError:
        return tr("Gemini refused the request itself (not the key). Check the model name and the request.");
    case OutcomeClass::Cancelled:
        return tr("Cancelled.");
    }
    return {};
}

} // namespace egb
