#pragma once

#include <QByteArray>
#include <QString>

namespace egb {

/// The error bodies the proxy answers with itself, in the shape its caller expects.
class ProxyErrorBody
{
public:
    /// Google's envelope: {"error":{"code":404,"message":"...","status":"NOT_FOUND"}}
    static QByteArray google(int httpStatus, const QString& message);
    /// OpenAI's shape: {"error":{"message":"...","type":"invalid_request_error","code":"..."}}
    static QByteArray openAi(int httpStatus, const QString& message);
    /// An upstream error body (Google's envelope, or the OpenAI endpoint's one-element array) restated in OpenAI's
    /// shape; `fallback` when it carries no message.
    static QByteArray openAiFromUpstream(int httpStatus, const QByteArray& upstreamBody, const QString& fallback);
    /// Google's status word for an HTTP status: 400 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 404 NOT_FOUND, ...
    static QString googleStatus(int httpStatus);
};

} // namespace egb
