#include "AsyncTest.h"
#include "AttachmentTray.h"
#include "ChatPage.h"
#include "ChatView.h"
#include "ClientSettings.h"
#include "ConversationStore.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "IsolatedSettings.h"
#include "KeyPool.h"
#include "MessageBox.h"
#include "ModalWatcher.h"
#include "ModelCatalog.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDropEvent>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextImageFormat>
#include <QToolButton>

#include <algorithm>

using namespace egb;
using namespace egb::test;

namespace {

/// A key-shaped test secret made at run time: "AIza" + 35 characters derived from n.
QString testKey(int n)
{
    return QStringLiteral("AIza") + QStringLiteral("%1").arg(n, 35, 10, QChar(u'0'));
}

/// The real chain a user's request takes: pool -> Dispatcher -> GeminiClient -> a local fake Gemini.
struct Rig
{
    FakeGeminiServer server;
    KeyPool pool;
    std::unique_ptr<GeminiClient> client;
    std::unique_ptr<Dispatcher> dispatcher;

    explicit Rig(int keys = 2)
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
        ds.initialDelayMs = 5;
        ds.maxDelayMs = 20;
        ds.randomSeed = 7;
        dispatcher = std::make_unique<Dispatcher>(&pool, client.get(), ds);
    }

    QList<RecordedRequest> streamRequests() const
    {
        QList<RecordedRequest> out;
        const auto all = server.requests();
        for (const RecordedRequest& r : all) {
            if (r.path.contains(QLatin1String(":streamGenerateContent")))
                out << r;
        }
        return out;
    }
};

QString viewText(ChatPage& page)
{
    return page.findChild<ChatView*>(QStringLiteral("chatView"))->toPlainText();
}

void type(ChatPage& page, const QString& text)
{
    auto* input = page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
    input->setPlainText(text);
}

} // namespace

class TestChatPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_db = 0;

    QString openDb(const QString& file)
    {
        const QString conn = QStringLiteral("chat%1").arg(++m_db);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), conn);
        db.setDatabaseName(file);
        [&] { QVERIFY(db.open()); }();
        return conn;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        isolateSettings(m_dir.filePath(QStringLiteral("config")), QStringLiteral("easy-gemini-balance-chatpage"));
    }

    // No test sees the model list an earlier one kept (a port of the fake server may come round again).
    void init() { QSettings().clear(); }

    void fitsAWindowOfNineHundredPixels()
    {
        Rig rig;
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QVERIFY2(page.minimumSizeHint().width() <= 700, qPrintable(QString::number(page.minimumSizeHint().width())));
    }

    void streamedTextAppearsBeforeTheStreamEnds()
    {
        Rig rig;
        FakeBehavior b = FakeBehavior::streaming(3, 0, QStringLiteral("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC"));
        b.holdAfterChunks = 2; // the last chunk waits until the test saw the first ones
        rig.server.setDefaultBehavior(b);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("tell me"));
        QTest::mouseClick(page.findChild<QPushButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(page.isBusy());
        QTRY_VERIFY(viewText(page).contains(QStringLiteral("AAAAAAAAAA")));
        QVERIFY(!viewText(page).contains(QStringLiteral("CCCCCCCCCC")));
        QCOMPARE(finished.size(), 0);
        QVERIFY(page.isBusy());
        rig.server.release();
        QVERIFY(finished.wait(10000));
        QVERIFY(!page.isBusy());
        const ChatMessage answer = finished.first().first().value<ChatMessage>();
        QCOMPARE(answer.text, QStringLiteral("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC"));
        QCOMPARE(answer.attempts, 1);
        QVERIFY(answer.keyMasked.startsWith(QStringLiteral("AIza")));
        QVERIFY(!answer.keyMasked.contains(testKey(1)) && !answer.keyMasked.contains(testKey(2)));
        // The quiet line under the answer: key (masked), attempts, latency, tokens.
        const QString text = viewText(page);
        QVERIFY(text.contains(QStringLiteral("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC")));
        QVERIFY(text.contains(answer.keyMasked));
        QVERIFY(text.contains(QStringLiteral("1 attempt")));
        QVERIFY(text.contains(QStringLiteral("tokens")));
        QVERIFY(!text.contains(testKey(1)) && !text.contains(testKey(2)));
    }

    void stopAbortsTheRequestAtOnce()
    {
        Rig rig;
        FakeBehavior b = FakeBehavior::streaming(4, 0, QStringLiteral("1111122222333334444455555"));
        b.holdAfterChunks = 1;
        rig.server.setDefaultBehavior(b);
        QSignalSpy aborted(&rig.server, &FakeGeminiServer::clientAborted);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        type(page, QStringLiteral("long story"));
        page.send();
        QTRY_VERIFY(viewText(page).contains(QStringLiteral("111112")));
        auto* stop = page.findChild<QPushButton*>(QStringLiteral("stopButton"));
        QVERIFY(stop->isEnabled());
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(!page.isBusy()); // at once, not when the server notices
        QVERIFY(page.findChild<QPushButton*>(QStringLiteral("sendButton"))->isEnabled());
        QVERIFY(aborted.size() > 0 || aborted.wait(5000)); // the server saw the connection close
        QCOMPARE(rig.server.inFlight(), 0);
        QVERIFY(viewText(page).contains(QStringLiteral("Stopped by you.")));
        QCOMPARE(page.messages().size(), 2);
        QCOMPARE(page.messages().last().text, QStringLiteral("111112"));
        // Releasing the held stream afterwards changes nothing on the page.
        rig.server.release();
        QTest::qWait(0);
        QCOMPARE(page.messages().size(), 2);
    }

    void escapeStopsTheAnswer()
    {
        Rig rig;
        FakeBehavior b = FakeBehavior::streaming(4, 0, QStringLiteral("1111122222333334444455555"));
        b.holdAfterChunks = 1;
        rig.server.setDefaultBehavior(b);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        page.show();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        auto* input = page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        input->setFocus();
        type(page, QStringLiteral("long story"));
        page.send();
        QTRY_VERIFY(viewText(page).contains(QStringLiteral("111112")));
        QVERIFY(page.isBusy());
        QTest::keyClick(input, Qt::Key_Escape);
        QVERIFY(!page.isBusy());
        QVERIFY(viewText(page).contains(QStringLiteral("Stopped by you.")));
        rig.server.release();
    }

    void rateLimitedKeyIsRotatedAndTheAttemptsLineSaysSo()
    {
        Rig rig(2);
        rig.server.enqueueAny(FakeBehavior::rateLimited(QStringLiteral("30s")));
        rig.server.setDefaultBehavior(FakeBehavior::streaming(2, 0, QStringLiteral("Answer after rotation")));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("hello"));
        page.send();
        QVERIFY(finished.wait(10000));
        const ChatMessage answer = finished.first().first().value<ChatMessage>();
        QVERIFY2(!answer.isError(), qPrintable(answer.error));
        QCOMPARE(answer.text, QStringLiteral("Answer after rotation"));
        QCOMPARE(answer.attempts, 2);
        const auto reqs = rig.streamRequests();
        QCOMPARE(reqs.size(), 2);
        QVERIFY(reqs.at(0).apiKey() != reqs.at(1).apiKey());
        const QString first = ApiKey::mask(reqs.at(0).apiKey());
        const QString second = ApiKey::mask(reqs.at(1).apiKey());
        QCOMPARE(answer.keyMasked, second);
        const QString expected =
            QStringLiteral("key %1 rate-limited, retried with %2")
                .arg(first.mid(first.indexOf(QChar(0x2026))), second.mid(second.indexOf(QChar(0x2026))));
        QCOMPARE(answer.attemptNote, expected);
        QVERIFY(viewText(page).contains(expected));
        QVERIFY(viewText(page).contains(QStringLiteral("2 attempt")));
    }

    void anotherRequestsRetriesAreNotShownInTheChat()
    {
        // The dispatcher is shared with the Batch page (and the proxy): a retry of their requests must not appear
        // under this page's answer; its own retry does.
        Rig rig(3);
        FakeBehavior held = FakeBehavior::streaming(3, 0, QStringLiteral("XXXXXXXXXXYYYYYYYYYYZZZZZZZZZZ"));
        held.holdAfterChunks = 1;
        rig.server.setDefaultBehavior(held);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        auto* view = page.findChild<ChatView*>(QStringLiteral("chatView"));
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("mine"));
        page.send();
        QTRY_VERIFY(viewText(page).contains(QStringLiteral("XXXXXXXXXX"))); // the chat's stream is at the server

        // Another face's request through the same dispatcher: a 500, retried.
        QSignalSpy attempts(rig.dispatcher.get(), &Dispatcher::attemptFinished);
        rig.server.enqueueAny(FakeBehavior::httpStatus(500));
        rig.server.enqueueAny(FakeBehavior::ok(QStringLiteral("theirs")));
        auto theirs = rig.dispatcher->generate(GenerateRequest::fromPrompt(QStringLiteral("theirs")));
        QTRY_VERIFY(std::any_of(attempts.cbegin(), attempts.cend(), [](const QList<QVariant>& args) {
            return args.first().value<AttemptRecord>().willRetry;
        }));
        view->flushAnswer();
        QVERIFY2(!viewText(page).contains(QStringLiteral("trying again")), qPrintable(viewText(page)));
        const auto done = awaitFor(std::move(theirs));
        QVERIFY(done && done->ok());

        rig.server.release();
        QVERIFY(finished.wait(10000));
        const ChatMessage answer = finished.first().first().value<ChatMessage>();
        QCOMPARE(answer.text, QStringLiteral("XXXXXXXXXXYYYYYYYYYYZZZZZZZZZZ"));
        QCOMPARE(answer.attempts, 1); // the other request's attempts are not counted as the chat's
    }

    void waitingForACoolingKeyIsShownWhileItHappens()
    {
        Rig rig(1);
        rig.server.enqueueAny(FakeBehavior::rateLimited(QStringLiteral("1s")));
        rig.server.setDefaultBehavior(FakeBehavior::streaming(1, 0, QStringLiteral("worth the wait")));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("hello"));
        page.send();
        QTRY_VERIFY_WITH_TIMEOUT(viewText(page).contains(QStringLiteral("Every key is cooling down")), 5000);
        QCOMPARE(finished.size(), 0);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<ChatMessage>().text, QStringLiteral("worth the wait"));
        QVERIFY(!viewText(page).contains(QStringLiteral("Every key is cooling down")));
    }

    void failureShowsGooglesMessageAndKeepsTheInput()
    {
        Rig rig;
        rig.server.setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::NotFound));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("what model are you?"));
        page.send();
        QVERIFY(finished.wait(10000));
        const ChatMessage answer = finished.first().first().value<ChatMessage>();
        QVERIFY(answer.isError());
        QVERIFY2(answer.error.contains(QStringLiteral("not found")), qPrintable(answer.error));
        QCOMPARE(page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->toPlainText(),
                 QStringLiteral("what model are you?"));
        QVERIFY(viewText(page).contains(QStringLiteral("not found")));
        QCOMPARE(rig.streamRequests().size(), 1); // a request fault is not retried
        // The failed exchange is not sent as history next time.
        rig.server.setDefaultBehavior(FakeBehavior::streaming(1));
        page.send();
        QVERIFY(finished.wait(10000));
        const QJsonObject body = QJsonDocument::fromJson(rig.streamRequests().last().body).object();
        QCOMPARE(body.value(QStringLiteral("contents")).toArray().size(), 1);
    }

    void enterSendsShiftEnterIsANewLine()
    {
        Rig rig;
        rig.server.setDefaultBehavior(FakeBehavior::streaming(1));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        auto* input = page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        QTest::keyClicks(input, QStringLiteral("line one"));
        QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(input, QStringLiteral("line two"));
        QCOMPARE(input->toPlainText(), QStringLiteral("line one\nline two"));
        QCOMPARE(finished.size(), 0);
        QVERIFY(!page.isBusy());
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(page.isBusy());
        QCOMPARE(input->toPlainText(), QString());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<ChatMessage>().text, QStringLiteral("Echo: line one\nline two"));
    }

    void historySystemInstructionAndSettingsAreSent()
    {
        Rig rig;
        rig.server.setDefaultBehavior(FakeBehavior::streaming(2));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        page.findChild<QPlainTextEdit*>(QStringLiteral("systemEdit"))->setPlainText(QStringLiteral("be brief"));
        page.findChild<QComboBox*>(QStringLiteral("modelCombo"))->setCurrentText(QStringLiteral("gemini-2.5-pro"));
        type(page, QStringLiteral("first"));
        page.send();
        QVERIFY(finished.wait(10000));
        type(page, QStringLiteral("second"));
        page.send();
        QVERIFY(finished.wait(10000));
        const RecordedRequest last = rig.streamRequests().last();
        QVERIFY(last.path.contains(QLatin1String("models/gemini-2.5-pro:streamGenerateContent")));
        const QJsonObject body = QJsonDocument::fromJson(last.body).object();
        const QJsonArray contents = body.value(QStringLiteral("contents")).toArray();
        QCOMPARE(contents.size(), 3);
        QCOMPARE(contents.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(contents.at(1).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("model"));
        QCOMPARE(contents.at(1)
                     .toObject()
                     .value(QStringLiteral("parts"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("text")),
                 QStringLiteral("Echo: first"));
        QCOMPARE(body.value(QStringLiteral("systemInstruction"))
                     .toObject()
                     .value(QStringLiteral("parts"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("text")),
                 QStringLiteral("be brief"));
        QVERIFY(body.value(QStringLiteral("generationConfig")).toObject().contains(QStringLiteral("temperature")));
    }

    void conversationsAreSavedReopenedRenamedExportedDeleted()
    {
        Rig rig;
        rig.server.setDefaultBehavior(FakeBehavior::streaming(2, 0, QStringLiteral("```cpp\nint x = 1;\n```")));
        const QString file = m_dir.filePath(QStringLiteral("chat.sqlite"));
        ConversationStore store;
        QVERIFY(store.open(openDb(file)));
        qint64 id = 0;
        {
            ChatPage page(rig.dispatcher.get(), &store, nullptr);
            QSignalSpy finished(&page, &ChatPage::answerFinished);
            type(page, QStringLiteral("show code"));
            page.send();
            QVERIFY(finished.wait(10000));
            id = page.currentConversationId();
            QVERIFY(id > 0);
            // The code block is rendered monospaced on a background.
            auto* view = page.findChild<ChatView*>(QStringLiteral("chatView"));
            bool styled = false;
            for (QTextBlock b = view->document()->begin(); b.isValid(); b = b.next()) {
                if (b.text().contains(QStringLiteral("int x = 1;")))
                    styled = b.blockFormat().background().style() != Qt::NoBrush &&
                             b.begin().fragment().charFormat().fontFixedPitch();
            }
            QVERIFY(styled);
        }
        // A new page on the same database lists and reopens it.
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        auto* list = page.findChild<QListWidget*>(QStringLiteral("conversationList"));
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("show code"));
        QVERIFY(page.openConversation(id));
        QCOMPARE(page.messages().size(), 2);
        QVERIFY(viewText(page).contains(QStringLiteral("int x = 1;")));
        QVERIFY(page.renameConversation(id, QStringLiteral("Code sample")));
        QCOMPARE(list->item(0)->text(), QStringLiteral("Code sample"));
        const QString md = m_dir.filePath(QStringLiteral("out.md"));
        const QString json = m_dir.filePath(QStringLiteral("out.json"));
        QVERIFY(page.exportConversation(id, md));
        QVERIFY(page.exportConversation(id, json));
        QFile mdFile(md);
        QVERIFY(mdFile.open(QIODevice::ReadOnly));
        const QString mdText = QString::fromUtf8(mdFile.readAll());
        QVERIFY(mdText.startsWith(QStringLiteral("# Code sample")));
        QVERIFY(mdText.contains(QStringLiteral("```cpp\nint x = 1;\n```")));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("messages")).toArray().size(), 2);
        QVERIFY(!QString::fromUtf8(QJsonDocument(o).toJson()).contains(testKey(1)));
        QString error;
        QVERIFY(!page.exportConversation(id, m_dir.filePath(QStringLiteral("no/such/dir/x.md")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(page.deleteConversation(id));
        QCOMPARE(list->count(), 0);
        QCOMPARE(page.currentConversationId(), 0);
        QVERIFY(store.conversations().isEmpty());
    }

    // Files go with a question as inline data: added by Attach (the same path as a file dialog), dropped on the
    // page, pasted as an image; one refused with why; taken off with Delete. They are shown as thumbnails, saved
    // with the question, sent again with the history, and reopen with the conversation. A failed answer gives them
    // back with the question.
    void attachmentsGoInlineAreShownAndReopen()
    {
        Rig rig;
        const QString file = m_dir.filePath(QStringLiteral("attach.sqlite"));
        ConversationStore store;
        QVERIFY(store.open(openDb(file)));
        QImage picture(64, 48, QImage::Format_RGB32);
        picture.fill(QColor(0x20, 0x80, 0xc0));
        const QString png = m_dir.filePath(QStringLiteral("cat.png"));
        QVERIFY(picture.save(png, "PNG"));
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        const QString markdown = m_dir.filePath(QStringLiteral("plan.md"));
        const QString binary = m_dir.filePath(QStringLiteral("blob.bin"));
        const QString empty = m_dir.filePath(QStringLiteral("empty.txt"));
        for (const auto& [path, bytes] :
             {std::pair{text, QByteArray("remember the milk\n")}, std::pair{markdown, QByteArray("# Plan\n- one\n")},
              std::pair{binary, QByteArray("\x00\x01\x02\xff\xfe binary", 13)}, std::pair{empty, QByteArray()}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        QFile pngFile(png);
        QVERIFY(pngFile.open(QIODevice::ReadOnly));
        const QByteArray pngBytes = pngFile.readAll();

        qint64 id = 0;
        {
            ChatPage page(rig.dispatcher.get(), &store, nullptr);
            page.show();
            auto* list = page.findChild<QListWidget*>(QStringLiteral("attachmentList"));
            auto* status = page.findChild<QLabel*>(QStringLiteral("chatStatus"));
            QVERIFY(list && status);
            QVERIFY(!list->isVisible()); // nothing attached: the tray is out of the way

            QCOMPARE(page.attachFiles({png, binary, empty, text}), 2);
            QVERIFY2(status->text().contains(QStringLiteral("blob.bin")) &&
                         status->text().contains(QStringLiteral("cannot read")),
                     qPrintable(status->text()));
            QVERIFY(status->text().contains(QStringLiteral("empty.txt")));
            QCOMPARE(list->count(), 2);
            QVERIFY(list->isVisible());

            // A file dropped on the page.
            QMimeData dropped;
            dropped.setUrls({QUrl::fromLocalFile(markdown)});
            QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&page, &enter);
            QVERIFY(enter.isAccepted());
            QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &dropped, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&page, &drop);
            QVERIFY2(drop.isAccepted(), qPrintable(status->text()));
            QCOMPARE(list->count(), 3);
            // An image pasted into the input.
            auto* mime = new QMimeData;
            mime->setImageData(picture);
            QGuiApplication::clipboard()->setMimeData(mime);
            page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->paste();
            QCOMPARE(list->count(), 4);
            QCOMPARE(page.pendingAttachments().last().mimeType, QStringLiteral("image/png"));
            QVERIFY(page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->toPlainText().isEmpty());
            // Delete takes the selected one off: the pasted image goes, the rest stay in order.
            list->setCurrentRow(3);
            QTest::keyClick(list, Qt::Key_Delete);
            QCOMPARE(list->count(), 3);
            const QList<ChatAttachment> pending = page.pendingAttachments();
            QCOMPARE(pending.at(0).name, QStringLiteral("cat.png"));
            QCOMPARE(pending.at(1).mimeType, QStringLiteral("text/plain"));
            QCOMPARE(pending.at(2).mimeType, QStringLiteral("text/markdown"));

            QSignalSpy finished(&page, &ChatPage::answerFinished);
            type(page, QStringLiteral("what are these?"));
            page.send();
            QVERIFY(finished.wait(10000));
            QVERIFY(page.pendingAttachments().isEmpty());
            QVERIFY(!list->isVisible());
            id = page.currentConversationId();
            auto partsOf = [](const RecordedRequest& r, int turn) {
                return QJsonDocument::fromJson(r.body)
                    .object()
                    .value(QLatin1String("contents"))
                    .toArray()
                    .at(turn)
                    .toObject()
                    .value(QLatin1String("parts"))
                    .toArray();
            };
            QJsonArray parts = partsOf(rig.streamRequests().last(), 0);
            QCOMPARE(parts.size(), 4);
            QCOMPARE(parts.at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("what are these?"));
            const QJsonObject image = parts.at(1).toObject().value(QLatin1String("inlineData")).toObject();
            QCOMPARE(image.value(QLatin1String("mimeType")).toString(), QStringLiteral("image/png"));
            QCOMPARE(QByteArray::fromBase64(image.value(QLatin1String("data")).toString().toLatin1()), pngBytes);
            QCOMPARE(QByteArray::fromBase64(parts.at(2)
                                                .toObject()
                                                .value(QLatin1String("inlineData"))
                                                .toObject()
                                                .value(QLatin1String("data"))
                                                .toString()
                                                .toLatin1()),
                     QByteArray("remember the milk\n"));

            // The transcript shows the picture (a thumbnail in the document) and names every file.
            auto* view = page.findChild<ChatView*>(QStringLiteral("chatView"));
            int images = 0;
            for (QTextBlock b = view->document()->begin(); b.isValid(); b = b.next()) {
                for (auto it = b.begin(); !it.atEnd(); ++it) {
                    const QTextImageFormat f = it.fragment().charFormat().toImageFormat();
                    if (f.isValid() &&
                        !view->document()->resource(QTextDocument::ImageResource, QUrl(f.name())).isNull())
                        ++images;
                }
            }
            QCOMPARE(images, 1);
            QVERIFY(viewText(page).contains(QStringLiteral("notes.txt")));
            QVERIFY(viewText(page).contains(QStringLiteral("plan.md")));

            // The next turn sends the files again with the history.
            type(page, QStringLiteral("and?"));
            page.send();
            QVERIFY(finished.wait(10000));
            parts = partsOf(rig.streamRequests().last(), 0);
            QCOMPARE(parts.size(), 4);
            QVERIFY(parts.at(1).toObject().contains(QLatin1String("inlineData")));

            // A failed answer gives the question back with its file.
            rig.server.enqueueAny(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
            QCOMPARE(page.attachFiles({text}), 1);
            type(page, QStringLiteral("this fails"));
            page.send();
            QVERIFY(finished.wait(10000));
            QVERIFY(finished.last().first().value<ChatMessage>().isError());
            QCOMPARE(page.pendingAttachments().size(), 1);
            QCOMPARE(page.pendingAttachments().first().name, QStringLiteral("notes.txt"));
        }
        // Reopened (a restart): the question has its files, the picture is shown again.
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        QVERIFY(page.openConversation(id));
        QCOMPARE(page.messages().first().attachments.size(), 3);
        QCOMPARE(page.messages().first().attachments.first().data, pngBytes);
        QVERIFY(viewText(page).contains(QStringLiteral("plan.md")));
        // Edit last takes the failed question back with its file.
        page.editLastMessage();
        QCOMPARE(page.pendingAttachments().size(), 1);
        QCOMPARE(page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"))->toPlainText(),
                 QStringLiteral("this fails"));
    }

    // Files past what one request carries inline go through the Files API: the largest is uploaded once (with a key
    // of one project), named by its URI in this and every later turn, and every request that names it goes with a
    // key of that project, though round robin would take the other project's keys in turn. The upload is saved with
    // the question: a reopened conversation names the file without uploading it again.
    void largeFilesGoThroughTheFilesApiAndStayInTheirProject()
    {
        Rig rig(4);
        rig.pool.setStrategy(SelectionStrategy::RoundRobin);
        for (int i = 0; i < 4; ++i) {
            const QString project = i % 2 == 0 ? QStringLiteral("project-a") : QStringLiteral("project-b");
            rig.server.setKeyProject(testKey(i + 1), project);
            rig.pool.setGroup(rig.pool.at(i).id, project);
        }
        ConversationStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("files.sqlite")))));
        ChatAttachment big;
        big.name = QStringLiteral("big.txt");
        big.mimeType = QStringLiteral("text/plain");
        big.data = QByteArray(GenerateRequest::MaxInlineBytes / 2 + 1, 'x');
        ChatAttachment bigger = big;
        bigger.name = QStringLiteral("bigger.txt");
        bigger.data = QByteArray(GenerateRequest::MaxInlineBytes / 2 + 2, 'y');

        qint64 id = 0;
        QString fileProject;
        {
            ChatPage page(rig.dispatcher.get(), &store, nullptr);
            page.findChild<AttachmentTray*>()->setAttachments({big, bigger});
            QSignalSpy finished(&page, &ChatPage::answerFinished);
            type(page, QStringLiteral("compare these"));
            page.send();
            QVERIFY(finished.wait(20000));
            QVERIFY2(!finished.last().first().value<ChatMessage>().isError(),
                     qPrintable(finished.last().first().value<ChatMessage>().error));
            id = page.currentConversationId();
            // Only the larger went up; the smaller fits inline beside it.
            const QList<FakeFile> files = rig.server.files();
            QCOMPARE(files.size(), 1);
            QCOMPARE(files.first().bytes, bigger.data);
            QCOMPARE(files.first().displayName, QStringLiteral("bigger.txt"));
            fileProject = files.first().project;
            for (int turn = 0; turn < 3; ++turn) {
                type(page, QStringLiteral("and now? %1").arg(turn));
                page.send();
                QVERIFY(finished.wait(20000));
                QVERIFY2(!finished.last().first().value<ChatMessage>().isError(),
                         qPrintable(finished.last().first().value<ChatMessage>().error));
            }
            QCOMPARE(rig.server.files().size(), 1); // uploaded once
            const QList<RecordedRequest> streams = rig.streamRequests();
            QCOMPARE(streams.size(), 4);
            for (const RecordedRequest& r : streams) {
                QCOMPARE(rig.server.projectOfKey(r.apiKey()), fileProject);
                const QJsonArray parts = QJsonDocument::fromJson(r.body)
                                             .object()
                                             .value(QLatin1String("contents"))
                                             .toArray()
                                             .at(0)
                                             .toObject()
                                             .value(QLatin1String("parts"))
                                             .toArray();
                QCOMPARE(parts.size(), 3);
                QCOMPARE(parts.at(1)
                             .toObject()
                             .value(QLatin1String("inlineData"))
                             .toObject()
                             .value(QLatin1String("mimeType")),
                         QJsonValue(QStringLiteral("text/plain")));
                QCOMPARE(
                    parts.at(2).toObject().value(QLatin1String("fileData")).toObject().value(QLatin1String("fileUri")),
                    QJsonValue(files.first().uri));
            }
            QCOMPARE(rig.server.fileAccessDenials(), 0);
        }
        // Reopened: the upload was saved with the question; the next turn names the file again.
        const QList<ChatMessage> saved = store.messages(id);
        QCOMPARE(saved.first().attachments.at(1).fileUri, rig.server.files().first().uri);
        QCOMPARE(saved.first().attachments.at(1).fileProject, fileProject);
        QVERIFY(saved.first().attachments.at(1).fileExpiresMs > QDateTime::currentMSecsSinceEpoch());
        QVERIFY(saved.first().attachments.at(0).fileUri.isEmpty());
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        QVERIFY(page.openConversation(id));
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("once more"));
        page.send();
        QVERIFY(finished.wait(20000));
        QVERIFY(!finished.last().first().value<ChatMessage>().isError());
        QCOMPARE(rig.server.files().size(), 1);
        QCOMPARE(rig.server.projectOfKey(rig.streamRequests().last().apiKey()), fileProject);
    }

    void regenerateAndEditTheLastQuestion()
    {
        // Issue 19: regenerate an answer, edit and resend a message.
        Rig rig;
        ConversationStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("regenerate.sqlite")))));
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        auto* regenerate = page.findChild<QPushButton*>(QStringLiteral("regenerateButton"));
        auto* editLast = page.findChild<QPushButton*>(QStringLiteral("editLastButton"));
        auto* input = page.findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
        QVERIFY(regenerate && editLast && input);
        QVERIFY(!regenerate->isEnabled() && !editLast->isEnabled()); // nothing asked yet
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        rig.server.enqueueAny(FakeBehavior::streaming(1, 0, QStringLiteral("first answer")));
        type(page, QStringLiteral("question one"));
        page.send();
        QVERIFY(finished.wait(10000));
        rig.server.enqueueAny(FakeBehavior::streaming(1, 0, QStringLiteral("second answer")));
        type(page, QStringLiteral("question two"));
        page.send();
        QVERIFY(finished.wait(10000));
        const qint64 id = page.currentConversationId();
        QCOMPARE(store.messages(id).size(), 4);

        // Regenerate: the last question again, its old answer replaced (in the view and the database).
        rig.server.enqueueAny(FakeBehavior::streaming(1, 0, QStringLiteral("better second answer")));
        QVERIFY(regenerate->isEnabled());
        QTest::mouseClick(regenerate, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(page.messages().size(), 4);
        QCOMPARE(page.messages().at(2).text, QStringLiteral("question two"));
        QCOMPARE(page.messages().at(3).text, QStringLiteral("better second answer"));
        QVERIFY(!viewText(page).contains(QStringLiteral("\nsecond answer")));
        QCOMPARE(store.messages(id).size(), 4);
        QCOMPARE(store.messages(id).at(3).text, QStringLiteral("better second answer"));
        // The request carried the first exchange as history, not the dropped answer.
        const QList<RecordedRequest> sent = rig.streamRequests();
        const QJsonArray contents =
            QJsonDocument::fromJson(sent.last().body).object().value(QStringLiteral("contents")).toArray();
        QCOMPARE(contents.size(), 3);

        // Edit: Up in the empty input takes the last question back; it and its answer leave.
        input->setFocus();
        input->clear();
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->toPlainText(), QStringLiteral("question two"));
        QCOMPARE(page.messages().size(), 2);
        QCOMPARE(store.messages(id).size(), 2);
        rig.server.enqueueAny(FakeBehavior::streaming(1, 0, QStringLiteral("edited answer")));
        input->setPlainText(QStringLiteral("question two, edited"));
        page.send();
        QVERIFY(finished.wait(10000));
        QCOMPARE(page.messages().size(), 4);
        QCOMPARE(store.messages(id).at(2).text, QStringLiteral("question two, edited"));
        // The Edit last button does the same.
        QTest::mouseClick(editLast, Qt::LeftButton);
        QCOMPARE(input->toPlainText(), QStringLiteral("question two, edited"));
        QCOMPARE(page.messages().size(), 2);
    }

    void conversationsCanBeSearched()
    {
        Rig rig;
        ConversationStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("search.sqlite")))));
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        for (const QString& q :
             {QStringLiteral("about cats"), QStringLiteral("about dogs"), QStringLiteral("100% sure?")}) {
            page.newConversation();
            type(page, q);
            page.send();
            QVERIFY(finished.wait(10000));
        }
        auto* list = page.findChild<QListWidget*>(QStringLiteral("conversationList"));
        auto* search = page.findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
        QVERIFY(search);
        QCOMPARE(list->count(), 3);
        search->setText(QStringLiteral("DOGS")); // the title, any case
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("about dogs"));
        search->setText(QStringLiteral("Echo: about")); // the answers' text (the fake server echoes)
        QCOMPARE(list->count(), 2);
        search->setText(QStringLiteral("%")); // a character, not a pattern
        QCOMPARE(list->count(), 1);
        search->setText(QStringLiteral("nowhere"));
        QCOMPARE(list->count(), 0);
        search->clear();
        QCOMPARE(list->count(), 3);
    }

    void aMessageAndACodeBlockCanBeCopied()
    {
        Rig rig;
        rig.server.setDefaultBehavior(
            FakeBehavior::streaming(1, 0, QStringLiteral("Here:\n\n```cpp\nint x = 1;\nint y = 2;\n```\n\nDone.")));
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("code please"));
        page.send();
        QVERIFY(finished.wait(10000));
        auto* view = page.findChild<ChatView*>(QStringLiteral("chatView"));
        const QString plain = view->document()->toPlainText();
        const int inCode = int(plain.indexOf(QStringLiteral("int y")));
        const int inText = int(plain.indexOf(QStringLiteral("Done.")));
        QVERIFY(inCode > 0 && inText > inCode);
        QCOMPARE(view->codeBlockAt(inCode), QStringLiteral("int x = 1;\nint y = 2;"));
        QVERIFY(view->codeBlockAt(inText).isEmpty());
        QVERIFY(view->copyCodeBlockAt(inCode));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("int x = 1;\nint y = 2;"));
        QCOMPARE(view->messageIndexAt(inText), 1);
        QCOMPARE(view->messageIndexAt(int(plain.indexOf(QStringLiteral("code please")))), 0);
        QVERIFY(view->copyMessage(1));
        QVERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("Here:")));
        QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("```cpp")));
    }

    void theLastConversationIsOpenAgainAtStart()
    {
        // Issue 19: every start showed an empty chat; the conversation used last is where the person left off.
        Rig rig;
        ConversationStore store;
        QVERIFY(store.open(openDb(m_dir.filePath(QStringLiteral("reopen.sqlite")))));
        qint64 older = 0, newer = 0;
        {
            ChatPage page(rig.dispatcher.get(), &store, nullptr);
            QCOMPARE(page.currentConversationId(), 0); // nothing saved yet: a new chat
            QSignalSpy finished(&page, &ChatPage::answerFinished);
            type(page, QStringLiteral("first topic"));
            page.send();
            QVERIFY(finished.wait(10000));
            older = page.currentConversationId();
            page.newConversation();
            type(page, QStringLiteral("second topic"));
            page.send();
            QVERIFY(finished.wait(10000));
            newer = page.currentConversationId();
            // Back to the first one and on with it: it becomes the one used last.
            QVERIFY(page.openConversation(older));
            type(page, QStringLiteral("more on the first"));
            page.send();
            QVERIFY(finished.wait(10000));
        }
        QVERIFY(older > 0 && newer > older);
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        QCOMPARE(page.currentConversationId(), older);
        QCOMPARE(page.messages().size(), 4);
        QVERIFY(viewText(page).contains(QStringLiteral("more on the first")));
        auto* list = page.findChild<QListWidget*>(QStringLiteral("conversationList"));
        QVERIFY(list->currentItem());
        QCOMPARE(list->currentItem()->data(Qt::UserRole).toLongLong(), older);
    }

    void aModelGoogleDoesNotKnowLeavesTheChoices()
    {
        // Issue 19: a mistyped model failed (404) and stayed in the list, and came back after every listing.
        Rig rig;
        rig.server.setModels({QStringLiteral("gemini-9-real")});
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        auto* combo = page.findChild<QComboBox*>(QStringLiteral("modelCombo"));
        combo->addItem(QStringLiteral("gemini-9-typo"));
        combo->setCurrentText(QStringLiteral("gemini-9-typo"));
        rig.server.enqueueAny(FakeBehavior::of(FakeBehavior::Kind::NotFound));
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("hello"));
        page.send();
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.first().first().value<ChatMessage>().isError());
        QVERIFY(!page.availableModels().contains(QStringLiteral("gemini-9-typo")));
        QCOMPARE(combo->currentText(), QStringLiteral("gemini-9-typo")); // still there to be corrected
        QSignalSpy refreshed(&page, &ChatPage::modelsRefreshed);
        page.refreshModels();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(page.availableModels(), QStringList{QStringLiteral("gemini-9-real")});
    }

    void deletingAConversationAsksAndDefaultsToNo()
    {
        Rig rig;
        const QString file = m_dir.filePath(QStringLiteral("chat-delete.sqlite"));
        ConversationStore store;
        QVERIFY(store.open(openDb(file)));
        ChatPage page(rig.dispatcher.get(), &store, nullptr);
        QSignalSpy finished(&page, &ChatPage::answerFinished);
        type(page, QStringLiteral("keep me"));
        page.send();
        QVERIFY(finished.wait(10000));
        const qint64 id = page.currentConversationId();
        QVERIFY(id > 0);
        auto* deleteButton = page.findChild<QPushButton*>(QStringLiteral("deleteButton"));
        // Enter on the question (its default button) keeps the conversation: deleting is never the default.
        QMessageBox::StandardButton defaultButton = QMessageBox::NoButton;
        {
            const auto question = egb::test::whenModal<QMessageBox>([&](QMessageBox* box) {
                defaultButton = box->standardButton(box->defaultButton());
                QTest::keyClick(box, Qt::Key_Return);
            });
            deleteButton->click();
            QVERIFY(question->handled());
        }
        QCOMPARE(defaultButton, QMessageBox::No);
        QCOMPARE(page.currentConversationId(), id);
        QCOMPARE(store.conversations().size(), 1);
        // Yes deletes it.
        MessageBox::setNextAnswer(QMessageBox::Yes);
        deleteButton->click();
        QVERIFY(!MessageBox::hasNextAnswer());
        QCOMPARE(page.currentConversationId(), 0);
        QVERIFY(store.conversations().isEmpty());
    }

    void modelsAreListedThroughAHealthyKey()
    {
        Rig rig;
        rig.server.setModels({QStringLiteral("gemini-9-test"), QStringLiteral("gemini-9-pro-test")});
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QCOMPARE(page.availableModels(), ChatPage::fallbackModels());
        QSignalSpy refreshed(&page, &ChatPage::modelsRefreshed);
        page.refreshModels();
        QVERIFY(refreshed.wait(10000));
        QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-test")));
        QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-pro-test")));
        // Kept for the next start.
        const ModelCatalog kept(rig.client->settings().baseUrl);
        QCOMPARE(kept.models(), (QStringList{QStringLiteral("gemini-9-test"), QStringLiteral("gemini-9-pro-test")}));
        QVERIFY(kept.isFresh(QDateTime::currentMSecsSinceEpoch()));
    }

    static int listCalls(const Rig& rig)
    {
        const auto all = rig.server.requests();
        return int(std::count_if(all.begin(), all.end(), [](const RecordedRequest& r) {
            return r.method == "GET" && r.path.endsWith(QLatin1String("/models"));
        }));
    }

    void aKeptModelListSpendsNoRequestAtStart()
    {
        // Issue 19: every start listed the models with a pool key. A list younger than a day is used as it is.
        Rig rig;
        rig.server.setModels({QStringLiteral("gemini-9-server")});
        ModelCatalog(rig.client->settings().baseUrl)
            .store({QStringLiteral("gemini-9-kept"), QStringLiteral("gemini-9-kept-pro")},
                   QDateTime::currentMSecsSinceEpoch() - 3600 * 1000);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-kept-pro")));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* refresh = page.findChild<QToolButton*>(QStringLiteral("refreshModelsButton"));
        QVERIFY(refresh);
        QVERIFY2(refresh->isEnabled(), "a listing was started although the kept list is fresh");
        QVERIFY(refresh->toolTip().contains(QStringLiteral("last listed")));
        // The refresh button still asks at once.
        QSignalSpy refreshed(&page, &ChatPage::modelsRefreshed);
        refresh->click();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(listCalls(rig), 1);
        QCOMPARE(page.availableModels().first(), QStringLiteral("gemini-9-server"));
    }

    void aStaleOrForeignModelListIsAskedForAgain()
    {
        Rig rig;
        rig.server.setModels({QStringLiteral("gemini-9-server")});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        ModelCatalog(rig.client->settings().baseUrl)
            .store({QStringLiteral("gemini-9-stale")}, now - ModelCatalog::MaxAgeMs - 1000);
        {
            ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
            QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-stale"))); // offered meanwhile
            QSignalSpy refreshed(&page, &ChatPage::modelsRefreshed);
            page.show();
            QVERIFY(refreshed.wait(10000));
            QCOMPARE(listCalls(rig), 1);
            QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-server")));
            QVERIFY(ModelCatalog(rig.client->settings().baseUrl).fetchedAtMs() >= now);
        }
        // A list kept for another server is not this one's.
        ModelCatalog(QUrl(QStringLiteral("http://127.0.0.1:1"))).store({QStringLiteral("gemini-9-elsewhere")}, now);
        const ModelCatalog mine(rig.client->settings().baseUrl);
        QVERIFY(!mine.isFresh(now));
        QVERIFY(mine.models().isEmpty());
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        QVERIFY(!page.availableModels().contains(QStringLiteral("gemini-9-elsewhere")));
        QSignalSpy refreshed(&page, &ChatPage::modelsRefreshed);
        page.show();
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(listCalls(rig), 2);
    }

    void aFailedListingKeepsTheLastGoodList()
    {
        Rig rig(0); // no key: the listing fails
        const qint64 stale = QDateTime::currentMSecsSinceEpoch() - ModelCatalog::MaxAgeMs - 1000;
        ModelCatalog(rig.client->settings().baseUrl).store({QStringLiteral("gemini-9-last")}, stale);
        ChatPage page(rig.dispatcher.get(), nullptr, nullptr);
        page.show();
        auto* refresh = page.findChild<QToolButton*>(QStringLiteral("refreshModelsButton"));
        QTRY_VERIFY_WITH_TIMEOUT(refresh->isEnabled(), 10000);
        QVERIFY(page.availableModels().contains(QStringLiteral("gemini-9-last")));
        QVERIFY2(refresh->toolTip().contains(QStringLiteral("Could not list")), qPrintable(refresh->toolTip()));
        const ModelCatalog kept(rig.client->settings().baseUrl);
        QCOMPARE(kept.models(), QStringList{QStringLiteral("gemini-9-last")});
        QCOMPARE(kept.fetchedAtMs(), stale);
    }
};

QTEST_MAIN(TestChatPage)
#include "tst_chatpage.moc"
