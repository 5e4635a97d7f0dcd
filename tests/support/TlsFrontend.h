#pragma once

#include "TestCertificates.h"

#include <QMutex>
#include <QObject>
#include <QStringList>

#include <memory>

namespace egb::test {

/// HTTPS in front of a FakeGeminiServer: TLS with a test CA's certificate (TestCertificates), HTTP/2 or HTTP/1.1 as
/// ALPN decides, each request passed on to the plain HTTP/1.1 server behind it, so every FakeBehavior (delays,
/// streams, hangs, resets, cuts) works unchanged over the real path: a hang stays a hang, a cut stream or a reset
/// becomes RST_STREAM on HTTP/2, a client that gives up closes the request to the server behind.
///
/// HTTP/2 framing is libnghttp2's (the library curl and Apache use), not hand-written. HTTP/1.1 over TLS is a byte
/// tunnel to the server behind. Records the protocol every connection negotiated, so a test can show HTTP/2 was
/// really used. Lives in one thread; observation is thread-safe (benchmarks run it beside the server's thread).
class TlsFrontend : public QObject
{
    Q_OBJECT
public:
    enum class Offer
    {
        Http2AndHttp1, ///< ALPN "h2", "http/1.1": what Google offers
        Http1Only,     ///< ALPN "http/1.1"
    };

    TlsFrontend(const TestCertificates& certificates, quint16 backendPort, QObject* parent = nullptr);
    ~TlsFrontend() override;

    void setOffer(Offer offer);                ///< before listen()
    void setMaxConcurrentStreams(int streams); ///< HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS (default 100, Google's)
    Q_INVOKABLE bool listen(quint16 port = 0); ///< on 127.0.0.1; call in the frontend's thread
    quint16 port() const;
    QString baseUrl() const; ///< "https://127.0.0.1:PORT"

    QStringList negotiatedProtocols() const; ///< per accepted connection: "h2" or "http/1.1"
    int connections() const;                 ///< TLS connections established
    int http2Streams() const;                ///< HTTP/2 requests received (all connections)
    int handshakeFailures() const;           ///< handshakes that failed (a client refusing the certificate)
    int maxStreamsOnOneConnection() const;   ///< the most HTTP/2 requests open at once on one connection

Q_SIGNALS:
    void handshakeFailed();
    void requestForwarded();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb::test
