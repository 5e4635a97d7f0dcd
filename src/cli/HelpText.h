#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace egb {

/// The translated help of egb and of each of its commands.
class HelpText
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    /// Every command egb knows, in the order the help lists them.
    static QStringList commands();
    /// `egb --help`; `defaultDb` is shown as the default of --db, `settingsFile` as where the settings are kept.
    static QString general(const QString& defaultDb, const QString& settingsFile);
    /// `egb COMMAND --help`; empty for a command that does not exist.
    static QString forCommand(const QString& command);
};

} // namespace egb
