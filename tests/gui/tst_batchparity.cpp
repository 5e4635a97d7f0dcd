// One application, two faces: the same 200-prompt batch through the Batch page and through `egb batch`, against
// one fake server with invalid, rate-limited and flaky keys, leaves the same rows in the database, field by field.
#include "AppContext.h"
#include "AppSettings.h"
#include "BatchPage.h"
#include "BatchRunStore.h"
#include "EgbProcess.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "TestKeys.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using namespace egb::test;

namespace {

constexpr int Prompts = 200;
constexpr int AttemptMs = 20; ///< every answer of the server, good or bad, takes this long

QStringList keys()
{
    QStringList out;
    for (int i = 0; i < 12; ++i)
        out << testKey(700 + i);
    return out;
}

/// The same script before each face's run: 4 good keys, 2 invalid (their error quotes the key), 2 leaked,
/// 2 rate-limited for an hour, 2 flaky (a 503, an answer, a 500, then answers); the first call is a blocked prompt,
/// the second a refused one whose message quotes the key. Every answer takes AttemptMs.
void script(FakeGeminiServer& server)
{
    const QStringList k = keys();
    server.clearKeyBehaviors();
    server.setDefaultBehavior(FakeBehavior::ok({}, AttemptMs));
    auto slow = [](FakeBehavior b) {
        b.latencyMs = AttemptMs;
        return b;
    };
    FakeBehavior invalid = slow(FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    invalid.message = QStringLiteral("API key {key} not valid. Please pass a valid API key.");
    server.setKeyBehavior(k.at(4), invalid);
    server.setKeyBehavior(k.at(5), invalid);
    server.setKeyBehavior(k.at(6), slow(FakeBehavior::of(FakeBehavior::Kind::LeakedKey)));
    server.setKeyBehavior(k.at(7), slow(FakeBehavior::of(FakeBehavior::Kind::LeakedKey)));
    server.setKeyBehavior(k.at(8), slow(FakeBehavior::rateLimited(QStringLiteral("3600s"))));
    server.setKeyBehavior(k.at(9), slow(FakeBehavior::rateLimited(QStringLiteral("3600s"))));
    for (int i : {10, 11}) {
        server.enqueue(k.at(i), slow(FakeBehavior::httpStatus(503)));
        server.enqueue(k.at(i), FakeBehavior::ok({}, AttemptMs));
        server.enqueue(k.at(i), slow(FakeBehavior::httpStatus(500)));
    }
    server.enqueueAny(slow(FakeBehavior::of(FakeBehavior::Kind::Blocked)));
    FakeBehavior refused = slow(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
    refused.message = QStringLiteral("Request refused for key {key}."); // a failed row quotes the key
    server.enqueueAny(refused);
}

QStringList prompts()
{
    QStringList out;
    for (int i = 0; i < Prompts; ++i)
        out << QStringLiteral("question %1").arg(i);
    return out;
}

} // namespace

class TestBatchParity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(m_server.listen());
        // One settings file for both faces (the app's, where egb finds it too): round-robin selection, so that both
        // runs spend the keys in the same order, quick retries, this server.
        m_settingsFile = egbSettingsFile(m_home.path());
        QSettings s(m_settingsFile, QSettings::IniFormat);
        s.setValue(QStringLiteral("pool/strategy"), QStringLiteral("round_robin"));
        s.setValue(QStringLiteral("retry/initialDelayMs"), 5);
        s.setValue(QStringLiteral("network/baseUrl"), m_server.baseUrl());
        s.sync();
        QCOMPARE(s.status(), QSettings::NoError);
    }

