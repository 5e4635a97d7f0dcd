#pragma once

// Runs the real egb (EGB_CLI_PATH) as a process for the CLI tests: an isolated HOME, XDG folders and database in a
// temporary folder, the fake server as EGB_BASE_URL. Header-only, shared by the tests in tests/cli.

#include <QDir>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtGlobal>

#include <memory>

namespace egb::test {

struct CliRun
{
    int exitCode = -1; ///< -1: did not start or finish in time; -2: crashed
    QString out;
    QString err;
    QByteArray rawOut;
    QJsonDocument json() const { return QJsonDocument::fromJson(rawOut); }
};

class CliProcess
{
public:
    /// `folder` holds the database (keys.db), the settings and everything egb writes.
    CliProcess(const QString& folder, const QString& baseUrl)
        : m_folder(folder)
        , m_baseUrl(baseUrl)
    {}

    QString folder() const { return m_folder; }
    QString database() const { return QDir(m_folder).filePath(QStringLiteral("keys.db")); }
    /// The settings file the app and egb share in this isolated home.
    QString settingsFile() const
    {
        return QDir(m_folder).filePath(QStringLiteral("xdg-config/EasyGeminiBalance/easy-gemini-balance.conf"));
    }
    /// Full keys that no output may hold (checked after every run).
    void addSecret(const QString& secret) { m_secrets.insert(secret); }
    bool printedASecret() const { return m_leaked; }

    QProcessEnvironment environment(const QMap<QString, QString>& env = {}) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), m_folder);
        e.insert(QStringLiteral("XDG_DATA_HOME"), QDir(m_folder).filePath(QStringLiteral("xdg-data")));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(m_folder).filePath(QStringLiteral("xdg-config")));
        e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        e.remove(QStringLiteral("EGB_DB"));
        e.remove(QStringLiteral("LANGUAGE"));
        e.insert(QStringLiteral("EGB_BASE_URL"), m_baseUrl);
        for (auto it = env.cbegin(); it != env.cend(); ++it) {
            if (it.value().isNull())
                e.remove(it.key());
            else
                e.insert(it.key(), it.value());
        }
        return e;
    }

    /// Starts egb with `args` (and --db unless withDb is false); the caller drives it.
    std::unique_ptr<QProcess> start(const QStringList& args, const QMap<QString, QString>& env = {},
                                    bool withDb = true) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment(env));
        process->setWorkingDirectory(m_folder);
        QStringList all = args;
        if (withDb)
            all << QStringLiteral("--db") << database();
        process->start(QStringLiteral(EGB_CLI_PATH), all);
        return process;
    }

    /// Runs egb to its end; `input` goes to its standard input.
    CliRun run(const QStringList& args, const QMap<QString, QString>& env = {}, bool withDb = true,
               const QByteArray& input = {})
    {
        std::unique_ptr<QProcess> process = start(args, env, withDb);
        CliRun r;
        if (!process->waitForStarted(10'000)) {
            qWarning("egb did not start: %s", qPrintable(process->errorString()));
            return r;
        }
        QSignalSpy finished(process.get(), &QProcess::finished);
        if (!input.isEmpty())
            process->write(input);
        process->closeWriteChannel();
        // A fake server may run in this thread: wait by spinning the event loop, never by blocking it.
        if (process->state() != QProcess::NotRunning && !finished.wait(120'000)) {
            process->kill();
            process->waitForFinished();
            qWarning("egb %s did not finish in time", qPrintable(args.join(u' ')));
            return r;
        }
        return collect(*process, args);
    }

    /// The exit code and output of a process that has finished.
    CliRun collect(QProcess& process, const QStringList& args = {})
    {
        CliRun r;
        r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        r.rawOut = process.readAllStandardOutput();
        r.out = QString::fromUtf8(r.rawOut);
        r.err = QString::fromUtf8(process.readAllStandardError());
        for (const QString& secret : std::as_const(m_secrets)) {
            if (r.out.contains(secret) || r.err.contains(secret)) {
                qWarning("egb %s printed a full key", qPrintable(args.join(u' ')));
                m_leaked = true;
            }
        }
        return r;
    }

private:
    QString m_folder;
    QString m_baseUrl;
    QSet<QString> m_secrets;
    bool m_leaked = false;
};

} // namespace egb::test
