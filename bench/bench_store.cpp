// Persistence and import figures: key-file import (parse + pool + database), load from the database, a write-behind
// flush of changed keys, and bulk user actions. Prints figures; never passes or fails on time.
//
//   bench_store [counts...]      default: 1000 100000

#include "KeyFile.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <ctime>

using namespace egb;

namespace {

QString generatedKey(int i)
{
    return QStringLiteral("AIzaBn") + QString::number(i).rightJustified(33, QLatin1Char('q'));
}

/// Wall-clock and CPU time of this process: on a machine shared with other work, CPU time is the steadier figure.
class Stopwatch
{
public:
    Stopwatch() { restart(); }
    void restart()
    {
        m_wall.start();
        m_cpu = cpuNs();
    }
    double ms() const { return double(m_wall.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return double(cpuNs() - m_cpu) / 1e6; }
    QByteArray text() const
    {
        return QByteArray::number(ms(), 'f', 1) + " ms (cpu " + QByteArray::number(cpuMs(), 'f', 1) + " ms)";
    }

private:
    static qint64 cpuNs()
    {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    QElapsedTimer m_wall;
    qint64 m_cpu = 0;
};

void run(int n)
{
    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("keys.txt"));
    {
        QFile f(keyFile);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(keyFile));
        QByteArray data;
        data.reserve(n * 41 + 64);
        data += "# generated keys\n";
        for (int i = 0; i < n; ++i) {
            data += generatedKey(i).toLatin1();
            data += '\n';
        }
        f.write(data);
    }
    const QString dbPath = dir.filePath(QStringLiteral("keys.db"));
    std::printf("--- %d keys\n", n);

    {
        KeyPool pool;
        KeyStore store;
        store.setFlushInterval(60 * 60 * 1000);
        if (!store.open(dbPath) || !store.attach(&pool))
            qFatal("open failed: %s", qPrintable(store.lastError()));

        Stopwatch t;
        const ImportResult parsed = KeyFile::read(keyFile);
        const QByteArray parseText = t.text();
        t.restart();
        const ImportResult r = KeyFile::importInto(pool, keyFile);
        const QByteArray importText = t.text();
        if (!parsed.ok || r.addedIds.size() != n)
            qFatal("import failed: %s", qPrintable(r.error));
        std::printf("import of a %d-key file (read + parse + pool + database): %s\n", n, importText.constData());
        std::printf("    of which read + parse: %s\n", parseText.constData());

        // Write-behind: up to 10,000 keys changed by health reports, then one flush.
        const int changed = std::min(n, 10'000);
        pool.setChangeInterval(0);
        for (int i = 0; i < changed; ++i)
            pool.report(r.addedIds.at(i), Outcome::failure(OutcomeClass::ServerError, 503, QStringLiteral("busy")));
        const QDeadlineTimer deadline(10'000);
        while (store.pendingCount() < changed && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        int flushedKeys = 0;
        QObject::connect(&store, &KeyStore::flushed, &store, [&flushedKeys](int keys, qint64) { flushedKeys = keys; });
        t.restart();
        store.flush();
        std::printf("flush of %d changed keys (one transaction): %s\n", flushedKeys, t.text().constData());

        t.restart();
        pool.disable(pool.ids(), QStringLiteral("bulk"));
        std::printf("bulk disable of %d keys (committed): %s\n", pool.size(), t.text().constData());
        t.restart();
        pool.enable(pool.ids());
        std::printf("bulk enable of %d keys (committed): %s\n", pool.size(), t.text().constData());
        store.detach();
    }
    {
        KeyStore store;
        Stopwatch t;
        if (!store.open(dbPath))
            qFatal("open failed: %s", qPrintable(store.lastError()));
        const QByteArray openText = t.text();
        t.restart();
        std::vector<ApiKey> keys = store.loadKeys();
        const QByteArray loadText = t.text();
        t.restart();
        KeyPool pool;
        pool.load(std::move(keys));
        std::printf("open: %s; load of %d keys from the database: %s; pool.load: %s\n", openText.constData(),
                    pool.size(), loadText.constData(), t.text().constData());
        store.attach(&pool);
        const QList<qint64> ids = pool.ids();
        t.restart();
        pool.remove(ids);
        std::printf("bulk remove of %d keys (committed): %s\n", int(ids.size()), t.text().constData());
    }
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QList<int> counts;
    for (int i = 1; i < argc; ++i)
        counts.append(QString::fromLocal8Bit(argv[i]).toInt());
    if (counts.isEmpty())
        counts = {1'000, 100'000};
    for (int n : counts)
        run(n);
    return 0;
}
