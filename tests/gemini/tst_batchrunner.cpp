#include "AsyncTest.h"
#include "BatchRunner.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QSignalSpy>
#include <QTest>

using namespace egb;
using namespace egb::test;

class TestBatchRunner : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeGeminiServer> server;
    std::unique_ptr<KeyPool> pool;
    std::unique_ptr<BatchRunner> runner;

    static QList<GenerateRequest> prompts(int n)
    {
        QList<GenerateRequest> out;
        for (int i = 0; i < n; ++i)
            out.append(GenerateRequest::fromPrompt(QStringLiteral("prompt %1").arg(i)));
        return out;
    }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeGeminiServer>();
        QVERIFY(server->listen());
        pool = std::make_unique<KeyPool>();
        QStringList keys;
        for (int i = 0; i < 8; ++i)
            keys.append(testKey(100 + i));
        pool->addSecrets(keys);
        ClientSettings cs;
        cs.baseUrl = QUrl(server->baseUrl());
        cs.attemptTimeoutMs = 10'000;
        DispatcherSettings ds;
        ds.initialDelayMs = 5;
        ds.maxDelayMs = 20;
        runner = std::make_unique<BatchRunner>(pool.get(), cs, ds);
        runner->setProgressInterval(0);
    }
    void cleanup()
    {
        const QList<RecordedRequest> all = server->requests();
        for (const RecordedRequest& r : all)
            QVERIFY(!r.target.contains("AIza"));
        runner.reset();
        pool.reset();
        server.reset();
    }

    void resultsComeInInputOrder()
    {
        // Keys answer at different speeds, so items finish out of order.
        for (int i = 0; i < 8; ++i)
            server->setKeyBehavior(testKey(100 + i), FakeBehavior::ok({}, (i * 7) % 23));
        runner->setConcurrency(8);
        QSignalSpy items(runner.get(), &BatchRunner::itemFinished);
        QSignalSpy progress(runner.get(), &BatchRunner::progressChanged);
        QSignalSpy finished(runner.get(), &BatchRunner::finished);
        const auto results = awaitFor(runner->run(prompts(60)));
        QVERIFY(results);
        QCOMPARE(results->size(), 60);
        for (int i = 0; i < 60; ++i) {
            QCOMPARE(results->at(i).index, i);
            QVERIFY(results->at(i).ok());
            QCOMPARE(results->at(i).response.text, QStringLiteral("Echo: prompt %1").arg(i));
        }
        QCOMPARE(items.count(), 60);
        QList<int> completionOrder;
        for (const auto& args : std::as_const(items))
            completionOrder.append(args.at(0).value<BatchItemResult>().index);
        QVERIFY(completionOrder != [] {
            QList<int> l;
            for (int i = 0; i < 60; ++i)
                l.append(i);
            return l;
        }()); // completion order differs from input order, yet results are in input order
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toBool(), false);
        QVERIFY(progress.count() >= 2);
        const BatchProgress last = progress.last().at(0).value<BatchProgress>();
        QCOMPARE(last.total, 60);
        QCOMPARE(last.done, 60);
        QCOMPARE(last.succeeded, 60);
        QCOMPARE(last.failed, 0);
        QCOMPARE(last.inFlight, 0);
        QVERIFY(last.ratePerSecond > 0);
        QCOMPARE(last.etaMs, 0);
        QVERIFY(!runner->isRunning());
    }

    void failuresAreCountedAndKept()
    {
        server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::Blocked));
        server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
        runner->setConcurrency(1);
        const auto results = awaitFor(runner->run(prompts(5)));
        QVERIFY(results);
        QCOMPARE(results->at(0).outcome.kind, OutcomeClass::RequestError);
        QCOMPARE(results->at(0).outcome.reason, QStringLiteral("SAFETY"));
        QVERIFY(!results->at(0).errorMessage.isEmpty());
        QCOMPARE(results->at(1).outcome.kind, OutcomeClass::RequestError);
        QVERIFY(results->at(2).ok());
        const BatchProgress p = runner->progress();
        QCOMPARE(p.failed, 2);
        QCOMPARE(p.succeeded, 3);
        QCOMPARE(p.done, 5);
    }

    void moreThanSixRealConnections()
    {
        server->setDefaultBehavior(FakeBehavior::ok({}, 150));
        runner->setConcurrency(16);
        const auto results = awaitFor(runner->run(prompts(48)));
        QVERIFY(results);
        QCOMPARE(runner->clientCount(), 3);
        for (const BatchItemResult& r : std::as_const(*results))
            QVERIFY(r.ok());
        // Qt 6.4 opens at most 6 connections per host per manager; with 3 managers the server sees more than 6.
        QVERIFY2(server->maxInFlight() > 6, QByteArray::number(server->maxInFlight()).constData());
        QVERIFY(server->maxInFlight() <= 16);
        QVERIFY(server->connectionsOpened() > 6);
    }

    void cancelStopsEverything()
    {
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        runner->setConcurrency(4);
        connect(server.get(), &FakeGeminiServer::requestReceived, runner.get(), [this] {
            if (server->inFlight() == 4)
                QTimer::singleShot(0, runner.get(), &BatchRunner::cancel);
        });
        QSignalSpy finished(runner.get(), &BatchRunner::finished);
        QSignalSpy aborted(server.get(), &FakeGeminiServer::clientAborted);
        QElapsedTimer clock;
        clock.start();
        const auto results = awaitFor(runner->run(prompts(20)), 10'000);
        QVERIFY(results);
        QVERIFY(clock.elapsed() < 5'000);
        QCOMPARE(results->size(), 20);
        for (const BatchItemResult& r : std::as_const(*results)) {
            QCOMPARE(r.outcome.kind, OutcomeClass::Cancelled);
            QVERIFY(!r.errorMessage.isEmpty());
        }
        QCOMPARE(server->requestCount(), 4);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(aborted.count(), 4, 5000); // the in-flight replies were aborted
        // Keys are not blamed for a cancel.
        for (qint64 id : pool->ids())
            QCOMPARE(pool->find(id)->totalFailures, 0);
    }

    void skipItemsAlreadyDone()
    {
        runner->setConcurrency(3);
        runner->setSkipPredicate([](int index, const GenerateRequest&) { return index % 2 == 0; });
        QSignalSpy items(runner.get(), &BatchRunner::itemFinished);
        const auto results = awaitFor(runner->run(prompts(10)));
        QVERIFY(results);
        QCOMPARE(server->requestCount(), 5);
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(results->at(i).skipped, i % 2 == 0);
            QCOMPARE(results->at(i).ok(), i % 2 == 1);
        }
        QCOMPARE(items.count(), 10);
        QCOMPARE(runner->progress().skipped, 5);
        QCOMPARE(runner->progress().done, 10);
    }

    void pauseAndResume()
    {
        runner->setConcurrency(2);
        server->setDefaultBehavior(FakeBehavior::ok({}, 20));
        int pausedAt = -1;
        connect(runner.get(), &BatchRunner::itemFinished, this, [&](const BatchItemResult&) {
            if (pausedAt < 0) {
                runner->pause();
                pausedAt = server->requestCount();
                // Nothing new starts while paused; resume once the in-flight item has finished.
                QTimer::singleShot(100, this, [&] {
                    QCOMPARE(server->requestCount(), pausedAt);
                    QVERIFY(runner->isPaused());
                    QVERIFY(runner->progress().paused);
                    runner->resume();
                });
            }
        });
        const auto results = awaitFor(runner->run(prompts(8)));
        QVERIFY(results);
        QCOMPARE(server->requestCount(), 8);
        for (const BatchItemResult& r : std::as_const(*results))
            QVERIFY(r.ok());
        QVERIFY(!runner->isPaused());
    }

    void concurrencyChangesDuringARun()
    {
        // Raised during a run, more are sent at once; lowered, those in flight finish and fewer are sent from then.
        runner->setConcurrency(2);
        server->setAnswerGate(1000); // answers wait until the test lets them go
        runner->start(prompts(30));
        QTRY_COMPARE(server->inFlight(), 2);
        QCOMPARE(runner->progress().inFlight, 2);
        runner->setConcurrency(6);
        QTRY_COMPARE(server->inFlight(), 6);
        QCOMPARE(runner->progress().inFlight, 6);
        QCOMPARE(runner->concurrency(), 6);
        runner->setConcurrency(1);
        QSignalSpy finished(runner.get(), &BatchRunner::finished);
        server->setAnswerGate(0); // the six answers go out
        server->resetMaxInFlight();
        QVERIFY(finished.wait(20'000));
        QCOMPARE(server->requestCount(), 30);
        QCOMPARE(server->maxInFlight(), 1); // after the six, one at a time
        const auto results = finished.first().first().value<QList<BatchItemResult>>();
        QCOMPARE(results.size(), 30);
        for (const BatchItemResult& r : results)
            QVERIFY(r.ok());
    }

    void retriesHappenInsideItems()
    {
        server->enqueueAny(FakeBehavior::rateLimited());
        server->enqueueAny(FakeBehavior::httpStatus(503));
        runner->setConcurrency(1);
        QSignalSpy attempts(runner->dispatcher(), &Dispatcher::attemptFinished);
        const auto results = awaitFor(runner->run(prompts(2)));
        QVERIFY(results);
        QVERIFY(results->at(0).ok());
        QCOMPARE(results->at(0).attempts.size(), 3);
        QCOMPARE(results->at(0).attempts.at(0).kind, OutcomeClass::RateLimited);
        QCOMPARE(results->at(0).attempts.at(1).kind, OutcomeClass::ServerError);
        QCOMPARE(attempts.count(), 4);
    }

    void aSecondRunWhileRunningIsRefused()
    {
        server->setDefaultBehavior(FakeBehavior::ok({}, 50));
        runner->start(prompts(3));
        QVERIFY(runner->isRunning());
        const auto refused = awaitFor(runner->run(prompts(2)));
        QVERIFY(refused);
        QCOMPARE(refused->size(), 2);
        QCOMPARE(refused->at(0).outcome.kind, OutcomeClass::Cancelled);
        QSignalSpy finished(runner.get(), &BatchRunner::finished);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.first().at(0).value<QList<BatchItemResult>>().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestBatchRunner)
#include "tst_batchrunner.moc"
