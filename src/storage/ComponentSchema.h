#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>

namespace egb {

/// Versioned schema steps for tables that share the key store's SQLite file (chat, batch).
///
/// The key store keeps its own version in `PRAGMA user_version`; every other component keeps its version in the
/// table `egb_schema(component, version)`, so the two never step on each other. migrate() runs, in one
/// transaction, every step above the stored version and records the new one.
class ComponentSchema
{
public:
    /// One step: the statements that take the component from version i to i+1 (steps[0] creates version 1).
    using Steps = QList<QStringList>;

    /// Returns true when the component is at steps.size(); on failure `error` says why and nothing changed.
    static bool migrate(QSqlDatabase db, const QString& component, const Steps& steps, QString* error);
    /// The stored version of `component`, 0 when it was never created.
    static int version(QSqlDatabase db, const QString& component);
};

} // namespace egb
