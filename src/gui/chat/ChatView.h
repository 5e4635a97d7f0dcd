#pragma once

#include "ConversationStore.h"

#include <QList>
#include <QTextBrowser>

class QTextCursor;
class QTimer;

namespace egb {

/// The transcript of one conversation: turns rendered from Markdown (code styled by MarkdownRenderer), each answer
/// followed by a quiet line saying how it was served (key masked, attempts, latency, tokens), failures with
/// Google's message and what the app did. The answer being streamed is re-rendered as chunks arrive, at most
/// every ~30 ms, and only the streamed part of the document is rebuilt.
class ChatView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ChatView(QWidget* parent = nullptr);
    ~ChatView() override;

    void setMessages(const QList<ChatMessage>& messages);
    void appendMessage(const ChatMessage& message);
    const QList<ChatMessage>& messages() const { return m_messages; }

    /// Starts showing an answer that is being streamed.
    void beginAnswer();
    /// The streamed answer so far (Markdown); rendered shortly.
    void setAnswerText(const QString& markdown);
    /// A quiet status under the streamed answer ("retrying with another key…").
    void setAnswerStatus(const QString& status);
    /// Stops showing the streamed answer (the final message is then appended with appendMessage()).
    void endAnswer();
    bool isAnswering() const { return m_answering; }
    /// Renders a pending streamed update now (tests and the final chunk).
    void flushAnswer();

    /// Which message the document position `position` is in (-1: none, or the answer being streamed).
    int messageIndexAt(int position) const;
    /// The whole code block at `position` (its lines joined by \n); empty when `position` is not in one.
    QString codeBlockAt(int position) const;
    /// Copies message `index` to the clipboard as written (Markdown), or its error when it has no text.
    bool copyMessage(int index) const;
    /// Copies the code block at `position` to the clipboard.
    bool copyCodeBlockAt(int position) const;

    /// The quiet line under an answer, e.g. "key AIza…Xy12 · 2 attempts · 420 ms · 12 + 40 tokens".
    static QString metaLine(const ChatMessage& message);

protected:
    /// The standard menu plus "Copy code block" (on a code block) and "Copy message".
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void rebuild();
    void renderMessage(const ChatMessage& message);
    /// A question's files under its text: a thumbnail for an image, and a line with each file's name and size.
    void insertAttachments(QTextCursor& cursor, const ChatMessage& message, int messageIndex);
    void renderStreaming();
    void truncateTo(int position);
    void scrollToBottomIfFollowing(bool following);
    bool isFollowing() const;

    QList<ChatMessage> m_messages;
    QList<int> m_starts; ///< document position where each of m_messages begins
    int m_fixedEnd = 0;  ///< document position after the last fixed message
    bool m_answering = false;
    QString m_answerText;
    QString m_answerStatus;
    QTimer* m_renderTimer = nullptr;
};

} // namespace egb
