#include "AsyncTest.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "TestKeys.h"

#include <QJsonDocument>
#include <QTest>

#include <vector>

using namespace egb;
using namespace egb::test;

// The fake server's own promises: scripts, seeded fault injection, concurrency counting.
class TestFakeServer : public QObject
{
    Q_OBJECT

    static QList<OutcomeClass> runSeeded(quint64 seed, int n)
    {
        FakeGeminiServer server;
        if (!server.listen())
            return {};
        server.setFaultInjection(0.3, seed);
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        QList<OutcomeClass> kinds;
        for (int i = 0; i < n; ++i) {
            const auto r = awaitFor(client.generate(testKey(1), GenerateRequest::fromPrompt(QStringLiteral("f"))));
            kinds.append(r ? r->outcome.kind : OutcomeClass::Cancelled);
        }
        return kinds;
    }

private Q_SLOTS:
    void faultInjectionIsSeeded()
    {
        const QList<OutcomeClass> a = runSeeded(42, 40);
        const QList<OutcomeClass> b = runSeeded(42, 40);
        QCOMPARE(a.size(), 40);
        QCOMPARE(a, b); // same seed, same faults
        const qsizetype faults = a.count(OutcomeClass::ServerError);
        QVERIFY2(faults >= 4 && faults <= 24, QByteArray::number(faults).constData());
        QCOMPARE(a.count(OutcomeClass::Success) + faults, 40);
    }

    void scriptDrivesAnswers()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        const QString bad = testKey(2);
        const QByteArray script = "{\"default\":{\"kind\":\"ok\",\"text\":\"canned\"},\"keys\":{\"" + bad.toLatin1() +
                                  "\":{\"kind\":\"invalid_key\"}},\"queue\":[{\"kind\":\"status\",\"status\":503}],"
                                  "\"models\":[\"m1\"]}";
        QString error;
        QVERIFY2(server.loadScript(QJsonDocument::fromJson(script).object(), &error), qPrintable(error));
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        auto first = awaitFor(client.generate(testKey(3), GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(first && first->outcome.httpStatus == 503);
        auto second = awaitFor(client.generate(testKey(3), GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(second && second->ok());
        QCOMPARE(second->response.text, QStringLiteral("canned"));
        auto rejected = awaitFor(client.generate(bad, GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(rejected && rejected->outcome.kind == OutcomeClass::KeyInvalid);
        auto models = awaitFor(client.listModels(testKey(3)));
        QVERIFY(models && models->ok());
        QCOMPARE(models->models.size(), 1);
        QCOMPARE(server.callCount(bad), 1);

        QVERIFY(!server.loadScript(QJsonDocument::fromJson("{\"default\":{\"kind\":\"nonsense\"}}").object(), &error));
        QVERIFY(error.contains(QLatin1String("nonsense")));
    }

    void keepAliveAndConcurrencyCounting()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setDefaultBehavior(FakeBehavior::ok({}, 100));
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        auto many = [](GeminiClient* c) -> QCoro::Task<int> {
            std::vector<QCoro::Task<GenerateResult>> tasks;
            for (int i = 0; i < 10; ++i)
                tasks.push_back(c->generate(testKey(i), GenerateRequest::fromPrompt(QStringLiteral("k"))));
            int ok = 0;
            for (auto& t : tasks)
                ok += (co_await t).ok();
            co_return ok;
        };
        QCOMPARE(awaitFor(many(&client)).value_or(-1), 10);
        QCOMPARE(server.maxInFlight(), 6);       // one manager: Qt's 6 connections per host
        QCOMPARE(server.connectionsOpened(), 6); // and they were reused (keep-alive)
        QCOMPARE(server.inFlight(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFakeServer)
#include "tst_fakeserver.moc"
