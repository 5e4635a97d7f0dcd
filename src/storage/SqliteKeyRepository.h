#pragma once

#include "KeyRepository.h"
#include "SqliteDatabase.h"

#include <QSqlError>

#include <memory>

namespace egb {

/// The key table in the app's SQLite file (KeyRepository's first backend).
///
/// Ids come from the counter `key_counters('key_id')` (never reused, even after the newest key is removed); the
/// change sequence from `key_counters('sequence')`, one step per committed write, and every changed row carries it
/// (`keys.seq`, `key_removals.seq`). hasChangesElsewhere() compares `PRAGMA data_version` with its value at the
/// last read: a few microseconds, so it can be asked a few times a second. Writes are one `BEGIN IMMEDIATE`
/// transaction each; bulk statements are chunked, so 1,000,000 keys never hit "too many SQL variables".
///
/// When the file is removed or moved while open, the next write creates it again at its path (an empty pool) and
/// fails once with takeRecreated() true, so the cache writes every key it holds into the new file.
class SqliteKeyRepository : public KeyRepository
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 4;
    /// The key table's schema steps (`PRAGMA user_version`): step i brings the file to version i+1.
    static const QList<SqliteDatabase::Migration>& migrations();

    explicit SqliteKeyRepository(QObject* parent = nullptr);
    ~SqliteKeyRepository() override;

    bool open(const QString& path, int busyTimeoutMs = 5000);
    void close();
    SqliteDatabase& database() { return m_db; }

    bool isOpen() const override;
    QString location() const override;
    QString lastError() const override { return m_lastError; }
    QString problem() const override { return m_problem; }
    std::optional<KeySnapshot> load() override;
    std::optional<KeyWriteResult> write(const KeyWriteBatch& batch) override;
    std::optional<KeyChanges> changesSince(qint64 sequence) override;
    bool hasChangesElsewhere() override;

    /// True once after a write found the file gone and created it again (empty).
    bool takeRecreated() override;

private:
    qint64 dataVersion();
    bool writeInTransaction(const KeyWriteBatch& batch, KeyWriteResult& result, QSqlError& error);
    bool fail(const QSqlError& error);

    SqliteDatabase m_db;
    int m_busyTimeoutMs = 5000;
    QString m_lastError;
    QString m_problem;
    qint64 m_seenDataVersion = -1; ///< data_version at the last read (load / changesSince)
    bool m_recreated = false;
    bool m_lost = false; ///< the file vanished while open: create it again at the next write
};

} // namespace egb
