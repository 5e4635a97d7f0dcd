#include "PromptFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace egb;

namespace {

QList<int> linesOf(const PromptFileResult& r)
{
    QList<int> lines;
    for (const PromptEntry& p : r.prompts)
        lines.append(p.line);
    return lines;
}

QStringList textsOf(const PromptFileResult& r)
{
    QStringList texts;
    for (const PromptEntry& p : r.prompts)
        texts.append(p.text);
    return texts;
}

QList<int> issueLines(const PromptFileResult& r)
{
    QList<int> lines;
    for (const PromptIssue& i : r.issues)
        lines.append(i.line);
    return lines;
}

} // namespace

class TestPromptFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatFollowsTheFileName();

    void textSkipsBlankLinesAndKeepsLineNumbers();
    void textHandlesCrLfBomAndUnicode();

    void csvReadsThePromptColumnWhereverItIs();
    void csvQuotedFieldsHoldCommasQuotesAndNewlines();
    void csvHeaderIsCaseInsensitiveAndColumnCanBeChosen();
    void csvWithoutThePromptColumnIsAClearError();
    void csvReportsShortRowsEmptyPromptsAndUnclosedQuotes();
    void csvEmptyFileIsAnError();

    void jsonlReadsPromptFields();
    void jsonlBadLinesAreReportedNotFatal();

    void binaryIsRefused();
    void nonUtf8IsRefusedWithItsLine();
    void utf16IsRefused();
    void readReportsMissingFilesAndFolders();
    void readPicksTheFormatFromTheSuffix();
    void nonRegularInputsAreReadThroughTheLimit();
};

void TestPromptFile::formatFollowsTheFileName()
{
    QCOMPARE(PromptFile::formatForPath(QStringLiteral("/a/b/in.txt")), PromptFile::Format::Text);
    QCOMPARE(PromptFile::formatForPath(QStringLiteral("in.CSV")), PromptFile::Format::Csv);
    QCOMPARE(PromptFile::formatForPath(QStringLiteral("in.jsonl")), PromptFile::Format::Jsonl);
    QCOMPARE(PromptFile::formatForPath(QStringLiteral("in.ndjson")), PromptFile::Format::Jsonl);
    QCOMPARE(PromptFile::formatForPath(QStringLiteral("prompts")), PromptFile::Format::Text);
}

void TestPromptFile::textSkipsBlankLinesAndKeepsLineNumbers()
{
    const auto r = PromptFile::parse("first\n\n   \nsecond prompt\n\tthird\t\n", PromptFile::Format::Text);
    QVERIFY(r.ok);
    QCOMPARE(textsOf(r), (QStringList{"first", "second prompt", "third"}));
    QCOMPARE(linesOf(r), (QList<int>{1, 4, 5}));
    QVERIFY(r.issues.isEmpty());
}

void TestPromptFile::textHandlesCrLfBomAndUnicode()
{
    const auto r = PromptFile::parse("\xEF\xBB\xBF"
                                     "one\r\n\r\n\xE4\xBD\xA0\xE5\xA5\xBD\r\nlast",
                                     PromptFile::Format::Text);
    QVERIFY(r.ok);
    QCOMPARE(textsOf(r), (QStringList{"one", QString::fromUtf8("\xE4\xBD\xA0\xE5\xA5\xBD"), "last"}));
    QCOMPARE(linesOf(r), (QList<int>{1, 3, 4}));
}

void TestPromptFile::csvReadsThePromptColumnWhereverItIs()
{
    const auto r = PromptFile::parse("id,prompt,tag\n1,hello,a\n2,world,b\n", PromptFile::Format::Csv);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(textsOf(r), (QStringList{"hello", "world"}));
    QCOMPARE(linesOf(r), (QList<int>{2, 3}));
}

void TestPromptFile::csvQuotedFieldsHoldCommasQuotesAndNewlines()
{
    const QByteArray csv = "prompt,n\r\n"
                           "\"a, b and c\",1\r\n"
                           "\"she said \"\"hi\"\"\",2\r\n"
                           "\"line one\r\nline two\n\nline four\",3\r\n"
                           "plain,4\r\n";
    const auto r = PromptFile::parse(csv, PromptFile::Format::Csv);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(textsOf(r), (QStringList{"a, b and c", "she said \"hi\"", "line one\nline two\n\nline four", "plain"}));
    // A record's line is where it starts; a newline inside quotes moves the following records down.
    QCOMPARE(linesOf(r), (QList<int>{2, 3, 4, 8}));
    QVERIFY(r.issues.isEmpty());
}

