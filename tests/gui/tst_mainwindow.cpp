// The real MainWindow over a temporary database and temporary settings (like KeePassXC's GUI tests):
// first-run guidance, the import flow end to end (file dialog, importFiles, paste), bulk actions on a selection
// (pool and database), live health in the view and the status bar, export, add key, check against the fake
// Gemini server, and settings surviving a restart of the window.
#include "AddKeyDialog.h"
#include "AppContext.h"
#include "AppSettings.h"
#include "BatchPage.h"
#include "BatchResultModel.h"
#include "BatchRunStore.h"
#include "ChatPage.h"
#include "ExportKeysDialog.h"
#include "FakeGeminiServer.h"
#include "FileDialog.h"
#include "ImportController.h"
#include "ImportHistoryStore.h"
#include "ImportResultDialog.h"
#include "IsolatedSettings.h"
#include "KeyDetailPane.h"
#include "KeyFilterModel.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ModalWatcher.h"
#include "ModelCatalog.h"
#include "OverviewPage.h"
#include "RequestHistory.h"
#include "SettingsDialog.h"
#include "TestKeys.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>
#include <memory>

using namespace egb;
using egb::FileDialog;
using egb::MessageBox;
using egb::test::testKey;
using egb::test::whenModal;

namespace {

QString writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

QByteArray keyLines(int from, int count)
{
    QByteArray out;
    for (int i = from; i < from + count; ++i)
        out += testKey(i).toLatin1() + '\n';
    return out;
}

/// The sum of a series' points (the attempts of one class over the chart's hour); -1 when the series is missing.
double seriesSum(MainWindow& window, const char* name)
{
    auto* view = window.findChild<QChartView*>(QStringLiteral("requestsChartView"));
    if (!view)
        return -1;
    const QList<QAbstractSeries*> all = view->chart()->series();
    for (QAbstractSeries* s : all) {
        auto* line = qobject_cast<QLineSeries*>(s);
        if (!line || s->objectName() != QLatin1String(name))
            continue;
        double sum = 0;
        const QList<QPointF> points = line->points();
        for (const QPointF& p : points)
            sum += p.y();
        return sum;
    }
    return -1;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_dbPath;
    int m_dbCounter = 0;

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto window = std::make_unique<MainWindow>(m_dbPath);
        window->keysPage()->model()->pool()->setChangeInterval(5);
        window->show();
        return window;
    }

    /// What a fresh reader of the database file sees (the window's store committed it).
    std::vector<ApiKey> keysOnDisk()
    {
        KeyStore reader;
        if (!reader.open(m_dbPath))
            return {};
        return reader.loadKeys();
    }

    /// The import's result dialog once it shows (a failed QTRY inside leaves it null: callers QVERIFY it).
    ImportResultDialog* waitForResult(MainWindow& window)
    {
        ImportResultDialog* dialog = nullptr;
        [&] { QTRY_VERIFY((dialog = window.importController()->resultDialog()) && dialog->isVisible()); }();
        return dialog;
    }

    static QString labelText(QWidget* parent, const char* name)
    {
        auto* label = parent->findChild<QLabel*>(QString::fromLatin1(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QString::fromLatin1(name));
    }

    static QAction* action(QWidget* window, const char* name)
    {
        return window->findChild<QAction*>(QString::fromLatin1(name));
    }

    void selectRows(QTableView* view, const QList<int>& rows)
    {
        // Click the first row, Ctrl+click the others: a person's multi-selection.
        bool first = true;
        for (const int row : rows) {
            const QRect rect = view->visualRect(view->model()->index(row, KeyTableModel::LabelColumn));
            QTest::mouseClick(view->viewport(), Qt::LeftButton, first ? Qt::NoModifier : Qt::ControlModifier,
                              rect.center());
            first = false;
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        egb::test::isolateSettings(m_dir.filePath(QStringLiteral("config")),
                                   QStringLiteral("easy-gemini-balance-test"));
    }

    void init()
    {
        QSettings().clear();
        m_dbPath = m_dir.filePath(QStringLiteral("keys-%1.db").arg(++m_dbCounter));
    }

    void firstRunShowsGuidanceNotADialog()
    {
        auto window = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->databaseError().isEmpty());
        QVERIFY(window->windowTitle().contains(QStringLiteral("keys-%1.db").arg(m_dbCounter)));
        auto* stack = window->findChild<QStackedWidget*>(QStringLiteral("keysStack"));
        QVERIFY(stack);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
        auto* importButton = window->findChild<QPushButton*>(QStringLiteral("emptyImportButton"));
        QVERIFY(importButton && importButton->isVisible());
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QCOMPARE(window->pageIds().mid(0, 2), (QStringList{"keys", "overview"}));
        QCOMPARE(labelText(window.get(), "statsAvailableLabel"), QStringLiteral("Available: 0"));

        // The guidance is readable whole: the wrapped text gets the height its width needs, at the default size
        // and in the smallest window, and is not squeezed into a narrow column.
        auto* text = window->findChild<QLabel*>(QStringLiteral("emptyTextLabel"));
        QVERIFY(text && text->isVisible());
        for (const QSize size : {QSize(1100, 700), QSize(1, 1)}) { // 1x1: the window stops at its minimum size
            window->resize(size);
            QTRY_VERIFY2(text->height() >= text->heightForWidth(text->width()),
                         qPrintable(QStringLiteral("%1x%2 shows %3 px of the %4 px the text needs at width %5")
                                        .arg(window->width())
                                        .arg(window->height())
                                        .arg(text->height())
                                        .arg(text->heightForWidth(text->width()))
                                        .arg(text->width())));
            QVERIFY2(text->width() >= std::min(text->maximumWidth(), stack->width() / 2),
                     qPrintable(QStringLiteral("%1 px wide in a page of %2").arg(text->width()).arg(stack->width())));
        }
        window->resize(1100, 700);

        // The empty state's Import button opens the file dialog.
        FileDialog::setNextCancelled();
        importButton->click();
        QVERIFY(!FileDialog::hasNextFileNames()); // the import asked for files
        QCOMPARE(FileDialog::lastCaption(), QStringLiteral("Import keys"));
    }

    void unusableDatabaseIsReportedNotFatal()
    {
        // A folder where the database file should be: the window opens, says what happened, works in memory.
        m_dbPath = m_dir.filePath(QStringLiteral("a-folder.db"));
        QVERIFY(QDir().mkpath(m_dbPath));
        auto window = makeWindow();
        QVERIFY(!window->databaseError().isEmpty());
        QVERIFY(window->databaseError().contains(QStringLiteral("a-folder.db")));
        auto* banner = window->findChild<QWidget*>(QStringLiteral("storageBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY(labelText(banner, "storageBannerText").contains(QStringLiteral("a-folder.db")));
        QVERIFY(!window->isSavingChanges());
        window->pool()->addSecrets({testKey(99)});
        QCOMPARE(window->keysPage()->view()->model()->rowCount(), 1);
    }

    void importThroughTheFileDialog()
    {
        const QByteArray content =
            "# my keys\n" + keyLines(0, 5) + testKey(2).toLatin1() + "\nhello world\n" + "AIzaTooShort\n";
        const QString path = writeFile(m_dir.filePath(QStringLiteral("keys.txt")), content);
        auto window = makeWindow();
        FileDialog::setNextFileName(path); // the file a person chose in the dialog
        action(window.get(), "actionImport")->trigger();
        QVERIFY(!FileDialog::hasNextFileNames());

        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(labelText(result, "addedCountLabel"), QStringLiteral("5"));
        QCOMPARE(labelText(result, "duplicateCountLabel"), QStringLiteral("1"));
        QCOMPARE(labelText(result, "rejectedCountLabel"), QStringLiteral("2"));
        QCOMPARE(labelText(result, "summaryLabel").left(43),
                 QStringLiteral("5 new key(s) added to the pool and saved. R"));
        auto* issues = result->findChild<QTableWidget*>(QStringLiteral("issuesTable"));
        QVERIFY(issues);
        QCOMPARE(issues->rowCount(), 3);
        QCOMPARE(issues->item(0, 1)->data(Qt::DisplayRole).toInt(),
                 7); // the duplicate's line (after a comment and 5 keys)
        for (int row = 0; row < issues->rowCount(); ++row)
            QVERIFY(!issues->item(row, 2)->text().contains(testKey(2).mid(4, 30))); // masked
        result->close();

        auto* stack = window->findChild<QStackedWidget*>(QStringLiteral("keysStack"));
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("tablePage"));
        QCOMPARE(window->keysPage()->view()->model()->rowCount(), 5);
        QTRY_COMPARE(labelText(window.get(), "statsAvailableLabel"), QStringLiteral("Available: 5"));
        QCOMPARE(keysOnDisk().size(), size_t(5)); // committed before the dialog said so

        // The same file again: nothing new, every key a duplicate.
        window->importController()->importFiles({path});
        result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(labelText(result, "addedCountLabel"), QStringLiteral("0"));
        QCOMPARE(labelText(result, "duplicateCountLabel"), QStringLiteral("6"));
        QCOMPARE(window->pool()->size(), 5);
    }

    void importKeepsLabelsListsIssuesInOrderAndIsInTheHistory()
    {
        // Issue 19: labels were dropped and the result listed the duplicates before the rejected lines.
        auto window = makeWindow();
        window->pool()->addSecrets({testKey(40)});
        const QString csv = writeFile(m_dir.filePath(QStringLiteral("team.csv")),
                                      "label,key,group,weight\n"
                                      "broken,AIzaTooShort,p,\n" + // 2 rejected
                                          QByteArray("first,") +
                                          testKey(41).toLatin1() + ",proj-a,0.5\n" +         // 3
                                          "again," + testKey(41).toLatin1() + ",proj-a,\n" + // 4 duplicate
                                          "junk,nothing here,,\n" +                          // 5 rejected
                                          "known," + testKey(40).toLatin1() + ",,\n");       // 6 in the pool
        const QString txt =
            writeFile(m_dir.filePath(QStringLiteral("labelled.txt")),
                      testKey(42).toLatin1() + ", work account 2\n" + testKey(43).toLatin1() + ":0.25\n");
        window->importController()->importFiles({csv, txt});
        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        auto* issues = result->findChild<QTableWidget*>(QStringLiteral("issuesTable"));
        QVERIFY(issues);
        QList<int> lines;
        for (int row = 0; row < issues->rowCount(); ++row)
            lines.append(issues->item(row, 1)->data(Qt::DisplayRole).toInt());
        QCOMPARE(lines, (QList<int>{2, 4, 5, 6}));
        result->close();

        KeyPool* pool = window->pool();
        const ApiKey* first = pool->find(pool->idOfSecret(testKey(41)));
        QVERIFY(first);
        QCOMPARE(first->label, QStringLiteral("first"));
        QCOMPARE(first->group, QStringLiteral("proj-a"));
        QCOMPARE(first->weight, 0.5);
        QCOMPARE(pool->find(pool->idOfSecret(testKey(42)))->label, QStringLiteral("work account 2"));
        QCOMPARE(pool->find(pool->idOfSecret(testKey(43)))->weight, 0.25);
        bool labelSaved = false;
        for (const ApiKey& k : keysOnDisk())
            labelSaved = labelSaved || (k.secret == testKey(42) && k.label == QStringLiteral("work account 2"));
        QVERIFY(labelSaved);

        // egb history shows the app's imports: the same table, in the same database file.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("history_reader"));
            db.setDatabaseName(m_dbPath);
            QVERIFY(db.open());
            ImportHistoryStore history;
            QVERIFY2(history.open(db.connectionName()), qPrintable(history.lastError()));
            const QList<ImportRecord> records = history.records();
            QCOMPARE(records.size(), 2);
            QSet<QString> sources;
            for (const ImportRecord& r : records) {
                QCOMPARE(r.origin, QStringLiteral("app"));
                sources.insert(r.source);
                if (r.source == csv) {
                    QCOMPARE(r.format, QStringLiteral("csv"));
                    QCOMPARE(r.added, 1);
                    QCOMPARE(r.duplicates, 2);
                    QCOMPARE(r.rejected, 2);
                }
            }
            QCOMPARE(sources, (QSet<QString>{QFileInfo(csv).absoluteFilePath(), QFileInfo(txt).absoluteFilePath()}));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("history_reader"));
    }

    void importSeveralFilesAndUnreadableOnes()
    {
        const QString csv =
            writeFile(m_dir.filePath(QStringLiteral("keys.csv")),
                      "label,key\nfirst," + testKey(10).toLatin1() + "\nsecond," + testKey(11).toLatin1() + "\n");
        const QString env = writeFile(m_dir.filePath(QStringLiteral("app.env")),
                                      "GEMINI_API_KEY=" + testKey(12).toLatin1() + "\nOTHER=1\n");
        auto window = makeWindow();
        window->importController()->importFiles({csv, env, m_dir.filePath(QStringLiteral("missing.txt"))});
        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(result->addedCount(), 3);
        auto* errors = result->findChild<QLabel*>(QStringLiteral("errorsLabel"));
        QVERIFY(errors && errors->isVisible());
        QVERIFY(errors->text().contains(QStringLiteral("missing.txt")));
        QCOMPARE(window->pool()->size(), 3);
    }

    void largeImportKeepsTheWindowResponsive()
    {
        // 20,000 keys: parsed in a worker thread, added in chunks; the event loop must keep turning meanwhile.
        const int count = 20'000;
        QByteArray content;
        content.reserve(count * 40);
        for (int i = 0; i < count; ++i)
            content += QStringLiteral("AIzaLg%1\n").arg(i, 33, 10, QLatin1Char('0')).toLatin1();
        const QString path = writeFile(m_dir.filePath(QStringLiteral("many.txt")), content);
        auto window = makeWindow();
        ImportController* import = window->importController();

        // A probe that asks the event loop for a turn again and again (a zero timer re-armed each time): it counts
        // how often the loop got to other work while the import was busy.
        int ticksWhileBusy = 0;
        QTimer probe;
        probe.setInterval(0);
        connect(&probe, &QTimer::timeout, this, [&] {
            // Count only while keys are being added on this thread (the progress range is known then): reading and
            // parsing happen in a worker anyway.
            auto* progress = window->findChild<QProgressDialog*>(QStringLiteral("importProgressDialog"));
            if (import->isBusy() && progress && progress->maximum() > 0)
                ++ticksWhileBusy;
        });
        probe.start();
        QSignalSpy finished(import, &ImportController::finished);
        import->importFiles({path});
        QVERIFY(import->isBusy()); // returned at once: the work goes on in the background
        QVERIFY(finished.wait(30'000));
        QVERIFY2(ticksWhileBusy >= count / ImportController::ChunkSize - 1,
                 qPrintable(
                     QStringLiteral("the event loop turned only %1 times while keys were added").arg(ticksWhileBusy)));
        QCOMPARE(finished.at(0).at(1).toInt(), count);
        QCOMPARE(window->pool()->size(), count);
        QCOMPARE(window->keysPage()->view()->model()->rowCount(), count);
        QCOMPARE(keysOnDisk().size(), size_t(count));
    }

    void cancelAnImportKeepsWhatWasSaved()
    {
        auto window = makeWindow();
        ImportController* import = window->importController();
        QApplication::clipboard()->setText(QString::fromLatin1(keyLines(600, 50)));
        import->pasteFromClipboard();
        auto* progress = window->findChild<QProgressDialog*>(QStringLiteral("importProgressDialog"));
        QVERIFY(progress);
        auto* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click(); // the person presses Cancel while the keys are still being read
        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(result->addedCount(), 0);
        QVERIFY(labelText(result, "summaryLabel").startsWith(QStringLiteral("You stopped the import.")));
        QCOMPARE(window->pool()->size(), 0);
        QVERIFY(!import->isBusy());
        // The next import works normally.
        import->pasteFromClipboard();
        QTRY_COMPARE(window->pool()->size(), 50);
    }

    void dropFilesOnTheWindow()
    {
        const QString path =
            writeFile(m_dir.filePath(QStringLiteral("dropped.env")), "GEMINI_API_KEY=" + testKey(95).toLatin1() + "\n");
        auto window = makeWindow();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint pos = window->rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window.get(), &drop);
        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(result->addedCount(), 1);
        QCOMPARE(window->pool()->at(0).secret, testKey(95));
    }

    void pasteFromTheClipboard()
    {
        auto window = makeWindow();
        QApplication::clipboard()->setText(QString::fromLatin1(keyLines(20, 3) + "not a key\n"));
        action(window.get(), "actionPaste")->trigger();
        ImportResultDialog* result = waitForResult(*window);
        QVERIFY(result);
        QCOMPARE(result->addedCount(), 3);
        QCOMPARE(result->rejectedCount(), 1);
        QCOMPARE(keysOnDisk().size(), size_t(3));
    }

    void bulkActionsOnASelection()
    {
        auto window = makeWindow();
        KeyPool* pool = window->pool();
        const QList<qint64> ids =
            pool->addSecrets(QString::fromLatin1(keyLines(30, 8)).split('\n', Qt::SkipEmptyParts));
        QCOMPARE(ids.size(), 8);
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());

        selectRows(view, {1, 3, 4});
        QCOMPARE(window->keysPage()->selectedIds(), (QList<qint64>{ids.at(1), ids.at(3), ids.at(4)}));
        QAction* disable = action(window.get(), "actionDisable");
        QVERIFY(disable->isEnabled());
        disable->trigger();
        for (int i = 0; i < 8; ++i)
            QCOMPARE(pool->key(ids.at(i))->status,
                     (i == 1 || i == 3 || i == 4) ? KeyStatus::Disabled : KeyStatus::Active);
        {
            const auto disk = keysOnDisk();
            QCOMPARE(std::count_if(disk.begin(), disk.end(),
                                   [](const ApiKey& k) { return k.status == KeyStatus::Disabled; }),
                     3);
        }
        QTRY_COMPARE(labelText(window.get(), "statsDisabledLabel"), QStringLiteral("Disabled: 3"));
        QCOMPARE(view->model()->index(3, KeyTableModel::StatusColumn).data().toString(), QStringLiteral("Disabled"));

        selectRows(view, {3});
        action(window.get(), "actionEnable")->trigger();
        QCOMPARE(pool->key(ids.at(3))->status, KeyStatus::Active);

        pool->report(ids.at(5), Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("overloaded")));
        selectRows(view, {5, 6});
        action(window.get(), "actionReset")->trigger();
        QCOMPARE(pool->key(ids.at(5))->totalFailures, 0);
        QCOMPARE(pool->key(ids.at(5))->weight, 1.0);

        // Remove asks first, naming how many; Cancel keeps everything.
        selectRows(view, {0, 2, 7});
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(!MessageBox::hasNextAnswer()); // the question was asked
        QCOMPARE(MessageBox::lastText().split(u'\n').value(1), QStringLiteral("Remove 3 key(s) from the pool?"));
        QCOMPARE(pool->size(), 8);

        MessageBox::setNextAnswer(QMessageBox::DestructiveRole); // "Remove 3 key(s)"
        action(window.get(), "actionRemove")->trigger();
        QVERIFY(!MessageBox::hasNextAnswer());
        QCOMPARE(pool->size(), 5);
        QCOMPARE(view->model()->rowCount(), 5);
        QVERIFY(pool->rowOf(ids.at(0)) < 0 && pool->rowOf(ids.at(2)) < 0 && pool->rowOf(ids.at(7)) < 0);
        QCOMPARE(keysOnDisk().size(), size_t(5));
        QVERIFY(!action(window.get(), "actionRemove")->isEnabled() || !window->keysPage()->selectedIds().isEmpty());

        // On another page, Delete does not reach the keys still selected in the hidden table.
        selectRows(view, {0});
        QVERIFY(action(window.get(), "actionRemove")->isEnabled());
        QVERIFY(window->showPage(QStringLiteral("overview")));
        QVERIFY(!action(window.get(), "actionRemove")->isEnabled());
        QTest::keyClick(window.get(), Qt::Key_Delete);
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QCOMPARE(pool->size(), 5);
        QVERIFY(window->showPage(QStringLiteral("keys")));
        QVERIFY(action(window.get(), "actionRemove")->isEnabled());
    }

