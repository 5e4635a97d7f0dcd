#pragma once

#include <QString>

namespace egb {

/// A clone of an open SQLite connection, for a worker thread (DESIGN.md: one named connection per thread): opened in
/// the thread that calls open(), closed and removed when destroyed (in that thread). It waits up to 5 s for other
/// connections' writes instead of failing, and commits without fsync (WAL mode keeps it safe).
class WorkerConnection
{
public:
    WorkerConnection() = default;
    ~WorkerConnection();
    WorkerConnection(const WorkerConnection&) = delete;
    WorkerConnection& operator=(const WorkerConnection&) = delete;

    /// Clones `source` under a fresh name starting with `prefix` and opens it; false with `error` set when it
    /// cannot be opened.
    bool open(const QString& source, const QString& prefix, QString* error);
    /// The clone's connection name (empty before open()).
    QString name() const { return m_name; }

private:
    QString m_name;
};

} // namespace egb
