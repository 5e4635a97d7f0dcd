#include "ClientSettings.h"

namespace egb {

QUrl ClientSettings::defaultBaseUrl()
{
    return QUrl(QStringLiteral("https://generativelanguage.googleapis.com"));
}

std::optional<QUrl> ClientSettings::baseUrlFromEnvironment()
{
    const QByteArray value = qgetenv(baseUrlEnvironmentVariable()).trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const QUrl url(QString::fromUtf8(value), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return std::nullopt;
    return url;
}

ClientSettings ClientSettings::fromEnvironment()
{
    ClientSettings settings;
    if (auto url = baseUrlFromEnvironment())
        settings.baseUrl = *url;
    return settings;
}

QUrl ClientSettings::endpoint(const QString& path, const QUrlQuery& query) const
{
    QUrl url = baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + QLatin1Char('/') + apiVersion + QLatin1Char('/') + path);
    // A base URL with a ?key=... would leak a key into every request: queries come only from `query`.
    url.setQuery(query.isEmpty() ? QString() : query.query(QUrl::FullyEncoded));
    return url;
}

} // namespace egb
