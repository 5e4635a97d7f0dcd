#pragma once

#include "KeyRepository.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace egb {

/// Opens the key repository a location names: a postgresql:// URI (PgConnectionInfo) gives a
/// PostgresKeyRepository, anything else is the path of an SQLite file (SqliteKeyRepository).
class KeyRepositories
{
    Q_DECLARE_TR_FUNCTIONS(egb::KeyRepositories)
public:
    static bool isTeamDatabase(const QString& location);
    /// nullptr on failure, with `error` saying why (translated). `password` (may be empty) is used for a
    /// PostgreSQL URI without one; it is never stored anywhere.
    static std::unique_ptr<KeyRepository> open(const QString& location, QString* error, const QString& password = {});
};

} // namespace egb
