#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace egb {

/// Options that apply to every command, accepted before or after the command name.
struct GlobalOptions
{
    QString dbPath;  ///< --db PATH, else $EGB_DB, else empty (KeyStore::defaultPath())
    QString baseUrl; ///< --base-url URL, else $EGB_BASE_URL, else empty (Google)
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
    /// `arguments` as QCoreApplication::arguments() gives them (program name first).
    /// Environment defaults (EGB_DB, EGB_BASE_URL) are applied.
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
