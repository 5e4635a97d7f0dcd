#pragma once

#include <QString>
#include <QtGlobal>

namespace egb {

/// How the local proxy listens and what it tolerates from callers.
struct ProxySettings
{
    static constexpr quint16 DefaultPort = 8765;

    QString host = QStringLiteral("127.0.0.1"); ///< another address only when the person sets it (a warning is shown)
    quint16 port = DefaultPort;                 ///< 0 = any free port
    qint64 bodyCapBytes = 50LL * 1024 * 1024;   ///< a larger request body is answered 413
    int headerCapBytes = 64 * 1024;             ///< request line + headers larger than this: 431
    int idleTimeoutMs = 30'000; ///< a connection that sends nothing (or stalls mid-request) this long is closed
    int maxConnections = 2000;  ///< connections beyond this are answered 503 and closed
    int upstreamManagers = 16;  ///< network managers of the pass-through client (6 HTTP/1.1 connections each)

    /// True for 127.0.0.1, ::1 and "localhost".
    bool isLoopback() const;
    bool operator==(const ProxySettings&) const = default;
};

} // namespace egb
