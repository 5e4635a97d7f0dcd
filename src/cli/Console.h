#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <cstdio>

namespace egb {

/// The terminal the CLI talks to: stdout for results, stderr for messages and progress.
/// Output is UTF-8 and flushed after every write, so streamed answers appear as they arrive.
class Console
{
public:
    Console(FILE* out = stdout, FILE* err = stderr);

    /// Writes `text` to stdout as is (no newline added).
    void write(const QString& text);
    /// Writes `text` and a newline to stdout.
    void line(const QString& text = {});
    /// Writes `text` and a newline to stderr.
    void message(const QString& text);
    /// "egb: `text`" on stderr: an error the person must act on.
    void error(const QString& text);
    /// A line on stderr that the next progress() or message() overwrites; only when stderr is a terminal.
    void progress(const QString& text);
    /// Ends a progress line (if one is shown) so that later output starts on a fresh line.
    void endProgress();

    bool stdoutIsTerminal() const { return m_outTty; }
    bool stderrIsTerminal() const { return m_errTty; }

    /// Terminal cells `text` takes: wide (CJK, fullwidth) characters take two, so Chinese words line up.
    static int displayWidth(const QString& text);
    /// `text` filled with spaces to `width` terminal cells, on the right (or on the left when `right`).
    static QString pad(const QString& text, int width, bool right = false);

    /// Columns aligned with two spaces between them; `rightAligned[i]` right-aligns column i (numbers).
    static QString table(const QStringList& headers, const QList<QStringList>& rows,
                         const QList<bool>& rightAligned = {});

private:
    QTextStream m_out;
    QTextStream m_err;
    bool m_outTty = false;
    bool m_errTty = false;
    int m_progressWidth = 0; ///< characters of the progress line on screen, 0 = none
};

} // namespace egb
