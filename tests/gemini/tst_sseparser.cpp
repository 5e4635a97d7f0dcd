#include "SseParser.h"

#include <QTest>

using egb::SseParser;

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::newRow("crlf, space") << QByteArray("data: {\"a\":1}\r\n\r\ndata: {\"a\":2}\r\n\r\n");
        QTest::newRow("lf, space") << QByteArray("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n");
        QTest::newRow("crlf, no space") << QByteArray("data:{\"a\":1}\r\n\r\ndata:{\"a\":2}\r\n\r\n");
        QTest::newRow("cr only") << QByteArray("data: {\"a\":1}\r\rdata: {\"a\":2}\r\r");
        QTest::newRow("comments and fields") << QByteArray(": keep-alive\r\nevent: message\r\nid: 7\r\ndata: "
                                                           "{\"a\":1}\r\n\r\n: ping\r\n\r\ndata: {\"a\":2}\r\n\r\n");
    }
    void framing()
    {
        QFETCH(QByteArray, stream);
        // Every split of the stream into two reads must give the same two events (a read may end inside a CRLF).
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            SseParser parser;
            QList<QByteArray> events = parser.feed(QByteArrayView(stream).first(cut));
            events += parser.feed(QByteArrayView(stream).sliced(cut));
            events += parser.finish();
            QCOMPARE(events, (QList<QByteArray>{"{\"a\":1}", "{\"a\":2}"}));
            QVERIFY(parser.plainText().isEmpty());
        }
        // And one byte at a time.
        SseParser parser;
        QList<QByteArray> events;
        for (char c : stream)
            events += parser.feed(QByteArrayView(&c, 1));
        QCOMPARE(events, (QList<QByteArray>{"{\"a\":1}", "{\"a\":2}"}));
        QCOMPARE(parser.eventCount(), 2);
    }

    void eventsComeOutAsSoonAsTheyAreComplete()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: {\"a\":1}\r\n"), QList<QByteArray>{});
        QVERIFY(parser.hasPendingData());
        QCOMPARE(parser.feed("\r\n"), QList<QByteArray>{"{\"a\":1}"});
        QVERIFY(!parser.hasPendingData());
    }

    void multiLineDataIsJoined()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: {\"a\":\ndata: 1}\n\n"), QList<QByteArray>{"{\"a\":\n1}"});
    }

    void noDoneSentinelLastEventWithoutBlankLine()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: {\"a\":1}\r\n\r\ndata: {\"a\":2}"), QList<QByteArray>{"{\"a\":1}"});
        QCOMPARE(parser.finish(), QList<QByteArray>{"{\"a\":2}"});
    }

    void cutStreamLeavesAnIncompleteEvent()
    {
        SseParser parser;
        QCOMPARE(parser.feed("data: {\"a\":1}\r\n\r\ndata: {\"candidates\":[{\"con"), QList<QByteArray>{"{\"a\":1}"});
        QVERIFY(parser.hasPendingData());
        const QList<QByteArray> rest = parser.finish();
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.first(), QByteArray("{\"candidates\":[{\"con")); // truncated JSON: the caller rejects it
    }

    void plainJsonErrorBodyIsNotAnEvent()
    {
        const QByteArray body = "{\n  \"error\": {\n    \"code\": 404,\n    \"message\": \"models/x is not found\",\n"
                                "    \"status\": \"NOT_FOUND\"\n  }\n}\n";
        SseParser parser;
        QList<QByteArray> events = parser.feed(body);
        events += parser.finish();
        QVERIFY(events.isEmpty());
        QCOMPARE(parser.eventCount(), 0);
        QVERIFY(parser.plainText().contains("\"code\": 404"));
        QVERIFY(parser.plainText().startsWith('{'));
    }

    void compactErrorBody()
    {
        SseParser parser;
        parser.feed("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}");
        parser.finish();
        QCOMPARE(parser.plainText(), QByteArray("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"));
    }

    void midStreamErrorEventIsAnEvent()
    {
        SseParser parser;
        const QList<QByteArray> events =
            parser.feed("data: {\"candidates\":[]}\r\n\r\ndata: {\"error\":{\"code\":500}}\r\n\r\n");
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1), QByteArray("{\"error\":{\"code\":500}}"));
    }

    void resetStartsOver()
    {
        SseParser parser;
        parser.feed("data: half");
        parser.reset();
        QVERIFY(!parser.hasPendingData());
        QCOMPARE(parser.feed("data: x\n\n"), QList<QByteArray>{"x"});
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
