#include "AsyncTest.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "TestKeys.h"

#include <QCoro/QCoroTimer>
#include <QJsonDocument>
#include <QTest>
#include <QTimer>

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

    void faultMixIsSeededAndCounted()
    {
        auto run = [](quint64 seed, QMap<QString, int>* counts, int* injected) {
            FakeGeminiServer server;
            QList<int> statuses;
            if (!server.listen())
                return statuses;
            server.setFaultMix({{0.2, FakeBehavior::httpStatus(500)},
                                {0.2, FakeBehavior::httpStatus(503)},
                                {0.1, FakeBehavior::of(FakeBehavior::Kind::MalformedJson)}},
                               seed);
            ClientSettings cs;
            cs.baseUrl = QUrl(server.baseUrl());
            GeminiClient client(cs);
            for (int i = 0; i < 60; ++i) {
                const auto r = awaitFor(client.generate(testKey(1), GenerateRequest::fromPrompt(QStringLiteral("m"))));
                // A malformed 200 reads as a server fault with HTTP 200; report it as -200 to tell it from Ok.
                statuses.append(!r ? -1 : (r->outcome.httpStatus == 200 && !r->ok()) ? -200 : r->outcome.httpStatus);
            }
            *counts = server.injectedFaultCounts();
            *injected = server.injectedFaults();
            return statuses;
        };
        QMap<QString, int> countsA;
        QMap<QString, int> countsB;
        int injected = 0;
        const QList<int> a = run(7, &countsA, &injected);
        const QList<int> b = run(7, &countsB, &injected);
        QCOMPARE(a.size(), 60);
        QCOMPARE(injected, 60 - int(a.count(200)));
        QCOMPARE(a, b); // same seed, same faults in the same places
        QCOMPARE(countsA, countsB);
        QCOMPARE(countsA.value(QStringLiteral("status_500")), int(a.count(500)));
        QCOMPARE(countsA.value(QStringLiteral("status_503")), int(a.count(503)));
        QCOMPARE(countsA.value(QStringLiteral("malformed_json")), int(a.count(-200)));
        QVERIFY(a.count(500) > 0 && a.count(503) > 0 && a.count(-200) > 0);
        QVERIFY(a.count(200) > 10);
    }

    void quotaAnswersWithTheTimeLeft()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        const QString key = testKey(4);
        server.setKeyQuota(key, FakeQuota::perMinute(2, 400));
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        const GenerateRequest req = GenerateRequest::fromPrompt(QStringLiteral("q"));
        QVERIFY(awaitFor(client.generate(key, req))->ok());
        QVERIFY(awaitFor(client.generate(key, req))->ok());
        QVERIFY(awaitFor(client.generate(testKey(5), req))->ok()); // other keys are not limited
        const auto limited = awaitFor(client.generate(key, req));
        QVERIFY(limited);
        QCOMPARE(limited->outcome.kind, OutcomeClass::RateLimited);
        QCOMPARE(limited->outcome.httpStatus, 429);
        QVERIFY(limited->outcome.quotaId.contains(QLatin1String("PerMinute")));
        QVERIFY2(limited->outcome.retryDelayMs > 0 && limited->outcome.retryDelayMs <= 400,
                 QByteArray::number(limited->outcome.retryDelayMs).constData());
        FakeQuotaStats stats = server.quotaStats(key);
        QCOMPARE(stats.windows, 1);
        QCOMPARE(stats.admitted, 2);
        QCOMPARE(stats.rejected, 1);
        QCOMPARE(server.quotaRejections(), 1);
        // Once the hinted delay has passed, the key is served again in a new window.
        auto later = [](GeminiClient* c, QString k, GenerateRequest r, qint64 ms) -> QCoro::Task<GenerateResult> {
            QTimer timer;
            timer.setSingleShot(true);
            // A coarse timer (the default) may fire up to 5 % early, before the window has really ended; the pool's
            // own cooldown timer is precise for the same reason.
            timer.setTimerType(Qt::PreciseTimer);
            timer.start(int(ms));
            co_await timer;
            co_return co_await c->generate(k, r);
        };
        const auto again = awaitFor(later(&client, key, req, limited->outcome.retryDelayMs));
        QVERIFY(again && again->ok());
        stats = server.quotaStats(key);
        QCOMPARE(stats.windows, 2);
        QCOMPARE(stats.maxRejectedInWindow, 1);

        const QString daily = testKey(6);
        server.setKeyQuota(daily, FakeQuota::perDay(1));
        QVERIFY(awaitFor(client.generate(daily, req))->ok());
        const auto spent = awaitFor(client.generate(daily, req));
        QVERIFY(spent);
        QCOMPARE(spent->outcome.kind, OutcomeClass::RateLimited);
        QVERIFY(spent->outcome.quotaId.contains(QLatin1String("PerDay")));
        QVERIFY(spent->outcome.retryDelayMs > 3600'000);
    }

    void projectModelQuotasAreSharedPerProjectAndModel()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setKeyProject(testKey(1), QStringLiteral("project-a"));
        server.setKeyProject(testKey(2), QStringLiteral("project-a"));
        server.setModelQuota(QStringLiteral("gemini-2.5-pro"), FakeQuota::perMinute(2, 60'000));
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        const GenerateRequest pro = GenerateRequest::fromPrompt(QStringLiteral("p"), QStringLiteral("gemini-2.5-pro"));
        const GenerateRequest flash =
            GenerateRequest::fromPrompt(QStringLiteral("f"), QStringLiteral("gemini-2.5-flash"));
        QVERIFY(awaitFor(client.generate(testKey(1), pro))->ok());
        QVERIFY(awaitFor(client.generate(testKey(2), pro))->ok()); // the project's second call, through another key
        const auto limited = awaitFor(client.generate(testKey(1), pro));
        QVERIFY(limited);
        QCOMPARE(limited->outcome.kind, OutcomeClass::RateLimited);
        QCOMPARE(limited->outcome.violations.size(), 1);
        QCOMPARE(limited->outcome.violations[0].model, QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(limited->outcome.violations[0].quotaValue, 2);
        QVERIFY(limited->outcome.retryDelayMs > 50'000 && limited->outcome.retryDelayMs <= 60'000);
        QCOMPARE(awaitFor(client.generate(testKey(2), pro))->outcome.kind, OutcomeClass::RateLimited);
        QVERIFY(awaitFor(client.generate(testKey(1), flash))->ok()); // flash's quota is another one
        QVERIFY(awaitFor(client.generate(testKey(3), pro))->ok());   // and another project has its own
        const FakeQuotaStats a =
            server.projectQuotaStats(QStringLiteral("project-a"), QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(a.admitted, 2);
        QCOMPARE(a.rejected, 2);
        QCOMPARE(server.projectQuotaRejections(QStringLiteral("gemini-2.5-pro")), 2);
        QCOMPARE(server.projectQuotaRejections(QStringLiteral("gemini-2.5-flash")), 0);
        QCOMPARE(server.quotaRejections(), 2);
    }

    void scriptDrivesFaultMixAndQuotas()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        const QString limited = testKey(8);
        const QByteArray script =
            "{\"faults\":{\"seed\":3,\"mix\":[{\"probability\":0.25,\"behavior\":{\"kind\":"
            "\"status\",\"status\":503}},{\"probability\":0.5,\"behavior\":{\"kind\":\"reset\"}}]},"
            "\"quotas\":{\"" +
            limited.toLatin1() + "\":{\"limit\":0}}}";
        QString error;
        QVERIFY2(server.loadScript(QJsonDocument::fromJson(script).object(), &error), qPrintable(error));
        const auto mix = server.faultMix();
        QCOMPARE(mix.size(), 2);
        QCOMPARE(mix.at(0).first, 0.25);
        QCOMPARE(mix.at(0).second.label(), QStringLiteral("status_503"));
        QCOMPARE(mix.at(1).second.kind, FakeBehavior::Kind::Reset);

        const QByteArray withQuota = "{\"quotas\":{\"" + limited.toLatin1() + "\":{\"limit\":1,\"windowMs\":60000}}}";
        QVERIFY2(server.loadScript(QJsonDocument::fromJson(withQuota).object(), &error), qPrintable(error));
        server.setFaultMix({}, 1);
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        GeminiClient client(cs);
        const GenerateRequest req = GenerateRequest::fromPrompt(QStringLiteral("s"));
        QVERIFY(awaitFor(client.generate(limited, req))->ok());
        QCOMPARE(awaitFor(client.generate(limited, req))->outcome.kind, OutcomeClass::RateLimited);

        const QByteArray tooMuch = "{\"faults\":{\"mix\":[{\"probability\":0.7},{\"probability\":0.6}]}}";
        QVERIFY(!server.loadScript(QJsonDocument::fromJson(tooMuch).object(), &error));
        QVERIFY(error.contains(QLatin1String("more than 1")));
        const QByteArray badQuota = "{\"quotas\":{\"k\":{\"windowMs\":5}}}";
        QVERIFY(!server.loadScript(QJsonDocument::fromJson(badQuota).object(), &error));
        QVERIFY(error.contains(QLatin1String("limit")));
        QCOMPARE(server.faultMix().size(), 0); // a refused script changes nothing
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
