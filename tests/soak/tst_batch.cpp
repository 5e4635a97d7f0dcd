#include "AsyncTest.h"
#include "BatchRunner.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "HealthPolicy.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "TestKeys.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cmath>

using namespace egb;
using namespace egb::test;

// Soak under faults (issue 7): a 5,000-prompt batch at concurrency 32 over 60 keys, of which 5 invalid, 3 leaked,
// 10 with a tight per-minute quota (429 + RetryInfo), 2 that run out of their daily quota, while the fake server
// injects 3% 500, 3% 503, 1% hangs past the timeout, 1% malformed bodies and 1% connections closed mid-response.
// Every prompt must be answered (or fail only because no key could serve it), the bad keys disabled, no good key
// disabled, and the database must agree with the pool in memory. Figures go to $EGB_FIGURES_DIR/soak.txt.
class TestSoak : public QObject
{
    Q_OBJECT

    static constexpr int Prompts = 5000;
    static constexpr int Concurrency = 32;
    static constexpr int Invalid = 5;
    static constexpr int Leaked = 3;
    static constexpr int PerMinute = 10;
    static constexpr int Daily = 2;
    static constexpr int Healthy = 40;
    static constexpr int QuotaLimit = 2;       // calls per window for the per-minute keys ...
    static constexpr int QuotaWindowMs = 1200; // ... a short "minute", so RetryInfo cooldowns end during the run
    static constexpr int DailyLimit = 10;      // calls before the daily keys run dry
    static constexpr int AttemptTimeoutMs = 1500;

    enum class Role
    {
        Invalid,
        Leaked,
        PerMinute,
        Daily,
        Healthy
    };

    static QString roleName(Role role)
    {
        switch (role) {
        case Role::Invalid:
            return QStringLiteral("invalid");
        case Role::Leaked:
            return QStringLiteral("leaked");
        case Role::PerMinute:
            return QStringLiteral("per-minute quota");
        case Role::Daily:
            return QStringLiteral("daily quota");
        case Role::Healthy:
            break;
        }
        return QStringLiteral("healthy");
    }

    static QStringList differences(const ApiKey& a, const ApiKey& b)
    {
        QStringList out;
        auto diff = [&out](const char* field, const auto& x, const auto& y) {
            if (!(x == y))
                out.append(QString::fromLatin1(field) +
                           QStringLiteral(": memory %1, database %2")
                               .arg(QVariant::fromValue(x).toString(), QVariant::fromValue(y).toString()));
        };
        diff("secret matches", a.secret == b.secret, true);
        diff("status", ApiKey::statusName(a.status), ApiKey::statusName(b.status));
        diff("weight", a.weight, b.weight);
        diff("consecutiveFailures", a.consecutiveFailures, b.consecutiveFailures);
        diff("totalFailures", a.totalFailures, b.totalFailures);
        diff("totalSuccesses", a.totalSuccesses, b.totalSuccesses);
        diff("lastHttpStatus", a.lastHttpStatus, b.lastHttpStatus);
        diff("lastError", a.lastError, b.lastError);
        diff("lastUsedMs", a.lastUsedMs, b.lastUsedMs);
        diff("cooldownUntilMs", a.cooldownUntilMs, b.cooldownUntilMs);
        diff("rateLimitStreak", a.rateLimitStreak, b.rateLimitStreak);
        diff("disabledReason", a.disabledReason, b.disabledReason);
        diff("label", a.label, b.label);
        diff("group", a.group, b.group);
        diff("rpmLimit", a.rpmLimit, b.rpmLimit);
        diff("addedMs", a.addedMs, b.addedMs);
        if (out.isEmpty() && !(a == b))
            out.append(QStringLiteral("another field differs"));
        return out;
    }

