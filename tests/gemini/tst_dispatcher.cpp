#include "AsyncTest.h"
#include "CancelToken.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QSignalSpy>
#include <QTest>

using namespace egb;
using namespace egb::test;

namespace {
enum class KeyEffect
{
    Untouched,
    Disabled,
    Cooling,
    Penalised,
    ModelBacksOff,
};
}
Q_DECLARE_METATYPE(KeyEffect)

class TestDispatcher : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeGeminiServer> server;
    std::unique_ptr<KeyPool> pool;
    std::unique_ptr<GeminiClient> client;
    std::unique_ptr<Dispatcher> dispatcher;
    QList<qint64> ids;

    void makePool(int keys)
    {
        pool = std::make_unique<KeyPool>();
        QStringList secrets;
        for (int i = 0; i < keys; ++i)
            secrets.append(testKey(i));
        ids = pool->addSecrets(secrets);
        QCOMPARE(ids.size(), keys);
        dispatcher = std::make_unique<Dispatcher>(pool.get(), client.get(), fastSettings());
    }
    static DispatcherSettings fastSettings()
    {
        DispatcherSettings s;
        s.initialDelayMs = 5;
        s.maxDelayMs = 50;
        s.requestDeadlineMs = 20'000;
        s.randomSeed = 7;
        return s;
    }
    const ApiKey& keyOf(qint64 id) { return *pool->find(id); }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeGeminiServer>();
        QVERIFY(server->listen());
        ClientSettings settings;
        settings.baseUrl = QUrl(server->baseUrl());
        settings.attemptTimeoutMs = 300;
        client = std::make_unique<GeminiClient>(settings);
        makePool(2);
    }
    void cleanup()
    {
        // No request ever carries a key in its URL.
        const QList<RecordedRequest> all = server->requests();
        for (const RecordedRequest& r : all) {
            QVERIFY2(!r.target.contains("AIza"), r.target.constData());
            QVERIFY(!r.query.hasQueryItem(QStringLiteral("key")));
            QVERIFY(ApiKey::looksLikeKey(r.apiKey()));
        }
        dispatcher.reset();
        client.reset();
        pool.reset();
        server.reset();
    }

    // Every row of GEMINI_API.md's error table: what happens to the key, and to the request.
    void errorTable_data()
    {
        QTest::addColumn<FakeBehavior>("fault");
        QTest::addColumn<int>("kind");
        QTest::addColumn<KeyEffect>("effect");
        QTest::addColumn<bool>("retried");
        using K = FakeBehavior::Kind;
        QTest::newRow("400 API_KEY_INVALID")
            << FakeBehavior::of(K::InvalidKey) << int(OutcomeClass::KeyInvalid) << KeyEffect::Disabled << true;
        QTest::newRow("400 other") << FakeBehavior::of(K::BadRequest) << int(OutcomeClass::RequestError)
                                   << KeyEffect::Untouched << false;
        QTest::newRow("401") << FakeBehavior::of(K::Unauthenticated) << int(OutcomeClass::KeyInvalid)
                             << KeyEffect::Disabled << true;
        QTest::newRow("402") << FakeBehavior::of(K::PaymentRequired) << int(OutcomeClass::KeyInvalid)
                             << KeyEffect::Disabled << true;
        QTest::newRow("403 leaked") << FakeBehavior::of(K::LeakedKey) << int(OutcomeClass::KeyInvalid)
                                    << KeyEffect::Disabled << true;
        QTest::newRow("404") << FakeBehavior::of(K::NotFound) << int(OutcomeClass::RequestError) << KeyEffect::Untouched
                             << false;
        QTest::newRow("408") << FakeBehavior::httpStatus(408) << int(OutcomeClass::ServerError) << KeyEffect::Penalised
                             << true;
        QTest::newRow("499") << FakeBehavior::httpStatus(499) << int(OutcomeClass::ServerError) << KeyEffect::Penalised
                             << true;
        QTest::newRow("timeout") << FakeBehavior::of(K::Hang) << int(OutcomeClass::ServerError) << KeyEffect::Penalised
                                 << true;
        QTest::newRow("connection reset")
            << FakeBehavior::of(K::Reset) << int(OutcomeClass::ServerError) << KeyEffect::Penalised << true;
        QTest::newRow("429") << FakeBehavior::rateLimited() << int(OutcomeClass::RateLimited) << KeyEffect::Cooling
                             << true;
        QTest::newRow("429 daily") << FakeBehavior::dailyQuota() << int(OutcomeClass::RateLimited) << KeyEffect::Cooling
                                   << true;
        QTest::newRow("500") << FakeBehavior::httpStatus(500) << int(OutcomeClass::ServerError) << KeyEffect::Penalised
                             << true;
        QTest::newRow("502 html") << FakeBehavior::of(K::HtmlError) << int(OutcomeClass::ServerError)
                                  << KeyEffect::Penalised << true;
        QTest::newRow("503") << FakeBehavior::httpStatus(503) << int(OutcomeClass::ServerError)
                             << KeyEffect::ModelBacksOff << true;
        QTest::newRow("504") << FakeBehavior::httpStatus(504) << int(OutcomeClass::ServerError) << KeyEffect::Penalised
                             << true;
        QTest::newRow("200 malformed") << FakeBehavior::of(K::MalformedJson) << int(OutcomeClass::ServerError)
                                       << KeyEffect::Penalised << true;
        QTest::newRow("200 no candidates")
            << FakeBehavior::of(K::NoCandidates) << int(OutcomeClass::ServerError) << KeyEffect::Penalised << true;
        QTest::newRow("200 blocked prompt")
            << FakeBehavior::of(K::Blocked) << int(OutcomeClass::RequestError) << KeyEffect::Untouched << false;
    }
    void errorTable()
    {
        QFETCH(FakeBehavior, fault);
        QFETCH(int, kind);
        QFETCH(KeyEffect, effect);
        QFETCH(bool, retried);
        server->enqueueAny(fault); // the first attempt fails, whatever key it uses
        QSignalSpy attemptsSpy(dispatcher.get(), &Dispatcher::attemptFinished);
        const qint64 t0 = pool->now();
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("row"))));
        QVERIFY(result);
        QVERIFY(!result->attempts.isEmpty());
        const AttemptRecord first = result->attempts.first();
        QCOMPARE(int(first.kind), kind);
        QCOMPARE(first.attempt, 1);
        QCOMPARE(first.maskedKey, keyOf(first.keyId).masked());
        QVERIFY(!first.maskedKey.contains(keyOf(first.keyId).secret));
        QCOMPARE(attemptsSpy.count(), result->attempts.size());
        QCOMPARE(first.willRetry, retried);

        if (retried) {
            QVERIFY2(result->ok(), qPrintable(result->errorMessage));
            QCOMPARE(result->attempts.size(), 2);
            QCOMPARE(result->value.response.text, QStringLiteral("Echo: row"));
            const AttemptRecord second = result->attempts.at(1);
            QCOMPARE(second.kind, OutcomeClass::Success);
            if (effect != KeyEffect::Penalised && effect != KeyEffect::ModelBacksOff) // key faults and 429s: at once
                QCOMPARE(first.delayBeforeNextMs, 0);
            else
                QVERIFY(first.delayBeforeNextMs > 0); // server faults back off
            QVERIFY(second.keyId != first.keyId);     // and always try another key
            QCOMPARE(keyOf(second.keyId).totalSuccesses, 1);
        } else {
            QVERIFY(!result->ok());
            QCOMPARE(result->attempts.size(), 1);
            QCOMPARE(int(result->outcome.kind), kind);
            QVERIFY(!result->errorMessage.isEmpty());
            QCOMPARE(server->requestCount(), 1);
        }
        const ApiKey& faulted = keyOf(first.keyId);
        switch (effect) {
        case KeyEffect::Untouched:
            QCOMPARE(faulted.status, KeyStatus::Active);
            QCOMPARE(faulted.totalFailures, 0);
            QCOMPARE(faulted.totalSuccesses, 0);
            QCOMPARE(faulted.weight, 1.0);
            break;
        case KeyEffect::Disabled:
            QCOMPARE(faulted.status, KeyStatus::Disabled);
            QVERIFY(!faulted.disabledReason.isEmpty());
            break;
        case KeyEffect::Cooling: {
            // The key's project rests for this model only: the key itself stays active for the others.
            QCOMPARE(faulted.status, KeyStatus::Active);
            const auto bucket = pool->bucket(first.keyId, GenerateRequest::defaultModel());
            QVERIFY(bucket);
            if (fault.kind == FakeBehavior::Kind::DailyQuota) {
                QCOMPARE(bucket->stateAt(pool->now(), {}), QuotaBucket::State::DailySpent);
                QVERIFY(bucket->dailyUntilMs >= HealthPolicy::nextDailyQuotaResetMs(t0) - 1000);
            } else {
                QCOMPARE(bucket->stateAt(pool->now(), {}), QuotaBucket::State::CoolingDown);
                QVERIFY(bucket->cooldownUntilMs >= t0 + 37'000); // RetryInfo "38s"
            }
            QVERIFY(pool->pick(QStringLiteral("gemini-2.5-pro"), {}) != 0);
            break;
        }
        case KeyEffect::ModelBacksOff:
            // "The model is overloaded": the model's problem, the key's weight is untouched; the request backs off
            // (a second 503 in a row would back the model off pool-wide: tst_keypool).
            QCOMPARE(faulted.status, KeyStatus::Active);
            QCOMPARE(faulted.weight, 1.0);
            QCOMPARE(faulted.totalFailures, 1);
            QVERIFY(first.delayBeforeNextMs > 0);
            break;
        case KeyEffect::Penalised:
            QCOMPARE(faulted.status, KeyStatus::Active);
            QVERIFY(faulted.weight < 1.0);
            QCOMPARE(faulted.consecutiveFailures, 1);
            break;
        }
    }

    void severalBadKeysStillSucceed()
    {
        makePool(6);
        for (int i = 0; i < 5; ++i) // five bad keys, one good one; no server retries at all
            server->setKeyBehavior(
                testKey(i), FakeBehavior::of(i % 2 ? FakeBehavior::Kind::InvalidKey : FakeBehavior::Kind::RateLimited));
        DispatcherSettings s = fastSettings();
        s.maxRetries = 0;
        dispatcher->setSettings(s);
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->errorMessage));
        QCOMPARE(result->attempts.last().keyId, ids.at(5));
        for (int i = 0; i + 1 < result->attempts.size(); ++i)
            QVERIFY(result->attempts.at(i).kind == OutcomeClass::KeyInvalid ||
                    result->attempts.at(i).kind == OutcomeClass::RateLimited);
    }

    void keySwitchBudgetEnds()
    {
        makePool(4);
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        DispatcherSettings s = fastSettings();
        s.keySwitchBudget = 2;
        dispatcher->setSettings(s);
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->attempts.size(), 3);
        QCOMPARE(result->outcome.kind, OutcomeClass::KeyInvalid);
        QVERIFY(result->errorMessage.contains(QLatin1String("rejected")));
    }

    void serverRetriesAreBoundedAndBackOff()
    {
        server->setDefaultBehavior(FakeBehavior::httpStatus(503));
        DispatcherSettings s = fastSettings();
        s.maxRetries = 3;
        s.initialDelayMs = 10;
        s.backoffFactor = 2;
        s.jitter = 0;
        dispatcher->setSettings(s);
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->attempts.size(), 4); // 1 + 3 retries
        QCOMPARE(result->attempts.at(0).delayBeforeNextMs, 10);
        QCOMPARE(result->attempts.at(1).delayBeforeNextMs, 20);
        QCOMPARE(result->attempts.at(2).delayBeforeNextMs, 40);
        QCOMPARE(result->attempts.at(3).delayBeforeNextMs, 0);
        QVERIFY(!result->attempts.at(3).willRetry);
        QCOMPARE(result->outcome.kind, OutcomeClass::ServerError);
        QCOMPARE(result->outcome.httpStatus, 503);
        QVERIFY(result->errorMessage.contains(QLatin1String("overloaded")));
        QCOMPARE(s.baseDelayMs(10), 50); // capped at maxDelayMs
    }

    void allCoolingWaitsForTheEarliest()
    {
        // Both keys answer 429 "retry in 0.3 s" once, then work: the request waits ~300 ms and succeeds.
        server->enqueue(testKey(0), FakeBehavior::rateLimited(QStringLiteral("0.3s")));
        server->enqueue(testKey(1), FakeBehavior::rateLimited(QStringLiteral("0.3s")));
        QSignalSpy waiting(dispatcher.get(), &Dispatcher::waitingForKey);
        QElapsedTimer clock;
        clock.start();
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->errorMessage));
        QCOMPARE(result->attempts.size(), 3);
        QVERIFY(waiting.count() >= 1);
        const qint64 waited = waiting.first().at(1).toLongLong();
        QVERIFY2(waited > 0 && waited <= 300, QByteArray::number(waited).constData());
        QVERIFY(clock.elapsed() >= 250);
    }

    void allCoolingPastTheDeadlineFailsAtOnce()
    {
        server->setDefaultBehavior(FakeBehavior::rateLimited(QStringLiteral("60s")));
        DispatcherSettings s = fastSettings();
        s.requestDeadlineMs = 2'000;
        dispatcher->setSettings(s);
        QElapsedTimer clock;
        clock.start();
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && !result->ok());
        QVERIFY(clock.elapsed() < 1'500);
        QCOMPARE(result->attempts.size(), 2);
        QCOMPARE(result->outcome.kind, OutcomeClass::RateLimited);
        QVERIFY2(result->errorMessage.contains(QLatin1String("deadline")), qPrintable(result->errorMessage));
    }

    void noUsableKeyFailsAtOnce()
    {
        makePool(0);
        auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && !result->ok());
        QVERIFY(result->attempts.isEmpty());
        QVERIFY(result->errorMessage.contains(QLatin1String("empty")));
        makePool(3);
        pool->disable(ids);
        result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && !result->ok());
        QVERIFY(result->errorMessage.contains(QLatin1String("disabled")));
        QCOMPARE(server->requestCount(), 0);
    }

    void cancelDuringAnAttempt()
    {
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        client->setSettings([&] {
            ClientSettings cs = client->settings();
            cs.attemptTimeoutMs = 60'000;
            return cs;
        }());
        CancelToken token;
        connect(server.get(), &FakeGeminiServer::requestReceived, &token,
                [&token] { QTimer::singleShot(0, &token, &CancelToken::cancel); });
        QSignalSpy aborted(server.get(), &FakeGeminiServer::clientAborted);
        QElapsedTimer clock;
        clock.start();
        const auto result =
            awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x")), &token), 10'000);
        QVERIFY(result);
        QVERIFY(clock.elapsed() < 5'000);
        QCOMPARE(result->outcome.kind, OutcomeClass::Cancelled);
        QCOMPARE(result->attempts.size(), 1);
        QVERIFY(aborted.count() == 1 || aborted.wait(5000)); // the server saw the connection close
        const ApiKey& key = keyOf(result->attempts.first().keyId);
        QCOMPARE(key.totalFailures, 0); // a cancel is not the key's fault
        QCOMPARE(key.status, KeyStatus::Active);
    }

    void cancelDuringABackoffWait()
    {
        server->setDefaultBehavior(FakeBehavior::httpStatus(500));
        DispatcherSettings s = fastSettings();
        s.initialDelayMs = 30'000;
        s.maxDelayMs = 30'000;
        s.requestDeadlineMs = 0; // no deadline: only the cancel can end the wait
        dispatcher->setSettings(s);
        CancelToken token;
        connect(dispatcher.get(), &Dispatcher::attemptFinished, &token,
                [&token] { QTimer::singleShot(0, &token, &CancelToken::cancel); });
        QElapsedTimer clock;
        clock.start();
        const auto result =
            awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x")), &token), 10'000);
        QVERIFY(result);
        QVERIFY(clock.elapsed() < 5'000);
        QCOMPARE(result->outcome.kind, OutcomeClass::Cancelled);
    }

    void destroyingTheDispatcherMidWaitIsSafe()
    {
        server->setDefaultBehavior(FakeBehavior::httpStatus(500));
        DispatcherSettings s = fastSettings();
        s.initialDelayMs = 30'000;
        s.maxDelayMs = 30'000;
        s.requestDeadlineMs = 0; // no deadline: only the cancel can end the wait
        dispatcher->setSettings(s);
        connect(dispatcher.get(), &Dispatcher::attemptFinished, this,
                [this] { QTimer::singleShot(0, this, [this] { dispatcher.reset(); }); });
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))), 10'000);
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::Cancelled);
        QVERIFY(!dispatcher);
        dispatcher = std::make_unique<Dispatcher>(pool.get(), client.get());
    }

    void executeAndWithRetryTakeAnyOp()
    {
        server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
        GeminiClient* c = client.get();
        // An op returning a bare Outcome: a key check through the pool.
        auto checked =
            awaitFor(dispatcher->execute([c](const KeyLease& lease) { return c->checkKey(lease.secret()); }));
        QVERIFY(checked);
        QVERIFY2(checked->ok(), qPrintable(checked->errorMessage));
        QCOMPARE(checked->attempts.size(), 2);
        QCOMPARE(checked->attempts.first().kind, OutcomeClass::KeyInvalid);

        // The decorator mode: arguments are passed through, retries happen inside.
        server->enqueueAny(FakeBehavior::httpStatus(500));
        auto chat = dispatcher->withRetry([c](const KeyLease& lease, QString prompt) {
            return c->generate(lease.secret(), GenerateRequest::fromPrompt(prompt));
        });
        const auto answered = awaitFor(chat(QStringLiteral("decorated")));
        QVERIFY(answered && answered->ok());
        QCOMPARE(answered->value.response.text, QStringLiteral("Echo: decorated"));
        QCOMPARE(answered->attempts.size(), 2);

        // The context-manager mode: a lease reports success when it leaves scope.
        const qint64 before = keyOf(ids.at(0)).totalSuccesses + keyOf(ids.at(1)).totalSuccesses;
        {
            KeyLease lease = pool->lease();
            QVERIFY(lease.isValid());
        }
        QCOMPARE(keyOf(ids.at(0)).totalSuccesses + keyOf(ids.at(1)).totalSuccesses, before + 1);
    }

    void opsGetTheirDispatchIdExplicitly()
    {
        server->enqueueAny(FakeBehavior::httpStatus(500));
        GeminiClient* c = client.get();
        QList<AttemptContext> seen;
        quint64 announced = 0;
        auto op = [c, &seen](const KeyLease& lease, const AttemptContext& context) {
            seen.append(context);
            return c->generate(lease.secret(), GenerateRequest::fromPrompt(QStringLiteral("ctx")));
        };
        const auto done =
            awaitFor(dispatcher->execute(op, nullptr, QStringLiteral("models/gemini-2.5-pro"), &announced));
        QVERIFY(done && done->ok());
        QVERIFY(announced != 0);
        QCOMPARE(done->dispatchId, announced);
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].dispatchId, announced);
        QCOMPARE(seen[0].attempt, 1);
        QCOMPARE(seen[1].attempt, 2);
        QCOMPARE(seen[1].model, QStringLiteral("gemini-2.5-pro"));
    }

    void aRetryChargesOnlyTheKeyItSendsTo()
    {
        // With 1 request per minute per key, a retry after a server fault must leave the third key free: before, the
        // retry picked (and charged) two keys to avoid the one that failed.
        makePool(3);
        pool->setDefaultRpmLimit(1);
        server->enqueueAny(FakeBehavior::httpStatus(500));
        const auto done = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("retry"))));
        QVERIFY(done && done->ok());
        QCOMPARE(done->attempts.size(), 2);
        const qint64 left = pool->pick();
        QVERIFY(left != 0);
        QVERIFY(left != done->attempts[0].keyId && left != done->attempts[1].keyId);
    }

    void aFirstWaveSpreadsAndAnInvalidKeyIsTriedOnce()
    {
        makePool(10);
        server->setKeyBehavior(testKey(0), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        server->setDefaultBehavior(FakeBehavior::ok({}, 30));
        auto wave = [](Dispatcher* d, int n) -> QCoro::Task<int> {
            std::vector<QCoro::Task<DispatchResult>> running;
            for (int i = 0; i < n; ++i)
                running.push_back(d->generate(GenerateRequest::fromPrompt(QStringLiteral("wave %1").arg(i))));
            int ok = 0;
            for (auto& t : running)
                ok += (co_await std::move(t)).ok() ? 1 : 0;
            co_return ok;
        };
        // A wave as wide as the pool: idle keys first, so the first wave gives every key exactly one request (the bad
        // one included, whatever the random draw) and never two at once to the bad key; later waves skip it.
        for (int round = 0; round < 3; ++round) {
            const auto ok = awaitFor(wave(dispatcher.get(), 10));
            QVERIFY(ok);
            QCOMPARE(*ok, 10);
        }
        QCOMPARE(server->callCount(testKey(0)), 1);
        QCOMPARE(keyOf(ids.at(0)).status, KeyStatus::Disabled);
    }

    void aRateLimitOnOneModelLeavesTheKeyForAnother()
    {
        makePool(1);
        server->enqueue(testKey(0), FakeBehavior::rateLimited(QStringLiteral("30s")));
        GenerateRequest pro = GenerateRequest::fromPrompt(QStringLiteral("pro"), QStringLiteral("gemini-2.5-pro"));
        DispatcherSettings s = fastSettings();
        s.requestDeadlineMs = 2'000;
        dispatcher->setSettings(s);
        const auto limited = awaitFor(dispatcher->generate(pro));
        QVERIFY(limited && !limited->ok()); // the only project rests for pro past the deadline
        QCOMPARE(limited->attempts.size(), 1);
        const auto flash = awaitFor(dispatcher->generate(
            GenerateRequest::fromPrompt(QStringLiteral("flash"), QStringLiteral("gemini-2.5-flash"))));
        QVERIFY(flash && flash->ok());
        QCOMPARE(flash->attempts.size(), 1);
        QCOMPARE(server->callCount(testKey(0)), 2);
    }

    void aModelNotOfferedFailsAtOnceWithAClearMessage()
    {
        makePool(1);
        FakeBehavior zero = FakeBehavior::rateLimited(QStringLiteral("30s"));
        zero.quotaValue = 0;
        server->enqueue(testKey(0), zero);
        const auto r = awaitFor(
            dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("pro"), QStringLiteral("gemini-2.5-pro"))));
        QVERIFY(r && !r->ok());
        QVERIFY2(r->errorMessage.contains(QLatin1String("not offered")), qPrintable(r->errorMessage));
        QCOMPARE(server->callCount(testKey(0)), 1);
    }

    void aPinnedDispatchStaysInItsProject()
    {
        // Keys 0, 1 are project-a, keys 2, 3 project-b. The first attempt answers 429 "retry in 0.3 s": project-a's
        // bucket rests; an unpinned dispatch would switch to project-b at once, a pinned one waits for project-a.
        makePool(4);
        for (int i = 0; i < 4; ++i) {
            const QString project = i < 2 ? QStringLiteral("project-a") : QStringLiteral("project-b");
            pool->setGroup(ids.at(i), project);
            server->setKeyProject(testKey(i), project);
        }
        server->enqueueAny(FakeBehavior::rateLimited(QStringLiteral("0.3s")));
        GeminiClient* c = client.get();
        auto op = [c](const KeyLease& lease) {
            return c->generate(lease.secret(), GenerateRequest::fromPrompt(QStringLiteral("pinned")));
        };
        QSignalSpy waiting(dispatcher.get(), &Dispatcher::waitingForKey);
        const auto done = awaitFor(
            dispatcher->execute(op, nullptr, QStringLiteral("gemini-2.5-flash"), nullptr, QStringLiteral("project-a")));
        QVERIFY(done);
        QVERIFY2(done->ok(), qPrintable(done->errorMessage));
        QCOMPARE(done->attempts.size(), 2);
        QCOMPARE(done->attempts.first().kind, OutcomeClass::RateLimited);
        QVERIFY(waiting.count() >= 1);
        for (const AttemptRecord& a : done->attempts)
            QVERIFY2(a.keyId == ids.at(0) || a.keyId == ids.at(1), qPrintable(a.maskedKey));
        QCOMPARE(server->callCount(testKey(2)) + server->callCount(testKey(3)), 0);
        // Many pinned dispatches in a row: every one is served by project-a.
        for (int i = 0; i < 10; ++i) {
            const auto again = awaitFor(dispatcher->execute(op, nullptr, {}, nullptr, QStringLiteral("project-a")));
            QVERIFY(again && again->ok());
            QCOMPARE(again->attempts.size(), 1);
            QCOMPARE(pool->projectOf(again->attempts.first().keyId), QStringLiteral("project-a"));
        }
        QCOMPARE(server->callCount(testKey(2)) + server->callCount(testKey(3)), 0);
    }

    void aPinnedDispatchWithoutAUsableKeyOfItsProjectFailsClearly()
    {
        makePool(3);
        pool->setGroup(ids.at(0), QStringLiteral("project-a"));
        pool->setGroup(ids.at(1), QStringLiteral("project-b"));
        pool->disable({ids.at(0)});
        GeminiClient* c = client.get();
        auto op = [c](const KeyLease& lease) {
            return c->generate(lease.secret(), GenerateRequest::fromPrompt(QStringLiteral("pinned")));
        };
        auto r = awaitFor(
            dispatcher->execute(op, nullptr, QStringLiteral("gemini-2.5-flash"), nullptr, QStringLiteral("project-a")));
        QVERIFY(r && !r->ok());
        QVERIFY(r->attempts.isEmpty());
        QVERIFY2(r->errorMessage.contains(QLatin1String("project-a")), qPrintable(r->errorMessage));
        QCOMPARE(r->outcome.kind, OutcomeClass::RequestError);
        // A project the pool holds no key of at all (its keys were removed) fails the same way.
        r = awaitFor(dispatcher->execute(op, nullptr, {}, nullptr, QStringLiteral("gone")));
        QVERIFY(r && !r->ok());
        QVERIFY2(r->errorMessage.contains(QLatin1String("gone")), qPrintable(r->errorMessage));
        QCOMPARE(server->requestCount(), 0);
        // The same project's key, once re-enabled, serves.
        pool->enable({ids.at(0)});
        r = awaitFor(dispatcher->execute(op, nullptr, {}, nullptr, QStringLiteral("project-a")));
        QVERIFY(r && r->ok());
        QCOMPARE(r->attempts.first().keyId, ids.at(0));
    }

    void streamRestartIsVisible()
    {
        FakeBehavior cut = FakeBehavior::of(FakeBehavior::Kind::StreamCut);
        cut.chunks = 2;
        server->enqueueAny(cut);
        server->setDefaultBehavior(FakeBehavior::streaming(3, 0, QStringLiteral("full answer here")));
        QStringList events;
        QString shown;
        QSignalSpy restarted(dispatcher.get(), &Dispatcher::streamRestarted);
        const auto result = awaitFor(dispatcher->stream(
            GenerateRequest::fromPrompt(QStringLiteral("x")),
            [&](const GenerateResponse& chunk) {
                events.append(QStringLiteral("chunk"));
                shown += chunk.text;
            },
            [&](const AttemptRecord& failed) {
                events.append(QStringLiteral("restart:") + Outcome::className(failed.kind));
                shown.clear();
            }));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->errorMessage));
        QCOMPARE(events,
                 (QStringList{QStringLiteral("chunk"), QStringLiteral("chunk"), QStringLiteral("restart:server_error"),
                              QStringLiteral("chunk"), QStringLiteral("chunk"), QStringLiteral("chunk")}));
        QCOMPARE(shown, QStringLiteral("full answer here"));
        QCOMPARE(result->value.response.text, QStringLiteral("full answer here"));
        QCOMPARE(restarted.count(), 1);
        QCOMPARE(restarted.first().at(0).toULongLong(), result->dispatchId);
        QCOMPARE(result->attempts.size(), 2);
    }

    void describeSaysWhatHappened()
    {
        server->enqueueAny(FakeBehavior::rateLimited());
        const auto result = awaitFor(dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && result->ok());
        const QString line = result->attempts.first().describe();
        QVERIFY2(line.contains(QLatin1String("rate limited")) && line.contains(QLatin1String("429")) &&
                     line.contains(QLatin1String("another key")),
                 qPrintable(line));
        QVERIFY(line.contains(result->attempts.first().maskedKey));
    }
};

QTEST_GUILESS_MAIN(TestDispatcher)
#include "tst_dispatcher.moc"
