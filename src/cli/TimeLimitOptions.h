#pragma once

#include "ClientSettings.h"
#include "DispatcherSettings.h"

#include <QCommandLineOption>
#include <QCoreApplication>

class QCommandLineParser;

namespace egb {

class Console;

/// `--timeout SECONDS` and `--deadline SECONDS` of `egb chat` and `egb batch`: the limit of one attempt (streams
/// too: the whole stream, and at most that long between its events) and of the whole request (attempts, backoff and
/// waits for a resting key; an attempt in flight is cut at the deadline).
class TimeLimitOptions
{
    Q_DECLARE_TR_FUNCTIONS(egb)
public:
    TimeLimitOptions();
    void addTo(QCommandLineParser& parser) const;
    /// Applies what was given to the settings. Prints an error and returns false on a value that is not a positive
    /// number of seconds.
    bool apply(const QCommandLineParser& parser, Console& console, ClientSettings& client,
               DispatcherSettings& dispatcher) const;

    static constexpr double MaxSeconds = 7 * 24 * 3600; ///< a week: anything longer is a typo

private:
    QCommandLineOption m_timeout;
    QCommandLineOption m_deadline;
};

} // namespace egb
