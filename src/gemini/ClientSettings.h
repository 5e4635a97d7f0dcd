#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace egb {

/// Where and how a GeminiClient talks to Gemini.
struct ClientSettings
{
    QUrl baseUrl = defaultBaseUrl();               ///< scheme://host[:port][/prefix]; "/v1beta/..." is appended
    QString apiVersion = QStringLiteral("v1beta"); ///< "v1beta" (default) or "v1"
    int attemptTimeoutMs = 120'000;   ///< one non-streaming attempt (and one models.list page) at most this long
    int streamIdleTimeoutMs = 60'000; ///< a stream is aborted when no byte arrives for this long
    QByteArray userAgent = QByteArrayLiteral("easy-gemini-balance"); ///< EGB_VERSION is appended when defined

    /// https://generativelanguage.googleapis.com
    static QUrl defaultBaseUrl();
    /// The name of the environment variable that overrides the base URL: "EGB_BASE_URL".
    static const char* baseUrlEnvironmentVariable() { return "EGB_BASE_URL"; }
    /// The base URL from EGB_BASE_URL when set and valid (http or https), else nullopt.
    static std::optional<QUrl> baseUrlFromEnvironment();
    /// Defaults, with EGB_BASE_URL applied when set.
    static ClientSettings fromEnvironment();

    /// baseUrl + "/" + apiVersion + "/" + path (path without leading slash), with the query. Never holds a key.
    QUrl endpoint(const QString& path, const QUrlQuery& query = {}) const;

    bool operator==(const ClientSettings&) const = default;
};

} // namespace egb
