// The proxy in this process, in front of a FakeGeminiServer: who it answers, what it sends upstream, and how it
// stands hostile callers (caps, idle connections, pipelining, a thousand connections).

#include "AccessTokenStore.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "KeyPool.h"
#include "PassThroughClient.h"
#include "ProxyServer.h"
#include "TestKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace egb;
using namespace egb::test;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers) {
            if (h.first.toLower() == name.toLower())
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

const QByteArray GenerateBody = R"({"contents":[{"role":"user","parts":[{"text":"hello"}]}]})";

} // namespace

class TestProxyServer : public QObject
{
    Q_OBJECT

private:
    void startProxy(const ProxySettings& settings = {});
    Answer request(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body = {},
                   const QList<QPair<QByteArray, QByteArray>>& headers = {});
    QByteArray rawExchange(QTcpSocket& socket, const QByteArray& bytes, int responses);
    QString url(const QString& pathAndQuery) const;

    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<KeyPool> m_pool;
    std::unique_ptr<AccessTokenStore> m_tokens;
    std::unique_ptr<PassThroughClient> m_client;
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<ProxyServer> m_proxy;
    QNetworkAccessManager m_nam;
    QString m_token;
    QStringList m_keys;

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void refusesCallersWithoutAValidToken_data();
    void refusesCallersWithoutAValidToken();
    void tokenNeverGoesUpstreamAndKeysOnlyInTheHeader_data();
    void tokenNeverGoesUpstreamAndKeysOnlyInTheHeader();
    void removedTokenIsRefused();
    void unknownPathsAndMalformedJsonAnswerInGooglesShape();
    void openAiErrorsAnswerInOpenAisShape();
    void requestErrorsComeBackAsGoogleSentThem();
    void aRateLimitRestsTheModelsBucketAndTheLogNamesTheModel();
    void streamThatFailsAfterItsFirstByteEndsWithAnErrorEvent();
    void pipelinedRequestsAreAnsweredInOrder();
    void bodyOverTheCapIs413();
    void headersOverTheCapAre431();
    void idleConnectionsAreClosed();
    void aThousandConnectionsAtOnce();
    void filesAreUploadedReadAndUsedWithKeysOfOneProject();
    void filesCallsNeedTheTokenAndUnknownFilesGoUnpinned();
};

void TestProxyServer::initTestCase()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("proxytest"));
    db.setDatabaseName(QStringLiteral(":memory:"));
    QVERIFY(db.open());
    m_tokens = std::make_unique<AccessTokenStore>();
    QVERIFY2(m_tokens->open(QStringLiteral("proxytest")), qPrintable(m_tokens->lastError()));
    const auto created = m_tokens->add(QStringLiteral("test"));
    QVERIFY(created);
    m_token = created->token;
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    for (int i = 0; i < 3; ++i)
        m_keys.append(testKey(500 + i));
}

void TestProxyServer::startProxy(const ProxySettings& wanted)
{
    m_proxy.reset();
    m_dispatcher.reset();
    m_client.reset();
    m_pool = std::make_unique<KeyPool>();
    m_pool->addSecrets(m_keys);
    ClientSettings cs;
    cs.baseUrl = QUrl(m_server->baseUrl());
    m_client = std::make_unique<PassThroughClient>(cs, 4);
    m_dispatcher = std::make_unique<Dispatcher>(m_pool.get(), nullptr);
    ProxySettings settings = wanted;
    settings.port = 0;
    m_proxy = std::make_unique<ProxyServer>(m_dispatcher.get(), m_client.get(), m_tokens.get(), settings);
    QVERIFY2(m_proxy->start(), qPrintable(m_proxy->errorString()));
}

void TestProxyServer::init()
{
    m_server->release();
    m_server->clearKeyBehaviors();
    m_server->setDefaultBehavior(FakeBehavior::ok());
    m_server->clearRequests();
    startProxy();
}

void TestProxyServer::cleanup()
{
    m_proxy.reset();
}

QString TestProxyServer::url(const QString& pathAndQuery) const
{
    return m_proxy->address() + pathAndQuery;
}

