#include "TimeLimitOptions.h"

#include "Console.h"

#include <QCommandLineParser>

#include <cmath>

namespace egb {

TimeLimitOptions::TimeLimitOptions()
    : m_timeout(QStringList{QStringLiteral("timeout")},
                tr("One attempt at most this long, a stream included (default 120; streams 600, and 60 between "
                   "events)."),
                QStringLiteral("SECONDS"))
    , m_deadline(QStringList{QStringLiteral("deadline")},
                 tr("Each request (every attempt, retry and wait for a key) at most this long; an attempt still "
                    "running then is stopped (default 300)."),
                 QStringLiteral("SECONDS"))
{}

void TimeLimitOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_timeout);
    parser.addOption(m_deadline);
}

bool TimeLimitOptions::apply(const QCommandLineParser& parser, Console& console, ClientSettings& client,
                             DispatcherSettings& dispatcher) const
{
    const auto secondsOf = [&](const QCommandLineOption& option, qint64& ms) {
        const QString text = parser.value(option).trimmed();
        bool ok = false;
        const double seconds = text.toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > MaxSeconds) {
            console.error(tr("--%1 takes a number of seconds above 0 (e.g. --%1 30), not \"%2\".")
                              .arg(option.names().constFirst(), text));
            return false;
        }
        ms = std::max<qint64>(1, qint64(std::llround(seconds * 1000.0)));
        return true;
    };
    if (parser.isSet(m_timeout)) {
        qint64 ms = 0;
        if (!secondsOf(m_timeout, ms))
            return false;
        client.attemptTimeoutMs = int(ms);
        client.streamTimeoutMs = int(ms);
        client.streamIdleTimeoutMs = int(std::min<qint64>(ms, client.streamIdleTimeoutMs));
    }
    if (parser.isSet(m_deadline)) {
        qint64 ms = 0;
        if (!secondsOf(m_deadline, ms))
            return false;
        dispatcher.requestDeadlineMs = ms;
    }
    return true;
}

} // namespace egb
