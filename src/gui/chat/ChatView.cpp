#include "ChatView.h"

#include "AttachmentIcon.h"
#include "AttachmentReader.h"
#include "MarkdownRenderer.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QMenu>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextImageFormat>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace egb {

namespace {

QTextCharFormat headerFormat(const QPalette& palette)
{
    QTextCharFormat f;
    f.setFontWeight(QFont::Bold);
    f.setForeground(palette.color(QPalette::Text));
    return f;
}

QTextCharFormat quietFormat(const QPalette& palette, double scale = 0.85)
{
    QTextCharFormat f;
    f.setForeground(palette.color(QPalette::PlaceholderText));
    f.setFontPointSize(qMax(6.0, QFont().pointSizeF() * scale));
    return f;
}

QTextCharFormat errorFormat()
{
    QTextCharFormat f;
    f.setForeground(QColor(0xc0, 0x39, 0x2b));
    return f;
}

} // namespace

ChatView::ChatView(QWidget* parent)
    : QTextBrowser(parent)
    , m_renderTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("chatView"));
    setOpenExternalLinks(true);
    setReadOnly(true);
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(30);
    connect(m_renderTimer, &QTimer::timeout, this, &ChatView::renderStreaming);
    document()->setDocumentMargin(12);
}

ChatView::~ChatView() = default;

QString ChatView::metaLine(const ChatMessage& m)
{
    QStringList parts;
    if (!m.keyMasked.isEmpty())
        parts << tr("key %1").arg(m.keyMasked);
    if (m.attempts > 0)
        parts << tr("%n attempt(s)", nullptr, m.attempts);
    if (m.latencyMs > 0)
        parts << tr("%1 ms").arg(m.latencyMs);
    if (m.usage.totalTokens > 0)
        parts << tr("%1 + %2 tokens").arg(m.usage.promptTokens).arg(m.usage.totalTokens - m.usage.promptTokens);
    if (!m.model.isEmpty())
        parts << m.model;
    if (!m.finishReason.isEmpty() && m.finishReason != QLatin1String("STOP"))
        parts << m.finishReason;
    return parts.join(QStringLiteral(" · "));
}

