#pragma once

#include <QColor>
#include <QString>

class QTextCursor;
class QTextDocument;

namespace egb {

/// Renders a model's Markdown into a QTextDocument (QTextCursor::insertMarkdown, GitHub dialect) and styles the
/// code: fenced and indented code blocks get a monospaced font and a background, inline `code` a lighter one.
class MarkdownRenderer
{
public:
    /// Inserts `markdown` at the cursor (which ends after it) and styles the code it holds.
    static void insert(QTextCursor& cursor, const QString& markdown, const QColor& codeBackground);
    /// Styles the code blocks and inline code between positions [from, to) of `document`.
    static void styleCode(QTextDocument* document, int from, int to, const QColor& codeBackground);
    /// A background for code that reads on both light and dark palettes.
    static QColor codeBackgroundFor(const QColor& base);
};

} // namespace egb
