#pragma once

#include "Outcome.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace egb {

/// Where an attempt came from. Stored by name ("chat", "batch", "proxy", "check", "other").
enum class RequestSource
{
    Other, ///< a caller that did not say
    Chat,
    Batch,
    Proxy,
    Check, ///< a key check (models.list)
};

/// One attempt of one request with one key, as the request log keeps it (DESIGN.md: RequestLog).
///
/// Never holds a key or prompt/answer text: the key is its id and masked form, and `capture` stays empty unless a
/// person turned on the debug capture for the attempt's source (then it holds masked text).
struct RequestLogEntry
{
    qint64 id = 0;     ///< row id once stored; 0 before
    qint64 timeMs = 0; ///< when the attempt ended, ms since the Unix epoch (UTC)
    RequestSource source = RequestSource::Other;
    QString model; ///< empty when the attempt was not for one model (a key check lists models)
    qint64 keyId = 0;
    QString keyMasked; ///< "AIza…Xy12"
    QString project;   ///< the key's group (its Google project) at the time
    OutcomeClass kind = OutcomeClass::Success;
    int httpStatus = 0; ///< 0 for transport failures
    QString reason;     ///< Google's ErrorInfo reason, blockReason or quotaId
    QString message;    ///< Google's (or our) message, keys masked, at most MessageLimit characters
    qint64 latencyMs = 0;
    int attempt = 1; ///< 1-based within its request (2 = first retry)
    quint64 dispatchId = 0;
    int promptTokens = 0;
    int answerTokens = 0;
    int thinkingTokens = 0;
    QString capture; ///< debug capture only (masked prompt and answer); empty otherwise

    static constexpr int MessageLimit = 300;

    /// The fields of an Outcome (class, status, reason or quota id, message, latency, tokens) for one key.
    static RequestLogEntry fromOutcome(qint64 keyId, const Outcome& outcome, RequestSource source,
                                       const QString& model = {}, int attempt = 1);

    bool failed() const { return kind != OutcomeClass::Success; }
    static QString sourceName(RequestSource source);
    static std::optional<RequestSource> sourceFromName(const QString& name);
    /// The inverse of Outcome::className().
    static std::optional<OutcomeClass> classFromName(const QString& name);

    bool operator==(const RequestLogEntry&) const = default;
};

/// Receives every attempt the pool's users make (Dispatcher, key checks): the request log. Called on the thread of
/// the pool; an implementation must return quickly (queue, write behind).
class AttemptObserver
{
public:
    virtual ~AttemptObserver() = default;
    virtual void recordAttempt(const RequestLogEntry& entry) = 0;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::RequestLogEntry)
