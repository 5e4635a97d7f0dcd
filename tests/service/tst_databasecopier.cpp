// DatabaseCopier (egb db copy): a pool copied between SQLite files holds exactly what the source held (key ids and
// health, import history, chats, batch runs and results, proxy token hashes), the source is left as it was, a target
// that is not empty is refused and untouched unless replace is asked, a failure half-way is not reported as done;
// and a pool taken into a PostgreSQL team database and back is the same pool (service.databasecopier.postgresql).
#include "AccessTokenStore.h"
#include "BatchRunStore.h"
#include "ConversationStore.h"
#include "DatabaseCopier.h"
#include "ImportHistoryStore.h"
#include "KeyRepositories.h"
#include "SqliteKeyRepository.h"
#include "TestDatabase.h"
#include "TestKeys.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;
using egb::test::testKey;

namespace {

/// Everything a pool's database holds, read through the stores.
struct Pool
{
    std::vector<ApiKey> keys;
    QList<QuotaBucketRecord> buckets;
    qint64 sequence = 0;
    QList<ImportRecord> imports;
    QList<SavedConversation> conversations;
    QList<SavedBatchRun> runs;
    QList<StoredAccessToken> tokens;
};

bool sameRuns(const QList<SavedBatchRun>& a, const QList<SavedBatchRun>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const BatchRun& x = a.at(i).run;
        const BatchRun& y = b.at(i).run;
        if (x.id != y.id || x.title != y.title || x.model != y.model || x.promptTemplate != y.promptTemplate ||
            !(x.settings == y.settings) || x.concurrency != y.concurrency || x.state != y.state ||
            x.createdMs != y.createdMs || x.updatedMs != y.updatedMs || x.total != y.total || x.ok != y.ok ||
            x.failed != y.failed || a.at(i).items != b.at(i).items)
            return false;
    }
    return true;
}

Pool readPool(const QString& location, bool withParts = true)
{
    Pool pool;
    QString error;
    auto repo = KeyRepositories::open(location, &error);
    if (!repo) {
        qWarning("cannot open %s: %s", qPrintable(location), qPrintable(error));
        return pool;
    }
    const auto snapshot = repo->load();
    if (snapshot) {
        pool.keys = snapshot->keys;
        pool.buckets = snapshot->buckets;
        pool.sequence = snapshot->sequence;
    }
    auto* file = qobject_cast<SqliteKeyRepository*>(repo.get());
    if (!withParts || !file)
        return pool;
    const QString connection = file->database().connectionName();
    {
        ImportHistoryStore s;
        if (s.open(connection))
            pool.imports = s.records();
    }
    {
        ConversationStore s;
        if (s.open(connection))
            pool.conversations = s.exportAll();
    }
    {
        BatchRunStore s;
        if (s.open(connection))
            pool.runs = s.exportAll();
    }
    {
        AccessTokenStore s;
        if (s.open(connection))
            pool.tokens = s.exportAll();
    }
    return pool;
}

/// The proxy token seed() made last (shown once, as to a person).
QString& lastToken()
{
    static QString token;
    return token;
}

ApiKey key(qint64 id, int n)
{
    ApiKey k;
    k.id = id;
    k.secret = testKey(n);
    k.label = QStringLiteral("label %1").arg(n);
    k.group = QStringLiteral("project-%1").arg(n % 2);
    k.status = n % 3 == 0 ? KeyStatus::Disabled : (n % 3 == 1 ? KeyStatus::CoolingDown : KeyStatus::Active);
    k.weight = 0.25 + n / 100.0;
    k.consecutiveFailures = n;
    k.totalFailures = 10 + n;
    k.totalSuccesses = 1000 + n;
    k.lastHttpStatus = 429;
    k.lastError = QStringLiteral("quota %1").arg(n);
    k.lastUsedMs = 1'700'000'000'000 + n;
    k.cooldownUntilMs = 1'800'000'000'000 + n;
    k.rateLimitStreak = n + 1;
    k.serverFaultStreak = n + 2;
    k.disabledReason = n % 3 == 0 ? QStringLiteral("Disabled by you") : QString();
    k.rpmLimit = 5 * n;
    k.addedMs = 1'600'000'000'000 + n;
    return k;
}

