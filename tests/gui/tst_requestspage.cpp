// The request log in the window: the Requests page (live, filtered, sorted, a detail pane, CSV export) over a real
// log in a temporary database, and the Overview drawn from the log showing the same figures after the window was
// closed and opened again.

#include "FakeGeminiServer.h"
#include "IsolatedSettings.h"
#include "KeyChecker.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "RequestLogModel.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"
#include "RequestsPage.h"
#include "TestKeys.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace egb;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;
using egb::test::testKey;

namespace {

QStringList tableTexts(const QTableWidget* table)
{
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            cells << (table->item(r, c) ? table->item(r, c)->text() : QString());
        rows << cells.join(u'|');
    }
    return rows;
}

} // namespace

class TestRequestsPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(resources);
        QVERIFY(m_dir.isValid());
        egb::test::isolateSettings(m_dir.filePath(QStringLiteral("config")), QStringLiteral("egb-requests-test"));
    }

    void theLogIsLiveFilteredSortedAndExported()
    {
        KeyStore store;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("page-%1.db").arg(++m_n))));
        KeyPool pool;
        QVERIFY(store.attach(&pool));
        const QList<qint64> ids = pool.addSecrets({testKey(1), testKey(2), testKey(3)}, {}, QStringLiteral("proj"));
        RequestLogStore log;
        QVERIFY(log.open(store.connectionName()));
        RequestLogWriter writer(store.connectionName());
        writer.setFlushInterval(20);
        pool.setAttemptObserver(&writer);

        RequestsPage page(&pool);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.setRequestLog(&log, &writer);
        page.resize(1100, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.model()->rowCount(), 0);

        // Attempts of every source arrive while the page is shown.
        const auto logOne = [&](qint64 id, RequestSource source, const QString& model, const Outcome& outcome,
                                int attempt = 1) {
            pool.logAttempt(RequestLogEntry::fromOutcome(id, outcome, source, model, attempt));
        };
        logOne(ids.at(0), RequestSource::Chat, QStringLiteral("gemini-2.5-pro"),
               Outcome::success(850, TokenUsage{7, 40, 12, 59}));
        Outcome limited = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("You exceeded your quota"));
        limited.quotaId = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        limited.latencyMs = 120;
        logOne(ids.at(1), RequestSource::Batch, QStringLiteral("gemini-2.5-flash"), limited);
        logOne(ids.at(2), RequestSource::Batch, QStringLiteral("gemini-2.5-flash"),
               Outcome::success(300, TokenUsage{5, 9, 0, 14}), 2);
        logOne(ids.at(1), RequestSource::Check, QString(),
               Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid.")));
        logOne(ids.at(0), RequestSource::Proxy, QStringLiteral("gemini-2.5-flash"), Outcome::success(90));
        QTRY_COMPARE(page.model()->rowCount(), 5);
        QCOMPARE(page.model()->entryAt(0).source, RequestSource::Proxy); // newest first

        // Filters: source, outcome, key, model.
        auto* source = page.findChild<QComboBox*>(QStringLiteral("requestsSourceFilter"));
        auto* outcome = page.findChild<QComboBox*>(QStringLiteral("requestsOutcomeFilter"));
        auto* key = page.findChild<QLineEdit*>(QStringLiteral("requestsKeyFilter"));
        auto* model = page.findChild<QComboBox*>(QStringLiteral("requestsModelFilter"));
        QVERIFY(source && outcome && key && model);
        source->setCurrentIndex(source->findData(QStringLiteral("batch")));
        QCOMPARE(page.model()->rowCount(), 2);
        outcome->setCurrentIndex(outcome->findData(int(OutcomeClass::RateLimited)));
        QCOMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->entryAt(0).reason, limited.quotaId);
        source->setCurrentIndex(0);
        outcome->setCurrentIndex(0);
        key->setText(QString::number(ids.at(0)));
        Q_EMIT key->editingFinished();
        QCOMPARE(page.model()->rowCount(), 2);
        key->clear();
        Q_EMIT key->editingFinished();
        QVERIFY(model->findText(QStringLiteral("gemini-2.5-flash")) >= 0); // the models seen are offered
        model->setCurrentText(QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(page.model()->rowCount(), 3);
        model->setCurrentText(QString());
        QCOMPARE(page.model()->rowCount(), 5);

        // Sorting by latency (raw numbers, not text: 90 < 120 < 300 < 850).
        auto* view = page.findChild<QTableView*>(QStringLiteral("requestsTable"));
        QVERIFY(view);
        view->sortByColumn(RequestLogModel::LatencyColumn, Qt::AscendingOrder);
        QStringList latencies;
        for (int r = 0; r < view->model()->rowCount(); ++r)
            latencies
                << view->model()->index(r, RequestLogModel::LatencyColumn).data(RequestLogModel::SortRole).toString();
        QCOMPARE(latencies, (QStringList{"0", "90", "120", "300", "850"}));

        // The detail pane shows one attempt in full.
        view->sortByColumn(RequestLogModel::LatencyColumn, Qt::DescendingOrder);
        view->setCurrentIndex(view->model()->index(0, 0));
        const QString detail = page.findChild<QTextBrowser*>(QStringLiteral("requestDetail"))->toPlainText();
        QVERIFY2(detail.contains(QStringLiteral("gemini-2.5-pro")), qPrintable(detail));
        QVERIFY2(detail.contains(pool.key(ids.at(0))->masked()), qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("prompt 7")), qPrintable(detail));
        QVERIFY(!detail.contains(testKey(1)));

        // CSV export: a header and one line per attempt shown, keys masked.
        const QString csv = m_dir.filePath(QStringLiteral("requests.csv"));
        QVERIFY2(page.exportCsv(csv), qPrintable(page.lastError()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        const QList<QByteArray> lines = content.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines.at(0).startsWith("time,source,model,key,key_id,class,http_status"));
        QVERIFY(lines.at(1).contains("gemini-2.5-pro"));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(!content.contains(testKey(i).toLatin1()));
        QVERIFY(!page.exportCsv(m_dir.filePath(QStringLiteral("no/such/folder/requests.csv"))));
        QVERIFY(!page.lastError().isEmpty());

        // The retention shown is the database's, and changing it is saved there.
        auto* retention = page.findChild<QSpinBox*>(QStringLiteral("requestsRetention"));
        QVERIFY(retention);
        QCOMPARE(retention->value(), 30);
        retention->setValue(7);
        QCOMPARE(log.retentionDays(), 7);
        pool.setAttemptObserver(nullptr);
    }

    void theOverviewShowsTheSameFiguresAfterTheWindowIsReopened()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setKeyBehavior(testKey(61), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        server.setKeyBehavior(testKey(62), FakeBehavior::rateLimited(QStringLiteral("3600s")));
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        const QString db = m_dir.filePath(QStringLiteral("window-%1.db").arg(++m_n));
        QString summary;
        QStringList models, days, worst;
        {
            MainWindow window(db);
            window.show();
            const QList<qint64> ids = window.pool()->addSecrets({testKey(60), testKey(61), testKey(62), testKey(63)});
            window.checkKeys(ids);
            QTRY_VERIFY(window.keyChecker() && !window.keyChecker()->isRunning());
            window.checkKeys({ids.at(1)}); // the rejected key fails twice, the others once at most
            QTRY_VERIFY(!window.keyChecker()->isRunning());
            QCOMPARE(server.requestCount(), 5);
            QVERIFY(window.requestLogWriter()->flush());
            QVERIFY(window.showPage(QStringLiteral("overview")));
            auto* overview = window.findChild<OverviewPage*>();
            overview->refreshNow();
            summary = window.findChild<QLabel*>(QStringLiteral("hourSummaryLabel"))->text();
            QVERIFY2(summary.contains(QStringLiteral("attempts 5 ")), qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("key invalid 2")), qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("rate limited 1")), qPrintable(summary));
            models = tableTexts(window.findChild<QTableWidget*>(QStringLiteral("modelUsageTable")));
            days = tableTexts(window.findChild<QTableWidget*>(QStringLiteral("dayUsageTable")));
            worst = tableTexts(window.findChild<QTableWidget*>(QStringLiteral("topFailuresTable")));
            QCOMPARE(models.size(), 1); // key checks only
            QCOMPARE(days.size(), 1);
            QCOMPARE(worst.size(), 2); // the keys that failed, most failures first
            QVERIFY2(worst.at(0).startsWith(window.pool()->key(ids.at(1))->masked()), qPrintable(worst.at(0)));
            QVERIFY2(worst.at(0).contains(QStringLiteral("|2|2|")), qPrintable(worst.at(0)));
            window.close();
        }
        // Nothing reaches the server any more; the figures come from the database.
        MainWindow window(db);
        window.show();
        QVERIFY(window.showPage(QStringLiteral("overview")));
        auto* overview = window.findChild<OverviewPage*>();
        overview->refreshNow();
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("hourSummaryLabel"))->text(), summary);
        QCOMPARE(tableTexts(window.findChild<QTableWidget*>(QStringLiteral("modelUsageTable"))), models);
        QCOMPARE(tableTexts(window.findChild<QTableWidget*>(QStringLiteral("dayUsageTable"))), days);
        QCOMPARE(tableTexts(window.findChild<QTableWidget*>(QStringLiteral("topFailuresTable"))), worst);
        // Every range holds them (the log keeps 30 days).
        for (OverviewPage::Range range : {OverviewPage::LastHour, OverviewPage::Last7Days, OverviewPage::Last30Days}) {
            overview->setRange(range);
            overview->refreshNow();
            const QString text = window.findChild<QLabel*>(QStringLiteral("hourSummaryLabel"))->text();
            QVERIFY2(text.contains(QStringLiteral("attempts 5 ")), qPrintable(text));
        }
        QCOMPARE(server.requestCount(), 5);
        qunsetenv("EGB_BASE_URL");
    }
};

QTEST_MAIN(TestRequestsPage)
#include "tst_requestspage.moc"
