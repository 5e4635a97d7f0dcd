// Prints how long the key pool's hot path takes: pick + report(success) (without and with the Overview's
// RequestHistory attached, as in the app), pick(5), round robin, pick(model) with its quota bucket, and bulk actions.
// Figures only; nothing here passes or fails on time.
#include "KeyPool.h"
#include "RequestHistory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <time.h>
#endif

#include <algorithm>
#include <functional>
#include <vector>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIza") + QString::number(i).rightJustified(35, QLatin1Char('b'));
}

void fill(KeyPool& pool, int n)
{
    QStringList secrets;
    secrets.reserve(n);
    for (int i = 0; i < n; ++i)
        secrets << generatedKey(i);
    pool.addSecrets(secrets);
}

/// CPU time of this thread in ns where the system offers it (steadier than wall time on a shared machine).
qint64 cpuNs()
{
#ifdef Q_OS_UNIX
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
#else
    static QElapsedTimer timer;
    if (!timer.isValid())
        timer.start();
    return timer.nsecsElapsed();
#endif
}

/// Median over `runs` of the mean ns per iteration of `body` repeated `iterations` times.
double medianNs(int runs, int iterations, const std::function<void()>& setup, const std::function<void()>& body)
{
    std::vector<double> samples;
    for (int i = 0; i < iterations / 10; ++i) // warm-up: caches, the dirty set's first growth
        body();
    for (int r = 0; r < runs; ++r) {
        if (setup)
            setup();
        const qint64 start = cpuNs();
        for (int i = 0; i < iterations; ++i)
            body();
        samples.push_back(double(cpuNs() - start) / iterations);
        QCoreApplication::processEvents(); // let the coalescing timer run between runs, as in the app
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    constexpr int Runs = 9;
    constexpr int Iterations = 500'000;
    const Outcome success = Outcome::success(120);
    Outcome serverError = Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("The model is overloaded."));

    out << "bench_pool: median of " << Runs << " runs, " << Iterations
        << " iterations each (thread CPU ns per iteration)\n";
    // Pool sizes from the command line (bench_pool 1000 100000), by default 1,000 and 100,000.
    QList<int> sizes;
    for (const QString& arg : app.arguments().mid(1)) {
        bool ok = false;
        const int n = arg.toInt(&ok);
        if (ok && n > 0)
            sizes << n;
    }
    if (sizes.isEmpty())
        sizes = {1'000, 100'000};
    for (int n : std::as_const(sizes)) {
        KeyPool pool;
        pool.setRandomSeed(1);
        fill(pool, n);
        qint64 checksum = 0;

        const double pickReport = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick();
            pool.report(id, success);
            checksum += id;
        });
        // As in the desktop app: every report also counts in the Overview's requests-per-minute history.
        RequestHistory history;
        pool.setRequestHistory(&history);
        const double pickReportHistory = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick();
            pool.report(id, success);
            checksum += id;
        });
        pool.setRequestHistory(nullptr);
        const double pickOnly = medianNs(Runs, Iterations, {}, [&] { checksum += pool.pick(); });
        // Weights moving all the time: one server fault per ten attempts (a tree update on most reports).
        int k = 0;
        const double mixed = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick();
            pool.report(id, (++k % 10) ? success : serverError);
            checksum += id;
        });
        pool.reset(pool.ids());
        const double pick5 = medianNs(Runs, Iterations / 5, {}, [&] {
            const QList<qint64> ids = pool.pick(5);
            for (qint64 id : ids)
                pool.report(id, success);
            checksum += ids.size();
        });
        pool.setStrategy(SelectionStrategy::RoundRobin);
        const double roundRobin = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick();
            pool.report(id, success);
            checksum += id;
        });
        pool.setStrategy(SelectionStrategy::Weighted);
        // The Dispatcher's path: a pick for a model charges that (project, model) bucket and the report feeds it;
        // the changed buckets are handed to the write-behind as a flush would, every 1,000 requests.
        Outcome modelSuccess = success;
        modelSuccess.model = QStringLiteral("gemini-2.5-flash");
        int sinceFlush = 0;
        const double modelPick = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick(modelSuccess.model);
            pool.report(id, modelSuccess);
            checksum += id;
            if (++sinceFlush == 1000) {
                sinceFlush = 0;
                checksum += pool.takeBucketDeltas().size();
            }
        });
        // Pacing bookkeeping on every pick: 60,000 rpm = 1 ms, and the injected clock moves 1 ms per iteration,
        // so each pick paces its key and the next pick expires it (one heap push and one pop per iteration).
        qint64 fakeNow = 1'780'000'000'000;
        pool.setClock([&fakeNow] { return fakeNow; });
        pool.setDefaultRpmLimit(60'000);
        const double paced = medianNs(Runs, Iterations, {}, [&] {
            const qint64 id = pool.pick();
            pool.report(id, success);
            checksum += id;
            ++fakeNow;
        });

        out << QStringLiteral("%1 keys:\n").arg(n);
        out << QStringLiteral("  pick + report(success)           %1 ns\n").arg(pickReport, 0, 'f', 1);
        out << QStringLiteral("  ... with a RequestHistory        %1 ns\n").arg(pickReportHistory, 0, 'f', 1);
        out << QStringLiteral("  pick only                        %1 ns\n").arg(pickOnly, 0, 'f', 1);
        out << QStringLiteral("  pick + report, 10% server faults %1 ns\n").arg(mixed, 0, 'f', 1);
        out << QStringLiteral("  pick(5) + 5 reports              %1 ns\n").arg(pick5, 0, 'f', 1);
        out << QStringLiteral("  round robin pick + report        %1 ns\n").arg(roundRobin, 0, 'f', 1);
        out << QStringLiteral("  pick + report with RPM pacing    %1 ns\n").arg(paced, 0, 'f', 1);
        out << QStringLiteral("  pick(model) + report (buckets)   %1 ns\n").arg(modelPick, 0, 'f', 1);
        out << QStringLiteral("  (checksum %1)\n").arg(checksum);
        out.flush();
    }

    // Bulk user actions on 100,000 keys, one call each.
    {
        KeyPool pool;
        QStringList secrets;
        for (int i = 0; i < 100'000; ++i)
            secrets << generatedKey(i);
        QElapsedTimer timer;
        timer.start();
        const QList<qint64> ids = pool.addSecrets(secrets);
        const double addMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        pool.disable(ids);
        const double disableMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        pool.enable(ids);
        const double enableMs = double(timer.nsecsElapsed()) / 1e6;
        QList<qint64> half;
        for (qint64 id : ids) {
            if (id % 2)
                half << id;
        }
        timer.restart();
        pool.remove(half);
        const double removeHalfMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        pool.remove(pool.ids());
        const double removeAllMs = double(timer.nsecsElapsed()) / 1e6;
        out << "100000 keys, bulk (one call each):\n";
        out << QStringLiteral("  add %1 ms, disable %2 ms, enable %3 ms, remove half %4 ms, remove the rest %5 ms\n")
                   .arg(addMs, 0, 'f', 1)
                   .arg(disableMs, 0, 'f', 1)
                   .arg(enableMs, 0, 'f', 1)
                   .arg(removeHalfMs, 0, 'f', 1)
                   .arg(removeAllMs, 0, 'f', 1);
    }
    return 0;
}
