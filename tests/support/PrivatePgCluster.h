#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace egb::test {

/// A PostgreSQL cluster of the test's own (scripts/pg-cluster.sh in a temporary folder), for the tests that stop and
/// start its server under the code they test, which the shared test cluster must never see. start() also points
/// PGPASSFILE at the cluster's password file, so url() carries no password. The cluster is stopped and removed with
/// this object.
class PrivatePgCluster
{
public:
    explicit PrivatePgCluster(QString script)
        : m_script(std::move(script))
    {}
    PrivatePgCluster(const PrivatePgCluster&) = delete;
    PrivatePgCluster& operator=(const PrivatePgCluster&) = delete;
    ~PrivatePgCluster()
    {
        if (m_started)
            run({QStringLiteral("stop"), m_state.path()});
    }

    bool start()
    {
        if (!m_state.isValid())
            return false;
        m_started = run({QStringLiteral("start"), m_state.path()});
        QFile url(m_state.filePath(QStringLiteral("url")));
        if (!m_started || !url.open(QIODevice::ReadOnly))
            return false;
        m_url = QString::fromUtf8(url.readAll()).trimmed();
        qputenv("PGPASSFILE", QFile::encodeName(m_state.filePath(QStringLiteral("pgpass"))));
        return !m_url.isEmpty();
    }

    QString url() const { return m_url; }
    /// The superuser's password (from the cluster's pgpass file): for tests that type it as a person would.
    QString password() const
    {
        QFile file(m_state.filePath(QStringLiteral("pgpass")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed().section(u':', 4)
                                              : QString();
    }
    bool stopServer() { return run({QStringLiteral("stop-server"), m_state.path()}); }
    bool startServer() { return run({QStringLiteral("start-server"), m_state.path()}); }

private:
    bool run(const QStringList& args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"), QStringList{m_script} + args);
        if (!p.waitForFinished(120'000)) {
            p.kill();
            p.waitForFinished();
            qWarning("pg-cluster.sh %s: no answer in 120 s", qPrintable(args.join(u' ')));
            return false;
        }
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("pg-cluster.sh %s: %s", qPrintable(args.join(u' ')), p.readAll().constData());
            return false;
        }
        return true;
    }

    QString m_script;
    QTemporaryDir m_state;
    bool m_started = false;
    QString m_url;
};

} // namespace egb::test
