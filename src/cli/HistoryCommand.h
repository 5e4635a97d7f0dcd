#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// `egb history [-n N]`: every import, newest first (egb import and the app's imports, from the key database's
/// ImportHistoryStore): when, the file, what was added, the duplicates and the rejected lines.
class HistoryCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static constexpr int DefaultLimit = 50;
    static int run(CliApp& app);
};

} // namespace egb