    void editLabelGroupAndRpmInPlace()
    {
        auto window = makeWindow();
        const QList<qint64> ids = window->pool()->addSecrets({testKey(110), testKey(111)});
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        const auto editCell = [&](int row, int column, const QString& text) {
            const QModelIndex index = view->model()->index(row, column);
            view->setCurrentIndex(index);
            view->edit(index);
            auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
            if (!editor) // a spin box for numbers: its line edit has the focus
                editor = view->viewport()->findChild<QLineEdit*>();
            QVERIFY(editor);
            editor->selectAll();
            QTest::keyClicks(editor, text);
            QTest::keyClick(editor, Qt::Key_Return);
            QTRY_VERIFY(view->viewport()->findChildren<QLineEdit*>().isEmpty()); // the editor closed
        };
        editCell(1, KeyTableModel::LabelColumn, QStringLiteral("team key"));
        editCell(1, KeyTableModel::GroupColumn, QStringLiteral("project-7"));
        editCell(0, KeyTableModel::RpmLimitColumn, QStringLiteral("12"));
        QCOMPARE(window->pool()->key(ids.at(1))->label, QStringLiteral("team key"));
        QCOMPARE(window->pool()->key(ids.at(1))->group, QStringLiteral("project-7"));
        QCOMPARE(window->pool()->key(ids.at(0))->rpmLimit, 12);
        QCOMPARE(view->model()->index(1, KeyTableModel::LabelColumn).data().toString(), QStringLiteral("team key"));
        const auto disk = keysOnDisk(); // user edits are committed at once
        const auto onDisk = [&](qint64 id) {
            return *std::find_if(disk.begin(), disk.end(), [id](const ApiKey& k) { return k.id == id; });
        };
        QCOMPARE(onDisk(ids.at(1)).label, QStringLiteral("team key"));
        QCOMPARE(onDisk(ids.at(0)).rpmLimit, 12);
    }

    void menusCarryTheShortcuts()
    {
        auto window = makeWindow();
        const QList<QPair<const char*, QKeySequence>> expected{
            {"actionImport", QKeySequence(Qt::CTRL | Qt::Key_I)},
            {"actionPaste", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V)},
            {"actionRemove", QKeySequence(QKeySequence::Delete)},
            {"actionQuit", QKeySequence(Qt::CTRL | Qt::Key_Q)},
        };
        for (const auto& [name, keys] : expected) {
            QAction* a = action(window.get(), name);
            QVERIFY2(a, name);
            QCOMPARE(a->shortcut(), keys);
        }
        // Ctrl+I from anywhere in the window opens the import dialog.
        FileDialog::setNextCancelled();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key_I, Qt::ControlModifier);
        QVERIFY(!FileDialog::hasNextFileNames());
        QCOMPARE(FileDialog::lastCaption(), QStringLiteral("Import keys"));
        // File → Settings… opens the settings dialog.
        bool sawSettings = false;
        const auto settingsDialog = whenModal<QDialog>([&](QDialog* dialog) {
            sawSettings = dialog->objectName() == QStringLiteral("settingsDialog");
            dialog->reject();
        });
        action(window.get(), "actionSettings")->trigger();
        QVERIFY(settingsDialog->handled() && !settingsDialog->leftOpen());
        QVERIFY(sawSettings);
    }

    void copyAndRevealOnlyOnRequest()
    {
        auto window = makeWindow();
        const QList<qint64> ids = window->pool()->addSecrets({testKey(40), testKey(41)});
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        const QModelIndex keyCell = view->model()->index(1, KeyTableModel::KeyColumn);
        QCOMPARE(keyCell.data().toString(), ApiKey::mask(testKey(41)));
        QApplication::clipboard()->clear();

        selectRows(view, {1});
        action(window.get(), "actionReveal")->trigger();
        QCOMPARE(keyCell.data().toString(), testKey(41));
        action(window.get(), "actionReveal")->trigger();
        QCOMPARE(keyCell.data().toString(), ApiKey::mask(testKey(41)));
        QVERIFY(QApplication::clipboard()->text().isEmpty());
        action(window.get(), "actionCopyKey")->trigger();
        QCOMPARE(QApplication::clipboard()->text(), testKey(41));
        Q_UNUSED(ids);
    }

    void healthReportReachesTheVisibleRow()
    {
        auto window = makeWindow();
        KeyPool* pool = window->pool();
        const QList<qint64> ids = pool->addSecrets({testKey(50), testKey(51), testKey(52)});
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        Outcome invalid = Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid."));
        invalid.reason = QStringLiteral("API_KEY_INVALID");
        pool->report(ids.at(2), invalid);
        QTRY_COMPARE(view->model()->index(2, KeyTableModel::StatusColumn).data().toString(),
                     QStringLiteral("Disabled"));
        QCOMPARE(view->model()->index(2, KeyTableModel::LastErrorColumn).data().toString(),
                 QStringLiteral("API key not valid."));
        QTRY_COMPARE(labelText(window.get(), "statsDisabledLabel"), QStringLiteral("Disabled: 1"));
        QCOMPARE(labelText(window.get(), "statsAvailableLabel"), QStringLiteral("Available: 2"));
        // ... and is saved behind.
        window->store()->flush();
        const auto disk = keysOnDisk();
        QCOMPARE(
            std::count_if(disk.begin(), disk.end(), [](const ApiKey& k) { return k.status == KeyStatus::Disabled; }),
            1);
    }

    void exportMaskedUnlessFullKeysTicked()
    {
        auto window = makeWindow();
        window->pool()->addSecrets({testKey(60), testKey(61)});
        const QString masked = m_dir.filePath(QStringLiteral("export-masked.txt"));
        const auto maskedExport = whenModal<ExportKeysDialog>([masked](ExportKeysDialog* dialog) {
            dialog->setPath(masked);
            dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Save)->click();
        });
        action(window.get(), "actionExport")->trigger();
        QVERIFY(maskedExport->handled() && !maskedExport->leftOpen());
        QFile maskedFile(masked);
        QVERIFY(maskedFile.open(QIODevice::ReadOnly));
        const QByteArray maskedText = maskedFile.readAll();
        QCOMPARE(maskedText, (ApiKey::mask(testKey(60)) + '\n' + ApiKey::mask(testKey(61)) + '\n').toUtf8());

        const QString full = m_dir.filePath(QStringLiteral("export-full.csv"));
        const auto fullExport = whenModal<ExportKeysDialog>([full](ExportKeysDialog* dialog) {
            dialog->setPath(full);
            dialog->findChild<QCheckBox*>(QStringLiteral("fullKeysCheck"))->setChecked(true);
            dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Save)->click();
        });
        action(window.get(), "actionExport")->trigger();
        QVERIFY(fullExport->handled() && !fullExport->leftOpen());
        QFile fullFile(full);
        QVERIFY(fullFile.open(QIODevice::ReadOnly));
        const QByteArray fullText = fullFile.readAll();
        QVERIFY(fullText.startsWith("key,label,group,status"));
        QVERIFY(fullText.contains(testKey(61).toLatin1()));
        QCOMPARE(fullFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    }

    void exportProposesAFolderThatExists()
    {
        // A fresh account has no Documents folder: the proposed file is in the home folder, and saving it works.
        QTemporaryDir home;
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8());
        QVERIFY(!QDir(home.filePath(QStringLiteral("Documents"))).exists());
        QCOMPARE(ExportKeysDialog::defaultPath(), home.filePath(QStringLiteral("gemini-keys.txt")));
        {
            auto window = makeWindow();
            window->pool()->addSecrets({testKey(62)});
            const auto exported = whenModal<ExportKeysDialog>([](ExportKeysDialog* dialog) {
                dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))
                    ->button(QDialogButtonBox::Save)
                    ->click();
            });
            action(window.get(), "actionExport")->trigger();
            QVERIFY(exported->handled() && !exported->leftOpen());
            QVERIFY(QFile::exists(home.filePath(QStringLiteral("gemini-keys.txt"))));
        }
        QVERIFY(QDir(home.path()).mkdir(QStringLiteral("Documents")));
        QCOMPARE(ExportKeysDialog::defaultPath(), home.filePath(QStringLiteral("Documents/gemini-keys.txt")));
        qputenv("HOME", oldHome);
    }

    void theFirstWindowFitsTheScreen()
    {
        // Issue 19: at 150 % the default window was larger than a 1440 × 900 screen (960 × 600 of room). The
        // offscreen screen is smaller than 1100 × 700: the first window (no saved geometry) fits it, not below its
        // minimum.
        QSettings().remove(QStringLiteral("mainWindow/geometry"));
        auto window = makeWindow();
        const QRect free = window->screen()->availableGeometry();
        QVERIFY2(window->width() <= free.width() && window->height() <= free.height(),
                 qPrintable(QStringLiteral("%1 × %2 on %3 × %4 (minimum %5 × %6)")
                                .arg(window->width())
                                .arg(window->height())
                                .arg(free.width())
                                .arg(free.height())
                                .arg(window->minimumSizeHint().width())
                                .arg(window->minimumSizeHint().height())));
        QVERIFY(window->width() >= window->minimumSizeHint().width());
        // And the keys' cooldown is in view without scrolling (it was the eleventh column).
        window->pool()->addSecrets({testKey(90)});
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        QHeaderView* header = view->horizontalHeader();
        const int right = header->sectionViewportPosition(KeyTableModel::CooldownColumn) +
                          header->sectionSize(KeyTableModel::CooldownColumn);
        QVERIFY2(right <= view->viewport()->width(),
                 qPrintable(QStringLiteral("cooldown ends at %1 of %2").arg(right).arg(view->viewport()->width())));
        // "Cooling down" is whole in the status column (it read "Cooling do…"), icon and margins included.
        const int cooling = view->fontMetrics().horizontalAdvance(KeyTableModel::statusText(KeyStatus::CoolingDown)) +
                            view->iconSize().width() + 24;
        QVERIFY2(
            header->sectionSize(KeyTableModel::StatusColumn) >= cooling,
            qPrintable(QStringLiteral("%1 < %2").arg(header->sectionSize(KeyTableModel::StatusColumn)).arg(cooling)));
        // The detail pane under the table follows the current key.
        QTRY_COMPARE(view->model()->rowCount(), 1);
        view->setCurrentIndex(view->model()->index(0, KeyTableModel::LabelColumn));
        QCOMPARE(window->keysPage()->detailPane()->keyId(), window->pool()->at(0).id);
        QVERIFY(window->keysPage()->detailPane()->isVisible());
    }

    void batchOffersTheModelsChatKeeps()
    {
        // The models Chat listed (kept by ModelCatalog) are the Batch page's choice too, at start and when Chat lists
        // them again.
        const QUrl baseUrl = makeWindow()->context()->values().baseUrl;
        ModelCatalog(baseUrl).store({QStringLiteral("gemini-9-kept")}, QDateTime::currentMSecsSinceEpoch());
        auto window = makeWindow();
        auto* batchModels = window->findChild<QWidget*>(QStringLiteral("batchPage"))
                                ->findChild<QComboBox*>(QStringLiteral("modelCombo"));
        QVERIFY(batchModels);
        QCOMPARE(batchModels->itemText(0), QStringLiteral("gemini-9-kept"));
        auto* chat = window->findChild<ChatPage*>();
        QVERIFY(chat);
        Q_EMIT chat->modelsRefreshed({QStringLiteral("gemini-9-new"), QStringLiteral("gemini-9-newer")});
        QCOMPARE(batchModels->count(), 2);
        QCOMPARE(batchModels->itemText(1), QStringLiteral("gemini-9-newer"));
        QSettings().remove(QStringLiteral("modelCatalog"));
    }

    void settingsShowTheBaseUrlInUseAndWhereItComesFrom()
    {
        // EGB_BASE_URL is the URL in use: Settings shows it and says so; OK without touching it keeps it out of
        // the settings file; a URL typed there is saved and used from then on.
        const QString fromEnvironment = QStringLiteral("http://127.0.0.1:9/");
        qputenv("EGB_BASE_URL", fromEnvironment.toUtf8());
        auto window = makeWindow();
        const QUrl saved = window->settings()->values().baseUrl;
        QCOMPARE(window->context()->values().baseUrl, QUrl(fromEnvironment));
        QString shownUrl, note;
        auto openAnd = [&](const std::function<void(SettingsDialog*)>& act) {
            const auto settings = whenModal<SettingsDialog>([&](SettingsDialog* dialog) {
                shownUrl = dialog->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->text();
                note = dialog->overrideNote();
                act(dialog);
            });
            action(window.get(), "actionSettings")->trigger();
            return settings->handled() && !settings->leftOpen();
        };
        QVERIFY(openAnd([](SettingsDialog* dialog) {
            dialog->findChild<QSpinBox*>(QStringLiteral("timeoutSpin"))->setValue(77);
            dialog->accept();
        }));
        QCOMPARE(shownUrl, fromEnvironment);
        QVERIFY2(note.contains(QStringLiteral("EGB_BASE_URL")) && note.contains(QStringLiteral("API base URL")),
                 qPrintable(note));
        QCOMPARE(window->settings()->values().baseUrl, saved); // not taken into the file
        QCOMPARE(window->settings()->values().attemptTimeoutSec, 77);
        QCOMPARE(window->context()->values().baseUrl, QUrl(fromEnvironment));

        const QString typed = QStringLiteral("http://127.0.0.1:8/");
        QVERIFY(openAnd([&](SettingsDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->setText(typed);
            dialog->accept();
        }));
        QCOMPARE(window->settings()->values().baseUrl, QUrl(typed));
        QCOMPARE(window->context()->values().baseUrl, QUrl(typed)); // the newer choice is in use
        QVERIFY(openAnd([](SettingsDialog* dialog) { dialog->reject(); }));
        QCOMPARE(shownUrl, typed);
        QVERIFY2(!note.contains(QStringLiteral("EGB_BASE_URL")),
                 qPrintable(note)); // the database still comes from the command line
        qunsetenv("EGB_BASE_URL");
    }

    void keyboardReachesEveryPageAndEditsTheCellUnderTheCursor()
    {
        auto window = makeWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        const QList<qint64> ids = window->pool()->addSecrets({testKey(64)});
        const QStringList pages = window->pageIds();
        QVERIFY(pages.size() >= 5);
        for (int i = int(pages.size()) - 1; i >= 0; --i) {
            QTest::keyClick(window.get(), Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(window->currentPageId(), pages.at(i));
        }
        // F2 on the Group cell edits the group, not the label.
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible() && view->model()->rowCount() == 1);
        view->setFocus();
        view->setCurrentIndex(view->model()->index(0, KeyTableModel::GroupColumn));
        QTest::keyClick(view, Qt::Key_F2);
        auto* editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("project-x"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(window->pool()->key(ids.first())->group, QStringLiteral("project-x"));
        QCOMPARE(window->pool()->key(ids.first())->label, QString());

        // Tab in the label's editor keeps the label and goes on to edit the group: the text typed next is the
        // group's, never more of the label.
        view->setCurrentIndex(view->model()->index(0, KeyTableModel::LabelColumn));
        QTest::keyClick(view, Qt::Key_F2);
        editor = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("work"));
        QTest::keyClick(editor, Qt::Key_Tab);
        QTRY_COMPARE(window->pool()->key(ids.first())->label, QStringLiteral("work"));
        QCOMPARE(view->currentIndex().column(), int(KeyTableModel::GroupColumn));
        auto* next = qobject_cast<QLineEdit*>(QApplication::focusWidget());
        QVERIFY(next);
        QCOMPARE(next->text(), QStringLiteral("project-x")); // the group's editor, holding the group
        next->selectAll();
        QTest::keyClicks(next, QStringLiteral("project-y"));
        QTest::keyClick(next, Qt::Key_Return);
        QTRY_COMPARE(window->pool()->key(ids.first())->group, QStringLiteral("project-y"));
        QCOMPARE(window->pool()->key(ids.first())->label, QStringLiteral("work"));
    }

    void addKeyByHandValidatesTheShape()
    {
        auto window = makeWindow();
        QString problemShown;
        bool okEnabledForBadKey = true;
        const auto addKey = whenModal<AddKeyDialog>([&](AddKeyDialog* dialog) {
            auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("keyEdit"));
            auto* ok = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok);
            QTest::keyClicks(edit, QStringLiteral("AIza-too-short"));
            okEnabledForBadKey = ok->isEnabled();
            problemShown = dialog->findChild<QLabel*>(QStringLiteral("validationLabel"))->text();
            edit->clear();
            QTest::keyClicks(edit, testKey(70));
            dialog->findChild<QLineEdit*>(QStringLiteral("labelEdit"))->setText(QStringLiteral("by hand"));
            ok->click();
        });
        window->findChild<QPushButton*>(QStringLiteral("emptyAddButton"))->click();
        QVERIFY(addKey->handled() && !addKey->leftOpen());
        QVERIFY(!okEnabledForBadKey);
        QVERIFY(problemShown.contains(QStringLiteral("not a Gemini API key")));
        QCOMPARE(window->pool()->size(), 1);
        QCOMPARE(window->pool()->at(0).label, QStringLiteral("by hand"));
        const auto disk = keysOnDisk();
        QCOMPARE(disk.size(), size_t(1));
        QCOMPARE(disk.front().secret, testKey(70));
    }

    void checkReportsGooglesVerdict()
    {
        egb::test::FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setKeyBehavior(testKey(81), egb::test::FakeBehavior::of(egb::test::FakeBehavior::Kind::InvalidKey));
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        auto window = makeWindow();
        KeyPool* pool = window->pool();
        const QList<qint64> ids = pool->addSecrets({testKey(80), testKey(81), testKey(82)});
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        selectRows(view, {0, 1});
        action(window.get(), "actionCheck")->trigger();
        QTRY_COMPARE(pool->key(ids.at(1))->status, KeyStatus::Disabled);
        QTRY_COMPARE(pool->key(ids.at(0))->totalSuccesses, 1);
        QCOMPARE(pool->key(ids.at(2))->totalSuccesses, 0); // not selected, not checked
        QCOMPARE(server.callCount(testKey(82)), 0);
        QTRY_VERIFY(!window->findChild<QProgressBar*>(QStringLiteral("checkProgress"))->isVisible());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("1 key(s) work")));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("1 rejected")));
        // The two checks reach the Overview's history once each (through the pool, not counted twice).
        const MinuteCounts checked = window->history()->totals(pool->now());
        QCOMPARE(checked.success, 1);
        QCOMPARE(checked.keyInvalid, 1);
        QCOMPARE(checked.total(), 2);
        QTRY_COMPARE(view->model()->index(1, KeyTableModel::LastStatusColumn).data().toString(), QStringLiteral("400"));

        // A failure that is not the key's (the service is down) is said in the status bar, not hidden.
        server.setKeyBehavior(testKey(82), egb::test::FakeBehavior::httpStatus(503));
        selectRows(view, {2});
        action(window.get(), "actionCheck")->trigger();
        QTRY_VERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("The service answered:")));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("0 key(s) work")));
        // Server trouble is no verdict on the key: it is counted apart and the key keeps its health.
        QVERIFY2(
            window->statusBar()->currentMessage().contains(QStringLiteral("1 could not be checked (server trouble)")),
            qPrintable(window->statusBar()->currentMessage()));
        QVERIFY(!window->statusBar()->currentMessage().contains(QStringLiteral("rejected")));
        QCOMPARE(pool->key(ids.at(2))->weight, 1.0);
        QCOMPARE(pool->key(ids.at(2))->consecutiveFailures, 0);
        QCOMPARE(pool->key(ids.at(2))->status, KeyStatus::Active);

        // A long check can be stopped from the status bar; what was checked keeps its verdict.
        server.setDefaultBehavior(egb::test::FakeBehavior::ok({}, 200)); // each check takes a while
        QStringList many;
        for (int i = 0; i < 40; ++i)
            many << testKey(1000 + i);
        const QList<qint64> manyIds = pool->addSecrets(many);
        const int requestsBefore = server.requestCount();
        window->checkKeys(manyIds);
        auto* stop = window->findChild<QToolButton*>(QStringLiteral("checkStopButton"));
        QVERIFY(stop);
        QTRY_VERIFY(stop->isVisible());
        stop->click();
        QTRY_VERIFY(!stop->isVisible());
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("not checked")));
        QVERIFY(server.requestCount() - requestsBefore < 20); // not all 40 were sent
        qunsetenv("EGB_BASE_URL");
    }

    void chatAttemptsReachTheOverviewChart()
    {
        using egb::test::FakeBehavior;
        egb::test::FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setKeyBehavior(testKey(90), FakeBehavior::rateLimited());
        server.setKeyBehavior(testKey(91), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        server.setKeyBehavior(testKey(92), FakeBehavior::httpStatus(503));
        // testKey(93) answers (the default behaviour).
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        auto window = makeWindow();
        KeyPool* pool = window->pool();
        pool->setStrategy(SelectionStrategy::RoundRobin); // the keys in row order: one attempt of every class

        // The Chat page lists the models when it is first shown, through the same pool. Shown while the pool is
        // still empty, that listing ends without a request; with the keys already there, it raced the chat for
        // them (under load it took key 90 and then 93, and the chat's attempts no longer matched the server's).
        QVERIFY(window->showPage(QStringLiteral("chat")));
        auto* chat = window->findChild<ChatPage*>();
        QVERIFY(chat);
        auto* refreshModels = chat->findChild<QToolButton*>(QStringLiteral("refreshModelsButton"));
        QVERIFY(refreshModels);
        QTRY_VERIFY(refreshModels->isEnabled()); // the listing has ended
        QCOMPARE(server.requestCount(), 0);

        pool->addSecrets({testKey(90), testKey(91), testKey(92), testKey(93)});
        QVERIFY(window->showPage(QStringLiteral("overview")));
        QCOMPARE(seriesSum(*window, "successSeries"), 0.0);
        QVERIFY(window->showPage(QStringLiteral("chat")));
        QSignalSpy finished(chat, &ChatPage::answerFinished);
        chat->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->setPlainText(QStringLiteral("hello"));
        chat->send();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20'000);
        QCOMPARE(server.requestCount(), 4); // the chat's attempts and nothing else
        QCOMPARE(server.callCount(testKey(93)), 1);

        // What the person sees on the Overview: the chat's four attempts, each in its class.
        QVERIFY(window->showPage(QStringLiteral("overview")));
        QTRY_COMPARE(seriesSum(*window, "successSeries"), 1.0);
        QCOMPARE(seriesSum(*window, "rateLimitedSeries"), double(server.callCount(testKey(90))));
        QCOMPARE(seriesSum(*window, "keyInvalidSeries"), double(server.callCount(testKey(91))));
        QCOMPARE(seriesSum(*window, "serverErrorSeries"), double(server.callCount(testKey(92))));
        QCOMPARE(seriesSum(*window, "rateLimitedSeries"), 1.0);
        QCOMPARE(seriesSum(*window, "keyInvalidSeries"), 1.0);
        QCOMPARE(seriesSum(*window, "serverErrorSeries"), 1.0);
        qunsetenv("EGB_BASE_URL");
    }

    void quittingDuringABatchFinishesTheAnswersInFlightFirst()
    {
        // Ctrl+Q with four answers on their way: Cancel keeps the run going; "Finish and Quit" (the default)
        // sends nothing new and closes once the four are in and saved; nothing is paid twice on resume.
        egb::test::FakeGeminiServer server;
        QVERIFY(server.listen());
        server.setAnswerGate(1000); // every answer waits until the test lets them go
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        qint64 runId = 0;
        {
            auto window = makeWindow();
            window->pool()->addSecrets({testKey(60), testKey(61), testKey(62), testKey(63)});
            auto* page = window->findChild<BatchPage*>();
            QVERIFY(page);
            page->findChild<QSpinBox*>(QStringLiteral("concurrencySpin"))->setValue(4);
            QStringList prompts;
            for (int i = 0; i < 12; ++i)
                prompts << QStringLiteral("prompt %1").arg(i);
            page->setPrompts(prompts);
            QVERIFY(page->start());
            runId = page->currentRunId();
            QTRY_COMPARE(page->inFlightCount(), 4);

            MessageBox::setNextAnswer(QMessageBox::Cancel);
            QVERIFY(!window->close());
            QVERIFY(MessageBox::lastText().contains(QStringLiteral("4 answer")));
            QVERIFY(MessageBox::lastText().contains(QStringLiteral("on their way")));
            QVERIFY(page->isRunning() && !page->isPaused());

            MessageBox::setNextAnswer(QMessageBox::AcceptRole); // Finish and Quit
            QVERIFY(!window->close());
            QVERIFY(window->isVisible());
            QVERIFY(page->isPaused());
            server.setAnswerGate(0);
            QTRY_VERIFY(!window->isVisible());
            QCOMPARE(page->resultModel()->okCount(), 4);
        }
        int generates = 0;
        for (const auto& r : server.requests())
            generates += r.path.endsWith(QLatin1String(":generateContent")) ? 1 : 0;
        QCOMPARE(generates, 4); // nothing new was sent after the question
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("quitcheck"));
            db.setDatabaseName(m_dbPath);
            QVERIFY(db.open());
            BatchRunStore store;
            QVERIFY(store.open(QStringLiteral("quitcheck")));
            const auto run = store.run(runId);
            QVERIFY(run);
            QCOMPARE(run->ok, 4);
            QVERIFY(run->isResumable());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("quitcheck"));

        // Quit Now leaves at once, the answers in flight thrown away (they are sent again on resume).
        server.setAnswerGate(1000);
        auto window = makeWindow();
        auto* page = window->findChild<BatchPage*>();
        QVERIFY(page->resumeRun(runId));
        QTRY_VERIFY(page->inFlightCount() > 0);
        MessageBox::setNextAnswer(QMessageBox::DestructiveRole);
        QVERIFY(window->close());
        server.setAnswerGate(0);

        // Finish and Quit, then Resume before the answers are in: the person changed their mind. The next quit
        // asks again, and the window stays when the run ends.
        window.reset();
        server.setAnswerGate(1000);
        auto again = makeWindow();
        page = again->findChild<BatchPage*>();
        QVERIFY(page->resumeRun(runId));
        QTRY_VERIFY(page->inFlightCount() > 0);
        MessageBox::setNextAnswer(QMessageBox::AcceptRole); // Finish and Quit
        QVERIFY(!again->close());
        QVERIFY(page->isPaused());
        page->resume();
        QVERIFY(page->isRunning() && !page->isPaused());
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!again->close()); // asked again, and Cancel kept it
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("on their way")));
        server.setAnswerGate(0);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 20'000);
        QVERIFY(again->isVisible());
        qunsetenv("EGB_BASE_URL");
    }

    void settingsSurviveARestart()
    {
        {
            auto window = makeWindow();
            window->pool()->addSecrets({testKey(90)});
            window->resize(913, 587);
            QVERIFY(window->showPage(QStringLiteral("overview")));
            QHeaderView* header = window->keysPage()->view()->horizontalHeader();
            header->resizeSection(KeyTableModel::LabelColumn, 222);
            // Hide a column from the header's menu, as a person would.
            QVERIFY(window->showPage(QStringLiteral("keys")));
            QTimer::singleShot(50, this, [] {
                if (auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
                    for (QAction* a : menu->actions())
                        if (a->text() == QStringLiteral("Last error"))
                            a->trigger();
                    menu->close();
                }
            });
            Q_EMIT header->customContextMenuRequested(QPoint(10, 5));
            QVERIFY(header->isSectionHidden(KeyTableModel::LastErrorColumn));
            QVERIFY(window->showPage(QStringLiteral("overview")));
            window->close();
        }
        auto window = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QCOMPARE(window->currentPageId(), QStringLiteral("overview"));
        QCOMPARE(window->findChild<QStackedWidget*>(QStringLiteral("pages"))->currentWidget()->objectName(),
                 QStringLiteral("overviewPage"));
        QCOMPARE(window->size(), QSize(913, 587));
        QCOMPARE(window->keysPage()->view()->horizontalHeader()->sectionSize(KeyTableModel::LabelColumn), 222);
        QVERIFY(window->keysPage()->view()->horizontalHeader()->isSectionHidden(KeyTableModel::LastErrorColumn));
        QVERIFY(!window->keysPage()->view()->horizontalHeader()->isSectionHidden(KeyTableModel::LastUsedColumn));
        QCOMPARE(window->pool()->size(), 1); // and the keys, from the database
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
