// bench_transport: egb's batch path (BatchRunner → Dispatcher → GeminiClient) over the three transports, against
// egb-fake-gemini in a process of its own, so every figure is the client's alone:
//
//   latency × concurrency: 20 ms × 64, 200 ms × 1,024, 2 s × 4,096
//   transports:            http (HTTP/1.1), https + HTTP/1.1, https + HTTP/2 (TLS with a test CA made at start)
//
// For each it prints the batch efficiency (ideal time / actual time, ideal = prompts × latency / concurrency), the
// client's CPU per request (user + system, getrusage), and its peak RSS per request in flight (VmHWM reset through
// /proc/self/clear_refs before each run, minus the RSS before it).
//
//   bench_transport [--quick] [--only http|https1|https2] [--levels 0,1,2]
//
// --quick runs a third of the prompts. The fake server binary is found beside this one (../tests/support) or
// through EGB_FAKE_GEMINI.

#include "AsyncTest.h"
#include "BatchRunner.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>
#include <optional>

using namespace egb;
using namespace egb::test;

namespace {

qint64 statusKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
}

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Transport
{
    const char* name;
    bool tls;
    bool http2;
};

/// egb-fake-gemini as a child process.
struct FakeServerProcess
{
    QProcess process;
    QUrl url;
    QString caPath;

    bool start(const QString& program, const Transport& t, int latencyMs, const QString& tlsDir)
    {
        QStringList args{QStringLiteral("--latency"), QString::number(latencyMs)};
        if (t.tls) {
            args << QStringLiteral("--tls") << tlsDir;
            if (!t.http2)
                args << QStringLiteral("--http1");
        }
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(program, args);
        if (!process.waitForStarted(10'000))
            return false;
        QByteArray line;
        QElapsedTimer clock;
        clock.start();
        while (!line.contains('\n') && clock.elapsed() < 30'000) {
            process.waitForReadyRead(1000);
            line += process.readAllStandardOutput();
        }
        static const QRegularExpression re(QStringLiteral("listening on (\\S+)(?: \\(trust (\\S+)\\))?"));
        const auto m = re.match(QString::fromUtf8(line));
        if (!m.hasMatch())
            return false;
        url = QUrl(m.captured(1));
        caPath = m.captured(2);
        return true;
    }
    ~FakeServerProcess()
    {
        process.terminate();
        if (!process.waitForFinished(5000)) {
            process.kill();
            process.waitForFinished();
        }
    }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    QString only;
    QList<int> levelsWanted{0, 1, 2};
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--only"))
            only = args.at(i + 1);
        if (args.at(i) == QLatin1String("--levels")) {
            levelsWanted.clear();
            for (const QString& l : args.at(i + 1).split(u','))
                levelsWanted.append(l.toInt());
        }
    }
    QString program = qEnvironmentVariable("EGB_FAKE_GEMINI");
    if (program.isEmpty())
        program =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../tests/support/egb-fake-gemini"));
    if (!QFileInfo(program).isExecutable()) {
        std::fprintf(stderr, "bench_transport: %s is not there; build egb-fake-gemini or set EGB_FAKE_GEMINI\n",
                     qPrintable(program));
        return 1;
    }
    QTemporaryDir tlsDir;

    struct Level
    {
        int latencyMs;
        int concurrency;
        int prompts;
    };
    const Level levels[] = {
        {20, 64, quick ? 2000 : 6400}, {200, 1024, quick ? 4096 : 10240}, {2000, 4096, quick ? 4096 : 12288}};
    const Transport transports[] = {{"http", false, false}, {"https1", true, false}, {"https2", true, true}};

    KeyPool pool;
    QStringList keys;
    for (int i = 0; i < 256; ++i)
        keys.append(testKey(7000 + i));
    pool.addSecrets(keys);

    std::printf("bench_transport: egb-fake-gemini in its own process; client figures only (this process)\n");
    std::printf("%-7s %8s %11s %8s %9s %9s %10s %12s %13s %8s\n", "proto", "latency", "concurrency", "prompts",
                "time (s)", "ideal (s)", "efficiency", "CPU/req (us)", "RSS/in-flight", "clients");
    std::fflush(stdout);
    for (const Transport& t : transports) {
        if (!only.isEmpty() && only != QLatin1String(t.name))
            continue;
        for (int li = 0; li < 3; ++li) {
            if (!levelsWanted.contains(li))
                continue;
            const Level& level = levels[li];
            FakeServerProcess server;
            if (!server.start(program, t, level.latencyMs, tlsDir.filePath(QString::fromLatin1(t.name)))) {
                std::fprintf(stderr, "bench_transport: the fake server did not start\n");
                return 1;
            }
            ClientSettings cs;
            cs.baseUrl = server.url;
            cs.http2 = t.http2;
            if (!server.caPath.isEmpty()) {
                QString why;
                if (auto ca = ClientSettings::loadCaFile(server.caPath, &why))
                    cs.caCertificates = *ca;
            }
            cs.attemptTimeoutMs = 60'000;
            DispatcherSettings ds;
            ds.requestDeadlineMs = 0;
            QList<GenerateRequest> requests;
            requests.reserve(level.prompts);
            for (int i = 0; i < level.prompts; ++i)
                requests.append(GenerateRequest::fromPrompt(QStringLiteral("Prompt number %1").arg(i)));

            BatchRunner runner(&pool, cs, ds);
            runner.setConcurrency(level.concurrency);
            runner.setProgressInterval(1000);
            const qint64 rssBefore = statusKb("VmRSS");
            resetPeakRss();
            const double cpuBefore = cpuSeconds();
            QElapsedTimer clock;
            clock.start();
            const auto results = awaitFor(runner.run(requests), 900'000);
            const double seconds = double(clock.nsecsElapsed()) / 1e9;
            const double cpu = cpuSeconds() - cpuBefore;
            const qint64 peakKb = statusKb("VmHWM");
            int okCount = 0;
            if (results) {
                for (const BatchItemResult& r : std::as_const(*results))
                    okCount += r.ok() ? 1 : 0;
            }
            const double ideal = double(level.prompts) * level.latencyMs / 1000.0 / level.concurrency;
            const double rssPerInFlight = double(peakKb - rssBefore) / level.concurrency;
            std::printf("%-7s %6d ms %11d %8d %9.2f %9.2f %10.3f %12.0f %10.1f kB %8d%s\n", t.name, level.latencyMs,
                        level.concurrency, level.prompts, seconds, ideal, ideal / seconds,
                        cpu * 1e6 / level.prompts, rssPerInFlight, runner.clientCount(),
                        okCount == level.prompts
                            ? ""
                            : qPrintable(QStringLiteral("  (%1 failed: %2)")
                                             .arg(level.prompts - okCount)
                                             .arg(results && !results->isEmpty() ? [&] {
                                                 for (const BatchItemResult& r : std::as_const(*results))
                                                     if (!r.ok())
                                                         return r.errorMessage;
                                                 return QString();
                                             }()
                                                                                 : QStringLiteral("timed out"))));
            std::fflush(stdout);
        }
    }
    return 0;
}
