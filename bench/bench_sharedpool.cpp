// The shared pool's figures (issue "one pool, many processes"): pick+report with change following on, a flush of
// 10,000 health deltas, the CPU that following costs an idle process, and the delay until a change made through
// one connection is visible to a pool following through another (median and worst of 100). Prints figures; never
// passes or fails on time.
//
//   bench_sharedpool [keys]      default: 1000

#include "KeyPool.h"
#include "KeyStore.h"
#include "KeyWriteBehind.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIzaSh") + QString::number(i).rightJustified(33, QLatin1Char('q'));
}

qint64 cpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QStringList secrets(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << generatedKey(i);
    return out;
}

/// ns per pick+report over ~1.5 s, the event loop turning every 1,000 operations (timers: write-behind, following).
double pickReport(KeyPool& pool)
{
    const Outcome ok = Outcome::success(10);
    qint64 ops = 0;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 1500) {
        for (int i = 0; i < 1000; ++i)
            pool.report(pool.pick(), ok);
        ops += 1000;
        QCoreApplication::processEvents();
    }
    return double(timer.nsecsElapsed()) / double(ops);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, atoi(argv[1])) : 1000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keys.db"));
    std::printf("--- %d keys\n", n);

    {
        KeyPool pool;
        pool.addSecrets(secrets(n));
        std::printf("pick+report, pool alone:                        %7.1f ns\n", pickReport(pool));
    }
    {
        KeyPool pool;
        KeyStore store;
        store.open(path);
        store.attach(&pool);
        if (pool.isEmpty())
            pool.addSecrets(secrets(n));
        std::printf("pick+report, write-behind, following off:       %7.1f ns\n", pickReport(pool));
        store.setFollowInterval(200);
        std::printf("pick+report, write-behind, following on:        %7.1f ns\n", pickReport(pool));
        // Another process (here: a second connection) changing keys all the while.
        KeyPool otherPool;
        KeyStore other;
        other.open(path);
        other.attach(&otherPool);
        QTimer writer;
        int flips = 0;
        QObject::connect(&writer, &QTimer::timeout, [&] {
            const qint64 id = otherPool.at(flips++ % otherPool.size()).id;
            otherPool.setLabel(id, QStringLiteral("flip %1").arg(flips));
        });
        writer.start(50);
        std::printf("pick+report, following on, another writer 20/s: %7.1f ns\n", pickReport(pool));
        writer.stop();
    }
    {
        // A flush of 10,000 deltas: one report on each of 10,000 keys, then one transaction.
        QTemporaryDir flushDir;
        KeyPool pool;
        pool.setChangeInterval(60 * 60 * 1000);
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000);
        store.open(flushDir.filePath(QStringLiteral("keys.db")));
        store.attach(&pool);
        pool.addSecrets(secrets(10'000));
        std::vector<double> times;
        std::vector<double> cpuTimes;
        for (int round = 0; round < 5; ++round) {
            for (int row = 0; row < pool.size(); ++row)
                pool.report(pool.at(row).id,
                            round % 2 ? Outcome::success(10)
                                      : Outcome::failure(OutcomeClass::ServerError, 500, QStringLiteral("internal")));
            QElapsedTimer t;
            const qint64 cpu0 = cpuNs();
            t.start();
            store.flush();
            times.push_back(double(t.nsecsElapsed()) / 1e6);
            cpuTimes.push_back(double(cpuNs() - cpu0) / 1e6);
        }
        std::sort(times.begin(), times.end());
        std::sort(cpuTimes.begin(), cpuTimes.end());
        std::printf(
            "flush of 10,000 deltas (one transaction): median %.1f ms (cpu %.1f ms), worst %.1f ms (5 rounds)\n",
            times[2], cpuTimes[2], times.back());
    }
    {
        // Idle following: the CPU an attached, following store costs while nothing happens.
        KeyPool pool;
        KeyStore store;
        store.open(path);
        store.attach(&pool);
        store.setFollowInterval(200);
        spin(300);
        const qint64 cpu0 = cpuNs();
        QElapsedTimer wall;
        wall.start();
        spin(5000);
        const double share = 100.0 * double(cpuNs() - cpu0) / double(wall.nsecsElapsed());
        std::printf("idle CPU while following (5 s, 5 looks a second): %.3f %% of a core\n", share);
    }
    {
        // Change-visible delay: a disable committed through one connection, seen by a pool following another.
        KeyPool writerPool;
        KeyStore writer;
        writer.open(path);
        writer.attach(&writerPool);
        KeyPool readerPool;
        KeyStore reader;
        reader.open(path);
        reader.attach(&readerPool);
        reader.setFollowInterval(200);
        std::vector<double> delays;
        const qint64 id = writerPool.at(0).id;
        for (int i = 0; i < 100; ++i) {
            const bool disable = i % 2 == 0;
            QElapsedTimer t;
            if (disable)
                writerPool.disable({id});
            else
                writerPool.enable({id});
            t.start();
            const KeyStatus want = disable ? KeyStatus::Disabled : KeyStatus::Active;
            while (readerPool.find(id)->status != want && t.elapsed() < 5000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            delays.push_back(double(t.nsecsElapsed()) / 1e6);
            spin(int(17 * (i % 7))); // changes at moments unrelated to the follower's timer
        }
        std::sort(delays.begin(), delays.end());
        std::printf("change visible in the other pool: median %.0f ms, worst %.0f ms (100 changes)\n", delays[50],
                    delays.back());
    }
    return 0;
}
