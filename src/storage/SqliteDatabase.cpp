#include "SqliteDatabase.h"

#include <QAtomicInteger>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

namespace egb {

namespace {

// SQLite primary result codes that Qt reports as QSqlError::nativeErrorCode().
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteIoErr = 10;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteFull = 13;
constexpr int SqliteCantOpen = 14;
constexpr int SqliteNotADb = 26;

QAtomicInteger<quint64> connectionCounter;

} // namespace

SqliteDatabase::SqliteDatabase()
    : m_connection(QStringLiteral("egb-keystore-%1").arg(++connectionCounter))
{}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

int SqliteDatabase::nativeCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString SqliteDatabase::describe(const QSqlError& error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text;
}

bool SqliteDatabase::exec(const QString& sql, QSqlError* error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError();
    return false;
}

bool SqliteDatabase::commit(QSqlError* error)
{
    QSqlError failure;
    if (exec(QStringLiteral("COMMIT"), &failure))
        return true;
    rollback();
    if (error)
        *error = failure;
    return false;
}

void SqliteDatabase::rollback()
{
    exec(QStringLiteral("ROLLBACK"));
}

bool SqliteDatabase::fileIsGone() const
{
    return m_open && !m_path.isEmpty() && !QFileInfo::exists(m_path);
}

QString SqliteDatabase::problemText(const QSqlError& error)
{
    switch (nativeCode(error)) {
    case SqliteFull:
        return tr("the disk is full");
    case SqliteReadOnly:
        return tr("the file or its folder is read-only");
    case SqliteBusy:
    case SqliteLocked:
        return tr("another program is holding the file locked");
    case SqliteCantOpen:
    case SqliteIoErr:
        return tr("the file could not be written (it may have been moved or removed)");
    default:
        return describe(error);
    }
}

QString SqliteDatabase::writeFailureMessage(const QSqlError& error) const
{
    return tr("Could not save the keys to %1: %2. Your changes are kept in memory only for now and will be saved as "
              "soon as writing works again. Free some disk space, make the folder writable or close the other "
              "program using the file; do not quit before the changes are saved.")
        .arg(QDir::toNativeSeparators(m_path), problemText(error));
}

bool SqliteDatabase::fail(const QString& message)
{
    m_lastError = message;
    close();
    return false;
}

bool SqliteDatabase::open(const QString& path, const QList<Migration>& steps, int busyTimeoutMs)
{
    if (m_open || m_db.isValid())
        close();
    m_lastError.clear();
    m_path = path;
    m_versionAtOpen = 0;
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty())
        return fail(tr("No location was given for the key database. Choose a file to keep the keys in."));

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(tr("Could not create the folder %1 for the key database. Check that you may write there, or "
                       "choose another location.")
                        .arg(QDir::toNativeSeparators(info.absolutePath())));
    if (info.exists() && !info.isFile())
        return fail(tr("%1 is not a file (it is a folder or a device), so the keys cannot be kept there. Choose "
                       "another location.")
                        .arg(shown));

