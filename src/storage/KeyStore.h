#pragma once

#include "ApiKey.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace egb {

class KeyPool;
class KeyWriteBehind;
class SqliteKeyRepository;

/// The pool kept in the app's SQLite file: a SqliteKeyRepository (the file's care is SqliteDatabase's, the key
/// table's SQL the repository's) and a KeyWriteBehind keeping a KeyPool in step with it.
///
/// After attach(pool): user actions (keysAdded / keysRemoved / keysEdited) are committed before the pool's call
/// returns, new keys get the database's ids; health changes are written behind as deltas, at most flushInterval()
/// after the pool's coalesced keysChanged, in one transaction per flush. With setFollowInterval(ms) the pool follows
/// what other processes change in the same file. Bulk statements are chunked, so 100,000 keys never hit "too many
/// SQL variables".
///
/// When a write fails (disk full, read-only folder, file locked by another program) the store emits writeFailed()
/// once with a clear, translated message and keeps the pool working in memory; the changes stay queued and are
/// retried at every flush (and with every user action). writeRecovered() follows the first write that works again.
///
/// Schema: the key table's version lives in `PRAGMA user_version` (SqliteKeyRepository::migrations()). Other
/// features that keep tables in the same file (saved chats, batch runs) open the connection named connectionName()
/// and version their own tables with ComponentSchema (table `egb_schema`), so they never touch user_version. A file
/// whose user_version is newer than SchemaVersion is refused and left untouched.
class KeyStore : public QObject
{
    Q_OBJECT
public:
    explicit KeyStore(QObject* parent = nullptr);
    ~KeyStore() override;

    /// `<AppDataLocation>/keys.db`
    static QString defaultPath();
    static constexpr int SchemaVersion = 4;

    /// Opens (creating if needed) the database. On failure returns false and lastError() says why.
    bool open(const QString& path = defaultPath());
    void close();
    bool isOpen() const;
    /// The file path, or for a team database its postgresql:// URI without the password.
    QString path() const;
    /// open() was given a postgresql:// URI: the keys live in that team database (PostgresKeyRepository), while
    /// connectionName() stays this machine's own SQLite file (defaultPath()), so chats and batch runs stay personal.
    bool isTeamDatabase() const;
    /// The last open() of a team database failed because the server wants a password (none, or a wrong one).
    bool needsPassword() const;
    /// A team database password typed by the person, used when the URI has none; kept in memory only.
    static void setTeamPassword(const QString& password);
    static QString teamPassword();
    QString lastError() const;
    QString connectionName() const; ///< for other tables of the app that share the file (chat, batch)

    std::vector<ApiKey> loadKeys();
    bool insertKeys(const QList<ApiKey>& keys); ///< ids kept, one transaction; fails on a secret stored already
    bool saveKeys(const QList<ApiKey>& keys);   ///< upsert by id, one transaction
    bool removeKeys(const QList<qint64>& ids);  ///< one transaction

    /// Load the pool from the database and keep it saved from now on.
    bool attach(KeyPool* pool);
    void detach();
    void setFlushInterval(int ms); ///< default 150
    int flushInterval() const;
    /// Follow changes other processes make in the file: look every `ms` (0, the default: do not follow).
    void setFollowInterval(int ms);
    int followInterval() const;
    /// How long a statement waits for another program's lock before it fails; default 5000 ms. Applies at open().
    void setBusyTimeout(int ms);
    int busyTimeout() const;
    int pendingCount() const; ///< changes made in memory and not yet written
    /// Write pending health changes now (one transaction). True when nothing is left pending.
    bool flush();
    /// Write what is pending and apply what other processes changed. True when the pool is current.
    bool follow();
    /// True while the last write failed: changes are only in memory.
    bool isDegraded() const;
    /// While degraded: what went wrong, in a few words ("the disk is full"), for callers that word their own
    /// message (the CLI, which cannot keep changes in memory past its exit). Empty otherwise.
    QString writeProblem() const;

    SqliteKeyRepository* repository() const;
    KeyWriteBehind* writeBehind() const;

Q_SIGNALS:
    void writeFailed(const QString& message);
    void writeRecovered();
    void flushed(int keys, qint64 elapsedUs);
    void followed(int changed, int removed);
    /// A team database's server cannot be reached any more (noticed without a query); `message` says what happens
    /// meanwhile (changes kept in memory, reconnect every second). Never for an SQLite file.
    void connectionLost(const QString& message);
    /// The team database can be reached again (what waited in memory is written at the next flush).
    void connectionRestored();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb
