// A key is a secret in the window too: the app is driven through an import (duplicates, junk, glued and broken
// keys), a key check with invalid and leaked keys (one server quotes the key back), and a chat with a failing key,
// with Qt's logging at its most verbose. Then every model behind every item view (display, edit, tooltip, status
// tip, what's this, accessible text), every widget's text, title, tooltip and status tip, every action, the status
// bar, the clipboard and the log are searched: no full key, nor any 12-character piece of one, unless the row was
// revealed (and then exactly that key, in its own cell).
#include "ChatView.h"
#include "FakeGeminiServer.h"
#include "ImportController.h"
#include "ImportResultDialog.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "MainWindow.h"
#include "TestKeys.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

#include <memory>

using namespace egb;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;
using egb::test::testKey;

namespace {

constexpr int PieceLength = 12;

QMutex logMutex;
QString logText;
QtMessageHandler previousHandler = nullptr;

void collectLog(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&logMutex);
        logText += QString::fromLatin1(context.category ? context.category : "") + u' ' + message + u'\n';
    }
    if (type != QtDebugMsg && type != QtInfoMsg && previousHandler) // keep the test's output readable
        previousHandler(type, context, message);
}

void addModelTexts(const QAbstractItemModel* model, const QModelIndex& parent, QStringList& out)
{
    static const int roles[] = {Qt::DisplayRole,
                                Qt::EditRole,
                                Qt::ToolTipRole,
                                Qt::StatusTipRole,
                                Qt::WhatsThisRole,
                                Qt::AccessibleTextRole,
                                Qt::AccessibleDescriptionRole};
    for (int row = 0; row < model->rowCount(parent); ++row) {
        for (int column = 0; column < model->columnCount(parent); ++column) {
            const QModelIndex index = model->index(row, column, parent);
            for (const int role : roles)
                out << index.data(role).toString();
            if (column == 0 && model->hasChildren(index))
                addModelTexts(model, index, out);
        }
    }
    for (int column = 0; column < model->columnCount(parent); ++column) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
            out << model->headerData(column, Qt::Horizontal, role).toString();
    }
}

/// Everything the app could show a person right now (visible or not): widgets, models, actions, status bar.
QStringList everythingShown()
{
    QStringList out;
    QSet<const QAbstractItemModel*> models;
    const QList<QWidget*> widgets = QApplication::allWidgets();
    for (QWidget* w : widgets) {
        out << w->windowTitle() << w->toolTip() << w->statusTip() << w->whatsThis() << w->accessibleName()
            << w->accessibleDescription();
        if (auto* label = qobject_cast<QLabel*>(w))
            out << label->text();
        if (auto* button = qobject_cast<QAbstractButton*>(w))
            out << button->text();
        if (auto* edit = qobject_cast<QLineEdit*>(w))
            out << edit->text() << edit->placeholderText();
        if (auto* edit = qobject_cast<QPlainTextEdit*>(w))
            out << edit->toPlainText();
        if (auto* edit = qobject_cast<QTextEdit*>(w))
            out << edit->toPlainText() << edit->toHtml();
        if (auto* box = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < box->count(); ++i)
                out << box->itemText(i);
        }
        if (auto* bar = qobject_cast<QStatusBar*>(w))
            out << bar->currentMessage();
        if (auto* bar = qobject_cast<QProgressBar*>(w))
            out << bar->text();
        if (auto* group = qobject_cast<QGroupBox*>(w))
            out << group->title();
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                out << tabs->tabText(i) << tabs->tabToolTip(i);
        }
        if (auto* view = qobject_cast<QAbstractItemView*>(w)) {
            // The view's model and, behind a proxy, the source model: a filtered-out row is still in memory.
            for (const QAbstractItemModel* model = view->model(); model;) {
                models.insert(model);
                auto* proxy = qobject_cast<const QAbstractProxyModel*>(model);
                model = proxy ? proxy->sourceModel() : nullptr;
            }
        }
        for (QAction* action : w->actions())
            out << action->text() << action->toolTip() << action->statusTip() << action->whatsThis();
    }
    for (const QAbstractItemModel* model : std::as_const(models))
        addModelTexts(model, {}, out);
    return out;
}

} // namespace