bool ChatView::isFollowing() const
{
    const QScrollBar* bar = verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

void ChatView::scrollToBottomIfFollowing(bool following)
{
    if (following)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void ChatView::truncateTo(int position)
{
    QTextCursor c(document());
    c.setPosition(position);
    c.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    c.removeSelectedText();
}

void ChatView::setMessages(const QList<ChatMessage>& messages)
{
    m_messages = messages;
    m_answering = false;
    m_answerText.clear();
    m_answerStatus.clear();
    rebuild();
}

void ChatView::rebuild()
{
    document()->clear();
    m_fixedEnd = 0;
    m_starts.clear();
    for (const ChatMessage& m : std::as_const(m_messages))
        renderMessage(m);
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void ChatView::appendMessage(const ChatMessage& message)
{
    const bool following = isFollowing();
    m_messages.append(message);
    truncateTo(m_fixedEnd);
    renderMessage(message);
    if (m_answering)
        renderStreaming();
    scrollToBottomIfFollowing(following);
}

void ChatView::renderMessage(const ChatMessage& m)
{
    QTextCursor c(document());
    c.movePosition(QTextCursor::End);
    m_starts.append(c.position());
    const bool user = m.role == QLatin1String("user");
    const bool first = c.position() == 0;
    QTextBlockFormat header;
    header.setTopMargin(first ? 0 : 14);
    if (first)
        c.setBlockFormat(header);
    else
        c.insertBlock(header);
    c.insertText(user ? tr("You") : tr("Gemini"), headerFormat(palette()));
    c.insertBlock(QTextBlockFormat(), QTextCharFormat());
    if (user) {
        c.insertText(m.text, QTextCharFormat());
        insertAttachments(c, m, int(m_starts.size()) - 1);
    } else if (!m.text.isEmpty()) {
        MarkdownRenderer::insert(c, m.text, MarkdownRenderer::codeBackgroundFor(palette().color(QPalette::Base)));
        c.movePosition(QTextCursor::End);
    }
    if (m.isError()) {
        if (!m.text.isEmpty() || user)
            c.insertBlock(QTextBlockFormat(), QTextCharFormat());
        c.insertText(m.error, errorFormat());
    }
    if (!user) {
        QString quiet = metaLine(m);
        if (!m.attemptNote.isEmpty())
            quiet = quiet.isEmpty() ? m.attemptNote : quiet + QStringLiteral("\n") + m.attemptNote;
        if (!quiet.isEmpty()) {
            const QStringList lines = quiet.split(u'\n');
            for (const QString& line : lines) {
                c.insertBlock(QTextBlockFormat(), QTextCharFormat());
                c.insertText(line, quietFormat(palette()));
            }
        }
    }
    c.movePosition(QTextCursor::End);
    m_fixedEnd = c.position();
}

void ChatView::insertAttachments(QTextCursor& c, const ChatMessage& m, int messageIndex)
{
    for (qsizetype i = 0; i < m.attachments.size(); ++i) {
        const ChatAttachment& a = m.attachments.at(i);
        if (i > 0 || !m.text.isEmpty())
            c.insertBlock(QTextBlockFormat(), QTextCharFormat());
        const QImage thumb = AttachmentIcon::thumbnail(a, QSize(240, 160) * devicePixelRatioF());
        if (!thumb.isNull()) {
            // One resource per message and attachment; document()->clear() drops them with the text.
            const QUrl name(QStringLiteral("egb-attachment:%1/%2").arg(messageIndex).arg(i));
            document()->addResource(QTextDocument::ImageResource, name, thumb);
            QTextImageFormat image;
            image.setName(name.toString());
            image.setWidth(thumb.width() / devicePixelRatioF());
            image.setHeight(thumb.height() / devicePixelRatioF());
            image.setToolTip(QStringLiteral("%1 · %2").arg(a.name, AttachmentReader::sizeText(a.data.size())));
            c.insertImage(image);
            c.insertBlock(QTextBlockFormat(), QTextCharFormat());
        }
        c.insertText(tr("Attached: %1 (%2)").arg(a.name, AttachmentReader::sizeText(a.data.size())),
                     quietFormat(palette()));
    }
}

int ChatView::messageIndexAt(int position) const
{
    if (position < 0 || position > m_fixedEnd)
        return -1; // past the fixed messages: the answer being streamed
    int index = -1;
    for (int i = 0; i < m_starts.size() && m_starts.at(i) <= position; ++i)
        index = i;
    return index < m_messages.size() ? index : -1;
}

QString ChatView::codeBlockAt(int position) const
{
    QTextBlock block = document()->findBlock(position);
    // MarkdownRenderer marks a code block's lines unbreakable; the block at `position` and its neighbours so marked.
    if (!block.isValid() || !block.blockFormat().nonBreakableLines())
        return {};
    while (block.previous().isValid() && block.previous().blockFormat().nonBreakableLines())
        block = block.previous();
    QStringList lines;
    for (; block.isValid() && block.blockFormat().nonBreakableLines(); block = block.next())
        lines << block.text().replace(QChar::LineSeparator, u'\n');
    return lines.join(u'\n');
}

bool ChatView::copyMessage(int index) const
{
    if (index < 0 || index >= m_messages.size())
        return false;
    const ChatMessage& m = m_messages.at(index);
    QGuiApplication::clipboard()->setText(m.text.isEmpty() ? m.error : m.text);
    return true;
}

bool ChatView::copyCodeBlockAt(int position) const
{
    const QString code = codeBlockAt(position);
    if (code.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(code);
    return true;
}

void ChatView::contextMenuEvent(QContextMenuEvent* event)
{
    const int position = cursorForPosition(event->pos()).position();
    std::unique_ptr<QMenu> menu(createStandardContextMenu(event->pos()));
    const int index = messageIndexAt(position);
    const bool code = !codeBlockAt(position).isEmpty();
    if (index >= 0 || code)
        menu->addSeparator();
    if (code) {
        QAction* copyCode = menu->addAction(tr("Copy code block"));
        copyCode->setObjectName(QStringLiteral("copyCodeAction"));
        connect(copyCode, &QAction::triggered, this, [this, position] { copyCodeBlockAt(position); });
    }
    if (index >= 0) {
        QAction* copy = menu->addAction(tr("Copy message"));
        copy->setObjectName(QStringLiteral("copyMessageAction"));
        connect(copy, &QAction::triggered, this, [this, index] { copyMessage(index); });
    }
    menu->exec(event->globalPos());
}

void ChatView::beginAnswer()
{
    m_answering = true;
    m_answerText.clear();
    m_answerStatus.clear();
    renderStreaming();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void ChatView::setAnswerText(const QString& markdown)
{
    m_answerText = markdown;
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
}

void ChatView::setAnswerStatus(const QString& status)
{
    m_answerStatus = status;
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
}

void ChatView::flushAnswer()
{
    if (m_renderTimer->isActive()) {
        m_renderTimer->stop();
        renderStreaming();
    }
}

void ChatView::endAnswer()
{
    m_renderTimer->stop();
    m_answering = false;
    m_answerText.clear();
    m_answerStatus.clear();
    truncateTo(m_fixedEnd);
}

void ChatView::renderStreaming()
{
    const bool following = isFollowing();
    truncateTo(m_fixedEnd);
    if (!m_answering)
        return;
    QTextCursor c(document());
    c.movePosition(QTextCursor::End);
    QTextBlockFormat header;
    header.setTopMargin(c.position() == 0 ? 0 : 14);
    if (c.position() == 0)
        c.setBlockFormat(header);
    else
        c.insertBlock(header);
    c.insertText(tr("Gemini"), headerFormat(palette()));
    c.insertBlock(QTextBlockFormat(), QTextCharFormat());
    if (m_answerText.isEmpty()) {
        c.insertText(tr("…"), quietFormat(palette(), 1.0));
    } else {
        MarkdownRenderer::insert(c, m_answerText, MarkdownRenderer::codeBackgroundFor(palette().color(QPalette::Base)));
        c.movePosition(QTextCursor::End);
    }
    if (!m_answerStatus.isEmpty()) {
        c.insertBlock(QTextBlockFormat(), QTextCharFormat());
        c.insertText(m_answerStatus, quietFormat(palette()));
    }
    scrollToBottomIfFollowing(following);
}

} // namespace egb
