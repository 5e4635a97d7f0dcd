// Thousands of requests in flight at once (issue 18): BatchRunner spreads them over as many network managers as
// the protocol needs (6 per manager on HTTP/1.1, 100 streams on one HTTP/2 connection) and every one of them is at
// the server at the same time.
#include "AsyncTest.h"
#include "BatchRunner.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "TestCertificates.h"
#include "TestKeys.h"
#include "TlsFrontend.h"

#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using namespace egb::test;

class TestConcurrency : public QObject
{
    Q_OBJECT

    static QList<GenerateRequest> prompts(int n)
    {
        QList<GenerateRequest> list;
        for (int i = 0; i < n; ++i)
            list.append(GenerateRequest::fromPrompt(QStringLiteral("p%1").arg(i)));
        return list;
    }
    static int okCount(const QList<BatchItemResult>& results)
    {
        int n = 0;
        for (const BatchItemResult& r : results)
            n += r.ok() ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void concurrencyGoesUpTo4096()
    {
        BatchRunner runner(nullptr);
        runner.setConcurrency(100'000);
        QCOMPARE(runner.concurrency(), BatchRunner::MaxConcurrency);
        QCOMPARE(BatchRunner::MaxConcurrency, 4096);
    }

    void http1ThousandInFlight()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setDefaultBehavior(FakeBehavior::ok(QStringLiteral("ok"), 3000));
        server.setAnswerGate(1024); // no answer before all 1,024 are there: a loaded machine sends them slower
        KeyPool pool;
        QStringList keys;
        for (int i = 0; i < 64; ++i)
            keys.append(testKey(900 + i));
        pool.addSecrets(keys);
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        BatchRunner runner(&pool, cs);
        runner.setConcurrency(1024);
        const auto results = awaitFor(runner.run(prompts(1024)), 60'000);
        QVERIFY(results);
        QCOMPARE(okCount(*results), 1024);
        QCOMPARE(runner.clientCount(), (1024 + 5) / 6); // 6 connections per manager over HTTP/1.1
        QCOMPARE(server.maxInFlight(), 1024);           // all of them at the server at once
    }

    void http2ThousandsInFlight()
    {
        QTemporaryDir dir;
        QString error;
        const auto certificates = TestCertificates::create(dir.path(), &error);
        QVERIFY2(certificates, qPrintable(error));
        FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setDefaultBehavior(FakeBehavior::ok(QStringLiteral("ok"), 4000));
        server.setAnswerGate(1024); // no answer before all 1,024 are there: a loaded machine sends them slower
        TlsFrontend frontend(*certificates, server.port());
        QVERIFY(frontend.listen());
        KeyPool pool;
        QStringList keys;
        for (int i = 0; i < 256; ++i)
            keys.append(testKey(1000 + i));
        pool.addSecrets(keys);
        ClientSettings cs;
        cs.baseUrl = QUrl(frontend.baseUrl());
        cs.caCertificates = {certificates->ca};
        cs.attemptTimeoutMs = 60'000;
        BatchRunner runner(&pool, cs);
        // 1,024 here (the server, its TLS front and the client share this thread); bench_transport runs 4,096.
        runner.setConcurrency(1024);
        const auto results = awaitFor(runner.run(prompts(1024)), 90'000);
        QVERIFY(results);
        QCOMPARE(okCount(*results), 1024);
        QCOMPARE(runner.clientCount(), 1024 / BatchRunner::Http2PerClient + 1); // 11 managers, one connection each
        QCOMPARE(frontend.connections(), runner.clientCount());
        QCOMPARE(frontend.maxStreamsOnOneConnection(), BatchRunner::Http2PerClient);
        for (const QString& p : frontend.negotiatedProtocols())
            QCOMPARE(p, QStringLiteral("h2"));
        QCOMPARE(server.maxInFlight(), 1024);
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
