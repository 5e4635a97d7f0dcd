#include "MarkdownRenderer.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextList>

namespace egb {

namespace {

bool isMono(const QTextCharFormat& f, const QString& monoFamily)
{
    // Qt 6.4's importer marks code by a monospace family; later versions also by fixed pitch.
    const QStringList families = f.fontFamilies().toStringList();
    return f.fontFixedPitch() || families.contains(monoFamily) || families.contains(QStringLiteral("monospace"));
}

bool isCodeBlock(const QTextBlock& block, const QString& monoFamily)
{
    const QTextBlockFormat f = block.blockFormat();
    if (f.hasProperty(QTextFormat::BlockCodeFence) || f.hasProperty(QTextFormat::BlockCodeLanguage) ||
        f.nonBreakableLines())
        return true;
    // The first block of an inserted fragment takes the format of the block it lands in, so a code block there
    // is only recognisable by its text: every fragment monospaced, and more than a short inline snippet.
    bool any = false;
    for (auto it = block.begin(); !it.atEnd(); ++it) {
        if (!isMono(it.fragment().charFormat(), monoFamily))
            return false;
        any = true;
    }
    return any && block.length() > 1 && f.indent() == 0 && !block.textList();
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
        if (isCodeBlock(block, mono.family())) {
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
            if (!frag.isValid() || !isMono(frag.charFormat(), mono.family()))
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
