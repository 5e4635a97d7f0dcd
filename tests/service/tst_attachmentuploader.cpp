#include "AsyncTest.h"
#include "AttachmentUploader.h"
#include "Dispatcher.h"
#include "FakeGeminiServer.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "TestKeys.h"

#include <QDateTime>
#include <QTest>

using namespace egb;
using namespace egb::test;

namespace {

ChatAttachment file(const QString& name, qint64 bytes)
{
    ChatAttachment a;
    a.name = name;
    a.mimeType = QStringLiteral("text/plain");
    a.data = QByteArray(bytes, 'z');
    return a;
}

} // namespace

/// AttachmentUploader against the fake server's Files API: what goes up, what stays inline, what is trusted.
class TestAttachmentUploader : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<FakeGeminiServer> server;
    std::unique_ptr<KeyPool> pool;
    std::unique_ptr<GeminiClient> client;
    std::unique_ptr<Dispatcher> dispatcher;
    qint64 now = 0;

private Q_SLOTS:
    void init()
    {
        server = std::make_unique<FakeGeminiServer>();
        QVERIFY(server->listen());
        pool = std::make_unique<KeyPool>();
        const QList<qint64> ids = pool->addSecrets({testKey(1), testKey(2)});
        pool->setGroup(ids.at(0), QStringLiteral("project-a"));
        pool->setGroup(ids.at(1), QStringLiteral("project-b"));
        server->setKeyProject(testKey(1), QStringLiteral("project-a"));
        server->setKeyProject(testKey(2), QStringLiteral("project-b"));
        ClientSettings settings;
        settings.baseUrl = QUrl(server->baseUrl());
        client = std::make_unique<GeminiClient>(settings);
        dispatcher = std::make_unique<Dispatcher>(pool.get(), client.get());
        now = QDateTime::currentMSecsSinceEpoch();
    }
    void cleanup()
    {
        dispatcher.reset();
        client.reset();
        pool.reset();
        server.reset();
    }

    // Within the budget nothing is uploaded, whatever the sizes.
    void filesThatFitStayInline()
    {
        const auto plan = awaitFor(AttachmentUploader::prepare(
            dispatcher.get(), {file(QStringLiteral("a"), 40), file(QStringLiteral("b"), 60)}, now, nullptr, 100));
        QVERIFY(plan && plan->ok);
        QCOMPARE(plan->uploads, 0);
        QVERIFY(plan->project.isEmpty());
        QVERIFY(plan->changed.isEmpty());
        QCOMPARE(server->requestCount(), 0);
    }

    // Over it, the largest go first until the rest fits; all of them in one project, the one the plan names.
    void theLargestGoUpUntilTheRestFits()
    {
        const auto plan = awaitFor(AttachmentUploader::prepare(
            dispatcher.get(),
            {file(QStringLiteral("small"), 30), file(QStringLiteral("large"), 80), file(QStringLiteral("mid"), 50)},
            now, nullptr, 60));
        QVERIFY(plan && plan->ok);
        QCOMPARE(plan->uploads, 2); // 160 -> large (80) -> mid (50): 30 left inline
        QCOMPARE(plan->changed, (QList<qsizetype>{1, 2}));
        QVERIFY(plan->files.at(0).fileUri.isEmpty());
        QVERIFY(!plan->files.at(1).fileUri.isEmpty());
        QVERIFY(!plan->files.at(2).fileUri.isEmpty());
        const QList<FakeFile> files = server->files();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files.at(0).displayName, QStringLiteral("large"));
        QCOMPARE(files.at(1).displayName, QStringLiteral("mid"));
        QCOMPARE(files.at(0).project, files.at(1).project); // pinned after the first
        QCOMPARE(plan->project, files.at(0).project);
        QCOMPARE(plan->files.at(1).fileProject, plan->project);
        QVERIFY(plan->files.at(1).fileExpiresMs > now + AttachmentUploader::ExpiryMarginMs);
    }

    // A file uploaded before and still alive is trusted and decides the project; one about to expire, or one in
    // another project, goes up again into that project.
    void liveUploadsAreKeptExpiredOrForeignOnesGoAgain()
    {
        ChatAttachment live = file(QStringLiteral("live"), 80);
        live.fileUri = QStringLiteral("https://example.test/v1beta/files/live");
        live.fileProject = QStringLiteral("project-b");
        live.fileExpiresMs = now + 10 * AttachmentUploader::ExpiryMarginMs;
        ChatAttachment expiring = file(QStringLiteral("expiring"), 70);
        expiring.fileUri = QStringLiteral("https://example.test/v1beta/files/old");
        expiring.fileProject = QStringLiteral("project-b");
        expiring.fileExpiresMs = now + AttachmentUploader::ExpiryMarginMs / 2;
        ChatAttachment foreign = file(QStringLiteral("foreign"), 60);
        foreign.fileUri = QStringLiteral("https://example.test/v1beta/files/elsewhere");
        foreign.fileProject = QStringLiteral("project-a");
        foreign.fileExpiresMs = now + 10 * AttachmentUploader::ExpiryMarginMs;
        const auto plan =
            awaitFor(AttachmentUploader::prepare(dispatcher.get(), {live, expiring, foreign}, now, nullptr, 65));
        QVERIFY(plan && plan->ok);
        QCOMPARE(plan->project, QStringLiteral("project-b"));
        QCOMPARE(plan->files.at(0).fileUri, live.fileUri); // untouched, not in `changed`
        QCOMPARE(plan->changed, (QList<qsizetype>{1, 2}));
        // 130 inline after forgetting the two: the larger (expiring, 70) goes up, into project-b; 60 fits.
        QCOMPARE(plan->uploads, 1);
        QVERIFY(plan->files.at(1).fileUri.startsWith(server->baseUrl()));
        QCOMPARE(plan->files.at(1).fileProject, QStringLiteral("project-b"));
        QVERIFY(plan->files.at(2).fileUri.isEmpty()); // inline now
        QCOMPARE(server->files().size(), 1);
        QCOMPARE(server->files().first().project, QStringLiteral("project-b"));
    }

    // A file whose project has no usable key any more (its key disabled) is uploaded again where keys are.
    void anUploadInAProjectWithoutKeysGoesAgain()
    {
        ChatAttachment stranded = file(QStringLiteral("stranded"), 80);
        stranded.fileUri = QStringLiteral("https://example.test/v1beta/files/stranded");
        stranded.fileProject = QStringLiteral("project-b");
        stranded.fileExpiresMs = now + 10 * AttachmentUploader::ExpiryMarginMs;
        pool->disable({pool->at(1).id});
        const auto plan = awaitFor(AttachmentUploader::prepare(dispatcher.get(), {stranded}, now, nullptr, 10));
        QVERIFY(plan && plan->ok);
        QCOMPARE(plan->uploads, 1);
        QCOMPARE(plan->project, QStringLiteral("project-a"));
        QCOMPARE(plan->files.first().fileProject, QStringLiteral("project-a"));
        QCOMPARE(server->files().first().project, QStringLiteral("project-a"));
    }

    // A failed upload (here: no usable key) ends the plan with the file's name and the reason.
    void aFailedUploadSaysWhichFileAndWhy()
    {
        pool->disable({pool->at(0).id, pool->at(1).id});
        const auto plan = awaitFor(
            AttachmentUploader::prepare(dispatcher.get(), {file(QStringLiteral("report.pdf"), 80)}, now, nullptr, 10));
        QVERIFY(plan);
        QVERIFY(!plan->ok);
        QVERIFY2(plan->error.contains(QStringLiteral("report.pdf")), qPrintable(plan->error));
        QCOMPARE(plan->uploads, 0);
        QVERIFY(plan->files.first().fileUri.isEmpty());
        QCOMPARE(server->requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAttachmentUploader)
#include "tst_attachmentuploader.moc"
