// The official SDKs (npm @google/genai and openai, installed by scripts/sdk-deps.sh, CTest fixture proxy.sdk_setup)
// as clients of a real `egb serve` process, on top of a FakeGeminiServer in this process.

#include "FakeGeminiServer.h"
#include "TestKeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace egb::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

struct NodeRun
{
    int exitCode = -1;
    QList<QJsonObject> lines;
    QString err;
    QJsonObject last() const { return lines.value(lines.size() - 1); }
};

/// One `egb serve` process with its own database, keys and access token.
struct Serve
{
    std::unique_ptr<QProcess> process;
    QString db;
    QString url;
    QString token;
    QStringList keys;
};

} // namespace

class TestSdk : public QObject
{
    Q_OBJECT

private:
    QProcessEnvironment environment() const;
    Run egb(const QStringList& args, const QString& db);
    /// Imports `keyCount` keys into a new database, makes a token and starts egb serve --port 0 on it.
    bool startServe(Serve& serve, const QString& name, int firstKey, int keyCount);
    bool stopServe(Serve& serve);
    /// Runs one case of a node script; `onLine` sees each JSON line as it arrives (while the case runs).
    NodeRun node(const QString& script, const QString& name, const Serve& serve, const QString& token = {},
                 const std::function<void(const QJsonObject&)>& onLine = {});
    void checkNothingLeaked();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    Serve m_serve;

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void genaiGenerates();
    void genaiUploadsAFileAndGeneratesWithItInItsProject();
    void genaiStreamsChunksBeforeTheEnd();
    void genaiCountsTokens();
    void genaiEmbeds();
    void genaiImageAndToolsReachGoogleUnchanged();
    void genaiNeverSeesA429();
    void genaiWrongTokenIs401();
    void genaiHangUpAbortsUpstream();
    void genaiAllKeysInvalidIsAClearError();

    void openAiChats();
    void openAiStreamsChunksBeforeTheEnd();
    void openAiListsModels();
    void openAiEmbeds();
    void openAiImageAndToolsReachGoogleUnchanged();
    void openAiNeverSeesA429();
    void openAiWrongTokenIs401();
    void openAiHangUpAbortsUpstream();
    void openAiAllKeysInvalidIsAClearError();

    void serveStopsCleanlyAndSavesThePool();
};

QProcessEnvironment TestSdk::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_dir->path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg-config")));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("EGB_DB"));
    env.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
    return env;
}