Answer TestProxyServer::request(const QByteArray& method, const QString& pathAndQuery, const QByteArray& body,
                                const QList<QPair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest req{QUrl(url(pathAndQuery))};
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto& h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply* reply = m_nam.sendCustomRequest(req, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer a;
    if (!reply->isFinished() && !finished.wait(20'000)) {
        reply->abort();
        reply->deleteLater();
        return a;
    }
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    a.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return a;
}

QByteArray TestProxyServer::rawExchange(QTcpSocket& socket, const QByteArray& bytes, int responses)
{
    if (socket.state() != QAbstractSocket::ConnectedState) {
        socket.connectToHost(QHostAddress::LocalHost, m_proxy->port());
        if (!socket.waitForConnected(5000))
            return {};
    }
    socket.write(bytes);
    QByteArray in;
    QSignalSpy ready(&socket, &QTcpSocket::readyRead);
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    while (in.count("HTTP/1.1 ") < responses || !in.endsWith('}')) {
        if (socket.bytesAvailable() == 0 && socket.state() != QAbstractSocket::ConnectedState)
            break;
        if (socket.bytesAvailable() == 0 && !ready.wait(10'000))
            break;
        in += socket.readAll();
    }
    return in;
}

void TestProxyServer::refusesCallersWithoutAValidToken_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    const QByteArray wrong = "egb-thisIsNotTheTokenThisIsNotTheToken000000";
    QTest::newRow("none") << QStringLiteral("/v1beta/models") << QByteArray() << QByteArray();
    QTest::newRow("wrong x-goog-api-key") << QStringLiteral("/v1beta/models") << QByteArray("x-goog-api-key") << wrong;
    QTest::newRow("wrong bearer") << QStringLiteral("/v1/models") << QByteArray("Authorization") << "Bearer " + wrong;
    QTest::newRow("wrong ?key=") << QStringLiteral("/v1beta/models?key=") + QString::fromLatin1(wrong) << QByteArray()
                                 << QByteArray();
    QTest::newRow("a pool key is no token")
        << QStringLiteral("/v1beta/models") << QByteArray("x-goog-api-key") << testKey(500).toLatin1();
    QTest::newRow("token with a byte changed")
        << QStringLiteral("/v1beta/models") << QByteArray("x-goog-api-key") << QByteArray();
}

void TestProxyServer::refusesCallersWithoutAValidToken()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    if (QByteArrayView(QTest::currentDataTag()) == "token with a byte changed") {
        value = m_token.toLatin1();
        value[value.size() - 1] = value.back() == 'A' ? 'B' : 'A';
    }
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!header.isEmpty())
        headers.append({header, value});
    const Answer a = request("GET", path, {}, headers);
    QCOMPARE(a.status, 401);
    const QJsonObject error = a.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toInt(), 401);
    QCOMPARE(error.value(QLatin1String("status")).toString(), QStringLiteral("UNAUTHENTICATED"));
    QVERIFY(error.value(QLatin1String("message")).toString().contains(QLatin1String("access token")));
    QCOMPARE(m_server->requestCount(), 0); // the pool was not touched
    const PoolStats stats = m_pool->stats();
    QCOMPARE(stats.available, 3);
}

void TestProxyServer::tokenNeverGoesUpstreamAndKeysOnlyInTheHeader_data()
{
    QTest::addColumn<int>("how");
    QTest::newRow("x-goog-api-key") << 0;
    QTest::newRow("Authorization: Bearer") << 1;
    QTest::newRow("?key=") << 2;
}

