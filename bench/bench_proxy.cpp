// bench_proxy: what the local proxy costs a caller, against calling the (fake) Gemini server directly, at 20 ms
// upstream latency. The fake server, the proxy and the callers each run in their own thread; callers use plain
// QNetworkAccessManager requests (the same code both ways), the proxy is the real ProxyServer with a pool of keys,
// the Dispatcher, the PassThroughClient and token checks.
//
//   bench_proxy [--requests N] [--concurrency C] [--latency MS]
//
// Prints: added latency p50/p99 (one request at a time), the proxy thread's CPU time per proxied request, and
// throughput with C concurrent callers (direct and through the proxy, and their ratio).

#include "AccessTokenStore.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "PassThroughClient.h"
#include "ProxyServer.h"
#include "TestKeys.h"

#include <QCoreApplication>
#include <QCoro/QCoroNetworkReply>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <vector>

using namespace egb;
using namespace egb::test;

namespace {

const QByteArray Body = R"({"contents":[{"role":"user","parts":[{"text":"How far is the moon?"}]}]})";

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

/// The proxy and everything behind it, built and used in its own thread.
class ProxyHost : public QObject
{
    Q_OBJECT
public:
    QString token;
    quint16 port = 0;

    Q_INVOKABLE bool start(const QString& upstream)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-proxy"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open())
            return false;
        tokens = std::make_unique<AccessTokenStore>();
        if (!tokens->open(QStringLiteral("bench-proxy")))
            return false;
        token = tokens->add(QStringLiteral("bench"))->token;
        pool = std::make_unique<KeyPool>();
        QStringList keys;
        for (int i = 0; i < 64; ++i)
            keys.append(testKey(9000 + i));
        pool->addSecrets(keys);
        ClientSettings cs;
        cs.baseUrl = QUrl(upstream);
        ProxySettings settings;
        settings.port = 0;
        settings.upstreamManagers = 48; // 288 upstream connections: more than the callers
        client = std::make_unique<PassThroughClient>(cs, settings.upstreamManagers);
        dispatcher = std::make_unique<Dispatcher>(pool.get(), nullptr);
        proxy = std::make_unique<ProxyServer>(dispatcher.get(), client.get(), tokens.get(), settings);
        if (!proxy->start())
            return false;
        port = proxy->port();
        return true;
    }
    Q_INVOKABLE double cpuMs() const { return threadCpuMs(); }
    Q_INVOKABLE void stop()
    {
        proxy.reset();
        dispatcher.reset();
        client.reset();
        pool.reset();
        tokens.reset();
        QSqlDatabase::removeDatabase(QStringLiteral("bench-proxy"));
    }

private:
    std::unique_ptr<AccessTokenStore> tokens;
    std::unique_ptr<KeyPool> pool;
    std::unique_ptr<PassThroughClient> client;
    std::unique_ptr<Dispatcher> dispatcher;
    std::unique_ptr<ProxyServer> proxy;
};

struct Target
{
    QUrl url;
    QByteArray key; ///< a pool key (direct) or the proxy token
};

QCoro::Task<void> caller(QNetworkAccessManager* nam, Target target, int* remaining, std::vector<double>* latencies,
                         int* failures)
{
    while (*remaining > 0) {
        --*remaining;
        QNetworkRequest request(target.url);
        request.setRawHeader("x-goog-api-key", target.key);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QElapsedTimer t;
        t.start();
        QNetworkReply* reply = nam->post(request, Body);
        co_await reply;
        const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 &&
                        reply->readAll().contains("candidates");
        latencies->push_back(double(t.nsecsElapsed()) / 1e6);
        *failures += ok ? 0 : 1;
        reply->deleteLater();
    }
}

struct RunResult
{
    std::vector<double> latencies;
    int failures = 0;
    double seconds = 0;
};