Run TestSdk::egb(const QStringList& args, const QString& db)
{
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH), args + QStringList{QStringLiteral("--db"), db});
    Run run;
    if (!process.waitForStarted(10'000))
        return run;
    process.closeWriteChannel();
    if (!finished.wait(60'000)) { // the fake server runs in this thread: spin the event loop, never block it
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool TestSdk::startServe(Serve& serve, const QString& name, int firstKey, int keyCount)
{
    serve.db = m_dir->filePath(name);
    const QString keyFile = m_dir->filePath(name + QStringLiteral(".keys.txt"));
    QFile file(keyFile);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (int i = 0; i < keyCount; ++i) {
        serve.keys.append(testKey(firstKey + i));
        file.write(serve.keys.last().toLatin1() + '\n');
    }
    file.close();
    if (egb({QStringLiteral("import"), keyFile}, serve.db).exitCode != 0)
        return false;
    const Run token = egb({QStringLiteral("tokens"), QStringLiteral("add"), QStringLiteral("--label"),
                           QStringLiteral("sdk"), QStringLiteral("--json")},
                          serve.db);
    if (token.exitCode != 0)
        return false;
    serve.token = QJsonDocument::fromJson(token.out.toUtf8()).object().value(QLatin1String("token")).toString();
    if (!serve.token.startsWith(QLatin1String("egb-")))
        return false;
    serve.process = std::make_unique<QProcess>();
    serve.process->setProcessEnvironment(environment());
    serve.process->start(QStringLiteral(EGB_CLI_PATH), {QStringLiteral("serve"), QStringLiteral("--port"),
                                                        QStringLiteral("0"), QStringLiteral("--db"), serve.db});
    if (!serve.process->waitForStarted(10'000))
        return false;
    QSignalSpy ready(serve.process.get(), &QProcess::readyReadStandardOutput);
    while (!serve.process->canReadLine()) {
        if (!ready.wait(20'000))
            return false;
    }
    const QString first = QString::fromUtf8(serve.process->readLine()).trimmed();
    if (!first.startsWith(QLatin1String("listening http://127.0.0.1:"))) {
        qWarning("egb serve said: %s", qPrintable(first));
        return false;
    }
    serve.url = first.mid(10);
    return true;
}

bool TestSdk::stopServe(Serve& serve)
{
    if (!serve.process)
        return true;
    QSignalSpy finished(serve.process.get(), &QProcess::finished);
    serve.process->terminate(); // SIGTERM, handled like Ctrl-C
    const bool ok =
        finished.wait(20'000) && serve.process->exitStatus() == QProcess::NormalExit && serve.process->exitCode() == 0;
    if (!ok) {
        qWarning("egb serve: %s", serve.process->readAllStandardError().constData());
        serve.process->kill();
        serve.process->waitForFinished();
    }
    serve.process.reset();
    return ok;
}

NodeRun TestSdk::node(const QString& script, const QString& name, const Serve& serve, const QString& token,
                      const std::function<void(const QJsonObject&)>& onLine)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("EGB_PROXY_URL"), serve.url);
    env.insert(QStringLiteral("EGB_PROXY_TOKEN"), token.isEmpty() ? serve.token : token);
    env.remove(QStringLiteral("GEMINI_API_KEY"));
    env.remove(QStringLiteral("GOOGLE_API_KEY"));
    env.remove(QStringLiteral("OPENAI_API_KEY"));
    env.remove(QStringLiteral("OPENAI_BASE_URL"));
    env.remove(QStringLiteral("GOOGLE_GEMINI_BASE_URL"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(QStringLiteral(EGB_SDK_DIR));
    NodeRun run;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [&] {
        while (process.canReadLine()) {
            const QJsonObject line = QJsonDocument::fromJson(process.readLine()).object();
            run.lines.append(line);
            if (onLine)
                onLine(line);
        }
    });
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral("node"), {script, name});
    if (!process.waitForStarted(10'000)) {
        run.err = process.errorString();
        return run;
    }
    if (!finished.wait(60'000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("node did not finish in time");
        return run;
    }
    while (process.canReadLine())
        run.lines.append(QJsonDocument::fromJson(process.readLine()).object());
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.err += QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestSdk::checkNothingLeaked()
{
    // The caller's token never goes upstream, and a key travels only in its header.
    const QList<RecordedRequest> requests = m_server->requests();
    for (const RecordedRequest& r : requests) {
        QVERIFY2(!r.target.contains(m_serve.token.toLatin1()), r.target.constData());
        QVERIFY2(!r.target.contains("key="), r.target.constData());
        QVERIFY(!r.body.contains(m_serve.token.toLatin1()));
        for (auto it = r.headers.cbegin(); it != r.headers.cend(); ++it) {
            QVERIFY2(!it.value().contains(m_serve.token.toLatin1()), it.key().constData());
            for (const QString& key : std::as_const(m_serve.keys)) {
                if (it.value().contains(key.toLatin1()))
                    QVERIFY2(it.key() == "x-goog-api-key" ||
                                 (it.key() == "authorization" && it.value() == "Bearer " + key.toLatin1()),
                             it.key().constData());
            }
        }
    }
}

void TestSdk::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(EGB_SDK_DIR "/node_modules/@google/genai/package.json")) &&
                 QFile::exists(QStringLiteral(EGB_SDK_DIR "/node_modules/openai/package.json")),
             "the SDKs are not installed: run scripts/sdk-deps.sh " EGB_SDK_DIR " (CTest's proxy.sdk_setup does)");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    QVERIFY(startServe(m_serve, QStringLiteral("main.db"), 1, 4));
}

void TestSdk::init()
{
    m_server->release();
    m_server->clearKeyBehaviors();
    m_server->setDefaultBehavior(FakeBehavior::ok());
    m_server->clearRequests();
}

void TestSdk::cleanup()
{
    checkNothingLeaked();
}

void TestSdk::cleanupTestCase()
{
    if (m_serve.process)
        stopServe(m_serve);
}

void TestSdk::genaiGenerates()
{
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("generate"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("text")).toString(), QStringLiteral("Echo: hello proxy"));
    QCOMPARE(m_server->requestCount(), 1);
    const RecordedRequest up = m_server->requests().first();
    QVERIFY(up.path.endsWith(QLatin1String("/models/gemini-2.5-flash:generateContent")));
    QVERIFY(m_serve.keys.contains(up.apiKey())); // a pool key instead of the token
}

void TestSdk::genaiUploadsAFileAndGeneratesWithItInItsProject()
{
    // Keys 1, 2 of the serve are one project, 3, 4 another: the upload and every call about the file must use one.
    for (int i = 0; i < m_serve.keys.size(); ++i)
        m_server->setKeyProject(m_serve.keys.at(i), i < 2 ? QStringLiteral("sdk-a") : QStringLiteral("sdk-b"));
    const auto resetProjects = qScopeGuard([this] {
        for (const QString& key : std::as_const(m_serve.keys))
            m_server->setKeyProject(key, {});
    });
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("files"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    const QString name = r.last().value(QLatin1String("name")).toString();
    QCOMPARE(r.last().value(QLatin1String("got")).toString(), name);
    QCOMPARE(r.last().value(QLatin1String("size")).toInt(), r.last().value(QLatin1String("bytes")).toInt());
    QVERIFY(r.last().value(QLatin1String("text")).toString().startsWith(QLatin1String("Echo:")));
    const auto file = m_server->file(name);
    QVERIFY(file);
    QCOMPARE(file->mimeType, QStringLiteral("application/pdf"));
    // Start, upload, get and generate: four calls upstream, all with keys of the file's project.
    const QList<RecordedRequest> requests = m_server->requests();
    QCOMPARE(requests.size(), 4);
    for (const RecordedRequest& up : requests)
        QVERIFY2(m_server->projectOfKey(up.apiKey()) == file->project, up.target.constData());
    QCOMPARE(m_server->fileAccessDenials(), 0);
}

void TestSdk::genaiStreamsChunksBeforeTheEnd()
{
    FakeBehavior b = FakeBehavior::streaming(3);
    b.holdAfterChunks = 1; // the server sends one chunk, then waits until the test releases the rest
    m_server->setDefaultBehavior(b);
    const int before = m_server->chunksSent(); // counted since the server started
    int sentWhenFirstArrived = -1;
    const NodeRun r =
        node(QStringLiteral("genai_case.mjs"), QStringLiteral("stream"), m_serve, {}, [&](const QJsonObject& line) {
            if (line.value(QLatin1String("chunk")).toInt() == 1) {
                sentWhenFirstArrived = m_server->chunksSent() - before;
                m_server->release();
            }
        });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(sentWhenFirstArrived, 1); // the SDK had chunk 1 while the rest was still held upstream
    QCOMPARE(r.last().value(QLatin1String("chunks")).toInt(), 3);
    QCOMPARE(r.last().value(QLatin1String("text")).toString(), QStringLiteral("Echo: one two three four"));
    QVERIFY(m_server->requests().first().target.contains("alt=sse"));
}

void TestSdk::genaiCountsTokens()
{
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("count"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("totalTokens")).toInt(), 5);
    QVERIFY(m_server->requests().first().path.endsWith(QLatin1String(":countTokens")));
}

void TestSdk::genaiEmbeds()
{
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("embed"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("single")).toInt(), 1);
    QCOMPARE(r.last().value(QLatin1String("dims")).toInt(), 8);
    QCOMPARE(r.last().value(QLatin1String("batch")).toInt(), 3);
    QCOMPARE(m_server->requestCount(), 2);
}

void TestSdk::genaiImageAndToolsReachGoogleUnchanged()
{
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("image-tools"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    const QByteArray sent = r.last().value(QLatin1String("sent")).toString().toUtf8();
    QVERIFY(sent.contains("inlineData") && sent.contains("functionDeclarations") && sent.contains("safetySettings"));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->requests().first().body, sent); // byte for byte
}

void TestSdk::genaiNeverSeesA429()
{
    m_server->enqueueAny(FakeBehavior::rateLimited());
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("generate"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("text")).toString(), QStringLiteral("Echo: hello proxy"));
    const QList<RecordedRequest> up = m_server->requests();
    QCOMPARE(up.size(), 2); // the 429, then another key
    QVERIFY(up.at(0).apiKey() != up.at(1).apiKey());
}

void TestSdk::genaiWrongTokenIs401()
{
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("generate"), m_serve,
                           QStringLiteral("egb-notAtokenOfThisProxyAtAll0000000000000000"));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.last().value(QLatin1String("status")).toInt(), 401);
    QVERIFY2(r.last().value(QLatin1String("error")).toString().contains(QLatin1String("access token")),
             qPrintable(r.last().value(QLatin1String("error")).toString()));
    QCOMPARE(m_server->requestCount(), 0); // the pool was not touched
}

void TestSdk::genaiHangUpAbortsUpstream()
{
    FakeBehavior b = FakeBehavior::streaming(3);
    b.holdAfterChunks = 1;
    m_server->setDefaultBehavior(b);
    QSignalSpy aborted(m_server.get(), &FakeGeminiServer::clientAborted);
    const int before = m_server->chunksSent();
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("hangup"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QVERIFY(r.last().value(QLatin1String("aborted")).toBool());
    QVERIFY(aborted.count() > 0 || aborted.wait(10'000)); // the proxy dropped the upstream request
    QCOMPARE(m_server->chunksSent() - before, 1);         // nothing after the hang-up
}

void TestSdk::genaiAllKeysInvalidIsAClearError()
{
    Serve bad;
    QVERIFY(startServe(bad, QStringLiteral("invalid.db"), 100, 2));
    m_server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    const NodeRun r = node(QStringLiteral("genai_case.mjs"), QStringLiteral("generate"), bad);
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.last().value(QLatin1String("status")).toInt(), 503);
    const QString error = r.last().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(QLatin1String("Easy Gemini Balance proxy")) && error.contains(QLatin1String("key")),
             qPrintable(error));
    QCOMPARE(m_server->requestCount(), 2); // each key tried once, then disabled
    QVERIFY(stopServe(bad));
}

void TestSdk::openAiChats()
{
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("generate"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("text")).toString(), QStringLiteral("Echo: hello proxy"));
    const RecordedRequest up = m_server->requests().first();
    QCOMPARE(up.path, QStringLiteral("/v1beta/openai/chat/completions"));
    const QByteArray auth = up.header("authorization");
    QVERIFY(auth.startsWith("Bearer ") && m_serve.keys.contains(QString::fromLatin1(auth.mid(7))));
}

void TestSdk::openAiStreamsChunksBeforeTheEnd()
{
    FakeBehavior b = FakeBehavior::streaming(3);
    b.holdAfterChunks = 1;
    m_server->setDefaultBehavior(b);
    const int before = m_server->chunksSent(); // counted since the server started
    int sentWhenFirstArrived = -1;
    const NodeRun r =
        node(QStringLiteral("openai_case.mjs"), QStringLiteral("stream"), m_serve, {}, [&](const QJsonObject& line) {
            if (line.value(QLatin1String("chunk")).toInt() == 1) {
                sentWhenFirstArrived = m_server->chunksSent() - before;
                m_server->release();
            }
        });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(sentWhenFirstArrived, 1);
    QCOMPARE(r.last().value(QLatin1String("chunks")).toInt(), 3);
    QCOMPARE(r.last().value(QLatin1String("text")).toString(), QStringLiteral("Echo: one two three four"));
}

void TestSdk::openAiListsModels()
{
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("models"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QVERIFY(r.last().value(QLatin1String("ids")).toArray().contains(QStringLiteral("models/gemini-2.5-flash")));
    QCOMPARE(m_server->requests().first().path, QStringLiteral("/v1beta/openai/models"));
}

void TestSdk::openAiEmbeds()
{
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("embed"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QCOMPARE(r.last().value(QLatin1String("count")).toInt(), 2);
    QCOMPARE(r.last().value(QLatin1String("dims")).toInt(), 8);
    QCOMPARE(m_server->requests().first().path, QStringLiteral("/v1beta/openai/embeddings"));
}

void TestSdk::openAiImageAndToolsReachGoogleUnchanged()
{
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("image-tools"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    const QByteArray sent = r.last().value(QLatin1String("sent")).toString().toUtf8();
    QVERIFY(sent.contains("image_url") && sent.contains("\"tools\""));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(m_server->requests().first().body, sent);
}

void TestSdk::openAiNeverSeesA429()
{
    m_server->enqueueAny(FakeBehavior::rateLimited());
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("generate"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    const QList<RecordedRequest> up = m_server->requests();
    QCOMPARE(up.size(), 2);
    QVERIFY(up.at(0).header("authorization") != up.at(1).header("authorization"));
}

void TestSdk::openAiWrongTokenIs401()
{
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("generate"), m_serve,
                           QStringLiteral("egb-notAtokenOfThisProxyAtAll0000000000000000"));
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.last().value(QLatin1String("status")).toInt(), 401);
    QCOMPARE(r.last().value(QLatin1String("name")).toString(), QStringLiteral("AuthenticationError"));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestSdk::openAiHangUpAbortsUpstream()
{
    FakeBehavior b = FakeBehavior::streaming(3);
    b.holdAfterChunks = 1;
    m_server->setDefaultBehavior(b);
    QSignalSpy aborted(m_server.get(), &FakeGeminiServer::clientAborted);
    const int before = m_server->chunksSent();
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("hangup"), m_serve);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + QJsonDocument(r.last()).toJson()));
    QVERIFY(r.last().value(QLatin1String("aborted")).toBool());
    QVERIFY(aborted.count() > 0 || aborted.wait(10'000));
    QCOMPARE(m_server->chunksSent() - before, 1); // nothing after the hang-up
}

void TestSdk::openAiAllKeysInvalidIsAClearError()
{
    Serve bad;
    QVERIFY(startServe(bad, QStringLiteral("invalid-openai.db"), 200, 2));
    m_server->setDefaultBehavior(FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    const NodeRun r = node(QStringLiteral("openai_case.mjs"), QStringLiteral("generate"), bad);
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.last().value(QLatin1String("status")).toInt(), 503);
    const QString error = r.last().value(QLatin1String("error")).toString();
    QVERIFY2(error.contains(QLatin1String("Easy Gemini Balance proxy")) && error.contains(QLatin1String("key")),
             qPrintable(error));
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(stopServe(bad));
}

void TestSdk::serveStopsCleanlyAndSavesThePool()
{
    QVERIFY(stopServe(m_serve)); // SIGTERM like Ctrl-C: exit status 0
    // The health the proxied requests left is in the database: successes and the 429's cooldown.
    const Run list = egb({QStringLiteral("list"), QStringLiteral("--json")}, m_serve.db);
    QCOMPARE(list.exitCode, 0);
    const QJsonArray keys = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(keys.size(), 4);
    int successes = 0;
    int failures = 0;
    for (const QJsonValue& k : keys) {
        successes += k.toObject().value(QLatin1String("successes")).toInt();
        failures += k.toObject().value(QLatin1String("failures")).toInt();
    }
    QVERIFY2(successes >= 10, qPrintable(list.out));
    QVERIFY2(failures >= 2, qPrintable(list.out)); // the two 429s
}

QTEST_GUILESS_MAIN(TestSdk)
#include "tst_sdk.moc"
