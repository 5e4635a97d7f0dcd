#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <memory>
#include <optional>

class QTcpServer;

namespace egb::test {

/// What the fake server does for one call. Build with the static helpers (FakeBehavior::ok(), ::rateLimited(), ...).
struct FakeBehavior
{
    enum class Kind
    {
        Ok,              ///< 200; text = `text` or "Echo: <last user text>"; streamed in `chunks` on the SSE endpoint
        InvalidKey,      ///< 400 INVALID_ARGUMENT + ErrorInfo API_KEY_INVALID (the real body)
        LeakedKey,       ///< 403 PERMISSION_DENIED "reported as leaked"
        Unauthenticated, ///< 401 UNAUTHENTICATED
        PaymentRequired, ///< 402 RESOURCE_EXHAUSTED (prepaid credit used up)
        BadRequest,      ///< 400 INVALID_ARGUMENT without ErrorInfo (the request is bad)
        NotFound,        ///< 404 NOT_FOUND (model not found)
        RateLimited,     ///< 429 with QuotaFailure(quotaId) + RetryInfo(retryDelay)
        DailyQuota,      ///< 429 with a PerDay quotaId
        Status,          ///< `status` with the Google error envelope (408, 499, 500, 502, 503, 504, ...)
        Hang,            ///< reads the request, never answers (until the client gives up)
        Reset,           ///< reads the request, then drops the connection without an answer
        MalformedJson,   ///< 200 with truncated JSON
        HtmlError,       ///< `status` (default 502) with an HTML page
        EmptyBody,       ///< `status` (default 500) with an empty body
        NoCandidates,    ///< 200 without candidates and without blockReason
        Blocked,         ///< 200 with promptFeedback.blockReason = `reason` (default SAFETY)
        StreamCut,       ///< SSE: `chunks` chunks, then the connection closes without the end of the stream
        StreamError,     ///< SSE: `chunks` chunks, then a {"error":...} event (INTERNAL) and the end
    };
    Kind kind = Kind::Ok;
    QString text;                               ///< canned answer (Ok); empty = echo
    int latencyMs = 0;                          ///< before the response head
    int chunks = 3;                             ///< streaming chunks (Ok on the SSE endpoint, StreamCut, StreamError)
    int chunkDelayMs = 0;                       ///< between chunks
    int holdAfterChunks = -1;                   ///< SSE: after this many chunks wait for FakeGeminiServer::release()
    int status = 0;                             ///< for Status / HtmlError / EmptyBody
    QString retryDelay = QStringLiteral("38s"); ///< RetryInfo.retryDelay of 429s; empty = no RetryInfo
    QString quotaId;                            ///< QuotaFailure quotaId; default per kind
    qint64 quotaValue = 15;                     ///< QuotaFailure quotaValue ("0" = not offered); -1 = left out
    QByteArray retryAfter;                      ///< a Retry-After header value to send (empty = none)
    QString reason;                             ///< Blocked: the blockReason
    QString message;  ///< error kinds: replaces the error message; "{key}" becomes the request's key (an echo)
    bool crlf = true; ///< SSE framing: CRLF (Google) or LF

    static FakeBehavior ok(const QString& text = {}, int latencyMs = 0);
    static FakeBehavior streaming(int chunks, int chunkDelayMs = 0, const QString& text = {});
    static FakeBehavior of(Kind kind);
    static FakeBehavior httpStatus(int status);
    static FakeBehavior rateLimited(const QString& retryDelay = QStringLiteral("38s"), const QString& quotaId = {});
    static FakeBehavior dailyQuota();

