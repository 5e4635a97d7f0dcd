#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// `egb db copy --from PATH|URL --to PATH|URL [--replace]`: copies a pool between an SQLite file and a team's
/// PostgreSQL database, either way round (service/DatabaseCopier), and prints what was copied.
class DbCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
};

} // namespace egb
