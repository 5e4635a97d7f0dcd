#include "AsyncTest.h"
#include "CancelToken.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "TestKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace egb;
using namespace egb::test;

class TestGeminiClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<FakeGeminiServer> server;
    std::unique_ptr<GeminiClient> client;
    ClientSettings settings;

    void verifyNoKeyInAnyUrl()
    {
        const QList<RecordedRequest> all = server->requests();
        for (const RecordedRequest& r : all) {
            QVERIFY2(!r.target.contains("AIza"), r.target.constData());
            QVERIFY(!r.query.hasQueryItem(QStringLiteral("key")));
        }
    }

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeGeminiServer>();
        QVERIFY(server->listen());
        settings = ClientSettings();
        settings.baseUrl = QUrl(server->baseUrl());
        settings.attemptTimeoutMs = 10'000;
        client = std::make_unique<GeminiClient>(settings);
    }
    void cleanup()
    {
        verifyNoKeyInAnyUrl();
        client.reset();
        server.reset();
    }

    void generateSendsTheRealWireFormat()
    {
        GenerateRequest request;
        request.model = QStringLiteral("models/gemini-2.0-flash");
        request.contents = {Content::user(QStringLiteral("hi")), Content::model(QStringLiteral("hello")),
                            Content::user(QStringLiteral("and?"))};
        request.systemInstruction = QStringLiteral("be brief");
        request.generationConfig.temperature = 0.5;
        request.generationConfig.maxOutputTokens = 20;
        request.generationConfig.topP = 0.9;
        request.generationConfig.topK = 40;
        request.generationConfig.candidateCount = 1;
        request.generationConfig.stopSequences = {QStringLiteral("END")};
        request.generationConfig.thinkingBudget = 0;

        const auto result = awaitFor(client->generate(testKey(1), request));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->outcome.message));
        QCOMPARE(result->response.text, QStringLiteral("Echo: and?"));
        QCOMPARE(result->response.finishReason, QStringLiteral("STOP"));
        QCOMPARE(result->response.modelVersion, QStringLiteral("gemini-2.0-flash"));
        QVERIFY(!result->response.responseId.isEmpty());
        QCOMPARE(result->outcome.usage.candidatesTokens, 2);
        QCOMPARE(result->outcome.httpStatus, 200);

        QCOMPARE(server->requestCount(), 1);
        const RecordedRequest sent = server->requests().first();
        QCOMPARE(sent.method, QByteArray("POST"));
        QCOMPARE(sent.path, QStringLiteral("/v1beta/models/gemini-2.0-flash:generateContent"));
        QCOMPARE(sent.apiKey(), testKey(1));
        QVERIFY(sent.header("content-type").startsWith("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(sent.body).object();
        QCOMPARE(body.value(QLatin1String("contents")).toArray().size(), 3);
        QCOMPARE(body.value(QLatin1String("contents")).toArray().at(1).toObject().value(QLatin1String("role")),
                 QStringLiteral("model"));
        QCOMPARE(body.value(QLatin1String("systemInstruction")).toObject(),
                 QJsonObject({{QStringLiteral("parts"),
                               QJsonArray{QJsonObject{{QStringLiteral("text"), QStringLiteral("be brief")}}}}}));
        const QJsonObject config = body.value(QLatin1String("generationConfig")).toObject();
        QCOMPARE(config.value(QLatin1String("temperature")).toDouble(), 0.5);
        QCOMPARE(config.value(QLatin1String("maxOutputTokens")).toInt(), 20);
        QCOMPARE(config.value(QLatin1String("topK")).toInt(), 40);
        QCOMPARE(config.value(QLatin1String("stopSequences")).toArray().first().toString(), QStringLiteral("END"));
        QCOMPARE(
            config.value(QLatin1String("thinkingConfig")).toObject().value(QLatin1String("thinkingBudget")).toInt(-1),
            0);
        QCOMPARE(body, request.toJson());
    }

    void filesGoInlineAsBase64OrByTheirFileUri()
    {
        const QByteArray png("\x89PNG\r\n\x1a\n\0\0binary", 16);
        GenerateRequest request;
        Content turn = Content::user(QStringLiteral("what is in this?"));
        turn.parts.append(Part::inlineFile(QStringLiteral("image/png"), png));
        request.contents = {turn};
        QCOMPARE(request.inlineBytes(), qint64(png.size()));
        QCOMPARE(request.lastUserText(), QStringLiteral("what is in this?"));

        const auto result = awaitFor(client->generate(testKey(1), request));
        QVERIFY(result && result->ok());
        const QJsonArray parts = QJsonDocument::fromJson(server->requests().first().body)
                                     .object()
                                     .value(QLatin1String("contents"))
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(QLatin1String("parts"))
                                     .toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0).toObject(), QJsonObject({{QStringLiteral("text"), QStringLiteral("what is in this?")}}));
        const QJsonObject inlineData = parts.at(1).toObject().value(QLatin1String("inlineData")).toObject();
        QCOMPARE(inlineData.value(QLatin1String("mimeType")).toString(), QStringLiteral("image/png"));
        QCOMPARE(QByteArray::fromBase64(inlineData.value(QLatin1String("data")).toString().toLatin1()), png);
        QCOMPARE(parts.at(1).toObject().size(), 1); // no "text" beside it

        // A Files API file is named by its URI (the server refuses a file it does not hold: see the upload test).
        const Part uploaded =
            Part::uploadedFile(QStringLiteral("application/pdf"), QStringLiteral("https://x.test/v1beta/files/abc"));
        QVERIFY(!uploaded.isText());
        const Content named{QStringLiteral("user"), {uploaded}};
        const QJsonObject fileData = named.toJson().value(QLatin1String("parts")).toArray().first().toObject();
        QCOMPARE(fileData,
                 QJsonObject(
                     {{QStringLiteral("fileData"),
                       QJsonObject{{QStringLiteral("mimeType"), QStringLiteral("application/pdf")},
                                   {QStringLiteral("fileUri"), QStringLiteral("https://x.test/v1beta/files/abc")}}}}));
        QCOMPARE(named.inlineBytes(), qint64(0));
    }

    // The Files API's resumable upload: start (name, type, size; no bytes), then the bytes to the address the server
    // gave, the key in the header both times and never in a URL. The file is the uploading key's project's.
    void uploadFileTakesTheTwoStepsOfTheResumableProtocol()
    {
        server->setKeyProject(testKey(1), QStringLiteral("project-a"));
        const QByteArray bytes("%PDF-1.4 a small document\n%%EOF\n");
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const auto result = awaitFor(
            client->uploadFile(testKey(1), QStringLiteral("report.pdf"), QStringLiteral("application/pdf"), bytes));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->outcome.message));
        const QList<FakeFile> files = server->files();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.first().bytes, bytes);
        QCOMPARE(files.first().mimeType, QStringLiteral("application/pdf"));
        QCOMPARE(files.first().displayName, QStringLiteral("report.pdf"));
        QCOMPARE(files.first().project, QStringLiteral("project-a"));
        QCOMPARE(result->file.uri, files.first().uri);
        QCOMPARE(result->file.name, files.first().name);
        QCOMPARE(result->file.sizeBytes, qint64(bytes.size()));
        QVERIFY(result->file.expiresMs > before + 47LL * 3600 * 1000);
        QCOMPARE(server->pendingUploads(), 0);
        const QList<RecordedRequest> sent = server->requests();
        QCOMPARE(sent.size(), 2);
        QVERIFY(sent.at(0).path.startsWith(QStringLiteral("/upload/v1beta/files")));
        QCOMPARE(sent.at(0).header("x-goog-upload-command"), QByteArray("start"));
        QCOMPARE(sent.at(0).header("x-goog-upload-header-content-length"), QByteArray::number(bytes.size()));
        QVERIFY(sent.at(0).body.size() < 100); // the name only: no bytes in the first step
        QCOMPARE(sent.at(1).header("x-goog-upload-command"), QByteArray("upload, finalize"));
        QCOMPARE(sent.at(1).body, bytes);
        for (const RecordedRequest& r : sent)
            QCOMPARE(r.apiKey(), testKey(1)); // verifyNoKeyInAnyUrl() checks the URLs in cleanup()

        // A file named in a request from another project's key is refused as Google does.
        server->setKeyProject(testKey(2), QStringLiteral("project-b"));
        GenerateRequest request = GenerateRequest::fromPrompt(QStringLiteral("summarize"));
        request.contents.first().parts.append(Part::uploadedFile(QStringLiteral("application/pdf"), result->file.uri));
        const auto elsewhere = awaitFor(client->generate(testKey(2), request));
        QVERIFY(elsewhere && !elsewhere->ok());
        QCOMPARE(elsewhere->outcome.httpStatus, 403);
        const auto home = awaitFor(client->generate(testKey(1), request));
        QVERIFY(home && home->ok());
    }

    void apiVersionAndBasePathAreSettings()
    {
        settings.apiVersion = QStringLiteral("v1");
        client->setSettings(settings);
        const auto result = awaitFor(client->generate(testKey(1), GenerateRequest::fromPrompt(QStringLiteral("x"))));
        QVERIFY(result && result->ok());
        QCOMPARE(server->requests().first().path, QStringLiteral("/v1/models/gemini-2.5-flash:generateContent"));

        ClientSettings s;
        s.baseUrl = QUrl(QStringLiteral("http://proxy.local:8080/gemini/"));
        QCOMPARE(s.endpoint(QStringLiteral("models")).toString(),
                 QStringLiteral("http://proxy.local:8080/gemini/v1beta/models"));
        s.baseUrl = QUrl(QStringLiteral("http://proxy.local/?key=leak"));
        QVERIFY(!s.endpoint(QStringLiteral("models")).hasQuery());
    }

    void baseUrlFromEnvironment()
    {
        qputenv("EGB_BASE_URL", "http://127.0.0.1:9/");
        QCOMPARE(ClientSettings::fromEnvironment().baseUrl, QUrl(QStringLiteral("http://127.0.0.1:9/")));
        qputenv("EGB_BASE_URL", "not a url");
        QCOMPARE(ClientSettings::fromEnvironment().baseUrl, ClientSettings::defaultBaseUrl());
        qunsetenv("EGB_BASE_URL");
        QCOMPARE(ClientSettings::fromEnvironment().baseUrl,
                 QUrl(QStringLiteral("https://generativelanguage.googleapis.com")));
    }

    void streamChunksArriveBeforeTheEnd()
    {
        FakeBehavior b = FakeBehavior::streaming(3, 0, QStringLiteral("one two three four five six"));
        b.holdAfterChunks = 1; // the server keeps the rest until release()
        server->setDefaultBehavior(b);
        QStringList seen;
        int chunksSentWhenFirstSeen = -1;
        bool finishedWhenFirstSeen = true;
        bool finished = false;
        auto onChunk = [&](const GenerateResponse& chunk) {
            if (seen.isEmpty()) {
                chunksSentWhenFirstSeen = server->chunksSent();
                finishedWhenFirstSeen = finished;
                QTimer::singleShot(0, server.get(), [this] { server->release(); });
            }
            seen.append(chunk.text);
        };
        auto task = [](GeminiClient* c, GeminiClient::ChunkHandler h, bool* done) -> QCoro::Task<GenerateResult> {
            GenerateResult r = co_await c->stream(testKey(2), GenerateRequest::fromPrompt(QStringLiteral("p")), h);
            *done = true;
            co_return r;
        };
        const auto result = awaitFor(task(client.get(), onChunk, &finished));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->outcome.message));
        QCOMPARE(chunksSentWhenFirstSeen, 1); // we saw chunk 1 while the server still held chunks 2 and 3
        QVERIFY(!finishedWhenFirstSeen);
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen.join(QString()), QStringLiteral("one two three four five six"));
        QCOMPARE(result->response.text, QStringLiteral("one two three four five six"));
        QCOMPARE(result->response.finishReason, QStringLiteral("STOP"));
        QVERIFY(result->outcome.usage.totalTokens > 0);
        const RecordedRequest sent = server->requests().first();
        QCOMPARE(sent.path, QStringLiteral("/v1beta/models/gemini-2.5-flash:streamGenerateContent"));
        QCOMPARE(sent.query.queryItemValue(QStringLiteral("alt")), QStringLiteral("sse"));
    }

    void streamWithLfFraming()
    {
        FakeBehavior b = FakeBehavior::streaming(5);
        b.crlf = false;
        server->setDefaultBehavior(b);
        int chunks = 0;
        const auto result = awaitFor(client->stream(testKey(1), GenerateRequest::fromPrompt(QStringLiteral("lf")),
                                                    [&](const GenerateResponse&) { ++chunks; }));
        QVERIFY(result && result->ok());
        QCOMPARE(chunks, 5);
        QCOMPARE(result->response.text, QStringLiteral("Echo: lf"));
    }

    void streamFailures_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("expected");
        QTest::addColumn<int>("minChunks");
        QTest::newRow("error body on the stream endpoint (400 invalid key)")
            << int(FakeBehavior::Kind::InvalidKey) << int(OutcomeClass::KeyInvalid) << 0;
        QTest::newRow("429 on the stream endpoint")
            << int(FakeBehavior::Kind::RateLimited) << int(OutcomeClass::RateLimited) << 0;
        QTest::newRow("404 on the stream endpoint")
            << int(FakeBehavior::Kind::NotFound) << int(OutcomeClass::RequestError) << 0;
        QTest::newRow("mid-stream error event after 200")
            << int(FakeBehavior::Kind::StreamError) << int(OutcomeClass::ServerError) << 3;
        QTest::newRow("stream cut short") << int(FakeBehavior::Kind::StreamCut) << int(OutcomeClass::ServerError) << 3;
        QTest::newRow("blocked prompt") << int(FakeBehavior::Kind::Blocked) << int(OutcomeClass::RequestError) << 1;
        QTest::newRow("html error page") << int(FakeBehavior::Kind::HtmlError) << int(OutcomeClass::ServerError) << 0;
        QTest::newRow("connection reset") << int(FakeBehavior::Kind::Reset) << int(OutcomeClass::ServerError) << 0;
    }
    void streamFailures()
    {
        QFETCH(int, kind);
        QFETCH(int, expected);
        QFETCH(int, minChunks);
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind(kind)));
        int chunks = 0;
        const auto result = awaitFor(client->stream(testKey(3), GenerateRequest::fromPrompt(QStringLiteral("s")),
                                                    [&](const GenerateResponse&) { ++chunks; }));
        QVERIFY(result);
        QCOMPARE(int(result->outcome.kind), expected);
        QCOMPARE(chunks, minChunks); // chunks before the failure did reach the caller
        QVERIFY(!result->outcome.message.isEmpty());
    }

    void generateFailures_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("expected");
        QTest::addColumn<int>("httpStatus");
        using K = FakeBehavior::Kind;
        QTest::newRow("400 invalid key") << int(K::InvalidKey) << 0 << int(OutcomeClass::KeyInvalid) << 400;
        QTest::newRow("400 bad request") << int(K::BadRequest) << 0 << int(OutcomeClass::RequestError) << 400;
        QTest::newRow("401") << int(K::Unauthenticated) << 0 << int(OutcomeClass::KeyInvalid) << 401;
        QTest::newRow("402") << int(K::PaymentRequired) << 0 << int(OutcomeClass::KeyInvalid) << 402;
        QTest::newRow("403 leaked") << int(K::LeakedKey) << 0 << int(OutcomeClass::KeyInvalid) << 403;
        QTest::newRow("404") << int(K::NotFound) << 0 << int(OutcomeClass::RequestError) << 404;
        QTest::newRow("408") << int(K::Status) << 408 << int(OutcomeClass::ServerError) << 408;
        QTest::newRow("429") << int(K::RateLimited) << 0 << int(OutcomeClass::RateLimited) << 429;
        QTest::newRow("499") << int(K::Status) << 499 << int(OutcomeClass::ServerError) << 499;
        QTest::newRow("500") << int(K::Status) << 500 << int(OutcomeClass::ServerError) << 500;
        QTest::newRow("502 html") << int(K::HtmlError) << 502 << int(OutcomeClass::ServerError) << 502;
        QTest::newRow("503") << int(K::Status) << 503 << int(OutcomeClass::ServerError) << 503;
        QTest::newRow("504") << int(K::Status) << 504 << int(OutcomeClass::ServerError) << 504;
        QTest::newRow("500 empty body") << int(K::EmptyBody) << 500 << int(OutcomeClass::ServerError) << 500;
        QTest::newRow("200 malformed") << int(K::MalformedJson) << 0 << int(OutcomeClass::ServerError) << 200;
        QTest::newRow("200 no candidates") << int(K::NoCandidates) << 0 << int(OutcomeClass::ServerError) << 200;
        QTest::newRow("200 blocked") << int(K::Blocked) << 0 << int(OutcomeClass::RequestError) << 200;
        QTest::newRow("reset after a 200 head") << int(K::Reset) << 0 << int(OutcomeClass::ServerError) << 200;
    }
    void generateFailures()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(int, expected);
        QFETCH(int, httpStatus);
        FakeBehavior b = FakeBehavior::of(FakeBehavior::Kind(kind));
        b.status = status;
        server->setDefaultBehavior(b);
        const auto result = awaitFor(client->generate(testKey(4), GenerateRequest::fromPrompt(QStringLiteral("g"))));
        QVERIFY(result);
        QCOMPARE(int(result->outcome.kind), expected);
        QCOMPARE(result->outcome.httpStatus, httpStatus);
        QVERIFY(!result->outcome.message.isEmpty());
    }

    void rateLimitCarriesRetryInfoAndQuota()
    {
        server->setDefaultBehavior(FakeBehavior::rateLimited(QStringLiteral("45.837906927s")));
        auto result = awaitFor(client->generate(testKey(5), GenerateRequest::fromPrompt(QStringLiteral("q"))));
        QVERIFY(result);
        QCOMPARE(result->outcome.retryDelayMs, 45'838);
        QCOMPARE(result->outcome.quotaId, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"));
        server->setDefaultBehavior(FakeBehavior::dailyQuota());
        result = awaitFor(client->generate(testKey(5), GenerateRequest::fromPrompt(QStringLiteral("q"))));
        QVERIFY(result && result->outcome.quotaId.contains(QLatin1String("PerDay")));
        FakeBehavior b = FakeBehavior::rateLimited(QString());
        b.retryAfter = "12";
        server->setDefaultBehavior(b);
        result = awaitFor(client->generate(testKey(5), GenerateRequest::fromPrompt(QStringLiteral("q"))));
        QVERIFY(result);
        QCOMPARE(result->outcome.retryDelayMs, 12'000);
    }

    void timeoutAbortsTheReply()
    {
        settings.attemptTimeoutMs = 200;
        client->setSettings(settings);
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        QSignalSpy aborted(server.get(), &FakeGeminiServer::clientAborted);
        const auto result = awaitFor(client->generate(testKey(6), GenerateRequest::fromPrompt(QStringLiteral("t"))));
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::ServerError);
        QVERIFY(result->outcome.message.contains(QLatin1String("timed out")));
        QCOMPARE(result->outcome.httpStatus, 0);
        QVERIFY(aborted.count() == 1 || aborted.wait(5000)); // the server saw the connection close
        QCOMPARE(client->inFlight(), 0);
    }

    void streamIdleTimeout()
    {
        settings.streamIdleTimeoutMs = 200;
        client->setSettings(settings);
        FakeBehavior b = FakeBehavior::streaming(3);
        b.holdAfterChunks = 1; // never released: the stream goes quiet
        server->setDefaultBehavior(b);
        int chunks = 0;
        const auto result = awaitFor(client->stream(testKey(6), GenerateRequest::fromPrompt(QStringLiteral("t")),
                                                    [&](const GenerateResponse&) { ++chunks; }));
        QVERIFY(result);
        QCOMPARE(chunks, 1);
        QCOMPARE(result->outcome.kind, OutcomeClass::ServerError);
        QVERIFY(result->outcome.message.contains(QLatin1String("timed out")));
    }

    void cancelAbortsAtOnce()
    {
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        CancelToken token;
        connect(server.get(), &FakeGeminiServer::requestReceived, &token,
                [&token] { QTimer::singleShot(0, &token, &CancelToken::cancel); });
        QSignalSpy aborted(server.get(), &FakeGeminiServer::clientAborted);
        QElapsedTimer clock;
        clock.start();
        const auto result =
            awaitFor(client->generate(testKey(7), GenerateRequest::fromPrompt(QStringLiteral("c")), &token), 5000);
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::Cancelled);
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY(aborted.count() == 1 || aborted.wait(5000));
        // A token already cancelled sends nothing.
        const int before = server->requestCount();
        const auto again =
            awaitFor(client->generate(testKey(7), GenerateRequest::fromPrompt(QStringLiteral("c")), &token));
        QVERIFY(again && again->outcome.kind == OutcomeClass::Cancelled);
        QCOMPARE(server->requestCount(), before);
    }

    void destroyingTheClientEndsItsCalls()
    {
        server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::Hang));
        connect(server.get(), &FakeGeminiServer::requestReceived, this,
                [this] { QTimer::singleShot(0, this, [this] { client.reset(); }); });
        const auto result =
            awaitFor(client->generate(testKey(8), GenerateRequest::fromPrompt(QStringLiteral("d"))), 5000);
        QVERIFY(result);
        QCOMPARE(result->outcome.kind, OutcomeClass::Cancelled);
        QVERIFY(!client);
        client = std::make_unique<GeminiClient>(settings); // for cleanup()
    }

    void modelsListFollowsPages()
    {
        QStringList ids;
        for (int i = 0; i < 7; ++i)
            ids.append(QStringLiteral("gemini-test-%1").arg(i));
        server->setModels(ids);
        const auto result = awaitFor(client->listModels(testKey(9), 3));
        QVERIFY(result);
        QVERIFY2(result->ok(), qPrintable(result->outcome.message));
        QCOMPARE(result->pages, 3);
        QCOMPARE(result->models.size(), 7);
        QCOMPARE(result->models.at(6).id(), QStringLiteral("gemini-test-6"));
        QCOMPARE(result->models.at(0).name, QStringLiteral("models/gemini-test-0"));
        QVERIFY(result->models.at(0).supportsGenerateContent());
        const QList<RecordedRequest> sent = server->requests();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(0).method, QByteArray("GET"));
        QCOMPARE(sent.at(0).path, QStringLiteral("/v1beta/models"));
        QCOMPARE(sent.at(0).query.queryItemValue(QStringLiteral("pageSize")), QStringLiteral("3"));
        QVERIFY(!sent.at(0).query.hasQueryItem(QStringLiteral("pageToken")));
        QCOMPARE(sent.at(1).query.queryItemValue(QStringLiteral("pageToken")), QStringLiteral("page-3"));
        QCOMPARE(sent.at(2).query.queryItemValue(QStringLiteral("pageToken")), QStringLiteral("page-6"));
        for (const RecordedRequest& r : sent)
            QCOMPARE(r.apiKey(), testKey(9));
    }

    void checkKey()
    {
        server->setKeyBehavior(testKey(11), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
        server->setKeyBehavior(testKey(12), FakeBehavior::of(FakeBehavior::Kind::LeakedKey));
        auto ok = awaitFor(client->checkKey(testKey(10)));
        QVERIFY(ok && ok->isSuccess());
        auto bad = awaitFor(client->checkKey(testKey(11)));
        QVERIFY(bad);
        QCOMPARE(bad->kind, OutcomeClass::KeyInvalid);
        QCOMPARE(bad->reason, QStringLiteral("API_KEY_INVALID"));
        auto leaked = awaitFor(client->checkKey(testKey(12)));
        QVERIFY(leaked && leaked->kind == OutcomeClass::KeyInvalid);
        QCOMPARE(server->requests().first().query.queryItemValue(QStringLiteral("pageSize")), QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(TestGeminiClient)
#include "tst_geminiclient.moc"
