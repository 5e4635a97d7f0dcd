// Hostile key files: what KeyFile reports for each one of tests/data/hostile/ (made by make_hostile.py there) and
// for huge files made at test time. Every report is asserted exactly: keys with their lines, duplicates and
// rejected lines with their reasons, or the refusal message. Peak memory of the huge files goes to the figures.
#include "KeyFile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

namespace {

/// The fake keys of make_hostile.py.
QString key(int n)
{
    return QStringLiteral("AIzaHostileFakeKey") + QString::number(n).rightJustified(21, QLatin1Char('0'));
}

QString hostile(const QString& name)
{
    return QStringLiteral(EGB_HOSTILE_DIR "/") + name;
}

/// The whole report, one fact a line, in a form a reader can check against the file.
QStringList report(const ImportResult& r)
{
    QStringList out;
    if (!r.ok) {
        out << QStringLiteral("refused: ") + r.error;
        return out;
    }
    out << QStringLiteral("format: ") + ImportResult::formatName(r.format);
    for (qsizetype i = 0; i < r.keys.size(); ++i)
        out << QStringLiteral("added line %1: %2").arg(r.keyLines.at(i)).arg(r.keys.at(i));
    for (const ImportIssue& d : r.duplicates)
        out << QStringLiteral("duplicate line %1: %2").arg(d.line).arg(d.reason);
    for (const ImportIssue& d : r.rejected)
        out << QStringLiteral("rejected line %1: %2").arg(d.line).arg(d.reason);
    return out;
}

/// The error without the (temporary) path in front of it.
QString withoutPath(QString error, const QString& path)
{
    return error.replace(QDir::toNativeSeparators(path), QStringLiteral("<file>"));
}

qint64 statusKb(const char* field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

/// Resets the peak RSS (VmHWM) to the current RSS, so the next peak is the one of the code that follows.
bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

/// A file of `size` bytes: one line of 'x' with `tail` at its end (no line break at all).
bool writeOneLine(const QString& path, qint64 size, const QByteArray& tail = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    const QByteArray chunk(1024 * 1024, 'x');
    qint64 left = size - tail.size();
    while (left > 0) {
        const qint64 n = std::min<qint64>(left, chunk.size());
        if (f.write(chunk.constData(), n) != n)
            return false;
        left -= n;
    }
    return f.write(tail) == tail.size() && f.flush();
}

QStringList g_figures;

} // namespace

class TestHostileFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void committedCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("expected");
        const QString noKey = QStringLiteral("no Gemini key here (a key starts with \"AIza\" and has 39 characters)");

        QTest::newRow("binary junk")
            << "binary_junk.png"
            << QStringList{QStringLiteral("refused: The file is binary, not text. Choose a text file with the keys.")};

        // UTF-16 with a byte order mark (Notepad's "Unicode"): decoded, CRLF line ends, the usual report.
        const QStringList utf16{QStringLiteral("format: plain text"), QStringLiteral("added line 1: ") + key(1),
                                QStringLiteral("added line 3: ") + key(2),
                                QStringLiteral("duplicate line 4: duplicate of line 1"),
                                QStringLiteral("rejected line 5: ") + noKey};
        QTest::newRow("utf-16 le bom") << "utf16le_bom.txt" << utf16;
        QTest::newRow("utf-16 be bom") << "utf16be_bom.txt" << utf16;
        QTest::newRow("utf-16 le without bom")
            << "utf16le_no_bom.txt"
            << QStringList{QStringLiteral("format: plain text"), QStringLiteral("added line 1: ") + key(3),
                           QStringLiteral("added line 2: ") + key(4)};
        QTest::newRow("utf-16 cut in a character")
            << "utf16_odd_length.txt"
            << QStringList{QStringLiteral("refused: The file is saved as UTF-16 but is damaged (it ends in the middle "
                                          "of a character or holds broken characters). Save it as UTF-8 text and "
                                          "import it again.")};

        // A NUL inside a text file: that line is rejected whole (its key may be damaged); the rest is read.
        const QString nul =
            QStringLiteral("the line holds NUL bytes (the file is damaged here); nothing on it was taken");
        QTest::newRow("nul bytes in lines")
            << "nul_in_lines.txt"
            << QStringList{QStringLiteral("format: plain text"), QStringLiteral("added line 1: ") + key(6),
                           QStringLiteral("added line 4: ") + key(8), QStringLiteral("rejected line 2: ") + nul,
                           QStringLiteral("rejected line 3: ") + nul};

        // A key wrapped over lines is rejected with a reason, never silently joined.
        QTest::newRow("keys split across lines")
            << "split_keys.txt"
            << QStringList{QStringLiteral("format: plain text"),
                           QStringLiteral("added line 1: ") + key(9),
                           QStringLiteral("added line 9: ") + key(13),
                           QStringLiteral("rejected line 2: a key split over lines 2 to 3 (put the whole key on one "
                                          "line)"),
                           QStringLiteral("rejected line 3: a key split over lines 2 to 3 (put the whole key on one "
                                          "line)"),
                           QStringLiteral("rejected line 5: a key split over lines 5 to 7 (put the whole key on one "
                                          "line)"),
                           QStringLiteral("rejected line 6: a key split over lines 5 to 7 (put the whole key on one "
                                          "line)"),
                           QStringLiteral("rejected line 7: a key split over lines 5 to 7 (put the whole key on one "
                                          "line)"),
                           QStringLiteral("rejected line 8: a truncated key (30 characters; a key has 39)")};

        const QStringList lineEnds{QStringLiteral("format: plain text"), QStringLiteral("added line 1: ") + key(14),
                                   QStringLiteral("added line 4: ") + key(15),
                                   QStringLiteral("rejected line 2: ") + noKey};
        QTest::newRow("crlf") << "crlf.txt" << lineEnds;
        QStringList cr = lineEnds;
        cr[1] = QStringLiteral("added line 1: ") + key(16);
        cr[2] = QStringLiteral("added line 4: ") + key(17);
        QTest::newRow("cr only (old Mac)") << "cr_only.txt" << cr;

        QTest::newRow("very long lines") << "long_lines.txt"
                                         << QStringList{QStringLiteral("format: plain text"),
                                                        QStringLiteral("added line 2: ") + key(18),
                                                        QStringLiteral("added line 3: ") + key(19),
                                                        QStringLiteral("rejected line 1: ") + noKey};

        QTest::newRow("json nested 10000 deep")
            << "deep.json"
            << QStringList{
                   QStringLiteral("refused: The file is not valid JSON (too deeply nested document, line 1). Fix the "
                                  "file or save the keys one per line in a .txt file.")};
        QTest::newRow("truncated json")
            << "truncated.json"
            << QStringList{QStringLiteral("refused: The file is not valid JSON (unterminated string, line 3). Fix the "
                                          "file or save the keys one per line in a .txt file.")};

