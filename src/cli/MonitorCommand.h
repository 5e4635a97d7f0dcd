#pragma once

#include <QCoreApplication>

namespace egb {

class CliApp;

/// `egb monitor [--once] [--interval SEC]`: a live view of the pool, like top: the counts, the keys cooling down and
/// why, the recent failures, redrawn every interval from the key database (so it shows what the app, the proxy and
/// other commands do). `q` or Ctrl-C leaves; --once prints one frame and ends (with --json: one JSON object).
/// It only reads the database: it never writes a key's health back.
class MonitorCommand
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    static int run(CliApp& app);
};

} // namespace egb
