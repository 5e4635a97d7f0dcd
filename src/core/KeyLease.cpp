#include "KeyLease.h"

#include "ApiKey.h"
#include "KeyPool.h"

#include <utility>

namespace egb {

KeyLease::KeyLease(KeyPool* pool, qint64 id, QString secret)
    : m_pool(pool)
    , m_id(pool ? id : 0)
    , m_secret(std::move(secret))
    , m_settled(m_id == 0)
{}

KeyLease::KeyLease(KeyLease&& other) noexcept
    : m_pool(std::move(other.m_pool))
    , m_id(std::exchange(other.m_id, 0))
    , m_secret(std::move(other.m_secret))
    , m_settled(std::exchange(other.m_settled, true))
{
    other.m_pool.clear();
    other.m_secret.clear();
}

KeyLease& KeyLease::operator=(KeyLease&& other) noexcept
{
    if (this != &other) {
        // The lease being replaced ends here, as if it left scope.
        if (!m_settled)
            settle(Outcome::success());
        m_pool = std::move(other.m_pool);
        other.m_pool.clear();
        m_id = std::exchange(other.m_id, 0);
        m_secret = std::move(other.m_secret);
        other.m_secret.clear();
        m_settled = std::exchange(other.m_settled, true);
    }
    return *this;
}

KeyLease::~KeyLease()
{
    if (!m_settled)
        settle(Outcome::success());
}

QString KeyLease::masked() const
{
    return ApiKey::mask(m_secret);
}

void KeyLease::fail(const Outcome& outcome)
{
    settle(outcome);
}

void KeyLease::succeed(const Outcome& outcome)
{
    settle(outcome);
}

void KeyLease::release()
{
    if (!m_settled && m_id != 0 && m_pool)
        m_pool->release(m_id); // no longer in flight
    m_settled = true;
}

void KeyLease::settle(const Outcome& outcome)
{
    if (m_settled || m_id == 0)
        return;
    m_settled = true;
    if (KeyPool* pool = m_pool.data())
        pool->report(m_id, outcome);
}

} // namespace egb