    // The file holds secrets: create it 0600 before SQLite touches it, and tighten an older file.
    const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly) && !QFileInfo::exists(path))
            return fail(tr("Could not create the key database %1: %2. Check that the folder is writable and the "
                           "disk is not full, or choose another location.")
                            .arg(shown, file.errorString()));
    }
    if (QFile::permissions(path) != ownerOnly && !QFile::setPermissions(path, ownerOnly))
        qWarning("KeyStore: could not restrict the key database to its owner (mode 0600)");

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (!m_db.open())
        return fail(tr("Could not open the key database %1: %2. Check that the file is readable and writable, or "
                       "choose another location.")
                        .arg(shown, describe(m_db.lastError())));
    m_open = true;

    // Read the schema version first: this is where SQLite checks the file header. Nothing is written before.
    auto readVersion = [this](QSqlError* error) {
        QSqlQuery query(m_db);
        if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
            return query.value(0).toInt();
        *error = query.lastError();
        return -1;
    };
    QSqlError error;
    int version = readVersion(&error);
    if (version < 0) {
        const int code = nativeCode(error);
        if (code == SqliteNotADb || code == SqliteCorrupt)
            return fail(tr("%1 is not a key database, or it is damaged (%2). It was left untouched. Choose another "
                           "file, or move this one away (keep a copy) to start with an empty key list.")
                            .arg(shown, describe(error)));
        return fail(tr("Could not read the key database %1: %2. It was left untouched. Check that the file is "
                       "readable and not locked by another program, then try again.")
                        .arg(shown, describe(error)));
    }
    const int latest = int(steps.size());
    auto newer = [&](int v) {
        return fail(tr("The key database %1 was written by a newer version of Easy Gemini Balance (schema version "
                       "%2; this version knows up to %3). It was left untouched. Update the application to use it.")
                        .arg(shown)
                        .arg(v)
                        .arg(latest));
    };
    if (version > latest)
        return newer(version);

    {
        // Switching to WAL needs the file to itself for a moment; SQLite does not wait for that by itself, so wait
        // here (up to the busy timeout) while another process opens or migrates the same file.
        const QDeadlineTimer deadline(std::max(busyTimeoutMs, 0));
        QString mode;
        QSqlError modeError;
        for (;;) {
            QSqlQuery query(m_db);
            if (query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) && query.next()) {
                mode = query.value(0).toString().toLower();
                if (mode == QLatin1String("wal"))
                    break;
            } else {
                modeError = query.lastError();
            }
            const int code = nativeCode(modeError);
            const bool busy = mode.isEmpty() && (code == SqliteBusy || code == SqliteLocked);
            if (!busy || deadline.hasExpired())
                break;
            QThread::msleep(5);
        }
        if (mode != QLatin1String("wal")) {
            const QString why = mode.isEmpty() ? describe(modeError) : tr("journal mode \"%1\"").arg(mode);
            return fail(tr("Could not switch the key database %1 to write-ahead logging (%2). The folder must be "
                           "writable and on a local disk (not a network share). Choose another location.")
                            .arg(shown, why));
        }
    }
    QString text;
    if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL"), &error) ||
        !exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(busyTimeoutMs), &error) ||
        !exec(QStringLiteral("PRAGMA cache_size=-16384"), &error)) // 16 MB: 100,000 keys in one transaction
        return fail(tr("Could not set up the key database %1: %2.").arg(shown, describe(error)));

    if (version < latest) {
        // Take the write lock, then read the version again: another process may have migrated meanwhile.
        if (!begin(&error))
            return fail(tr("Could not upgrade the key database %1 to version %2 (%3): %4. The file was left as it "
                           "was; check that it is writable and the disk is not full.")
                            .arg(shown)
                            .arg(version + 1)
                            .arg(QLatin1String(steps.at(version).description), describe(error)));
        version = readVersion(&error);
        if (version > latest) {
            rollback();
            return newer(version);
        }
        m_versionAtOpen = std::max(version, 0);
        for (int v = std::max(version, 0); v < latest; ++v) {
            bool ok = true;
            for (const QString& sql : steps.at(v).statements) {
                ok = exec(sql, &error);
                if (!ok)
                    break;
            }
            ok = ok && exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1), &error);
            if (!ok) {
                rollback();
                return fail(tr("Could not upgrade the key database %1 to version %2 (%3): %4. The file was left "
                               "as it was; check that it is writable and the disk is not full.")
                                .arg(shown)
                                .arg(v + 1)
                                .arg(QLatin1String(steps.at(v).description), describe(error)));
            }
        }
        if (!commit(&error))
            return fail(tr("Could not upgrade the key database %1 to version %2 (%3): %4. The file was left as it "
                           "was; check that it is writable and the disk is not full.")
                            .arg(shown)
                            .arg(latest)
                            .arg(QLatin1String(steps.at(latest - 1).description), describe(error)));
    } else {
        m_versionAtOpen = version;
    }
    return true;
}

void SqliteDatabase::close()
{
    m_open = false;
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase(); // the last handle must be gone before removeDatabase()
        QSqlDatabase::removeDatabase(m_connection);
    }
}

} // namespace egb
