#pragma once

#include "ApiKey.h"
#include "KeyRepository.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <functional>

class QSqlQuery;

namespace egb {

/// The key table's SQL that every backend shares (SQLite and PostgreSQL speak the same statements here, apart from
/// the few words `Dialect` picks): the column list, binding and reading a row, and the statements of a write.
///
/// Table `keys`: one row per key, `seq` = the sequence of the row's last change, `edited_seq` = the sequence of the
/// last person's edit (health deltas computed before it lose their state part). Table `key_removals(id, seq)`
/// remembers removed ids for followers. Every statement binds positional values (`?`).
namespace KeySql {

enum class Dialect
{
    Sqlite,
    Postgres,
};

/// The ApiKey columns, in bind/read order.
inline constexpr int ColumnCount = 18;
const char* columns();
/// Rows per multi-row statement: at most ~900 bound values (SQLite's historic limit is 999).
int rowsPerStatement(int valuesPerRow);

/// `(?,?,…)` repeated `rows` times, `perRow` values each, with optional casts (PostgreSQL) from `types`.
QString valueRows(int rows, int perRow, const QStringList& types = {});

void bindKey(QSqlQuery& q, int& pos, const ApiKey& k);
/// Reads the ColumnCount columns starting at `first`.
ApiKey readKey(const QSqlQuery& q, int first = 0);

/// INSERT of `rows` keys with their ids and `seq`/`edited_seq` bound after each key's columns; a row whose id or
/// secret is stored already is skipped; RETURNING id.
QString insertSql(int rows, Dialect dialect);
/// INSERT … ON CONFLICT(id) DO UPDATE: rows written as they are (20 values per row as insertSql).
QString saveSql(int rows, Dialect dialect);
/// A person's edits of `fields`: 20 values per row (the key's columns, then seq, then edited_seq unused).
QString editSql(int rows, KeyFields fields, Dialect dialect);
/// Health deltas: HealthValuesPerRow values per row, bound by bindHealth().
inline constexpr int HealthValuesPerRow = 16;
QString healthSql(int rows, Dialect dialect);
void bindHealth(QSqlQuery& q, int& pos, const KeyHealthDelta& delta, qint64 sequence);

/// Table `quota_buckets`: one row per (project, model), `seq` = the sequence of its last change.
const char* bucketColumns();
inline constexpr int BucketValuesPerRow = 13;
/// The upsert of bucket changes (QuotaBucketRecord's rules), `rows` rows of BucketValuesPerRow values bound by
/// bindBucket(); `learned`: the rows carry a learned part that replaces the stored one.
QString bucketSql(int rows, bool learned, Dialect dialect);
void bindBucket(QSqlQuery& q, int& pos, const QuotaBucketRecord& r, qint64 sequence);
/// Reads the bucketColumns() starting at `first`.
QuotaBucketRecord readBucket(const QSqlQuery& q, int first = 0);
/// Every bucket changed after `sequence` (-1: every bucket) into `out`, inside the caller's read transaction.
bool readBuckets(QSqlDatabase db, qint64 sequence, QList<QuotaBucketRecord>& out, QSqlError& error);

/// Runs one multi-row statement per `rowsPerStatement(perRow)` items (the full-size statement prepared once): sqlFor(n)
/// gives the SQL for n rows, bind(q, pos, item) binds one item, onRows(q) reads what the statement returned.
template <typename T, typename SqlFor, typename Bind, typename Rows>
inline bool chunked(QSqlDatabase db, const QList<T>& items, int perRow, SqlFor sqlFor, Bind bind, Rows onRows,
                    QSqlError& error)
{
    const int per = KeySql::rowsPerStatement(perRow);
    QSqlQuery full(db);
    bool fullPrepared = false;
    for (qsizetype start = 0; start < items.size(); start += per) {
        const int n = int(std::min<qsizetype>(per, items.size() - start));
        QSqlQuery rest(db);
        QSqlQuery* q = &rest;
        if (n == per) {
            q = &full;
            if (!fullPrepared && !full.prepare(sqlFor(n))) {
                error = full.lastError();
                return false;
            }
            fullPrepared = true;
        } else if (!rest.prepare(sqlFor(n))) {
            error = rest.lastError();
            return false;
        }
        int pos = 0;
        for (int i = 0; i < n; ++i)
            bind(*q, pos, items.at(start + i));
        if (!q->exec()) {
            error = q->lastError();
            return false;
        }
        onRows(*q);
    }
    return true;
}

/// The key-id counter of a backend, inside the write's transaction: read its value (locking it where the backend
/// can), raise it to at least a value.
struct KeyIdCounter
{
    std::function<bool(qint64* value)> read;
    std::function<bool(qint64 atLeast)> raise;
};

/// Writes `batch`'s saves, inserts, edits, health deltas and bucket changes as change `seq` (removals are the backend's
/// own SQL): new keys get ids above the counter (an id a key already has is kept when no key ever had it), and
/// `result.insertedIds` says which were stored (0 for a key whose id or secret was there already).
bool writeRows(QSqlDatabase db, const KeyWriteBatch& batch, qint64 seq, Dialect dialect, const KeyIdCounter& keyId,
               KeyWriteResult& result, QSqlError& error);

} // namespace KeySql

} // namespace egb
