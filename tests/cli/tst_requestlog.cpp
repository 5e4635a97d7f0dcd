#include "ApiKey.h"
#include "FakeGeminiServer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using egb::test::FakeBehavior;
using egb::test::FakeGeminiServer;
using egb::test::FakeUsage;

namespace {

QString makeKey(int index)
{
    const QByteArray hash =
        QCryptographicHash::hash("egb-log-test-" + QByteArray::number(index), QCryptographicHash::Sha256);
    QString tail = QString::fromLatin1(hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    return QStringLiteral("AIza") + tail.left(35);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QByteArray rawOut;
    QJsonArray array() const { return QJsonDocument::fromJson(rawOut).array(); }
};

} // namespace

/// The request log and usage as `egb log` and `egb usage` show them, after real egb processes sent a key check,
/// a chat and a batch to the fake server: every attempt is there once, with its source, model and tokens, and the
/// sums equal what the server answered.
class TestRequestLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void checkChatAndBatchAreAllInTheLog();
    void usageSumsEqualWhatTheServerCounted();
    void badOptionsExitWithTwo();

private:
    Run egb(const QStringList& args);
    QStringList importKeys(int count);
    void checkChatAndBatch();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeGeminiServer> m_server;
    QString m_db;
    QStringList m_keys;
    int m_checkRequests = 0;
    int m_chatRequests = 0;
    int m_batchRequests = 0;
};

void TestRequestLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("keys.db"));
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
}

void TestRequestLog::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

