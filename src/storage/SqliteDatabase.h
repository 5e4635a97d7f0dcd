#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace egb {

/// The care of the app's SQLite file, apart from what is stored in it.
///
/// open(): the folder is created, the file is created with mode 0600 (an older file is tightened), a file that is
/// not an SQLite database, is damaged or was written by a newer version is refused and left exactly as it was (its
/// version is read before anything is written). Then `PRAGMA journal_mode=WAL` is set and checked (waiting up to
/// the busy timeout while another process holds the file), and the schema (`PRAGMA user_version`) is migrated
/// forward under the write lock: the lock is taken *before* the version is read again, so two processes opening a
/// new file at once never run a step twice. One named connection per object (and per thread); other features that
/// keep tables in the same file open it by connectionName().
class SqliteDatabase
{
    // Its messages were KeyStore's before the file's care had its own class: they keep their translations.
    Q_DECLARE_TR_FUNCTIONS(egb::KeyStore)
public:
    /// One forward step: the statements that take user_version from i to i+1.
    struct Migration
    {
        const char* description;
        QStringList statements;
    };

    SqliteDatabase();
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    /// `steps[i]` brings the schema to version i+1. On failure returns false and lastError() says why.
    bool open(const QString& path, const QList<Migration>& steps, int busyTimeoutMs);
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString connectionName() const { return m_connection; }
    QSqlDatabase database() const { return m_db; }
    QString lastError() const { return m_lastError; }
    /// True when the file was removed or moved while open (SQLite would go on writing into the removed file).
    bool fileIsGone() const;
    /// The version the file had before open() migrated it (0 for a new file).
    int versionAtOpen() const { return m_versionAtOpen; }

    bool exec(const QString& sql, QSqlError* error = nullptr);
    bool begin(QSqlError* error = nullptr) { return exec(QStringLiteral("BEGIN IMMEDIATE"), error); }
    bool commit(QSqlError* error = nullptr);
    void rollback();

    /// What went wrong, in a few words ("the disk is full").
    static QString problemText(const QSqlError& error);
    /// The message of a failed write: what happened, that changes are kept in memory, and what to do.
    QString writeFailureMessage(const QSqlError& error) const;
    static int nativeCode(const QSqlError& error);
    static QString describe(const QSqlError& error);

private:
    bool fail(const QString& message);

    QString m_connection;
    QString m_path;
    QString m_lastError;
    QSqlDatabase m_db;
    bool m_open = false;
    int m_versionAtOpen = 0;
};

} // namespace egb
