#include "ConversationStore.h"

#include "ComponentSchema.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace egb {

namespace {

/// A write transaction holding the write lock from its start (BEGIN IMMEDIATE): with another process writing the
/// same file, it waits for the busy timeout instead of failing half-way when a read would turn into a write.
bool beginWrite(QSqlDatabase& db)
{
    QSqlQuery begin(db);
    return begin.exec(QStringLiteral("BEGIN IMMEDIATE")) || db.transaction();
}

/// A null QString binds as SQL NULL; the columns are NOT NULL with '' meaning "none".
QString notNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const ComponentSchema::Steps& chatSteps()
{
    static const ComponentSchema::Steps steps = {
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS conversations ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL DEFAULT '', "
                           "model TEXT NOT NULL DEFAULT '', system_instruction TEXT NOT NULL DEFAULT '', "
                           "temperature REAL NOT NULL DEFAULT 1.0, max_output_tokens INTEGER NOT NULL DEFAULT 0, "
                           "thinking_budget INTEGER NOT NULL DEFAULT -1, created_ms INTEGER NOT NULL DEFAULT 0, "
                           "updated_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS chat_messages ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                           "conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, "
                           "role TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL DEFAULT 0, "
                           "model TEXT NOT NULL DEFAULT '', key_masked TEXT NOT NULL DEFAULT '', "
                           "attempts INTEGER NOT NULL DEFAULT 0, attempt_note TEXT NOT NULL DEFAULT '', "
                           "latency_ms INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0, "
                           "candidates_tokens INTEGER NOT NULL DEFAULT 0, thoughts_tokens INTEGER NOT NULL DEFAULT 0, "
                           "total_tokens INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '', "
                           "finish_reason TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS chat_messages_by_conversation "
                           "ON chat_messages(conversation_id, id)"),
        },
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS chat_attachments ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                           "message_id INTEGER NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE, "
                           "position INTEGER NOT NULL DEFAULT 0, name TEXT NOT NULL DEFAULT '', "
                           "mime_type TEXT NOT NULL DEFAULT '', data BLOB NOT NULL, "
                           "file_uri TEXT NOT NULL DEFAULT '', file_project TEXT NOT NULL DEFAULT '', "
                           "file_expires_ms INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS chat_attachments_by_message "
                           "ON chat_attachments(message_id, position)"),
        },
    };
    return steps;
}

Conversation conversationFrom(const QSqlQuery& q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.model = q.value(2).toString();
    c.systemInstruction = q.value(3).toString();
    c.temperature = q.value(4).toDouble();
    c.maxOutputTokens = q.value(5).toInt();
    c.thinkingBudget = q.value(6).toInt();
    c.createdMs = q.value(7).toLongLong();
    c.updatedMs = q.value(8).toLongLong();
    return c;
}

const char* const ConversationColumns =
    "id, title, model, system_instruction, temperature, max_output_tokens, thinking_budget, created_ms, updated_ms";

} // namespace

ConversationStore::ConversationStore(QObject* parent)
    : QObject(parent)
{}

ConversationStore::~ConversationStore() = default;

bool ConversationStore::fail(const QString& what, const QString& sqlError) const
{
    m_lastError =
        tr("%1: %2. Check that the app's data folder is writable and the disk is not full.").arg(what, sqlError);
    return false;
}

bool ConversationStore::open(const QString& connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.isOpen())
        return fail(tr("Could not open the chat history"), tr("the database is not open"));
    QString error;
    if (!ComponentSchema::migrate(db, QStringLiteral("chat"), chatSteps(), &error))
        return fail(tr("Could not prepare the chat history"), error);
    QSqlQuery(db).exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    m_connection = connectionName;
    m_lastError.clear();
    Q_EMIT conversationsChanged(); // a reopened (or another) database: lists reload
    return true;
}

bool ConversationStore::isOpen() const
{
    return !m_connection.isEmpty() && QSqlDatabase::database(m_connection, false).isOpen();
}

QString ConversationStore::lastError() const
{
    return m_lastError;
}

