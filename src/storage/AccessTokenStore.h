#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringView>

#include <optional>

namespace egb {

/// One access token of the local proxy as stored: never the token itself, only its hash and a masked hint.
struct AccessToken
{
    qint64 id = 0;
    QString label;
    QString hint; ///< "egb-…Xy12": the token's start and its last four characters
    qint64 createdMs = 0;
    bool operator==(const AccessToken&) const = default;
};

/// A stored token with its hash, as copied from one database to another (AccessTokenStore::exportAll).
struct StoredAccessToken
{
    AccessToken token;
    QByteArray hash; ///< AccessTokenStore::hash() of the token, hex
    bool operator==(const StoredAccessToken&) const = default;
};

/// The proxy's access tokens, in the key database (the KeyStore's connection) in a table of their own
/// (`proxy_tokens`, component "proxy_tokens" in `egb_schema`).
///
/// A token is shown once, when add() makes it; the table keeps its SHA-256 and a hint. verify() compares a
/// caller's token with every stored hash in constant time (no early exit, the same work whatever matches), and
/// re-reads the table at most once a second so a token added or removed by another process (egb tokens) counts
/// within a second. Errors are values: lastError() says what happened.
class AccessTokenStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 1;
    /// How long verify() trusts its copy of the table.
    static constexpr int ReloadIntervalMs = 1000;

    explicit AccessTokenStore(QObject* parent = nullptr);
    ~AccessTokenStore() override;

    /// Uses the open QSqlDatabase connection `connectionName` and creates/migrates the table.
    bool open(const QString& connectionName);
    bool isOpen() const;
    QString lastError() const;

    struct Created
    {
        qint64 id = 0;
        QString token; ///< the only time the token exists outside its caller
    };
    /// Makes and saves a new token; nullopt (and lastError()) when it could not be saved.
    std::optional<Created> add(const QString& label = {});
    QList<AccessToken> list() const;
    /// True when a token with this id existed and is gone.
    bool remove(qint64 id);

    /// Every stored row (id, label, hint, time and hash), ordered by id (copying a pool): the tokens themselves
    /// are not stored, so there is nothing more to copy.
    QList<StoredAccessToken> exportAll() const;
    /// Replaces every token with `tokens`, written as they are (ids kept), in one transaction: on failure the
    /// stored ones are as they were.
    bool replaceAll(const QList<StoredAccessToken>& tokens);

    /// The id of the stored token equal to `token`, or 0. Constant time in the token's content.
    qint64 verify(QStringView token);

    /// "egb-" + 43 characters (32 random bytes, base64url).
    static QString generate();
    /// SHA-256 of the token's UTF-8, hex.
    static QByteArray hash(QStringView token);
    /// "egb-…Xy12"
    static QString masked(QStringView token);
    /// Equal length and bytes, in time that depends only on the length.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

Q_SIGNALS:
    void tokensChanged();

private:
    bool fail(const QString& what, const QString& sqlError) const;
    bool reload();

    QString m_connection;
    mutable QString m_lastError;
    struct Entry
    {
        qint64 id = 0;
        QByteArray hash;
    };
    QList<Entry> m_cache;
    QElapsedTimer m_cacheAge;
};

} // namespace egb
