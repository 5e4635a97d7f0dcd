// egb-fake-gemini: a local stand-in for the Gemini API, for demos, manual tests and benchmarks.
//
//   egb-fake-gemini [--port N] [--script FILE] [--latency MS] [--log] [--tls DIR [--http1]]
//
// Point the app or the CLI at it with EGB_BASE_URL=http://127.0.0.1:N. With --tls DIR it serves HTTPS instead
// (HTTP/2 and HTTP/1.1 by ALPN; --http1 offers HTTP/1.1 only) with a certificate of a test CA it makes in DIR:
// EGB_CA_FILE=DIR/ca.pem EGB_BASE_URL=https://127.0.0.1:N egb chat hi. Every key is valid unless the script says
// otherwise. The script is JSON; every part is optional:
//
// {
//   "default":   {"kind": "ok", "latencyMs": 20, "chunks": 3, "chunkDelayMs": 50},
//   "keys":      {"AIza...": {"kind": "invalid_key"}, "AIzb...": {"kind": "rate_limited", "retryDelay": "20s"}},
//   "queue":     [{"kind": "status", "status": 503}],          // one-shot answers for the next calls, any key
//   "keyQueues": {"AIza...": [{"kind": "daily_quota"}]},       // one-shot answers for one key
//   "faults":    {"probability": 0.03, "seed": 42, "behavior": {"kind": "status", "status": 500}},
//                // or a mix, one seeded draw per ok answer (probabilities add up to at most 1):
//                // {"seed": 42, "mix": [{"probability": 0.03, "behavior": {"kind": "status", "status": 503}},
//                //                      {"probability": 0.01, "behavior": {"kind": "hang"}}]}
//   "quotas":    {"AIza...": {"limit": 3, "windowMs": 2000}},   // 429 + RetryInfo (time left) over the limit;
//                // "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" makes it a daily quota
//   "models":    ["gemini-2.5-flash", "gemini-2.5-pro"]
// }
//
// A behaviour: "kind" is one of ok, invalid_key, leaked_key, unauthenticated, payment_required, bad_request,
// not_found, rate_limited, daily_quota, status, hang, reset, malformed_json, html_error, empty_body, no_candidates,
// blocked, stream_cut, stream_error; optional "text" (canned answer; default echoes the prompt), "latencyMs",
// "chunks", "chunkDelayMs", "status" (for status/html_error/empty_body), "retryDelay" ("38s"), "quotaId",
// "retryAfter" (header value), "reason" (blockReason), "crlf" (SSE framing, default true).

#include "FakeGeminiServer.h"
#include "TestCertificates.h"
#include "TlsFrontend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTextStream>
#include <QThread>

#include <cstdio>

using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;
using egb::test::TestCertificates;
using egb::test::TlsFrontend;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("egb-fake-gemini"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A local fake of the Gemini REST API (v1 and v1beta)."));
    parser.addHelpOption();
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("Port to listen on (0 = any free port)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption scriptOpt(QStringLiteral("script"), QStringLiteral("JSON script of answers."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption latencyOpt(QStringLiteral("latency"),
                                        QStringLiteral("Latency of every ok answer in ms (before the script)."),
                                        QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption logOpt(QStringLiteral("log"), QStringLiteral("Print one line per request."));
    const QCommandLineOption tlsOpt(QStringLiteral("tls"),
                                    QStringLiteral("Serve HTTPS with a test CA made in DIR (DIR/ca.pem to trust)."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption http1Opt(QStringLiteral("http1"), QStringLiteral("With --tls: offer HTTP/1.1 only."));
    parser.addOptions({portOpt, scriptOpt, latencyOpt, logOpt, tlsOpt, http1Opt});
    parser.process(app);

    QTextStream err(stderr);
    bool ok = false;
    const uint port = parser.value(portOpt).toUInt(&ok);
    if (!ok || port > 65535) {
        err << "egb-fake-gemini: --port needs a number from 0 to 65535\n";
        return 2;
    }
    FakeGeminiServer server;
    server.setDefaultBehavior(FakeBehavior::ok({}, parser.value(latencyOpt).toInt()));
    if (parser.isSet(scriptOpt)) {
        QFile file(parser.value(scriptOpt));
        if (!file.open(QIODevice::ReadOnly)) {
            err << "egb-fake-gemini: cannot read " << file.fileName() << ": " << file.errorString() << '\n';
            return 2;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        QString why;
        if (!doc.isObject()) {
            err << "egb-fake-gemini: " << file.fileName() << " is not a JSON object: " << parseError.errorString()
                << '\n';
            return 2;
        }
        if (!server.loadScript(doc.object(), &why)) {
            err << "egb-fake-gemini: bad script: " << why << '\n';
            return 2;
        }
    }
    std::optional<TestCertificates> certificates;
    if (parser.isSet(tlsOpt)) {
        QString why;
        certificates = TestCertificates::create(parser.value(tlsOpt), &why);
        if (!certificates) {
            err << "egb-fake-gemini: cannot make the test certificates: " << why << '\n';
            return 1;
        }
    }
    if (!server.listen(certificates ? quint16(0) : quint16(port))) {
        err << "egb-fake-gemini: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    // TLS in a thread of its own, beside the server's: the two share the load on a machine with several cores.
    QThread tlsThread;
    TlsFrontend* frontend = nullptr;
    if (certificates) {
        frontend = new TlsFrontend(*certificates, server.port());
        frontend->setOffer(parser.isSet(http1Opt) ? TlsFrontend::Offer::Http1Only : TlsFrontend::Offer::Http2AndHttp1);
        frontend->setMaxConcurrentStreams(1000);
        frontend->moveToThread(&tlsThread);
        QObject::connect(&tlsThread, &QThread::finished, frontend, &QObject::deleteLater);
        tlsThread.start();
        bool listening = false;
        QMetaObject::invokeMethod(frontend, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                                  Q_ARG(quint16, quint16(port)));
        if (!listening) {
            err << "egb-fake-gemini: cannot listen on 127.0.0.1:" << port << '\n';
            tlsThread.quit();
            tlsThread.wait();
            return 1;
        }
    }
    if (parser.isSet(logOpt)) {
        QObject::connect(&server, &FakeGeminiServer::requestReceived, &server,
                         [](const QByteArray& method, const QString& path) {
                             std::printf("%s %s\n", method.constData(), qPrintable(path));
                             std::fflush(stdout);
                         });
    }
    if (frontend)
        std::printf("egb-fake-gemini listening on %s (trust %s)\n", qPrintable(frontend->baseUrl()),
                    qPrintable(certificates->caPath));
    else
        std::printf("egb-fake-gemini listening on %s\n", qPrintable(server.baseUrl()));
    std::fflush(stdout);
    const int rc = app.exec();
    tlsThread.quit();
    tlsThread.wait();
    return rc;
}