QList<Conversation> ConversationStore::conversations() const
{
    QList<Conversation> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT %1 FROM conversations ORDER BY updated_ms DESC, id DESC")
                    .arg(QLatin1String(ConversationColumns)))) {
        fail(tr("Could not read the conversations"), q.lastError().text());
        return out;
    }
    while (q.next())
        out.append(conversationFrom(q));
    return out;
}

std::optional<Conversation> ConversationStore::conversation(qint64 id) const
{
    if (!isOpen())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM conversations WHERE id = ?").arg(QLatin1String(ConversationColumns)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return conversationFrom(q);
}

qint64 ConversationStore::create(const Conversation& conversation)
{
    if (!isOpen()) {
        fail(tr("Could not save the conversation"), tr("the database is not open"));
        return 0;
    }
    const qint64 now = nowMs();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO conversations (title, model, system_instruction, temperature, "
                             "max_output_tokens, thinking_budget, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?)"));
    q.addBindValue(notNull(conversation.title));
    q.addBindValue(notNull(conversation.model));
    q.addBindValue(notNull(conversation.systemInstruction));
    q.addBindValue(conversation.temperature);
    q.addBindValue(conversation.maxOutputTokens);
    q.addBindValue(conversation.thinkingBudget);
    q.addBindValue(conversation.createdMs > 0 ? conversation.createdMs : now);
    q.addBindValue(conversation.updatedMs > 0 ? conversation.updatedMs : now);
    if (!q.exec()) {
        fail(tr("Could not save the conversation"), q.lastError().text());
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    Q_EMIT conversationsChanged();
    return id;
}

bool ConversationStore::update(const Conversation& conversation)
{
    if (!isOpen())
        return fail(tr("Could not save the conversation"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE conversations SET title = ?, model = ?, system_instruction = ?, temperature = ?, "
                             "max_output_tokens = ?, thinking_budget = ?, updated_ms = ? WHERE id = ?"));
    q.addBindValue(notNull(conversation.title));
    q.addBindValue(notNull(conversation.model));
    q.addBindValue(notNull(conversation.systemInstruction));
    q.addBindValue(conversation.temperature);
    q.addBindValue(conversation.maxOutputTokens);
    q.addBindValue(conversation.thinkingBudget);
    q.addBindValue(nowMs());
    q.addBindValue(conversation.id);
    if (!q.exec())
        return fail(tr("Could not save the conversation"), q.lastError().text());
    if (q.numRowsAffected() != 1)
        return fail(tr("Could not save the conversation"), tr("it no longer exists"));
    Q_EMIT conversationsChanged();
    return true;
}

bool ConversationStore::rename(qint64 id, const QString& title)
{
    if (!isOpen())
        return fail(tr("Could not rename the conversation"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE conversations SET title = ? WHERE id = ?"));
    q.addBindValue(notNull(title.trimmed()));
    q.addBindValue(id);
    if (!q.exec())
        return fail(tr("Could not rename the conversation"), q.lastError().text());
    if (q.numRowsAffected() != 1)
        return fail(tr("Could not rename the conversation"), tr("it no longer exists"));
    Q_EMIT conversationsChanged();
    return true;
}

bool ConversationStore::remove(qint64 id)
{
    if (!isOpen())
        return fail(tr("Could not delete the conversation"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not delete the conversation"), db.lastError().text());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM chat_attachments WHERE message_id IN "
                             "(SELECT id FROM chat_messages WHERE conversation_id = ?)"));
    q.addBindValue(id);
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("DELETE FROM chat_messages WHERE conversation_id = ?"));
        q.addBindValue(id);
        ok = q.exec();
    }
    if (ok) {
        q.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
        q.addBindValue(id);
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QString error = ok ? db.lastError().text() : q.lastError().text();
        db.rollback();
        return fail(tr("Could not delete the conversation"), error);
    }
    Q_EMIT conversationsChanged();
    return true;
}

