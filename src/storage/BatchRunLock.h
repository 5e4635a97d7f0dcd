#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace egb {

/// One process at a time runs a given batch: a lock row in the app's database (table `run_locks`), kept fresh by a
/// heartbeat while the run goes on and removed when it ends. A lock whose heartbeat stopped (the process was
/// killed, the machine went down) is stale and taken over: at once when its process is known to be gone (same
/// host), else after StaleMs.
class BatchRunLock : public QObject
{
    Q_OBJECT
public:
    static constexpr int HeartbeatMs = 2000;
    static constexpr int StaleMs = 10'000;

    enum class Result
    {
        Acquired,
        HeldElsewhere, ///< holder() says by whom
        Failed,        ///< lastError() says why (the database could not be written)
    };

    /// Who holds a lock.
    struct Holder
    {
        qint64 pid = 0;
        QString host;
        qint64 startedMs = 0;
        qint64 heartbeatMs = 0;
    };

    explicit BatchRunLock(QObject* parent = nullptr);
    ~BatchRunLock() override;

    /// Takes the lock named `name` (a batch's fingerprint) in the database of connection `connectionName`.
    Result acquire(const QString& connectionName, const QString& name);
    /// Removes the lock row (also done by the destructor).
    void release();
    bool isHeld() const { return m_held; }
    Holder holder() const { return m_holder; }
    QString lastError() const { return m_lastError; }

private:
    void beat();

    QString m_connection;
    QString m_name;
    QString m_token;
    bool m_held = false;
    Holder m_holder;
    QString m_lastError;
    QTimer m_heartbeat;
};

} // namespace egb
