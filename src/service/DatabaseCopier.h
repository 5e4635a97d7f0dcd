#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace egb {

/// What a pool's database holds, counted: what a copy wrote, or what stops it.
struct DatabaseContents
{
    qint64 keys = 0;
    qint64 importEvents = 0;
    qint64 conversations = 0;
    qint64 messages = 0;
    qint64 batchRuns = 0;
    qint64 batchItems = 0; ///< the prompts of the runs, with their results
    qint64 accessTokens = 0;

    bool isEmpty() const;
    /// {"keys", "import_events", "conversations", "messages", "batch_runs", "batch_items", "access_tokens"}
    QJsonObject toJson() const;
    /// "3 keys, 2 conversations (5 messages), …": the parts that are not zero, translated; "nothing" when empty.
    QString describe() const;
    bool operator==(const DatabaseContents&) const = default;
};

/// Copies a pool from one database to another (`egb db copy`): an SQLite file or a team's PostgreSQL database
/// (postgresql:// URI, PgConnectionInfo), either way round.
///
/// Through the storage classes: the keys with their ids and every field (KeyRepository, KeyWriteBatch::saves), and
/// between two SQLite files also the import history (ImportHistoryStore), the conversations with their messages
/// (ConversationStore), the batch runs with their items and results (BatchRunStore) and the proxy's access tokens
/// (AccessTokenStore, hashes only), ids kept. A team database keeps only the keys (KeyStore: chats, batch runs,
/// imports and tokens stay in the machine's own file), so with a postgresql:// side only the keys move, and what
/// the source holds besides is reported in Result::leftBehind. The request log is not copied (it is history of
/// attempts, rebuilt by use; its roll-up tables have no bulk path).
///
/// The target must hold nothing of what would be written unless `replace` is set; then its keys (and, between
/// files, the other parts) are replaced by the source's. The source is only read. Each part is written in one
/// transaction (the keys in two when a key of the target holds a secret of the source under another id: the
/// target's keys are removed first): a failure leaves that part as it was, and Result::partial says when earlier
/// writes were made. Only a copy read back equal to the source is reported as Copied.
class DatabaseCopier
{
    Q_DECLARE_TR_FUNCTIONS(egb::DatabaseCopier)
public:
    struct Options
    {
        QString from;
        QString to;
        bool replace = false;
        /// For a postgresql:// location without one (never stored); libpq also reads PGPASSWORD and ~/.pgpass.
        QString password;
    };

    enum class Status
    {
        Copied,
        TargetNotEmpty, ///< refused: nothing was written
        Failed,
    };

    struct Result
    {
        Status status = Status::Failed;
        DatabaseContents copied;     ///< Copied: what the target holds now
        DatabaseContents target;     ///< TargetNotEmpty: what the target holds
        DatabaseContents leftBehind; ///< what the source holds besides keys that a team database does not keep
        /// TargetNotEmpty / Failed: translated, what happened and what to do; locations shown without passwords.
        QString error;
        bool partial = false; ///< Failed after some parts were written: the target holds a partial copy
    };

    static Result copy(const Options& options);
};

} // namespace egb