QList<ChatMessage> ConversationStore::messages(qint64 conversationId) const
{
    QList<ChatMessage> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, role, text, created_ms, model, key_masked, attempts, attempt_note, "
                             "latency_ms, prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens, error, "
                             "finish_reason FROM chat_messages WHERE conversation_id = ? ORDER BY id"));
    q.addBindValue(conversationId);
    if (!q.exec()) {
        fail(tr("Could not read the conversation"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        ChatMessage m;
        m.id = q.value(0).toLongLong();
        m.role = q.value(1).toString();
        m.text = q.value(2).toString();
        m.createdMs = q.value(3).toLongLong();
        m.model = q.value(4).toString();
        m.keyMasked = q.value(5).toString();
        m.attempts = q.value(6).toInt();
        m.attemptNote = q.value(7).toString();
        m.latencyMs = q.value(8).toLongLong();
        m.usage.promptTokens = q.value(9).toInt();
        m.usage.candidatesTokens = q.value(10).toInt();
        m.usage.thoughtsTokens = q.value(11).toInt();
        m.usage.totalTokens = q.value(12).toInt();
        m.error = q.value(13).toString();
        m.finishReason = q.value(14).toString();
        out.append(m);
    }
    QSqlQuery a(QSqlDatabase::database(m_connection, false));
    a.prepare(QStringLiteral("SELECT a.message_id, a.id, a.name, a.mime_type, a.data, a.file_uri, a.file_project, "
                             "a.file_expires_ms FROM chat_attachments a JOIN chat_messages m ON m.id = a.message_id "
                             "WHERE m.conversation_id = ? ORDER BY a.message_id, a.position, a.id"));
    a.addBindValue(conversationId);
    if (!a.exec()) {
        fail(tr("Could not read the conversation's attachments"), a.lastError().text());
        return out;
    }
    QHash<qint64, qsizetype> indexOf;
    for (qsizetype i = 0; i < out.size(); ++i)
        indexOf.insert(out.at(i).id, i);
    while (a.next()) {
        const auto it = indexOf.constFind(a.value(0).toLongLong());
        if (it == indexOf.constEnd())
            continue;
        ChatAttachment attachment;
        attachment.id = a.value(1).toLongLong();
        attachment.name = a.value(2).toString();
        attachment.mimeType = a.value(3).toString();
        attachment.data = a.value(4).toByteArray();
        attachment.fileUri = a.value(5).toString();
        attachment.fileProject = a.value(6).toString();
        attachment.fileExpiresMs = a.value(7).toLongLong();
        out[*it].attachments.append(attachment);
    }
    return out;
}

bool ConversationStore::insertAttachments(QSqlDatabase& db, qint64 messageId, const QList<ChatAttachment>& attachments,
                                          bool keepIds, QString* error)
{
    if (attachments.isEmpty())
        return true;
    QSqlQuery q(db);
    q.prepare(keepIds ? QStringLiteral("INSERT INTO chat_attachments (message_id, position, name, mime_type, data, "
                                       "file_uri, file_project, file_expires_ms, id) VALUES (?,?,?,?,?,?,?,?,?)")
                      : QStringLiteral("INSERT INTO chat_attachments (message_id, position, name, mime_type, data, "
                                       "file_uri, file_project, file_expires_ms) VALUES (?,?,?,?,?,?,?,?)"));
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        const ChatAttachment& attachment = attachments.at(i);
        q.addBindValue(messageId);
        q.addBindValue(int(i));
        q.addBindValue(notNull(attachment.name));
        q.addBindValue(notNull(attachment.mimeType));
        // A null QByteArray binds as NULL; the column is NOT NULL.
        q.addBindValue(attachment.data.isNull() ? QByteArray("") : attachment.data);
        q.addBindValue(notNull(attachment.fileUri));
        q.addBindValue(notNull(attachment.fileProject));
        q.addBindValue(attachment.fileExpiresMs);
        if (keepIds)
            q.addBindValue(attachment.id > 0 ? QVariant(attachment.id) : QVariant()); // NULL: a new id
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

qint64 ConversationStore::appendMessage(qint64 conversationId, const ChatMessage& m)
{
    if (!isOpen()) {
        fail(tr("Could not save the message"), tr("the database is not open"));
        return 0;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db)) {
        fail(tr("Could not save the message"), db.lastError().text());
        return 0;
    }
    const qint64 now = nowMs();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO chat_messages (conversation_id, role, text, created_ms, model, key_masked, "
                             "attempts, attempt_note, latency_ms, prompt_tokens, candidates_tokens, thoughts_tokens, "
                             "total_tokens, error, finish_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(conversationId);
    q.addBindValue(notNull(m.role));
    q.addBindValue(notNull(m.text));
    q.addBindValue(m.createdMs > 0 ? m.createdMs : now);
    q.addBindValue(notNull(m.model));
    q.addBindValue(notNull(m.keyMasked));
    q.addBindValue(m.attempts);
    q.addBindValue(notNull(m.attemptNote));
    q.addBindValue(m.latencyMs);
    q.addBindValue(m.usage.promptTokens);
    q.addBindValue(m.usage.candidatesTokens);
    q.addBindValue(m.usage.thoughtsTokens);
    q.addBindValue(m.usage.totalTokens);
    q.addBindValue(notNull(m.error));
    q.addBindValue(notNull(m.finishReason));
    if (!q.exec()) {
        const QString error = q.lastError().text();
        db.rollback();
        fail(tr("Could not save the message"), error);
        return 0;
    }
    const qint64 id = q.lastInsertId().toLongLong();
    QString attachmentError;
    if (!insertAttachments(db, id, m.attachments, false, &attachmentError)) {
        db.rollback();
        fail(tr("Could not save the message's attachments"), attachmentError);
        return 0;
    }
    QSqlQuery touch(db);
    touch.prepare(QStringLiteral("UPDATE conversations SET updated_ms = ? WHERE id = ?"));
    touch.addBindValue(now);
    touch.addBindValue(conversationId);
    if (!touch.exec() || touch.numRowsAffected() != 1 || !db.commit()) {
        const QString error = touch.lastError().isValid() && touch.lastError().type() != QSqlError::NoError
                                  ? touch.lastError().text()
                                  : tr("the conversation no longer exists");
        db.rollback();
        fail(tr("Could not save the message"), error);
        return 0;
    }
    Q_EMIT conversationsChanged();
    return id;
}

QList<qint64> ConversationStore::search(const QString& text) const
{
    QList<qint64> out;
    const QString needle = text.trimmed();
    if (!isOpen() || needle.isEmpty())
        return out;
    // instr() rather than LIKE: a % or _ in what the person types is a character, not a pattern.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT c.id FROM conversations c WHERE instr(lower(c.title), lower(?)) > 0 "
                             "OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id "
                             "AND instr(lower(m.text), lower(?)) > 0) "
                             "OR EXISTS (SELECT 1 FROM chat_messages m JOIN chat_attachments a ON a.message_id = m.id "
                             "WHERE m.conversation_id = c.id AND instr(lower(a.name), lower(?)) > 0) "
                             "ORDER BY c.updated_ms DESC, c.id DESC"));
    q.addBindValue(needle);
    q.addBindValue(needle);
    q.addBindValue(needle);
    if (!q.exec()) {
        fail(tr("Could not search the conversations"), q.lastError().text());
        return out;
    }
    while (q.next())
        out.append(q.value(0).toLongLong());
    return out;
}