/// A pool with every kind of data: keys with gaps in their ids and every health field set, two imports, two
/// conversations with messages, a finished run with results and a paused one, a proxy token.
bool seed(const QString& path, int keyBase = 1)
{
    QString error;
    auto repo = KeyRepositories::open(path, &error);
    if (!repo)
        return false;
    KeyWriteBatch batch;
    batch.saves = {key(3, keyBase), key(7, keyBase + 1), key(8, keyBase + 2), key(20, keyBase + 3)};
    // The quota state of two (project, model) buckets: a rest, a learned limit, today's usage.
    QuotaBucketRecord pro;
    pro.project = QStringLiteral("team-a");
    pro.model = QStringLiteral("gemini-2.5-pro");
    pro.cooldownUntilMs = 1'900'000'000'000;
    pro.quotaId = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
    pro.learnedChanged = true;
    pro.learnedLimit = 5;
    pro.learnedWindowMs = 60'000;
    pro.dayEndMs = 1'900'000'100'000;
    pro.dayRequests = 42;
    pro.dayTokens = 4200;
    QuotaBucketRecord flash = pro;
    flash.project = QStringLiteral("#3");
    flash.model = QStringLiteral("gemini-2.5-flash");
    flash.notOffered = true;
    batch.buckets = {pro, flash};
    if (!repo->write(batch))
        return false;
    const QString connection = qobject_cast<SqliteKeyRepository*>(repo.get())->database().connectionName();
    ImportHistoryStore imports;
    if (!imports.open(connection))
        return false;
    imports.record({0, 1'700'000'000'100, QStringLiteral("/home/me/keys.txt"), QStringLiteral("text"),
                    QStringLiteral("egb"), 4, 1, 2, false});
    imports.record(
        {0, 1'700'000'000'200, QStringLiteral("Clipboard"), QString(), QStringLiteral("app"), 0, 0, 0, true});
    ConversationStore chats;
    if (!chats.open(connection))
        return false;
    Conversation c;
    c.title = QStringLiteral("Rust vs C++ 中文");
    c.model = QStringLiteral("gemini-2.5-flash");
    c.systemInstruction = QStringLiteral("Be brief.");
    c.temperature = 0.3;
    c.maxOutputTokens = 512;
    c.thinkingBudget = 0;
    c.createdMs = 1'700'000'001'000;
    const qint64 first = chats.create(c);
    ChatMessage question;
    question.role = QStringLiteral("user");
    question.text = QStringLiteral("Which one?");
    ChatMessage answer;
    answer.role = QStringLiteral("model");
    answer.text = QStringLiteral("Both.");
    answer.model = c.model;
    answer.keyMasked = ApiKey::mask(testKey(keyBase));
    answer.attempts = 2;
    answer.attemptNote = QStringLiteral("retried");
    answer.latencyMs = 812;
    answer.usage = {11, 22, 33, 66};
    answer.finishReason = QStringLiteral("STOP");
    if (!first || !chats.appendMessage(first, question) || !chats.appendMessage(first, answer))
        return false;
    Conversation empty;
    empty.title = QStringLiteral("Empty");
    if (!chats.create(empty))
        return false;
    BatchRunStore runs;
    if (!runs.open(connection))
        return false;
    BatchRun run;
    run.title = QStringLiteral("prompts.txt");
    run.model = QStringLiteral("gemini-2.5-flash");
    run.promptTemplate = QStringLiteral("Translate: {input}");
    run.settings.fingerprint = QStringLiteral("abc123");
    run.settings.temperature = 0.7;
    run.concurrency = 3;
    const qint64 finished = runs.createRun(run, {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("3")});
    BatchItem ok;
    ok.index = 0;
    ok.status = BatchItem::Status::Ok;
    ok.text = QStringLiteral("un");
    ok.attempts = 1;
    ok.keyMasked = ApiKey::mask(testKey(keyBase + 1));
    ok.latencyMs = 100;
    ok.usage = {1, 2, 3, 6};
    BatchItem failed;
    failed.index = 1;
    failed.status = BatchItem::Status::Error;
    failed.error = QStringLiteral("blocked");
    failed.errorKind = QStringLiteral("blocked");
    failed.attempts = 1;
    if (!finished || !runs.saveResults(finished, {ok, failed}) || !runs.setState(finished, BatchRun::State::Paused))
        return false;
    run.title = QStringLiteral("second");
    if (!runs.createRun(run, {QStringLiteral("x")}))
        return false;
    AccessTokenStore tokens;
    if (!tokens.open(connection))
        return false;
    const auto token = tokens.add(QStringLiteral("ci"));
    lastToken() = token ? token->token : QString();
    return token.has_value();
}

