#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace egb {

/// Where and how a GeminiClient talks to Gemini, and the bounds every attempt is held to.
struct ClientSettings
{
    QUrl baseUrl = defaultBaseUrl();               ///< scheme://host[:port][/prefix]; "/v1beta/..." is appended
    QString apiVersion = QStringLiteral("v1beta"); ///< "v1beta" (default) or "v1"
    int attemptTimeoutMs = 120'000;   ///< one non-streaming attempt (and one models.list page) at most this long
    int streamTimeoutMs = 600'000;    ///< one streaming attempt at most this long, however steadily events arrive
    int streamIdleTimeoutMs = 60'000; ///< a stream is aborted when no complete event arrives for this long
    /// One answer (a generate response, a models.list page, an error body) at most this many bytes, counted as they
    /// are read (a longer answer is aborted and not retried). 0 = no limit.
    qint64 maxResponseBytes = 32LL * 1024 * 1024;
    /// A stream's running total at most this many bytes. 0 = no limit.
    qint64 maxStreamBytes = 256LL * 1024 * 1024;
    /// Certificate authorities trusted for https besides the system's (a private CA, a test CA). Verification is
    /// never turned off: a server whose certificate no trusted CA signed is refused.
    QList<QSslCertificate> caCertificates;
    bool http2 = true; ///< offer HTTP/2 on https (ALPN); the server may still choose HTTP/1.1
    QByteArray userAgent = QByteArrayLiteral("easy-gemini-balance"); ///< EGB_VERSION is appended when defined

    /// https://generativelanguage.googleapis.com
    static QUrl defaultBaseUrl();
    /// The name of the environment variable that overrides the base URL: "EGB_BASE_URL".
    static const char* baseUrlEnvironmentVariable() { return "EGB_BASE_URL"; }
    /// The name of the environment variable naming a PEM file of extra trusted CAs: "EGB_CA_FILE".
    static const char* caFileEnvironmentVariable() { return "EGB_CA_FILE"; }
    /// The base URL from EGB_BASE_URL when set and valid (http or https), else nullopt.
    static std::optional<QUrl> baseUrlFromEnvironment();
    /// The certificates of a PEM file (one or more). nullopt and a translated *error when the file cannot be read
    /// (missing, not a regular file, too large) or holds no certificate.
    static std::optional<QList<QSslCertificate>> loadCaFile(const QString& path, QString* error = nullptr);
    /// The certificates of the file EGB_CA_FILE names: an empty list when unset, nullopt (and *error) when unusable.
    static std::optional<QList<QSslCertificate>> caCertificatesFromEnvironment(QString* error = nullptr);
    /// Defaults, with EGB_BASE_URL and EGB_CA_FILE applied when set and usable.
    static ClientSettings fromEnvironment();

    /// baseUrl + "/" + apiVersion + "/" + path (path without leading slash), with the query. Never holds a key.
    QUrl endpoint(const QString& path, const QUrlQuery& query = {}) const;

    bool operator==(const ClientSettings&) const = default;
};

} // namespace egb