    static bool noKeyCouldServe(const BatchItemResult& r)
    {
        // The Dispatcher's two "no key" endings (Dispatcher::acquire): every key disabled, or every usable key
        // resting past the request's deadline. Anything else (a server fault that outlasted the retries, a key
        // budget spent while good keys were there) is a failure the soak does not accept.
        return (r.outcome.kind == OutcomeClass::KeyInvalid &&
                r.errorMessage.startsWith(QLatin1String("No usable key"))) ||
               (r.outcome.kind == OutcomeClass::RateLimited &&
                r.errorMessage.startsWith(QLatin1String("Every usable key is resting")));
    }

private Q_SLOTS:
    void batchUnderFaults()
    {
        // --- the fake Gemini, in its own thread like the real one is elsewhere ---------------------------------
        QThread serverThread;
        serverThread.setObjectName(QStringLiteral("fake-gemini"));
        auto* server = new FakeGeminiServer;
        server->moveToThread(&serverThread);
        connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
        serverThread.start();
        const auto stopServer = qScopeGuard([&serverThread] {
            serverThread.quit();
            serverThread.wait();
        });
        bool listening = false;
        QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                                  Q_ARG(quint16, 0));
        QVERIFY(listening);

        QStringList secrets;
        QHash<QString, Role> roles;
        auto addKeys = [&](Role role, int n) {
            for (int i = 0; i < n; ++i) {
                const QString key = testKey(7000 + int(secrets.size()));
                secrets.append(key);
                roles.insert(key, role);
            }
        };
        addKeys(Role::Invalid, Invalid);
        addKeys(Role::Leaked, Leaked);
        addKeys(Role::PerMinute, PerMinute);
        addKeys(Role::Daily, Daily);
        addKeys(Role::Healthy, Healthy);
        QCOMPARE(secrets.size(), 60);

