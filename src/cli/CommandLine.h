#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace egb {

/// Options that apply to every command, accepted before or after the command name.
struct GlobalOptions
{
    /// Settings given on the command line, in order: {"db", PATH} for --db, {"base-url", URL} for --base-url,
    /// {"strategy", NAME} for --strategy (AppSettings names). They beat the environment and the settings file.
    QList<QPair<QString, QString>> settings;
    bool json = false;
    bool help = false;
    bool version = false;
};

/// The first pass over argv: pulls the global options out wherever they stand, finds the command name, and leaves
/// the command's own arguments (in order) for the command to parse with QCommandLineParser.
/// Everything after "--" belongs to the command untouched.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    /// `arguments` as QCoreApplication::arguments() gives them (program name first). The environment is not read
    /// here: AppContext gives every setting one precedence (command line > environment > settings file > default).
    static CommandLine parse(const QStringList& arguments);

    /// Options of commands that take a value: their value is never mistaken for the command name.
    static bool commandOptionTakesValue(const QString& option);

    bool ok = true;
    QString error; ///< translated, when !ok
    GlobalOptions options;
    QString command;         ///< "" when none was given
    QStringList commandArgs; ///< the command's own options and arguments, in order
};

} // namespace egb
