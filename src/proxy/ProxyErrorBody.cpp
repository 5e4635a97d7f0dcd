#include "ProxyErrorBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace egb {

QString ProxyErrorBody::googleStatus(int httpStatus)
{
    switch (httpStatus) {
    case 400:
    case 411:
    case 413:
    case 431:
        return QStringLiteral("INVALID_ARGUMENT");
    case 401:
        return QStringLiteral("UNAUTHENTICATED");
    case 403:
        return QStringLiteral("PERMISSION_DENIED");
    case 404:
        return QStringLiteral("NOT_FOUND");
    case 405:
        return QStringLiteral("UNIMPLEMENTED");
    case 408:
    case 504:
        return QStringLiteral("DEADLINE_EXCEEDED");
    case 429:
        return QStringLiteral("RESOURCE_EXHAUSTED");
    case 499:
        return QStringLiteral("CANCELLED");
    case 502:
    case 503:
        return QStringLiteral("UNAVAILABLE");
    default:
        return httpStatus >= 500 ? QStringLiteral("INTERNAL") : QStringLiteral("FAILED_PRECONDITION");
    }
}

QByteArray ProxyErrorBody::google(int httpStatus, const QString& message)
{
    const QJsonObject error{{QStringLiteral("code"), httpStatus},
                            {QStringLiteral("message"), message},
                            {QStringLiteral("status"), googleStatus(httpStatus)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray ProxyErrorBody::openAi(int httpStatus, const QString& message)
{
    QString type = QStringLiteral("invalid_request_error");
    QString code;
    if (httpStatus == 401) {
        type = QStringLiteral("authentication_error");
        code = QStringLiteral("invalid_api_key");
    } else if (httpStatus == 403) {
        type = QStringLiteral("permission_error");
    } else if (httpStatus == 404) {
        code = QStringLiteral("not_found");
    } else if (httpStatus == 429) {
        type = QStringLiteral("rate_limit_error");
        code = QStringLiteral("rate_limit_exceeded");
    } else if (httpStatus >= 500) {
        type = QStringLiteral("server_error");
    }
    QJsonObject error{{QStringLiteral("message"), message}, {QStringLiteral("type"), type}};
    error.insert(QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code));
    error.insert(QStringLiteral("param"), QJsonValue(QJsonValue::Null));
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray ProxyErrorBody::openAiFromUpstream(int httpStatus, const QByteArray& upstreamBody, const QString& fallback)
{
    QJsonDocument doc = QJsonDocument::fromJson(upstreamBody);
    if (doc.isArray() && !doc.array().isEmpty())
        doc = QJsonDocument(doc.array().first().toObject());
    const QString message =
        doc.object().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    return openAi(httpStatus, message.isEmpty() ? fallback : message);
}

} // namespace egb
