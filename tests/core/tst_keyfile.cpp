#include "KeyFile.h"
#include "KeyPool.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

namespace {

/// A key-shaped string made at run time from an index (never a real key).
QString generatedKey(int i)
{
    return QStringLiteral("AIzaKf") + QString::number(i).rightJustified(33, QLatin1Char('Z'));
}

QByteArray k(int i)
{
    return generatedKey(i).toLatin1();
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& data)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(data);
    return path;
}

QList<int> lines(const QList<ImportIssue>& issues)
{
    QList<int> out;
    for (const ImportIssue& i : issues)
        out.append(i.line);
    return out;
}

QString reasons(const QList<ImportIssue>& issues)
{
    QStringList out;
    for (const ImportIssue& i : issues)
        out.append(QString::number(i.line) + QLatin1Char(':') + i.reason);
    return out.join(QLatin1String(" | "));
}

/// No issue text may show a secret or a fragment longer than the mask allows.
bool issuesAreMasked(const ImportResult& r)
{
    const auto check = [](const QList<ImportIssue>& issues) {
        for (const ImportIssue& i : issues) {
            if (i.text.contains(QLatin1String("AIzaKf")) || i.text.contains(QLatin1String("ZZZZZ")))
                return false;
        }
        return true;
    };
    return check(r.duplicates) && check(r.rejected);
}

} // namespace

class TestKeyFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainText()
    {
        const QByteArray data = "# my keys\n" + k(1) + "\n\n" + k(2) + " " + k(3) + "\n" + k(4) + "," + k(5) + ";" +
                                k(6) + "   # trailing comment\n" + "\t" + k(7) + "\t\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.txt"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.format, ImportResult::Format::PlainText);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(3), generatedKey(4),
                                      generatedKey(5), generatedKey(6), generatedKey(7)}));
        QCOMPARE(r.keyLines, (QList<int>{2, 4, 4, 5, 5, 5, 6}));
        QVERIFY(r.rejected.isEmpty());
        QVERIFY(r.duplicates.isEmpty());
    }

    void plainTextRejectsAndDuplicates()
    {
        const QByteArray data = k(1) + "\n" +                       // 1 ok
                                k(1).left(30) + "\n" +              // 2 truncated
                                "hello world\n" +                   // 3 garbage
                                k(2) + "\n" +                       // 4 ok
                                k(1) + "\n" +                       // 5 duplicate of line 1
                                k(3) + "X\n" +                      // 6 too long
                                "x" + k(4) + "\n" +                 // 7 glued to a longer token
                                k(5) + " " + k(6).left(20) + "\n" + // 8 ok + a broken key beside it
                                "# " + k(7) + " commented out\n" +  // 9 ignored
                                k(2) + "\n";                        // 10 duplicate of line 4
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.txt"));
        QVERIFY(r.ok);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(5)}));
        QCOMPARE(r.keyLines, (QList<int>{1, 4, 8}));
        QCOMPARE(lines(r.duplicates), (QList<int>{5, 10}));
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("duplicate of line 1"));
        QCOMPARE(r.duplicates[1].reason, QStringLiteral("duplicate of line 4"));
        QCOMPARE(r.duplicates[0].text, ApiKey::mask(generatedKey(1)));
        QCOMPARE(lines(r.rejected), (QList<int>{2, 3, 6, 7, 8}));
        QVERIFY2(r.rejected[0].reason.contains(QLatin1String("truncated")), qPrintable(reasons(r.rejected)));
        QVERIFY(r.rejected[0].reason.contains(QLatin1String("30 characters")));
        QCOMPARE(r.rejected[1].text, QStringLiteral("hello world"));
        QVERIFY(r.rejected[1].reason.contains(QLatin1String("no Gemini key")));
        QVERIFY(r.rejected[2].reason.contains(QLatin1String("too long")));
        QVERIFY(r.rejected[3].reason.contains(QLatin1String("glued")));
        QVERIFY(r.rejected[4].reason.contains(QLatin1String("truncated")));
        QVERIFY(issuesAreMasked(r));
    }

    void knownKeysAreReportedAsInThePool()
    {
        const QByteArray data = k(1) + "\n" + k(2) + "\n" + k(2) + "\n";
        const ImportResult r = KeyFile::parse(data, {}, [](const QString& s) { return s == generatedKey(2); });
        QVERIFY(r.ok);
        QCOMPARE(r.keys, QStringList{generatedKey(1)});
        QCOMPARE(lines(r.duplicates), (QList<int>{2, 3}));
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("already in the pool"));
        QCOMPARE(r.duplicates[1].reason, QStringLiteral("duplicate of line 2"));
    }

    void bomAndCrlf()
    {
        const QByteArray data = "\xEF\xBB\xBF" + k(1) + "\r\n" + k(2) + "\r\nnot a key\r\n" + k(1) + "\r\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.txt"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)})); // the BOM is not part of the first key
        QCOMPARE(lines(r.rejected), QList<int>{3});
        QCOMPARE(r.rejected[0].text, QStringLiteral("not a key")); // no stray \r
        QCOMPARE(lines(r.duplicates), QList<int>{4});
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("duplicate of line 1"));
    }

    void csvWithHeader()
    {
        const QByteArray data = "name,api_key,notes\r\n"
                                "first," +
                                k(1) + ",ok\r\n" + "\"second, with comma\",\"" + k(2) +
                                "\",\"multi\nline \"\"quoted\"\" note\"\r\n" + // a record over lines 3-4
                                "third," + k(1) + ",again\r\n" +               // line 5: duplicate of line 2
                                "fourth," + k(3).left(25) + ",cut\r\n" +       // line 6: truncated
                                "fifth,,no key\r\n" +                          // line 7: no key
                                "\r\n" + "sixth," + k(4) + ",\r\n";            // line 9
        const ImportResult r = KeyFile::parse(data, QStringLiteral("export.csv"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.format, ImportResult::Format::Csv);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(4)}));
        QCOMPARE(r.keyLines, (QList<int>{2, 3, 9}));
        QCOMPARE(lines(r.duplicates), QList<int>{5});
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("duplicate of line 2"));
        QCOMPARE(lines(r.rejected), (QList<int>{6, 7}));
        QVERIFY(r.rejected[0].reason.contains(QLatin1String("truncated")));
        QVERIFY(issuesAreMasked(r));
    }

    void csvTextAfterAClosingQuoteIsNotGluedToTheKey()
    {
        // Found by fuzz_keyfile: "AIza...(34 characters)"12345 read as one 39-character key that is nowhere in the
        // file. A key is taken as it stands; the two pieces are a truncated key.
        const QByteArray cut = k(1).left(34);
        const QByteArray data = "label,key\n"
                                "a,\"" +
                                cut + "\"" + k(1).mid(34) +
                                "\n"
                                "b,\"" +
                                k(2) + "\"  \n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.csv"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, QStringList{generatedKey(2)}); // spaces after the closing quote are fine
        QCOMPARE(r.keyLines, QList<int>{3});
        QCOMPARE(reasons(r.rejected), QStringLiteral("2:a truncated key (34 characters; a key has 39)"));
    }

    void csvSemicolonSniffedWithoutExtension()
    {
        const QByteArray data = "label;key\nmain;" + k(1) + "\nspare;" + k(2) + "\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("export"));
        QVERIFY(r.ok);
        QCOMPARE(r.format, ImportResult::Format::Csv);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)}));
        QCOMPARE(r.keyLines, (QList<int>{2, 3}));
        QVERIFY(r.rejected.isEmpty()); // the header is not a rejected line
    }

    void csvWithoutHeader()
    {
        const QByteArray data = k(1) + ",first\n" + k(2) + ",second\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.csv"));
        QVERIFY(r.ok);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)}));
        QCOMPARE(r.keyLines, (QList<int>{1, 2}));
    }

    void envFile()
    {
        const QByteArray data = "# settings\n"
                                "GEMINI_API_KEY=" +
                                k(1) + "\n" +                                  // 2
                                "export GOOGLE_API_KEY=\"" + k(2) + "\"\n" +   // 3
                                "GEMINI_API_KEY_2='" + k(3) + "'  # spare\n" + // 4
                                "GEMINI_API_KEY3=" + k(4) + " # comment\n" +   // 5
                                "GEMINI_API_KEY_4=" + k(5).left(38) + "\n" +   // 6 bad value
                                "GEMINI_API_KEY_5=\n" +                        // 7 empty
                                "OTHER_SETTING=42\n" +                         // 8 ignored
                                "GEMINI_MODEL=gemini-2.5-flash\n" +            // 9 ignored
                                "GEMINI_API_KEY_6=" + k(1) + "\n" +            // 10 duplicate
                                "MY_OWN_NAME=" + k(6) + "\n" +                 // 11 recognised by shape
                                "GEMINI_API_KEYS=" + k(7) + "," + k(8) + "\n"; // 12 a list
        const ImportResult r = KeyFile::parse(data, QStringLiteral(".env"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.format, ImportResult::Format::Env);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(3), generatedKey(4),
                                      generatedKey(6), generatedKey(7), generatedKey(8)}));
        QCOMPARE(r.keyLines, (QList<int>{2, 3, 4, 5, 11, 12, 12}));
        QCOMPARE(lines(r.rejected), (QList<int>{6, 7}));
        QVERIFY2(r.rejected[0].reason.contains(QLatin1String("GEMINI_API_KEY_4")), qPrintable(reasons(r.rejected)));
        QVERIFY(r.rejected[0].reason.contains(QLatin1String("truncated")));
        QVERIFY(r.rejected[1].reason.contains(QLatin1String("GEMINI_API_KEY_5 is empty")));
        QCOMPARE(lines(r.duplicates), QList<int>{10});
        QVERIFY(issuesAreMasked(r));
    }

    void envSniffedFromContent()
    {
        const QByteArray data = "export GEMINI_API_KEY=" + k(1) + "\nDEBUG=1\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("settings.conf"));
        QVERIFY(r.ok);
        QCOMPARE(r.format, ImportResult::Format::Env);
        QCOMPARE(r.keys, QStringList{generatedKey(1)});
        QVERIFY(r.rejected.isEmpty());
    }

    void jsonArrayOfStrings()
    {
        const QByteArray data =
            "[\n  \"" + k(1) + "\",\n  \"" + k(2) + "\",\n  \"" + k(1) + "\",\n  \"oops\",\n  42\n]\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.json"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.format, ImportResult::Format::Json);
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)}));
        QCOMPARE(r.keyLines, (QList<int>{2, 3}));
        QCOMPARE(lines(r.duplicates), QList<int>{4});
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("duplicate of line 2"));
        QCOMPARE(lines(r.rejected), (QList<int>{5, 6}));
    }

    void jsonObjectsAndKeysArray()
    {
        const QByteArray data = "{\n \"version\": 1,\n \"keys\": [\n"
                                "  {\"label\": \"a\", \"key\": \"" +
                                k(1) + "\"},\n" +                                         // 4
                                "  {\"api_key\": \"" + k(2) + "\"},\n" +                  // 5
                                "  {\"apiKey\": \"" + k(3) + "\", \"group\": \"p\"},\n" + // 6
                                "  {\"key\": \"" + k(4).left(20) + "\"},\n" +             // 7 truncated
                                "  {\"name\": \"no key field\"}\n" +                      // 8
                                " ]\n}\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("export.json"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(3)}));
        QCOMPARE(r.keyLines, (QList<int>{4, 5, 6}));
        QCOMPARE(lines(r.rejected), (QList<int>{7, 8}));
        QVERIFY2(r.rejected[0].reason.contains(QLatin1String("truncated")), qPrintable(reasons(r.rejected)));
        QVERIFY(issuesAreMasked(r));
    }

    void jsonSniffedAndInvalidJson()
    {
        const QByteArray good = "[\"" + k(1) + "\"]";
        ImportResult r = KeyFile::parse(good, QStringLiteral("keys"));
        QVERIFY(r.ok);
        QCOMPARE(r.format, ImportResult::Format::Json);
        const QByteArray bad = "[\n\"" + k(1) + "\",\n\"" + k(2) + "\"\n";
        r = KeyFile::parse(bad, QStringLiteral("keys.json"));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("not valid JSON")), qPrintable(r.error));
        QVERIFY(r.keys.isEmpty());
    }

    void unusableFiles_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("blank") << QByteArray(" \n\r\n\t\n") << QStringLiteral("empty");
        QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF\n") << QStringLiteral("empty");
        QTest::newRow("binary") << (QByteArray("\x7F"
                                               "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0",
                                               24) +
                                    k(1))
                                << QStringLiteral("binary");
        QTest::newRow("damaged line only") << (k(1) + QByteArray("\0\x01\x02", 3) + "\n")
                                           << QStringLiteral("First problem: line 1, the line holds NUL bytes");
        QTest::newRow("latin-1") << (k(1) + "\ncaf\xE9\n") << QStringLiteral("not UTF-8");
        QTest::newRow("utf-16 without keys") << QByteArray("\xFF\xFEh\0i\0", 6) << QStringLiteral("No Gemini API key");
        QTest::newRow("utf-16 cut") << QByteArray("\xFF\xFEh\0i", 5) << QStringLiteral("UTF-16 but is damaged");
        QTest::newRow("no key") << QByteArray("just some notes\nand more\n") << QStringLiteral("No Gemini API key");
        QTest::newRow("only broken keys") << (k(1).left(30) + "\n") << QStringLiteral("No Gemini API key");
    }

    void unusableFiles()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.txt"));
        QVERIFY(!r.ok);
        QVERIFY(r.keys.isEmpty());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void hugeFileIsRefusedBeforeReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.txt"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(1) << 30)); // sparse: 1 GB that takes no disk space
        }
        KeyPool pool;
        const ImportResult r = KeyFile::importInto(pool, path);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("too large")), qPrintable(r.error));
        QVERIFY(r.error.contains(QLatin1String("1024 MB")));
        QCOMPARE(pool.size(), 0);
    }

    void missingAndUnreadable()
    {
        QTemporaryDir dir;
        ImportResult r = KeyFile::read(dir.filePath(QStringLiteral("nope.txt")));
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QLatin1String("does not exist")), qPrintable(r.error));
        r = KeyFile::read(dir.path());
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("folder")));
    }

    void importIntoAPoolWithKeys()
    {
        QTemporaryDir dir;
        const QString path =
            writeFile(dir, QStringLiteral("keys.txt"), k(1) + "\n" + k(2) + "\n" + k(3) + "\nbad\n" + k(3) + "\n");
        KeyPool pool;
        const QList<qint64> existing = pool.addSecrets({generatedKey(2)});
        const ImportResult r = KeyFile::importInto(pool, path, QStringLiteral("from file"), QStringLiteral("proj"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(3)}));
        QCOMPARE(r.addedIds.size(), 2);
        QCOMPARE(pool.size(), 3);
        QCOMPARE(pool.find(r.addedIds[0])->secret, generatedKey(1));
        QCOMPARE(pool.find(r.addedIds[0])->label, QStringLiteral("from file"));
        QCOMPARE(pool.find(r.addedIds[1])->group, QStringLiteral("proj"));
        QCOMPARE(pool.find(existing[0])->label, QString()); // the key already there is left as it was
        QCOMPARE(lines(r.duplicates), (QList<int>{2, 5}));
        QCOMPARE(r.duplicates[0].reason, QStringLiteral("already in the pool"));
        QCOMPARE(r.duplicates[1].reason, QStringLiteral("duplicate of line 3"));
        QCOMPARE(lines(r.rejected), QList<int>{4});

        // Importing the same file again adds nothing, and says why for each key.
        const ImportResult again = KeyFile::importInto(pool, path);
        QVERIFY(again.ok);
        QVERIFY(again.keys.isEmpty());
        QVERIFY(again.addedIds.isEmpty());
        QCOMPARE(again.duplicates.size(), 4);
        QCOMPARE(pool.size(), 3);
    }

    void importOfAFileThatCannotBeReadChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("keys.txt"), k(1) + QByteArray("\0", 1));
        KeyPool pool;
        const ImportResult r = KeyFile::importInto(pool, path);
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QDir::toNativeSeparators(path)));
        QCOMPARE(pool.size(), 0);
        QVERIFY(r.addedIds.isEmpty());
    }

    void hundredThousandKeys()
    {
        QByteArray data;
        for (int i = 0; i < 100'000; ++i)
            data += k(i) + '\n';
        const ImportResult r = KeyFile::parse(data, QStringLiteral("many.txt"));
        QVERIFY(r.ok);
        QCOMPARE(r.keys.size(), 100'000);
        QCOMPARE(r.keyLines.last(), 100'000);
        QCOMPARE(r.keys.last(), generatedKey(99'999));
    }

    void keyWeightLines()
    {
        // The seed's KEY:WEIGHT format, "KEY, label" and both; a line of several keys keeps its old meaning.
        const QByteArray data = k(1) + ":0.5\n" +                   // 1 weight
                                k(2) + ", work account 2\n" +       // 2 label
                                k(3) + " : 0.25 ,  spare  key \n" + // 3 both, spaces around
                                k(4) + ":1\n" +                     // 4 full weight, said
                                k(5) + ":0\n" +                     // 5 not a weight: rejected
                                k(6) + ":1.5, too heavy\n" +        // 6 rejected
                                k(7) + ":abc\n" +                   // 7 rejected
                                k(8) + "," + k(9) + "\n" +          // 8 two keys: no label
                                k(10) + ",\n" +                     // 9 an empty label
                                k(11) + ":\n";                      // 10 an empty weight
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.txt"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2), generatedKey(3), generatedKey(4),
                                      generatedKey(8), generatedKey(9), generatedKey(10), generatedKey(11)}));
        QCOMPARE(r.keyDetails.size(), r.keys.size());
        QCOMPARE(r.keyDetails.at(0), (KeyDetails{QString(), QString(), 0.5}));
        QCOMPARE(r.keyDetails.at(1), (KeyDetails{QStringLiteral("work account 2"), QString(), 0}));
        QCOMPARE(r.keyDetails.at(2), (KeyDetails{QStringLiteral("spare key"), QString(), 0.25}));
        QCOMPARE(r.keyDetails.at(3).weight, 1.0);
        QCOMPARE(r.keyDetails.at(4), KeyDetails{});
        QCOMPARE(r.keyDetails.at(5), KeyDetails{});
        QCOMPARE(r.keyDetails.at(6), KeyDetails{});
        QCOMPARE(r.keyDetails.at(7), KeyDetails{});
        QCOMPARE(lines(r.rejected), (QList<int>{5, 6, 7}));
        for (const ImportIssue& issue : r.rejected)
            QVERIFY2(issue.reason.contains(QLatin1String("weight")), qPrintable(issue.reason));
        QVERIFY(issuesAreMasked(r));

        // As keys to add: the file's details, else what the person gave for the whole import.
        const QList<ApiKey> keys = r.newKeys(0, 3, QStringLiteral("imported"), QStringLiteral("proj"));
        QCOMPARE(keys.size(), 3);
        QCOMPARE(keys.at(0).weight, 0.5);
        QCOMPARE(keys.at(0).label, QStringLiteral("imported"));
        QCOMPARE(keys.at(1).label, QStringLiteral("work account 2"));
        QCOMPARE(keys.at(1).weight, 1.0);
        QCOMPARE(keys.at(2).group, QStringLiteral("proj"));
        QCOMPARE(r.newKeys(6).size(), 2);
        QCOMPARE(r.newKeys(6).at(0).secret, generatedKey(10));
    }

    void csvLabelGroupAndWeightColumns()
    {
        const QByteArray data = "key,label,group,status,weight,successes,failures,last_error\n" + k(1) +
                                ",\"work, main\",proj-a,active,0.250,3,1,\n" + k(2) + ",,proj-b,active,1.000,0,0,\n" +
                                k(3) + ",spare,,disabled,heavy,0,0,\n";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("export.csv"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)}));
        QCOMPARE(r.keyDetails.at(0), (KeyDetails{QStringLiteral("work, main"), QStringLiteral("proj-a"), 0.25}));
        QCOMPARE(r.keyDetails.at(1), (KeyDetails{QString(), QStringLiteral("proj-b"), 1.0}));
        QCOMPARE(lines(r.rejected), QList<int>{4});
        QVERIFY(r.rejected.at(0).reason.contains(QLatin1String("weight")));

        // Other names people give the columns; the key's own column never becomes its label.
        const QByteArray named = "Name;Project;API_KEY\npersonal;p1;" + k(4) + "\n";
        const ImportResult n = KeyFile::parse(named, QStringLiteral("team.csv"));
        QCOMPARE(n.keys, QStringList{generatedKey(4)});
        QCOMPARE(n.keyDetails.at(0), (KeyDetails{QStringLiteral("personal"), QStringLiteral("p1"), 0}));
        const QByteArray keyIsLabel = "label\n" + k(5) + "\n";
        const ImportResult l = KeyFile::parse(keyIsLabel, QStringLiteral("odd.csv"));
        QCOMPARE(l.keys, QStringList{generatedKey(5)});
        QCOMPARE(l.keyDetails.at(0), KeyDetails{});
    }

    void jsonLabelGroupAndWeightFields()
    {
        const QByteArray data = "[{\"key\": \"" + k(1) +
                                "\", \"label\": \"main\", \"group\": \"proj-a\", \"weight\": 0.5},\n"
                                " {\"api_key\": \"" +
                                k(2) +
                                "\", \"name\": \"second\", \"project\": \"p2\"},\n"
                                " {\"key\": \"" +
                                k(3) + "\", \"weight\": 7}]";
        const ImportResult r = KeyFile::parse(data, QStringLiteral("keys.json"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.keys, (QStringList{generatedKey(1), generatedKey(2)}));
        QCOMPARE(r.keyDetails.at(0), (KeyDetails{QStringLiteral("main"), QStringLiteral("proj-a"), 0.5}));
        QCOMPARE(r.keyDetails.at(1), (KeyDetails{QStringLiteral("second"), QStringLiteral("p2"), 0}));
        QCOMPARE(lines(r.rejected), QList<int>{3});
    }

    void importIntoKeepsDetails()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("k.txt"), k(1) + ":0.5, first\n" + k(2) + "\n");
        KeyPool pool;
        const ImportResult r = KeyFile::importInto(pool, path, QStringLiteral("batch"), QStringLiteral("g"));
        QVERIFY(r.ok);
        QCOMPARE(r.addedIds.size(), 2);
        QCOMPARE(pool.find(r.addedIds.at(0))->label, QStringLiteral("first"));
        QCOMPARE(pool.find(r.addedIds.at(0))->weight, 0.5);
        QCOMPARE(pool.find(r.addedIds.at(0))->group, QStringLiteral("g"));
        QCOMPARE(pool.find(r.addedIds.at(1))->label, QStringLiteral("batch"));
        QCOMPARE(pool.find(r.addedIds.at(1))->weight, 1.0);
    }

    void issuesByLineMergesDuplicatesAndRejected()
    {
        const QByteArray data = "junk\n" + k(1) + "\n" + k(1) + "\nmore junk\n" + k(2) + "\n";
        const ImportResult r =
            KeyFile::parse(data, QStringLiteral("keys.txt"), [](const QString& s) { return s == generatedKey(2); });
        QCOMPARE(lines(r.duplicates), (QList<int>{3, 5}));
        QCOMPARE(lines(r.rejected), (QList<int>{1, 4}));
        QCOMPARE(lines(r.issuesByLine()), (QList<int>{1, 3, 4, 5}));
    }

    void formatNames()
    {
        QCOMPARE(ImportResult::formatName(ImportResult::Format::Csv), QStringLiteral("CSV"));
        QCOMPARE(ImportResult::formatName(ImportResult::Format::Env), QStringLiteral(".env"));
    }
};

QTEST_GUILESS_MAIN(TestKeyFile)
#include "tst_keyfile.moc"
