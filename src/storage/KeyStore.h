#pragma once

#include "ApiKey.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

namespace egb {

class KeyPool;

/// Persists the pool in SQLite through QtSql.
///
/// One named connection per KeyStore (and per thread). At open: the folder is created, the file is created with
/// mode 0600, `PRAGMA journal_mode=WAL` is set and checked, and the schema (version in `PRAGMA user_version`) is
/// migrated forward. After attach(pool): user actions (keysAdded / keysRemoved / keysEdited) are committed before
/// the pool's call returns; health changes (keysChanged) are written behind, at most flushInterval later, in one
/// transaction per flush. Bulk statements are chunked, so 100,000 keys never hit "too many SQL variables".
///
/// When a write fails (disk full, read-only folder, file locked by another program) the store emits writeFailed()
/// once with a clear, translated message and keeps the pool working in memory; the changes stay queued and are
/// retried at every flush (and with every user action). writeRecovered() follows the first write that works again.
///
/// Schema: the key table's version lives in `PRAGMA user_version` and is migrated forward by the steps listed in
/// KeyStore.cpp (`keyStoreMigrations()`: version i+1 = step i; append a step and bump SchemaVersion to change the
/// key table). Other features that keep tables in the same file (saved chats, batch runs) open the connection
/// named connectionName() and version their own tables with ComponentSchema (table `egb_schema`), so they never
/// touch user_version. A file whose user_version is newer than SchemaVersion is refused and left untouched.
class KeyStore : public QObject
{
    Q_OBJECT
public:
    explicit KeyStore(QObject* parent = nullptr);
    ~KeyStore() override;

    /// `<AppDataLocation>/keys.db`
    static QString defaultPath();
    static constexpr int SchemaVersion = 2;

    /// Opens (creating if needed) the database. On failure returns false and lastError() says why.
    bool open(const QString& path = defaultPath());
    void close();
    bool isOpen() const;
    QString path() const;
    QString lastError() const;
    QString connectionName() const; ///< for other tables of the app that share the file (chat, batch)

    std::vector<ApiKey> loadKeys();
    bool insertKeys(const QList<ApiKey>& keys); ///< one transaction
    bool saveKeys(const QList<ApiKey>& keys);   ///< upsert, one transaction
    bool removeKeys(const QList<qint64>& ids);  ///< one transaction

    /// Load the pool from the database and keep it saved from now on.
    bool attach(KeyPool* pool);
    void detach();
    void setFlushInterval(int ms); ///< default 1000
    int flushInterval() const;
    /// How long a statement waits for another program's lock before it fails; default 5000 ms. Applies at open().
    void setBusyTimeout(int ms);
    int busyTimeout() const;
    int pendingCount() const; ///< keys changed in memory and not yet written
    /// Write pending health changes now (one transaction). True when nothing is left pending.
    bool flush();
    /// True while the last write failed: changes are only in memory.
    bool isDegraded() const;
    /// While degraded: what went wrong, in a few words ("the disk is full"), for callers that word their own
    /// message (the CLI, which cannot keep changes in memory past its exit). Empty otherwise.
    QString writeProblem() const;

Q_SIGNALS:
    void writeFailed(const QString& message);
    void writeRecovered();
    void flushed(int keys, qint64 elapsedUs);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb
