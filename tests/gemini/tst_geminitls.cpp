// The real path (issue 18): HTTPS with a certificate authority made for the test and trusted only through the
// client's setting, HTTP/2 as Google serves it (and HTTP/1.1), against TlsFrontend + FakeGeminiServer.
#include "AsyncTest.h"
#include "ClientSettings.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "TestCertificates.h"
#include "TestKeys.h"
#include "TlsFrontend.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using namespace egb::test;

class TestGeminiTls : public QObject
{
    Q_OBJECT

    QTemporaryDir dir;
    std::optional<TestCertificates> certificates;
    std::unique_ptr<FakeGeminiServer> server;
    std::unique_ptr<TlsFrontend> frontend;

    void start(TlsFrontend::Offer offer)
    {
        frontend = std::make_unique<TlsFrontend>(*certificates, server->port());
        frontend->setOffer(offer);
        QVERIFY(frontend->listen());
    }
    ClientSettings trusting() const
    {
        ClientSettings s;
        s.baseUrl = QUrl(frontend->baseUrl());
        s.caCertificates = {certificates->ca};
        s.attemptTimeoutMs = 10'000;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QString error;
        certificates = TestCertificates::create(dir.path(), &error);
        QVERIFY2(certificates, qPrintable(error));
    }
    void init()
    {
        server = std::make_unique<FakeGeminiServer>();
        QVERIFY(server->listen());
    }
    void cleanup()
    {
        frontend.reset();
        server.reset();
    }

    void tlsWithTheTestCaWorks_data()
    {
        QTest::addColumn<bool>("offerHttp2");
        QTest::addColumn<bool>("clientHttp2");
        QTest::addColumn<QString>("protocol");
        QTest::newRow("HTTP/2 (the default)") << true << true << QStringLiteral("h2");
        QTest::newRow("HTTP/1.1 server") << false << true << QStringLiteral("http/1.1");
        QTest::newRow("HTTP/2 turned off") << true << false << QStringLiteral("http/1.1");
    }
    void tlsWithTheTestCaWorks()
    {
        QFETCH(bool, offerHttp2);
        QFETCH(bool, clientHttp2);
        QFETCH(QString, protocol);
        start(offerHttp2 ? TlsFrontend::Offer::Http2AndHttp1 : TlsFrontend::Offer::Http1Only);
        ClientSettings s = trusting();
        s.http2 = clientHttp2;
        GeminiClient client(s);
        const auto answer = awaitFor(client.generate(testKey(1), GenerateRequest::fromPrompt(u"over tls"_qs)));
        QVERIFY(answer);
        QVERIFY2(answer->ok(), qPrintable(answer->outcome.message));
        QCOMPARE(answer->response.text, u"Echo: over tls"_qs);

        server->setDefaultBehavior(FakeBehavior::streaming(4));
        QStringList chunks;
        GeminiClient::ChunkHandler onChunk = [&chunks](const GenerateResponse& c) { chunks.append(c.text); };
        const auto streamed = awaitFor(client.stream(testKey(1), GenerateRequest::fromPrompt(u"streamed"_qs), onChunk));
        QVERIFY(streamed);
        QVERIFY2(streamed->ok(), qPrintable(streamed->outcome.message));
        QCOMPARE(chunks.size(), 4);
        QCOMPARE(streamed->response.text, u"Echo: streamed"_qs);

        const auto models = awaitFor(client.listModels(testKey(1), 2));
        QVERIFY(models && models->outcome.isSuccess());

        // The server recorded what was negotiated: every connection spoke `protocol`.
        const QStringList negotiated = frontend->negotiatedProtocols();
        QVERIFY(!negotiated.isEmpty());
        for (const QString& p : negotiated)
            QCOMPARE(p, protocol);
        if (protocol == u"h2") {
            QCOMPARE(frontend->http2Streams(), server->requestCount());
            QCOMPARE(frontend->connections(), 1); // every request on one multiplexed connection
        } else {
            QCOMPARE(frontend->http2Streams(), 0);
        }
        QVERIFY(server->requestCount() >= 4);
        QCOMPARE(server->requests().constFirst().apiKey(), testKey(1)); // the key travelled in its header
    }

    void http2MultiplexesConcurrentRequests()
    {
        start(TlsFrontend::Offer::Http2AndHttp1);
        server->setDefaultBehavior(FakeBehavior::ok({}, 150));
        GeminiClient client(trusting());
        int done = 0;
        int ok = 0;
        auto one = [&](int i) -> QCoro::Task<> {
            const GenerateResult r = co_await client.generate(testKey(i), GenerateRequest::fromPrompt(u"m"_qs));
            ok += r.ok() ? 1 : 0;
            ++done;
        };
        std::vector<QCoro::Task<>> tasks;
        for (int i = 0; i < 6; ++i)
            tasks.push_back(one(i));
        QTRY_COMPARE_WITH_TIMEOUT(done, 6, 10'000);
        QCOMPARE(ok, 6);
        QCOMPARE(frontend->connections(), 1);
        QCOMPARE(frontend->maxStreamsOnOneConnection(), 6);
        QCOMPARE(server->maxInFlight(), 6);
    }

    void untrustedCertificateIsRefused_data()
    {
        QTest::addColumn<bool>("otherCa");
        QTest::newRow("system CAs only") << false;
        QTest::newRow("another CA trusted") << true;
    }
    void untrustedCertificateIsRefused()
    {
        QFETCH(bool, otherCa);
        start(TlsFrontend::Offer::Http2AndHttp1);
        ClientSettings s = trusting();
        s.caCertificates.clear();
        if (otherCa)
            s.caCertificates = {certificates->otherCa};
        GeminiClient client(s);
        const auto result = awaitFor(client.generate(testKey(2), GenerateRequest::fromPrompt(u"x"_qs)));
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::RequestError); // the same for every key: not retried
        const QString& m = result->outcome.message;
        QVERIFY2(m.contains(u"TLS certificate was refused"), qPrintable(m));
        QVERIFY2(m.contains(u"EGB_CA_FILE"), qPrintable(m));
        QVERIFY2(m.contains(u"issuer") || m.contains(u"self-signed") || m.contains(u"trusted"), qPrintable(m));
        QCOMPARE(server->requestCount(), 0); // nothing, and no key, went to an untrusted server
    }

    void caFileFromTheEnvironment()
    {
        qputenv(ClientSettings::caFileEnvironmentVariable(), certificates->caPath.toLocal8Bit());
        QString error;
        auto loaded = ClientSettings::caCertificatesFromEnvironment(&error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->size(), 1);
        QCOMPARE(loaded->constFirst(), certificates->ca);
        start(TlsFrontend::Offer::Http2AndHttp1);
        ClientSettings s = ClientSettings::fromEnvironment();
        QCOMPARE(s.caCertificates, QList<QSslCertificate>{certificates->ca});
        s.baseUrl = QUrl(frontend->baseUrl());
        GeminiClient client(s);
        const auto result = awaitFor(client.generate(testKey(3), GenerateRequest::fromPrompt(u"env"_qs)));
        QVERIFY(result && result->ok());
        qunsetenv(ClientSettings::caFileEnvironmentVariable());
    }

    void unusableCaFilesAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing") << dir.filePath(u"nope.pem"_qs) << u"does not exist"_qs;
        QTest::newRow("/dev/zero") << u"/dev/zero"_qs << u"not a regular file"_qs;
        QTest::newRow("a folder") << dir.path() << u"not a regular file"_qs;
        QTest::newRow("no certificate") << dir.filePath(u"server.ext"_qs) << u"holds no PEM certificate"_qs;
    }
    void unusableCaFilesAreRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, says);
        QString error;
        QVERIFY(!ClientSettings::loadCaFile(path, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
    }

    void hangOverHttp2TimesOutAndClosesTheStream()
    {
        start(TlsFrontend::Offer::Http2AndHttp1);
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        ClientSettings s = trusting();
        s.attemptTimeoutMs = 500;
        GeminiClient client(s);
        QSignalSpy aborted(server.get(), &FakeGeminiServer::clientAborted);
        const auto result = awaitFor(client.generate(testKey(4), GenerateRequest::fromPrompt(u"h"_qs)));
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::ServerError);
        QVERIFY(result->outcome.message.contains(u"timed out"));
        QVERIFY(aborted.count() > 0 || aborted.wait(3000)); // the stream's reset reached the server behind
    }

    void cutStreamOverHttp2IsAFailure()
    {
        start(TlsFrontend::Offer::Http2AndHttp1);
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::StreamCut));
        GeminiClient client(trusting());
        int chunks = 0;
        GeminiClient::ChunkHandler onChunk = [&chunks](const GenerateResponse&) { ++chunks; };
        const auto result = awaitFor(client.stream(testKey(5), GenerateRequest::fromPrompt(u"cut"_qs), onChunk));
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::ServerError);
        QVERIFY(chunks > 0);
        QCOMPARE(frontend->negotiatedProtocols(), QStringList{u"h2"_qs});
    }
};

QTEST_GUILESS_MAIN(TestGeminiTls)
#include "tst_geminitls.moc"
