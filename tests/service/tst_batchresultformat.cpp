// The shared JSONL/CSV export of batch results: every field of a row comes back from its JSONL line, so a saved
// export is the table (the Batch page's export and `egb batch` write the same lines).
#include "BatchResultFormat.h"
#include "BatchRunStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace egb;

class TestBatchResultFormat : public QObject
{
    Q_OBJECT
private:
    static BatchItem failed()
    {
        BatchItem it;
        it.index = 7;
        it.prompt = QStringLiteral("翻译: \"hello\", world");
        it.status = BatchItem::Status::Error;
        it.error = QStringLiteral("HTTP 429: quota exceeded (3 attempts)");
        it.errorKind = QStringLiteral("rate_limited");
        it.attempts = 3;
        it.keyMasked = QStringLiteral("AIza…abcd");
        it.latencyMs = 1234;
        return it;
    }

private Q_SLOTS:
    void everyFieldRoundTrips_data()
    {
        QTest::addColumn<BatchItem>("item");
        QTest::newRow("failed, with its error kind") << failed();
        BatchItem ok = failed();
        ok.status = BatchItem::Status::Ok;
        ok.error.clear();
        ok.errorKind.clear();
        ok.text = QStringLiteral("Echo: line one\nline two");
        ok.usage.promptTokens = 5;
        ok.usage.candidatesTokens = 6;
        ok.usage.thoughtsTokens = 2;
        ok.usage.totalTokens = 13;
        QTest::newRow("ok") << ok;
        BatchItem pending;
        pending.index = 3;
        pending.prompt = QStringLiteral("not sent yet");
        QTest::newRow("pending") << pending;
    }

    void everyFieldRoundTrips()
    {
        QFETCH(BatchItem, item);
        const QByteArray line = BatchResultFormat::jsonLine(item);
        QVERIFY(line.endsWith('\n') && line.count('\n') == 1);
        BatchItem back;
        QVERIFY(BatchResultFormat::fromJsonLine(line, &back));
        QCOMPARE(back, item);
    }

    void errorKindIsWrittenOnlyForFailures()
    {
        const QJsonObject bad = QJsonDocument::fromJson(BatchResultFormat::jsonLine(failed())).object();
        QCOMPARE(bad.value(u"error_kind").toString(), QStringLiteral("rate_limited"));
        BatchItem ok = failed();
        ok.status = BatchItem::Status::Ok;
        const QJsonObject good = QJsonDocument::fromJson(BatchResultFormat::jsonLine(ok)).object();
        QVERIFY(good.contains(u"error_kind") && good.value(u"error_kind").isNull());
        QVERIFY(good.value(u"error").isNull());
    }
};

QTEST_GUILESS_MAIN(TestBatchResultFormat)
#include "tst_batchresultformat.moc"
