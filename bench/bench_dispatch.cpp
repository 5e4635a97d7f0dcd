// bench_dispatch: what the Dispatcher adds over a bare QNetworkAccessManager request to the same fake server.
// Sequential requests (one at a time) so every microsecond of client work shows; the server runs in its own thread.
// Three ways, interleaved in rounds: bare QNAM post + read; GeminiClient::generate (JSON build, parse, classify);
// Dispatcher::generate (pick a key, lease, attempt, report to the KeyPool, attempt record).
//
//   bench_dispatch [--requests N] [--latency MS]

#include "AsyncTest.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QCoreApplication>
#include <QCoro/QCoroNetworkReply>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace egb;
using namespace egb::test;

namespace {

QCoro::Task<int> bare(QNetworkAccessManager* nam, QUrl url, QString key, QByteArray body, int n)
{
    int ok = 0;
    for (int i = 0; i < n; ++i) {
        QNetworkRequest request(url);
        request.setRawHeader("x-goog-api-key", key.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = nam->post(request, body);
        co_await reply;
        ok += reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 && !reply->readAll().isEmpty();
        reply->deleteLater();
    }
    co_return ok;
}

QCoro::Task<int> viaClient(GeminiClient* client, QString key, GenerateRequest request, int n)
{
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += (co_await client->generate(key, request)).ok();
    co_return ok;
}

QCoro::Task<int> viaDispatcher(Dispatcher* dispatcher, GenerateRequest request, int n)
{
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += (co_await dispatcher->generate(request)).ok();
    co_return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int requests = 3000;
    int latencyMs = 0;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--requests"))
            requests = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--latency"))
            latencyMs = args.at(i + 1).toInt();
    }

    QThread serverThread;
    auto* server = new FakeGeminiServer;
    server->setDefaultBehavior(FakeBehavior::ok(QStringLiteral("A short canned answer."), latencyMs));
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    bool listening = false;
    QMetaObject::invokeMethod(server, "listen", Qt::BlockingQueuedConnection, Q_RETURN_ARG(bool, listening),
                              Q_ARG(quint16, 0));
    if (!listening)
        return 1;

    KeyPool pool;
    QStringList keys;
    for (int i = 0; i < 100; ++i)
        keys.append(testKey(9000 + i));
    pool.addSecrets(keys);
    ClientSettings cs;
    cs.baseUrl = QUrl(server->baseUrl());
    GeminiClient client(cs);
    Dispatcher dispatcher(&pool, &client);
    QNetworkAccessManager nam;
    const GenerateRequest request = GenerateRequest::fromPrompt(QStringLiteral("How far is the moon?"));
    const QUrl url = cs.endpoint(QStringLiteral("models/%1:generateContent").arg(request.modelId()));
    const QByteArray body = request.toJsonBytes();

    // Warm-up: connections opened, code paths hot.
    awaitFor(bare(&nam, url, keys.first(), body, 200));
    awaitFor(viaClient(&client, keys.first(), request, 200));
    awaitFor(viaDispatcher(&dispatcher, request, 200));

    const int rounds = 5;
    const int perRound = std::max(1, requests / rounds);
    qint64 ns[3] = {0, 0, 0};
    int ok[3] = {0, 0, 0};
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        ok[0] += awaitFor(bare(&nam, url, keys.first(), body, perRound), 600'000).value_or(0);
        ns[0] += t.nsecsElapsed();
        t.start();
        ok[1] += awaitFor(viaClient(&client, keys.first(), request, perRound), 600'000).value_or(0);
        ns[1] += t.nsecsElapsed();
        t.start();
        ok[2] += awaitFor(viaDispatcher(&dispatcher, request, perRound), 600'000).value_or(0);
        ns[2] += t.nsecsElapsed();
    }
    const int n = perRound * rounds;
    const char* names[3] = {"bare QNetworkAccessManager", "GeminiClient::generate", "Dispatcher::generate"};
    std::printf("bench_dispatch: %d sequential requests per way, fake server latency %d ms (own thread), %d keys\n", n,
                latencyMs, int(pool.size()));
    std::printf("%-28s %12s %12s %8s\n", "way", "us/request", "requests/s", "ok");
    for (int i = 0; i < 3; ++i)
        std::printf("%-28s %12.1f %12.1f %8d\n", names[i], double(ns[i]) / 1000.0 / n, n * 1e9 / double(ns[i]), ok[i]);
    std::printf("Dispatcher over bare QNAM:      %+.1f%% (%+.1f us/request)\n",
                100.0 * (double(ns[2]) / double(ns[0]) - 1.0), double(ns[2] - ns[0]) / 1000.0 / n);
    std::printf("Dispatcher over GeminiClient:   %+.1f%% (%+.1f us/request)\n",
                100.0 * (double(ns[2]) / double(ns[1]) - 1.0), double(ns[2] - ns[1]) / 1000.0 / n);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
