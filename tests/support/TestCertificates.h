#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <optional>

namespace egb::test {

/// A certificate authority and a server certificate for 127.0.0.1 / localhost signed by it, made at test time with
/// the openssl program (EC P-256, valid two days) in `directory`. Nothing is ever trusted system-wide: a client
/// trusts `caPem` only through ClientSettings::caCertificates or EGB_CA_FILE.
struct TestCertificates
{
    QString caPath;               ///< the CA certificate (PEM): give it to EGB_CA_FILE
    QSslCertificate ca;           ///< the same, loaded
    QSslCertificate serverCert;   ///< CN/SAN 127.0.0.1 and localhost, signed by the CA
    QList<QSslCertificate> chain; ///< serverCert then ca
    QSslKey serverKey;
    QSslCertificate otherCa; ///< a second CA that signed nothing the server shows (an "untrusted" trust anchor)
    QString otherCaPath;

    /// Makes them in `directory`; nullopt and *error when openssl is missing or fails.
    static std::optional<TestCertificates> create(const QString& directory, QString* error = nullptr);
};

} // namespace egb::test
