// Desktop window figures with a large pool: the time to open the main window with the keys table filled (from a
// prepared database, load included), and the longest event-loop stall while health reports arrive.
// Prints figures; never passes or fails on time. Run offscreen:
//
//   QT_QPA_PLATFORM=offscreen bench_gui [keys] [reports-per-second] [seconds]     default: 100000 1000 10
//
// The stall probe is a 1 ms timer; its worst lateness (gap between two ticks minus 1 ms) is the longest time the
// window could not react. Reports go through KeyPool::report like the Dispatcher's, with a realistic mix of
// outcomes; the pool coalesces them, the model turns them into dataChanged, the store writes them behind.

#include "ImportController.h"
#include "KeyFilterModel.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "KeyTableModel.h"
#include "KeysPage.h"
#include "MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIzaGu") + QString::number(i).rightJustified(33, QLatin1Char('w'));
}

void processEventsFor(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

struct StallFigures
{
    double maxLatenessMs = 0;
    double p99LatenessMs = 0;
    int ticks = 0;
    int reports = 0;
};

/// Feeds `perSecond` reports for `seconds` and measures the probe timer's lateness meanwhile.
StallFigures measureStall(KeyPool& pool, const QList<qint64>& ids, int perSecond, int seconds)
{
    StallFigures figures;
    std::vector<double> lateness;
    lateness.reserve(size_t(seconds) * 1000);
    QRandomGenerator rng(42);

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QElapsedTimer sinceTick;
    bool started = false;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (started)
            lateness.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - 1.0));
        started = true;
        sinceTick.restart();
    });

    // 10 bursts a second, like a busy batch: each burst reports perSecond / 10 outcomes.
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(100);
    const int perBurst = std::max(1, perSecond / 10);
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        for (int i = 0; i < perBurst; ++i) {
            const qint64 id = ids.at(int(rng.bounded(quint32(ids.size()))));
            const quint32 roll = rng.bounded(100u);
            Outcome outcome;
            if (roll < 80) {
                outcome = Outcome::success(300 + rng.bounded(900u));
            } else if (roll < 90) {
                outcome =
                    Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("Resource has been exhausted."));
                outcome.retryDelayMs = 5'000 + rng.bounded(25'000u);
            } else if (roll < 99) {
                outcome = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("The model is overloaded."));
            } else {
                outcome = Outcome::failure(OutcomeClass::KeyInvalid, 400, QStringLiteral("API key not valid."));
                outcome.reason = QStringLiteral("API_KEY_INVALID");
            }
            pool.report(id, outcome);
            ++figures.reports;
        }
    });

    QElapsedTimer run;
    run.start();
    probe.start();
    feeder.start();
    while (run.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    feeder.stop();
    probe.stop();

    figures.ticks = int(lateness.size());
    if (!lateness.empty()) {
        std::sort(lateness.begin(), lateness.end());
        figures.maxLatenessMs = lateness.back();
        figures.p99LatenessMs = lateness.at(size_t(double(lateness.size() - 1) * 0.99));
    }
    return figures;
}

