#include "IdIndex.h"

#include <QTest>

using namespace egb;

/// The key pool's id -> row map: dense while ids are, a hash once they are not, the same answers either way.
class TestIdIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void denseIdsAnswerTheirRows()
    {
        IdIndex index;
        for (int row = 0; row < 1000; ++row)
            index.set(row + 1, row, row + 1);
        QVERIFY(!index.isSparse());
        for (int row = 0; row < 1000; ++row)
            QCOMPARE(index.find(row + 1), row);
        QCOMPARE(index.find(0), -1);
        QCOMPARE(index.find(-5), -1);
        QCOMPARE(index.find(1001), -1);
        QCOMPARE(index.find(1'000'000), -1);
        index.set(3, 42, 1000); // a row moved (after a removal)
        QCOMPARE(index.find(3), 42);
    }

    void sparseIdsSwitchToAHashAndKeepEveryEntry()
    {
        IdIndex index;
        for (int row = 0; row < 10; ++row)
            index.set(row + 1, row, row + 1);
        const qint64 far = 5'000'000'000LL; // a database that handed out a huge id
        index.set(far, 10, 11);
        QVERIFY(index.isSparse());
        QCOMPARE(index.find(far), 10);
        for (int row = 0; row < 10; ++row)
            QCOMPARE(index.find(row + 1), row);
        QCOMPARE(index.find(far + 1), -1);
    }

    void clearForgetsEverything()
    {
        IdIndex index;
        index.set(7, 0, 1);
        index.set(9'000'000'000LL, 1, 2);
        index.clear();
        QVERIFY(!index.isSparse());
        QCOMPARE(index.find(7), -1);
        QCOMPARE(index.find(9'000'000'000LL), -1);
    }
};

QTEST_GUILESS_MAIN(TestIdIndex)
#include "tst_idindex.moc"