void verifySame(const Pool& target, const Pool& source)
{
    QCOMPARE(target.keys, source.keys);
    QCOMPARE(target.buckets, source.buckets);
    QCOMPARE(target.imports, source.imports);
    QCOMPARE(target.conversations, source.conversations);
    QVERIFY(sameRuns(target.runs, source.runs));
    QCOMPARE(target.tokens, source.tokens);
}

} // namespace

class TestDatabaseCopier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fileToFileCopiesEverythingAndLeavesTheSourceAlone()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString to = dir.filePath(QStringLiteral("sub/copy.db"));
        QVERIFY(seed(from));
        const Pool before = readPool(from);
        QCOMPARE(before.keys.size(), size_t(4));
        QCOMPARE(before.conversations.size(), 2);
        QCOMPARE(before.runs.size(), 2);

        const DatabaseCopier::Result result = DatabaseCopier::copy({from, to, false, {}});
        QCOMPARE(result.status, DatabaseCopier::Status::Copied);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY(result.leftBehind.isEmpty());
        QCOMPARE(result.copied.keys, 4);
        QCOMPARE(result.copied.importEvents, 2);
        QCOMPARE(result.copied.conversations, 2);
        QCOMPARE(result.copied.messages, 2);
        QCOMPARE(result.copied.batchRuns, 2);
        QCOMPARE(result.copied.batchItems, 4);
        QCOMPARE(result.copied.accessTokens, 1);
        const QJsonObject json = result.copied.toJson();
        QCOMPARE(json.value(QStringLiteral("keys")).toInt(), 4);
        QCOMPARE(json.value(QStringLiteral("batch_items")).toInt(), 4);

        verifySame(readPool(to), before);
        const Pool after = readPool(from);
        verifySame(after, before);
        QCOMPARE(after.sequence, before.sequence); // nothing was written to the source

        // The copy is a pool of its own: the next key gets a new id, after the copied ones; the proxy's token,
        // copied as its hash, is still accepted there.
        QString error;
        auto repo = KeyRepositories::open(to, &error);
        QVERIFY2(repo, qPrintable(error));
        {
            AccessTokenStore tokens;
            QVERIFY(tokens.open(qobject_cast<SqliteKeyRepository*>(repo.get())->database().connectionName()));
            QVERIFY(!lastToken().isEmpty());
            QCOMPARE(tokens.verify(lastToken()), before.tokens.first().token.id);
        }
        KeyWriteBatch add;
        ApiKey fresh;
        fresh.secret = testKey(90);
        add.inserts = {fresh};
        const auto written = repo->write(add);
        QVERIFY(written);
        QCOMPARE(written->insertedIds, QList<qint64>{21});
    }

    void aTargetThatIsNotEmptyIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString to = dir.filePath(QStringLiteral("other.db"));
        QVERIFY(seed(from));
        QVERIFY(seed(to, 40));
        const Pool before = readPool(to);
        const DatabaseCopier::Result result = DatabaseCopier::copy({from, to, false, {}});
        QCOMPARE(result.status, DatabaseCopier::Status::TargetNotEmpty);
        QCOMPARE(result.target.keys, 4);
        QCOMPARE(result.target.conversations, 2);
        QVERIFY(result.error.contains(QStringLiteral("--replace")));
        QVERIFY(result.error.contains(to));
        QVERIFY(result.error.contains(QStringLiteral("4 key")));
        const Pool after = readPool(to);
        verifySame(after, before);
        QCOMPARE(after.sequence, before.sequence);
    }

    void aTargetWithOnlyChatsIsNotEmpty()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString to = dir.filePath(QStringLiteral("chats.db"));
        QVERIFY(seed(from));
        {
            QString error;
            auto repo = KeyRepositories::open(to, &error);
            QVERIFY(repo);
            ConversationStore chats;
            QVERIFY(chats.open(qobject_cast<SqliteKeyRepository*>(repo.get())->database().connectionName()));
            Conversation c;
            c.title = QStringLiteral("mine");
            QVERIFY(chats.create(c));
        }
        const DatabaseCopier::Result result = DatabaseCopier::copy({from, to, false, {}});
        QCOMPARE(result.status, DatabaseCopier::Status::TargetNotEmpty);
        QCOMPARE(result.target.keys, 0);
        QCOMPARE(result.target.conversations, 1);
        QCOMPARE(readPool(to).conversations.size(), 1);
        QCOMPARE(readPool(to).conversations.first().conversation.title, QStringLiteral("mine"));
    }

    void replaceReplacesWhatTheTargetHeld()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString to = dir.filePath(QStringLiteral("other.db"));
        QVERIFY(seed(from));
        QVERIFY(seed(to, 2)); // overlapping secrets under the same and other ids
        {
            // One more key in the target, at an id the source does not have.
            QString error;
            auto repo = KeyRepositories::open(to, &error);
            KeyWriteBatch batch;
            batch.saves = {key(50, 60)};
            QVERIFY(repo->write(batch));
        }
        const Pool source = readPool(from);
        const DatabaseCopier::Result result = DatabaseCopier::copy({from, to, true, {}});
        QCOMPARE(result.status, DatabaseCopier::Status::Copied);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.copied.keys, 4);
        verifySame(readPool(to), source);

        // The target as an older copy of the source, with a key of its own and one key changed: replaced in one
        // write (the saves and the removal of the extra key together).
        {
            QString error;
            auto repo = KeyRepositories::open(to, &error);
            KeyWriteBatch batch;
            ApiKey changed = source.keys.front();
            changed.label = QStringLiteral("changed in the copy");
            batch.saves = {key(60, 70), changed};
            QVERIFY(repo->write(batch));
        }
        QCOMPARE(readPool(to).keys.size(), size_t(5));
        const DatabaseCopier::Result again = DatabaseCopier::copy({from, to, true, {}});
        QCOMPARE(again.status, DatabaseCopier::Status::Copied);
        verifySame(readPool(to), source);
    }

    void theSameDatabaseOrAMissingSourceIsRefused()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        QVERIFY(seed(from));
        DatabaseCopier::Result same =
            DatabaseCopier::copy({from, dir.filePath(QStringLiteral("./personal.db")), true, {}});
        QCOMPARE(same.status, DatabaseCopier::Status::Failed);
        QVERIFY(same.error.contains(QStringLiteral("both the source and the target")));
        QCOMPARE(readPool(from).keys.size(), size_t(4));

        const QString missing = dir.filePath(QStringLiteral("nothing-here.db"));
        DatabaseCopier::Result none = DatabaseCopier::copy({missing, dir.filePath(QStringLiteral("t.db")), false, {}});
        QCOMPARE(none.status, DatabaseCopier::Status::Failed);
        QVERIFY(none.error.contains(missing));
        QVERIFY(!QFile::exists(missing));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("t.db"))));
    }

    void aFailureHalfWayIsReportedAsAPartialCopy()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString to = dir.filePath(QStringLiteral("broken.db"));
        QVERIFY(seed(from));
        {
            // An empty target whose conversations cannot be written (a trigger stands in for a full disk): the keys
            // and the imports are written before the conversations fail.
            QString error;
            auto repo = KeyRepositories::open(to, &error);
            QVERIFY(repo);
            const QString connection = qobject_cast<SqliteKeyRepository*>(repo.get())->database().connectionName();
            ConversationStore chats;
            QVERIFY(chats.open(connection));
            QSqlQuery q(QSqlDatabase::database(connection, false));
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER no_chats BEFORE INSERT ON conversations "
                                          "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")));
        }
        const DatabaseCopier::Result result = DatabaseCopier::copy({from, to, false, {}});
        QCOMPARE(result.status, DatabaseCopier::Status::Failed);
        QVERIFY(result.partial);
        QVERIFY2(result.error.contains(QStringLiteral("partial copy")), qPrintable(result.error));
        QVERIFY(result.error.contains(QStringLiteral("--replace")));
    }

    void aPoolGoesIntoATeamDatabaseAndBack()
    {
        QTemporaryDir dir;
        test::TestDatabase team(dir.path(), {}, test::Backend::Postgres);
        QVERIFY2(team.isValid(), qPrintable(team.error()));
        const QString from = dir.filePath(QStringLiteral("personal.db"));
        const QString back = dir.filePath(QStringLiteral("back.db"));
        QVERIFY(seed(from));
        const Pool source = readPool(from);

        DatabaseCopier::Result up = DatabaseCopier::copy({from, team.location(), false, {}});
        QCOMPARE(up.status, DatabaseCopier::Status::Copied);
        QVERIFY2(up.error.isEmpty(), qPrintable(up.error));
        QCOMPARE(up.copied.keys, 4);
        QCOMPARE(up.copied.conversations, 0);
        // What a team database does not keep is said, not dropped silently.
        QCOMPARE(up.leftBehind.conversations, 2);
        QCOMPARE(up.leftBehind.batchRuns, 2);
        QCOMPARE(up.leftBehind.importEvents, 2);
        QCOMPARE(readPool(team.location()).keys, source.keys);
        QCOMPARE(readPool(team.location()).buckets, source.buckets);
        QCOMPARE(source.buckets.size(), 2);

        // A second copy into the team database is refused, and the team's pool is untouched.
        const qint64 teamSequence = readPool(team.location()).sequence;
        DatabaseCopier::Result again = DatabaseCopier::copy({from, team.location(), false, {}});
        QCOMPARE(again.status, DatabaseCopier::Status::TargetNotEmpty);
        QCOMPARE(again.target.keys, 4);
        QCOMPARE(readPool(team.location()).sequence, teamSequence);

        DatabaseCopier::Result down = DatabaseCopier::copy({team.location(), back, false, {}});
        QCOMPARE(down.status, DatabaseCopier::Status::Copied);
        QVERIFY2(down.error.isEmpty(), qPrintable(down.error));
        QCOMPARE(readPool(back).keys, source.keys);
        QCOMPARE(readPool(back).buckets, source.buckets);
        verifySame(readPool(from), source);

        // The team database's ids go on after the copied ones.
        QString error;
        auto repo = KeyRepositories::open(team.location(), &error);
        QVERIFY2(repo, qPrintable(error));
        KeyWriteBatch add;
        ApiKey fresh;
        fresh.secret = testKey(91);
        add.inserts = {fresh};
        const auto written = repo->write(add);
        QVERIFY(written);
        QCOMPARE(written->insertedIds, QList<qint64>{21});
        repo.reset();

        // --replace: the team database takes the other pool's keys, and nothing else of it.
        const QString other = dir.filePath(QStringLiteral("other.db"));
        QVERIFY(seed(other, 2));
        DatabaseCopier::Result replaced = DatabaseCopier::copy({other, team.location(), true, {}});
        QCOMPARE(replaced.status, DatabaseCopier::Status::Copied);
        QCOMPARE(readPool(team.location()).keys, readPool(other).keys);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseCopier)
#include "tst_databasecopier.moc"
