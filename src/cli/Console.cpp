#include "Console.h"

#include <unistd.h>

#include <algorithm>

namespace egb {

Console::Console(FILE* out, FILE* err)
    : m_out(out)
    , m_err(err)
    , m_outTty(::isatty(::fileno(out)) == 1)
    , m_errTty(::isatty(::fileno(err)) == 1)
{
    m_out.setEncoding(QStringConverter::Utf8);
    m_err.setEncoding(QStringConverter::Utf8);
}

void Console::write(const QString& text)
{
    m_out << text;
    m_out.flush();
}

void Console::line(const QString& text)
{
    m_out << text << u'\n';
    m_out.flush();
}

void Console::message(const QString& text)
{
    endProgress();
    m_err << text << u'\n';
    m_err.flush();
}

void Console::error(const QString& text)
{
    message(QStringLiteral("egb: ") + text);
}

void Console::progress(const QString& text)
{
    if (!m_errTty)
        return;
    const int width = displayWidth(text);
    m_err << u'\r' << text;
    if (width < m_progressWidth)
        m_err << QString(m_progressWidth - width, u' ') << u'\r' << text;
    m_err.flush();
    m_progressWidth = std::max(1, width);
}

void Console::endProgress()
{
    if (m_progressWidth == 0)
        return;
    m_err << u'\n';
    m_err.flush();
    m_progressWidth = 0;
}

int Console::displayWidth(const QString& text)
{
    int width = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        const bool wide =
            (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
            (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
            (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD);
        width += wide ? 2 : 1;
    }
    return width;
}

QString Console::pad(const QString& text, int width, bool right)
{
    const QString fill(std::max(0, width - displayWidth(text)), u' ');
    return right ? fill + text : text + fill;
}

QString Console::table(const QStringList& headers, const QList<QStringList>& rows, const QList<bool>& rightAligned)
{
    QList<int> widths;
    for (const QString& h : headers)
        widths.append(displayWidth(h));
    for (const QStringList& row : rows) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(row.at(c)));
    }
    auto format = [&](const QStringList& cells) {
        QString line;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            const QString cell = c < cells.size() ? cells.at(c) : QString();
            const bool last = c + 1 == widths.size();
            const bool right = c < rightAligned.size() && rightAligned.at(c);
            line += last && !right ? cell : pad(cell, widths[c], right);
            if (!last)
                line += QStringLiteral("  ");
        }
        while (line.endsWith(u' '))
            line.chop(1);
        return line;
    };
    QString out = format(headers) + u'\n';
    for (const QStringList& row : rows)
        out += format(row) + u'\n';
    return out;
}

} // namespace egb