void TestPromptFile::csvHeaderIsCaseInsensitiveAndColumnCanBeChosen()
{
    const QByteArray csv = "\n Prompt , Question\nx,why?\n";
    const auto byDefault = PromptFile::parse(csv, PromptFile::Format::Csv);
    QVERIFY2(byDefault.ok, qPrintable(byDefault.error));
    QCOMPARE(textsOf(byDefault), QStringList{"x"});
    QCOMPARE(linesOf(byDefault), QList<int>{3});

    const auto chosen = PromptFile::parse(csv, PromptFile::Format::Csv, QStringLiteral("question"));
    QVERIFY2(chosen.ok, qPrintable(chosen.error));
    QCOMPARE(textsOf(chosen), QStringList{"why?"});
}

void TestPromptFile::csvWithoutThePromptColumnIsAClearError()
{
    const auto r = PromptFile::parse("id,text\n1,hello\n", PromptFile::Format::Csv);
    QVERIFY(!r.ok);
    QVERIFY(r.prompts.isEmpty());
    QVERIFY2(r.error.contains(u"\"prompt\""), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"id, text"), qPrintable(r.error));
}

void TestPromptFile::csvReportsShortRowsEmptyPromptsAndUnclosedQuotes()
{
    const QByteArray csv = "id,prompt\n"
                           "1,good\n"
                           "2\n"     // no prompt column
                           "3,   \n" // empty prompt
                           "\n"      // blank: skipped silently
                           "4,also good\n"
                           "5,\"never closed\n"
                           "6,swallowed\n";
    const auto r = PromptFile::parse(csv, PromptFile::Format::Csv);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(textsOf(r), (QStringList{"good", "also good"}));
    QCOMPARE(linesOf(r), (QList<int>{2, 6}));
    QCOMPARE(issueLines(r), (QList<int>{3, 4, 7}));
    for (const PromptIssue& issue : r.issues)
        QVERIFY(!issue.reason.isEmpty());
    QVERIFY(r.issues.at(2).reason.contains(u"never closed"));
}

void TestPromptFile::csvEmptyFileIsAnError()
{
    const auto r = PromptFile::parse("\n\n", PromptFile::Format::Csv);
    QVERIFY(!r.ok);
    QVERIFY(r.error.contains(u"empty"));
}

void TestPromptFile::jsonlReadsPromptFields()
{
    const QByteArray jsonl = "{\"prompt\":\"one\",\"id\":1}\n"
                             "\n"
                             "  {\"id\":2, \"prompt\":\"two\\nlines \\\"quoted\\\"\"}  \r\n"
                             "{\"prompt\":\"\\u4f60\\u597d\"}";
    const auto r = PromptFile::parse(jsonl, PromptFile::Format::Jsonl);
    QVERIFY(r.ok);
    QCOMPARE(textsOf(r), (QStringList{"one", "two\nlines \"quoted\"", QString::fromUtf8("\xE4\xBD\xA0\xE5\xA5\xBD")}));
    QCOMPARE(linesOf(r), (QList<int>{1, 3, 4}));
    QVERIFY(r.issues.isEmpty());

    const auto custom = PromptFile::parse("{\"q\":\"x\",\"prompt\":\"no\"}\n", PromptFile::Format::Jsonl, "q");
    QCOMPARE(textsOf(custom), QStringList{"x"});

    // Each line may name its own model (a mixed-model batch); a model that is not a name is that line's issue.
    const auto mixed = PromptFile::parse("{\"prompt\":\"a\",\"model\":\"gemini-2.5-pro\"}\n{\"prompt\":\"b\"}\n"
                                         "{\"prompt\":\"c\",\"model\":7}\n{\"prompt\":\"d\",\"model\":\" \"}\n",
                                         PromptFile::Format::Jsonl);
    QCOMPARE(textsOf(mixed), (QStringList{"a", "b"}));
    QCOMPARE(mixed.prompts.at(0).model, QStringLiteral("gemini-2.5-pro"));
    QVERIFY(mixed.prompts.at(1).model.isEmpty()); // the batch's model
    QCOMPARE(issueLines(mixed), (QList<int>{3, 4}));
}

void TestPromptFile::jsonlBadLinesAreReportedNotFatal()
{
    const QByteArray jsonl = "{\"prompt\":\"ok 1\"}\n"
                             "{\"prompt\": \"unterminated}\n"
                             "[\"prompt\", \"array\"]\n"
                             "{\"text\":\"no prompt field\"}\n"
                             "{\"prompt\": 42}\n"
                             "{\"prompt\": \"  \"}\n"
                             "{\"prompt\":\"ok 2\"}\n";
    const auto r = PromptFile::parse(jsonl, PromptFile::Format::Jsonl);
    QVERIFY(r.ok);
    QCOMPARE(textsOf(r), (QStringList{"ok 1", "ok 2"}));
    QCOMPARE(linesOf(r), (QList<int>{1, 7}));
    QCOMPARE(issueLines(r), (QList<int>{2, 3, 4, 5, 6}));
    QVERIFY(r.issues.at(0).reason.contains(u"JSON"));
    QVERIFY(r.issues.at(2).reason.contains(u"\"prompt\""));
}