    /// "ok", "invalid_key", "leaked_key", "unauthenticated", "payment_required", "bad_request", "not_found",
    /// "rate_limited", "daily_quota", "status", "hang", "reset", "malformed_json", "html_error", "empty_body",
    /// "no_candidates", "blocked", "stream_cut", "stream_error".
    static QString kindName(Kind kind);
    /// kindName(), with the status for the kinds that carry one: "status_503", "html_error_502", "empty_body_500".
    /// Keys of FakeGeminiServer::injectedFaultCounts().
    QString label() const;
    static std::optional<Kind> kindFromName(const QString& name);
    /// {"kind":"rate_limited","latencyMs":0,"text":"...","chunks":3,"chunkDelayMs":0,"status":503,
    ///  "retryDelay":"38s","quotaId":"...","quotaValue":15,"retryAfter":"2","reason":"SAFETY","crlf":true,
    ///  "message":"..."}
    static std::optional<FakeBehavior> fromJson(const QJsonObject& json, QString* error = nullptr);
};

/// A per-key request quota, as Google keeps one per project and model: `limit` calls per fixed window of
/// `windowMs`; a window opens with the first call after the previous one ended. A call over the limit is answered
/// 429 RESOURCE_EXHAUSTED with QuotaFailure(quotaId) and RetryInfo whose retryDelay is the real time left in the
/// window (milliseconds, rounded up: "1.734s"). A quotaId containing "PerDay" answers like daily_quota.
struct FakeQuota
{
    int limit = 0;         ///< calls allowed per window; 0 = no quota
    int windowMs = 60'000; ///< the window's length
    QString quotaId;       ///< default "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"

    static FakeQuota perMinute(int limit, int windowMs = 60'000);
    static FakeQuota perDay(int limit, int windowMs = 24 * 3600 * 1000);
    /// {"limit":3,"windowMs":2000,"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}
    static std::optional<FakeQuota> fromJson(const QJsonObject& json, QString* error = nullptr);
};

/// What a key's quota did so far (FakeGeminiServer::quotaStats).
struct FakeQuotaStats
{
    int windows = 0;             ///< windows opened (a key that came back after a 429 opened more than one)
    int admitted = 0;            ///< calls let through (counted against the quota)
    int rejected = 0;            ///< calls answered 429 by the quota
    int maxRejectedInWindow = 0; ///< the most 429s one window answered (a client that ignores RetryInfo piles up)
};

/// Tokens the server reported in the answers it completed (FakeGeminiServer::answeredUsage).
struct FakeUsage
{
    int answers = 0; ///< complete 200 answers with candidates (a whole stream counts once)
    qint64 promptTokens = 0;
    qint64 answerTokens = 0;
    qint64 thinkingTokens = 0;
};

/// One request as the server received it.
struct RecordedRequest
{
    QByteArray method;
    QByteArray target; ///< the raw request target: path and query as sent
    QString path;      ///< decoded path
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; ///< names in lower case
    QByteArray body;
    int connectionId = 0;
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
    QString apiKey() const { return QString::fromLatin1(header("x-goog-api-key")); }
};

/// One file uploaded through the fake server's Files API (FakeGeminiServer::files()).
struct FakeFile
{
    QString name;        ///< "files/<id>"
    QString displayName; ///< from the upload's start request
    QString mimeType;    ///< X-Goog-Upload-Header-Content-Type of the start request
    QString project;     ///< the project of the key that started the upload (setKeyProject; else the key itself)
    QString uploadKey;   ///< the key that started the upload
    QByteArray bytes;    ///< exactly what the upload step carried
    QString uri;         ///< "<baseUrl>/v1beta/files/<id>", what generateContent's fileData.fileUri names
    QString createTime;
    QString expirationTime; ///< 48 h after createTime (stored only: files do not expire in the fake)
};

/// A local stand-in for generativelanguage.googleapis.com: the real wire format on 127.0.0.1 (v1 and v1beta paths),
/// scriptable per key and per call, recording every request.
///
/// Built on QTcpServer with a small HTTP/1.1 parser (keep-alive, Content-Length request bodies; responses with
/// Content-Length, or chunked transfer encoding for SSE) because QHttpServer 6.4 cannot delay, stream, hang or
/// cut a response. Thread-safe to configure and inspect from another thread than the one it runs in
/// (benchmarks run it in its own QThread: moveToThread() then call listen() in that thread).
///
/// Choice of behaviour per call: the per-key queue (one-shot, FIFO), else the any-key queue, else the per-key
/// behaviour, else the default (Ok). A key's quota (setKeyQuota) then answers 429 when an Ok call is over it;
/// fault injection (a mix of {probability, fault}, seeded) then replaces Ok answers by faults.
///
/// Files API, per project like Google's: `POST /upload/{v}/files` with `X-Goog-Upload-Command: start` answers an
/// `X-Goog-Upload-URL` back to this server holding an upload id (never the key); `POST`/`PUT` of the bytes to it with
/// `upload, finalize` stores the file for the project of the key that started it and answers `{"file":{...}}`.
/// `GET /{v}/files/{id}`, `DELETE` and `GET /{v}/files` (pageSize, pageToken) serve the calling key's project only;
/// another project's file is 403 PERMISSION_DENIED "You do not have permission to access the File <id> or it may not
/// exist." So is a generateContent / streamGenerateContent / countTokens whose parts' `fileData.fileUri` names a
/// file that is unknown or of another project (checked before the call's scripted behaviour).
class FakeGeminiServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeGeminiServer(QObject* parent = nullptr);
    ~FakeGeminiServer() override;

