#include "KeyStore.h"

#include "KeyPool.h"
#include "KeyWriteBehind.h"
#include "SqliteKeyRepository.h"

#include <QStandardPaths>

namespace egb {

struct KeyStore::Private
{
    SqliteKeyRepository repository;
    KeyWriteBehind writeBehind{&repository};
    int busyTimeoutMs = 5000;
    QString lastError;

    bool write(const KeyWriteBatch& batch)
    {
        if (!repository.isOpen())
            return false;
        if (batch.isEmpty())
            return true;
        if (repository.write(batch))
            return true;
        lastError = repository.lastError();
        return false;
    }
};

KeyStore::KeyStore(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    connect(&d->writeBehind, &KeyWriteBehind::writeFailed, this, &KeyStore::writeFailed);
    connect(&d->writeBehind, &KeyWriteBehind::writeRecovered, this, &KeyStore::writeRecovered);
    connect(&d->writeBehind, &KeyWriteBehind::flushed, this, &KeyStore::flushed);
    connect(&d->writeBehind, &KeyWriteBehind::followed, this, &KeyStore::followed);
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
    if (d->repository.open(path, d->busyTimeoutMs))
        return true;
    d->lastError = d->repository.lastError();
    return false;
}

void KeyStore::close()
{
    d->repository.close();
}

bool KeyStore::isOpen() const
{
    return d->repository.isOpen();
}

QString KeyStore::path() const
{
    return d->repository.database().path();
}

QString KeyStore::lastError() const
{
    if (d->writeBehind.isDegraded() || !d->writeBehind.lastError().isEmpty())
        return d->writeBehind.lastError();
    return d->lastError;
}

QString KeyStore::connectionName() const
{
    return d->repository.database().connectionName();
}

std::vector<ApiKey> KeyStore::loadKeys()
{
    std::optional<KeySnapshot> snapshot = d->repository.load();
    if (!snapshot) {
        d->lastError = d->repository.lastError();
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
    if (d->writeBehind.attach(pool))
        return true;
    d->lastError = d->writeBehind.lastError();
    return false;
}

void KeyStore::detach()
{
    d->writeBehind.detach();
}

void KeyStore::setFlushInterval(int ms)
{
    d->writeBehind.setFlushInterval(ms);
}

int KeyStore::flushInterval() const
{
    return d->writeBehind.flushInterval();
}

void KeyStore::setFollowInterval(int ms)
{
    d->writeBehind.setFollowInterval(ms);
}

int KeyStore::followInterval() const
{
    return d->writeBehind.followInterval();
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
    return d->writeBehind.pendingCount();
}

bool KeyStore::flush()
{
    return d->writeBehind.flush();
}

bool KeyStore::follow()
{
    return d->writeBehind.follow();
}

bool KeyStore::isDegraded() const
{
    return d->writeBehind.isDegraded();
}

QString KeyStore::writeProblem() const
{
    return d->writeBehind.writeProblem();
}

SqliteKeyRepository* KeyStore::repository() const
{
    return &d->repository;
}

KeyWriteBehind* KeyStore::writeBehind() const
{
    return &d->writeBehind;
}

} // namespace egb
