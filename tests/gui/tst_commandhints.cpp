// Every hint that names an egb command names a real one: the string literals of src/ (the GUI, the CLI and the
// layers whose messages reach them, like the dispatcher's "the key pool is empty") and the .ui files are scanned for
// "egb WORD", and WORD must be a command that the built `egb --help` lists (and "egb tokens WORD" one of its
// subcommands). Issue 19: the empty-pool message in Chat advised "egb keys add FILE", which does not exist.
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QString sourceDir = QStringLiteral(EGB_SOURCE_DIR);

/// The string literals of a C++ source, adjacent literals ("a" "b") joined into one, comments skipped. Each comes
/// with the line it starts on.
QList<QPair<int, QString>> stringLiterals(const QString& code)
{
    QList<QPair<int, QString>> out;
    int line = 1;
    bool joinNext = false; // the last literal may continue if only whitespace follows before the next one
    for (qsizetype i = 0; i < code.size(); ++i) {
        const QChar c = code.at(i);
        if (c == u'\n')
            ++line;
        if (c == u'/' && i + 1 < code.size() && code.at(i + 1) == u'/') {
            while (i < code.size() && code.at(i) != u'\n')
                ++i;
            ++line;
            continue;
        }
        if (c == u'/' && i + 1 < code.size() && code.at(i + 1) == u'*') {
            i += 2;
            while (i + 1 < code.size() && !(code.at(i) == u'*' && code.at(i + 1) == u'/')) {
                if (code.at(i) == u'\n')
                    ++line;
                ++i;
            }
            ++i;
            continue;
        }
        if (c == u'\'') { // a character literal: skip it, so that '"' does not open a string
            ++i;
            while (i < code.size() && code.at(i) != u'\'') {
                if (code.at(i) == u'\\')
                    ++i;
                ++i;
            }
            joinNext = false;
            continue;
        }
        if (c == u'"') {
            QString text;
            const int startLine = line;
            ++i;
            while (i < code.size() && code.at(i) != u'"') {
                if (code.at(i) == u'\\' && i + 1 < code.size()) {
                    ++i;
                    text += code.at(i) == u'n' ? QChar(u'\n') : code.at(i);
                } else {
                    text += code.at(i);
                }
                ++i;
            }
            if (joinNext && !out.isEmpty())
                out.last().second += text;
            else
                out.append({startLine, text});
            joinNext = true;
            continue;
        }
        if (!c.isSpace())
            joinNext = false;
    }
    return out;
}

/// The text of every <string> of a Qt Designer file, with its line.
QList<QPair<int, QString>> uiStrings(const QString& xml)
{
    QList<QPair<int, QString>> out;
    static const QRegularExpression re(QStringLiteral("<string[^>]*>([^<]*)</string>"));
    for (auto m = re.globalMatch(xml); m.hasNext();) {
        const auto match = m.next();
        const int line = int(xml.left(match.capturedStart()).count(u'\n')) + 1;
        QString text = match.captured(1);
        text.replace(QStringLiteral("&quot;"), QStringLiteral("\""))
            .replace(QStringLiteral("&lt;"), QStringLiteral("<"))
            .replace(QStringLiteral("&gt;"), QStringLiteral(">"))
            .replace(QStringLiteral("&amp;"), QStringLiteral("&"));
        out.append({line, text});
    }
    return out;
}

} // namespace

class TestCommandHints : public QObject
{
    Q_OBJECT

    /// Command -> its subcommands ("tokens" -> add, list, remove; empty for the others), from `egb --help`.
    QMap<QString, QSet<QString>> m_commands;

private Q_SLOTS:
    void initTestCase()
    {
        QProcess egb;
        egb.start(QStringLiteral(EGB_CLI_PATH), {QStringLiteral("--help")});
        QVERIFY(egb.waitForFinished(30000));
        QCOMPARE(egb.exitCode(), 0);
        const QStringList lines = QString::fromUtf8(egb.readAllStandardOutput()).split(u'\n');
        const qsizetype start = lines.indexOf(QStringLiteral("Commands:"));
        QVERIFY2(start >= 0, "egb --help has a Commands: section");
        static const QRegularExpression entry(QStringLiteral("^  ([a-z]+)(?: ([a-z]+(?:\\|[a-z]+)+))?(?: |$)"));
        for (qsizetype i = start + 1; i < lines.size() && !lines.at(i).trimmed().isEmpty(); ++i) {
            const auto m = entry.match(lines.at(i));
            QVERIFY2(m.hasMatch(), qPrintable(lines.at(i)));
            QSet<QString> subcommands;
            for (const QString& sub : m.captured(2).split(u'|', Qt::SkipEmptyParts))
                subcommands.insert(sub);
            m_commands.insert(m.captured(1), subcommands);
        }
        // The parse found the real list, so that the check below can fail.
        QVERIFY(m_commands.contains(QStringLiteral("import")));
        QVERIFY(m_commands.contains(QStringLiteral("list")));
        QCOMPARE(m_commands.value(QStringLiteral("tokens")),
                 (QSet<QString>{QStringLiteral("add"), QStringLiteral("list"), QStringLiteral("remove")}));
        QVERIFY(!m_commands.contains(QStringLiteral("keys")));
    }

    void everyNamedCommandExists()
    {
        static const QRegularExpression mention(QStringLiteral("\\begb ([a-z]+)(?: ([a-z]+))?"));
        QStringList wrong;
        int mentions = 0;
        bool sawImportHint = false;
        for (const QString& root : {QStringLiteral("/src"), QStringLiteral("/ui")}) {
            QDirIterator it(sourceDir + root, {QStringLiteral("*.cpp"), QStringLiteral("*.h"), QStringLiteral("*.ui")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QString text = QString::fromUtf8(f.readAll());
                const auto strings = path.endsWith(QLatin1String(".ui")) ? uiStrings(text) : stringLiterals(text);
                for (const auto& [line, literal] : strings) {
                    for (auto m = mention.globalMatch(literal); m.hasNext();) {
                        const auto match = m.next();
                        ++mentions;
                        const QString command = match.captured(1);
                        const QString where =
                            QStringLiteral("%1:%2: \"%3\"").arg(path.mid(sourceDir.size() + 1)).arg(line).arg(literal);
                        if (!m_commands.contains(command)) {
                            wrong << where;
                            continue;
                        }
                        const QSet<QString> subs = m_commands.value(command);
                        if (!subs.isEmpty() && !match.captured(2).isEmpty() && !subs.contains(match.captured(2)))
                            wrong << where;
                        if (command == QLatin1String("import"))
                            sawImportHint = true;
                    }
                }
            }
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("Not an egb command:\n") + wrong.join(u'\n')));
        // The scan reads the real sources: the CLI's many hints are among what it found.
        QVERIFY2(mentions > 20, qPrintable(QString::number(mentions)));
        QVERIFY(sawImportHint);
    }

    void literalScannerJoinsAndSkipsComments()
    {
        const auto found = stringLiterals(QStringLiteral("// \"egb no\"\nx = tr(\"a \"\n  \"egb b\"); /* \"c\" */ "
                                                         "y('\"'); z(\"d\\\"e\");\n"));
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).first, 2);
        QCOMPARE(found.at(0).second, QStringLiteral("a egb b"));
        QCOMPARE(found.at(1).second, QStringLiteral("d\"e"));
    }
};

QTEST_GUILESS_MAIN(TestCommandHints)
#include "tst_commandhints.moc"