void printStall(const char* what, const StallFigures& f, int seconds)
{
    std::printf("  %-44s %d reports in %d s; probe ticks %d; stall max %.1f ms, p99 %.1f ms\n", what, f.reports,
                seconds, f.ticks, f.maxLatenessMs, f.p99LatenessMs);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EasyGeminiBalanceBench"));
    QApplication::setApplicationName(QStringLiteral("bench_gui"));
    QTemporaryDir dir;
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));

    const QStringList args = QCoreApplication::arguments();
    const int keys = args.size() > 1 ? args.at(1).toInt() : 100'000;
    const int perSecond = args.size() > 2 ? args.at(2).toInt() : 1000;
    const int seconds = args.size() > 3 ? args.at(3).toInt() : 10;
    const QString dbPath = dir.filePath(QStringLiteral("keys.db"));

    // Prepare the database as a previous session would have left it.
    {
        QElapsedTimer prep;
        prep.start();
        KeyPool pool;
        KeyStore store;
        if (!store.open(dbPath) || !store.attach(&pool)) {
            std::fprintf(stderr, "cannot prepare %s: %s\n", qPrintable(dbPath), qPrintable(store.lastError()));
            return 1;
        }
        QStringList secrets;
        secrets.reserve(keys);
        for (int i = 0; i < keys; ++i)
            secrets << generatedKey(i);
        pool.addSecrets(secrets);
        store.flush();
        std::printf("bench_gui: %d keys, %d reports/s for %d s (platform %s)\n", keys, perSecond, seconds,
                    qPrintable(QGuiApplication::platformName()));
        std::printf("  prepared database in %lld ms\n", prep.elapsed());
    }

    // Import of a keys file into an empty window: total time and the longest stall while it runs.
    {
        const QString keyFile = dir.filePath(QStringLiteral("import.txt"));
        QFile file(keyFile);
        if (file.open(QIODevice::WriteOnly)) {
            for (int i = 0; i < keys; ++i)
                file.write(
                    (QStringLiteral("AIzaIm") + QString::number(i).rightJustified(33, QLatin1Char('v'))).toLatin1() +
                    '\n');
            file.close();
        }
        MainWindow importWindow(dir.filePath(QStringLiteral("import.db")));
        importWindow.importController()->setShowResultDialog(false);
        importWindow.show();
        QCoreApplication::processEvents();
        double maxGapMs = 0;
        QElapsedTimer sinceTick;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(1);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            maxGapMs = std::max(maxGapMs, double(sinceTick.nsecsElapsed()) / 1e6 - 1.0);
            sinceTick.restart();
        });
        bool done = false;
        int added = 0;
        QObject::connect(importWindow.importController(), &ImportController::finished,
                         [&](const QList<ImportedSource>&, int n) {
                             done = true;
                             added = n;
                         });
        QElapsedTimer importTime;
        importTime.start();
        sinceTick.start();
        probe.start();
        importWindow.importController()->importFiles({keyFile});
        while (!done)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        probe.stop();
        std::printf("  import a %d-key file (parse in a worker, add in chunks of %d): %lld ms, %d added, "
                    "longest stall %.1f ms\n",
                    keys, ImportController::ChunkSize, importTime.elapsed(), added, maxGapMs);
    }

    QElapsedTimer open;
    open.start();
    MainWindow window(dbPath);
    const qint64 constructed = open.elapsed();
    window.show();
    QCoreApplication::processEvents(); // show, lay out, first paint of the table
    window.keysPage()->view()->viewport()->repaint();
    const qint64 shown = open.elapsed();
    std::printf("  open main window (load %d keys + table shown): %lld ms (constructed in %lld ms)\n",
                window.pool()->size(), shown, constructed);
    std::printf("  rows in the view: %d\n", window.keysPage()->view()->model()->rowCount());
    processEventsFor(300);

    const QList<qint64> ids = window.pool()->ids();
    qint64 maxFlushUs = 0;
    int flushes = 0;
    QObject::connect(window.store(), &KeyStore::flushed, [&](int, qint64 us) {
        maxFlushUs = std::max(maxFlushUs, us);
        ++flushes;
    });
    printStall("unsorted table:", measureStall(*window.pool(), ids, perSecond, seconds), seconds);
    std::printf("  (of which the database write-behind: %d flushes, longest %.1f ms)\n", flushes, maxFlushUs / 1000.0);

    // Sorted by weight: the proxy does not re-sort on every change (see KeyFilterModel).
    QElapsedTimer sortTime;
    sortTime.start();
    window.keysPage()->view()->sortByColumn(KeyTableModel::WeightColumn, Qt::AscendingOrder);
    QCoreApplication::processEvents();
    std::printf("  sort %d rows by weight (one click on the header): %lld ms\n", window.pool()->size(),
                sortTime.elapsed());
    printStall("table sorted by weight:", measureStall(*window.pool(), ids, perSecond, seconds), seconds);
    std::printf("  KeyFilterModel last refresh cost: %lld ms (auto refresh only when <= 30 ms)\n",
                window.keysPage()->filterModel()->lastRefreshCostMs());

    // Bulk user actions on the whole table (one pool call, one transaction each).
    QTableView* view = window.keysPage()->view();
    QElapsedTimer bulk;
    bulk.start();
    view->selectAll();
    const int selected = int(window.keysPage()->selectedIds().size());
    std::printf("  select all (%d rows) and read the selection: %lld ms\n", selected, bulk.elapsed());
    bulk.restart();
    window.keysPage()->disableSelected();
    QCoreApplication::processEvents();
    std::printf("  disable all (pool + database + table): %lld ms\n", bulk.elapsed());
    bulk.restart();
    window.keysPage()->enableSelected();
    QCoreApplication::processEvents();
    std::printf("  enable all: %lld ms\n", bulk.elapsed());
    return 0;
}
