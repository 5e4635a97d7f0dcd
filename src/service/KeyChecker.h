#pragma once

#include "KeyCheckSummary.h"
#include "Outcome.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

#include <memory>

namespace egb {

class CancelToken;
class GeminiClient;
class KeyPool;

/// Keys → Check: asks Gemini whether each selected key works (one models.list page of size 1 per key, through
/// GeminiClient::checkKey) and reports every outcome to the pool, so the table shows the verdict like any request.
/// A few checks run at once; progress is signalled for the status bar; cancel() stops what is left. Server trouble
/// (a 5xx, an unreachable service) is not the key's verdict: it is logged, counted apart, and the key's health is not
/// touched.
class KeyChecker : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultParallel = 4;

    KeyChecker(KeyPool* pool, GeminiClient* client, QObject* parent = nullptr);
    ~KeyChecker() override;

    void setParallel(int n);
    bool isRunning() const { return m_total > 0; }
    int total() const { return m_total; }
    int done() const { return m_done; }
    /// Google's (or the network's) message of the last check that failed for a reason other than the key itself
    /// (server error, unreachable service, bad request): the table's Last error does not show those. Empty if none.
    QString lastServiceError() const { return m_lastServiceError; }

public Q_SLOTS:
    /// Check these keys (ids unknown to the pool are skipped). Keys already being checked are queued again only
    /// once; a call while a check runs adds to it.
    void check(const QList<qint64>& ids);
    void cancel();

Q_SIGNALS:
    void progress(int done, int total);
    /// One key's verdict, already reported to the pool (not emitted for cancelled checks).
    void checked(qint64 id, const egb::Outcome& outcome);
    /// All queued checks ended, with what they found.
    void finished(const egb::KeyCheckSummary& summary);

private:
    void pump();
    void runOne(qint64 id);

    QPointer<KeyPool> m_pool;
    QPointer<GeminiClient> m_client;
    std::unique_ptr<CancelToken> m_cancel;
    QList<qint64> m_queue;
    QSet<qint64> m_queued; ///< ids in m_queue, so that checking 100,000 keys is not quadratic
    int m_parallel = DefaultParallel;
    int m_running = 0;
    int m_total = 0;
    int m_done = 0;
    KeyCheckSummary m_summary;
    QString m_lastServiceError;
};

} // namespace egb