        // EGB_SOAK_SEED varies the faults' places (and the pool's and the backoff's draws) to explore other runs.
        bool seeded = false;
        const quint64 seed = qEnvironmentVariable("EGB_SOAK_SEED").toULongLong(&seeded);
        const quint64 faultSeed = seeded ? seed : 20'250'601;
        server->setDefaultBehavior(FakeBehavior::ok({}, 2));
        for (const QString& key : std::as_const(secrets)) {
            switch (roles.value(key)) {
            case Role::Invalid:
                server->setKeyBehavior(key, FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
                break;
            case Role::Leaked:
                server->setKeyBehavior(key, FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
                break;
            case Role::PerMinute:
                server->setKeyQuota(key, FakeQuota::perMinute(QuotaLimit, QuotaWindowMs));
                break;
            case Role::Daily:
                server->setKeyQuota(key, FakeQuota::perDay(DailyLimit));
                break;
            case Role::Healthy:
                break;
            }
        }
        const QStringList faultKinds{QStringLiteral("status_500"), QStringLiteral("status_503"), QStringLiteral("hang"),
                                     QStringLiteral("malformed_json"), QStringLiteral("reset")};
        server->setFaultMix({{0.03, FakeBehavior::httpStatus(500)},
                             {0.03, FakeBehavior::httpStatus(503)},
                             {0.01, FakeBehavior::of(FakeBehavior::Kind::Hang)},
                             {0.01, FakeBehavior::of(FakeBehavior::Kind::MalformedJson)},
                             {0.01, FakeBehavior::of(FakeBehavior::Kind::Reset)}},
                            faultSeed);

        // --- the product side: pool + store on a real SQLite file -------------------------------------------------
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dbPath = dir.filePath(QStringLiteral("keys.db"));
        KeyPool pool;
        pool.setRandomSeed(faultSeed + 11);
        // Time runs fast here, like the quota "minute" and the attempt timeout: the server-fault cooldown is 2 s
        // instead of 15 s, so a key benched by a run of faults comes back within the batch. The rest is default.
        HealthSettings health = pool.healthSettings();
        health.serverCooldownMs = 2'000;
        pool.setHealthSettings(health);
        KeyStore store;
        QVERIFY2(store.open(dbPath), qPrintable(store.lastError()));
        store.setFlushInterval(250); // many write-behind flushes while the batch runs
        QVERIFY(store.attach(&pool));
        QCOMPARE(pool.addSecrets(secrets).size(), secrets.size());
        QHash<qint64, Role> roleOf;
        for (int row = 0; row < pool.size(); ++row)
            roleOf.insert(pool.at(row).id, roles.value(pool.at(row).secret));
        int flushes = 0;
        connect(&store, &KeyStore::flushed, this, [&flushes] { ++flushes; });
        int writeFailures = 0;
        connect(&store, &KeyStore::writeFailed, this, [&writeFailures] { ++writeFailures; });

        ClientSettings cs;
        cs.baseUrl = QUrl(server->baseUrl());
        cs.attemptTimeoutMs = AttemptTimeoutMs; // hangs end here
        DispatcherSettings ds;
        ds.maxRetries = 8; // 9% server faults: 9 in a row for one prompt is ~4e-10
        ds.initialDelayMs = 50;
        ds.backoffFactor = 2.0;
        ds.maxDelayMs = 1000;
        ds.randomSeed = faultSeed + 5;
        BatchRunner runner(&pool, cs, ds);
        runner.setConcurrency(Concurrency);
        runner.setProgressInterval(500);

        // --- what happens, attempt by attempt ----------------------------------------------------------------------
        QMap<OutcomeClass, int> attemptsByKind;
        int attempts = 0;
        int perMinute429 = 0;
        int daily429 = 0;
        QStringList cooldownViolations;
        QHash<qint64, QList<OutcomeClass>> history; // per key, in the order the pool saw the reports
        QHash<qint64, qint64> coolingUntil;         // per key, cooldownUntilMs after its previous report
        QHash<qint64, qint64> bucketUntil;          // per key, its bucket's cooldownUntilMs after its previous 429
        int serverCooldowns = 0;
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        qint64 longestQuotaCooldownMs = 0;
        connect(runner.dispatcher(), &Dispatcher::attemptFinished, this, [&](const AttemptRecord& rec) {
            ++attempts;
            ++attemptsByKind[rec.kind];
            const ApiKey* key = pool.find(rec.keyId);
            if (!key) {
                cooldownViolations.append(QStringLiteral("an attempt with an unknown key id %1").arg(rec.keyId));
                return;
            }
            QList<OutcomeClass>& seen = history[rec.keyId];
            seen.append(rec.kind);
            // The attempt's report is in the pool already (Dispatcher::settle reports, then emits).
            const bool cooldownMoved = key->cooldownUntilMs != coolingUntil.value(rec.keyId);
            coolingUntil.insert(rec.keyId, key->cooldownUntilMs);
            const Role role = roleOf.value(rec.keyId);
            if (rec.kind == OutcomeClass::ServerError && cooldownMoved && key->status == KeyStatus::CoolingDown) {
                // The server-fault cooldown: only after serverFailuresBeforeCooldown server faults in a row.
                ++serverCooldowns;
                const int n = health.serverFailuresBeforeCooldown;
                const QList<OutcomeClass> last = seen.mid(std::max<qsizetype>(0, seen.size() - n));
                if (last.size() < n || last.count(OutcomeClass::ServerError) != n) {
                    QStringList names;
                    for (OutcomeClass c : last)
                        names << Outcome::className(c);
                    cooldownViolations.append(QStringLiteral("%1 key %2 rests the server-fault cooldown after only "
                                                             "this run: %3")
                                                  .arg(roleName(role), key->masked(), names.join(QLatin1Char(' '))));
                }
            }
            if (rec.kind != OutcomeClass::RateLimited)
                return;
            // A 429 rests the key's (project, model) bucket, not the key: it keeps serving other models.
            const auto bucket = pool.bucket(rec.keyId, GenerateRequest::defaultModel());
            if (!bucket) {
                cooldownViolations.append(QStringLiteral("429 on %1 left no bucket").arg(key->masked()));
                return;
            }
            if (role == Role::Daily) {
                ++daily429;
                if (bucket->stateAt(pool.now(), {}) != QuotaBucket::State::DailySpent ||
                    bucket->dailyUntilMs < HealthPolicy::nextDailyQuotaResetMs(pool.now()) - 1)
                    cooldownViolations.append(
                        QStringLiteral("daily 429 on %1 did not rest it until the quota reset").arg(key->masked()));
                return;
            }
            if (role != Role::PerMinute) {
                cooldownViolations.append(QStringLiteral("429 on a %1 key %2").arg(roleName(role), key->masked()));
                return;
            }
            ++perMinute429;
            // RetryInfo says "the time left in this window": the bucket rests that long, not the 30 s default. A
            // bucket already resting longer keeps its longer rest: then the 429 moves nothing.
            const bool bucketMoved = bucket->cooldownUntilMs != bucketUntil.value(rec.keyId);
            bucketUntil.insert(rec.keyId, bucket->cooldownUntilMs);
            const qint64 left = bucket->cooldownUntilMs - pool.now();
            if (bucketMoved)
                longestQuotaCooldownMs = std::max(longestQuotaCooldownMs, left);
            if (left < 0 || (bucketMoved && left > QuotaWindowMs))
                cooldownViolations.append(
                    QStringLiteral("per-minute 429 on %1: bucket resting for %2 ms").arg(key->masked()).arg(left));
        });
        int waits = 0;
        connect(runner.dispatcher(), &Dispatcher::waitingForKey, this, [&waits] { ++waits; });

        QList<GenerateRequest> requests;
        requests.reserve(Prompts);
        for (int i = 0; i < Prompts; ++i)
            requests.append(GenerateRequest::fromPrompt(QStringLiteral("soak prompt %1").arg(i)));

        QElapsedTimer wall;
        wall.start();
        const auto results = awaitFor(runner.run(requests), 15 * 60'000);
        const qint64 wallMs = wall.elapsed();
        QVERIFY2(results, "the batch did not finish");
        QCOMPARE(results->size(), Prompts);

        // --- every prompt answered, with its own answer; failures only when no key could serve -----------------
        int answered = 0;
        QMap<QString, int> failureReasons;
        QStringList unacceptable;
        for (int i = 0; i < Prompts; ++i) {
            const BatchItemResult& r = results->at(i);
            QCOMPARE(r.index, i);
            if (r.ok()) {
                ++answered;
                if (r.response.text != QStringLiteral("Echo: soak prompt %1").arg(i))
                    unacceptable.append(QStringLiteral("prompt %1 got the answer \"%2\"").arg(i).arg(r.response.text));
                continue;
            }
            ++failureReasons[Outcome::className(r.outcome.kind) + QStringLiteral(": ") + r.errorMessage];
            if (r.errorMessage.isEmpty() || !noKeyCouldServe(r))
                unacceptable.append(QStringLiteral("prompt %1 failed (%2): %3")
                                        .arg(i)
                                        .arg(Outcome::className(r.outcome.kind), r.errorMessage));
        }
        const int failed = Prompts - answered;

        // --- the pool after the storm ---------------------------------------------------------------------------
        pool.refresh();
        QStringList keyProblems;
        int disabled = 0;
        qint64 poolSuccesses = 0;
        qint64 poolFailures = 0;
        qint64 healthyServed = 0;
        for (int row = 0; row < pool.size(); ++row) {
            const ApiKey& k = pool.at(row);
            const Role role = roleOf.value(k.id);
            poolSuccesses += k.totalSuccesses;
            poolFailures += k.totalFailures;
            const bool isDisabled = k.status == KeyStatus::Disabled;
            disabled += isDisabled ? 1 : 0;
            if ((role == Role::Invalid || role == Role::Leaked) != isDisabled)
                keyProblems.append(QStringLiteral("%1 key %2 is %3 (%4)")
                                       .arg(roleName(role), k.masked(), ApiKey::statusName(k.status), k.lastError));
            if (isDisabled && k.disabledReason.isEmpty())
                keyProblems.append(QStringLiteral("%1 was disabled without a reason").arg(k.masked()));
            const auto daily = pool.bucket(k.id, GenerateRequest::defaultModel());
            if (role == Role::Daily && (!daily || daily->dailyUntilMs < HealthPolicy::nextDailyQuotaResetMs(startedMs)))
                keyProblems.append(QStringLiteral("daily-quota key %1's bucket rests until %2, not until the reset")
                                       .arg(k.masked())
                                       .arg(daily ? daily->dailyUntilMs : 0));
            if (role == Role::Healthy)
                healthyServed += k.totalSuccesses;
        }
        // Every attempt reached the pool exactly once.
        QCOMPARE(poolSuccesses, qint64(attemptsByKind.value(OutcomeClass::Success)));
        QCOMPARE(poolFailures, qint64(attemptsByKind.value(OutcomeClass::KeyInvalid) +
                                      attemptsByKind.value(OutcomeClass::RateLimited) +
                                      attemptsByKind.value(OutcomeClass::ServerError)));
        QCOMPARE(attemptsByKind.value(OutcomeClass::Success), answered);

        // --- the quotas: 429s with RetryInfo happened, and the keys came back after them -------------------------
        QStringList quotaProblems;
        int quotaRejected = 0;
        int maxRejectedInWindow = 0;
        for (const QString& key : std::as_const(secrets)) {
            const Role role = roles.value(key);
            if (role != Role::PerMinute && role != Role::Daily)
                continue;
            const FakeQuotaStats st = server->quotaStats(key);
            quotaRejected += st.rejected;
            if (st.rejected == 0)
                quotaProblems.append(
                    QStringLiteral("%1 key %2 never hit its quota").arg(roleName(role), ApiKey::mask(key)));
            if (role == Role::PerMinute) {
                maxRejectedInWindow = std::max(maxRejectedInWindow, st.maxRejectedInWindow);
                if (st.windows < 2)
                    quotaProblems.append(
                        QStringLiteral("per-minute key %1 never came back after its 429").arg(ApiKey::mask(key)));
            }
        }
        QCOMPARE(perMinute429 + daily429, quotaRejected);

        // --- the server saw every fault, and never a key in a URL ---------------------------------------------
        const QMap<QString, int> injected = server->injectedFaultCounts();
        const QList<RecordedRequest> recorded = server->requests();
        QStringList leaks;
        for (const RecordedRequest& r : recorded) {
            if (r.target.contains("AIza") || r.target.contains("key="))
                leaks.append(QString::fromLatin1(r.target.left(40)));
        }

        // --- the database agrees with memory ---------------------------------------------------------------
        pool.flushChanges(); // hand the coalesced last changes to the store ...
        QVERIFY2(store.flush(), qPrintable(store.lastError()));
        QCOMPARE(store.pendingCount(), 0);
        QCOMPARE(writeFailures, 0);
        QStringList dbProblems;
        {
            KeyStore reader;
            QVERIFY2(reader.open(dbPath), qPrintable(reader.lastError()));
            const std::vector<ApiKey> onDisk = reader.loadKeys();
            QCOMPARE(int(onDisk.size()), pool.size());
            for (const ApiKey& disk : onDisk) {
                const ApiKey* mem = pool.find(disk.id);
                if (!mem) {
                    dbProblems.append(QStringLiteral("id %1 is only on disk").arg(disk.id));
                    continue;
                }
                const QStringList diff = differences(*mem, disk);
                if (!diff.isEmpty())
                    dbProblems.append(mem->masked() + QStringLiteral(": ") + diff.join(QStringLiteral("; ")));
            }
        }

        // --- figures ----------------------------------------------------------------------------------------
        const int requestsSeen = int(recorded.size());
        QStringList lines;
        lines << QStringLiteral("soak under faults: %1 prompts, concurrency %2, 60 keys (%3 invalid, %4 leaked, %5 "
                                "per-minute quota %6/%7 s, %8 daily quota %9, %10 healthy), seed %11")
                     .arg(Prompts)
                     .arg(Concurrency)
                     .arg(Invalid)
                     .arg(Leaked)
                     .arg(PerMinute)
                     .arg(QuotaLimit)
                     .arg(QuotaWindowMs / 1000.0)
                     .arg(Daily)
                     .arg(DailyLimit)
                     .arg(Healthy)
                     .arg(faultSeed);
        lines << QStringLiteral("answered: %1, failed: %2").arg(answered).arg(failed);
        for (auto it = failureReasons.cbegin(); it != failureReasons.cend(); ++it)
            lines << QStringLiteral("  failed %1x: %2").arg(it.value()).arg(it.key());
        lines << QStringLiteral("attempts: %1 (success %2, server error %3, rate limited %4, key invalid %5); "
                                "%6 waits for a key")
                     .arg(attempts)
                     .arg(attemptsByKind.value(OutcomeClass::Success))
                     .arg(attemptsByKind.value(OutcomeClass::ServerError))
                     .arg(attemptsByKind.value(OutcomeClass::RateLimited))
                     .arg(attemptsByKind.value(OutcomeClass::KeyInvalid))
                     .arg(waits);
        QStringList faultParts;
        int injectedTotal = 0;
        for (auto it = injected.cbegin(); it != injected.cend(); ++it) {
            faultParts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
            injectedTotal += it.value();
        }
        lines
            << QStringLiteral("faults injected: %1 (%2)").arg(injectedTotal).arg(faultParts.join(QStringLiteral(", ")));
        lines << QStringLiteral("429s: %1 per-minute (RetryInfo, longest cooldown %2 ms, at most %3 per window and "
                                "key), %4 daily")
                     .arg(perMinute429)
                     .arg(longestQuotaCooldownMs)
                     .arg(maxRejectedInWindow)
                     .arg(daily429);
        lines << QStringLiteral("server-fault cooldowns: %1 (each after %2 server faults in a row); healthy keys "
                                "served %3 prompts")
                     .arg(serverCooldowns)
                     .arg(health.serverFailuresBeforeCooldown)
                     .arg(healthyServed);
        lines << QStringLiteral("keys disabled: %1 (expected %2: every invalid and leaked key)")
                     .arg(disabled)
                     .arg(Invalid + Leaked);
        lines << QStringLiteral("database: %1 write-behind flushes, %2 keys re-read equal to memory")
                     .arg(flushes)
                     .arg(pool.size() - int(dbProblems.size()));
        lines << QStringLiteral("wall time: %1 s, %2 requests seen by the server, %3 requests/s, %4 prompts/s")
                     .arg(wallMs / 1000.0, 0, 'f', 1)
                     .arg(requestsSeen)
                     .arg(requestsSeen * 1000.0 / double(std::max<qint64>(wallMs, 1)), 0, 'f', 0)
                     .arg(answered * 1000.0 / double(std::max<qint64>(wallMs, 1)), 0, 'f', 0);
        for (const QString& line : std::as_const(lines))
            qInfo().noquote() << line;
        const QString figuresDir = qEnvironmentVariable("EGB_FIGURES_DIR");
        if (!figuresDir.isEmpty()) {
            QVERIFY(QDir().mkpath(figuresDir));
            QFile out(QDir(figuresDir).filePath(QStringLiteral("soak.txt")));
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text));
            out.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
        }

        // --- verdicts ----------------------------------------------------------------------------------------
        QVERIFY2(unacceptable.isEmpty(), qPrintable(unacceptable.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY2(keyProblems.isEmpty(), qPrintable(keyProblems.join(QLatin1Char('\n'))));
        QCOMPARE(disabled, Invalid + Leaked);
        QVERIFY2(cooldownViolations.isEmpty(), qPrintable(cooldownViolations.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY2(quotaProblems.isEmpty(), qPrintable(quotaProblems.join(QLatin1Char('\n'))));
        QVERIFY(perMinute429 >= PerMinute);
        QVERIFY(daily429 >= Daily);
        for (const QString& kind : faultKinds)
            QVERIFY2(injected.value(kind) > 0, qPrintable(kind + QStringLiteral(" was never injected")));
        QCOMPARE(injected.keys(), [&faultKinds] {
            QStringList sorted = faultKinds;
            sorted.sort();
            return sorted;
        }());
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
        QVERIFY2(dbProblems.isEmpty(), qPrintable(dbProblems.mid(0, 10).join(QLatin1Char('\n'))));
        QVERIFY(healthyServed > answered / 2); // the 40 healthy keys carried the batch
    }

    // The mixed-model phase (issue 14): one pool serving a gemini-2.5-pro batch and a gemini-2.5-flash batch at once,
    // against a fake Gemini that keeps per-(project, model) sliding-window quotas like Google (4 projects of 3 keys,
    // 8 keys alone). Every prompt is answered; the 429s stay the exception once limits are learned; and no bucket ever
    // rests because of another model's 429 (nor does any key: a 429 is a bucket's business).
    void mixedModels()
    {
        static constexpr int PromptsPerModel = 400;
        static constexpr int ProLimit = 3;
        static constexpr int FlashLimit = 6;
        static constexpr int WindowMs = 1000;
        const QString pro = QStringLiteral("gemini-2.5-pro");
        const QString flash = QStringLiteral("gemini-2.5-flash");

        QThread serverThread;
        auto* server = new FakeGeminiServer;
        server->moveToThread(&serverThread);
        connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
        serverThread.start();
        const auto stopServer = qScopeGuard([&serverThread] {
            serverThread.quit();
            serverThread.wait();
        });
        bool listening = false;
        QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                                  Q_ARG(quint16, 0));
        QVERIFY(listening);
        server->setDefaultBehavior(FakeBehavior::ok({}, 5));
        server->setModelQuota(pro, FakeQuota::perMinute(ProLimit, WindowMs));
        server->setModelQuota(flash, FakeQuota::perMinute(FlashLimit, WindowMs));

        KeyPool pool;
        pool.setRandomSeed(77);
        QStringList projects;
        for (int p = 0; p < 4; ++p) {
            const QString project = QStringLiteral("project-%1").arg(p);
            projects.append(project);
            QStringList keys;
            for (int i = 0; i < 3; ++i) {
                keys.append(testKey(8000 + p * 10 + i));
                server->setKeyProject(keys.last(), project);
            }
            QCOMPARE(pool.addSecrets(keys, {}, project).size(), 3);
        }
        QStringList solo;
        for (int i = 0; i < 8; ++i)
            solo.append(testKey(8100 + i));
        QCOMPARE(pool.addSecrets(solo).size(), 8);
        for (const QString& key : std::as_const(solo))
            projects.append(pool.projectOf(pool.idOfSecret(key)));

        ClientSettings cs;
        cs.baseUrl = QUrl(server->baseUrl());
        cs.attemptTimeoutMs = 5'000;
        DispatcherSettings ds;
        ds.initialDelayMs = 20;
        ds.maxDelayMs = 200;
        ds.randomSeed = 3;
        BatchRunner proRunner(&pool, cs, ds);
        BatchRunner flashRunner(&pool, cs, ds);
        proRunner.setConcurrency(16);
        flashRunner.setConcurrency(16);

        // Per (project, model): the bucket's rest as last seen after an attempt of that model.
        QHash<QString, qint64> lastRest;
        QMap<QString, int> limitedByModel;
        QStringList crossed;
        int keysCooled = 0;
        auto watch = [&](const QString& model, const QString& other) {
            return [&, model, other](const AttemptRecord& rec) {
                const QString project = pool.projectOf(rec.keyId);
                const auto own = pool.bucket(rec.keyId, model);
                const auto others = pool.bucket(rec.keyId, other);
                const qint64 otherRest = others ? others->restUntilMs() : 0;
                if (rec.kind == OutcomeClass::RateLimited) {
                    ++limitedByModel[model];
                    if (otherRest != lastRest.value(project + QLatin1Char('/') + other))
                        crossed.append(QStringLiteral("a %1 429 on %2 moved its %3 rest").arg(model, project, other));
                }
                if (pool.find(rec.keyId)->status != KeyStatus::Active)
                    ++keysCooled;
                lastRest.insert(project + QLatin1Char('/') + model, own ? own->restUntilMs() : 0);
            };
        };
        connect(proRunner.dispatcher(), &Dispatcher::attemptFinished, this, watch(pro, flash));
        connect(flashRunner.dispatcher(), &Dispatcher::attemptFinished, this, watch(flash, pro));

        QList<GenerateRequest> proPrompts;
        QList<GenerateRequest> flashPrompts;
        for (int i = 0; i < PromptsPerModel; ++i) {
            proPrompts.append(GenerateRequest::fromPrompt(QStringLiteral("pro %1").arg(i), pro));
            flashPrompts.append(GenerateRequest::fromPrompt(QStringLiteral("flash %1").arg(i), flash));
        }
        auto both = [](BatchRunner* a, QList<GenerateRequest> pa, BatchRunner* b,
                       QList<GenerateRequest> pb) -> QCoro::Task<QList<QList<BatchItemResult>>> {
            auto ta = a->run(std::move(pa));
            auto tb = b->run(std::move(pb));
            QList<BatchItemResult> ra = co_await std::move(ta);
            QList<BatchItemResult> rb = co_await std::move(tb);
            co_return QList<QList<BatchItemResult>>{ra, rb};
        };
        QElapsedTimer wall;
        wall.start();
        const auto results = awaitFor(both(&proRunner, proPrompts, &flashRunner, flashPrompts), 5 * 60'000);
        const qint64 wallMs = wall.elapsed();
        QVERIFY2(results, "the mixed-model batches did not finish");

        int answered = 0;
        QStringList wrong;
        for (int m = 0; m < 2; ++m) {
            const QString prefix = m == 0 ? QStringLiteral("pro") : QStringLiteral("flash");
            QCOMPARE(results->at(m).size(), PromptsPerModel);
            for (int i = 0; i < PromptsPerModel; ++i) {
                const BatchItemResult& r = results->at(m).at(i);
                if (!r.ok())
                    wrong.append(QStringLiteral("%1 %2 failed: %3").arg(prefix).arg(i).arg(r.errorMessage));
                else if (r.response.text != QStringLiteral("Echo: %1 %2").arg(prefix).arg(i))
                    wrong.append(QStringLiteral("%1 %2 got \"%3\"").arg(prefix).arg(i).arg(r.response.text));
                else
                    ++answered;
            }
        }
        const int proRejected = server->projectQuotaRejections(pro);
        const int flashRejected = server->projectQuotaRejections(flash);
        // The quota-bound ideal: 12 projects serve ProLimit pro and FlashLimit flash calls per window.
        const int projectCount = int(projects.size());
        const double idealMs = std::max(std::ceil(double(PromptsPerModel) / (projectCount * ProLimit)) - 1,
                                        std::ceil(double(PromptsPerModel) / (projectCount * FlashLimit)) - 1) *
                               WindowMs;
        QStringList lines;
        lines << QStringLiteral(
                     "mixed models: %1 pro + %1 flash prompts at once over %2 projects (4 x 3 keys, 8 alone), "
                     "per-(project, model) sliding windows of %3 ms: pro %4, flash %5")
                     .arg(PromptsPerModel)
                     .arg(projectCount)
                     .arg(WindowMs)
                     .arg(ProLimit)
                     .arg(FlashLimit);
        lines << QStringLiteral(
                     "answered %1 of %2 in %3 s (quota-bound ideal %4 s); 429s: pro %5, flash %6 (%7 per 100 "
                     "answered prompts); keys cooled by a 429: %8; buckets moved by another model's 429: %9")
                     .arg(answered)
                     .arg(2 * PromptsPerModel)
                     .arg(wallMs / 1000.0, 0, 'f', 1)
                     .arg(idealMs / 1000.0, 0, 'f', 1)
                     .arg(proRejected)
                     .arg(flashRejected)
                     .arg(100.0 * (proRejected + flashRejected) / std::max(answered, 1), 0, 'f', 1)
                     .arg(keysCooled)
                     .arg(crossed.size());
        for (const QString& line : std::as_const(lines))
            qInfo().noquote() << line;
        const QString figuresDir = qEnvironmentVariable("EGB_FIGURES_DIR");
        if (!figuresDir.isEmpty()) {
            QVERIFY(QDir().mkpath(figuresDir));
            QFile out(QDir(figuresDir).filePath(QStringLiteral("soak-mixed-models.txt")));
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text));
            out.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
        }

        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.mid(0, 10).join(QLatin1Char('\n'))));
        QCOMPARE(answered, 2 * PromptsPerModel);
        QVERIFY2(crossed.isEmpty(), qPrintable(crossed.mid(0, 10).join(QLatin1Char('\n'))));
        QCOMPARE(keysCooled, 0);
        // What the pool saw is what the server answered, model by model.
        QCOMPARE(limitedByModel.value(pro), proRejected);
        QCOMPARE(limitedByModel.value(flash), flashRejected);
        // Learning costs the first window of each bucket (a few 429s each, the calls already in flight) and a few
        // more while the pool learns how late the server counts; without learning this setup answered about one 429
        // per answered prompt. Measured here: 12-17 per 100 on a loaded 2-core machine.
        QVERIFY(proRejected + flashRejected > 0);
        QVERIFY2(proRejected + flashRejected <= 2 * PromptsPerModel / 4,
                 qPrintable(QStringLiteral("%1 429s").arg(proRejected + flashRejected)));
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_batch.moc"