class TestKeyVisibility : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_keys;

    /// The keys (whole, or a 12-character piece after "AIza") found in `text`.
    QStringList leaksIn(const QString& text) const
    {
        QStringList found;
        for (const QString& key : m_keys) {
            for (qsizetype at = 4; at + PieceLength <= key.size(); ++at) {
                if (text.contains(QStringView(key).mid(at, PieceLength))) {
                    found << key;
                    break;
                }
            }
        }
        return found;
    }

    /// Every shown text that holds a key, as "key <- text".
    QStringList leaksShown() const
    {
        QStringList leaks;
        for (const QString& text : everythingShown()) {
            for (const QString& key : leaksIn(text))
                leaks << key + QStringLiteral(" <- ") + text.left(200);
        }
        return leaks;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        egb::test::isolateSettings(m_dir.filePath(QStringLiteral("config")),
                                   QStringLiteral("easy-gemini-balance-keyvisibility"));
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.qpa.*=false\nqt.widgets.*=false"));
        previousHandler = qInstallMessageHandler(collectLog);
        for (int i = 0; i < 10; ++i)
            m_keys << testKey(9000 + i);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void noFullKeyUnlessRevealed()
    {
        FakeGeminiServer server;
        QVERIFY(server.listen());
        qputenv("EGB_BASE_URL", server.baseUrl().toUtf8());
        auto window = std::make_unique<MainWindow>(m_dir.filePath(QStringLiteral("keys.db")));
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));

        // Import: six keys, a duplicate, junk, a glued key, a cut and an overlong one.
        QByteArray text;
        for (int i = 0; i < 6; ++i)
            text += m_keys.at(i).toLatin1() + '\n';
        text += m_keys.at(2).toLatin1() + "\nhello\ntoken=x" + m_keys.at(8).toLatin1() + "yz\n" +
                m_keys.at(9).left(30).toLatin1() + '\n' + m_keys.at(9).toLatin1() + "QQ\n";
        const QString file = m_dir.filePath(QStringLiteral("keys.txt"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        window->importController()->importFiles({file});
        ImportResultDialog* result = nullptr;
        QTRY_VERIFY((result = window->importController()->resultDialog()) && result->isVisible());
        QCOMPARE(window->pool()->size(), 6);
        QStringList leaks = leaksShown(); // with the import's report open
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        result->close();

        // Check: an invalid key whose error quotes the key, a leaked key, a rate-limited key.
        FakeBehavior invalid = FakeBehavior::of(FakeBehavior::Kind::InvalidKey);
        invalid.message = QStringLiteral("API key not valid: {key}. Please pass a valid API key.");
        server.setKeyBehavior(m_keys.at(1), invalid);
        server.setKeyBehavior(m_keys.at(2), FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
        server.setKeyBehavior(m_keys.at(3), FakeBehavior::rateLimited(QStringLiteral("3600s")));
        QList<qint64> ids;
        for (int row = 0; row < window->pool()->size(); ++row)
            ids << window->pool()->at(row).id;
        window->checkKeys(ids);
        QTRY_VERIFY(window->statusBar()->currentMessage().startsWith(QStringLiteral("Check done")));
        QCOMPARE(window->pool()->stats().disabled, 2);
        QVERIFY(window->pool()->find(ids.at(1))->disabledReason.contains(QStringLiteral("API key not valid")));

        // Chat: the first attempt fails with a message that quotes the key, the next key answers.
        FakeBehavior echo = FakeBehavior::of(FakeBehavior::Kind::Unauthenticated);
        echo.message = QStringLiteral("Request with key={key} had invalid authentication credentials.");
        server.enqueueAny(echo);
        QVERIFY(window->showPage(QStringLiteral("chat")));
        auto* input = window->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        QVERIFY(input);
        input->setPlainText(QStringLiteral("hello there"));
        QTest::mouseClick(window->findChild<QPushButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
        auto* chat = window->findChild<ChatView*>(QStringLiteral("chatView"));
        QTRY_VERIFY(chat->toPlainText().contains(QStringLiteral("Echo: hello there")));
        QVERIFY(server.requestCount() >= 8);

        QVERIFY(window->showPage(QStringLiteral("overview")));
        leaks = leaksShown();
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        QVERIFY(window->showPage(QStringLiteral("keys")));
        leaks = leaksShown();
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));
        // The table shows every key, masked: a full one would have been found.
        const QStringList shown = everythingShown();
        for (int i = 0; i < 6; ++i)
            QVERIFY2(shown.contains(ApiKey::mask(m_keys.at(i))), qPrintable(ApiKey::mask(m_keys.at(i))));

        // Reveal one row: exactly that key appears, in full, in its own cell; nothing else.
        QTableView* view = window->keysPage()->view();
        QTRY_VERIFY(view->isVisible());
        const QModelIndex keyCell = view->model()->index(4, KeyTableModel::KeyColumn);
        const QString revealed = m_keys.value(m_keys.indexOf(keyCell.data().toString()), QString());
        QVERIFY(revealed.isEmpty()); // masked before
        view->selectionModel()->select(keyCell, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view->setCurrentIndex(keyCell);
        window->findChild<QAction*>(QStringLiteral("actionReveal"))->trigger();
        const QString full = keyCell.data().toString();
        QVERIFY(m_keys.contains(full));
        QSet<QString> keysShown;
        for (const QString& t : everythingShown()) {
            for (const QString& key : leaksIn(t)) {
                keysShown.insert(key);
                QVERIFY2(t == full, qPrintable(t.left(200))); // the cell's own text, nothing around it
            }
        }
        QCOMPARE(keysShown, QSet<QString>{full});
        window->findChild<QAction*>(QStringLiteral("actionReveal"))->trigger();
        leaks = leaksShown();
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u'\n')));

        // The key went in the x-goog-api-key header only, never in a request's target.
        for (const auto& request : server.requests()) {
            QVERIFY2(leaksIn(QString::fromLatin1(request.target)).isEmpty(), request.target.constData());
            QVERIFY(!request.target.contains("key="));
            QVERIFY(m_keys.contains(request.apiKey()));
        }

        // Nothing reached the clipboard, and nothing the app logged holds a key.
        QVERIFY(leaksIn(QApplication::clipboard()->text()).isEmpty());
        QString log;
        {
            QMutexLocker lock(&logMutex);
            log = logText;
        }
        QVERIFY2(log.contains(QStringLiteral("qt.")), "Qt's debug logging was not on");
        const QStringList logged = leaksIn(log);
        QVERIFY2(logged.isEmpty(), qPrintable(logged.join(u' ')));
        qunsetenv("EGB_BASE_URL");
    }
};

QTEST_MAIN(TestKeyVisibility)
#include "tst_keyvisibility.moc"
