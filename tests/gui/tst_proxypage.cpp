// The Proxy page of the real MainWindow over the real FakeGeminiServer: start on port 0, a token made on the page
// (shown once, listed by its hint), real HTTP requests through it with that token (the answer, the live row with the
// masked key), a wrong token (401, the pool untouched), Stop (connection refused), a busy port (a clear error), a
// non-loopback host (the warning), "start with the app" in a fresh window, the snippets, Remove (asks first), and
// quitting with a request in progress (cancelled).
#include "AccessTokenStore.h"
#include "AppContext.h"
#include "AppSettings.h"
#include "FakeGeminiServer.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ModalWatcher.h"
#include "NewTokenDialog.h"
#include "ProxyHost.h"
#include "ProxyPage.h"
#include "ProxyRequestModel.h"
#include "TestKeys.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace egb;
using namespace egb::test;

namespace {

const QByteArray GenerateBody = R"({"contents":[{"role":"user","parts":[{"text":"hello proxy page"}]}]})";

struct Answer
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

template <typename T>
T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QString::fromLatin1(name));
}

/// Every text the window shows (labels, fields, editors, lists, the live table), to look for a secret in.
QString everythingShown(QWidget* window)
{
    QStringList texts;
    for (auto* label : window->findChildren<QLabel*>())
        texts << label->text();
    for (auto* edit : window->findChildren<QLineEdit*>())
        texts << edit->text();
    for (auto* edit : window->findChildren<QPlainTextEdit*>())
        texts << edit->toPlainText();
    for (auto* tree : window->findChildren<QTreeWidget*>()) {
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            for (int c = 0; c < tree->columnCount(); ++c)
                texts << tree->topLevelItem(i)->text(c);
    }
    for (auto* view : window->findChildren<QTableView*>()) {
        const QAbstractItemModel* m = view->model();
        for (int r = 0; r < m->rowCount(); ++r)
            for (int c = 0; c < m->columnCount(); ++c)
                texts << m->index(r, c).data().toString();
    }
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TestProxyPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeGeminiServer m_server;
    QNetworkAccessManager m_nam;
    QStringList m_keys;
    int m_counter = 0;
    QString m_settingsFile;
    QString m_dbPath;

    /// The real window on this test's settings file and database, its requests going to the fake server, with three
    /// keys in the pool (added once per database).
    std::unique_ptr<MainWindow> makeWindow()
    {
        auto settings = std::make_unique<AppSettings>(m_settingsFile);
        settings->setBaseUrl(QUrl(m_server.baseUrl()));
        auto context = std::make_unique<AppContext>(std::move(settings));
        context->setCommandLineValue(QStringLiteral("db"), m_dbPath);
        auto window = std::make_unique<MainWindow>(std::move(context));
        if (window->pool()->size() == 0)
            window->pool()->addSecrets(m_keys);
        window->show();
        window->showPage(QStringLiteral("proxy"));
        return window;
    }

    static ProxyPage* page(MainWindow& window) { return window.proxyPage(); }

    /// Port 0 on the page, then Start.
    static bool startOnAnyPort(MainWindow& window)
    {
        ProxyPage* p = page(window);
        child<QSpinBox>(p, "proxyPort")->setValue(0);
        QTest::mouseClick(child<QPushButton>(p, "proxyStartStop"), Qt::LeftButton);
        return window.proxy()->isRunning();
    }

    /// Add… on the page: a label, Create, the token read from the dialog (the only place it shows), Close.
    static QString addTokenThroughThePage(MainWindow& window, const QString& label)
    {
        QString token;
        bool shownOnce = false;
        ModalWatcher<NewTokenDialog> watcher([&](NewTokenDialog* dialog) {
            child<QLineEdit>(dialog, "newTokenLabel")->setText(label);
            QTest::mouseClick(child<QPushButton>(dialog, "newTokenCreate"), Qt::LeftButton);
            auto* field = child<QLineEdit>(dialog, "newTokenField");
            token = field->text();
            shownOnce = field->isVisible() && field->isReadOnly();
            QTest::mouseClick(child<QPushButton>(dialog, "newTokenCopy"), Qt::LeftButton);
            QTest::mouseClick(child<QPushButton>(dialog, "newTokenClose"), Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(page(window), "proxyAddToken"), Qt::LeftButton);
        if (!watcher.handled() || watcher.leftOpen() || !shownOnce)
            return {};
        return token;
    }

    Answer send(const QString& address, const QString& token, const QString& path = {},
                const QByteArray& body = GenerateBody)
    {
        QNetworkRequest request(QUrl(
            address + (path.isEmpty() ? QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent") : path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("x-goog-api-key", token.toUtf8());
        QNetworkReply* reply = m_nam.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        Answer answer;
        if (finished.wait(15000)) {
            answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            answer.body = reply->readAll();
            answer.error = reply->error();
        }
        reply->deleteLater();
        return answer;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        isolateSettings(m_dir.filePath(QStringLiteral("config")), QStringLiteral("easy-gemini-balance-proxypage"));
        QVERIFY(m_server.listen());
        for (int i = 0; i < 3; ++i)
            m_keys << testKey(700 + i);
    }

    void init()
    {
        QSettings().clear();
        ++m_counter;
        m_settingsFile = m_dir.filePath(QStringLiteral("settings-%1.ini").arg(m_counter));
        m_dbPath = m_dir.filePath(QStringLiteral("keys-%1.db").arg(m_counter));
        m_server.release();
        m_server.clearKeyBehaviors();
        m_server.setDefaultBehavior(FakeBehavior::ok());
        m_server.clearRequests();
    }

    void pageIsInTheSidebarWithItsShortcut()
    {
        auto window = makeWindow();
        QVERIFY(window->pageIds().contains(QStringLiteral("proxy")));
        const int number = int(window->pageIds().indexOf(QStringLiteral("proxy"))) + 1;
        QVERIFY(number <= 9);
        window->showPage(QStringLiteral("keys"));
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QTest::keyClick(window.get(), Qt::Key(Qt::Key_0 + number), Qt::ControlModifier);
        QCOMPARE(window->currentPageId(), QStringLiteral("proxy"));
        // Stopped by default, on 127.0.0.1: the default is this computer only, and it does not start by itself.
        QVERIFY(!window->proxy()->isRunning());
        QCOMPARE(child<QLineEdit>(page(*window), "proxyHost")->text(), QStringLiteral("127.0.0.1"));
        QVERIFY(!child<QCheckBox>(page(*window), "proxyStartWithApp")->isChecked());
        QVERIFY(child<QLabel>(page(*window), "proxyExposedWarning")->isHidden());
    }

    void servesATokenHolderThroughThePoolAndShowsItLive()
    {
        auto window = makeWindow();
        ProxyPage* p = page(*window);
        QAbstractItemModelTester tester(p->requestModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY2(startOnAnyPort(*window), qPrintable(child<QLabel>(p, "proxyStatus")->text()));
        const QString address = child<QLineEdit>(p, "proxyAddress")->text();
        QCOMPARE(address, window->proxy()->address());
        QVERIFY2(address.startsWith(QStringLiteral("http://127.0.0.1:")) && !address.endsWith(QStringLiteral(":0")),
                 qPrintable(address));
        QVERIFY(child<QLabel>(p, "proxyStatus")->text().contains(address));
        QCOMPARE(child<QPushButton>(p, "proxyStartStop")->text().remove(QLatin1Char('&')), QStringLiteral("Stop"));
        // No token yet: the page says every caller is refused.
        QVERIFY(child<QLabel>(p, "proxyNotes")->isVisible());
        QVERIFY(child<QLabel>(p, "proxyNotes")->text().contains(QStringLiteral("No access tokens yet")));
        QTest::mouseClick(child<QPushButton>(p, "proxyCopyAddress"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), address);

        // A token made on the page: shown once in the dialog; the list shows its hint only.
        const QString token = addTokenThroughThePage(*window, QStringLiteral("page test"));
        QVERIFY2(token.startsWith(QStringLiteral("egb-")) && token.size() > 40, qPrintable(token));
        QCOMPARE(QGuiApplication::clipboard()->text(), token); // the dialog's Copy
        QGuiApplication::clipboard()->clear();
        auto* tokens = child<QTreeWidget>(p, "proxyTokens");
        QTRY_COMPARE(tokens->topLevelItemCount(), 1);
        QCOMPARE(tokens->topLevelItem(0)->text(0), QStringLiteral("page test"));
        QCOMPARE(tokens->topLevelItem(0)->text(1), AccessTokenStore::masked(token));
        QVERIFY(!everythingShown(window.get()).contains(token)); // never again, anywhere in the window
        QVERIFY(child<QLabel>(p, "proxyNotes")->isHidden());

        // A real request with that token: answered through the pool, one live row with the masked key.
        const Answer ok = send(address, token);
        QCOMPARE(ok.status, 200);
        const QJsonObject json = QJsonDocument::fromJson(ok.body).object();
        QVERIFY2(json.contains(QStringLiteral("candidates")), ok.body.constData());
        QCOMPARE(m_server.requestCount(), 1);
        const RecordedRequest upstream = m_server.requests().constFirst();
        QVERIFY(m_keys.contains(upstream.apiKey()));
        for (const QByteArray& value : upstream.headers) // the token never goes upstream
            QVERIFY(!value.contains(token.toUtf8()));
        QVERIFY(!upstream.target.contains(token.toUtf8()) && !upstream.body.contains(token.toUtf8()));
        ProxyRequestModel* model = p->requestModel();
        QTRY_VERIFY(model->rowCount() == 1 && model->record(0).finished);
        auto cell = [model](int column) { return model->index(0, column).data().toString(); };
        QCOMPARE(cell(ProxyRequestModel::MethodColumn), QStringLiteral("POST"));
        QCOMPARE(cell(ProxyRequestModel::PathColumn),
                 QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"));
        QCOMPARE(cell(ProxyRequestModel::ModelColumn), QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(cell(ProxyRequestModel::StatusColumn), QStringLiteral("200"));
        QCOMPARE(cell(ProxyRequestModel::AttemptsColumn), QStringLiteral("1"));
        const QString maskedKey = cell(ProxyRequestModel::KeyColumn);
        QVERIFY2(maskedKey.startsWith(QStringLiteral("AIza")) && maskedKey.contains(QChar(0x2026)),
                 qPrintable(maskedKey));
        QVERIFY(upstream.apiKey().endsWith(maskedKey.right(4)));
        const QString shown = everythingShown(window.get());
        for (const QString& key : std::as_const(m_keys))
            QVERIFY2(!shown.contains(key), "a full key is on the page");
        QVERIFY(!shown.contains(token));

        // A wrong token: 401 in Google's shape, nothing sent upstream, the pool's keys exactly as they were.
        QList<ApiKey> before;
        for (int i = 0; i < window->pool()->size(); ++i)
            before << window->pool()->at(i);
        const Answer refused = send(address, QStringLiteral("egb-not-a-token-of-ours-at-all-000000000000000"));
        QCOMPARE(refused.status, 401);
        QCOMPARE(QJsonDocument::fromJson(refused.body)
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code")),
                 QJsonValue(401));
        QCOMPARE(m_server.requestCount(), 1);
        for (int i = 0; i < window->pool()->size(); ++i)
            QVERIFY(window->pool()->at(i) == before.at(i));
        QTRY_VERIFY(model->rowCount() == 2 && model->record(0).finished);
        QCOMPARE(cell(ProxyRequestModel::StatusColumn), QStringLiteral("401"));
        QVERIFY(cell(ProxyRequestModel::KeyColumn).isEmpty());

        // Stop: nothing listens there any more.
        const quint16 port = window->proxy()->port();
        QTest::mouseClick(child<QPushButton>(p, "proxyStartStop"), Qt::LeftButton);
        QVERIFY(!window->proxy()->isRunning());
        QVERIFY(child<QLabel>(p, "proxyStatus")->text().startsWith(QStringLiteral("Stopped")));
        QTcpSocket probe;
        QSignalSpy failed(&probe, &QTcpSocket::errorOccurred);
        probe.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(failed.wait(5000));
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
        QCOMPARE(model->rowCount(), 2); // the requests seen stay on the page
    }

    void aBusyPortSaysWhatToDo()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        auto window = makeWindow();
        ProxyPage* p = page(*window);
        child<QSpinBox>(p, "proxyPort")->setValue(squatter.serverPort());
        QTest::mouseClick(child<QPushButton>(p, "proxyStartStop"), Qt::LeftButton);
        QVERIFY(!window->proxy()->isRunning());
        const QString status = child<QLabel>(p, "proxyStatus")->text();
        QVERIFY2(status.contains(QString::number(squatter.serverPort())) &&
                     status.contains(QStringLiteral("Choose another port")) && status.contains(QStringLiteral("0")),
                 qPrintable(status));
        QVERIFY(child<QLabel>(p, "proxyStatus")->isVisible());
        QCOMPARE(child<QPushButton>(p, "proxyStartStop")->text().remove(QLatin1Char('&')), QStringLiteral("Start"));
        // Another port works, and the error goes.
        child<QSpinBox>(p, "proxyPort")->setValue(0);
        QTest::mouseClick(child<QPushButton>(p, "proxyStartStop"), Qt::LeftButton);
        QVERIFY(window->proxy()->isRunning());
        QVERIFY(!child<QLabel>(p, "proxyStatus")->text().contains(QStringLiteral("Choose another port")));
    }

    void anotherAddressThanThisComputerShowsTheWarning()
    {
        auto window = makeWindow();
        ProxyPage* p = page(*window);
        auto* host = child<QLineEdit>(p, "proxyHost");
        auto* warning = child<QLabel>(p, "proxyExposedWarning");
        QVERIFY(warning->isHidden());
        host->setText(QStringLiteral("0.0.0.0"));
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(QStringLiteral("other computers can reach it")) &&
                     warning->text().contains(QStringLiteral("unencrypted")),
                 qPrintable(warning->text()));
        for (const QString& loopback :
             {QStringLiteral("127.0.0.1"), QStringLiteral("localhost"), QStringLiteral("::1")}) {
            host->setText(loopback);
            QVERIFY2(warning->isHidden(), qPrintable(loopback));
        }
        // Kept: the host typed is the one the next start (and the next window) uses.
        host->setText(QStringLiteral("192.168.1.20"));
        QVERIFY(warning->isVisible());
        QMetaObject::invokeMethod(host, "editingFinished");
        QCOMPARE(window->settings()->proxyHost(), QStringLiteral("192.168.1.20"));
    }

    void startsWithTheAppWhenChosen()
    {
        {
            auto window = makeWindow();
            QVERIFY(!window->proxy()->isRunning()); // off by default
            child<QSpinBox>(page(*window), "proxyPort")->setValue(0);
            auto* box = child<QCheckBox>(page(*window), "proxyStartWithApp");
            QTest::mouseClick(box, Qt::LeftButton, Qt::NoModifier, QPoint(4, box->height() / 2));
            QVERIFY(box->isChecked());
        }
        auto again = makeWindow();
        QVERIFY2(again->proxy()->isRunning(), qPrintable(child<QLabel>(page(*again), "proxyStatus")->text()));
        QVERIFY(child<QCheckBox>(page(*again), "proxyStartWithApp")->isChecked());
        QCOMPARE(child<QSpinBox>(page(*again), "proxyPort")->value(), 0);
        const QString address = again->proxy()->address();
        QVERIFY(child<QLabel>(page(*again), "proxyStatus")->text().contains(address));
        // And it serves: a token made by egb's store (the same table) is accepted.
        const auto created = again->proxy()->tokens()->add(QStringLiteral("cli"));
        QVERIFY(created);
        QCOMPARE(send(address, created->token).status, 200);
    }

    void snippetsCarryTheAddressAndNoRealToken()
    {
        auto window = makeWindow();
        ProxyPage* p = page(*window);
        QVERIFY(startOnAnyPort(*window));
        const QString address = window->proxy()->address();
        const QString token = addTokenThroughThePage(*window, QStringLiteral("snippets"));
        QVERIFY(!token.isEmpty());
        const QStringList ids{QStringLiteral("python"), QStringLiteral("javascript"), QStringLiteral("curl"),
                              QStringLiteral("openai")};
        for (const QString& id : ids) {
            const QString code = p->snippetText(id);
            QVERIFY2(code.contains(address), qPrintable(id + QStringLiteral(": ") + code));
            QVERIFY2(code.contains(QStringLiteral("YOUR_ACCESS_TOKEN")), qPrintable(id));
            QVERIFY2(!code.contains(token), qPrintable(id));
            QTest::mouseClick(child<QPushButton>(p, qPrintable(QStringLiteral("proxySnippetCopy_") + id)),
                              Qt::LeftButton);
            QCOMPARE(QGuiApplication::clipboard()->text(), code);
        }
        QVERIFY(p->snippetText(QStringLiteral("openai")).contains(address + QStringLiteral("/openai/v1")));
        QVERIFY(p->snippetText(QStringLiteral("python")).contains(QStringLiteral("genai.Client")));
        QVERIFY(p->snippetText(QStringLiteral("javascript")).contains(QStringLiteral("@google/genai")));
        QVERIFY(p->snippetText(QStringLiteral("curl")).contains(QStringLiteral("x-goog-api-key")));
        // The curl line works as written, with the token in place of the placeholder.
        QCOMPARE(send(address, token).status, 200);
    }

    void removeAsksFirstAndThenRefusesTheToken()
    {
        auto window = makeWindow();
        ProxyPage* p = page(*window);
        QVERIFY(startOnAnyPort(*window));
        const QString token = addTokenThroughThePage(*window, QStringLiteral("to remove"));
        QVERIFY(!token.isEmpty());
        auto* tokens = child<QTreeWidget>(p, "proxyTokens");
        QTRY_COMPARE(tokens->topLevelItemCount(), 1);
        tokens->setCurrentItem(tokens->topLevelItem(0));
        auto* remove = child<QPushButton>(p, "proxyRemoveToken");
        QVERIFY(remove->isEnabled());
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(MessageBox::lastText().contains(QStringLiteral("to remove")));
        QCOMPARE(tokens->topLevelItemCount(), 1);
        QCOMPARE(send(window->proxy()->address(), token).status, 200);
        MessageBox::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(tokens->topLevelItemCount(), 0);
        QCOMPARE(send(window->proxy()->address(), token).status, 401);
    }

    void tokensFollowTheDatabaseInUse()
    {
        auto window = makeWindow();
        QVERIFY(startOnAnyPort(*window));
        const auto first = window->proxy()->tokens()->add(QStringLiteral("first database"));
        QVERIFY(first);
        auto* tokens = child<QTreeWidget>(page(*window), "proxyTokens");
        QTRY_COMPARE(tokens->topLevelItemCount(), 1);
        QCOMPARE(send(window->proxy()->address(), first->token).status, 200);
        // Settings → another database: its tokens (none yet) are the ones that count, on the proxy still running.
        window->settings()->setDatabasePath(m_dir.filePath(QStringLiteral("other-%1.db").arg(m_counter)));
        QTRY_COMPARE(tokens->topLevelItemCount(), 0);
        QVERIFY(window->proxy()->isRunning());
        QCOMPARE(send(window->proxy()->address(), first->token).status, 401);
        if (window->pool()->size() == 0)
            window->pool()->addSecrets(m_keys); // the other database's pool
        const auto second = window->proxy()->tokens()->add(QStringLiteral("second database"));
        QVERIFY(second);
        QTRY_COMPARE(tokens->topLevelItemCount(), 1);
        QCOMPARE(send(window->proxy()->address(), second->token).status, 200);
    }

    void liveTableKeepsTheLastThousandNewestFirst()
    {
        ProxyRequestModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.cap(), 1000);
        for (quint64 id = 1; id <= 1005; ++id) {
            ProxyRequestRecord r;
            r.id = id;
            r.method = QStringLiteral("POST");
            model.requestStarted(r);
        }
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.record(0).id, quint64(1005));
        QCOMPARE(model.record(999).id, quint64(6));
        QCOMPARE(model.index(0, ProxyRequestModel::StatusColumn).data().toString(), QStringLiteral("running…"));
        ProxyRequestRecord done = model.record(0);
        done.finished = true;
        done.status = 200;
        done.attempts = 2;
        done.maskedKey = QStringLiteral("AIza…Xy12");
        done.latencyMs = 1234;
        model.requestFinished(done);
        QCOMPARE(model.rowCount(), 1000); // the same row, now ended
        QCOMPARE(model.index(0, ProxyRequestModel::StatusColumn).data().toString(), QStringLiteral("200"));
        QCOMPARE(model.index(0, ProxyRequestModel::AttemptsColumn).data().toString(), QStringLiteral("2"));
        QVERIFY(model.index(0, ProxyRequestModel::LatencyColumn).data().toString().contains(QStringLiteral("ms")));
        // A full key that reached a record by mistake is still shown masked.
        done.error = QStringLiteral("upstream said: bad key ") + m_keys.first();
        model.requestFinished(done);
        QVERIFY(!model.index(0, ProxyRequestModel::ErrorColumn).data().toString().contains(m_keys.first()));
    }

    void quittingWithARequestInProgressCancelsIt()
    {
        FakeBehavior held = FakeBehavior::streaming(3);
        held.holdAfterChunks = 1; // the stream waits until release(): the request is in progress when the app quits
        m_server.setDefaultBehavior(held);
        auto window = makeWindow();
        QVERIFY(startOnAnyPort(*window));
        const auto created = window->proxy()->tokens()->add();
        QVERIFY(created);
        QNetworkRequest request(QUrl(window->proxy()->address() +
                                     QStringLiteral("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("x-goog-api-key", created->token.toUtf8());
        std::unique_ptr<QNetworkReply> reply(m_nam.post(request, GenerateBody));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QSignalSpy aborted(&m_server, &FakeGeminiServer::clientAborted);
        ProxyRequestModel* model = page(*window)->requestModel();
        QTRY_VERIFY(model->rowCount() == 1 && m_server.inFlight() == 1);
        QVERIFY(!model->record(0).finished);
        QVERIFY(window->close());
        QVERIFY(!window->proxy()->isRunning());
        QVERIFY(finished.size() == 1 || finished.wait(10000)); // the caller is let go, not left hanging
        QVERIFY(aborted.size() == 1 || aborted.wait(10000));   // and the request to Google is stopped
        m_server.release();
    }
};

QTEST_MAIN(TestProxyPage)
#include "tst_proxypage.moc"
