#include "MarkdownRenderer.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>

namespace egb {

namespace {

bool isCodeBlock(const QTextBlock& block)
{
    const QTextBlockFormat f = block.blockFormat();
    return f.hasProperty(QTextFormat::BlockCodeFence) || f.hasProperty(QTextFormat::BlockCodeLanguage) ||
           f.nonBreakableLines();
}

} // namespace

QColor MarkdownRenderer::codeBackgroundFor(const QColor& base)
{
    return base.lightness() > 128 ? base.darker(108) : base.lighter(140);
}

void MarkdownRenderer::insert(QTextCursor& cursor, const QString& markdown, const QColor& codeBackground)
{
    const int from = cursor.position();
    cursor.insertMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    styleCode(cursor.document(), from, cursor.position(), codeBackground);
}

void MarkdownRenderer::styleCode(QTextDocument* document, int from, int to, const QColor& codeBackground)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QTextBlock block = document->findBlock(from); block.isValid() && block.position() <= to;
         block = block.next()) {
        if (isCodeBlock(block)) {
            QTextCursor c(block);
            QTextBlockFormat bf = block.blockFormat();
            bf.setBackground(codeBackground);
            bf.setNonBreakableLines(true);
            c.setBlockFormat(bf);
            c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            QTextCharFormat cf;
            cf.setFont(mono);
            cf.setFontFixedPitch(true);
            c.mergeCharFormat(cf);
            continue;
        }
        // Inline code: fragments the importer set in a fixed-pitch font.
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment frag = it.fragment();
            if (!frag.isValid() || !frag.charFormat().fontFixedPitch())
                continue;
            QTextCursor c(document);
            c.setPosition(frag.position());
            c.setPosition(frag.position() + frag.length(), QTextCursor::KeepAnchor);
            QTextCharFormat cf;
            cf.setBackground(codeBackground);
            c.mergeCharFormat(cf);
        }
    }
}

} // namespace egb
