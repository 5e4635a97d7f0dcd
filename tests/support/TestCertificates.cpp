#include "TestCertificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace egb::test {

namespace {

bool openssl(const QString& directory, const QStringList& args, QString* error)
{
    QProcess p;
    p.setWorkingDirectory(directory);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForStarted(10'000)) {
        if (error)
            *error = QStringLiteral("openssl did not start (%1); install the openssl package").arg(p.errorString());
        return false;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(30'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("openssl %1 failed: %2").arg(args.join(u' '), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool makeCa(const QString& dir, const QString& name, const QString& subject, QString* error)
{
    return openssl(dir,
                   {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                    QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                    QStringLiteral("-out"), name + QStringLiteral(".pem"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-subj"), subject, QStringLiteral("-addext"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                   error);
}

} // namespace

std::optional<TestCertificates> TestCertificates::create(const QString& directory, QString* error)
{
    const QDir dir(directory);
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = QStringLiteral("cannot create %1").arg(directory);
        return std::nullopt;
    }
    if (!makeCa(directory, QStringLiteral("ca"), QStringLiteral("/CN=egb test CA"), error) ||
        !makeCa(directory, QStringLiteral("other-ca"), QStringLiteral("/CN=egb other test CA"), error))
        return std::nullopt;
    {
        QFile ext(dir.filePath(QStringLiteral("server.ext")));
        if (!ext.open(QIODevice::WriteOnly) ||
            ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                      "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n") < 0) {
            if (error)
                *error = QStringLiteral("cannot write %1").arg(ext.fileName());
            return std::nullopt;
        }
    }
    if (!openssl(directory,
                 {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                  QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                  QStringLiteral("server.key"), QStringLiteral("-out"), QStringLiteral("server.csr"),
                  QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
                 error) ||
        !openssl(directory,
                 {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                  QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                  QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                  QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                  QStringLiteral("server.ext")},
                 error))
        return std::nullopt;

    TestCertificates c;
    c.caPath = dir.filePath(QStringLiteral("ca.pem"));
    c.otherCaPath = dir.filePath(QStringLiteral("other-ca.pem"));
    c.ca = QSslCertificate(readAll(c.caPath), QSsl::Pem);
    c.otherCa = QSslCertificate(readAll(c.otherCaPath), QSsl::Pem);
    c.serverCert = QSslCertificate(readAll(dir.filePath(QStringLiteral("server.pem"))), QSsl::Pem);
    c.serverKey = QSslKey(readAll(dir.filePath(QStringLiteral("server.key"))), QSsl::Ec, QSsl::Pem);
    c.chain = {c.serverCert, c.ca};
    if (c.ca.isNull() || c.otherCa.isNull() || c.serverCert.isNull() || c.serverKey.isNull()) {
        if (error)
            *error = QStringLiteral("the certificates made by openssl could not be loaded");
        return std::nullopt;
    }
    return c;
}

} // namespace egb::test
