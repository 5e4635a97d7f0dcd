#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// `egb add KEY [--label L] [--group G] [--weight W]`: adds one key typed or pasted by the person (`-` reads it
/// from standard input, so it stays out of the shell's history and the process list).
class AddCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
};

} // namespace egb