void TestProxyServer::tokenNeverGoesUpstreamAndKeysOnlyInTheHeader()
{
    QFETCH(int, how);
    QList<QPair<QByteArray, QByteArray>> headers;
    QString query = QStringLiteral("?alt=sse");
    if (how == 0)
        headers.append({"x-goog-api-key", m_token.toLatin1()});
    else if (how == 1)
        headers.append({"Authorization", "Bearer " + m_token.toLatin1()});
    else
        query += QStringLiteral("&key=") + m_token;
    const Answer generated = request("POST",
                                     QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent") +
                                         QStringLiteral("?key=") + (how == 2 ? m_token : QStringLiteral("ignored")),
                                     GenerateBody, how == 2 ? QList<QPair<QByteArray, QByteArray>>{} : headers);
    if (how != 2) // a wrong ?key= next to a right header: the header wins
        QCOMPARE(generated.status, 200);
    const Answer streamed = request("POST", QStringLiteral("/v1/models/gemini-2.5-flash:streamGenerateContent") + query,
                                    GenerateBody, headers);
    QCOMPARE(streamed.status, 200);
    QVERIFY(streamed.body.contains("data: "));
    const Answer listed = request(
        "GET", QStringLiteral("/v1beta/models?pageSize=2") + (how == 2 ? QStringLiteral("&key=") + m_token : QString()),
        {}, headers);
    QCOMPARE(listed.status, 200);
    QCOMPARE(listed.json().value(QLatin1String("models")).toArray().size(), 2);

    const QList<RecordedRequest> up = m_server->requests();
    QVERIFY(up.size() >= 2);
    for (const RecordedRequest& r : up) {
        QVERIFY2(!r.target.contains("key="), r.target.constData());
        QVERIFY2(!r.target.contains(m_token.toLatin1()), r.target.constData());
        QVERIFY(!r.body.contains(m_token.toLatin1()));
        QVERIFY(m_keys.contains(QString::fromLatin1(r.header("x-goog-api-key"))));
        for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it) {
            QVERIFY2(!it.value().contains(m_token.toLatin1()), it.key().constData());
            if (it.key() != "x-goog-api-key") {
                for (const QString& key : std::as_const(m_keys))
                    QVERIFY2(!it.value().contains(key.toLatin1()), it.key().constData());
            }
        }
    }
    const RecordedRequest& stream = up.at(up.size() - 2);
    QCOMPARE(stream.path, QStringLiteral("/v1/models/gemini-2.5-flash:streamGenerateContent")); // the version kept
    QCOMPARE(stream.query.queryItemValue(QStringLiteral("alt")), QStringLiteral("sse"));
    QCOMPARE(stream.body, GenerateBody); // as the caller sent it
    QCOMPARE(up.last().query.queryItemValue(QStringLiteral("pageSize")), QStringLiteral("2"));
}

void TestProxyServer::removedTokenIsRefused()
{
    const auto second = m_tokens->add(QStringLiteral("short-lived"));
    QVERIFY(second);
    const QList<QPair<QByteArray, QByteArray>> headers{{"x-goog-api-key", second->token.toLatin1()}};
    QCOMPARE(request("GET", QStringLiteral("/v1beta/models"), {}, headers).status, 200);
    QVERIFY(m_tokens->remove(second->id));
    QCOMPARE(request("GET", QStringLiteral("/v1beta/models"), {}, headers).status, 401);
    QCOMPARE(m_server->requestCount(), 1);
}

