#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace egb::test {

/// Keeps a test away from the person's own configuration and key database: QStandardPaths in test mode, and QSettings
/// (native and INI, user scope) under `configDir`, for an application named `applicationName`. Call it from
/// initTestCase(), before anything reads a setting.
inline void isolateSettings(const QString& configDir, const QString& applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, configDir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, configDir);
    QCoreApplication::setOrganizationName(QStringLiteral("EasyGeminiBalanceTest"));
    QCoreApplication::setApplicationName(applicationName);
    // The test's own data folder (test mode: ~/.qttest/share/...) starts empty: a database another build left
    // there (a newer schema, a broken file) must not decide what this run sees.
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (data.contains(QLatin1String("/.qttest/")) && !applicationName.isEmpty())
        QDir(data).removeRecursively();
}

} // namespace egb::test