    /// Listens on 127.0.0.1:port (0 = any free port). Call in the server's thread.
    Q_INVOKABLE bool listen(quint16 port = 0);
    quint16 port() const;
    QString baseUrl() const; ///< "http://127.0.0.1:PORT"

    // --- script ---------------------------------------------------------------------------------------------------
    void setDefaultBehavior(const FakeBehavior& behavior);
    void setKeyBehavior(const QString& key, const FakeBehavior& behavior);
    void clearKeyBehaviors();
    void enqueue(const QString& key, const FakeBehavior& behavior); ///< next call with this key
    void enqueueAny(const FakeBehavior& behavior);                  ///< next call with any key (after per-key queue)
    /// Replace a fraction of Ok answers by `fault` (e.g. 0.03 and httpStatus(500)); deterministic for a seed.
    /// Replaces the whole fault mix by this one fault.
    void setFaultInjection(double probability, quint64 seed, const FakeBehavior& fault = FakeBehavior::httpStatus(500));
    /// Several faults at once: one draw per Ok answer picks fault i with probability p_i (the sum should not exceed
    /// 1; the rest stays Ok). Deterministic for a seed: the n-th Ok answer gets the same fate on every run.
    void setFaultMix(const QList<QPair<double, FakeBehavior>>& mix, quint64 seed);
    /// Adds one {probability, fault} to the mix (keeps the seed and what was drawn so far).
    void addFaultInjection(double probability, const FakeBehavior& fault);
    QList<QPair<double, FakeBehavior>> faultMix() const;
    /// A quota for one key (FakeQuota); limit 0 removes it. The quota applies to calls that would answer Ok, before
    /// fault injection; a call it rejects does not count against it.
    void setKeyQuota(const QString& key, const FakeQuota& quota);
    void clearKeyQuotas();
    void setModels(const QStringList& ids); ///< models.list content (ids without "models/")
    QStringList models() const;
    /// Applies a JSON script (the format of `egb-fake-gemini --script`, see fake_gemini_main.cpp):
    /// {"default":{behaviour}, "keys":{"KEY":{behaviour}}, "queue":[{behaviour}...],
    ///  "keyQueues":{"KEY":[{behaviour}...]}, "faults":{"probability":0.03,"seed":42,"behavior":{behaviour}},
    ///  or "faults":{"seed":42,"mix":[{"probability":0.03,"behavior":{behaviour}}, ...]},
    ///  "quotas":{"KEY":{"limit":3,"windowMs":2000,"quotaId":"..."}}, "models":["gemini-2.5-flash", ...],
    ///  "projects":{"KEY":"project-a"}, "modelQuotas":{"gemini-2.5-pro":{"limit":5,"windowMs":3000}}}.
    /// Returns false (and *error) on a malformed script; nothing is applied then.
    bool loadScript(const QJsonObject& script, QString* error = nullptr);
    /// Let streams held by holdAfterChunks continue.
    Q_INVOKABLE void release();
    /// No answer leaves (after its latency) until `requests` have been at the server at once (maxInFlight()), so a
    /// test of concurrency does not depend on how fast a loaded machine sends them; 0 = no gate (the default).
    void setAnswerGate(int requests);