void TestPromptFile::binaryIsRefused()
{
    QByteArray data("PK\x03\x04", 4);
    data.append('\0');
    data.append("rest");
    for (auto format : {PromptFile::Format::Text, PromptFile::Format::Csv, PromptFile::Format::Jsonl}) {
        const auto r = PromptFile::parse(data, format);
        QVERIFY(!r.ok);
        QVERIFY(r.prompts.isEmpty());
        QVERIFY2(r.error.contains(u"binary"), qPrintable(r.error));
    }
}

void TestPromptFile::nonUtf8IsRefusedWithItsLine()
{
    // Latin-1 "café" on line 3.
    const auto r = PromptFile::parse("fine\nalso fine\ncaf\xE9\n", PromptFile::Format::Text);
    QVERIFY(!r.ok);
    QVERIFY(r.prompts.isEmpty());
    QVERIFY2(r.error.contains(u"UTF-8"), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"line 3"), qPrintable(r.error));
}

void TestPromptFile::utf16IsRefused()
{
    const auto r = PromptFile::parse(QByteArray("\xFF\xFEh\0i\0", 6), PromptFile::Format::Text);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(u"UTF-16"), qPrintable(r.error));
}

void TestPromptFile::readReportsMissingFilesAndFolders()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("nope.txt"));
    const auto r = PromptFile::read(missing);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(missing), qPrintable(r.error));
    QVERIFY2(r.error.contains(u"does not exist"), qPrintable(r.error));

    const auto folder = PromptFile::read(dir.path());
    QVERIFY(!folder.ok);
    QVERIFY2(folder.error.contains(u"folder"), qPrintable(folder.error));
}

void TestPromptFile::readPicksTheFormatFromTheSuffix()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto write = [&](const QString& name, const QByteArray& content) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    };
    const QByteArray content = "prompt\n{\"prompt\":\"x\"}\n";
    write(QStringLiteral("a.txt"), content);
    write(QStringLiteral("a.csv"), content);
    write(QStringLiteral("a.jsonl"), content);

    const auto txt = PromptFile::read(dir.filePath(QStringLiteral("a.txt")));
    QCOMPARE(txt.format, PromptFile::Format::Text);
    QCOMPARE(txt.prompts.size(), 2);

    const auto csv = PromptFile::read(dir.filePath(QStringLiteral("a.csv")));
    QCOMPARE(csv.format, PromptFile::Format::Csv);
    QCOMPARE(textsOf(csv), QStringList{"{\"prompt\":\"x\"}"});

    const auto jsonl = PromptFile::read(dir.filePath(QStringLiteral("a.jsonl")));
    QCOMPARE(jsonl.format, PromptFile::Format::Jsonl);
    QCOMPARE(textsOf(jsonl), QStringList{"x"});
    QCOMPARE(issueLines(jsonl), QList<int>{1});

    // A file with a bad encoding names itself in the error.
    write(QStringLiteral("bad.txt"), "\xC3\x28\n");
    const auto bad = PromptFile::read(dir.filePath(QStringLiteral("bad.txt")));
    QVERIFY(!bad.ok);
    QVERIFY(bad.error.contains(u"bad.txt"));
}

void TestPromptFile::nonRegularInputsAreReadThroughTheLimit()
{
    // /dev/zero has no size to check: it used to be read until memory ran out (3 GB in 3 s).
    const PromptFileResult zero = PromptFile::read(QStringLiteral("/dev/zero"));
    QVERIFY(!zero.ok);
    QVERIFY2(zero.error.contains(u"not a regular file"), qPrintable(zero.error));
    QVERIFY(zero.prompts.isEmpty());
#ifdef Q_OS_UNIX
    // A FIFO (as from a shell's <(...)) that ends is read like a file.
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("prompts.txt"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    std::thread writer([fifo] {
        QFile out(fifo);
        if (out.open(QIODevice::WriteOnly))
            out.write("one\ntwo\n");
    });
    const PromptFileResult piped = PromptFile::read(fifo);
    writer.join();
    QVERIFY2(piped.ok, qPrintable(piped.error));
    QCOMPARE(textsOf(piped), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
#endif
}

QTEST_GUILESS_MAIN(TestPromptFile)
#include "tst_promptfile.moc"
