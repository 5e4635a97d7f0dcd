#pragma once

#include "Outcome.h"

#include <QPointer>
#include <QString>

namespace egb {

class KeyPool;

/// The seed's context-manager mode: a key picked from the pool and held for a scope.
/// When the lease leaves scope it reports success, unless fail() or succeed() already reported.
/// Movable, not copyable. An invalid lease (no key was available) reports nothing.
class KeyLease
{
public:
    KeyLease() = default;
    KeyLease(KeyPool* pool, qint64 id, QString secret);
    KeyLease(KeyLease&& other) noexcept;
    KeyLease& operator=(KeyLease&& other) noexcept;
    KeyLease(const KeyLease&) = delete;
    KeyLease& operator=(const KeyLease&) = delete;
    ~KeyLease();

    bool isValid() const { return m_id != 0; }
    explicit operator bool() const { return isValid(); }
    qint64 id() const { return m_id; }
    const QString& secret() const { return m_secret; }
    QString masked() const;

    /// Report this outcome now instead of the automatic success.
    void fail(const Outcome& outcome);
    /// Report success now (with latency and usage) instead of the automatic one.
    void succeed(const Outcome& outcome = Outcome::success());
    /// Give the key back without reporting anything.
    void release();
    bool isSettled() const { return m_settled; }

private:
    void settle(const Outcome& outcome);

    QPointer<KeyPool> m_pool;
    qint64 m_id = 0;
    QString m_secret;
    bool m_settled = false;
};

} // namespace egb
