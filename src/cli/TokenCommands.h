#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// egb tokens add [--label L] [--json] | list [--json] | remove ID...: the proxy's access tokens.
class TokenCommands
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
};

} // namespace egb
