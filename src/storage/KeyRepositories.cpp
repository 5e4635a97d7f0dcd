#include "KeyRepositories.h"

#include "PgConnectionInfo.h"
#include "PostgresKeyRepository.h"
#include "SqliteKeyRepository.h"

namespace egb {

bool KeyRepositories::isTeamDatabase(const QString& location)
{
    return PgConnectionInfo::isUri(location);
}

std::unique_ptr<KeyRepository> KeyRepositories::open(const QString& location, QString* error, const QString& password)
{
    if (isTeamDatabase(location)) {
        QString why;
        PgConnectionInfo info = PgConnectionInfo::parse(location, &why);
        if (!info.isValid()) {
            if (error)
                *error = why;
            return nullptr;
        }
        if (info.password().isEmpty() && !password.isEmpty())
            info.setPassword(password);
        auto repo = std::make_unique<PostgresKeyRepository>();
        if (!repo->open(info)) {
            if (error)
                *error = repo->lastError();
            return nullptr;
        }
        return repo;
    }
    auto repo = std::make_unique<SqliteKeyRepository>();
    if (!repo->open(location)) {
        if (error)
            *error = repo->lastError();
        return nullptr;
    }
    return repo;
}

} // namespace egb