void TestProxyServer::unknownPathsAndMalformedJsonAnswerInGooglesShape()
{
    const QList<QPair<QByteArray, QByteArray>> auth{{"x-goog-api-key", m_token.toLatin1()}};
    const Answer unknown = request("GET", QStringLiteral("/v1beta/tunedModels/x/../../etc/passwd"), {}, auth);
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("NOT_FOUND"));
    const Answer wrongMethod =
        request("GET", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"), {}, auth);
    QCOMPARE(wrongMethod.status, 405);
    const Answer badModel =
        request("POST", QStringLiteral("/v1beta/models/gem%2Fini:generateContent"), GenerateBody, auth);
    QCOMPARE(badModel.status, 404);
    const Answer dots = request("GET", QStringLiteral("/v1beta/models/..2countTokens"), {}, auth); // fuzz_proxyrequest
    QCOMPARE(dots.status, 404);
    const Answer malformed =
        request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"), "{\"contents\":[", auth);
    QCOMPARE(malformed.status, 400);
    const QJsonObject error = malformed.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("status")).toString(), QStringLiteral("INVALID_ARGUMENT"));
    QVERIFY(error.value(QLatin1String("message")).toString().contains(QLatin1String("JSON")));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestProxyServer::openAiErrorsAnswerInOpenAisShape()
{
    const QList<QPair<QByteArray, QByteArray>> auth{{"Authorization", "Bearer " + m_token.toLatin1()}};
    const Answer noToken = request("GET", QStringLiteral("/openai/v1/models"));
    QCOMPARE(noToken.status, 401);
    QCOMPARE(noToken.json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("authentication_error"));
    // Google's array-shaped error on its OpenAI endpoint, restated as OpenAI's {"error":{message,type}}.
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::BadRequest));
    const Answer bad = request("POST", QStringLiteral("/openai/v1/chat/completions"),
                               R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]})", auth);
    QCOMPARE(bad.status, 400);
    const QJsonObject error = bad.json().value(QLatin1String("error")).toObject();
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(QLatin1String("Invalid JSON payload")),
             bad.body.constData());
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    // An array-shaped API_KEY_INVALID is a key fault: another key answers.
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    const Answer retried = request("POST", QStringLiteral("/openai/v1/chat/completions"),
                                   R"({"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]})", auth);
    QCOMPARE(retried.status, 200);
    QCOMPARE(m_pool->stats().disabled, 1);
}

void TestProxyServer::requestErrorsComeBackAsGoogleSentThem()
{
    const QList<QPair<QByteArray, QByteArray>> auth{{"x-goog-api-key", m_token.toLatin1()}};
    m_server->enqueueAny(FakeBehavior::of(FakeBehavior::Kind::NotFound));
    const Answer notFound =
        request("POST", QStringLiteral("/v1beta/models/gemini-9:generateContent"), GenerateBody, auth);
    QCOMPARE(notFound.status, 404);
    QVERIFY(notFound.json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .contains(QLatin1String("models/gemini-9 is not found")));
    QCOMPARE(m_server->requestCount(), 1); // not retried
    FakeBehavior blocked = FakeBehavior::of(FakeBehavior::Kind::Blocked);
    m_server->enqueueAny(blocked);
    const Answer b =
        request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"), GenerateBody, auth);
    QCOMPARE(b.status, 200);
    QCOMPARE(b.json().value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString(),
             QStringLiteral("SAFETY"));
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_pool->stats().available, 3); // neither is the key's fault
}

namespace {
struct LogSink : AttemptObserver
{
    QList<RequestLogEntry> entries;
    void recordAttempt(const RequestLogEntry& entry) override { entries.append(entry); }
};
} // namespace

