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
        m_done = 0;
        m_summary = {};
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
    m_summary.cancelled += int(m_queue.size());
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
        const KeyCheckSummary summary = m_summary;
        m_total = 0;
        Q_EMIT finished(summary);
    }
}

void KeyChecker::runOne(qint64 id)
{
    const ApiKey* key = m_pool ? m_pool->find(id) : nullptr;
    if (!key || !m_client) {
        ++m_done;
        ++m_summary.cancelled;
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
        KeyCheckSummary& summary = self->m_summary;
        switch (outcome.kind) {
        case OutcomeClass::Cancelled:
            ++summary.cancelled;
            break;
        case OutcomeClass::ServerError:
        case OutcomeClass::RequestError:
            // The service's trouble, not the key's: its health (weight, cooldown) is left as it was.
            ++summary.serverTrouble;
            self->m_lastServiceError = outcome.message;
            Q_EMIT self->checked(id, outcome);
            break;
        case OutcomeClass::Success:
        case OutcomeClass::KeyInvalid:
        case OutcomeClass::RateLimited:
            if (self->m_pool)
                self->m_pool->report(id, outcome);
            ++(outcome.isSuccess()                        ? summary.working
               : outcome.kind == OutcomeClass::KeyInvalid ? summary.rejected
                                                          : summary.rateLimited);
            Q_EMIT self->checked(id, outcome);
            break;
        }
        Q_EMIT self->progress(self->m_done, self->m_total);
        self->pump();
    });
}

} // namespace egb