        QTest::newRow("env with export and quotes")
            << "export_quotes.env"
            << QStringList{
                   QStringLiteral("format: .env"),
                   QStringLiteral("added line 2: ") + key(22),
                   QStringLiteral("added line 3: ") + key(23),
                   QStringLiteral("added line 4: ") + key(24),
                   QStringLiteral("duplicate line 8: duplicate of line 2"),
                   QStringLiteral("rejected line 5: GEMINI_API_KEY_3 is empty"),
                   QStringLiteral("rejected line 6: GEMINI_API_KEY_4 does not hold a valid key: a truncated key (30 "
                                  "characters; a key has 39)"),
                   QStringLiteral("rejected line 9: not a NAME=value line, and no Gemini key in it")};
    }

    void committedCorpus()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, expected);
        const QString path = hostile(file);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        ImportResult r = KeyFile::read(path);
        r.error = withoutPath(r.error, path).remove(QStringLiteral("<file>: "));
        QCOMPARE(report(r), expected);
        // Whatever the file, nothing in the report shows a whole key outside the keys themselves.
        for (const QList<ImportIssue>* issues : {&r.duplicates, &r.rejected}) {
            for (const ImportIssue& i : *issues) {
                QVERIFY2(!i.text.contains(QRegularExpression(QStringLiteral("AIza[0-9A-Za-z_-]{35}"))),
                         qPrintable(i.text));
                QVERIFY(i.text.size() <= 101); // cut, never the whole (long) line
            }
        }
    }

    void hundredMegabyteLineIsRefusedWithoutReadingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("one-line.txt"));
        QVERIFY(writeOneLine(path, 100 * 1024 * 1024, ' ' + key(1).toLatin1()));
        QVERIFY(resetPeakRss());
        const qint64 before = statusKb("VmRSS");
        ImportResult r = KeyFile::read(path);
        const qint64 peak = statusKb("VmHWM");
        r.error = withoutPath(r.error, path);
        QCOMPARE(report(r),
                 QStringList{QStringLiteral("refused: The file <file> is too large (100 MB; at most 64 MB) to be a key "
                                            "file. Choose the file that holds only the keys.")});
        g_figures << QStringLiteral("100 MB single line: refused, peak RSS +%1 MB while reading")
                         .arg((peak - before) / 1024.0, 0, 'f', 1);
        QVERIFY2(peak - before < 16 * 1024, qPrintable(g_figures.last())); // never loaded
    }

    void oneByteOverTheLimitIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("limit+1.txt"));
        QVERIFY(writeOneLine(path, KeyFile::MaxFileSize + 1, ' ' + key(1).toLatin1()));
        ImportResult r = KeyFile::read(path);
        r.error = withoutPath(r.error, path);
        QCOMPARE(report(r),
                 QStringList{QStringLiteral("refused: The file <file> is too large (65 MB; at most 64 MB) to be a key "
                                            "file. Choose the file that holds only the keys.")});
    }

    void aSingleLineAtTheLimitIsRead()
    {
        // The largest file taken: one 64 MB line of junk with a key at its end.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("limit.txt"));
        QVERIFY(writeOneLine(path, KeyFile::MaxFileSize, ' ' + key(2).toLatin1()));
        QVERIFY(resetPeakRss());
        const qint64 before = statusKb("VmRSS");
        QElapsedTimer timer;
        timer.start();
        const ImportResult r = KeyFile::read(path);
        const qint64 ms = timer.elapsed();
        const qint64 peak = statusKb("VmHWM");
        QCOMPARE(report(r),
                 (QStringList{QStringLiteral("format: plain text"), QStringLiteral("added line 1: ") + key(2)}));
        const double peakMb = (peak - before) / 1024.0;
        g_figures << QStringLiteral("64 MB single line (the limit): read in %1 ms, peak RSS +%2 MB (%3x the file)")
                         .arg(ms)
                         .arg(peakMb, 0, 'f', 1)
                         .arg(peakMb / 64.0, 0, 'f', 1);
        // The bytes, their UTF-16 text and nothing more: no copy per line, no list of the line's parts.
        QVERIFY2(peak - before < 4 * 64 * 1024, qPrintable(g_figures.last()));
    }

    void cleanupTestCase()
    {
        const QString dir = qEnvironmentVariable("EGB_FIGURES_DIR");
        for (const QString& line : std::as_const(g_figures))
            qInfo("%s", qPrintable(line));
        if (dir.isEmpty() || g_figures.isEmpty())
            return;
        QDir().mkpath(dir);
        QFile f(QDir(dir).filePath(QStringLiteral("hostilefiles.txt")));
        if (f.open(QIODevice::WriteOnly | QIODevice::Text))
            f.write((QStringLiteral("Hostile key files (core.hostilefiles):\n  ") +
                     g_figures.join(QStringLiteral("\n  ")) + QLatin1Char('\n'))
                        .toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestHostileFiles)
#include "tst_hostilefiles.moc"