void TestProxyServer::aRateLimitRestsTheModelsBucketAndTheLogNamesTheModel()
{
    // The proxy picks keys for the model the caller asks for: a 429 rests that (project, model) bucket, not the
    // key (its project may still serve other models), and every attempt in the request log names the model.
    LogSink sink;
    m_pool->setAttemptObserver(&sink);
    const QList<QPair<QByteArray, QByteArray>> auth{{"x-goog-api-key", m_token.toLatin1()}};
    m_server->enqueueAny(FakeBehavior::rateLimited(QStringLiteral("30s")));
    const Answer a =
        request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"), GenerateBody, auth);
    QCOMPARE(a.status, 200);
    QCOMPARE(m_server->requestCount(), 2);
    const qint64 limited = m_pool->idOfSecret(m_server->requests().at(0).apiKey());
    QVERIFY(limited != 0);
    QCOMPARE(m_pool->key(limited)->status, KeyStatus::Active);
    const auto flash = m_pool->bucket(limited, QStringLiteral("gemini-2.5-flash"));
    QVERIFY(flash.has_value());
    QVERIFY(flash->restUntilMs() > QDateTime::currentMSecsSinceEpoch() + 20'000);
    QVERIFY(!m_pool->bucket(limited, QStringLiteral("gemini-2.5-pro")).has_value());

    const Answer chat = request("POST", QStringLiteral("/openai/v1/chat/completions"),
                                R"({"model":"models/gemini-2.5-pro","messages":[{"role":"user","content":"hi"}]})",
                                {{"Authorization", "Bearer " + m_token.toLatin1()}});
    QCOMPARE(chat.status, 200);
    m_pool->setAttemptObserver(nullptr);
    QCOMPARE(sink.entries.size(), 3);
    QCOMPARE(sink.entries.at(0).model, QStringLiteral("gemini-2.5-flash"));
    QCOMPARE(sink.entries.at(0).kind, OutcomeClass::RateLimited);
    QCOMPARE(sink.entries.at(1).model, QStringLiteral("gemini-2.5-flash"));
    QCOMPARE(sink.entries.at(2).model, QStringLiteral("gemini-2.5-pro"));
}

void TestProxyServer::streamThatFailsAfterItsFirstByteEndsWithAnErrorEvent()
{
    FakeBehavior cut = FakeBehavior::streaming(2);
    cut.kind = FakeBehavior::Kind::StreamCut;
    m_server->setDefaultBehavior(cut);
    const Answer a = request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
                             GenerateBody, {{"x-goog-api-key", m_token.toLatin1()}});
    QCOMPARE(a.status, 200);
    QCOMPARE(a.body.count("\"candidates\""), 2);                        // the chunks Google sent ...
    QVERIFY2(a.body.contains("data: {\"error\":"), a.body.constData()); // ... then an error event
    QCOMPARE(m_server->requestCount(), 1);                              // no other key started over
}

void TestProxyServer::pipelinedRequestsAreAnsweredInOrder()
{
    // The first request is a stream held upstream after one chunk; the two behind it are answered at once upstream,
    // yet reach the caller only after the stream has ended, in the order they were sent.
    FakeBehavior held = FakeBehavior::streaming(2);
    held.holdAfterChunks = 1;
    m_server->setDefaultBehavior(held);
    auto post = [this](const QByteArray& action, const QByteArray& prompt) {
        const QByteArray body = R"({"contents":[{"role":"user","parts":[{"text":")" + prompt + R"("}]}]})";
        return "POST /v1beta/models/gemini-2.5-flash:" + action +
               " HTTP/1.1\r\nHost: x\r\nx-goog-api-key: " + m_token.toLatin1() +
               "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
               body;
    };
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_proxy->port());
    QVERIFY(socket.waitForConnected(5000));
    QSignalSpy finished(m_proxy.get(), &ProxyServer::requestFinished);
    socket.write(post("streamGenerateContent?alt=sse", "first") + post("generateContent", "second") +
                 post("generateContent", "third"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10'000); // second and third answered, the stream still held
    QCOMPARE(m_server->inFlight(), 1);
    // Written out of order, their bytes would come before the end of the stream on this one TCP stream.
    QByteArray in;
    m_server->release();
    QTRY_VERIFY_WITH_TIMEOUT((in += socket.readAll(), in.contains("Echo: third")), 10'000);
    QCOMPARE(in.count("HTTP/1.1 200 OK"), 3);
    const qsizetype endOfStream = in.indexOf("0\r\n\r\n");
    const qsizetype second = in.indexOf("Echo: second");
    const qsizetype third = in.indexOf("Echo: third");
    QVERIFY2(endOfStream > 0 && endOfStream < second && second < third, in.constData());
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState); // kept alive
}

void TestProxyServer::bodyOverTheCapIs413()
{
    ProxySettings settings;
    settings.bodyCapBytes = 1000;
    startProxy(settings);
    QTcpSocket socket;
    const QByteArray in =
        rawExchange(socket,
                    "POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: x\r\nx-goog-api-key: " +
                        m_token.toLatin1() + "\r\nContent-Length: 50000000\r\n\r\n" + QByteArray(2000, 'x'),
                    1);
    QVERIFY2(in.startsWith("HTTP/1.1 413"), in.constData());
    QVERIFY(in.contains("\"INVALID_ARGUMENT\""));
    QVERIFY(socket.state() != QAbstractSocket::ConnectedState ||
            QSignalSpy(&socket, &QTcpSocket::disconnected).wait(5000));
    QCOMPARE(m_server->requestCount(), 0);
    // Just under the cap is fine.
    QTcpSocket ok;
    QByteArray body = R"({"contents":[{"parts":[{"text":")" + QByteArray(900, 'a') + R"("}]}]})";
    const QByteArray answer = rawExchange(
        ok,
        "POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: x\r\nx-goog-api-key: " +
            m_token.toLatin1() + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body,
        1);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(200).constData());
}

