// KeyExporter: masked unless asked, CSV fields quoted where needed, full-key files readable by the owner only.
#include "KeyExporter.h"
#include "KeyFile.h"
#include "TestKeys.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using egb::test::testKey;

class TestKeyExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textIsMaskedUnlessFullKeysAreAsked()
    {
        ApiKey a;
        a.secret = testKey(1);
        ApiKey b;
        b.secret = testKey(2);
        const QByteArray masked = KeyExporter::render({a, b}, KeyExporter::Format::Text, false);
        QCOMPARE(masked, (a.masked() + '\n' + b.masked() + '\n').toUtf8());
        QVERIFY(!masked.contains(testKey(1).mid(4, 31).toUtf8()));
        const QByteArray full = KeyExporter::render({a, b}, KeyExporter::Format::Text, true);
        QCOMPARE(full, (testKey(1) + '\n' + testKey(2) + '\n').toUtf8());
    }

    void csvQuotesWhatNeedsIt()
    {
        ApiKey k;
        k.secret = testKey(3);
        k.label = QStringLiteral("team, \"blue\"");
        k.group = QStringLiteral("proj");
        k.status = KeyStatus::Disabled;
        k.weight = 0.5;
        k.totalSuccesses = 7;
        k.totalFailures = 2;
        k.lastError = QStringLiteral("API key not valid.\nPlease pass a valid API key.");
        const QByteArray csv = KeyExporter::render({k}, KeyExporter::Format::Csv, false);
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.at(0), QByteArray("key,label,group,status,weight,successes,failures,last_error"));
        QCOMPARE(csv,
                 "key,label,group,status,weight,successes,failures,last_error\n" + k.masked().toUtf8() +
                     ",\"team, \"\"blue\"\"\",proj,disabled,0.500,7,2,\"API key not valid.\nPlease pass a valid API "
                     "key.\"\n");
        QCOMPARE(KeyExporter::formatForPath(QStringLiteral("/tmp/x.CSV")), KeyExporter::Format::Csv);
        QCOMPARE(KeyExporter::formatForPath(QStringLiteral("/tmp/x.txt")), KeyExporter::Format::Text);
    }

    void jsonHoldsEveryFieldAndFullExportsReadBack()
    {
        ApiKey a;
        a.secret = testKey(5);
        a.label = QStringLiteral("blue");
        a.group = QStringLiteral("proj-1");
        a.totalSuccesses = 3;
        ApiKey b;
        b.secret = testKey(6);
        b.status = KeyStatus::Disabled;
        b.lastError = QStringLiteral("API key not valid.");
        const QByteArray masked = KeyExporter::render({a, b}, KeyExporter::Format::Json, false);
        QVERIFY(!masked.contains(testKey(5).mid(4, 31).toUtf8()));
        const QJsonArray array = QJsonDocument::fromJson(masked).array();
        QCOMPARE(array.size(), 2);
        QCOMPARE(array.at(0).toObject().value(u"key").toString(), a.masked());
        QCOMPARE(array.at(0).toObject().value(u"label").toString(), QStringLiteral("blue"));
        QCOMPARE(array.at(0).toObject().value(u"group").toString(), QStringLiteral("proj-1"));
        QCOMPARE(array.at(0).toObject().value(u"successes").toInt(), 3);
        QVERIFY(array.at(0).toObject().value(u"last_error").isNull());
        QCOMPARE(array.at(1).toObject().value(u"status").toString(), QStringLiteral("disabled"));
        QCOMPARE(array.at(1).toObject().value(u"last_error").toString(), QStringLiteral("API key not valid."));

        // Every format with full keys reads back as the same keys, in order; masked exports hold no key at all.
        for (const KeyExporter::Format format :
             {KeyExporter::Format::Text, KeyExporter::Format::Csv, KeyExporter::Format::Json}) {
            const QString name = KeyExporter::formatName(format);
            const ImportResult full =
                KeyFile::parse(KeyExporter::render({a, b}, format, true), QStringLiteral("keys.") + name);
            QCOMPARE(full.keys.size(), 2);
            QCOMPARE(full.keys.at(0), testKey(5));
            QCOMPARE(full.keys.at(1), testKey(6));
            const ImportResult none =
                KeyFile::parse(KeyExporter::render({a, b}, format, false), QStringLiteral("keys.") + name);
            QVERIFY2(none.keys.isEmpty(), qPrintable(name));
            QCOMPARE(KeyExporter::formatFromName(name), std::optional<KeyExporter::Format>(format));
            QCOMPARE(KeyExporter::formatForPath(QStringLiteral("/tmp/k.") + name), format);
        }
        QCOMPARE(KeyExporter::formatFromName(QStringLiteral("TEXT")), std::optional(KeyExporter::Format::Text));
        QVERIFY(!KeyExporter::formatFromName(QStringLiteral("xml")));
        QCOMPARE(KeyExporter::formatNames(), (QStringList{"txt", "csv", "json"}));
    }

    void fullKeyFilesAreOwnerOnlyAndErrorsAreSaid()
    {
        QTemporaryDir dir;
        ApiKey k;
        k.secret = testKey(4);
        const QString path = dir.filePath(QStringLiteral("full.txt"));
        QString error;
        QVERIFY(KeyExporter::write(path, {k}, KeyExporter::Format::Text, true, &error));
        QCOMPARE(QFile(path).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(!KeyExporter::write(dir.filePath(QStringLiteral("no/such/folder/keys.txt")), {k},
                                    KeyExporter::Format::Text, false, &error));
        QVERIFY(error.contains(QStringLiteral("keys.txt")));
        QVERIFY2(error.contains(QStringLiteral("does not exist")) && error.contains(QStringLiteral("no/such/folder")),
                 qPrintable(error));
        QVERIFY(!error.contains(testKey(4)));
    }
    void jsonHoldsEveryFieldMaskedUnlessFull()
    {
        ApiKey k;
        k.id = 7;
        k.secret = testKey(4);
        k.label = QStringLiteral("main");
        k.group = QStringLiteral("proj");
        k.weight = 0.5;
        k.totalSuccesses = 3;
        k.lastError = QStringLiteral("quota for ") + testKey(5);
        const QByteArray masked = KeyExporter::render({k}, KeyExporter::Format::Json, false);
        QVERIFY(!masked.contains(testKey(4).toUtf8()));
        QVERIFY(!masked.contains(testKey(5).toUtf8())); // a key quoted in an error is masked too
        const QJsonArray array = QJsonDocument::fromJson(masked).array();
        QCOMPARE(array.size(), 1);
        const QJsonObject o = array.at(0).toObject();
        QCOMPARE(o.value(u"id").toInteger(), 7);
        QCOMPARE(o.value(u"key").toString(), k.masked());
        QCOMPARE(o.value(u"label").toString(), QStringLiteral("main"));
        QCOMPARE(o.value(u"group").toString(), QStringLiteral("proj"));
        QCOMPARE(o.value(u"status").toString(), QStringLiteral("active"));
        QCOMPARE(o.value(u"weight").toDouble(), 0.5);
        QCOMPARE(o.value(u"successes").toInteger(), 3);
        const QByteArray full = KeyExporter::render({k}, KeyExporter::Format::Json, true);
        QCOMPARE(QJsonDocument::fromJson(full).array().at(0).toObject().value(u"key").toString(), testKey(4));
    }

    void fullExportsImportBackWithTheirDetails()
    {
        ApiKey a;
        a.secret = testKey(6);
        a.label = QStringLiteral("team, \"blue\"");
        a.group = QStringLiteral("proj-a");
        a.weight = 0.25;
        ApiKey b;
        b.secret = testKey(7);
        for (const KeyExporter::Format format : {KeyExporter::Format::Csv, KeyExporter::Format::Json}) {
            const QByteArray file = KeyExporter::render({a, b}, format, true);
            const ImportResult r = KeyFile::parse(file, format == KeyExporter::Format::Csv ? QStringLiteral("k.csv")
                                                                                           : QStringLiteral("k.json"));
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY(r.rejected.isEmpty());
            const QList<ApiKey> keys = r.newKeys();
            QCOMPARE(keys.size(), 2);
            QCOMPARE(keys.at(0).secret, a.secret);
            QCOMPARE(keys.at(0).label, a.label);
            QCOMPARE(keys.at(0).group, a.group);
            QCOMPARE(keys.at(0).weight, a.weight);
            QCOMPARE(keys.at(1).secret, b.secret);
            QCOMPARE(keys.at(1).weight, 1.0);
        }
    }

    void formatNamesAndEndings()
    {
        QCOMPARE(KeyExporter::formatForPath(QStringLiteral("a/keys.JSON")), KeyExporter::Format::Json);
        QCOMPARE(KeyExporter::formatForPath(QStringLiteral("keys.csv")), KeyExporter::Format::Csv);
        QCOMPARE(KeyExporter::formatForPath(QStringLiteral("keys")), KeyExporter::Format::Text);
        QCOMPARE(KeyExporter::formatFromName(QStringLiteral("json")).value_or(KeyExporter::Format::Text),
                 KeyExporter::Format::Json);
        QCOMPARE(KeyExporter::formatFromName(QStringLiteral("TXT")).value_or(KeyExporter::Format::Csv),
                 KeyExporter::Format::Text);
        QVERIFY(!KeyExporter::formatFromName(QStringLiteral("xml")));
        for (const KeyExporter::Format f :
             {KeyExporter::Format::Text, KeyExporter::Format::Csv, KeyExporter::Format::Json})
            QVERIFY(KeyExporter::formatFromName(KeyExporter::formatName(f)) == f);
    }
};

QTEST_GUILESS_MAIN(TestKeyExporter)
#include "tst_keyexporter.moc"