RunResult run(std::vector<std::unique_ptr<QNetworkAccessManager>>& nams, const Target& target, int requests,
              int concurrency)
{
    RunResult r;
    int remaining = requests;
    QElapsedTimer clock;
    clock.start();
    std::vector<QCoro::Task<void>> tasks;
    for (int i = 0; i < concurrency; ++i)
        tasks.push_back(caller(nams[size_t(i) % nams.size()].get(), target, &remaining, &r.latencies, &r.failures));
    for (auto& task : tasks)
        QCoro::waitFor(task);
    r.seconds = double(clock.nsecsElapsed()) / 1e9;
    return r;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int requests = 2000;
    int concurrency = 256;
    int latency = 20;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--requests")
            requests = args[i + 1].toInt();
        else if (args[i] == u"--concurrency")
            concurrency = args[i + 1].toInt();
        else if (args[i] == u"--latency")
            latency = args[i + 1].toInt();
    }

    QThread serverThread;
    auto* server = new FakeGeminiServer;
    server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("The moon is about 384,400 km away."), latency));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening) {
        std::fprintf(stderr, "bench_proxy: the fake server cannot listen\n");
        return 1;
    }

    QThread proxyThread;
    auto* host = new ProxyHost;
    host->moveToThread(&proxyThread);
    proxyThread.start();
    bool started = false;
    QMetaObject::invokeMethod(host, "start", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, started),
                              Q_ARG(QString, server->baseUrl()));
    if (!started) {
        std::fprintf(stderr, "bench_proxy: the proxy cannot start\n");
        return 1;
    }

    std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
    for (int i = 0; i < (concurrency + 5) / 6; ++i)
        nams.push_back(std::make_unique<QNetworkAccessManager>());
    const QString model = QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent");
    const Target direct{QUrl(server->baseUrl() + model), testKey(9000).toLatin1()};
    const Target proxied{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(host->port) + model), host->token.toLatin1()};

    // Warm up both paths (connections, caches).
    run(nams, direct, 50, 10);
    run(nams, proxied, 50, 10);

    // Latency: one request at a time, interleaved rounds so drift hits both.
    const int sequential = std::max(50, requests / 10);
    std::vector<double> directLat;
    std::vector<double> proxyLat;
    int seqFailures = 0;
    for (int round = 0; round < 5; ++round) {
        RunResult d = run(nams, direct, sequential / 5, 1);
        RunResult p = run(nams, proxied, sequential / 5, 1);
        directLat.insert(directLat.end(), d.latencies.begin(), d.latencies.end());
        proxyLat.insert(proxyLat.end(), p.latencies.begin(), p.latencies.end());
        seqFailures += d.failures + p.failures;
    }

    // Throughput with many callers at once, and the proxy's CPU for it.
    const RunResult d = run(nams, direct, requests, concurrency);
    double cpuBefore = 0;
    QMetaObject::invokeMethod(host, "cpuMs", Qt::BlockingQueuedConnection, Q_RETURN_ARG(double, cpuBefore));
    const RunResult p = run(nams, proxied, requests, concurrency);
    double cpuAfter = 0;
    QMetaObject::invokeMethod(host, "cpuMs", Qt::BlockingQueuedConnection, Q_RETURN_ARG(double, cpuAfter));

    const double directRate = double(requests) / d.seconds;
    const double proxyRate = double(requests) / p.seconds;
    std::printf("bench_proxy: upstream latency %d ms, %d sequential requests each way, %d requests at %d callers\n",
                latency, int(directLat.size()), requests, concurrency);
    std::printf("  latency direct   p50 %7.2f ms  p99 %7.2f ms\n", percentile(directLat, 0.5),
                percentile(directLat, 0.99));
    std::printf("  latency proxied  p50 %7.2f ms  p99 %7.2f ms\n", percentile(proxyLat, 0.5),
                percentile(proxyLat, 0.99));
    std::printf("  added by the proxy: p50 %+.2f ms, p99 %+.2f ms\n",
                percentile(proxyLat, 0.5) - percentile(directLat, 0.5),
                percentile(proxyLat, 0.99) - percentile(directLat, 0.99));
    std::printf("  proxy CPU per proxied request: %.3f ms (proxy thread, %d requests at %d callers)\n",
                (cpuAfter - cpuBefore) / double(requests), requests, concurrency);
    std::printf("  throughput direct  %8.1f req/s (p50 %.1f ms, p99 %.1f ms)\n", directRate,
                percentile(d.latencies, 0.5), percentile(d.latencies, 0.99));
    std::printf("  throughput proxied %8.1f req/s (p50 %.1f ms, p99 %.1f ms)  = %.2f of direct\n", proxyRate,
                percentile(p.latencies, 0.5), percentile(p.latencies, 0.99), proxyRate / directRate);
    std::printf("  failed requests: %d sequential, %d direct, %d proxied\n", seqFailures, d.failures, p.failures);

    QMetaObject::invokeMethod(host, "stop", Qt::BlockingQueuedConnection);
    proxyThread.quit();
    proxyThread.wait();
    delete host;
    serverThread.quit();
    serverThread.wait();
    return 0;
}

#include "bench_proxy.moc"
