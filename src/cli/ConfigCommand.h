#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace egb {

class CliApp;

/// `egb config list | get NAME | set NAME VALUE`: the saved settings (AppSettings, the file the app's Settings
/// dialog writes). Values are checked before they are saved: a value out of range is refused, never brought into
/// range silently.
class ConfigCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
    /// Every setting's name, in the order `config list` shows them.
    static QStringList names();
};

} // namespace egb
