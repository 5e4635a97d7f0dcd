#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// `egb export [--format txt|csv|json] [--full] [-o FILE]`: writes the pool's keys with KeyExporter (the app's
/// File → Export keys writes the same files). Keys are masked unless --full; full keys go only to a file, created
/// readable by its owner only (0600).
class ExportCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
};

} // namespace egb
