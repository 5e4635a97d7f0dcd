#include "RequestLogStore.h"
#include "RequestLogWriter.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

namespace {

constexpr qint64 T0 = 1'764'547'200'000; // 2025-12-01 00:00:00 UTC
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 3'600'000;
constexpr qint64 Day = 86'400'000;

RequestLogEntry entry(qint64 timeMs, qint64 keyId, const QString& model, OutcomeClass kind,
                      RequestSource source = RequestSource::Chat, int prompt = 0, int answer = 0, int thinking = 0)
{
    RequestLogEntry e;
    e.timeMs = timeMs;
    e.source = source;
    e.model = model;
    e.keyId = keyId;
    e.keyMasked = QStringLiteral("AIza…%1").arg(keyId, 4, 10, QLatin1Char('0'));
    e.project = QStringLiteral("project-%1").arg(keyId % 2);
    e.kind = kind;
    e.httpStatus = kind == OutcomeClass::Success ? 200 : kind == OutcomeClass::RateLimited ? 429 : 500;
    e.reason =
        kind == OutcomeClass::RateLimited ? QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel") : QString();
    e.latencyMs = 100 + keyId;
    e.attempt = 1;
    e.dispatchId = quint64(timeMs % 1000);
    e.promptTokens = prompt;
    e.answerTokens = answer;
    e.thinkingTokens = thinking;
    return e;
}

} // namespace

class TestRequestLogStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;

    QString openDb(const QString& file = {})
    {
        const QString conn = QStringLiteral("tst_requestlog_%1").arg(++m_n);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(file.isEmpty() ? m_dir.filePath(QStringLiteral("db%1.sqlite").arg(m_n)) : file);
        [&] { QVERIFY(db.open()); }();
        QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        return conn;
    }

    static void closeDb(const QString& conn)
    {
        {
            QSqlDatabase db = QSqlDatabase::database(conn, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(conn);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyFieldRoundTripsAndFiltersSelect()
    {
        const QString conn = openDb();
        RequestLogStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        RequestLogEntry a = entry(T0 + 1000, 7, QStringLiteral("gemini-2.5-flash"), OutcomeClass::Success,
                                  RequestSource::Batch, 11, 22, 33);
        a.attempt = 2;
        a.message = QStringLiteral("fine");
        RequestLogEntry b =
            entry(T0 + 2000, 8, QStringLiteral("gemini-2.5-pro"), OutcomeClass::RateLimited, RequestSource::Chat);
        b.message = QStringLiteral("You exceeded your current quota");
        RequestLogEntry c = entry(T0 + 3000, 7, QString(), OutcomeClass::KeyInvalid, RequestSource::Check);
        QList<RequestLogEntry> batch{a, b, c};
        QVERIFY2(store.append(batch), qPrintable(store.lastError()));
        QVERIFY(batch.at(0).id > 0 && batch.at(1).id > batch.at(0).id && batch.at(2).id > batch.at(1).id);
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.lastId(), batch.at(2).id);

        const QList<RequestLogEntry> all = store.entries({});
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0), batch.at(2)); // newest first, every field as written
        QCOMPARE(all.at(1), batch.at(1));
        QCOMPARE(all.at(2), batch.at(0));

        RequestLogFilter byKey;
        byKey.keyId = 7;
        QCOMPARE(store.entries(byKey).size(), 2);
        RequestLogFilter byModel;
        byModel.model = QStringLiteral("gemini-2.5-pro");
        QCOMPARE(store.entries(byModel).value(0).id, batch.at(1).id);
        RequestLogFilter bySource;
        bySource.source = RequestSource::Check;
        QCOMPARE(store.entries(bySource).size(), 1);
        QCOMPARE(store.entries(bySource).at(0).kind, OutcomeClass::KeyInvalid);
        RequestLogFilter byClass;
        byClass.kind = OutcomeClass::Success;
        QCOMPARE(store.entries(byClass).value(0).id, batch.at(0).id);
        RequestLogFilter range;
        range.sinceMs = T0 + 1500;
        range.untilMs = T0 + 3000;
        QCOMPARE(store.entries(range).size(), 1);
        RequestLogFilter newer;
        newer.afterId = batch.at(0).id;
        QCOMPARE(store.entries(newer).size(), 2);
        RequestLogFilter limited;
        limited.limit = 1;
        QCOMPARE(store.entries(limited).value(0).id, batch.at(2).id);
        closeDb(conn);
    }

    void rollupsAddUpToTheAttempts()
    {
        const QString conn = openDb();
        RequestLogStore store;
        QVERIFY(store.open(conn));
        // Two appends that share minutes and hours: the roll-ups add up across transactions.
        QList<RequestLogEntry> first, second;
        qint64 expectedPrompt = 0, expectedFailures = 0;
        for (int i = 0; i < 300; ++i) {
            const OutcomeClass kind = i % 10 == 0  ? OutcomeClass::RateLimited
                                      : i % 7 == 0 ? OutcomeClass::ServerError
                                                   : OutcomeClass::Success;
            RequestLogEntry e = entry(T0 + qint64(i) * 20'000, 1 + i % 5,
                                      i % 3 ? QStringLiteral("gemini-2.5-flash") : QStringLiteral("gemini-2.5-pro"),
                                      kind, RequestSource::Batch, i, 2 * i, i % 4);
            expectedPrompt += i;
            expectedFailures += kind != OutcomeClass::Success;
            (i % 2 ? first : second).append(e);
        }
        QVERIFY(store.append(first));
        QVERIFY(store.append(second));

        const QList<RollupRow> minutes = store.rollup(T0, T0 + 300 * 20'000, 1, 0);
        qint64 attempts = 0, prompt = 0, failures = 0;
        for (const RollupRow& r : minutes) {
            attempts += r.attempts;
            prompt += r.promptTokens;
            failures += r.kind != OutcomeClass::Success ? r.attempts : 0;
        }
        QCOMPARE(attempts, 300);
        QCOMPARE(prompt, expectedPrompt);
        QCOMPARE(failures, expectedFailures);
        // Hour buckets of the same range hold the same sums.
        qint64 hourly = 0;
        for (const RollupRow& r : store.rollup(T0, T0 + 300 * 20'000, 60, 0))
            hourly += r.attempts;
        QCOMPARE(hourly, 300);

        // Keys ranked by total failures, as counted from the attempts themselves.
        QMap<qint64, qint64> failuresPerKey;
        for (const RequestLogEntry& e : store.entries({}))
            failuresPerKey[e.keyId] += e.failed() ? 1 : 0;
        const QList<KeyFailures> top = store.topFailingKeys(T0, 3);
        QCOMPARE(top.size(), 3);
        for (int i = 0; i < top.size(); ++i) {
            QCOMPARE(top.at(i).failures, failuresPerKey.value(top.at(i).keyId));
            if (i > 0)
                QVERIFY(top.at(i - 1).failures >= top.at(i).failures);
        }
        qint64 worst = 0;
        for (qint64 f : failuresPerKey)
            worst = std::max(worst, f);
        QCOMPARE(top.at(0).failures, worst);
        // The daily roll-up ranks the same (every attempt falls on one day here).
        const QList<KeyFailures> byDay = store.topFailingKeysByDay(T0, 3);
        QCOMPARE(byDay.size(), 3);
        for (int i = 0; i < byDay.size(); ++i) {
            QCOMPARE(byDay.at(i).keyId, top.at(i).keyId);
            QCOMPARE(byDay.at(i).failures, top.at(i).failures);
            QCOMPARE(byDay.at(i).attempts, top.at(i).attempts);
        }
        closeDb(conn);
    }

    void usageGroupsAndPrices()
    {
        const QString conn = openDb();
        RequestLogStore store;
        QVERIFY(store.open(conn));
        QList<RequestLogEntry> batch{
            entry(T0 + Hour, 1, QStringLiteral("gemini-2.5-flash"), OutcomeClass::Success, RequestSource::Chat, 100,
                  200, 50),
            entry(T0 + 2 * Hour, 1, QStringLiteral("gemini-2.5-pro"), OutcomeClass::Success, RequestSource::Chat, 1000,
                  2000, 0),
            entry(T0 + Day + Hour, 2, QStringLiteral("gemini-2.5-flash"), OutcomeClass::RateLimited),
            entry(T0 + Day + 2 * Hour, 2, QStringLiteral("gemini-2.5-flash"), OutcomeClass::Success,
                  RequestSource::Batch, 10, 20, 0),
        };
        QVERIFY(store.append(batch));
        QVERIFY(store.prices().isEmpty()); // empty by default: no cost

        const QList<UsageRow> byModel = store.usage(UsageGrouping::Model, 0, store.prices());
        QCOMPARE(byModel.size(), 2);
        QCOMPARE(byModel.at(0).group, QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(byModel.at(0).requests, 3);
        QCOMPARE(byModel.at(0).ok, 2);
        QCOMPARE(byModel.at(0).failed, 1);
        QCOMPARE(byModel.at(0).promptTokens, 110);
        QCOMPARE(byModel.at(0).answerTokens, 220);
        QCOMPARE(byModel.at(0).thinkingTokens, 50);
        QVERIFY(!byModel.at(0).cost);

        QVERIFY(store.setPrices({{QStringLiteral("gemini-2.5-flash"), 0.30, 2.50}}));
        const PriceTable prices = store.prices();
        QCOMPARE(prices.prices().size(), 1);
        const QList<UsageRow> priced = store.usage(UsageGrouping::Key, 0, prices);
        QCOMPARE(priced.size(), 2);
        const UsageRow& key1 = priced.at(0).keyId == 1 ? priced.at(0) : priced.at(1);
        QCOMPARE(key1.requests, 2);
        QVERIFY(key1.cost);
        // flash: 100 in, 200 + 50 out; pro has no price and adds nothing.
        QCOMPARE(*key1.cost, (100 * 0.30 + 250 * 2.50) / 1e6);
        // A versioned model name takes the price of its base name.
        QVERIFY(prices.cost(QStringLiteral("gemini-2.5-flash-001"), 1'000'000, 0, 0));
        QVERIFY(!prices.cost(QStringLiteral("gemini-2.5-pro"), 1, 1, 1));

        const QList<UsageRow> byDay = store.usage(UsageGrouping::Day, 0, prices);
        QCOMPARE(byDay.size(), 2);
        QCOMPARE(byDay.at(0).group, QStringLiteral("2025-12-01"));
        QCOMPARE(byDay.at(0).requests, 2);
        QCOMPARE(byDay.at(1).group, QStringLiteral("2025-12-02"));
        const QList<UsageRow> byProject = store.usage(UsageGrouping::Project, 0, prices);
        QCOMPARE(byProject.size(), 2);
        // A range leaves out what is older.
        QCOMPARE(store.usage(UsageGrouping::Model, T0 + Day, prices).value(0).requests, 2);

        const QList<UsageRow> key2 = store.keyUsage(2, 0, prices);
        QCOMPARE(key2.size(), 1);
        QCOMPARE(key2.at(0).requests, 2);
        QCOMPARE(key2.at(0).failed, 1);
        QCOMPARE(key2.at(0).promptTokens, 10);

        QVERIFY(store.setPrices({}));
        QVERIFY(store.prices().isEmpty());
        closeDb(conn);
    }

    void retentionPrunesExactlyWhatIsOlder()
    {
        const QString conn = openDb();
        RequestLogStore store;
        QVERIFY(store.open(conn));
        const qint64 cutoff = T0 + 10 * Day + 30 * Minute + 1234; // not on a minute boundary
        QList<RequestLogEntry> batch;
        for (qint64 t : {cutoff - 10 * Day, cutoff - Hour, cutoff - 1, cutoff, cutoff + 1, cutoff + Hour})
            batch.append(entry(t, 1, QStringLiteral("m"), OutcomeClass::Success));
        QVERIFY(store.append(batch));
        QCOMPARE(store.prune(cutoff), 3);
        const QList<RequestLogEntry> left = store.entries({});
        QCOMPARE(left.size(), 3);
        for (const RequestLogEntry& e : left)
            QVERIFY(e.timeMs >= cutoff);
        QCOMPARE(store.prune(cutoff), 0); // nothing older is left
        // The roll-ups keep the minute (and hour) the cutoff falls in, and nothing before it.
        qint64 rolled = 0;
        for (const RollupRow& r : store.rollup(0, 0, 1, 0)) {
            QVERIFY(r.bucket >= cutoff / Minute);
            rolled += r.attempts;
        }
        QCOMPARE(rolled, 4); // cutoff - 1 shares the cutoff's minute
        closeDb(conn);
    }

    void version2FillsTheNewRollupsFromTheLog()
    {
        const QString file = m_dir.filePath(QStringLiteral("v1.sqlite"));
        const QString conn = openDb(file);
        {
            RequestLogStore store;
            QVERIFY(store.open(conn));
            QList<RequestLogEntry> batch;
            for (int i = 0; i < 50; ++i)
                batch.append(entry(T0 + qint64(i) * Hour, 1 + i % 2, QStringLiteral("m"),
                                   i % 5 ? OutcomeClass::Success : OutcomeClass::ServerError, RequestSource::Chat, i));
            QVERIFY(store.append(batch));
            // Back to version 1 as it was written: no hourly or daily roll-ups yet.
            QSqlQuery q(QSqlDatabase::database(conn));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM request_hours")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM request_key_days")));
            QVERIFY(q.exec(QStringLiteral("UPDATE egb_schema SET version = 1 WHERE component = 'requestlog'")));
        }
        RequestLogStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        qint64 attempts = 0, prompt = 0;
        for (const RollupRow& r : store.rollup(T0, 0, 60, 0)) {
            attempts += r.attempts;
            prompt += r.promptTokens;
        }
        QCOMPARE(attempts, 50);
        QCOMPARE(prompt, 49 * 50 / 2);
        const QList<KeyFailures> top = store.topFailingKeysByDay(T0, 5);
        QCOMPARE(top.size(), 2); // i = 0, 10, ... on key 1; i = 5, 15, ... on key 2
        QCOMPARE(top.at(0).failures, 5);
        QCOMPARE(top.at(1).failures, 5);
        QCOMPARE(top.at(0).attempts + top.at(1).attempts, 50);
        closeDb(conn);
    }

    void theMinutesAreKeptTwoDays()
    {
        const QString conn = openDb();
        {
            RequestLogStore tables;
            QVERIFY(tables.open(conn));
        }
        const qint64 now = T0 + 5 * Day;
        RequestLogWriter writer(conn);
        writer.setClock([now] { return now; });
        for (qint64 t : {now - 3 * Day, now - 2 * Day - Minute, now - 2 * Day + Minute, now - Hour})
            writer.recordAttempt(entry(t, 1, QStringLiteral("m"), OutcomeClass::Success));
        QVERIFY(writer.flush());
        writer.pruneNow();
        RequestLogStore store;
        QVERIFY(store.open(conn));
        qint64 minutes = 0, hours = 0;
        for (const RollupRow& r : store.rollup(0, 0, 1, 0))
            minutes += r.attempts;
        for (const RollupRow& r : store.rollup(0, 0, 60, 0))
            hours += r.attempts;
        QCOMPARE(minutes, 2); // the last two days
        QCOMPARE(hours, 4);   // hours and the attempts themselves are kept for the retention
        QCOMPARE(store.count(), 4);
        closeDb(conn);
    }

    void writerWritesBehindAndTheLogSurvivesAReopen()
    {
        const QString file = m_dir.filePath(QStringLiteral("writer.sqlite"));
        const QString conn = openDb(file);
        {
            RequestLogStore tables;
            QVERIFY(tables.open(conn));
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            RequestLogWriter writer(conn);
            QVERIFY2(writer.isOpen(), qPrintable(writer.lastError()));
            QSignalSpy written(&writer, &RequestLogWriter::written);
            for (int i = 0; i < 250; ++i)
                writer.recordAttempt(entry(now - i, 1 + i % 3, QStringLiteral("gemini-2.5-flash"),
                                           OutcomeClass::Success, RequestSource::Proxy, 1, 2, 3));
            // Written behind, without being asked.
            QVERIFY(written.wait(5000));
            QVERIFY(writer.flush());
            QCOMPARE(writer.pendingCount(), 0);
        }
        closeDb(conn);
        const QString again = openDb(file);
        RequestLogStore store;
        QVERIFY(store.open(again));
        QCOMPARE(store.count(), 250);
        const QList<UsageRow> rows = store.usage(UsageGrouping::Model, 0, {});
        QCOMPARE(rows.value(0).requests, 250);
        QCOMPARE(rows.value(0).thinkingTokens, 750);
        RequestLogFilter proxy;
        proxy.source = RequestSource::Proxy;
        QCOMPARE(store.entries(proxy).size(), 250);
        closeDb(again);
    }

    void writerPrunesByItsRetention()
    {
        const QString conn = openDb();
        {
            RequestLogStore tables;
            QVERIFY(tables.open(conn));
        }
        const qint64 now = T0 + 40 * Day;
        RequestLogWriter writer(conn);
        QVERIFY(writer.isOpen());
        writer.setClock([now] { return now; });
        writer.setRetentionDays(0); // keep everything while filling
        for (int day = 0; day < 40; ++day)
            writer.recordAttempt(entry(now - qint64(day) * Day - 1, 1, QStringLiteral("m"), OutcomeClass::Success));
        QVERIFY(writer.flush());
        writer.setRetentionDays(RequestLogStore::DefaultRetentionDays);
        QCOMPARE(writer.retentionDays(), 30);
        writer.pruneNow(); // the setting pruned already (in the background); this waits for it
        RequestLogStore store;
        QVERIFY(store.open(conn));
        // Entries at now - d days - 1 ms: d = 0..29 are younger than 30 days.
        QCOMPARE(store.count(), 30);
        closeDb(conn);
    }
};

QTEST_GUILESS_MAIN(TestRequestLogStore)
#include "tst_requestlogstore.moc"
