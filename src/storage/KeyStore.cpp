#include "KeyStore.h"

#include "KeyPool.h"
#include "KeyWriteBehind.h"
#include "PgConnectionInfo.h"
#include "PostgresKeyRepository.h"
#include "SqliteKeyRepository.h"

#include <QStandardPaths>

namespace egb {

struct KeyStore::Private
{
    SqliteKeyRepository repository;
    KeyWriteBehind writeBehind{&repository};
    /// A team pool (a postgresql:// location): the keys live there; the SQLite file above stays this machine's
    /// own, for chats and batch runs (connectionName()).
    PostgresKeyRepository team;
    KeyWriteBehind teamWriteBehind{&team};
    bool isTeam = false;
    int busyTimeoutMs = 5000;
    QString lastError;

    KeyRepository& keys() { return isTeam ? static_cast<KeyRepository&>(team) : repository; }
    KeyWriteBehind& sync() { return isTeam ? teamWriteBehind : writeBehind; }
    const KeyWriteBehind& sync() const { return isTeam ? teamWriteBehind : writeBehind; }

    bool write(const KeyWriteBatch& batch)
    {
        if (!keys().isOpen())
            return false;
        if (batch.isEmpty())
            return true;
        if (keys().write(batch))
            return true;
        lastError = keys().lastError();
        return false;
    }
};

KeyStore::KeyStore(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    for (KeyWriteBehind* sync : {&d->writeBehind, &d->teamWriteBehind}) {
        connect(sync, &KeyWriteBehind::writeFailed, this, &KeyStore::writeFailed);
        connect(sync, &KeyWriteBehind::writeRecovered, this, &KeyStore::writeRecovered);
        connect(sync, &KeyWriteBehind::flushed, this, &KeyStore::flushed);
        connect(sync, &KeyWriteBehind::followed, this, &KeyStore::followed);
    }
    connect(&d->team, &PostgresKeyRepository::connectionLost, this, &KeyStore::connectionLost);
    connect(&d->team, &PostgresKeyRepository::connectionRestored, this, &KeyStore::connectionRestored);
}

KeyStore::~KeyStore()
{
    detach();
    close();
}

QString KeyStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/keys.db");
}

bool KeyStore::open(const QString& path)
{
    d->lastError.clear();
    close();
    if (PgConnectionInfo::isUri(path)) {
        QString error;
        PgConnectionInfo info = PgConnectionInfo::parse(path, &error);
        if (!info.isValid()) {
            d->lastError = error;
            return false;
        }
        if (info.password().isEmpty())
            info.setPassword(teamPassword());
        d->isTeam = true;
        if (!d->team.open(info)) {
            d->lastError = d->team.lastError();
            return false;
        }
        // Chats and batch runs stay this machine's own: the personal file keeps their tables.
        if (!d->repository.open(defaultPath(), d->busyTimeoutMs)) {
            d->lastError = d->repository.lastError();
            d->team.close();
            return false;
        }
        return true;
    }
    d->isTeam = false;
    if (d->repository.open(path, d->busyTimeoutMs))
        return true;
    d->lastError = d->repository.lastError();
    return false;
}

void KeyStore::close()
{
    d->team.close();
    d->repository.close();
}

bool KeyStore::isOpen() const
{
    return d->isTeam ? d->team.isOpen() : d->repository.isOpen();
}

QString KeyStore::path() const
{
    return d->isTeam ? d->team.location() : d->repository.database().path();
}

bool KeyStore::isTeamDatabase() const
{
    return d->isTeam;
}

namespace {
QString& teamPasswordStore()
{
    static QString password; // in memory only, never written anywhere
    return password;
}
} // namespace

void KeyStore::setTeamPassword(const QString& password)
{
    teamPasswordStore() = password;
}

QString KeyStore::teamPassword()
{
    return teamPasswordStore();
}

bool KeyStore::needsPassword() const
{
    return d->isTeam && d->team.needsPassword();
}

QString KeyStore::lastError() const
{
    if (d->sync().isDegraded() || !d->sync().lastError().isEmpty())
        return d->sync().lastError();
    return d->lastError;
}

QString KeyStore::connectionName() const
{
    return d->repository.database().connectionName();
}

std::vector<ApiKey> KeyStore::loadKeys()
{
    std::optional<KeySnapshot> snapshot = d->keys().load();
    if (!snapshot) {
        d->lastError = d->keys().lastError();
        return {};
    }
    return std::move(snapshot->keys);
}

bool KeyStore::insertKeys(const QList<ApiKey>& keys)
{
    KeyWriteBatch batch;
    batch.saves = keys;
    return d->write(batch);
}

bool KeyStore::saveKeys(const QList<ApiKey>& keys)
{
    KeyWriteBatch batch;
    batch.saves = keys;
    return d->write(batch);
}

bool KeyStore::removeKeys(const QList<qint64>& ids)
{
    KeyWriteBatch batch;
    batch.removals = ids;
    return d->write(batch);
}

bool KeyStore::attach(KeyPool* pool)
{
    d->lastError.clear();
    if (d->sync().attach(pool))
        return true;
    d->lastError = d->sync().lastError();
    return false;
}

void KeyStore::detach()
{
    d->sync().detach();
}

void KeyStore::setFlushInterval(int ms)
{
    d->sync().setFlushInterval(ms);
}

int KeyStore::flushInterval() const
{
    return d->sync().flushInterval();
}

void KeyStore::setFollowInterval(int ms)
{
    d->sync().setFollowInterval(ms);
}

int KeyStore::followInterval() const
{
    return d->sync().followInterval();
}

void KeyStore::setBusyTimeout(int ms)
{
    d->busyTimeoutMs = std::max(0, ms);
}

int KeyStore::busyTimeout() const
{
    return d->busyTimeoutMs;
}

int KeyStore::pendingCount() const
{
    return d->sync().pendingCount();
}

bool KeyStore::flush()
{
    return d->sync().flush();
}

bool KeyStore::follow()
{
    return d->sync().follow();
}

bool KeyStore::isDegraded() const
{
    return d->sync().isDegraded();
}

QString KeyStore::writeProblem() const
{
    return d->sync().writeProblem();
}

SqliteKeyRepository* KeyStore::repository() const
{
    return &d->repository;
}

KeyWriteBehind* KeyStore::writeBehind() const
{
    return &d->sync();
}

} // namespace egb
