// Overview page figures with a large pool: the O(n) scan for the ten worst keys, a full page refresh (totals,
// chart, top list), and the cost of RequestHistory::record on the hot path. Prints figures; never passes or fails.
//
//   QT_QPA_PLATFORM=offscreen bench_gui_overview [keys]        default: 100000

#include "AppSettings.h"
#include "KeyPool.h"
#include "OverviewPage.h"
#include "RequestHistory.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace egb;

namespace {
QString generatedKey(int i)
{
    return QStringLiteral("AIzaOv") + QString::number(i).rightJustified(33, QLatin1Char('q'));
}

double medianMs(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1e6;
}
} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const int n = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 100'000;

    KeyPool pool;
    QRandomGenerator rng(7);
    QList<ApiKey> keys;
    keys.reserve(n);
    for (int i = 0; i < n; ++i) {
        ApiKey k;
        k.secret = generatedKey(i);
        k.consecutiveFailures = int(rng.bounded(5));
        k.totalFailures = rng.bounded(10'000);
        k.lastError = QStringLiteral("The model is overloaded.");
        keys.append(k);
    }
    pool.addKeys(keys);

    RequestHistory history;
    AppSettings settings(QStandardPaths::writableLocation(QStandardPaths::TempLocation) +
                         QStringLiteral("/bench_gui_overview.ini"));
    OverviewPage page(&pool, &history, &settings);
    page.resize(1200, 800);

    std::vector<qint64> scan;
    std::vector<qint64> refresh;
    for (int r = 0; r < 21; ++r) {
        QElapsedTimer t;
        t.start();
        const QList<int> worst = OverviewPage::worstRows(pool, OverviewPage::TopCount);
        scan.push_back(t.nsecsElapsed());
        if (worst.size() != OverviewPage::TopCount)
            std::fprintf(stderr, "unexpected top list of %d\n", int(worst.size()));
        history.record(OutcomeClass::Success, pool.now()); // so the chart redraws too
        t.restart();
        page.refreshNow();
        refresh.push_back(t.nsecsElapsed());
    }

    const int records = 10'000'000;
    const qint64 now = pool.now();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < records; ++i)
        history.record(i % 20 == 0 ? OutcomeClass::RateLimited : OutcomeClass::Success, now + (i & 0xffff));
    const double recordNs = double(t.nsecsElapsed()) / records;

    std::printf("keys: %d\n", n);
    std::printf("worst-ten scan (median of 21): %.2f ms\n", medianMs(scan));
    std::printf("full overview refresh, totals + chart + top ten (median of 21): %.2f ms\n", medianMs(refresh));
    std::printf("RequestHistory::record: %.1f ns per call (%d calls)\n", recordNs, records);
    return 0;
}
