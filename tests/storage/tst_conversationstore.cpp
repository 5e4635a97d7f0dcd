#include "ConversationStore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

namespace {

ChatMessage msg(const QString& role, const QString& text = {})
{
    ChatMessage m;
    m.role = role;
    m.text = text;
    return m;
}

Conversation conv(const QString& title, qint64 ms = 0)
{
    Conversation c;
    c.title = title;
    c.createdMs = ms;
    c.updatedMs = ms;
    return c;
}

} // namespace

class TestConversationStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString m_conn;

    // A fresh database file on its own named connection, as KeyStore would hand out.
    QString openDb(const QString& file = {})
    {
        m_conn = QStringLiteral("tst_conv_%1").arg(++m_n);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_conn);
        db.setDatabaseName(file.isEmpty() ? m_dir.filePath(QStringLiteral("db%1.sqlite").arg(m_n)) : file);
        [&] { QVERIFY(db.open()); }();
        return m_conn;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // egb db copy: every conversation and message comes out with its id and goes back in as it was, in one
    // transaction.
    void exportAllAndReplaceAllKeepEverything()
    {
        ConversationStore store;
        QVERIFY2(store.open(openDb()), qPrintable(store.lastError()));
        Conversation c = conv(QStringLiteral("first"), 1000);
        c.model = QStringLiteral("gemini-2.5-pro");
        c.systemInstruction = QStringLiteral("Be brief.");
        c.temperature = 0.4;
        c.maxOutputTokens = 100;
        c.thinkingBudget = 0;
        const qint64 id = store.create(c);
        QVERIFY(id > 0);
        ChatMessage answer = msg(QStringLiteral("model"), QStringLiteral("yes"));
        answer.keyMasked = QStringLiteral("AIza…Xy12");
        answer.attempts = 2;
        answer.usage = TokenUsage{1, 2, 3, 6};
        answer.finishReason = QStringLiteral("STOP");
        QVERIFY(store.appendMessage(id, msg(QStringLiteral("user"), QStringLiteral("really?"))) > 0);
        QVERIFY(store.appendMessage(id, answer) > 0);
        QVERIFY(store.create(conv(QStringLiteral("second"), 2000)) > 0);
        const QList<SavedConversation> all = store.exportAll();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first().conversation.id, id);
        QCOMPARE(all.first().messages.size(), 2);
        QCOMPARE(all.first().messages.last().usage, answer.usage);

        ConversationStore other;
        QVERIFY2(other.open(openDb()), qPrintable(other.lastError()));
        QVERIFY(other.create(conv(QStringLiteral("to be replaced"))) > 0);
        QVERIFY2(other.replaceAll(all), qPrintable(other.lastError()));
        QCOMPARE(other.exportAll(), all);

        // A message id twice: the conversations stay as they were.
        QList<SavedConversation> broken = all;
        broken[1].messages = {all.first().messages.first()};
        QVERIFY(!other.replaceAll(broken));
        QVERIFY(!other.lastError().isEmpty());
        QCOMPARE(other.exportAll(), all);
    }

    // A question's files are kept with it, bytes and all, in order; they reopen, are found by name, copied with the
    // pool, and go when their message or conversation goes. A chat database of version 1 (before attachments) is
    // taken up with its messages.
    void attachmentsAreSavedWithTheirQuestion()
    {
        const QString file = m_dir.filePath(QStringLiteral("attachments.sqlite"));
        qint64 oldId = 0;
        {
            const QString conn = openDb(file);
            QSqlQuery q(QSqlDatabase::database(conn));
            // What version 1 made: the two tables and the component row, no chat_attachments.
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE egb_schema (component TEXT PRIMARY KEY, version INTEGER)")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE conversations (id INTEGER PRIMARY KEY AUTOINCREMENT, title "
                                          "TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '', "
                                          "system_instruction TEXT NOT NULL DEFAULT '', temperature REAL NOT NULL "
                                          "DEFAULT 1.0, max_output_tokens INTEGER NOT NULL DEFAULT 0, thinking_budget "
                                          "INTEGER NOT NULL DEFAULT -1, created_ms INTEGER NOT NULL DEFAULT 0, "
                                          "updated_ms INTEGER NOT NULL DEFAULT 0)")));
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE chat_messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER NOT NULL "
                "REFERENCES conversations(id) ON DELETE CASCADE, role TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', "
                "created_ms INTEGER NOT NULL DEFAULT 0, model TEXT NOT NULL DEFAULT '', key_masked TEXT NOT NULL "
                "DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, attempt_note TEXT NOT NULL DEFAULT '', latency_ms "
                "INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0, candidates_tokens INTEGER NOT "
                "NULL DEFAULT 0, thoughts_tokens INTEGER NOT NULL DEFAULT 0, total_tokens INTEGER NOT NULL DEFAULT 0, "
                "error TEXT NOT NULL DEFAULT '', finish_reason TEXT NOT NULL DEFAULT '')")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO egb_schema VALUES ('chat', 1)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO conversations (title) VALUES ('old')")));
            oldId = q.lastInsertId().toLongLong();
            QVERIFY(q.exec(QStringLiteral("INSERT INTO chat_messages (conversation_id, role, text) VALUES (%1, "
                                          "'user', 'from before')")
                               .arg(oldId)));
            QSqlDatabase::database(conn).close();
        }
        const QString conn = openDb(file);
        ConversationStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        QCOMPARE(store.messages(oldId).size(), 1);
        QCOMPARE(store.messages(oldId).first().text, QStringLiteral("from before"));
        QVERIFY(store.messages(oldId).first().attachments.isEmpty());

        const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        ChatAttachment image{0, QStringLiteral("cat.png"), QStringLiteral("image/png"), png, {}, {}, 0};
        ChatAttachment pdf{0,
                           QStringLiteral("report.pdf"),
                           QStringLiteral("application/pdf"),
                           QByteArray("%PDF-1.4 ..."),
                           QStringLiteral("https://x.test/v1beta/files/f1"),
                           QStringLiteral("project-a"),
                           123456};
        const qint64 id = store.create(conv(QStringLiteral("pictures")));
        ChatMessage question = msg(QStringLiteral("user"), QStringLiteral("what is this?"));
        question.attachments = {image, pdf};
        const qint64 questionId = store.appendMessage(id, question);
        QVERIFY2(questionId > 0, qPrintable(store.lastError()));
        const qint64 answerId = store.appendMessage(id, msg(QStringLiteral("model"), QStringLiteral("a cat")));
        QVERIFY(answerId > 0);

        QList<ChatMessage> read = store.messages(id);
        QCOMPARE(read.size(), 2);
        QCOMPARE(read.at(0).attachments.size(), 2);
        QCOMPARE(read.at(0).attachments.at(0).name, QStringLiteral("cat.png"));
        QCOMPARE(read.at(0).attachments.at(0).data, png);
        QVERIFY(read.at(0).attachments.at(0).isImage());
        QCOMPARE(read.at(0).attachments.at(1).fileUri, pdf.fileUri);
        QCOMPARE(read.at(0).attachments.at(1).fileProject, QStringLiteral("project-a"));
        QCOMPARE(read.at(0).attachments.at(1).fileExpiresMs, 123456);
        QVERIFY(read.at(1).attachments.isEmpty());

        QCOMPARE(store.search(QStringLiteral("REPORT.pdf")), QList<qint64>{id});
        const QString markdown = ConversationStore::toMarkdown(conv(QStringLiteral("pictures")), read);
        QVERIFY2(markdown.contains(QStringLiteral("cat.png (image/png, 16 byte")), qPrintable(markdown));
        const QJsonArray files = ConversationStore::toJson(conv(QStringLiteral("pictures")), read)
                                     .value(QLatin1String("messages"))
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value(QLatin1String("attachments"))
                                     .toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files.at(0).toObject().value(QLatin1String("bytes")).toInt(), 16);

        // Copied with the pool, ids and bytes as they were.
        const QList<SavedConversation> all = store.exportAll();
        ConversationStore other;
        QVERIFY2(other.open(openDb()), qPrintable(other.lastError()));
        QVERIFY2(other.replaceAll(all), qPrintable(other.lastError()));
        QCOMPARE(other.exportAll(), all);

        QSqlQuery count(QSqlDatabase::database(conn));
        auto attachmentRows = [&] {
            return count.exec(QStringLiteral("SELECT COUNT(*) FROM chat_attachments")) && count.next()
                       ? count.value(0).toInt()
                       : -1;
        };
        QCOMPARE(attachmentRows(), 2);
        QVERIFY(store.removeMessage(questionId));
        QCOMPARE(attachmentRows(), 0);
        question.attachments = {image};
        QVERIFY(store.appendMessage(id, question) > 0);
        QCOMPARE(attachmentRows(), 1);
        QVERIFY(store.remove(id));
        QCOMPARE(attachmentRows(), 0);
    }

    void createsTablesBesideOthersAndReopens()
    {
        const QString file = m_dir.filePath(QStringLiteral("shared.sqlite"));
        {
            const QString conn = openDb(file);
            // Another component's table and user_version already in the file: both must survive.
            QSqlQuery q(QSqlDatabase::database(conn));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE keys (id INTEGER PRIMARY KEY, secret TEXT)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            ConversationStore store;
            QVERIFY2(store.open(conn), qPrintable(store.lastError()));
            Conversation c;
            c.title = QStringLiteral("First");
            c.model = QStringLiteral("gemini-2.5-flash");
            c.systemInstruction = QStringLiteral("be brief");
            c.temperature = 0.3;
            c.maxOutputTokens = 512;
            c.thinkingBudget = 0;
            const qint64 id = store.create(c);
            QVERIFY(id > 0);
            ChatMessage u = msg(QStringLiteral("user"), QStringLiteral("hi"));
            QVERIFY(store.appendMessage(id, u) > 0);
            ChatMessage m;
            m.role = QStringLiteral("model");
            m.text = QStringLiteral("**hello**\n\n```cpp\nint x;\n```");
            m.keyMasked = QStringLiteral("AIza…Xy12");
            m.attempts = 2;
            m.attemptNote = QStringLiteral("key …Ab34 rate-limited, retried with …Xy12");
            m.latencyMs = 42;
            m.usage = TokenUsage{3, 5, 0, 8};
            m.finishReason = QStringLiteral("STOP");
            QVERIFY(store.appendMessage(id, m) > 0);
            QSqlDatabase::database(conn).close();
        }
        // Reopen the same file on a new connection: everything is there, schema not recreated.
        const QString conn = openDb(file);
        QSqlQuery q(QSqlDatabase::database(conn));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        ConversationStore store;
        QVERIFY2(store.open(conn), qPrintable(store.lastError()));
        const auto list = store.conversations();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().title, QStringLiteral("First"));
        QCOMPARE(list.first().temperature, 0.3);
        QCOMPARE(list.first().maxOutputTokens, 512);
        QCOMPARE(list.first().thinkingBudget, 0);
        const auto msgs = store.messages(list.first().id);
        QCOMPARE(msgs.size(), 2);
        QCOMPARE(msgs.at(0).role, QStringLiteral("user"));
        QCOMPARE(msgs.at(1).attempts, 2);
        QCOMPARE(msgs.at(1).attemptNote, QStringLiteral("key …Ab34 rate-limited, retried with …Xy12"));
        QCOMPARE(msgs.at(1).usage, (TokenUsage{3, 5, 0, 8}));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM keys")) && q.next());
    }

    void renameDeleteAndOrder()
    {
        const QString conn = openDb();
        ConversationStore store;
        QVERIFY(store.open(conn));
        QSignalSpy changed(&store, &ConversationStore::conversationsChanged);
        Conversation a = conv(QStringLiteral("A"), 1000);
        Conversation b = conv(QStringLiteral("B"), 2000);
        const qint64 ida = store.create(a);
        const qint64 idb = store.create(b);
        QCOMPARE(store.conversations().first().id, idb);
        // A new message moves the conversation to the top.
        QVERIFY(store.appendMessage(ida, msg(QStringLiteral("user"), QStringLiteral("x"))));
        QCOMPARE(store.conversations().first().id, ida);
        QVERIFY(store.rename(ida, QStringLiteral("  Renamed  ")));
        QCOMPARE(store.conversation(ida)->title, QStringLiteral("Renamed"));
        QVERIFY(store.remove(ida));
        QVERIFY(!store.conversation(ida).has_value());
        QVERIFY(store.messages(ida).isEmpty());
        QCOMPARE(store.conversations().size(), 1);
        QVERIFY(changed.size() >= 5);
        // A message for a conversation that is gone is refused, not orphaned.
        QCOMPARE(store.appendMessage(ida, msg(QStringLiteral("user"))), 0);
        QVERIFY(!store.lastError().isEmpty());
        QVERIFY(!store.rename(ida, QStringLiteral("ghost")));
    }

    void closedDatabaseIsAnErrorNotACrash()
    {
        ConversationStore store;
        QVERIFY(!store.open(QStringLiteral("no-such-connection")));
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(store.create(Conversation{}), 0);
        QVERIFY(store.conversations().isEmpty());
    }

    void theMarkdownHeaderNamesTheModelsThatAnswered()
    {
        // Issue 19: the export's header named the model chosen last, though it only failed (a typo, a 404).
        Conversation c;
        c.title = QStringLiteral("Models");
        c.model = QStringLiteral("gemini-9-typo");
        QList<ChatMessage> msgs;
        msgs.append(msg(QStringLiteral("user"), QStringLiteral("one")));
        ChatMessage good = msg(QStringLiteral("model"), QStringLiteral("answer one"));
        good.model = QStringLiteral("gemini-9-good");
        good.keyMasked = QStringLiteral("AIza…Xy12");
        msgs.append(good);
        msgs.append(msg(QStringLiteral("user"), QStringLiteral("two")));
        ChatMessage failed = msg(QStringLiteral("model"), QString());
        failed.model = QStringLiteral("gemini-9-typo");
        failed.error = QStringLiteral("models/gemini-9-typo is not found");
        msgs.append(failed);
        QString md = ConversationStore::toMarkdown(c, msgs);
        const QString header = md.section(QStringLiteral("## "), 0, 0);
        QVERIFY2(header.contains(QStringLiteral("Model: gemini-9-good")) && !header.contains(QStringLiteral("typo")),
                 qPrintable(header));
        QVERIFY(md.contains(QStringLiteral("<sub>gemini-9-good · key AIza…Xy12")));
        // Two models answered: both are named, in order.
        ChatMessage other = good;
        other.model = QStringLiteral("gemini-9-other");
        msgs.append(other);
        md = ConversationStore::toMarkdown(c, msgs);
        QVERIFY2(
            md.section(QStringLiteral("## "), 0, 0).contains(QStringLiteral("Models: gemini-9-good, gemini-9-other")),
            qPrintable(md));
        // Nothing answered yet: the model chosen.
        md = ConversationStore::toMarkdown(c, {msgs.first()});
        QVERIFY(md.contains(QStringLiteral("Model: gemini-9-typo")));
    }

    void exportsMarkdownAndJson()
    {
        Conversation c{.title = QStringLiteral("Sky"),
                       .model = QStringLiteral("gemini-2.5-pro"),
                       .systemInstruction = QStringLiteral("be brief")};
        QList<ChatMessage> msgs;
        msgs.append(msg(QStringLiteral("user"), QStringLiteral("Why is the sky blue?")));
        ChatMessage m = msg(QStringLiteral("model"), QStringLiteral("Rayleigh `scattering`."));
        m.keyMasked = QStringLiteral("AIza…Xy12");
        m.attempts = 1;
        m.usage.totalTokens = 9;
        msgs.append(m);
        const QString md = ConversationStore::toMarkdown(c, msgs);
        QVERIFY(md.startsWith(QStringLiteral("# Sky\n")));
        QVERIFY(md.contains(QStringLiteral("be brief")));
        QVERIFY(md.indexOf(QStringLiteral("Why is the sky blue?")) <
                md.indexOf(QStringLiteral("Rayleigh `scattering`.")));
        QVERIFY(md.contains(QStringLiteral("AIza…Xy12")));
        const QJsonObject o = ConversationStore::toJson(c, msgs);
        QCOMPARE(o.value(QStringLiteral("model")).toString(), QStringLiteral("gemini-2.5-pro"));
        const QJsonArray arr = o.value(QStringLiteral("messages")).toArray();
        QCOMPARE(arr.size(), 2);
        QCOMPARE(arr.at(1).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("AIza…Xy12"));
        QCOMPARE(arr.at(1)
                     .toObject()
                     .value(QStringLiteral("usage"))
                     .toObject()
                     .value(QStringLiteral("totalTokenCount"))
                     .toInt(),
                 9);
    }
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversationstore.moc"
