#include "AccessTokenStore.h"

#include "ComponentSchema.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace egb {

namespace {

const ComponentSchema::Steps& tokenSteps()
{
    static const ComponentSchema::Steps steps = {
        {
            QStringLiteral("CREATE TABLE IF NOT EXISTS proxy_tokens ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL DEFAULT '', "
                           "hash TEXT NOT NULL UNIQUE, hint TEXT NOT NULL DEFAULT '', "
                           "created_ms INTEGER NOT NULL DEFAULT 0)"),
        },
    };
    return steps;
}

const char TokenPrefix[] = "egb-";

} // namespace

AccessTokenStore::AccessTokenStore(QObject* parent)
    : QObject(parent)
{}

AccessTokenStore::~AccessTokenStore() = default;

bool AccessTokenStore::fail(const QString& what, const QString& sqlError) const
{
    m_lastError =
        tr("%1: %2. Check that the app's data folder is writable and the disk is not full.").arg(what, sqlError);
    return false;
}

bool AccessTokenStore::open(const QString& connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (!db.isValid() || !db.isOpen())
        return fail(tr("Could not open the proxy's access tokens"), tr("the database is not open"));
    QString error;
    if (!ComponentSchema::migrate(db, QStringLiteral("proxy_tokens"), tokenSteps(), &error))
        return fail(tr("Could not prepare the proxy's access tokens"), error);
    m_connection = connectionName;
    m_lastError.clear();
    m_cacheAge.invalidate();
    return reload();
}

bool AccessTokenStore::isOpen() const
{
    return !m_connection.isEmpty() && QSqlDatabase::database(m_connection, false).isOpen();
}

QString AccessTokenStore::lastError() const
{
    return m_lastError;
}

QString AccessTokenStore::generate()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    return QLatin1String(TokenPrefix) +
           QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray AccessTokenStore::hash(QStringView token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

QString AccessTokenStore::masked(QStringView token)
{
    if (token.size() <= 12)
        return QStringLiteral("…");
    return QLatin1String(TokenPrefix) + QChar(0x2026) + token.right(4).toString();
}

bool AccessTokenStore::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::optional<AccessTokenStore::Created> AccessTokenStore::add(const QString& label)
{
    if (!isOpen()) {
        fail(tr("Could not save the access token"), tr("the database is not open"));
        return std::nullopt;
    }
    const QString token = generate();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO proxy_tokens (label, hash, hint, created_ms) VALUES (?, ?, ?, ?)"));
    q.addBindValue(label.isNull() ? QStringLiteral("") : label);
    q.addBindValue(QString::fromLatin1(hash(token)));
    q.addBindValue(masked(token));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        fail(tr("Could not save the access token"), q.lastError().text());
        return std::nullopt;
    }
    Created created{q.lastInsertId().toLongLong(), token};
    m_cacheAge.invalidate();
    Q_EMIT tokensChanged();
    return created;
}

QList<AccessToken> AccessTokenStore::list() const
{
    QList<AccessToken> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, label, hint, created_ms FROM proxy_tokens ORDER BY id"))) {
        fail(tr("Could not read the access tokens"), q.lastError().text());
        return out;
    }
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toLongLong()});
    return out;
}

bool AccessTokenStore::remove(qint64 id)
{
    if (!isOpen())
        return fail(tr("Could not remove the access token"), tr("the database is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM proxy_tokens WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return fail(tr("Could not remove the access token"), q.lastError().text());
    const bool removed = q.numRowsAffected() > 0;
    m_cacheAge.invalidate();
    if (removed)
        Q_EMIT tokensChanged();
    return removed;
}

QList<StoredAccessToken> AccessTokenStore::exportAll() const
{
    QList<StoredAccessToken> out;
    if (!isOpen())
        return out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, label, hint, created_ms, hash FROM proxy_tokens ORDER BY id"))) {
        fail(tr("Could not read the access tokens"), q.lastError().text());
        return out;
    }
    while (q.next()) {
        out.append({{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toLongLong()},
                    q.value(4).toString().toLatin1()});
    }
    return out;
}

bool AccessTokenStore::replaceAll(const QList<StoredAccessToken>& tokens)
{
    if (!isOpen())
        return fail(tr("Could not save the access token"), tr("the database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")) && !db.transaction())
        return fail(tr("Could not save the access token"), db.lastError().text());
    auto rollback = [&](const QString& error) {
        db.rollback();
        return fail(tr("Could not save the access token"), error);
    };
    if (!q.exec(QStringLiteral("DELETE FROM proxy_tokens")))
        return rollback(q.lastError().text());
    q.prepare(QStringLiteral("INSERT INTO proxy_tokens (id, label, hash, hint, created_ms) VALUES (?, ?, ?, ?, ?)"));
    for (const StoredAccessToken& t : tokens) {
        q.addBindValue(t.token.id);
        q.addBindValue(t.token.label.isNull() ? QStringLiteral("") : t.token.label);
        q.addBindValue(QString::fromLatin1(t.hash));
        q.addBindValue(t.token.hint.isNull() ? QStringLiteral("") : t.token.hint);
        q.addBindValue(t.token.createdMs);
        if (!q.exec())
            return rollback(q.lastError().text());
    }
    if (!db.commit())
        return rollback(db.lastError().text());
    m_lastError.clear();
    m_cacheAge.invalidate();
    Q_EMIT tokensChanged();
    return true;
}

bool AccessTokenStore::reload()
{
    if (!isOpen())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, hash FROM proxy_tokens")))
        return fail(tr("Could not read the access tokens"), q.lastError().text());
    QList<Entry> entries;
    while (q.next())
        entries.append({q.value(0).toLongLong(), q.value(1).toString().toLatin1()});
    m_cache = std::move(entries);
    m_cacheAge.start();
    return true;
}

qint64 AccessTokenStore::verify(QStringView token)
{
    if (!m_cacheAge.isValid() || m_cacheAge.elapsed() >= ReloadIntervalMs)
        reload(); // on failure the last copy stays in use
    if (token.isEmpty())
        return 0;
    const QByteArray h = hash(token);
    qint64 found = 0;
    for (const Entry& e : std::as_const(m_cache)) {
        const bool equal = constantTimeEquals(e.hash, h);
        found = equal ? e.id : found; // no early exit
    }
    return found;
}

} // namespace egb