Run TestRequestLog::egb(const QStringList& args)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_dir->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("xdg-data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("xdg-config")));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.remove(QStringLiteral("EGB_DB"));
    environment.insert(QStringLiteral("EGB_BASE_URL"), m_server->baseUrl());
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_dir->path());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(EGB_CLI_PATH), args + QStringList{QStringLiteral("--db"), m_db});
    Run run;
    if (!process.waitForStarted(10'000))
        return run;
    process.closeWriteChannel();
    // The fake server runs in this thread: wait by spinning the event loop.
    if (!finished.wait(120'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.rawOut = process.readAllStandardOutput();
    run.out = QString::fromUtf8(run.rawOut);
    run.err = QString::fromUtf8(process.readAllStandardError());
    for (const QString& secret : std::as_const(m_keys)) {
        if (run.out.contains(secret) || run.err.contains(secret))
            qFatal("egb %s printed a full key", qPrintable(args.join(u' ')));
    }
    return run;
}

QStringList TestRequestLog::importKeys(int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i) {
        m_keys.append(makeKey(i));
        text += m_keys.constLast().toLatin1() + '\n';
    }
    const QString file = m_dir->filePath(QStringLiteral("keys.txt"));
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(file));
    f.write(text);
    f.close();
    const Run r = egb({QStringLiteral("import"), file});
    if (r.exitCode != 0)
        qWarning("import failed: %s", qPrintable(r.err));
    return m_keys;
}

void TestRequestLog::checkChatAndBatch()
{
    m_keys.clear();
    importKeys(4);
    // One key is rejected: the check disables it; a flaky key answers one 503 first, so the batch retries.
    m_server->setKeyBehavior(m_keys.at(3), FakeBehavior::of(FakeBehavior::Kind::InvalidKey));
    m_server->enqueue(m_keys.at(2), FakeBehavior::httpStatus(503));

    m_server->clearRequests();
    const Run check = egb({QStringLiteral("check"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4")});
    QCOMPARE(check.exitCode, 1); // key 4 is rejected
    m_checkRequests = m_server->requestCount();
    QCOMPARE(m_checkRequests, 3);

    m_server->clearRequests();
    const Run chat = egb({QStringLiteral("chat"), QStringLiteral("--model"), QStringLiteral("gemini-2.5-pro"),
                          QStringLiteral("how many words are in this prompt")});
    QVERIFY2(chat.exitCode == 0, qPrintable(chat.err));
    m_chatRequests = m_server->requestCount();

    QByteArray prompts;
    for (int i = 0; i < 12; ++i)
        prompts += "batch prompt number " + QByteArray::number(i) + " with some words\n";
    const QString in = m_dir->filePath(QStringLiteral("prompts.txt"));
    QFile f(in);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(prompts);
    f.close();
    m_server->clearRequests();
    const Run batch =
        egb({QStringLiteral("batch"), in, QStringLiteral("-o"), m_dir->filePath(QStringLiteral("o.jsonl")),
             QStringLiteral("--model"), QStringLiteral("gemini-2.5-flash")});
    QVERIFY2(batch.exitCode == 0, qPrintable(batch.err));
    m_batchRequests = m_server->requestCount();
    QVERIFY(m_batchRequests >= 12);
}

void TestRequestLog::checkChatAndBatchAreAllInTheLog()
{
    checkChatAndBatch();
    const Run log = egb({QStringLiteral("log"), QStringLiteral("--json")});
    QVERIFY2(log.exitCode == 0, qPrintable(log.err));
    const QJsonArray rows = log.array();
    QCOMPARE(rows.size(), m_checkRequests + m_chatRequests + m_batchRequests);

    const QSet<QString> fields{
        QStringLiteral("time"),          QStringLiteral("source"),         QStringLiteral("model"),
        QStringLiteral("key"),           QStringLiteral("key_id"),         QStringLiteral("class"),
        QStringLiteral("http_status"),   QStringLiteral("latency_ms"),     QStringLiteral("prompt_tokens"),
        QStringLiteral("answer_tokens"), QStringLiteral("thinking_tokens")};
    QMap<QString, int> perSource;
    QMap<QString, int> okTokensPerSource;
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        const QStringList names = o.keys();
        QCOMPARE(QSet<QString>(names.cbegin(), names.cend()), fields);
        const QString source = o.value(u"source").toString();
        ++perSource[source];
        const QString masked = o.value(u"key").toString();
        QVERIFY2(masked.contains(QChar(0x2026)), qPrintable(masked)); // masked, never the key
        if (source == u"check") {
            QCOMPARE(o.value(u"model").toString(), QString());
        } else if (source == u"chat") {
            QCOMPARE(o.value(u"model").toString(), QStringLiteral("gemini-2.5-pro"));
        } else if (source == u"batch") {
            QCOMPARE(o.value(u"model").toString(), QStringLiteral("gemini-2.5-flash"));
        }
        if (o.value(u"class").toString() == u"success" && source != u"check")
            okTokensPerSource[source] += o.value(u"prompt_tokens").toInt();
        if (o.value(u"class").toString() == u"key_invalid") {
            QCOMPARE(o.value(u"http_status").toInt(), 400);
            QCOMPARE(o.value(u"key_id").toInt(), 4);
        }
    }
    QCOMPARE(perSource.value(QStringLiteral("check")), m_checkRequests);
    QCOMPARE(perSource.value(QStringLiteral("chat")), m_chatRequests);
    QCOMPARE(perSource.value(QStringLiteral("batch")), m_batchRequests);
    // The fake server counts a prompt's words as its tokens: "how many words are in this prompt" is 7.
    QCOMPARE(okTokensPerSource.value(QStringLiteral("chat")), 7);
    QCOMPARE(okTokensPerSource.value(QStringLiteral("batch")), 12 * 7); // "batch prompt number N with some words"

    // Filters.
    const Run batchOnly =
        egb({QStringLiteral("log"), QStringLiteral("--source"), QStringLiteral("batch"), QStringLiteral("--json")});
    QCOMPARE(batchOnly.array().size(), m_batchRequests);
    const Run keyOne =
        egb({QStringLiteral("log"), QStringLiteral("--key"), QStringLiteral("4"), QStringLiteral("--json")});
    for (const QJsonValue& v : keyOne.array())
        QCOMPARE(v.toObject().value(u"key_id").toInt(), 4);
    QVERIFY(!keyOne.array().isEmpty());
    const Run pro = egb(
        {QStringLiteral("log"), QStringLiteral("--model"), QStringLiteral("gemini-2.5-pro"), QStringLiteral("--json")});
    QCOMPARE(pro.array().size(), m_chatRequests);
    const Run none =
        egb({QStringLiteral("log"), QStringLiteral("--since"), QStringLiteral("0s"), QStringLiteral("--json")});
    QCOMPARE(none.array().size(), 0);

    // The table names every attempt once, masked.
    const Run table = egb({QStringLiteral("log")});
    QCOMPARE(table.exitCode, 0);
    QCOMPARE(table.out.split(u'\n', Qt::SkipEmptyParts).size(), rows.size() + 1); // and a header
}

void TestRequestLog::usageSumsEqualWhatTheServerCounted()
{
    checkChatAndBatch();
    const FakeUsage served = m_server->answeredUsage();
    const int requests = m_checkRequests + m_chatRequests + m_batchRequests;
    for (const QString& by :
         {QStringLiteral("key"), QStringLiteral("project"), QStringLiteral("model"), QStringLiteral("day")}) {
        const Run usage = egb({QStringLiteral("usage"), QStringLiteral("--by"), by, QStringLiteral("--json")});
        QVERIFY2(usage.exitCode == 0, qPrintable(usage.err));
        qint64 n = 0, ok = 0, failed = 0, prompt = 0, answer = 0, thinking = 0;
        const QSet<QString> fields{
            QStringLiteral("group"),           QStringLiteral("requests"),      QStringLiteral("ok"),
            QStringLiteral("failed"),          QStringLiteral("prompt_tokens"), QStringLiteral("answer_tokens"),
            QStringLiteral("thinking_tokens"), QStringLiteral("cost")};
        for (const QJsonValue& v : usage.array()) {
            const QJsonObject o = v.toObject();
            const QStringList names = o.keys();
            QCOMPARE(QSet<QString>(names.cbegin(), names.cend()), fields);
            QVERIFY(o.value(u"cost").isNull()); // no price table: no cost
            n += o.value(u"requests").toInteger();
            ok += o.value(u"ok").toInteger();
            failed += o.value(u"failed").toInteger();
            prompt += o.value(u"prompt_tokens").toInteger();
            answer += o.value(u"answer_tokens").toInteger();
            thinking += o.value(u"thinking_tokens").toInteger();
        }
        QCOMPARE(n, requests);
        QCOMPARE(ok + failed, n);
        // Successful generate answers plus the working key checks (models.list answers carry no tokens).
        QCOMPARE(ok, qint64(served.answers) + 2);
        QCOMPARE(prompt, served.promptTokens);
        QCOMPARE(answer, served.answerTokens);
        QCOMPARE(thinking, served.thinkingTokens);
    }
    const Run byModel =
        egb({QStringLiteral("usage"), QStringLiteral("--by"), QStringLiteral("model"), QStringLiteral("--json")});
    QMap<QString, QJsonObject> models;
    for (const QJsonValue& v : byModel.array())
        models.insert(v.toObject().value(u"group").toString(), v.toObject());
    QCOMPARE(models.value(QStringLiteral("gemini-2.5-pro")).value(u"requests").toInteger(), m_chatRequests);
    QCOMPARE(models.value(QStringLiteral("gemini-2.5-pro")).value(u"prompt_tokens").toInteger(),
             m_server->answeredUsage(QStringLiteral("gemini-2.5-pro")).promptTokens);
    QCOMPARE(models.value(QStringLiteral("gemini-2.5-flash")).value(u"answer_tokens").toInteger(),
             m_server->answeredUsage(QStringLiteral("gemini-2.5-flash")).answerTokens);
    QCOMPARE(models.value(QString()).value(u"requests").toInteger(), m_checkRequests);

    const Run table = egb({QStringLiteral("usage"), QStringLiteral("--by"), QStringLiteral("model")});
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.out.contains(u"gemini-2.5-flash") && table.out.contains(u"total"), qPrintable(table.out));
}

void TestRequestLog::badOptionsExitWithTwo()
{
    importKeys(1);
    QCOMPARE(egb({QStringLiteral("log"), QStringLiteral("--since"), QStringLiteral("yesterday")}).exitCode, 2);
    QCOMPARE(egb({QStringLiteral("log"), QStringLiteral("--source"), QStringLiteral("mail")}).exitCode, 2);
    QCOMPARE(egb({QStringLiteral("log"), QStringLiteral("--key"), QStringLiteral("x")}).exitCode, 2);
    QCOMPARE(egb({QStringLiteral("usage"), QStringLiteral("--by"), QStringLiteral("colour")}).exitCode, 2);
    const Run empty = egb({QStringLiteral("usage"), QStringLiteral("--json")});
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(empty.array().size(), 0);
}

QTEST_GUILESS_MAIN(TestRequestLog)
#include "tst_requestlog.moc"
