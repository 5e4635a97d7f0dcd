#include "AppSettings.h"
#include "BatchHistoryDialog.h"
#include "BatchPage.h"
#include "BatchResultFilter.h"
#include "BatchResultFormat.h"
#include "BatchResultModel.h"
#include "BatchRunStore.h"
#include "ClientSettings.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "MessageBox.h"
#include "ModalWatcher.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QFrame>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace egb;
using namespace egb::test;

namespace {

QString testKey(int n)
{
    return QStringLiteral("AIza") + QStringLiteral("%1").arg(n, 35, 10, QChar(u'0'));
}

struct Rig
{
    FakeGeminiServer server;
    KeyPool pool;
    std::unique_ptr<GeminiClient> client;
    std::unique_ptr<Dispatcher> dispatcher;

    explicit Rig(int keys = 4)
    {
        [&] { QVERIFY(server.listen()); }();
        ClientSettings cs;
        cs.baseUrl = QUrl(server.baseUrl());
        client = std::make_unique<GeminiClient>(cs);
        QStringList secrets;
        for (int i = 0; i < keys; ++i)
            secrets << testKey(i + 1);
        pool.addSecrets(secrets);
        DispatcherSettings ds;
        ds.initialDelayMs = 2;
        ds.maxDelayMs = 10;
        ds.randomSeed = 11;
        dispatcher = std::make_unique<Dispatcher>(&pool, client.get(), ds);
    }

    /// How many generate requests carried each prompt.
    QHash<QString, int> sentPrompts() const
    {
        QHash<QString, int> out;
        const auto all = server.requests();
        for (const RecordedRequest& r : all) {
            if (!r.path.contains(QLatin1String(":generateContent")))
                continue;
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            const QJsonArray contents = body.value(QStringLiteral("contents")).toArray();
            const QString text = contents.last()
                                     .toObject()
                                     .value(QStringLiteral("parts"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("text"))
                                     .toString();
            out[text] += 1;
        }
        return out;
    }
};

/// The next `n` prompts the server gets (any key) are blocked for SAFETY: failures no retry helps.
void blockNext(FakeGeminiServer& server, int n)
{
    for (int i = 0; i < n; ++i) {
        FakeBehavior blocked = FakeBehavior::of(FakeBehavior::Kind::Blocked);
        blocked.reason = QStringLiteral("SAFETY");
        server.enqueueAny(blocked);
    }
}

QStringList numbered(int n, const QString& stem = QStringLiteral("prompt"))
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("%1 %2").arg(stem).arg(i);
    return out;
}

} // namespace

class TestBatchPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_db = 0;

    QString openDb(const QString& file)
    {
        const QString conn = QStringLiteral("batch%1").arg(++m_db);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(file);
        [&] { QVERIFY(db.open()); }();
        // As KeyStore sets up the app's database: WAL, so the writer thread and the window can share the file.
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
        return conn;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fitsAWindowOfNineHundredPixels()
    {
        Rig rig;
        BatchPage page(rig.dispatcher.get(), nullptr, nullptr);
        QVERIFY2(page.minimumSizeHint().width() <= 700, qPrintable(QString::number(page.minimumSizeHint().width())));
    }

    void fiveHundredPromptsWithFaultsEndAnsweredOrFailedAndExportMatches()
    {
        // 8 keys: one invalid (disabled at its first use), three cooled by 429s, four left for the 503 retries.
        Rig rig(8);
        rig.server.setFaultInjection(0.08, 42, FakeBehavior::httpStatus(503));
        rig.server.setKeyBehavior(testKey(8), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        for (int i = 0; i < 3; ++i)
            rig.server.enqueueAny(FakeBehavior::rateLimited(QStringLiteral("60s")));
        BatchRunStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("big.sqlite")))));
        BatchPage page(rig.dispatcher.get(), &store, nullptr);
        QAbstractItemModelTester tester(page.resultModel());
        QSignalSpy finished(&page, &BatchPage::runFinished);
        page.setPrompts(numbered(500), QStringLiteral("five-hundred.txt"));
        page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(8);
        QVERIFY(page.start());
        QVERIFY(page.isRunning());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(1).toBool(), false);
        BatchResultModel* model = page.resultModel();
        QCOMPARE(model->rowCount(), 500);
        QCOMPARE(model->okCount() + model->failedCount(), 500);
        QCOMPARE(model->pendingCount(), 0);
        QVERIFY(model->okCount() > 450);
        for (const BatchItem& it : model->items()) {
            if (it.status == BatchItem::Status::Ok) {
                QCOMPARE(it.text, QStringLiteral("Echo: ") + it.prompt); // each row holds its own answer
                QVERIFY(it.keyMasked.startsWith(QStringLiteral("AIza")) && it.keyMasked.size() < 12);
                QVERIFY(it.attempts >= 1);
            } else {
                QVERIFY2(!it.error.isEmpty(), "a failed row says why");
            }
        }
        QVERIFY(rig.server.injectedFaults() > 0);
        // The bad key was taken out of the pool instead of failing rows: disabled, or, when one of the 429s reached it
        // first, resting for the batch's model (its project's bucket), where the invalid answer never came.
        const qint64 badId = rig.pool.idOfSecret(testKey(8));
        bool badKeyResting = false;
        for (const QString& model : rig.pool.bucketModels(badId)) {
            const auto bucket = rig.pool.bucket(badId, model);
            badKeyResting = badKeyResting || (bucket && bucket->restUntilMs() > rig.pool.now());
        }
        QVERIFY2(rig.pool.find(badId)->status == KeyStatus::Disabled || badKeyResting,
                 "the invalid key is neither disabled nor resting");
        QVERIFY(rig.server.callCount(testKey(8)) >= 1);
        // The progress line matches the table.
        const QString progress = page.findChild<QLabel*>(QStringLiteral("progressLabel"))->text();
        QVERIFY2(progress.contains(QStringLiteral("%1 done").arg(model->okCount())), qPrintable(progress));
        QVERIFY(progress.contains(QStringLiteral("0 remaining")));

        // Saved as it went: the store has exactly the table.
        QCOMPARE(store.items(page.currentRunId()), model->items());
        QCOMPARE(store.run(page.currentRunId())->state, BatchRun::State::Finished);
        QVERIFY(store.resumableRuns().isEmpty());

        // The exports match the table, row for row.
        const QString jsonl = m_dir.filePath(QStringLiteral("out.jsonl"));
        const QString csv = m_dir.filePath(QStringLiteral("out.csv"));
        QString error;
        QVERIFY2(page.exportResults(jsonl, &error), qPrintable(error));
        QVERIFY2(page.exportResults(csv, &error), qPrintable(error));
        QFile f(jsonl);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int row = 0;
        while (!f.atEnd()) {
            const QByteArray line = f.readLine();
            BatchItem it;
            QVERIFY(BatchResultFormat::fromJsonLine(line, &it));
            QCOMPARE(it, model->item(row));
            QVERIFY(!line.contains(testKey(1).toUtf8()));
            ++row;
        }
        QCOMPARE(row, 500);
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(c.readLine(), BatchResultFormat::csvHeader());
        QByteArray rest = c.readAll();
        QByteArray expected;
        for (const BatchItem& it : model->items())
            expected += BatchResultFormat::csvRow(it);
        QCOMPARE(rest, expected);
        // The CSV numbers its rows as the table does (from 1), so row N of the file is row N on screen.
        const QList<QByteArray> csvLines = rest.split('\n');
        for (int r : {0, 1, 499}) {
            const QByteArray first = csvLines.at(r).left(csvLines.at(r).indexOf(','));
            QCOMPARE(QString::fromUtf8(first), model->data(model->index(r, 0)).toString());
        }
        QCOMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("1"));

        // The full answer shows on selection.
        auto* table = page.findChild<QTableView*>(QStringLiteral("resultsTable"));
        table->selectRow(7);
        QVERIFY(
            page.findChild<QTextBrowser*>(QStringLiteral("answerView"))
                ->toPlainText()
                .contains(model->item(7).status == BatchItem::Status::Ok ? model->item(7).text : model->item(7).error));
    }

    void killedRunResumesWithoutResendingFinishedPrompts()
    {
        Rig rig(3);
        rig.server.setDefaultBehavior(FakeBehavior::ok({}, 15));
        const QString file = m_dir.filePath(QStringLiteral("resume.sqlite"));
        BatchRunStore store;
        QVERIFY(store.open(openDb(file)));
        QSet<QString> answeredBeforeKill;
        qint64 runId = 0;
        {
            auto page = std::make_unique<BatchPage>(rig.dispatcher.get(), &store, nullptr);
            bool enough = false;
            connect(page.get(), &BatchPage::progressUpdated, this, [&](int ok, int, int) { enough = ok >= 8; });
            page->setPrompts(numbered(40), QStringLiteral("forty.txt"));
            page->findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(2);
            QVERIFY(page->start());
            runId = page->currentRunId();
            QTRY_VERIFY_WITH_TIMEOUT(enough, 20000);
            for (const BatchItem& it : page->resultModel()->items()) {
                if (it.status == BatchItem::Status::Ok)
                    answeredBeforeKill.insert(it.prompt);
            }
            QVERIFY(answeredBeforeKill.size() >= 8);
            QVERIFY(answeredBeforeKill.size() < 40);
            // The app goes away mid-run: the page is destroyed without finishing.
        }
        QTRY_COMPARE(rig.server.inFlight(), 0);
        QVERIFY(store.resumableRuns().size() == 1);

        // A new page on the same database (a fresh connection, as after a restart) offers to resume.
        BatchRunStore store2;
        QVERIFY(store2.open(openDb(file)));
        BatchPage page(rig.dispatcher.get(), &store2, nullptr);
        QCOMPARE(page.offeredRunId(), runId);
        QVERIFY(!page.findChild<QFrame*>(QStringLiteral("resumeBanner"))->isHidden());
        QCOMPARE(page.resultModel()->okCount(), int(answeredBeforeKill.size()));
        QSignalSpy finished(&page, &BatchPage::runFinished);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("resumeButton")), Qt::LeftButton);
        QVERIFY(page.isRunning());
        QVERIFY(finished.wait(30000));
        QCOMPARE(page.resultModel()->okCount(), 40);
        QCOMPARE(page.currentRunId(), runId);
        const QHash<QString, int> sent = rig.sentPrompts();
        for (const QString& p : std::as_const(answeredBeforeKill))
            QVERIFY2(sent.value(p) == 1, qPrintable(QStringLiteral("%1 was sent %2 times").arg(p).arg(sent.value(p))));
        for (const QString& p : numbered(40))
            QVERIFY(sent.value(p) >= 1);
        QVERIFY(store2.resumableRuns().isEmpty());
    }

    void pauseResumeAndCancel()
    {
        Rig rig(2);
        rig.server.setDefaultBehavior(FakeBehavior::ok({}, 10));
        BatchRunStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("pause.sqlite")))));
        BatchPage page(rig.dispatcher.get(), &store, nullptr);
        QSignalSpy finished(&page, &BatchPage::runFinished);
        int ok = 0;
        connect(&page, &BatchPage::progressUpdated, this, [&](int n, int, int) { ok = n; });
        page.setPrompts(numbered(300));
        page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(2);
        QVERIFY(page.start());
        QTRY_VERIFY(ok >= 4);
        auto* pause = page.findChild<QPushButton*>(QStringLiteral("pauseButton"));
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(page.isPaused());
        QCOMPARE(pause->text(), QStringLiteral("Resume"));
        QCOMPARE(store.run(page.currentRunId())->state, BatchRun::State::Paused);
        QTRY_COMPARE(rig.server.inFlight(), 0); // in-flight requests finish, no new ones start
        const int sentWhilePaused = rig.server.requestCount();
        QVERIFY(sentWhilePaused < 300);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(!page.isPaused());
        QTRY_VERIFY(rig.server.requestCount() > sentWhilePaused);
        QCOMPARE(finished.size(), 0);
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QVERIFY(finished.size() > 0 || finished.wait(10000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QVERIFY(page.resultModel()->pendingCount() > 0);
        QCOMPARE(page.resultModel()->failedCount(), 0); // cancelled prompts are not failures
        QCOMPARE(store.run(page.currentRunId())->state, BatchRun::State::Cancelled);
        QVERIFY(store.resumableRuns().isEmpty());
        const QString progress = page.findChild<QLabel*>(QStringLiteral("progressLabel"))->text();
        QVERIFY2(progress.contains(QStringLiteral("cancelled")) && !progress.contains(QStringLiteral("ETA")),
                 qPrintable(progress));
    }

    void theResultsSortAndFilter()
    {
        // Issue 19: finding 8 failures meant scrolling 300 rows. The table filters by status and text, sorts by any
        // column, and the detail pane shows the row selected in the filtered table.
        Rig rig(2);
        blockNext(rig.server, 3);
        BatchPage page(rig.dispatcher.get(), nullptr, nullptr);
        QAbstractItemModelTester tester(page.resultFilter());
        QSignalSpy finished(&page, &BatchPage::runFinished);
        page.setPrompts(numbered(30));
        page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(1);
        QVERIFY(page.start());
        QVERIFY(finished.wait(20000));
        page.resultModel()->flushChanges();
        QCOMPARE(page.resultModel()->failedCount(), 3);
        auto* table = page.findChild<QTableView*>(QStringLiteral("resultsTable"));
        auto* show = page.findChild<QComboBox*>(QStringLiteral("resultShowCombo"));
        auto* search = page.findChild<QLineEdit*>(QStringLiteral("resultSearchEdit"));
        auto* shown = page.findChild<QLabel*>(QStringLiteral("resultShownLabel"));
        auto* answer = page.findChild<QTextBrowser*>(QStringLiteral("answerView"));
        QVERIFY(table && show && search && shown && answer);
        QCOMPARE(table->model()->rowCount(), 30);
        QVERIFY(shown->text().isEmpty());

        // Only the failures.
        show->setCurrentIndex(int(BatchResultFilter::Show::Failed));
        QCOMPARE(table->model()->rowCount(), 3);
        QCOMPARE(shown->text(), QStringLiteral("3 of 30 shown"));
        const QList<int> failed = page.resultModel()->failedIndexes();
        for (int r = 0; r < 3; ++r)
            QCOMPARE(table->model()->index(r, BatchResultModel::IndexColumn).data().toString(),
                     QString::number(failed.at(r) + 1));
        table->selectRow(1);
        QCOMPARE(answer->toPlainText(), QStringLiteral("Failed: %1").arg(page.resultModel()->item(failed.at(1)).error));

        // Text: prompts 2, 12 and 22 hold "2"; with the failures still chosen, only those among them.
        show->setCurrentIndex(int(BatchResultFilter::Show::All));
        search->setText(QStringLiteral("PROMPT 2"));
        QCOMPARE(table->model()->rowCount(), 11); // prompt 2, prompt 20..29
        search->setText(QStringLiteral("SAFETY"));
        QCOMPARE(table->model()->rowCount(), 3); // the errors' text
        search->clear();
        show->setCurrentIndex(int(BatchResultFilter::Show::Answered));
        QCOMPARE(table->model()->rowCount(), 27);
        show->setCurrentIndex(int(BatchResultFilter::Show::Pending));
        QCOMPARE(table->model()->rowCount(), 0);
        show->setCurrentIndex(int(BatchResultFilter::Show::All));
        QVERIFY(shown->text().isEmpty());

        // Sorted by status (raw order: pending, ok, failed), descending: the failures first; by row number as numbers.
        table->sortByColumn(BatchResultModel::StatusColumn, Qt::DescendingOrder);
        for (int r = 0; r < 3; ++r)
            QCOMPARE(table->model()->index(r, BatchResultModel::StatusColumn).data().toString(),
                     QStringLiteral("failed"));
        table->sortByColumn(BatchResultModel::IndexColumn, Qt::DescendingOrder);
        QCOMPARE(table->model()->index(0, BatchResultModel::IndexColumn).data().toString(), QStringLiteral("30"));
        QCOMPARE(table->model()->index(20, BatchResultModel::IndexColumn).data().toString(), QStringLiteral("10"));
        table->selectRow(0);
        QVERIFY2(answer->toPlainText().contains(page.resultModel()->item(29).text.left(20)) ||
                     answer->toPlainText().contains(page.resultModel()->item(29).error.left(20)),
                 qPrintable(answer->toPlainText()));
        // A header click sorts too.
        QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {},
                          QPoint(table->horizontalHeader()->sectionViewportPosition(BatchResultModel::IndexColumn) + 5,
                                 table->horizontalHeader()->height() / 2));
        QCOMPARE(table->model()->index(0, BatchResultModel::IndexColumn).data().toString(), QStringLiteral("1"));
    }

    void theRunHistoryOpensRetriesExportsAndDeletes()
    {
        // Issue 19: finished runs vanished after a restart though the database holds them.
        Rig rig(2);
        const QString file = m_dir.filePath(QStringLiteral("history.sqlite"));
        BatchRunStore store;
        QVERIFY(store.open(openDb(file)));
        qint64 first = 0, second = 0;
        {
            blockNext(rig.server, 2);
            BatchPage page(rig.dispatcher.get(), &store, nullptr);
            QSignalSpy finished(&page, &BatchPage::runFinished);
            page.setPrompts(numbered(10, QStringLiteral("first")), QStringLiteral("first.txt"));
            page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(1);
            QVERIFY(page.start());
            QVERIFY(finished.wait(20000));
            first = page.currentRunId();
            page.setPrompts(numbered(5, QStringLiteral("second")), QStringLiteral("second.txt"));
            QVERIFY(page.start());
            QVERIFY(finished.wait(20000));
            second = page.currentRunId();
        }
        QVERIFY(first > 0 && second > first);

        // After a "restart": a new page on the same database.
        BatchPage page(rig.dispatcher.get(), &store, nullptr);
        auto* historyButton = page.findChild<QPushButton*>(QStringLiteral("historyButton"));
        QVERIFY(historyButton && historyButton->isEnabled());
        int listed = 0;
        QString firstRowName;
        {
            ModalWatcher<BatchHistoryDialog> watcher([&](BatchHistoryDialog* dialog) {
                auto* table = dialog->findChild<QTableWidget*>(QStringLiteral("runsTable"));
                listed = table->rowCount();
                firstRowName = table->item(0, 1)->text();
                QVERIFY(dialog->selectRun(first));
                dialog->findChild<QPushButton*>(QStringLiteral("openRunButton"))->click();
            });
            QTest::mouseClick(historyButton, Qt::LeftButton);
            QVERIFY(watcher.handled());
            QVERIFY(!watcher.leftOpen());
        }
        QCOMPARE(listed, 2);
        QCOMPARE(firstRowName, QStringLiteral("second.txt")); // newest first
        // Opened: its results, nothing sent.
        const int requestsBefore = rig.server.requestCount();
        QCOMPARE(page.currentRunId(), first);
        QCOMPARE(page.resultModel()->rowCount(), 10);
        QCOMPARE(page.resultModel()->failedCount(), 2);
        QCOMPARE(page.resultModel()->okCount(), 8);
        QCOMPARE(rig.server.requestCount(), requestsBefore);
        // Retry failed sends only its two failures, into the same run.
        auto* retry = page.findChild<QPushButton*>(QStringLiteral("retryFailedButton"));
        QVERIFY(retry->isEnabled());
        QSignalSpy finished(&page, &BatchPage::runFinished);
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(rig.server.requestCount(), requestsBefore + 2);
        QCOMPARE(page.currentRunId(), first);
        QCOMPARE(store.run(first)->ok, 10);
        QCOMPARE(store.run(first)->failed, 0);

        // Export and delete from the history.
        BatchHistoryDialog dialog(&store, 0, &page);
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("runsTable"));
        const QString out = m_dir.filePath(QStringLiteral("second-results.jsonl"));
        QString error;
        QVERIFY2(dialog.exportRun(second, out, &error), qPrintable(error));
        QFile exported(out);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll().count('\n'), 5);
        QVERIFY(dialog.selectRun(second));
        auto* remove = dialog.findChild<QPushButton*>(QStringLiteral("deleteRunButton"));
        QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("openRunButton"))->isDefault()); // Enter never deletes
        QVERIFY(!remove->isDefault());
        MessageBox::setNextAnswer(QMessageBox::No);
        remove->click();
        QCOMPARE(store.runs().size(), 2);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        remove->click();
        QCOMPARE(store.runs().size(), 1);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(!store.run(second));
        QVERIFY(store.items(second).isEmpty());
        // The run going on cannot be deleted.
        BatchHistoryDialog running(&store, first, &page);
        QVERIFY(running.selectRun(first));
        QVERIFY(!running.findChild<QPushButton*>(QStringLiteral("deleteRunButton"))->isEnabled());
        QVERIFY(!running.deleteRun(first));
        QVERIFY(store.run(first));
    }

    void retryOnlyTheFailedRows()
    {
        Rig rig(2);
        blockNext(rig.server, 3);
        BatchPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &BatchPage::runFinished);
        page.setPrompts(numbered(20));
        // Loaded prompts are listed before Start, all pending.
        QCOMPARE(page.resultModel()->rowCount(), 20);
        QCOMPARE(page.resultModel()->pendingCount(), 20);
        QVERIFY(
            page.findChild<QLabel*>(QStringLiteral("progressLabel"))->text().contains(QStringLiteral("20 remaining")));
        page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(1);
        QVERIFY(page.start());
        QVERIFY(finished.wait(20000));
        QCOMPARE(page.resultModel()->failedCount(), 3);
        // The detail pane shows the failed row; after Retry failed it no longer shows the old failure.
        auto* table = page.findChild<QTableView*>(QStringLiteral("resultsTable"));
        auto* answer = page.findChild<QTextBrowser*>(QStringLiteral("answerView"));
        table->setCurrentIndex(page.resultFilter()->mapFromSource(
            page.resultModel()->index(page.resultModel()->failedIndexes().first(), 0)));
        QVERIFY(answer->toPlainText().startsWith(QStringLiteral("Failed:")));
        for (int i : page.resultModel()->failedIndexes())
            QVERIFY2(page.resultModel()->item(i).error.contains(QStringLiteral("SAFETY")),
                     qPrintable(page.resultModel()->item(i).error));
        QCOMPARE(rig.server.requestCount(), 20);
        auto* retry = page.findChild<QPushButton*>(QStringLiteral("retryFailedButton"));
        QVERIFY(retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QCOMPARE(page.resultModel()->failedCount(), 0);
        QCOMPARE(page.resultModel()->okCount(), 20);
        QCOMPARE(rig.server.requestCount(), 23); // only the three failed rows were sent again
        QVERIFY2(!answer->toPlainText().startsWith(QStringLiteral("Failed:")), qPrintable(answer->toPlainText()));
    }

    void promptsFromCsvJsonlAndATemplate()
    {
        Rig rig(1);
        const QString csv = m_dir.filePath(QStringLiteral("in.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,question\n1,\"What is 2+2, really?\"\n2,Why is the sky blue?\n");
        f.close();
        const QString jsonl = m_dir.filePath(QStringLiteral("in.jsonl"));
        QFile j(jsonl);
        QVERIFY(j.open(QIODevice::WriteOnly));
        j.write("{\"prompt\":\"first\"}\n{\"prompt\":\"second\"}\n");
        j.close();
        BatchPage page(rig.dispatcher.get(), nullptr, nullptr);
        QString error;
        QVERIFY2(page.loadPromptFile(csv, QStringLiteral("question"), &error), qPrintable(error));
        QCOMPARE(page.prompts(),
                 (QStringList{QStringLiteral("What is 2+2, really?"), QStringLiteral("Why is the sky blue?")}));
        QVERIFY(page.loadPromptFile(jsonl, {}, &error));
        QCOMPARE(page.prompts(), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
        QVERIFY(!page.loadPromptFile(m_dir.filePath(QStringLiteral("missing.txt")), {}, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(page.prompts().size(), 2); // a failed load keeps what was there

        page.findChild<QLineEdit*>(QStringLiteral("templateEdit"))->setText(QStringLiteral("Answer briefly: {input}"));
        QSignalSpy finished(&page, &BatchPage::runFinished);
        QVERIFY(page.start());
        QVERIFY(finished.wait(20000));
        const auto sent = rig.sentPrompts();
        QCOMPARE(sent.value(QStringLiteral("Answer briefly: first")), 1);
        QCOMPARE(sent.value(QStringLiteral("Answer briefly: second")), 1);
        QCOMPARE(page.resultModel()->item(1).text, QStringLiteral("Echo: Answer briefly: second"));

        // Nothing to send is an error the user can read, not a crash.
        BatchPage empty(rig.dispatcher.get(), nullptr, nullptr);
        QVERIFY(!empty.start());
        QVERIFY(!empty.findChild<QLabel*>(QStringLiteral("batchStatus"))->text().isEmpty());
    }

    void concurrencyIsLiveAndFollowsSettings()
    {
        // The page's concurrency applies to the run going on; Settings' batch concurrency reaches the page when it
        // changes there.
        Rig rig;
        rig.server.setAnswerGate(1000); // answers wait until the test lets them go
        AppSettings settings(m_dir.filePath(QStringLiteral("concurrency.ini")));
        BatchPage page(rig.dispatcher.get(), nullptr, &settings);
        auto* spin = page.findChild<QSpinBox*>(QStringLiteral("concurrencySpin"));
        QVERIFY(spin);
        spin->setValue(2);
        page.setPrompts(numbered(20));
        QVERIFY(page.start());
        QTRY_COMPARE(rig.server.inFlight(), 2);
        spin->setValue(5);
        QTRY_COMPARE(rig.server.inFlight(), 5);
        QCOMPARE(page.inFlightCount(), 5);
        rig.server.setAnswerGate(0);
        QTRY_VERIFY(!page.isRunning());
        QCOMPARE(page.resultModel()->okCount(), 20);

        settings.setConcurrency(9);
        QCOMPARE(spin->value(), 9);
    }
};

QTEST_MAIN(TestBatchPage)
#include "tst_batchpage.moc"
