#include "FenwickTree.h"

#include <QTest>

#include <random>
#include <vector>

using namespace egb;

/// The key pool's weighted index, against a plain array doing the same sums the slow way.
class TestFenwickTree : public QObject
{
    Q_OBJECT

    static FenwickTree built(const std::vector<quint64>& values)
    {
        FenwickTree t;
        t.build(
            int(values.size()), [&values](int row) { return values[size_t(row)]; },
            [](int row) { return qint64(row) * 10 + 7; });
        return t;
    }

    /// The row holding the k-th unit of weight, the slow way.
    static int naiveFind(const std::vector<quint64>& values, quint64 target)
    {
        for (size_t row = 0; row < values.size(); ++row) {
            if (target < values[row])
                return int(row);
            target -= values[row];
        }
        return -1;
    }

private Q_SLOTS:
    void emptyTreeHasNothing()
    {
        FenwickTree t = built({});
        QCOMPARE(t.size(), 0);
        QCOMPARE(t.total(), 0u);
        QCOMPARE(t.prefix(0), 0u);
    }

    void sumsAndFindsMatchTheSlowWay()
    {
        std::mt19937_64 rng(11);
        for (int n : {1, 2, 3, 7, 8, 9, 100, 1000, 1025}) {
            std::vector<quint64> values(static_cast<size_t>(n));
            for (auto& v : values)
                v = rng() % 5 == 0 ? 0 : rng() % 1000;
            FenwickTree t = built(values);
            QCOMPARE(t.size(), n);
            quint64 sum = 0;
            for (int rows = 0; rows <= n; ++rows) {
                QCOMPARE(t.prefix(rows), sum);
                if (rows < n)
                    sum += values[size_t(rows)];
            }
            QCOMPARE(t.total(), sum);
            for (int probe = 0; probe < 200 && sum > 0; ++probe) {
                const quint64 target = rng() % sum;
                const int row = t.find(target);
                QCOMPARE(row, naiveFind(values, target));
                QVERIFY(values[size_t(row)] > 0); // a zero-weight row is never found
            }
            QCOMPARE(t.idAt(n - 1), qint64(n - 1) * 10 + 7);
        }
    }

    void updatesKeepTheSumsExact()
    {
        std::mt19937_64 rng(5);
        std::vector<quint64> values(300, 1 << 20);
        FenwickTree t = built(values);
        for (int step = 0; step < 5000; ++step) {
            const int row = int(rng() % values.size());
            const quint64 next = rng() % 3 == 0 ? 0 : rng() % (1 << 20);
            t.add(row, next - values[size_t(row)]); // two's complement for a decrease
            values[size_t(row)] = next;
        }
        quint64 sum = 0;
        for (size_t row = 0; row < values.size(); ++row) {
            QCOMPARE(t.prefix(int(row)), sum);
            sum += values[row];
        }
        QCOMPARE(t.total(), sum);
        for (quint64 target = 0; target < sum; target += sum / 97 + 1)
            QCOMPARE(t.find(target), naiveFind(values, target));
    }
};

QTEST_GUILESS_MAIN(TestFenwickTree)
#include "tst_fenwicktree.moc"