bool ConversationStore::setAttachmentUpload(qint64 messageId, int position, const QString& fileUri,
                                            const QString& fileProject, qint64 fileExpiresMs)
{
    if (!isOpen())
        return fail(tr("Could not save the message's attachments"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE chat_attachments SET file_uri = ?, file_project = ?, file_expires_ms = ? "
                             "WHERE message_id = ? AND position = ?"));
    q.addBindValue(notNull(fileUri));
    q.addBindValue(notNull(fileProject));
    q.addBindValue(fileExpiresMs);
    q.addBindValue(messageId);
    q.addBindValue(position);
    if (!q.exec())
        return fail(tr("Could not save the message's attachments"), q.lastError().text());
    if (q.numRowsAffected() != 1)
        return fail(tr("Could not save the message's attachments"), tr("it no longer exists"));
    return true;
}

bool ConversationStore::removeMessage(qint64 messageId)
{
    if (!isOpen())
        return fail(tr("Could not delete the message"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not delete the message"), db.lastError().text());
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM chat_attachments WHERE message_id = ?"));
    q.addBindValue(messageId);
    bool ok = q.exec();
    if (ok) {
        q.prepare(QStringLiteral("DELETE FROM chat_messages WHERE id = ?"));
        q.addBindValue(messageId);
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QString error = ok ? db.lastError().text() : q.lastError().text();
        db.rollback();
        return fail(tr("Could not delete the message"), error);
    }
    return true;
}

QList<SavedConversation> ConversationStore::exportAll() const
{
    QList<SavedConversation> out;
    QList<Conversation> all = conversations();
    std::sort(all.begin(), all.end(), [](const Conversation& a, const Conversation& b) { return a.id < b.id; });
    out.reserve(all.size());
    for (const Conversation& c : std::as_const(all))
        out.append({c, messages(c.id)});
    return out;
}

bool ConversationStore::replaceAll(const QList<SavedConversation>& conversations)
{
    if (!isOpen())
        return fail(tr("Could not save the conversation"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!beginWrite(db))
        return fail(tr("Could not save the conversation"), db.lastError().text());
    QSqlQuery q(db);
    auto rollback = [&](const QString& error) {
        db.rollback();
        return fail(tr("Could not save the conversation"), error);
    };
    if (!q.exec(QStringLiteral("DELETE FROM chat_attachments")) ||
        !q.exec(QStringLiteral("DELETE FROM chat_messages")) || !q.exec(QStringLiteral("DELETE FROM conversations")))
        return rollback(q.lastError().text());
    QSqlQuery message(db);
    q.prepare(QStringLiteral("INSERT INTO conversations (id, title, model, system_instruction, temperature, "
                             "max_output_tokens, thinking_budget, created_ms, updated_ms) VALUES (?,?,?,?,?,?,?,?,?)"));
    message.prepare(QStringLiteral(
        "INSERT INTO chat_messages (id, conversation_id, role, text, created_ms, model, key_masked, attempts, "
        "attempt_note, latency_ms, prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens, error, "
        "finish_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const SavedConversation& saved : conversations) {
        const Conversation& c = saved.conversation;
        q.addBindValue(c.id);
        q.addBindValue(notNull(c.title));
        q.addBindValue(notNull(c.model));
        q.addBindValue(notNull(c.systemInstruction));
        q.addBindValue(c.temperature);
        q.addBindValue(c.maxOutputTokens);
        q.addBindValue(c.thinkingBudget);
        q.addBindValue(c.createdMs);
        q.addBindValue(c.updatedMs);
        if (!q.exec())
            return rollback(q.lastError().text());
        for (const ChatMessage& m : saved.messages) {
            message.addBindValue(m.id);
            message.addBindValue(c.id);
            message.addBindValue(notNull(m.role));
            message.addBindValue(notNull(m.text));
            message.addBindValue(m.createdMs);
            message.addBindValue(notNull(m.model));
            message.addBindValue(notNull(m.keyMasked));
            message.addBindValue(m.attempts);
            message.addBindValue(notNull(m.attemptNote));
            message.addBindValue(m.latencyMs);
            message.addBindValue(m.usage.promptTokens);
            message.addBindValue(m.usage.candidatesTokens);
            message.addBindValue(m.usage.thoughtsTokens);
            message.addBindValue(m.usage.totalTokens);
            message.addBindValue(notNull(m.error));
            message.addBindValue(notNull(m.finishReason));
            if (!message.exec())
                return rollback(message.lastError().text());
            QString attachmentError;
            if (!insertAttachments(db, m.id, m.attachments, true, &attachmentError))
                return rollback(attachmentError);
        }
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    m_lastError.clear();
    Q_EMIT conversationsChanged();
    return true;
}

QString ConversationStore::toMarkdown(const Conversation& c, const QList<ChatMessage>& messages)
{
    QString out;
    const QString title = c.title.isEmpty() ? tr("Conversation") : c.title;
    out += QStringLiteral("# %1\n\n").arg(title);
    // The models that answered (a failed turn's model, e.g. a typo, is not the conversation's); else the one chosen.
    QStringList answered;
    for (const ChatMessage& m : messages) {
        if (m.role != QLatin1String("user") && !m.isError() && !m.model.isEmpty() && !answered.contains(m.model))
            answered << m.model;
    }
    if (answered.size() > 1)
        out += QStringLiteral("*%1*\n\n").arg(tr("Models: %1").arg(answered.join(QStringLiteral(", "))));
    else if (!answered.isEmpty() || !c.model.isEmpty())
        out += QStringLiteral("*%1*\n\n").arg(tr("Model: %1").arg(answered.isEmpty() ? c.model : answered.first()));
    if (!c.systemInstruction.isEmpty())
        out += QStringLiteral("> **%1** %2\n\n")
                   .arg(tr("System instruction:"), QString(c.systemInstruction).replace(u'\n', QStringLiteral("\n> ")));
    for (const ChatMessage& m : messages) {
        const bool user = m.role == QLatin1String("user");
        out += QStringLiteral("## %1\n\n").arg(user ? tr("You") : tr("Gemini"));
        if (m.isError())
            out += QStringLiteral("> %1\n\n").arg(tr("Failed: %1").arg(m.error));
        if (!m.text.isEmpty())
            out += m.text + QStringLiteral("\n\n");
        for (const ChatAttachment& a : m.attachments)
            out += QStringLiteral("- %1\n").arg(
                tr("Attached: %1 (%2, %n byte(s))", nullptr, int(a.data.size())).arg(a.name, a.mimeType));
        if (!m.attachments.isEmpty())
            out += QStringLiteral("\n");
        if (!user && !m.keyMasked.isEmpty())
            out += QStringLiteral("<sub>%1%2</sub>\n\n")
                       .arg(m.model.isEmpty() ? QString() : m.model + QStringLiteral(" · "),
                            tr("key %1 · %n attempt(s) · %2 ms · %3 tokens", nullptr, m.attempts)
                                .arg(m.keyMasked)
                                .arg(m.latencyMs)
                                .arg(m.usage.totalTokens));
    }
    return out;
}

QJsonObject ConversationStore::toJson(const Conversation& c, const QList<ChatMessage>& messages)
{
    QJsonArray list;
    for (const ChatMessage& m : messages) {
        QJsonObject o{{QStringLiteral("role"), m.role},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("created_ms"), m.createdMs}};
        if (m.role != QLatin1String("user")) {
            o.insert(QStringLiteral("model"), m.model);
            o.insert(QStringLiteral("key"), m.keyMasked);
            o.insert(QStringLiteral("attempts"), m.attempts);
            if (!m.attemptNote.isEmpty())
                o.insert(QStringLiteral("attempt_note"), m.attemptNote);
            o.insert(QStringLiteral("latency_ms"), m.latencyMs);
            o.insert(QStringLiteral("usage"),
                     QJsonObject{{QStringLiteral("promptTokenCount"), m.usage.promptTokens},
                                 {QStringLiteral("candidatesTokenCount"), m.usage.candidatesTokens},
                                 {QStringLiteral("thoughtsTokenCount"), m.usage.thoughtsTokens},
                                 {QStringLiteral("totalTokenCount"), m.usage.totalTokens}});
            if (!m.finishReason.isEmpty())
                o.insert(QStringLiteral("finish_reason"), m.finishReason);
        }
        if (m.isError())
            o.insert(QStringLiteral("error"), m.error);
        if (!m.attachments.isEmpty()) {
            // What was attached, not the bytes: the export is for reading; the database keeps the files.
            QJsonArray attachments;
            for (const ChatAttachment& a : m.attachments) {
                QJsonObject entry{{QStringLiteral("name"), a.name},
                                  {QStringLiteral("mime_type"), a.mimeType},
                                  {QStringLiteral("bytes"), qint64(a.data.size())}};
                if (!a.fileUri.isEmpty())
                    entry.insert(QStringLiteral("file_uri"), a.fileUri);
                attachments.append(entry);
            }
            o.insert(QStringLiteral("attachments"), attachments);
        }
        list.append(o);
    }
    QJsonObject settings{{QStringLiteral("temperature"), c.temperature},
                         {QStringLiteral("max_output_tokens"), c.maxOutputTokens},
                         {QStringLiteral("thinking_budget"), c.thinkingBudget}};
    return QJsonObject{{QStringLiteral("title"), c.title},
                       {QStringLiteral("model"), c.model},
                       {QStringLiteral("system_instruction"), c.systemInstruction},
                       {QStringLiteral("settings"), settings},
                       {QStringLiteral("created_ms"), c.createdMs},
                       {QStringLiteral("updated_ms"), c.updatedMs},
                       {QStringLiteral("messages"), list}};
}

} // namespace egb
