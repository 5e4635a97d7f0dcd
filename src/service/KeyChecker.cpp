#include "KeyChecker.h"

#include "CancelToken.h"
#include "GeminiClient.h"
#include "KeyPool.h"

#include <QCoro/QCoroTask>

#include <algorithm>

namespace egb {

KeyChecker::KeyChecker(KeyPool* pool, GeminiClient* client, QObject* parent)
    : QObject(parent)
    , m_pool(pool)
    , m_client(client)
    , m_cancel(std::make_unique<CancelToken>())
{}

KeyChecker::~KeyChecker()
{
    m_cancel->cancel();
}

void KeyChecker::setParallel(int n)
{
    m_parallel = std::max(1, n);
}

void KeyChecker::check(const QList<qint64>& ids)
{
    if (!m_pool || !m_client)
        return;
    if (m_total == 0) {
        m_cancel = std::make_unique<CancelToken>();
        m_done = m_working = m_failed = m_cancelled = 0;
        m_lastServiceError.clear();
    }
    for (const qint64 id : ids) {
        if (m_pool->rowOf(id) < 0 || m_queued.contains(id))
            continue;
        m_queue.append(id);
        m_queued.insert(id);
        ++m_total;
    }
    if (m_total == 0)
        return;
    Q_EMIT progress(m_done, m_total);
    pump();
}

void KeyChecker::cancel()
{
    if (m_total == 0)
        return;
    m_cancelled += int(m_queue.size());
    m_done += int(m_queue.size());
    m_queue.clear();
    m_queued.clear();
    m_cancel->cancel(); // running checks end with Cancelled and are counted when they return
    pump();
}

void KeyChecker::pump()
{
    while (m_running < m_parallel && !m_queue.isEmpty()) {
        const qint64 id = m_queue.takeFirst();
        m_queued.remove(id);
        runOne(id);
    }
    if (m_running == 0 && m_queue.isEmpty() && m_total > 0) {
        const int working = m_working, failed = m_failed, cancelled = m_cancelled;
        m_total = 0;
        Q_EMIT finished(working, failed, cancelled);
    }
}

void KeyChecker::runOne(qint64 id)
{
    const ApiKey* key = m_pool ? m_pool->find(id) : nullptr;
    if (!key || !m_client) {
        ++m_done;
        ++m_cancelled;
        Q_EMIT progress(m_done, m_total);
        return;
    }
    ++m_running;
    QPointer<KeyChecker> self(this);
    auto task = m_client->checkKey(key->secret, m_cancel.get());
    QCoro::connect(std::move(task), this, [self, id](const Outcome& outcome) {
        if (!self)
            return;
        --self->m_running;
        ++self->m_done;
        if (self->m_pool) // the request log keeps every attempt, a cancelled one too
            self->m_pool->logAttempt(RequestLogEntry::fromOutcome(id, outcome, RequestSource::Check));
        if (outcome.kind == OutcomeClass::Cancelled) {
            ++self->m_cancelled;
        } else {
            if (self->m_pool)
                self->m_pool->report(id, outcome);
            ++(outcome.isSuccess() ? self->m_working : self->m_failed);
            if (outcome.kind == OutcomeClass::ServerError || outcome.kind == OutcomeClass::RequestError)
                self->m_lastServiceError = outcome.message;
            Q_EMIT self->checked(id, outcome);
        }
        Q_EMIT self->progress(self->m_done, self->m_total);
        self->pump();
    });
}

} // namespace egb
