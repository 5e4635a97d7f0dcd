#pragma once

#include "KeyRepository.h"
#include "PgConnectionInfo.h"

#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTimer>

#include <optional>

namespace egb {

/// The key table of a team's PostgreSQL database (KeyRepository's second backend), through QtSql's QPSQL driver.
///
/// The same tables and rules as the SQLite file, with the SQL shared in KeySql: ids from the counter
/// `key_counters('key_id')`, the change sequence from `key_counters('sequence')` (its row lock, held to the
/// commit, makes sequences follow commit order, so a follower reading "seq > n" never misses a row), every changed
/// row carrying it (`keys.seq`, `key_removals.seq`), deltas that commute, a person's edit winning. The schema
/// (version in `egb_schema`, component "keys") is created and migrated in one transaction under a transaction-scoped
/// advisory lock, so two machines starting at once never run a step twice.
///
/// The change feed: every write ends with `pg_notify('egb_keys', '<sequence> <id,id,…>')` in its transaction (or
/// `'<sequence> *'` when the ids do not fit in a payload); the connection LISTENs, and changedElsewhere() is emitted
/// for each notification from another connection. changesSince() reads only the ids the notifications named when
/// they cover every sequence since the caller's, else every row changed since it (`seq > n`, indexed).
///
/// A lost connection (server restart, network cut: libpq's TCP keep-alives and tcp_user_timeout are on) is noticed
/// within about a second without any query (the LISTEN socket reports it), connectionLost() is emitted, and the
/// repository reconnects every second; meanwhile every call fails with a message saying the changes are kept in
/// memory. Once back: LISTEN again, changedElsewhere() (the follower resyncs by sequence), connectionRestored().
/// A write whose COMMIT was sent when the connection broke is in doubt: each write carries a token stored in its
/// transaction (`key_writes`), and the next write first looks the token up: when the doubtful write did commit, its
/// counters are taken out of the retry and its new keys reported with their stored ids, so nothing counts twice.
class PostgresKeyRepository : public KeyRepository
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 2;
    /// The channel of the change feed.
    static QString channel();

    explicit PostgresKeyRepository(QObject* parent = nullptr);
    ~PostgresKeyRepository() override;

    /// Connects, creates or migrates the schema and LISTENs. `info` may carry a password (kept in memory only).
    bool open(const PgConnectionInfo& info);
    void close();
    /// The last open() failed because the server wants a password and none was given (or it was wrong).
    bool needsPassword() const { return m_needsPassword; }
    /// True while the connection is up (open() worked and it was not lost since).
    bool isConnected() const;
    /// How often a lost connection is tried again; default 1000 ms.
    void setReconnectInterval(int ms);
    /// The QtSql connection name (for other tables kept in the same database).
    QString connectionName() const { return m_connection; }

    bool isOpen() const override;
    QString location() const override;
    QString lastError() const override { return m_lastError; }
    QString problem() const override { return m_problem; }
    std::optional<KeySnapshot> load() override;
    std::optional<KeyWriteResult> write(const KeyWriteBatch& batch) override;
    std::optional<KeyChanges> changesSince(qint64 sequence) override;
    bool hasChangesElsewhere() override;

Q_SIGNALS:
    void connectionLost(const QString& message);
    void connectionRestored();

private:
    struct InDoubt
    {
        QString token;
        KeyWriteBatch batch;
    };

    bool connect(QString* error);
    bool migrate(QString* error);
    bool listen(QString* error);
    void checkConnection();
    void lose(const QString& why);
    bool ensureConnected();
    bool exec(const QString& sql, QSqlError* error = nullptr);
    /// Begins a read-only snapshot and reads its sequence.
    bool beginRead(qint64* sequence, QSqlError* error);
    /// Ends a failed read: rolls back, and records why (or that the connection is lost).
    void readFailed(const QSqlError& error);
    void onNotification(const QString& name, int source, const QVariant& payload);
    bool writeInTransaction(const KeyWriteBatch& batch, const QString& token, KeyWriteResult& result, QSqlError& error);
    /// Looks up the token of a write whose commit was in doubt: true and *committed set when the answer is known.
    bool resolveInDoubt(bool* committed);
    bool fail(const QSqlError& error);
    QString unavailableMessage() const;

    PgConnectionInfo m_info;
    QString m_connection;
    QSqlDatabase m_db;
    bool m_open = false;      ///< open() worked (the connection may be lost since)
    bool m_connected = false; ///< the connection is up
    bool m_needsPassword = false;
    QString m_lastError;
    QString m_problem;
    QTimer m_watch; ///< looks at the connection's state (no query) and reconnects when lost
    int m_reconnectMs = 1000;
    qint64 m_lastReconnectTry = 0;
    bool m_notified = true; ///< a notification from another connection (or a reconnect) since the last read
    /// Sequences announced by notifications since the last read: the ids each one changed (empty list = unknown).
    QMap<qint64, QList<qint64>> m_announced;
    bool m_announcedComplete = false; ///< m_announced covers every sequence since m_announcedFrom
    qint64 m_announcedFrom = 0;
    qint64 m_lastSequence = 0; ///< the sequence the last read or write saw
    std::optional<InDoubt> m_inDoubt;
};

} // namespace egb