void TestProxyServer::headersOverTheCapAre431()
{
    ProxySettings settings;
    settings.headerCapBytes = 2048;
    startProxy(settings);
    QTcpSocket socket;
    const QByteArray in =
        rawExchange(socket, "GET /v1beta/models HTTP/1.1\r\nHost: x\r\nX-Filler: " + QByteArray(5000, 'f'), 1);
    QVERIFY2(in.startsWith("HTTP/1.1 431"), in.constData());
    QCOMPARE(m_server->requestCount(), 0);
}

void TestProxyServer::idleConnectionsAreClosed()
{
    ProxySettings settings;
    settings.idleTimeoutMs = 300;
    startProxy(settings);
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, m_proxy->port());
    QVERIFY(silent.waitForConnected(5000));
    QSignalSpy silentClosed(&silent, &QTcpSocket::disconnected);
    QVERIFY(silentClosed.wait(5000));

    QTcpSocket slow; // begins a request, then stalls
    const QByteArray in = rawExchange(slow, "POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHo", 1);
    QVERIFY2(in.startsWith("HTTP/1.1 408"), in.constData());
    QCOMPARE(m_server->requestCount(), 0);

    // A connection waiting for a slow answer is not idle.
    m_server->enqueueAny(FakeBehavior::ok(QStringLiteral("late"), 800));
    QTcpSocket patient;
    const QByteArray answer =
        rawExchange(patient,
                    "POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\nHost: x\r\nx-goog-api-key: " +
                        m_token.toLatin1() + "\r\nContent-Length: " + QByteArray::number(GenerateBody.size()) +
                        "\r\n\r\n" + GenerateBody,
                    1);
    QVERIFY2(answer.startsWith("HTTP/1.1 200") && answer.contains("late"), answer.constData());
}

void TestProxyServer::aThousandConnectionsAtOnce()
{
    ProxySettings settings;
    settings.maxConnections = 1000;
    startProxy(settings);
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 999; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QHostAddress::LocalHost, m_proxy->port());
    }
    const auto allConnected = [&sockets] {
        return std::all_of(sockets.begin(), sockets.end(),
                           [](const auto& s) { return s->state() == QAbstractSocket::ConnectedState; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allConnected(), 30'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_proxy->connectionCount(), 999, 30'000);
    // The thousandth still gets its answer ...
    QTcpSocket last;
    const QByteArray answer = rawExchange(
        last, "GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: " + m_token.toLatin1() + "\r\n\r\n", 1);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(200).constData());
    // ... and one more is turned away politely.
    QTcpSocket extra;
    const QByteArray refused = rawExchange(extra, QByteArray(), 1);
    QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
    sockets.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_proxy->connectionCount(), 1, 10'000);
}

void TestProxyServer::filesAreUploadedReadAndUsedWithKeysOfOneProject()
{
    // Key 0 is project-a, keys 1 and 2 project-b: a file belongs to the project of the key that uploaded it, and
    // only that project's keys may read it or generate with it.
    const QStringList projects{QStringLiteral("project-a"), QStringLiteral("project-b"), QStringLiteral("project-b")};
    const QList<qint64> ids = m_pool->ids();
    for (int i = 0; i < 3; ++i) {
        m_pool->setGroup(ids.at(i), projects.at(i));
        m_server->setKeyProject(m_keys.at(i), projects.at(i));
    }
    const auto servedBy = [this](const QString& pathPart) {
        QStringList served;
        const QList<RecordedRequest> all = m_server->requests();
        for (const RecordedRequest& r : all) {
            if (QString::fromLatin1(r.target).contains(pathPart, Qt::CaseInsensitive))
                served.append(m_server->projectOfKey(r.apiKey()));
        }
        return served;
    };
    QByteArray bytes("%PDF-1.7\n");
    for (int i = 0; i < 3000; ++i)
        bytes.append(char(i % 256)); // binary, NUL bytes included
    const QByteArray token = m_token.toUtf8();
    const Answer started =
        request("POST", QStringLiteral("/upload/v1beta/files"), R"({"file":{"displayName":"x.pdf"}})",
                {{"x-goog-api-key", token},
                 {"X-Goog-Upload-Protocol", "resumable"},
                 {"X-Goog-Upload-Command", "start"},
                 {"X-Goog-Upload-Header-Content-Length", QByteArray::number(bytes.size())},
                 {"X-Goog-Upload-Header-Content-Type", "application/pdf"}});
    QCOMPARE(started.status, 200);
    const QByteArray uploadUrl = started.header("X-Goog-Upload-URL");
    QVERIFY2(uploadUrl.startsWith((m_proxy->address() + QStringLiteral("/upload/v1beta/files/sessions/")).toUtf8()),
             uploadUrl.constData());
    for (const QString& key : std::as_const(m_keys))
        QVERIFY(!uploadUrl.contains(key.toUtf8()));
    QVERIFY(!uploadUrl.contains(token));
    QVERIFY(!uploadUrl.contains(QByteArray::number(m_server->port())));
    QCOMPARE(m_server->pendingUploads(), 1);

    const QString proxyPath = QUrl(QString::fromUtf8(uploadUrl)).path();
    const Answer uploaded = request("POST", proxyPath, bytes,
                                    {{"x-goog-api-key", token},
                                     {"Content-Type", "application/pdf"},
                                     {"X-Goog-Upload-Command", "upload, finalize"},
                                     {"X-Goog-Upload-Offset", "0"}});
    QVERIFY2(uploaded.status == 200, uploaded.body.constData());
    QCOMPARE(uploaded.header("X-Goog-Upload-Status"), QByteArray("final"));
    const QJsonObject file = uploaded.json().value(QLatin1String("file")).toObject();
    const QString name = file.value(QLatin1String("name")).toString();
    const QString uri = file.value(QLatin1String("uri")).toString();
    const auto stored = m_server->file(name);
    QVERIFY(stored);
    QCOMPARE(stored->bytes, bytes);
    QCOMPARE(stored->mimeType, QStringLiteral("application/pdf"));
    QCOMPARE(stored->displayName, QStringLiteral("x.pdf"));
    const QString owner = stored->project;
    QVERIFY(projects.contains(owner));
    // Both steps with keys of one project (the upload step's session belongs to the start's project).
    QCOMPARE(servedBy(QStringLiteral("upload_id=")), QStringList{owner});

    // Generate and stream with the file, many times: every call goes with a key of the file's project.
    const QByteArray withFile = R"({"contents":[{"role":"user","parts":[{"fileData":{"mimeType":"application/pdf",)"
                                R"("fileUri":")" +
                                uri.toUtf8() + R"("}},{"text":"summarise"}]}]})";
    for (int i = 0; i < 8; ++i) {
        const Answer generated = request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"),
                                         withFile, {{"x-goog-api-key", token}});
        QVERIFY2(generated.status == 200, generated.body.constData());
    }
    const Answer streamed = request("POST", QStringLiteral("/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
                                    withFile, {{"x-goog-api-key", token}});
    QVERIFY2(streamed.status == 200, streamed.body.constData());
    const QStringList generateProjects = servedBy(QStringLiteral("generateContent"));
    QCOMPARE(generateProjects.size(), 9);
    QCOMPARE(generateProjects, QStringList(9, owner));
    QCOMPARE(m_server->fileAccessDenials(), 0);

    // get, list, delete: the file's project again.
    const QString id = name.mid(6);
    const Answer got = request("GET", QStringLiteral("/v1beta/files/") + id, {}, {{"x-goog-api-key", token}});
    QVERIFY2(got.status == 200, got.body.constData());
    QCOMPARE(got.json().value(QLatin1String("name")).toString(), name);
    const Answer listed = request("GET", QStringLiteral("/v1/files"), {}, {{"x-goog-api-key", token}});
    QVERIFY2(listed.status == 200, listed.body.constData());
    const QJsonArray files = listed.json().value(QLatin1String("files")).toArray();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().toObject().value(QLatin1String("name")).toString(), name);
    const Answer deleted = request("DELETE", QStringLiteral("/v1beta/files/") + id, {}, {{"x-goog-api-key", token}});
    QVERIFY2(deleted.status == 200, deleted.body.constData());
    QVERIFY(!m_server->file(name));
    QCOMPARE(servedBy(QStringLiteral("files/") + id), QStringList(2, owner));
    QCOMPARE(servedBy(QStringLiteral("/v1/files?")), QStringList{owner});
    QCOMPARE(m_server->fileAccessDenials(), 0);
    QCOMPARE(m_pool->stats().disabled, 0);
    for (const QString& key : std::as_const(m_keys))
        m_server->setKeyProject(key, {});
}