    // --- observation ----------------------------------------------------------------------------------------------
    QList<RecordedRequest> requests() const;
    int requestCount() const;
    int callCount(const QString& key) const; ///< generate/stream/list calls made with this key
    void clearRequests();
    int inFlight() const;
    int maxInFlight() const;
    void resetMaxInFlight();
    int connectionsOpened() const;
    int connectionsClosed() const; ///< closed by the client (or by a cut stream)
    int chunksSent() const;        ///< SSE data events written, all streams together
    int injectedFaults() const;
    /// Injected faults by FakeBehavior::label() ("status_500", "hang", "reset", "malformed_json", ...).
    QMap<QString, int> injectedFaultCounts() const;
    int quotaRejections() const; ///< 429s answered by quotas (per key and per project × model), all together
    /// What the usageMetadata of complete answers added up to, for one model or (empty) every model: the tokens a
    /// client's request log should have counted. Cut or failed streams are not counted.
    FakeUsage answeredUsage(const QString& model = {}) const;
    FakeQuotaStats quotaStats(const QString& key) const;

    // --- per-(project, model) quotas, the way Google keeps them -----------------------------------------------------
    // Every key of a project shares the project's quota of each model; a project at its gemini-2.5-pro limit still
    // serves gemini-2.5-flash. Sliding windows: a call is admitted while fewer than `limit` calls of the same
    // (project, model) were admitted in the last `windowMs`; over it, 429 RESOURCE_EXHAUSTED with
    // QuotaFailure(quotaId, quotaDimensions.model, quotaValue = limit) and RetryInfo = the time until the oldest of
    // those calls leaves the window. Checked after the per-key quota, before fault injection; a rejected call does not
    // count. Applies to generateContent / streamGenerateContent / countTokens (the model is in the path).
    /// The key's project (default: every key is its own project).
    void setKeyProject(const QString& key, const QString& project);
    /// The quota of `model` in every project (limit 0 removes it).
    void setModelQuota(const QString& model, const FakeQuota& quota);
    /// One project's quota of `model`, over the model's default (limit 0 removes it).
    void setProjectModelQuota(const QString& project, const QString& model, const FakeQuota& quota);
    void clearProjectQuotas();
    /// What one (project, model) quota did (windows counts the calls that found the window empty).
    FakeQuotaStats projectQuotaStats(const QString& project, const QString& model) const;
    /// 429s answered by per-(project, model) quotas for `model` (every model when empty).
    int projectQuotaRejections(const QString& model = {}) const;
    /// The project a key belongs to here: setKeyProject's, else the key itself.
    QString projectOfKey(const QString& key) const;

    // --- Files API ----------------------------------------------------------------------------------------------
    /// Every file uploaded and not deleted, in upload order.
    QList<FakeFile> files() const;
    /// One file by name ("files/<id>" or "<id>"); nullopt when unknown or deleted.
    std::optional<FakeFile> file(const QString& name) const;
    /// Upload sessions started and not finalized yet.
    int pendingUploads() const;
    /// 403s answered because a call named a file of another project (or an unknown one).
    int fileAccessDenials() const;

Q_SIGNALS:
    void requestReceived(const QByteArray& method, const QString& path);
    void chunkWritten(int totalChunks);
    /// A connection closed while its request was still being answered (the client aborted / timed out).
    void clientAborted(int connectionId);
    void connectionClosed(int connectionId);

private:
    struct Private;
    friend struct Private;
    std::unique_ptr<Private> d;
};

} // namespace egb::test
