#pragma once

#include "Outcome.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace egb {

/// One saved chat: its settings and its title. Messages are stored apart (ChatMessage).
struct Conversation
{
    qint64 id = 0; ///< database row id; 0 until saved
    QString title;
    QString model;
    QString systemInstruction;
    double temperature = 1.0;
    int maxOutputTokens = 0; ///< 0 = the model's default
    int thinkingBudget = -1; ///< -1 = automatic, 0 = off
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    bool operator==(const Conversation&) const = default;
};

/// A file sent with a question: an image, a PDF, a text file. Kept with the conversation (the bytes too), so it
/// reopens and goes with the history of later turns. `fileUri` is set when it went through the Files API instead of
/// inline: the file lives in `fileProject` (the project of the key that uploaded it) until `fileExpiresMs`.
struct ChatAttachment
{
    qint64 id = 0;
    QString name;     ///< the file's name, without its folder
    QString mimeType; ///< as sent to Gemini, e.g. "image/png"
    QByteArray data;
    QString fileUri;
    QString fileProject;
    qint64 fileExpiresMs = 0;
    bool isImage() const { return mimeType.startsWith(QLatin1String("image/")); }
    bool operator==(const ChatAttachment&) const = default;
};

/// One turn of a conversation. Model turns carry how they were served; keys only ever masked.
struct ChatMessage
{
    qint64 id = 0;
    QString role; ///< "user" or "model"
    QString text;
    qint64 createdMs = 0;
    // --- how a model answer was served (empty for user turns) ---
    QString model;
    QString keyMasked;   ///< "AIza…Xy12" of the key that served it
    int attempts = 0;    ///< attempts it took, the successful one included
    QString attemptNote; ///< e.g. "key …Xy12 rate-limited, retried with …Ab34"
    qint64 latencyMs = 0;
    TokenUsage usage;
    QString error;                     ///< non-empty: this turn failed (Google's message)
    QString finishReason;              ///< "STOP", "MAX_TOKENS", "cancelled", ...
    QList<ChatAttachment> attachments; ///< files sent with a question, in order
    bool isError() const { return !error.isEmpty(); }
    bool operator==(const ChatMessage&) const = default;
};

/// A conversation with every message, as copied from one database to another (ConversationStore::exportAll).
struct SavedConversation
{
    Conversation conversation;
    QList<ChatMessage> messages; ///< oldest first
    bool operator==(const SavedConversation&) const = default;
};

/// Saves conversations in the app's SQLite file (the KeyStore's connection, see KeyStore::connectionName()).
///
/// Its tables (`conversations`, `chat_messages`, `chat_attachments`) are created and migrated by this class in its own
/// versioned step: the version lives in the table `egb_schema` under the component name "chat", so it never touches the
/// key store's `PRAGMA user_version`. Every call commits before it returns. Errors are values: a failed call returns
/// false / 0 / empty and lastError() says what happened.
class ConversationStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 2;

    explicit ConversationStore(QObject* parent = nullptr);
    ~ConversationStore() override;

    /// Uses the open QSqlDatabase connection `connectionName` and creates/migrates the chat tables.
    bool open(const QString& connectionName);
    bool isOpen() const;
    QString lastError() const;

    /// Every conversation, the most recently updated first.
    QList<Conversation> conversations() const;
    std::optional<Conversation> conversation(qint64 id) const;
    /// Saves a new conversation; returns its id (0 on failure). Times default to now.
    qint64 create(const Conversation& conversation);
    /// Saves the settings and title of an existing conversation (updatedMs becomes now).
    bool update(const Conversation& conversation);
    bool rename(qint64 id, const QString& title);
    /// Removes the conversation and its messages (one transaction).
    bool remove(qint64 id);

    QList<ChatMessage> messages(qint64 conversationId) const;
    /// Appends one message with its attachments (one transaction); returns its id (0 on failure). Bumps the
    /// conversation's updatedMs.
    qint64 appendMessage(qint64 conversationId, const ChatMessage& message);
    /// Records that attachment `position` of message `messageId` went through the Files API (or, with an empty
    /// `fileUri`, that it no longer lives there).
    bool setAttachmentUpload(qint64 messageId, int position, const QString& fileUri, const QString& fileProject,
                             qint64 fileExpiresMs);
    /// Removes one message and its attachments (e.g. a failed answer the user dismissed).
    bool removeMessage(qint64 messageId);
    /// The conversations whose title, any message or any attachment's name holds `text` (case-insensitive for ASCII),
    /// most recent first.
    QList<qint64> search(const QString& text) const;

    /// Every conversation with its messages, ids as stored, ordered by id (copying a pool).
    QList<SavedConversation> exportAll() const;
    /// Replaces every conversation with `conversations`, written as they are (ids kept), in one transaction: on
    /// failure the stored ones are as they were.
    bool replaceAll(const QList<SavedConversation>& conversations);

    /// Markdown export: a title, the system instruction, then each turn under a heading.
    static QString toMarkdown(const Conversation& conversation, const QList<ChatMessage>& messages);
    /// JSON export: the conversation's settings and its messages (keys masked, as stored).
    static QJsonObject toJson(const Conversation& conversation, const QList<ChatMessage>& messages);

Q_SIGNALS:
    void conversationsChanged();

private:
    bool fail(const QString& what, const QString& sqlError) const;
    /// Inserts `attachments` of message `messageId` inside the caller's transaction.
    static bool insertAttachments(QSqlDatabase& db, qint64 messageId, const QList<ChatAttachment>& attachments,
                                  bool keepIds, QString* error);

    QString m_connection;
    mutable QString m_lastError;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::Conversation)
Q_DECLARE_METATYPE(egb::ChatAttachment)
Q_DECLARE_METATYPE(egb::ChatMessage)
Q_DECLARE_METATYPE(egb::SavedConversation)