void TestProxyServer::filesCallsNeedTheTokenAndUnknownFilesGoUnpinned()
{
    // No token, a wrong one: 401 and nothing goes upstream, on every files call.
    const QList<QPair<QByteArray, QByteArray>> start{{"X-Goog-Upload-Protocol", "resumable"},
                                                     {"X-Goog-Upload-Command", "start"}};
    QCOMPARE(request("POST", QStringLiteral("/upload/v1beta/files"), R"({"file":{}})", start).status, 401);
    auto wrong = start;
    wrong.append(QPair<QByteArray, QByteArray>("x-goog-api-key", "not-a-token"));
    QCOMPARE(request("POST", QStringLiteral("/upload/v1beta/files"), R"({"file":{}})", wrong).status, 401);
    QCOMPARE(request("POST", QStringLiteral("/upload/v1beta/files/sessions/abc"), "bytes",
                     {{"X-Goog-Upload-Command", "upload, finalize"}})
                 .status,
             401);
    QCOMPARE(request("GET", QStringLiteral("/v1beta/files")).status, 401);
    QCOMPARE(request("GET", QStringLiteral("/v1beta/files/abc")).status, 401);
    QCOMPARE(request("DELETE", QStringLiteral("/v1beta/files/abc")).status, 401);
    QCOMPARE(m_server->requestCount(), 0);

    const QByteArray token = m_token.toUtf8();
    // An upload URL the proxy never handed out.
    const Answer unknownSession = request("PUT", QStringLiteral("/upload/v1beta/files/sessions/abc"), "bytes",
                                          {{"x-goog-api-key", token}, {"X-Goog-Upload-Command", "upload, finalize"}});
    QCOMPARE(unknownSession.status, 404);
    QCOMPARE(m_server->requestCount(), 0);
    // Nothing uploaded through the proxy: an empty list, without asking anyone.
    const Answer empty = request("GET", QStringLiteral("/v1beta/files"), {}, {{"x-goog-api-key", token}});
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.json().value(QLatin1String("files")).toArray().isEmpty());

    // A file the proxy never saw goes unpinned; Google's 403 comes back as it sent it, and no key is disabled for it
    // (it is the request's fault, not the key's).
    const QByteArray withFile =
        R"({"contents":[{"parts":[{"fileData":{"fileUri":"https://generativelanguage.googleapis.com/v1beta/files/nope"}}]}]})";
    const Answer denied = request("POST", QStringLiteral("/v1beta/models/gemini-2.5-flash:generateContent"), withFile,
                                  {{"x-goog-api-key", token}});
    QCOMPARE(denied.status, 403);
    QCOMPARE(denied.json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("PERMISSION_DENIED"));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_pool->stats().disabled, 0);
}

QTEST_GUILESS_MAIN(TestProxyServer)
#include "tst_proxyserver.moc"
