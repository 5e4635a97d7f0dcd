#include "DatabaseCopier.h"

#include "AccessTokenStore.h"
#include "BatchRunStore.h"
#include "ComponentSchema.h"
#include "ConversationStore.h"
#include "ImportHistoryStore.h"
#include "KeyRepositories.h"
#include "PgConnectionInfo.h"
#include "SqliteKeyRepository.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

#include <memory>
#include <utility>
#include <vector>

namespace egb {

namespace {

/// Everything of a pool's file besides the keys.
struct Parts
{
    QList<ImportRecord> imports;
    QList<SavedConversation> conversations;
    QList<SavedBatchRun> runs;
    QList<StoredAccessToken> tokens;
};

/// One end of the copy: its key repository and, for an SQLite file, the connection its other tables use.
struct Side
{
    QString shown; ///< the location without a password
    std::unique_ptr<KeyRepository> keys;
    QString connection; ///< empty for a team database
    bool isFile() const { return !connection.isEmpty(); }
};

bool hasComponent(const QString& connection, const QString& component)
{
    return ComponentSchema::version(QSqlDatabase::database(connection, false), component) > 0;
}

/// Reads the parts a file holds. A component whose tables were never made holds nothing (and is not made: the
/// source is only read). False with `error` when one cannot be read.
bool readParts(const QString& connection, Parts& parts, QString* error)
{
    auto failed = [error](const QString& why) {
        *error = why;
        return false;
    };
    if (hasComponent(connection, QStringLiteral("imports"))) {
        ImportHistoryStore store;
        if (!store.open(connection))
            return failed(store.lastError());
        parts.imports = store.records();
        if (!store.lastError().isEmpty())
            return failed(store.lastError());
    }
    if (hasComponent(connection, QStringLiteral("chat"))) {
        ConversationStore store;
        if (!store.open(connection))
            return failed(store.lastError());
        parts.conversations = store.exportAll();
        if (!store.lastError().isEmpty())
            return failed(store.lastError());
    }
    if (hasComponent(connection, QStringLiteral("batch"))) {
        BatchRunStore store;
        if (!store.open(connection))
            return failed(store.lastError());
        parts.runs = store.exportAll();
        if (!store.lastError().isEmpty())
            return failed(store.lastError());
    }
    if (hasComponent(connection, QStringLiteral("proxy_tokens"))) {
        AccessTokenStore store;
        if (!store.open(connection))
            return failed(store.lastError());
        parts.tokens = store.exportAll();
        if (!store.lastError().isEmpty())
            return failed(store.lastError());
    }
    return true;
}

/// Writes every part into the file, each in one transaction. `wrote` becomes true once one part is written.
bool writeParts(const QString& connection, const Parts& parts, bool* wrote, QString* error)
{
    auto failed = [error](const QString& why) {
        *error = why;
        return false;
    };
    {
        ImportHistoryStore store;
        if (!store.open(connection) || !store.replaceAll(parts.imports))
            return failed(store.lastError());
        *wrote = true;
    }
    {
        ConversationStore store;
        if (!store.open(connection) || !store.replaceAll(parts.conversations))
            return failed(store.lastError());
    }
    {
        BatchRunStore store;
        if (!store.open(connection) || !store.replaceAll(parts.runs))
            return failed(store.lastError());
    }
    {
        AccessTokenStore store;
        if (!store.open(connection) || !store.replaceAll(parts.tokens))
            return failed(store.lastError());
    }
    return true;
}

DatabaseContents count(qsizetype keys, const Parts& parts)
{
    DatabaseContents c;
    c.keys = keys;
    c.importEvents = parts.imports.size();
    c.conversations = parts.conversations.size();
    for (const SavedConversation& saved : parts.conversations)
        c.messages += saved.messages.size();
    c.batchRuns = parts.runs.size();
    for (const SavedBatchRun& saved : parts.runs)
        c.batchItems += saved.items.size();
    c.accessTokens = parts.tokens.size();
    return c;
}

bool open(Side& side, const QString& location, const QString& password, QString* error)
{
    side.shown = PgConnectionInfo::withoutPassword(location);
    side.keys = KeyRepositories::open(location, error, password);
    if (!side.keys)
        return false;
    if (auto* file = qobject_cast<SqliteKeyRepository*>(side.keys.get()))
        side.connection = file->database().connectionName();
    return true;
}

} // namespace

bool DatabaseContents::isEmpty() const
{
    return *this == DatabaseContents{};
}

QJsonObject DatabaseContents::toJson() const
{
    return {{QStringLiteral("keys"), keys},
            {QStringLiteral("import_events"), importEvents},
            {QStringLiteral("conversations"), conversations},
            {QStringLiteral("messages"), messages},
            {QStringLiteral("batch_runs"), batchRuns},
            {QStringLiteral("batch_items"), batchItems},
            {QStringLiteral("access_tokens"), accessTokens}};
}

QString DatabaseContents::describe() const
{
    QStringList parts;
    if (keys)
        parts << DatabaseCopier::tr("%n key(s)", "", int(keys));
    if (importEvents)
        parts << DatabaseCopier::tr("%n import(s) in the history", "", int(importEvents));
    if (conversations)
        parts << DatabaseCopier::tr("%n conversation(s)", "", int(conversations));
    if (messages)
        parts << DatabaseCopier::tr("%n chat message(s)", "", int(messages));
    if (batchRuns)
        parts << DatabaseCopier::tr("%n batch run(s)", "", int(batchRuns));
    if (batchItems)
        parts << DatabaseCopier::tr("%n batch prompt(s) with their results", "", int(batchItems));
    if (accessTokens)
        parts << DatabaseCopier::tr("%n proxy access token(s)", "", int(accessTokens));
    if (parts.isEmpty())
        return DatabaseCopier::tr("nothing");
    return parts.join(DatabaseCopier::tr(", "));
}

DatabaseCopier::Result DatabaseCopier::copy(const Options& options)
{
    Result result;
    auto fail = [&result](const QString& error) {
        result.status = Status::Failed;
        result.error = error;
        return result;
    };
    const bool fromTeam = KeyRepositories::isTeamDatabase(options.from);
    const bool toTeam = KeyRepositories::isTeamDatabase(options.to);
    if (options.from.isEmpty() || options.to.isEmpty())
        return fail(tr("Name the database to copy from (--from) and the one to copy to (--to): a file path or a "
                       "postgresql:// address."));
    const QString fromShown = PgConnectionInfo::withoutPassword(options.from);
    const QString toShown = PgConnectionInfo::withoutPassword(options.to);
    const bool same = fromTeam == toTeam && (fromTeam ? fromShown == toShown
                                                      : QFileInfo(options.from).absoluteFilePath() ==
                                                            QFileInfo(options.to).absoluteFilePath());
    if (same)
        return fail(tr("%1 is both the source and the target: name another database with --to.").arg(fromShown));
    if (!fromTeam && !QFileInfo(options.from).isFile())
        return fail(tr("There is no database file %1: check the path given to --from.").arg(fromShown));

    Side source;
    Side target;
    QString error;
    if (!open(source, options.from, options.password, &error))
        return fail(tr("Could not open the source: %1").arg(error));
    const std::optional<KeySnapshot> keys = source.keys->load();
    if (!keys)
        return fail(tr("Could not read the keys of %1: %2").arg(fromShown, source.keys->lastError()));
    Parts parts;
    if (source.isFile() && !readParts(source.connection, parts, &error))
        return fail(tr("Could not read %1: %2").arg(fromShown, error));

    if (!open(target, options.to, options.password, &error))
        return fail(tr("Could not open the target: %1").arg(error));
    const bool withParts = source.isFile() && target.isFile();
    if (!withParts) {
        result.leftBehind = count(0, parts);
        parts = {};
    }
    const std::optional<KeySnapshot> targetKeys = target.keys->load();
    if (!targetKeys)
        return fail(tr("Could not read the keys of %1: %2").arg(toShown, target.keys->lastError()));
    Parts targetParts;
    if (withParts && !readParts(target.connection, targetParts, &error))
        return fail(tr("Could not read %1: %2").arg(toShown, error));
    const DatabaseContents held = count(qsizetype(targetKeys->keys.size()), targetParts);
    if (!held.isEmpty() && !options.replace) {
        result.status = Status::TargetNotEmpty;
        result.target = held;
        result.error = tr("%1 is not empty: it holds %2. Nothing was copied. To replace what it holds with the "
                          "pool of %3, run the command again with --replace; or copy to a new or empty database.")
                           .arg(toShown, held.describe(), fromShown);
        return result;
    }

    bool wrote = false;
    auto writeFailed = [&](const QString& why) {
        result.partial = wrote;
        return fail(wrote ? tr("Could not copy to %1: %2 The target holds a partial copy: run the command again "
                               "with --replace once the problem is solved.")
                                .arg(toShown, why)
                          : tr("Could not copy to %1: %2 Nothing was written.").arg(toShown, why));
    };
    // The keys in one transaction: the source's rows saved as they are, the target's other keys removed. When a
    // key of the target holds a secret of the source under another id, the target's keys are removed first, in a
    // transaction of their own (the saves come before the removals in one write, and a secret is stored once).
    QSet<qint64> sourceIds;
    for (const ApiKey& k : keys->keys)
        sourceIds.insert(k.id);
    QHash<QString, qint64> targetIdOf;
    for (const ApiKey& k : targetKeys->keys)
        targetIdOf.insert(k.secret, k.id);
    bool secretMoves = false;
    for (const ApiKey& k : keys->keys)
        secretMoves = secretMoves || targetIdOf.value(k.secret, k.id) != k.id;
    KeyWriteBatch batch;
    batch.saves = QList<ApiKey>(keys->keys.begin(), keys->keys.end());
    // The quota state per (project, model) with them: written whole (a learned part that replaces the target's).
    batch.buckets = keys->buckets;
    batch.replaceBuckets = !targetKeys->buckets.isEmpty();
    for (QuotaBucketRecord& b : batch.buckets)
        b.learnedChanged = true;
    for (const ApiKey& k : targetKeys->keys) {
        if (secretMoves || !sourceIds.contains(k.id))
            batch.removals.append(k.id);
    }
    if (secretMoves) {
        KeyWriteBatch clear;
        clear.removals = std::exchange(batch.removals, {});
        if (!target.keys->write(clear))
            return writeFailed(target.keys->lastError());
        wrote = true;
    }
    if (!batch.isEmpty()) {
        if (!target.keys->write(batch))
            return writeFailed(target.keys->lastError());
        wrote = true;
    }
    if (withParts && !writeParts(target.connection, parts, &wrote, &error))
        return writeFailed(error);

    // Read back what the target holds now: only a copy equal to the source is reported as done.
    const std::optional<KeySnapshot> copiedKeys = target.keys->load();
    Parts copiedParts;
    if (!copiedKeys || (withParts && !readParts(target.connection, copiedParts, &error))) {
        result.partial = true;
        return fail(tr("Could not read back the copy in %1: %2 Check the target, then run the command again "
                       "with --replace.")
                        .arg(toShown, copiedKeys ? error : target.keys->lastError()));
    }
    result.copied = count(qsizetype(copiedKeys->keys.size()), copiedParts);
    if (result.copied != count(qsizetype(keys->keys.size()), parts)) {
        result.partial = true;
        return fail(tr("The copy in %1 does not match the source (it holds %2, the source %3): another program "
                       "may have changed one of them meanwhile. Run the command again with --replace.")
                        .arg(toShown, result.copied.describe(), count(qsizetype(keys->keys.size()), parts).describe()));
    }
    result.status = Status::Copied;
    return result;
}

} // namespace egb
