#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace egb {

class CliApp;

/// The request log from the command line: `egb log` (the attempts themselves) and `egb usage` (requests and
/// tokens per key, project, model or day, with the estimated cost when the price table has the model).
class LogCommands
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    /// egb log [--since 1h] [--key ID] [--model M] [--source S] [--json]
    static int log(CliApp& app);
    /// egb usage [--by key|project|model|day] [--since 7d] [--json]
    static int usage(CliApp& app);

    /// "90s", "30m", "1h", "7d", "2w" (a bare number is seconds) in milliseconds; nullopt when malformed.
    static std::optional<qint64> parseDuration(const QString& text);
};

} // namespace egb
