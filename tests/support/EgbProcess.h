#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace egb::test {

/// How one run of the egb program ended.
struct EgbRun
{
    int exitCode = -1; ///< -1: did not start or did not finish in time; -2: crashed
    QString out;
    QString err;
    QByteArray rawOut;
    QJsonDocument json() const { return QJsonDocument::fromJson(rawOut); }
};

/// Runs `program` (the egb binary) with `args` in `home`, kept away from the person's own files: HOME,
/// XDG_DATA_HOME (`home`/xdg-data, where the default database lives) and XDG_CONFIG_HOME (`home`/xdg-config, where
/// the app's settings file lives: settingsFile()). EGB_* variables of the test's own environment are removed;
/// `env` adds variables (a null value removes one). Waits by spinning the event loop, so that a FakeGeminiServer
/// in the calling thread keeps answering.
inline EgbRun runEgb(const QString& program, const QString& home, const QStringList& args,
                     const QMap<QString, QString>& env = {}, int timeoutMs = 120'000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& name : environment.keys()) {
        if (name.startsWith(QLatin1String("EGB_")))
            environment.remove(name);
    }
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/xdg-config"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (it.value().isNull())
            environment.remove(it.key());
        else
            environment.insert(it.key(), it.value());
    }
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(home);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(program, args);
    EgbRun run;
    if (!process.waitForStarted(10'000)) {
        qWarning("egb did not start: %s", qPrintable(process.errorString()));
        return run;
    }
    process.closeWriteChannel();
    if (!finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        qWarning("egb %s did not finish in time", qPrintable(args.join(u' ')));
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.rawOut = process.readAllStandardOutput();
    run.out = QString::fromUtf8(run.rawOut);
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

/// The settings file egb and the app read under runEgb()'s `home` (QSettings' native format on Linux: INI).
inline QString egbSettingsFile(const QString& home)
{
    return home + QStringLiteral("/xdg-config/EasyGeminiBalance/easy-gemini-balance.conf");
}

} // namespace egb::test