    void batchPageAndEgbBatchSaveTheSameRows()
    {
        // --- the Batch page, on the window's AppContext ---
        script(m_server);
        QList<BatchItem> viaPage;
        {
            AppContext context(std::make_unique<AppSettings>(m_settingsFile));
            QCOMPARE(context.values().strategy, SelectionStrategy::RoundRobin);
            QVERIFY2(context.openDatabase(m_home.filePath(QStringLiteral("page.db"))),
                     qPrintable(context.databaseError()));
            context.pool()->addSecrets(keys());
            BatchPage page(context.dispatcher(), context.batchRuns(), context.settings());
            page.setPrompts(prompts(), QStringLiteral("prompts.txt"));
            page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(1);
            QSignalSpy finished(&page, &BatchPage::runFinished);
            QVERIFY(page.start());
            QVERIFY(finished.wait(120'000));
            viaPage = context.batchRuns()->items(page.currentRunId());
            QVERIFY(context.flush());
        }
        const int pageRequests = m_server.requestCount();

        // --- egb batch, a process of its own on its own database ---
        script(m_server);
        m_server.clearRequests();
        const QString db = m_home.filePath(QStringLiteral("cli.db"));
        const QString keyFile = m_home.filePath(QStringLiteral("keys.txt"));
        const QString promptFile = m_home.filePath(QStringLiteral("prompts.txt"));
        {
            QFile f(keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(keys().join(u'\n').toLatin1() + '\n');
            QFile p(promptFile);
            QVERIFY(p.open(QIODevice::WriteOnly));
            p.write(prompts().join(u'\n').toUtf8() + '\n');
        }
        EgbRun r = runEgb(QStringLiteral(EGB_CLI_PATH), m_home.path(),
                          {QStringLiteral("import"), keyFile, QStringLiteral("--db"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runEgb(QStringLiteral(EGB_CLI_PATH), m_home.path(),
                   {QStringLiteral("batch"), promptFile, QStringLiteral("-o"),
                    m_home.filePath(QStringLiteral("out.jsonl")), QStringLiteral("--concurrency"), QStringLiteral("1"),
                    QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 1); // the blocked prompts failed
        QVERIFY2(r.err.contains(QStringLiteral("198 of 200 prompts answered, 2 failed")), qPrintable(r.err));
        QCOMPARE(m_server.requestCount(), pageRequests);
        QList<BatchItem> viaCli;
        {
            KeyStore store;
            QVERIFY(store.open(db));
            BatchRunStore runs;
            QVERIFY(runs.open(store.connectionName()));
            const QList<BatchRun> all = runs.runs();
            QCOMPARE(all.size(), 1);
            viaCli = runs.items(all.first().id);
        }

        // --- the same rows, field by field ---
        QCOMPARE(viaPage.size(), Prompts);
        QCOMPARE(viaCli.size(), Prompts);
        int extraAttempts = 0;
        int mostAttempts = 0;
        int failed = 0;
        for (int i = 0; i < Prompts; ++i) {
            const BatchItem& a = viaPage.at(i);
            const BatchItem& b = viaCli.at(i);
            const QByteArray where = "row " + QByteArray::number(i);
            QCOMPARE(a.index, i);
            QCOMPARE(b.index, i);
            QCOMPARE(a.prompt, b.prompt);
            QVERIFY2(a.status == b.status, where);
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.error, b.error);
            QCOMPARE(a.errorKind, b.errorKind);
            QCOMPARE(a.attempts, b.attempts);
            QCOMPARE(a.keyMasked, b.keyMasked);
            QVERIFY2(a.usage == b.usage, where);
            // The latency is the time of every attempt together (each takes AttemptMs at the server), not only the
            // last one; the clock decides the rest, so both faces are held to the same bounds, not the same number.
            for (const BatchItem* row : {&a, &b}) {
                QVERIFY2(row->latencyMs >= qint64(row->attempts) * AttemptMs,
                         where + ": " + QByteArray::number(row->latencyMs) + " ms for " +
                             QByteArray::number(row->attempts) + " attempts");
                QVERIFY2(row->latencyMs < qint64(row->attempts) * AttemptMs + 5000, where);
            }
            // No row holds a key, not even one the server quoted back.
            for (const QString& k : keys()) {
                QVERIFY2(!a.error.contains(k) && !b.error.contains(k), where);
                QVERIFY2(!a.keyMasked.contains(k.mid(4, 12)), where);
            }
            extraAttempts += a.attempts - 1;
            mostAttempts = std::max(mostAttempts, a.attempts);
            failed += a.status == BatchItem::Status::Error ? 1 : 0;
        }
        // The faults were met: the six bad keys once each and the flaky keys' four faults, each an attempt more (in
        // round robin the bad keys come in a row: one prompt meets them all), and the two refused prompts.
        QCOMPARE(extraAttempts, 10);
        QVERIFY2(mostAttempts >= 3, QByteArray::number(mostAttempts));
        QCOMPARE(failed, 2);
        QCOMPARE(viaPage.at(0).errorKind, QStringLiteral("request_error"));
        QCOMPARE(viaPage.at(1).errorKind, QStringLiteral("request_error"));
        QVERIFY2(viaPage.at(1).error.contains(QStringLiteral("Request refused for key AIza")),
                 qPrintable(viaPage.at(1).error));
    }

private:
    QTemporaryDir m_home;
    FakeGeminiServer m_server;
    QString m_settingsFile;
};

QTEST_MAIN(TestBatchParity)
#include "tst_batchparity.moc"
