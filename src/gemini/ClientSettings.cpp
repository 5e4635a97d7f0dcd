#include "ClientSettings.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace egb {

namespace {

constexpr qint64 MaxCaFileBytes = 4LL * 1024 * 1024;

} // namespace

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

std::optional<QList<QSslCertificate>> ClientSettings::loadCaFile(const QString& path, QString* error)
{
    const auto fail = [error](const QString& message) -> std::optional<QList<QSslCertificate>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QCoreApplication::translate("egb::ClientSettings", "The certificate file \"%1\" does not exist.")
                        .arg(path));
    // A FIFO or a device (/dev/zero) would be read without end: only regular files, and only so much of them.
    if (!info.isFile())
        return fail(QCoreApplication::translate("egb::ClientSettings",
                                                "\"%1\" is not a regular file; give a PEM file of CA certificates.")
                        .arg(path));
    if (info.size() > MaxCaFileBytes)
        return fail(QCoreApplication::translate(
                        "egb::ClientSettings",
                        "The certificate file \"%1\" is larger than %2 MB; give a PEM file of CA certificates.")
                        .arg(path)
                        .arg(MaxCaFileBytes / (1024 * 1024)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QCoreApplication::translate("egb::ClientSettings", "The certificate file \"%1\" cannot be read: %2")
                        .arg(path, file.errorString()));
    const QByteArray pem = file.read(MaxCaFileBytes + 1);
    if (pem.size() > MaxCaFileBytes)
        return fail(QCoreApplication::translate(
                        "egb::ClientSettings",
                        "The certificate file \"%1\" is larger than %2 MB; give a PEM file of CA certificates.")
                        .arg(path)
                        .arg(MaxCaFileBytes / (1024 * 1024)));
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        return fail(
            QCoreApplication::translate("egb::ClientSettings",
                                        "The file \"%1\" holds no PEM certificate (-----BEGIN CERTIFICATE-----).")
                .arg(path));
    return certificates;
}

std::optional<QList<QSslCertificate>> ClientSettings::caCertificatesFromEnvironment(QString* error)
{
    const QString path = QString::fromLocal8Bit(qgetenv(caFileEnvironmentVariable())).trimmed();
    if (path.isEmpty())
        return QList<QSslCertificate>();
    QString why;
    auto certificates = loadCaFile(path, &why);
    if (!certificates && error)
        *error = QCoreApplication::translate("egb::ClientSettings", "%1 (from %2)")
                     .arg(why, QString::fromLatin1(caFileEnvironmentVariable()));
    return certificates;
}

ClientSettings ClientSettings::fromEnvironment()
{
    ClientSettings settings;
    if (auto url = baseUrlFromEnvironment())
        settings.baseUrl = *url;
    if (auto certificates = caCertificatesFromEnvironment())
        settings.caCertificates = *certificates;
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
