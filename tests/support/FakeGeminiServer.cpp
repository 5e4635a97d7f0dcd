#include "FakeGeminiServer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <deque>

#include <functional>
#include <vector>

namespace egb::test {

// ----------------------------------------------------------------------------------------------------------------
// FakeBehavior

FakeBehavior FakeBehavior::ok(const QString& text, int latencyMs)
{
    FakeBehavior b;
    b.text = text;
    b.latencyMs = latencyMs;
    return b;
}

FakeBehavior FakeBehavior::streaming(int chunks, int chunkDelayMs, const QString& text)
{
    FakeBehavior b = ok(text);
    b.chunks = chunks;
    b.chunkDelayMs = chunkDelayMs;
    return b;
}

FakeBehavior FakeBehavior::of(Kind kind)
{
    FakeBehavior b;
    b.kind = kind;
    return b;
}

FakeBehavior FakeBehavior::httpStatus(int status)
{
    FakeBehavior b = of(Kind::Status);
    b.status = status;
    return b;
}

FakeBehavior FakeBehavior::rateLimited(const QString& retryDelay, const QString& quotaId)
{
    FakeBehavior b = of(Kind::RateLimited);
    b.retryDelay = retryDelay;
    b.quotaId = quotaId;
    return b;
}

FakeBehavior FakeBehavior::dailyQuota()
{
    FakeBehavior b = of(Kind::DailyQuota);
    b.retryDelay = QStringLiteral("9s");
    return b;
}

namespace {
struct KindName
{
    FakeBehavior::Kind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {FakeBehavior::Kind::Ok, "ok"},
    {FakeBehavior::Kind::InvalidKey, "invalid_key"},
    {FakeBehavior::Kind::LeakedKey, "leaked_key"},
    {FakeBehavior::Kind::Unauthenticated, "unauthenticated"},
    {FakeBehavior::Kind::PaymentRequired, "payment_required"},
    {FakeBehavior::Kind::BadRequest, "bad_request"},
    {FakeBehavior::Kind::NotFound, "not_found"},
    {FakeBehavior::Kind::RateLimited, "rate_limited"},
    {FakeBehavior::Kind::DailyQuota, "daily_quota"},
    {FakeBehavior::Kind::Status, "status"},
    {FakeBehavior::Kind::Hang, "hang"},
    {FakeBehavior::Kind::Reset, "reset"},
    {FakeBehavior::Kind::MalformedJson, "malformed_json"},
    {FakeBehavior::Kind::HtmlError, "html_error"},
    {FakeBehavior::Kind::EmptyBody, "empty_body"},
    {FakeBehavior::Kind::NoCandidates, "no_candidates"},
    {FakeBehavior::Kind::Blocked, "blocked"},
    {FakeBehavior::Kind::StreamCut, "stream_cut"},
    {FakeBehavior::Kind::StreamError, "stream_error"},
};
} // namespace

QString FakeBehavior::kindName(Kind kind)
{
    for (const KindName& k : kKindNames) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return {};
}

QString FakeBehavior::label() const
{
    switch (kind) {
    case Kind::Status:
        return kindName(kind) + QStringLiteral("_%1").arg(status > 0 ? status : 500);
    case Kind::HtmlError:
        return kindName(kind) + QStringLiteral("_%1").arg(status > 0 ? status : 502);
    case Kind::EmptyBody:
        return kindName(kind) + QStringLiteral("_%1").arg(status > 0 ? status : 500);
    default:
        return kindName(kind);
    }
}

std::optional<FakeBehavior::Kind> FakeBehavior::kindFromName(const QString& name)
{
    for (const KindName& k : kKindNames) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

std::optional<FakeBehavior> FakeBehavior::fromJson(const QJsonObject& json, QString* error)
{
    FakeBehavior b;
    const QString kindText = json.value(QLatin1String("kind")).toString(QStringLiteral("ok"));
    const auto kind = kindFromName(kindText);
    if (!kind) {
        if (error)
            *error = QStringLiteral("unknown kind \"%1\"").arg(kindText);
        return std::nullopt;
    }
    b.kind = *kind;
    b.text = json.value(QLatin1String("text")).toString();
    b.latencyMs = json.value(QLatin1String("latencyMs")).toInt(0);
    b.chunks = json.value(QLatin1String("chunks")).toInt(3);
    b.chunkDelayMs = json.value(QLatin1String("chunkDelayMs")).toInt(0);
    b.status = json.value(QLatin1String("status")).toInt(0);
    b.retryDelay = json.value(QLatin1String("retryDelay")).toString(b.retryDelay);
    b.quotaId = json.value(QLatin1String("quotaId")).toString();
    b.quotaValue = qint64(json.value(QLatin1String("quotaValue")).toDouble(15));
    b.retryAfter = json.value(QLatin1String("retryAfter")).toString().toLatin1();
    b.reason = json.value(QLatin1String("reason")).toString();
    b.message = json.value(QLatin1String("message")).toString();
    b.crlf = json.value(QLatin1String("crlf")).toBool(true);
    return b;
}

// ----------------------------------------------------------------------------------------------------------------
// FakeQuota

FakeQuota FakeQuota::perMinute(int limit, int windowMs)
{
    FakeQuota q;
    q.limit = limit;
    q.windowMs = windowMs;
    q.quotaId = QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
    return q;
}

FakeQuota FakeQuota::perDay(int limit, int windowMs)
{
    FakeQuota q;
    q.limit = limit;
    q.windowMs = windowMs;
    q.quotaId = QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
    return q;
}

std::optional<FakeQuota> FakeQuota::fromJson(const QJsonObject& json, QString* error)
{
    FakeQuota q;
    q.limit = json.value(QLatin1String("limit")).toInt(-1);
    q.windowMs = json.value(QLatin1String("windowMs")).toInt(60'000);
    q.quotaId = json.value(QLatin1String("quotaId")).toString();
    if (q.limit < 0 || q.windowMs <= 0) {
        if (error)
            *error = QStringLiteral("a quota needs \"limit\" >= 0 and \"windowMs\" > 0");
        return std::nullopt;
    }
    return q;
}

// ----------------------------------------------------------------------------------------------------------------
// Wire helpers

namespace {

QByteArray envelope(int code, const QString& message, const QString& status, const QJsonArray& details = {})
{
    QJsonObject error{
        {QStringLiteral("code"), code}, {QStringLiteral("message"), message}, {QStringLiteral("status"), status}};
    if (!details.isEmpty())
        error.insert(QStringLiteral("details"), details);
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray invalidKeyBody()
{
    const QString msg = QStringLiteral("API key not valid. Please pass a valid API key.");
    return envelope(
        400, msg, QStringLiteral("INVALID_ARGUMENT"),
        QJsonArray{
            QJsonObject{
                {QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.ErrorInfo")},
                {QStringLiteral("reason"), QStringLiteral("API_KEY_INVALID")},
                {QStringLiteral("domain"), QStringLiteral("googleapis.com")},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("service"), QStringLiteral("generativelanguage.googleapis.com")}}}},
            QJsonObject{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.LocalizedMessage")},
                        {QStringLiteral("locale"), QStringLiteral("en-US")},
                        {QStringLiteral("message"), msg}}});
}

QByteArray rateLimitBody(const QString& retryDelay, const QString& quotaId, const QString& model,
                         qint64 quotaValue = 15)
{
    QJsonObject violation{
        {QStringLiteral("quotaMetric"),
         QStringLiteral("generativelanguage.googleapis.com/generate_content_free_tier_requests")},
        {QStringLiteral("quotaId"), quotaId},
        {QStringLiteral("quotaDimensions"),
         QJsonObject{{QStringLiteral("location"), QStringLiteral("global")}, {QStringLiteral("model"), model}}}};
    if (quotaValue >= 0)
        violation.insert(QStringLiteral("quotaValue"), QString::number(quotaValue));
    QJsonArray details{
        QJsonObject{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.QuotaFailure")},
                    {QStringLiteral("violations"), QJsonArray{violation}}}};
    if (!retryDelay.isEmpty())
        details.append(
            QJsonObject{{QStringLiteral("@type"), QStringLiteral("type.googleapis.com/google.rpc.RetryInfo")},
                        {QStringLiteral("retryDelay"), retryDelay}});
    return envelope(429,
                    QStringLiteral("You exceeded your current quota, please check your plan and billing details. For "
                                   "more information on this error, head to: "
                                   "https://ai.google.dev/gemini-api/docs/rate-limits.\nPlease retry in %1.")
                        .arg(retryDelay.isEmpty() ? QStringLiteral("a while") : retryDelay),
                    QStringLiteral("RESOURCE_EXHAUSTED"), details);
}

QString googleStatusFor(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("INVALID_ARGUMENT");
    case 401:
        return QStringLiteral("UNAUTHENTICATED");
    case 403:
        return QStringLiteral("PERMISSION_DENIED");
    case 404:
        return QStringLiteral("NOT_FOUND");
    case 408:
    case 499:
        return QStringLiteral("CANCELLED");
    case 429:
    case 402:
        return QStringLiteral("RESOURCE_EXHAUSTED");
    case 503:
        return QStringLiteral("UNAVAILABLE");
    case 504:
        return QStringLiteral("DEADLINE_EXCEEDED");
    default:
        return QStringLiteral("INTERNAL");
    }
}

QString messageFor(int status)
{
    switch (status) {
    case 503:
        return QStringLiteral("The model is overloaded. Please try again later.");
    case 504:
        return QStringLiteral("Deadline expired before operation could complete.");
    case 500:
        return QStringLiteral("An internal error has occurred. Please retry or report in "
                              "https://developers.generativeai.google/guide/troubleshooting");
    default:
        return QStringLiteral("Request failed with HTTP %1.").arg(status);
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

int wordCount(const QString& text)
{
    return std::max<int>(1, int(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size()));
}

QString lastUserText(const QByteArray& body)
{
    const QJsonArray contents = QJsonDocument::fromJson(body).object().value(QLatin1String("contents")).toArray();
    for (qsizetype i = contents.size() - 1; i >= 0; --i) {
        const QJsonObject c = contents.at(i).toObject();
        const QString role = c.value(QLatin1String("role")).toString(QStringLiteral("user"));
        if (role != QLatin1String("user"))
            continue;
        QString text;
        const QJsonArray parts = c.value(QLatin1String("parts")).toArray();
        for (const QJsonValue& p : parts)
            text += p.toObject().value(QLatin1String("text")).toString();
        return text;
    }
    return {};
}

/// The last user message of an OpenAI chat request (its text, or the text parts of its content array).
QString lastOpenAiText(const QByteArray& body)
{
    const QJsonArray messages = QJsonDocument::fromJson(body).object().value(QLatin1String("messages")).toArray();
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")).toString() != QLatin1String("user"))
            continue;
        const QJsonValue content = m.value(QLatin1String("content"));
        if (content.isString())
            return content.toString();
        QString text;
        const QJsonArray parts = content.toArray();
        for (const QJsonValue& p : parts)
            text += p.toObject().value(QLatin1String("text")).toString();
        return text;
    }
    return {};
}

/// A small deterministic embedding of a text: 8 numbers in [-1, 1].
QJsonArray fakeEmbedding(const QString& text)
{
    QJsonArray values;
    quint32 h = 2166136261u;
    const QByteArray utf8 = text.toUtf8();
    for (char c : utf8)
        h = (h ^ quint8(c)) * 16777619u;
    for (int i = 0; i < 8; ++i) {
        h = h * 1103515245u + 12345u;
        values.append(double(int((h >> 8) % 2001) - 1000) / 1000.0);
    }
    return values;
}

QString partsText(const QJsonObject& content)
{
    QString text;
    const QJsonArray parts = content.value(QLatin1String("parts")).toArray();
    for (const QJsonValue& p : parts)
        text += p.toObject().value(QLatin1String("text")).toString();
    return text;
}

struct Connection
{
    int id = 0;
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool busy = false; ///< a request is being answered
    bool dead = false;
};

} // namespace

// ----------------------------------------------------------------------------------------------------------------
// Private

struct FakeGeminiServer::Private
{
    FakeGeminiServer* q = nullptr;
    QTcpServer* server = nullptr;
    quint16 port = 0;

    mutable QMutex mutex; // guards everything below
    FakeBehavior defaultBehavior;
    QHash<QString, FakeBehavior> keyBehaviors;
    QHash<QString, QList<FakeBehavior>> keyQueues;
    QList<FakeBehavior> anyQueue;
    QList<QPair<double, FakeBehavior>> faultMix;
    QRandomGenerator faultRandom;
    QMap<QString, int> injectedByLabel;
    struct QuotaState
    {
        FakeQuota quota;
        qint64 windowStartMs = -1;
        int used = 0;
        int rejectedInWindow = 0;
        FakeQuotaStats stats;
    };
    QHash<QString, QuotaState> quotas;
    int quotaRejected = 0;
    struct SlidingQuota
    {
        FakeQuota quota;
        std::deque<qint64> admitted; ///< times of the calls in the window
        FakeQuotaStats stats;
    };
    QHash<QString, QString> keyProjects;
    QHash<QString, FakeQuota> modelQuotas;           ///< by model: every project's default
    QHash<QString, FakeQuota> projectModelQuotas;    ///< by project + '\n' + model
    QHash<QString, SlidingQuota> projectQuotaStates; ///< by project + '\n' + model
    QHash<QString, int> projectRejectedByModel;
    static QString bucketKey(const QString& project, const QString& model)
    {
        return project + QLatin1Char('\n') + model;
    }
    QHash<QString, FakeUsage> answered; ///< by model
    struct PendingUpload
    {
        QString key;
        QString project;
        QString displayName;
        QString mimeType;
        qint64 length = -1;
    };
    QHash<QString, PendingUpload> uploads; ///< by upload id
    QList<FakeFile> fileList;              ///< upload order
    int fileDenials = 0;
    quint64 fileCounter = 0;
    QElapsedTimer clock; // the quotas' time
    QStringList modelIds{QStringLiteral("gemini-2.5-flash"), QStringLiteral("gemini-2.5-pro"),
                         QStringLiteral("gemini-2.0-flash"), QStringLiteral("gemini-2.0-flash-lite"),
                         QStringLiteral("text-embedding-004")};
    QList<RecordedRequest> recorded;
    QHash<QString, int> calls;
    int inFlight = 0;
    int maxInFlight = 0;
    int answerGate = 0;                        ///< setAnswerGate(); server thread only, like parked
    std::vector<std::function<void()>> parked; ///< answers waiting for the gate
    int opened = 0;
    int closed = 0;
    int chunks = 0;
    int injected = 0;
    quint64 responseCounter = 0;

    // Server-thread only.
    int nextConnectionId = 1;
    QList<std::function<void()>> held;

    void accept();
    void readFrom(const std::shared_ptr<Connection>& c);
    void process(const std::shared_ptr<Connection>& c);
    void handle(const std::shared_ptr<Connection>& c, const RecordedRequest& req);
    FakeBehavior choose(const QString& key, const QString& model = {});
    /// The per-(project, model) quota's verdict on an Ok call: nullopt when admitted. Called with the mutex held.
    std::optional<FakeBehavior> projectQuotaCheck(const QString& key, const QString& model, const FakeBehavior& b);
    void done(const std::shared_ptr<Connection>& c);

    void writeFull(const std::shared_ptr<Connection>& c, int status, const QByteArray& contentType,
                   const QByteArray& body, const QByteArray& extraHeaders = {});
    void answerGenerate(const std::shared_ptr<Connection>& c, const FakeBehavior& b, const RecordedRequest& req,
                        const QString& model, bool streaming);
    void answerError(const std::shared_ptr<Connection>& c, const FakeBehavior& b, const QString& model, bool streaming,
                     bool openAi = false);
    void answerOpenAi(const std::shared_ptr<Connection>& c, const FakeBehavior& b, const RecordedRequest& req,
                      const QString& what);
    void streamOpenAi(const std::shared_ptr<Connection>& c, FakeBehavior b, QStringList pieces, int index,
                      QString model, QString id);
    void answerModels(const std::shared_ptr<Connection>& c, const RecordedRequest& req, const QString& single);
    void countAnswer(const QString& model, const QJsonObject& usage);
    /// The Files API calls; false when `req` is none of them.
    bool handleFiles(const std::shared_ptr<Connection>& c, const RecordedRequest& req, const QString& key);
    /// The first fileData.fileUri of the request's parts that `key`'s project may not read; empty when all may be.
    QString deniedFileIn(const QByteArray& body, const QString& key);
    void answerFileDenied(const std::shared_ptr<Connection>& c, const QString& id);
    void streamChunks(const std::shared_ptr<Connection>& c, FakeBehavior b, QStringList pieces, int index,
                      QJsonObject usage, QString model, QString responseId);
    void writeChunk(const std::shared_ptr<Connection>& c, const QByteArray& data);
    bool later(const std::shared_ptr<Connection>& c, int ms, std::function<void()> f);
    void openGateIfReached();
};

FakeGeminiServer::FakeGeminiServer(QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->clock.start();
    d->server = new QTcpServer(this);
    connect(d->server, &QTcpServer::newConnection, this, [this] { d->accept(); });
}

FakeGeminiServer::~FakeGeminiServer() = default;

bool FakeGeminiServer::listen(quint16 port)
{
    if (!d->server->listen(QHostAddress::LocalHost, port))
        return false;
    QMutexLocker lock(&d->mutex);
    d->port = d->server->serverPort();
    return true;
}

quint16 FakeGeminiServer::port() const
{
    QMutexLocker lock(&d->mutex);
    return d->port;
}

QString FakeGeminiServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void FakeGeminiServer::setDefaultBehavior(const FakeBehavior& behavior)
{
    QMutexLocker lock(&d->mutex);
    d->defaultBehavior = behavior;
}

void FakeGeminiServer::setKeyBehavior(const QString& key, const FakeBehavior& behavior)
{
    QMutexLocker lock(&d->mutex);
    d->keyBehaviors.insert(key, behavior);
}

void FakeGeminiServer::clearKeyBehaviors()
{
    QMutexLocker lock(&d->mutex);
    d->keyBehaviors.clear();
    d->keyQueues.clear();
    d->anyQueue.clear();
}

void FakeGeminiServer::enqueue(const QString& key, const FakeBehavior& behavior)
{
    QMutexLocker lock(&d->mutex);
    d->keyQueues[key].append(behavior);
}

void FakeGeminiServer::enqueueAny(const FakeBehavior& behavior)
{
    QMutexLocker lock(&d->mutex);
    d->anyQueue.append(behavior);
}

void FakeGeminiServer::setFaultInjection(double probability, quint64 seed, const FakeBehavior& fault)
{
    setFaultMix({{probability, fault}}, seed);
}

void FakeGeminiServer::setFaultMix(const QList<QPair<double, FakeBehavior>>& mix, quint64 seed)
{
    QMutexLocker lock(&d->mutex);
    d->faultMix = mix;
    d->faultRandom.seed(quint32(seed ^ (seed >> 32)));
}

void FakeGeminiServer::addFaultInjection(double probability, const FakeBehavior& fault)
{
    QMutexLocker lock(&d->mutex);
    d->faultMix.append({probability, fault});
}

QList<QPair<double, FakeBehavior>> FakeGeminiServer::faultMix() const
{
    QMutexLocker lock(&d->mutex);
    return d->faultMix;
}

void FakeGeminiServer::setKeyQuota(const QString& key, const FakeQuota& quota)
{
    QMutexLocker lock(&d->mutex);
    if (quota.limit <= 0) {
        d->quotas.remove(key);
        return;
    }
    Private::QuotaState state;
    state.quota = quota;
    if (state.quota.windowMs <= 0)
        state.quota.windowMs = 60'000;
    if (state.quota.quotaId.isEmpty())
        state.quota.quotaId = FakeQuota::perMinute(0).quotaId;
    d->quotas.insert(key, state);
}

void FakeGeminiServer::clearKeyQuotas()
{
    QMutexLocker lock(&d->mutex);
    d->quotas.clear();
}

void FakeGeminiServer::setModels(const QStringList& ids)
{
    QMutexLocker lock(&d->mutex);
    d->modelIds = ids;
}

QStringList FakeGeminiServer::models() const
{
    QMutexLocker lock(&d->mutex);
    return d->modelIds;
}

bool FakeGeminiServer::loadScript(const QJsonObject& script, QString* error)
{
    QString why;
    auto behaviour = [&why](const QJsonValue& v, const QString& where) -> std::optional<FakeBehavior> {
        if (!v.isObject()) {
            why = QStringLiteral("%1: expected an object").arg(where);
            return std::nullopt;
        }
        QString e;
        auto b = FakeBehavior::fromJson(v.toObject(), &e);
        if (!b)
            why = QStringLiteral("%1: %2").arg(where, e);
        return b;
    };
    std::optional<FakeBehavior> def;
    if (script.contains(QLatin1String("default")) &&
        !(def = behaviour(script.value(QLatin1String("default")), QStringLiteral("default")))) {
        if (error)
            *error = why;
        return false;
    }
    QHash<QString, FakeBehavior> keys;
    const QJsonObject keyObj = script.value(QLatin1String("keys")).toObject();
    for (auto it = keyObj.begin(); it != keyObj.end(); ++it) {
        auto b = behaviour(it.value(), QStringLiteral("keys"));
        if (!b) {
            if (error)
                *error = why;
            return false;
        }
        keys.insert(it.key(), *b);
    }
    QList<FakeBehavior> queue;
    const QJsonArray queueArr = script.value(QLatin1String("queue")).toArray();
    for (const QJsonValue& v : queueArr) {
        auto b = behaviour(v, QStringLiteral("queue"));
        if (!b) {
            if (error)
                *error = why;
            return false;
        }
        queue.append(*b);
    }
    QHash<QString, QList<FakeBehavior>> keyQueues;
    const QJsonObject kq = script.value(QLatin1String("keyQueues")).toObject();
    for (auto it = kq.begin(); it != kq.end(); ++it) {
        const QJsonArray arr = it.value().toArray();
        for (const QJsonValue& v : arr) {
            auto b = behaviour(v, QStringLiteral("keyQueues"));
            if (!b) {
                if (error)
                    *error = why;
                return false;
            }
            keyQueues[it.key()].append(*b);
        }
    }
    std::optional<QList<QPair<double, FakeBehavior>>> mix;
    const QJsonObject faults = script.value(QLatin1String("faults")).toObject();
    if (!faults.isEmpty()) {
        QList<QPair<double, FakeBehavior>> entries;
        auto entry = [&](const QJsonObject& o, const QString& where) -> bool {
            const std::optional<FakeBehavior> fault =
                o.contains(QLatin1String("behavior"))
                    ? behaviour(o.value(QLatin1String("behavior")), where + QStringLiteral(".behavior"))
                    : std::optional<FakeBehavior>(FakeBehavior::httpStatus(500));
            if (!fault)
                return false;
            const double p = o.value(QLatin1String("probability")).toDouble();
            if (!(p >= 0 && p <= 1)) {
                why = QStringLiteral("%1.probability: expected a number from 0 to 1").arg(where);
                return false;
            }
            entries.append({p, *fault});
            return true;
        };
        if (faults.contains(QLatin1String("mix"))) {
            const QJsonArray arr = faults.value(QLatin1String("mix")).toArray();
            for (qsizetype i = 0; i < arr.size(); ++i) {
                if (!entry(arr.at(i).toObject(), QStringLiteral("faults.mix[%1]").arg(i))) {
                    if (error)
                        *error = why;
                    return false;
                }
            }
            double sum = 0;
            for (const auto& e : std::as_const(entries))
                sum += e.first;
            if (sum > 1.0 + 1e-9) {
                if (error)
                    *error = QStringLiteral("faults.mix: the probabilities add up to more than 1");
                return false;
            }
        } else if (!entry(faults, QStringLiteral("faults"))) {
            if (error)
                *error = why;
            return false;
        }
        mix = entries;
    }
    QHash<QString, FakeQuota> quotas;
    const QJsonObject quotaObj = script.value(QLatin1String("quotas")).toObject();
    for (auto it = quotaObj.begin(); it != quotaObj.end(); ++it) {
        QString e;
        const auto quota = it.value().isObject() ? FakeQuota::fromJson(it.value().toObject(), &e) : std::nullopt;
        if (!quota) {
            if (error)
                *error = QStringLiteral("quotas: %1").arg(e.isEmpty() ? QStringLiteral("expected an object") : e);
            return false;
        }
        quotas.insert(it.key(), *quota);
    }
    QHash<QString, FakeQuota> modelQuotas;
    const QJsonObject modelQuotaObj = script.value(QLatin1String("modelQuotas")).toObject();
    for (auto it = modelQuotaObj.begin(); it != modelQuotaObj.end(); ++it) {
        QString e;
        const auto quota = it.value().isObject() ? FakeQuota::fromJson(it.value().toObject(), &e) : std::nullopt;
        if (!quota) {
            if (error)
                *error = QStringLiteral("modelQuotas: %1").arg(e.isEmpty() ? QStringLiteral("expected an object") : e);
            return false;
        }
        modelQuotas.insert(it.key(), *quota);
    }
    const QJsonObject projects = script.value(QLatin1String("projects")).toObject();
    for (auto it = projects.begin(); it != projects.end(); ++it) {
        if (!it.value().isString()) {
            if (error)
                *error = QStringLiteral("projects: expected \"KEY\": \"project\"");
            return false;
        }
    }
    if (def)
        setDefaultBehavior(*def);
    for (auto it = projects.begin(); it != projects.end(); ++it)
        setKeyProject(it.key(), it.value().toString());
    for (auto it = modelQuotas.begin(); it != modelQuotas.end(); ++it)
        setModelQuota(it.key(), it.value());
    for (auto it = keys.begin(); it != keys.end(); ++it)
        setKeyBehavior(it.key(), it.value());
    for (const FakeBehavior& b : std::as_const(queue))
        enqueueAny(b);
    for (auto it = keyQueues.begin(); it != keyQueues.end(); ++it) {
        for (const FakeBehavior& b : it.value())
            enqueue(it.key(), b);
    }
    if (mix)
        setFaultMix(*mix, quint64(faults.value(QLatin1String("seed")).toInteger(1)));
    for (auto it = quotas.begin(); it != quotas.end(); ++it)
        setKeyQuota(it.key(), it.value());
    if (script.contains(QLatin1String("models"))) {
        QStringList ids;
        const QJsonArray arr = script.value(QLatin1String("models")).toArray();
        for (const QJsonValue& v : arr)
            ids.append(v.toString());
        setModels(ids);
    }
    return true;
}

void FakeGeminiServer::release()
{
    const auto held = std::exchange(d->held, {});
    for (const auto& f : held)
        f();
}

QList<RecordedRequest> FakeGeminiServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->recorded;
}

int FakeGeminiServer::requestCount() const
{
    QMutexLocker lock(&d->mutex);
    return int(d->recorded.size());
}

int FakeGeminiServer::callCount(const QString& key) const
{
    QMutexLocker lock(&d->mutex);
    return d->calls.value(key);
}

void FakeGeminiServer::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->recorded.clear();
    d->calls.clear();
}

int FakeGeminiServer::inFlight() const
{
    QMutexLocker lock(&d->mutex);
    return d->inFlight;
}

int FakeGeminiServer::maxInFlight() const
{
    QMutexLocker lock(&d->mutex);
    return d->maxInFlight;
}

void FakeGeminiServer::setAnswerGate(int requests)
{
    d->answerGate = std::max(requests, 0);
    if (d->answerGate == 0) {
        std::vector<std::function<void()>> ready;
        ready.swap(d->parked);
        for (auto& f : ready)
            f();
    }
}

void FakeGeminiServer::resetMaxInFlight()
{
    QMutexLocker lock(&d->mutex);
    d->maxInFlight = d->inFlight;
}

int FakeGeminiServer::connectionsOpened() const
{
    QMutexLocker lock(&d->mutex);
    return d->opened;
}

int FakeGeminiServer::connectionsClosed() const
{
    QMutexLocker lock(&d->mutex);
    return d->closed;
}

int FakeGeminiServer::chunksSent() const
{
    QMutexLocker lock(&d->mutex);
    return d->chunks;
}

int FakeGeminiServer::injectedFaults() const
{
    QMutexLocker lock(&d->mutex);
    return d->injected;
}

QMap<QString, int> FakeGeminiServer::injectedFaultCounts() const
{
    QMutexLocker lock(&d->mutex);
    return d->injectedByLabel;
}

void FakeGeminiServer::Private::countAnswer(const QString& model, const QJsonObject& usage)
{
    QMutexLocker lock(&mutex);
    FakeUsage& u = answered[model];
    ++u.answers;
    u.promptTokens += usage.value(QLatin1String("promptTokenCount")).toInteger();
    u.answerTokens += usage.value(QLatin1String("candidatesTokenCount")).toInteger();
    u.thinkingTokens += usage.value(QLatin1String("thoughtsTokenCount")).toInteger();
}

FakeUsage FakeGeminiServer::answeredUsage(const QString& model) const
{
    QMutexLocker lock(&d->mutex);
    if (!model.isEmpty())
        return d->answered.value(model);
    FakeUsage all;
    for (const FakeUsage& u : std::as_const(d->answered)) {
        all.answers += u.answers;
        all.promptTokens += u.promptTokens;
        all.answerTokens += u.answerTokens;
        all.thinkingTokens += u.thinkingTokens;
    }
    return all;
}

int FakeGeminiServer::quotaRejections() const
{
    QMutexLocker lock(&d->mutex);
    return d->quotaRejected;
}

QString FakeGeminiServer::projectOfKey(const QString& key) const
{
    QMutexLocker lock(&d->mutex);
    return d->keyProjects.value(key, key);
}

QList<FakeFile> FakeGeminiServer::files() const
{
    QMutexLocker lock(&d->mutex);
    return d->fileList;
}

std::optional<FakeFile> FakeGeminiServer::file(const QString& name) const
{
    const QString full = name.startsWith(QLatin1String("files/")) ? name : QStringLiteral("files/") + name;
    QMutexLocker lock(&d->mutex);
    for (const FakeFile& f : std::as_const(d->fileList)) {
        if (f.name == full)
            return f;
    }
    return std::nullopt;
}

int FakeGeminiServer::pendingUploads() const
{
    QMutexLocker lock(&d->mutex);
    return int(d->uploads.size());
}

int FakeGeminiServer::fileAccessDenials() const
{
    QMutexLocker lock(&d->mutex);
    return d->fileDenials;
}

void FakeGeminiServer::setKeyProject(const QString& key, const QString& project)
{
    QMutexLocker lock(&d->mutex);
    if (project.isEmpty())
        d->keyProjects.remove(key);
    else
        d->keyProjects.insert(key, project);
}

namespace {
FakeQuota normalizedQuota(FakeQuota quota)
{
    if (quota.windowMs <= 0)
        quota.windowMs = 60'000;
    if (quota.quotaId.isEmpty())
        quota.quotaId = FakeQuota::perMinute(0).quotaId;
    return quota;
}
} // namespace

void FakeGeminiServer::setModelQuota(const QString& model, const FakeQuota& quota)
{
    QMutexLocker lock(&d->mutex);
    if (quota.limit <= 0)
        d->modelQuotas.remove(model);
    else
        d->modelQuotas.insert(model, normalizedQuota(quota));
    d->projectQuotaStates.clear();
}

void FakeGeminiServer::setProjectModelQuota(const QString& project, const QString& model, const FakeQuota& quota)
{
    QMutexLocker lock(&d->mutex);
    const QString id = Private::bucketKey(project, model);
    if (quota.limit <= 0)
        d->projectModelQuotas.remove(id);
    else
        d->projectModelQuotas.insert(id, normalizedQuota(quota));
    d->projectQuotaStates.remove(id);
}

void FakeGeminiServer::clearProjectQuotas()
{
    QMutexLocker lock(&d->mutex);
    d->modelQuotas.clear();
    d->projectModelQuotas.clear();
    d->projectQuotaStates.clear();
    d->projectRejectedByModel.clear();
}

FakeQuotaStats FakeGeminiServer::projectQuotaStats(const QString& project, const QString& model) const
{
    QMutexLocker lock(&d->mutex);
    return d->projectQuotaStates.value(Private::bucketKey(project, model)).stats;
}

int FakeGeminiServer::projectQuotaRejections(const QString& model) const
{
    QMutexLocker lock(&d->mutex);
    if (!model.isEmpty())
        return d->projectRejectedByModel.value(model);
    int n = 0;
    for (int v : std::as_const(d->projectRejectedByModel))
        n += v;
    return n;
}

FakeQuotaStats FakeGeminiServer::quotaStats(const QString& key) const
{
    QMutexLocker lock(&d->mutex);
    return d->quotas.value(key).stats;
}

// ----------------------------------------------------------------------------------------------------------------
// Connections and HTTP/1.1 parsing

void FakeGeminiServer::Private::accept()
{
    while (QTcpSocket* socket = server->nextPendingConnection()) {
        auto c = std::make_shared<Connection>();
        c->id = nextConnectionId++;
        c->socket = socket;
        {
            QMutexLocker lock(&mutex);
            ++opened;
        }
        QObject::connect(socket, &QTcpSocket::readyRead, q, [this, c] { readFrom(c); });
        QObject::connect(socket, &QTcpSocket::disconnected, q, [this, c] {
            if (c->dead)
                return;
            c->dead = true;
            const bool aborted = c->busy;
            {
                QMutexLocker lock(&mutex);
                ++closed;
                if (c->busy)
                    --inFlight;
            }
            c->busy = false;
            if (aborted)
                Q_EMIT q->clientAborted(c->id);
            Q_EMIT q->connectionClosed(c->id);
            if (c->socket)
                c->socket->deleteLater();
        });
    }
}

void FakeGeminiServer::Private::readFrom(const std::shared_ptr<Connection>& c)
{
    if (!c->socket)
        return;
    c->buffer.append(c->socket->readAll());
    process(c);
}

void FakeGeminiServer::Private::process(const std::shared_ptr<Connection>& c)
{
    if (c->busy || c->dead)
        return;
    const qsizetype headEnd = c->buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QList<QByteArray> lines = c->buffer.left(headEnd).split('\n');
    RecordedRequest req;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    req.method = requestLine.value(0);
    req.target = requestLine.value(1);
    qint64 contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        req.headers.insert(name, value);
        if (name == "content-length")
            contentLength = value.toLongLong();
    }
    if (c->buffer.size() < headEnd + 4 + contentLength)
        return; // wait for the body
    req.body = c->buffer.mid(headEnd + 4, contentLength);
    c->buffer.remove(0, headEnd + 4 + contentLength);
    const QUrl url(QString::fromLatin1(req.target));
    req.path = url.path();
    req.query = QUrlQuery(url);
    req.connectionId = c->id;
    c->busy = true;
    {
        QMutexLocker lock(&mutex);
        recorded.append(req);
        ++inFlight;
        maxInFlight = std::max(maxInFlight, inFlight);
    }
    Q_EMIT q->requestReceived(req.method, req.path);
    handle(c, req);
    openGateIfReached();
}

void FakeGeminiServer::Private::openGateIfReached()
{
    if (answerGate <= 0 || parked.empty())
        return;
    {
        QMutexLocker lock(&mutex);
        if (maxInFlight < answerGate)
            return;
    }
    std::vector<std::function<void()>> ready;
    ready.swap(parked);
    for (auto& f : ready)
        f();
}

void FakeGeminiServer::Private::done(const std::shared_ptr<Connection>& c)
{
    if (!c->busy)
        return;
    c->busy = false;
    {
        QMutexLocker lock(&mutex);
        --inFlight;
    }
    if (!c->buffer.isEmpty())
        process(c);
}

bool FakeGeminiServer::Private::later(const std::shared_ptr<Connection>& c, int ms, std::function<void()> f)
{
    if (answerGate > 0) {
        // Behind the gate: wait the latency, then until the gate opens.
        QTimer::singleShot(std::max(ms, 0), Qt::PreciseTimer, c->socket.data(), [this, c, f = std::move(f)] {
            if (c->dead)
                return;
            parked.push_back([c, f] {
                if (!c->dead)
                    f();
            });
            openGateIfReached();
        });
        return false;
    }
    if (ms <= 0) {
        f();
        return true;
    }
    QTimer::singleShot(ms, Qt::PreciseTimer, c->socket.data(), [c, f = std::move(f)] {
        if (!c->dead)
            f();
    });
    return false;
}

void FakeGeminiServer::Private::writeFull(const std::shared_ptr<Connection>& c, int status,
                                          const QByteArray& contentType, const QByteArray& body,
                                          const QByteArray& extraHeaders)
{
    if (c->dead || !c->socket)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Server: egb-fake-gemini\r\n";
    out += extraHeaders;
    out += "\r\n";
    out += body;
    c->socket->write(out);
    done(c);
}

std::optional<FakeBehavior> FakeGeminiServer::Private::projectQuotaCheck(const QString& key, const QString& model,
                                                                         const FakeBehavior& b)
{
    if (model.isEmpty() || (modelQuotas.isEmpty() && projectModelQuotas.isEmpty()))
        return std::nullopt;
    const QString project = keyProjects.value(key, key);
    const QString id = bucketKey(project, model);
    auto state = projectQuotaStates.find(id);
    if (state == projectQuotaStates.end()) {
        const auto own = projectModelQuotas.constFind(id);
        const auto shared = modelQuotas.constFind(model);
        const FakeQuota* quota = own != projectModelQuotas.cend() ? &*own
                                 : shared != modelQuotas.cend()   ? &*shared
                                                                  : nullptr;
        if (!quota)
            return std::nullopt;
        SlidingQuota fresh;
        fresh.quota = *quota;
        state = projectQuotaStates.insert(id, fresh);
    }
    const qint64 now = clock.elapsed();
    auto& admitted = state->admitted;
    while (!admitted.empty() && admitted.front() + state->quota.windowMs <= now)
        admitted.pop_front();
    if (qsizetype(admitted.size()) < state->quota.limit) {
        if (admitted.empty())
            ++state->stats.windows;
        admitted.push_back(now);
        ++state->stats.admitted;
        return std::nullopt;
    }
    const qint64 left = std::max<qint64>(1, admitted.front() + state->quota.windowMs - now);
    ++state->stats.rejected;
    ++quotaRejected;
    ++projectRejectedByModel[model];
    const bool daily = state->quota.quotaId.contains(QLatin1String("PerDay"));
    FakeBehavior limited = FakeBehavior::rateLimited(QString::number(double(left) / 1000.0, 'f', 3) + QLatin1Char('s'),
                                                     state->quota.quotaId);
    if (daily)
        limited.kind = FakeBehavior::Kind::DailyQuota;
    limited.quotaValue = state->quota.limit;
    limited.latencyMs = b.latencyMs;
    return limited;
}

FakeBehavior FakeGeminiServer::Private::choose(const QString& key, const QString& model)
{
    QMutexLocker lock(&mutex);
    ++calls[key];
    FakeBehavior b;
    auto queue = keyQueues.find(key);
    if (queue != keyQueues.end() && !queue->isEmpty())
        b = queue->takeFirst();
    else if (!anyQueue.isEmpty())
        b = anyQueue.takeFirst();
    else
        b = keyBehaviors.value(key, defaultBehavior);
    if (b.kind != FakeBehavior::Kind::Ok)
        return b;
    auto quota = quotas.find(key);
    if (quota != quotas.end()) {
        const qint64 now = clock.elapsed();
        if (quota->windowStartMs < 0 || now >= quota->windowStartMs + quota->quota.windowMs) {
            quota->windowStartMs = now;
            quota->used = 0;
            quota->rejectedInWindow = 0;
            ++quota->stats.windows;
        }
        if (quota->used >= quota->quota.limit) {
            const qint64 left = std::max<qint64>(1, quota->windowStartMs + quota->quota.windowMs - now);
            ++quota->rejectedInWindow;
            ++quota->stats.rejected;
            quota->stats.maxRejectedInWindow = std::max(quota->stats.maxRejectedInWindow, quota->rejectedInWindow);
            ++quotaRejected;
            const bool daily = quota->quota.quotaId.contains(QLatin1String("PerDay"));
            FakeBehavior limited = FakeBehavior::rateLimited(
                QString::number(double(left) / 1000.0, 'f', 3) + QLatin1Char('s'), quota->quota.quotaId);
            if (daily)
                limited.kind = FakeBehavior::Kind::DailyQuota;
            limited.latencyMs = b.latencyMs;
            return limited;
        }
        ++quota->used;
        ++quota->stats.admitted;
    }
    if (auto limited = projectQuotaCheck(key, model, b))
        return *limited;
    double total = 0;
    for (const auto& entry : std::as_const(faultMix))
        total += std::max(0.0, entry.first);
    if (total <= 0)
        return b;
    double draw = faultRandom.generateDouble();
    for (const auto& entry : std::as_const(faultMix)) {
        const double p = std::max(0.0, entry.first);
        if (draw < p) {
            ++injected;
            ++injectedByLabel[entry.second.label()];
            const int latency = b.latencyMs;
            b = entry.second;
            b.latencyMs = std::max(b.latencyMs, latency);
            return b;
        }
        draw -= p;
    }
    return b;
}

void FakeGeminiServer::Private::handle(const std::shared_ptr<Connection>& c, const RecordedRequest& req)
{
    static const QRegularExpression callRe(
        QStringLiteral("^/(v1|v1beta)/models/([^/:]+):(generateContent|streamGenerateContent|countTokens|"
                       "embedContent|batchEmbedContents)$"));
    static const QRegularExpression listRe(QStringLiteral("^/(v1|v1beta)/models/?$"));
    static const QRegularExpression getRe(QStringLiteral("^/(v1|v1beta)/models/([^/:]+)$"));
    static const QRegularExpression openAiRe(
        QStringLiteral("^/v1beta/openai/(chat/completions|embeddings|models)(/[^/]+)?/?$"));

    QString key = req.apiKey();
    if (key.isEmpty())
        key = req.query.queryItemValue(QStringLiteral("key"));
    if (key.isEmpty() && req.header("authorization").startsWith("Bearer "))
        key = QString::fromLatin1(req.header("authorization").mid(7));
    // The upload step needs no key: the upload id in the URL is the session's credential (as Google's).
    if (key.isEmpty() && req.query.hasQueryItem(QStringLiteral("upload_id")) && handleFiles(c, req, key))
        return;
    if (key.isEmpty()) {
        writeFull(c, 403, "application/json; charset=UTF-8",
                  envelope(403,
                           QStringLiteral("Method doesn't allow unregistered callers (callers without established "
                                          "identity). Please use API Key or other form of API consumer identity to "
                                          "call this API."),
                           QStringLiteral("PERMISSION_DENIED")));
        return;
    }
    if (handleFiles(c, req, key))
        return;
    const auto call = callRe.match(req.path);
    if (call.hasMatch() && req.method == "POST") {
        const QString model = call.captured(2);
        const QString method = call.captured(3);
        if (method == QLatin1String("generateContent") || method == QLatin1String("streamGenerateContent") ||
            method == QLatin1String("countTokens")) {
            const QString denied = deniedFileIn(req.body, key);
            if (!denied.isEmpty()) {
                QMutexLocker lock(&mutex);
                ++calls[key];
                lock.unlock();
                answerFileDenied(c, denied);
                return;
            }
        }
        FakeBehavior b = choose(key, model);
        b.message.replace(QLatin1String("{key}"), key);
        if (method == QLatin1String("embedContent") || method == QLatin1String("batchEmbedContents")) {
            if (b.kind != FakeBehavior::Kind::Ok) {
                answerError(c, b, model, false);
                return;
            }
            const QJsonObject body = QJsonDocument::fromJson(req.body).object();
            QJsonObject answer;
            if (method == QLatin1String("embedContent")) {
                answer.insert(QStringLiteral("embedding"),
                              QJsonObject{{QStringLiteral("values"),
                                           fakeEmbedding(partsText(body.value(QLatin1String("content")).toObject()))}});
            } else {
                QJsonArray embeddings;
                const QJsonArray requests = body.value(QLatin1String("requests")).toArray();
                for (const QJsonValue& r : requests)
                    embeddings.append(QJsonObject{
                        {QStringLiteral("values"),
                         fakeEmbedding(partsText(r.toObject().value(QLatin1String("content")).toObject()))}});
                answer.insert(QStringLiteral("embeddings"), embeddings);
            }
            const QByteArray json = QJsonDocument(answer).toJson(QJsonDocument::Compact);
            later(c, b.latencyMs, [this, c, json] { writeFull(c, 200, "application/json; charset=UTF-8", json); });
            return;
        }
        if (method == QLatin1String("countTokens")) {
            later(c, b.latencyMs, [this, c, req] {
                writeFull(c, 200, "application/json; charset=UTF-8",
                          QJsonDocument(QJsonObject{{QStringLiteral("totalTokens"), wordCount(lastUserText(req.body))}})
                              .toJson(QJsonDocument::Compact));
            });
            return;
        }
        answerGenerate(c, b, req, model, method == QLatin1String("streamGenerateContent"));
        return;
    }
    const auto openAi = openAiRe.match(req.path);
    if (openAi.hasMatch()) {
        FakeBehavior b = choose(key);
        b.message.replace(QLatin1String("{key}"), key);
        answerOpenAi(c, b, req, openAi.captured(1) + openAi.captured(2));
        return;
    }
    if (req.method == "GET") {
        if (listRe.match(req.path).hasMatch() || getRe.match(req.path).hasMatch()) {
            const auto get = getRe.match(req.path);
            const QString single = get.hasMatch() ? get.captured(2) : QString();
            FakeBehavior b = choose(key);
            b.message.replace(QLatin1String("{key}"), key);
            switch (b.kind) {
            case FakeBehavior::Kind::Ok:
            case FakeBehavior::Kind::NoCandidates:
            case FakeBehavior::Kind::Blocked:
            case FakeBehavior::Kind::StreamCut:
            case FakeBehavior::Kind::StreamError:
                later(c, b.latencyMs, [this, c, req, single] { answerModels(c, req, single); });
                return;
            default:
                answerError(c, b, QString(), false);
                return;
            }
        }
    }
    writeFull(c, 404, "application/json; charset=UTF-8",
              envelope(404, QStringLiteral("Requested entity was not found."), QStringLiteral("NOT_FOUND")));
}

namespace {

QJsonObject fileJson(const FakeFile& f)
{
    return QJsonObject{{QStringLiteral("name"), f.name},
                       {QStringLiteral("displayName"), f.displayName},
                       {QStringLiteral("mimeType"), f.mimeType},
                       {QStringLiteral("sizeBytes"), QString::number(f.bytes.size())},
                       {QStringLiteral("createTime"), f.createTime},
                       {QStringLiteral("updateTime"), f.createTime},
                       {QStringLiteral("expirationTime"), f.expirationTime},
                       {QStringLiteral("sha256Hash"),
                        QString::fromLatin1(QCryptographicHash::hash(f.bytes, QCryptographicHash::Sha256).toBase64())},
                       {QStringLiteral("uri"), f.uri},
                       {QStringLiteral("state"), QStringLiteral("ACTIVE")},
                       {QStringLiteral("source"), QStringLiteral("UPLOADED")}};
}

/// Every fileData.fileUri in the parts of `contents` and `systemInstruction`.
QStringList fileUrisOf(const QByteArray& body)
{
    QStringList uris;
    if (!body.contains("fileUri"))
        return uris;
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    auto scanParts = [&uris](const QJsonObject& content) {
        const QJsonArray parts = content.value(QLatin1String("parts")).toArray();
        for (const QJsonValue& part : parts) {
            const QJsonObject data = part.toObject().value(QLatin1String("fileData")).toObject();
            const QString uri = data.value(QLatin1String("fileUri")).toString();
            if (!uri.isEmpty())
                uris.append(uri);
        }
    };
    const QJsonArray contents = root.value(QLatin1String("contents")).toArray();
    for (const QJsonValue& content : contents)
        scanParts(content.toObject());
    scanParts(root.value(QLatin1String("systemInstruction")).toObject());
    return uris;
}

/// "files/<id>" from a file URI (".../v1beta/files/<id>") or a name; empty when it names no file.
QString fileNameOf(const QString& uriOrName)
{
    const qsizetype at = uriOrName.lastIndexOf(QLatin1String("files/"));
    if (at < 0)
        return {};
    const QString id = uriOrName.mid(at + 6);
    return id.isEmpty() || id.contains(QLatin1Char('/')) ? QString() : QStringLiteral("files/") + id;
}

} // namespace

QString FakeGeminiServer::Private::deniedFileIn(const QByteArray& body, const QString& key)
{
    const QStringList uris = fileUrisOf(body);
    if (uris.isEmpty())
        return {};
    QMutexLocker lock(&mutex);
    const QString project = keyProjects.value(key, key);
    for (const QString& uri : uris) {
        const QString name = fileNameOf(uri);
        const auto it = std::find_if(fileList.cbegin(), fileList.cend(),
                                     [&name](const FakeFile& f) { return !name.isEmpty() && f.name == name; });
        if (it == fileList.cend() || it->project != project) {
            ++fileDenials;
            return name.isEmpty() ? uri : name.mid(6);
        }
    }
    return {};
}

void FakeGeminiServer::Private::answerFileDenied(const std::shared_ptr<Connection>& c, const QString& id)
{
    writeFull(c, 403, "application/json; charset=UTF-8",
              envelope(403,
                       QStringLiteral("You do not have permission to access the File %1 or it may not exist.").arg(id),
                       QStringLiteral("PERMISSION_DENIED")));
}

bool FakeGeminiServer::Private::handleFiles(const std::shared_ptr<Connection>& c, const RecordedRequest& req,
                                            const QString& key)
{
    static const QRegularExpression uploadRe(QStringLiteral("^/upload/(v1|v1beta)/files/?$"));
    static const QRegularExpression oneRe(QStringLiteral("^/(v1|v1beta)/files/([^/:]+)$"));
    static const QRegularExpression listRe(QStringLiteral("^/(v1|v1beta)/files/?$"));
    const QByteArray json = "application/json; charset=UTF-8";
    const auto upload = uploadRe.match(req.path);
    if (upload.hasMatch()) {
        const QByteArray command = req.header("x-goog-upload-command").toLower();
        const QString uploadId = req.query.queryItemValue(QStringLiteral("upload_id"));
        if (uploadId.isEmpty()) { // step 1: start
            if (req.method != "POST" || !command.contains("start") ||
                req.header("x-goog-upload-protocol").toLower() != "resumable") {
                writeFull(c, 400, json,
                          envelope(400,
                                   QStringLiteral("Upload requests need X-Goog-Upload-Protocol: resumable and "
                                                  "X-Goog-Upload-Command: start."),
                                   QStringLiteral("INVALID_ARGUMENT")));
                return true;
            }
            PendingUpload pending;
            pending.key = key;
            pending.mimeType = QString::fromLatin1(req.header("x-goog-upload-header-content-type"));
            bool ok = false;
            pending.length = req.header("x-goog-upload-header-content-length").toLongLong(&ok);
            if (!ok)
                pending.length = -1;
            pending.displayName = QJsonDocument::fromJson(req.body)
                                      .object()
                                      .value(QLatin1String("file"))
                                      .toObject()
                                      .value(QLatin1String("displayName"))
                                      .toString();
            QString id;
            {
                QMutexLocker lock(&mutex);
                pending.project = keyProjects.value(key, key);
                id = QStringLiteral("up%1-%2")
                         .arg(++fileCounter)
                         .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
                uploads.insert(id, pending);
            }
            const QByteArray url = QStringLiteral("http://127.0.0.1:%1/upload/%2/files?upload_id=%3&upload_protocol="
                                                  "resumable")
                                       .arg(port)
                                       .arg(upload.captured(1), id)
                                       .toLatin1();
            writeFull(c, 200, json, QByteArray(), "X-Goog-Upload-URL: " + url + "\r\nX-Goog-Upload-Status: active\r\n");
            return true;
        }
        // step 2: the bytes, with "upload, finalize"
        std::optional<PendingUpload> pending;
        {
            QMutexLocker lock(&mutex);
            if (uploads.contains(uploadId))
                pending = uploads.value(uploadId);
        }
        if (!pending) {
            writeFull(
                c, 404, json,
                envelope(404, QStringLiteral("No upload session %1.").arg(uploadId), QStringLiteral("NOT_FOUND")));
            return true;
        }
        if ((req.method != "POST" && req.method != "PUT") || !command.contains("upload") ||
            !command.contains("finalize") || req.header("x-goog-upload-offset") != "0" ||
            (pending->length >= 0 && pending->length != req.body.size())) {
            writeFull(c, 400, json,
                      envelope(400,
                               QStringLiteral("The upload step needs X-Goog-Upload-Command: upload, finalize, offset 0 "
                                              "and the %1 bytes announced (got %2).")
                                   .arg(pending->length)
                                   .arg(req.body.size()),
                               QStringLiteral("INVALID_ARGUMENT")));
            return true;
        }
        FakeFile f;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        {
            QMutexLocker lock(&mutex);
            uploads.remove(uploadId);
            const QString id = QStringLiteral("f%1x%2")
                                   .arg(++fileCounter)
                                   .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
            f.name = QStringLiteral("files/") + id;
            f.uri = QStringLiteral("http://127.0.0.1:%1/v1beta/files/%2").arg(port).arg(id);
            f.displayName = pending->displayName;
            f.mimeType = pending->mimeType;
            f.project = pending->project;
            f.uploadKey = pending->key;
            f.bytes = req.body;
            f.createTime = now.toString(Qt::ISODateWithMs);
            f.expirationTime = now.addSecs(48 * 3600).toString(Qt::ISODateWithMs);
            fileList.append(f);
        }
        writeFull(c, 200, json,
                  QJsonDocument(QJsonObject{{QStringLiteral("file"), fileJson(f)}}).toJson(QJsonDocument::Compact),
                  "X-Goog-Upload-Status: final\r\n");
        return true;
    }
    const auto one = oneRe.match(req.path);
    const bool list = listRe.match(req.path).hasMatch();
    if (!one.hasMatch() && !list)
        return false;
    QMutexLocker lock(&mutex);
    const QString project = keyProjects.value(key, key);
    if (list) {
        if (req.method != "GET")
            return false;
        const int pageSize = std::clamp(req.query.queryItemValue(QStringLiteral("pageSize")).toInt(), 0, 100);
        const int size = pageSize > 0 ? pageSize : 10;
        const int from = std::max(0, req.query.queryItemValue(QStringLiteral("pageToken")).toInt());
        QJsonArray out;
        int seen = 0;
        int next = -1;
        for (const FakeFile& f : std::as_const(fileList)) {
            if (f.project != project)
                continue;
            if (seen >= from && out.size() < size)
                out.append(fileJson(f));
            else if (seen >= from && next < 0)
                next = seen;
            ++seen;
        }
        QJsonObject answer;
        if (!out.isEmpty())
            answer.insert(QStringLiteral("files"), out);
        if (next >= 0)
            answer.insert(QStringLiteral("nextPageToken"), QString::number(next));
        lock.unlock();
        writeFull(c, 200, json, QJsonDocument(answer).toJson(QJsonDocument::Compact));
        return true;
    }
    if (req.method != "GET" && req.method != "DELETE")
        return false;
    const QString id = one.captured(2);
    const QString name = QStringLiteral("files/") + id;
    const auto it =
        std::find_if(fileList.begin(), fileList.end(), [&name](const FakeFile& f) { return f.name == name; });
    if (it == fileList.end() || it->project != project) {
        ++fileDenials;
        lock.unlock();
        answerFileDenied(c, id);
        return true;
    }
    QByteArray body = "{}";
    if (req.method == "GET")
        body = QJsonDocument(fileJson(*it)).toJson(QJsonDocument::Compact);
    else
        fileList.erase(it);
    lock.unlock();
    writeFull(c, 200, json, body);
    return true;
}

void FakeGeminiServer::Private::answerModels(const std::shared_ptr<Connection>& c, const RecordedRequest& req,
                                             const QString& single)
{
    const QStringList ids = q->models();
    auto modelJson = [](const QString& id) {
        return QJsonObject{{QStringLiteral("name"), QStringLiteral("models/") + id},
                           {QStringLiteral("version"), QStringLiteral("001")},
                           {QStringLiteral("displayName"), id},
                           {QStringLiteral("description"), QStringLiteral("Fake model %1").arg(id)},
                           {QStringLiteral("inputTokenLimit"), 1048576},
                           {QStringLiteral("outputTokenLimit"), 65536},
                           {QStringLiteral("supportedGenerationMethods"),
                            id.startsWith(QLatin1String("text-embedding"))
                                ? QJsonArray{QStringLiteral("embedContent")}
                                : QJsonArray{QStringLiteral("generateContent"), QStringLiteral("countTokens")}}};
    };
    if (!single.isEmpty()) {
        if (!ids.contains(single)) {
            writeFull(c, 404, "application/json; charset=UTF-8",
                      envelope(404, QStringLiteral("models/%1 is not found for API version v1beta").arg(single),
                               QStringLiteral("NOT_FOUND")));
            return;
        }
        writeFull(c, 200, "application/json; charset=UTF-8",
                  QJsonDocument(modelJson(single)).toJson(QJsonDocument::Compact));
        return;
    }
    int pageSize = req.query.queryItemValue(QStringLiteral("pageSize")).toInt();
    if (pageSize <= 0)
        pageSize = 50;
    pageSize = std::min(pageSize, 1000);
    const QString token = req.query.queryItemValue(QStringLiteral("pageToken"));
    int offset = 0;
    if (!token.isEmpty()) {
        bool ok = false;
        offset = token.startsWith(QLatin1String("page-")) ? token.mid(5).toInt(&ok) : 0;
        if (!ok || offset < 0 || offset > ids.size()) {
            writeFull(c, 400, "application/json; charset=UTF-8",
                      envelope(400, QStringLiteral("Invalid page token."), QStringLiteral("INVALID_ARGUMENT")));
            return;
        }
    }
    QJsonArray models;
    for (int i = offset; i < std::min<int>(int(ids.size()), offset + pageSize); ++i)
        models.append(modelJson(ids.at(i)));
    QJsonObject page{{QStringLiteral("models"), models}};
    if (offset + pageSize < ids.size())
        page.insert(QStringLiteral("nextPageToken"), QStringLiteral("page-%1").arg(offset + pageSize));
    writeFull(c, 200, "application/json; charset=UTF-8", QJsonDocument(page).toJson(QJsonDocument::Compact));
}

void FakeGeminiServer::Private::answerError(const std::shared_ptr<Connection>& c, const FakeBehavior& b,
                                            const QString& model, bool streaming, bool openAi)
{
    const QByteArray jsonType =
        streaming ? QByteArray("text/event-stream") : QByteArray("application/json; charset=UTF-8");
    QByteArray extra;
    if (!b.retryAfter.isEmpty())
        extra = "Retry-After: " + b.retryAfter + "\r\n";
    auto respond = [this, c, b, model, jsonType, extra, openAi] {
        using K = FakeBehavior::Kind;
        // b.message replaces the error message of a Google envelope (a server or proxy that says more than Google).
        const auto writeFull = [this, &b, openAi](const std::shared_ptr<Connection>& conn, int status,
                                                  const QByteArray& contentType, const QByteArray& body,
                                                  const QByteArray& headers) {
            QByteArray out = body;
            const QJsonDocument doc = QJsonDocument::fromJson(body);
            if (!b.message.isEmpty() && doc.isObject() && doc.object().value(QLatin1String("error")).isObject()) {
                QJsonObject envelope = doc.object();
                QJsonObject error = envelope.value(QLatin1String("error")).toObject();
                error.insert(QStringLiteral("message"), b.message);
                envelope.insert(QStringLiteral("error"), error);
                out = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
            }
            if (openAi && doc.isObject()) // Google's OpenAI-compatible endpoint: a one-element array
                out = '[' + out + ']';
            this->writeFull(conn, status, contentType, out, headers);
        };
        switch (b.kind) {
        case K::InvalidKey:
            writeFull(c, 400, jsonType, invalidKeyBody(), extra);
            break;
        case K::LeakedKey:
            writeFull(c, 403, jsonType,
                      envelope(403, QStringLiteral("Your API key was reported as leaked. Please use another API key."),
                               QStringLiteral("PERMISSION_DENIED")),
                      extra);
            break;
        case K::Unauthenticated:
            writeFull(c, 401, jsonType,
                      envelope(401,
                               QStringLiteral("Request had invalid authentication credentials. Expected OAuth 2 "
                                              "access token, login cookie or other valid authentication credential."),
                               QStringLiteral("UNAUTHENTICATED")),
                      extra);
            break;
        case K::PaymentRequired:
            writeFull(c, 402, jsonType,
                      envelope(402,
                               QStringLiteral("Your prepayment credits are depleted. Please go to AI Studio to "
                                              "manage your project and billing."),
                               QStringLiteral("RESOURCE_EXHAUSTED")),
                      extra);
            break;
        case K::BadRequest:
            writeFull(c, 400, jsonType,
                      envelope(400,
                               QStringLiteral("Invalid JSON payload received. Unknown name \"foo\": Cannot find "
                                              "field."),
                               QStringLiteral("INVALID_ARGUMENT")),
                      extra);
            break;
        case K::NotFound:
            writeFull(c, 404, jsonType,
                      envelope(404,
                               QStringLiteral("models/%1 is not found for API version v1beta, or is not supported "
                                              "for generateContent. Call ListModels to see the list of available "
                                              "models and their supported methods.")
                                   .arg(model),
                               QStringLiteral("NOT_FOUND")),
                      extra);
            break;
        case K::RateLimited:
            writeFull(c, 429, jsonType,
                      rateLimitBody(b.retryDelay,
                                    b.quotaId.isEmpty()
                                        ? QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")
                                        : b.quotaId,
                                    model, b.quotaValue),
                      extra);
            break;
        case K::DailyQuota:
            writeFull(c, 429, jsonType,
                      rateLimitBody(b.retryDelay,
                                    b.quotaId.isEmpty()
                                        ? QStringLiteral("GenerateRequestsPerDayPerProjectPerModel-FreeTier")
                                        : b.quotaId,
                                    model, b.quotaValue),
                      extra);
            break;
        case K::Status: {
            const int status = b.status > 0 ? b.status : 500;
            writeFull(c, status, jsonType, envelope(status, messageFor(status), googleStatusFor(status)), extra);
            break;
        }
        case K::MalformedJson:
            writeFull(c, 200, jsonType, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The sk", extra);
            break;
        case K::HtmlError: {
            const int status = b.status > 0 ? b.status : 502;
            writeFull(c, status, "text/html; charset=UTF-8",
                      "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error " + QByteArray::number(status) +
                          " (Server Error)!!1</title><p><b>" + QByteArray::number(status) +
                          ".</b> <ins>That's an error.</ins></p></html>\n",
                      extra);
            break;
        }
        case K::EmptyBody:
            writeFull(c, b.status > 0 ? b.status : 500, jsonType, QByteArray(), extra);
            break;
        default:
            writeFull(c, 500, jsonType, envelope(500, messageFor(500), QStringLiteral("INTERNAL")), extra);
            break;
        }
    };
    if (b.kind == FakeBehavior::Kind::Hang)
        return; // never answer: the client times out or cancels, and we see the connection close
    if (b.kind == FakeBehavior::Kind::Reset) {
        later(c, b.latencyMs, [this, c] {
            if (c->dead || !c->socket)
                return;
            done(c);
            // A partial answer, then a reset: the client cannot silently resend the request.
            c->socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"cand");
            c->socket->flush();
            c->socket->abort();
        });
        return;
    }
    later(c, b.latencyMs, respond);
}

void FakeGeminiServer::Private::answerGenerate(const std::shared_ptr<Connection>& c, const FakeBehavior& b,
                                               const RecordedRequest& req, const QString& model, bool streaming)
{
    using K = FakeBehavior::Kind;
    const bool sseKind = b.kind == K::Ok || b.kind == K::StreamCut || b.kind == K::StreamError;
    const bool isBodyKind = b.kind == K::NoCandidates || b.kind == K::Blocked;
    if (!sseKind && !isBodyKind) {
        answerError(c, b, model, streaming);
        return;
    }
    const QString prompt = lastUserText(req.body);
    const QString answer = !b.text.isEmpty() ? b.text : QStringLiteral("Echo: ") + prompt;
    quint64 counter = 0;
    {
        QMutexLocker lock(&mutex);
        counter = ++responseCounter;
    }
    const QString responseId = QStringLiteral("fake-%1").arg(counter);
    const int promptTokens = wordCount(prompt);
    const int answerTokens = wordCount(answer);
    const QJsonObject usage{{QStringLiteral("promptTokenCount"), promptTokens},
                            {QStringLiteral("candidatesTokenCount"), answerTokens},
                            {QStringLiteral("totalTokenCount"), promptTokens + answerTokens},
                            {QStringLiteral("thoughtsTokenCount"), 0}};
    if (isBodyKind) {
        QJsonObject body{
            {QStringLiteral("usageMetadata"), QJsonObject{{QStringLiteral("promptTokenCount"), promptTokens},
                                                          {QStringLiteral("totalTokenCount"), promptTokens}}},
            {QStringLiteral("modelVersion"), model},
            {QStringLiteral("responseId"), responseId}};
        if (b.kind == K::Blocked)
            body.insert(
                QStringLiteral("promptFeedback"),
                QJsonObject{{QStringLiteral("blockReason"), b.reason.isEmpty() ? QStringLiteral("SAFETY") : b.reason}});
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        later(c, b.latencyMs, [this, c, json, streaming, b] {
            if (!streaming) {
                writeFull(c, 200, "application/json; charset=UTF-8", json);
                return;
            }
            const QByteArray nl = b.crlf ? "\r\n" : "\n";
            const QByteArray event = "data: " + json + nl + nl;
            writeFull(c, 200, "text/event-stream", event);
        });
        return;
    }
    if (!streaming) {
        if (b.kind != K::Ok) { // stream faults on the plain endpoint: a server error
            answerError(c, FakeBehavior::httpStatus(500), model, false);
            return;
        }
        const QJsonObject body{
            {QStringLiteral("candidates"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("content"),
                  QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), answer}}}},
                              {QStringLiteral("role"), QStringLiteral("model")}}},
                 {QStringLiteral("finishReason"), QStringLiteral("STOP")},
                 {QStringLiteral("index"), 0}}}},
            {QStringLiteral("usageMetadata"), usage},
            {QStringLiteral("modelVersion"), model},
            {QStringLiteral("responseId"), responseId}};
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        later(c, b.latencyMs, [this, c, json, usage, model] {
            if (!c->dead && c->socket)
                countAnswer(model, usage);
            writeFull(c, 200, "application/json; charset=UTF-8", json);
        });
        return;
    }
    // Streaming: split the answer into b.chunks pieces.
    const int n = std::max(1, b.chunks);
    QStringList pieces;
    for (int i = 0; i < n; ++i) {
        const qsizetype from = answer.size() * i / n;
        const qsizetype to = answer.size() * (i + 1) / n;
        pieces.append(answer.mid(from, to - from));
    }
    later(c, b.latencyMs, [this, c, b, pieces, usage, model, responseId] {
        if (c->dead || !c->socket)
            return;
        c->socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                         "Server: egb-fake-gemini\r\n\r\n");
        streamChunks(c, b, pieces, 0, usage, model, responseId);
    });
}

void FakeGeminiServer::Private::answerOpenAi(const std::shared_ptr<Connection>& c, const FakeBehavior& b,
                                             const RecordedRequest& req, const QString& what)
{
    using K = FakeBehavior::Kind;
    const QJsonObject body = QJsonDocument::fromJson(req.body).object();
    const QString model = body.value(QLatin1String("model")).toString(QStringLiteral("gemini-2.5-flash"));
    const bool streaming = body.value(QLatin1String("stream")).toBool();
    const bool okKind = b.kind == K::Ok || ((b.kind == K::StreamCut || b.kind == K::StreamError) && streaming);
    if (!okKind) {
        answerError(c, b, model, false, true);
        return;
    }
    if (what.startsWith(QLatin1String("models"))) {
        QJsonArray data;
        const QString single = what.mid(7);
        for (const QString& id : q->models()) {
            if (single.isEmpty() || single == id)
                data.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("models/") + id},
                                        {QStringLiteral("object"), QStringLiteral("model")},
                                        {QStringLiteral("owned_by"), QStringLiteral("google")}});
        }
        const QJsonObject list = single.isEmpty() ? QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                                                {QStringLiteral("data"), data}}
                                                  : data.first().toObject();
        const QByteArray json = QJsonDocument(list).toJson(QJsonDocument::Compact);
        later(c, b.latencyMs, [this, c, json] { writeFull(c, 200, "application/json", json); });
        return;
    }
    if (what == QLatin1String("embeddings")) {
        QJsonArray data;
        const QJsonValue input = body.value(QLatin1String("input"));
        QStringList inputs;
        if (input.isArray()) {
            for (const QJsonValue& v : input.toArray())
                inputs.append(v.toString());
        } else {
            inputs.append(input.toString());
        }
        const bool base64 = body.value(QLatin1String("encoding_format")).toString() == QLatin1String("base64");
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const QJsonArray values = fakeEmbedding(inputs.at(i));
            QJsonValue embedding = values;
            if (base64) { // float32 little-endian, as the OpenAI SDK asks by default
                QByteArray raw;
                for (const QJsonValue& v : values) {
                    const float f = float(v.toDouble());
                    raw.append(reinterpret_cast<const char*>(&f), sizeof f);
                }
                embedding = QString::fromLatin1(raw.toBase64());
            }
            data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                    {QStringLiteral("index"), int(i)},
                                    {QStringLiteral("embedding"), embedding}});
        }
        const QJsonObject answer{{QStringLiteral("object"), QStringLiteral("list")},
                                 {QStringLiteral("data"), data},
                                 {QStringLiteral("model"), model},
                                 {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), 1},
                                                                       {QStringLiteral("total_tokens"), 1}}}};
        const QByteArray json = QJsonDocument(answer).toJson(QJsonDocument::Compact);
        later(c, b.latencyMs, [this, c, json] { writeFull(c, 200, "application/json", json); });
        return;
    }
    const QString prompt = lastOpenAiText(req.body);
    const QString text = !b.text.isEmpty() ? b.text : QStringLiteral("Echo: ") + prompt;
    quint64 counter = 0;
    {
        QMutexLocker lock(&mutex);
        counter = ++responseCounter;
    }
    const QString id = QStringLiteral("chatcmpl-fake-%1").arg(counter);
    if (!streaming) {
        const QJsonObject answer{
            {QStringLiteral("id"), id},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), 1764547200},
            {QStringLiteral("model"), model},
            {QStringLiteral("choices"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("index"), 0},
                 {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                         {QStringLiteral("content"), text}}},
                 {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
            {QStringLiteral("usage"),
             QJsonObject{{QStringLiteral("prompt_tokens"), wordCount(prompt)},
                         {QStringLiteral("completion_tokens"), wordCount(text)},
                         {QStringLiteral("total_tokens"), wordCount(prompt) + wordCount(text)}}}};
        const QByteArray json = QJsonDocument(answer).toJson(QJsonDocument::Compact);
        later(c, b.latencyMs, [this, c, json] { writeFull(c, 200, "application/json", json); });
        return;
    }
    const int n = std::max(1, b.chunks);
    QStringList pieces;
    for (int i = 0; i < n; ++i) {
        const qsizetype from = text.size() * i / n;
        const qsizetype to = text.size() * (i + 1) / n;
        pieces.append(text.mid(from, to - from));
    }
    later(c, b.latencyMs, [this, c, b, pieces, model, id] {
        if (c->dead || !c->socket)
            return;
        c->socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                         "Server: egb-fake-gemini\r\n\r\n");
        streamOpenAi(c, b, pieces, 0, model, id);
    });
}

void FakeGeminiServer::Private::streamOpenAi(const std::shared_ptr<Connection>& c, FakeBehavior b, QStringList pieces,
                                             int index, QString model, QString id)
{
    using K = FakeBehavior::Kind;
    if (c->dead || !c->socket)
        return;
    const int n = int(pieces.size());
    if (index >= n) {
        if (b.kind == K::StreamCut) {
            c->socket->flush();
            done(c);
            c->socket->disconnectFromHost();
            return;
        }
        if (b.kind == K::StreamError)
            writeChunk(c, "data: " + envelope(500, messageFor(500), QStringLiteral("INTERNAL")) + "\n\n");
        else
            writeChunk(c, "data: [DONE]\n\n");
        writeChunk(c, QByteArray());
        done(c);
        return;
    }
    const bool last = index == n - 1 && b.kind == K::Ok;
    const QJsonObject chunk{
        {QStringLiteral("id"), id},
        {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
        {QStringLiteral("created"), 1764547200},
        {QStringLiteral("model"), model},
        {QStringLiteral("choices"),
         QJsonArray{
             QJsonObject{{QStringLiteral("index"), 0},
                         {QStringLiteral("delta"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                               {QStringLiteral("content"), pieces.at(index)}}},
                         {QStringLiteral("finish_reason"),
                          last ? QJsonValue(QStringLiteral("stop")) : QJsonValue(QJsonValue::Null)}}}}};
    writeChunk(c, "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n");
    int total = 0;
    {
        QMutexLocker lock(&mutex);
        total = ++chunks;
    }
    Q_EMIT q->chunkWritten(total);
    auto next = [this, c, b, pieces, index, model, id] { streamOpenAi(c, b, pieces, index + 1, model, id); };
    if (b.holdAfterChunks >= 0 && index + 1 == b.holdAfterChunks) {
        held.append([c, next] {
            if (!c->dead)
                next();
        });
        return;
    }
    later(c, b.chunkDelayMs, next);
}

void FakeGeminiServer::Private::writeChunk(const std::shared_ptr<Connection>& c, const QByteArray& data)
{
    if (c->dead || !c->socket)
        return;
    c->socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    c->socket->flush();
}

void FakeGeminiServer::Private::streamChunks(const std::shared_ptr<Connection>& c, FakeBehavior b, QStringList pieces,
                                             int index, QJsonObject usage, QString model, QString responseId)
{
    using K = FakeBehavior::Kind;
    if (c->dead || !c->socket)
        return;
    const QByteArray nl = b.crlf ? "\r\n" : "\n";
    const int n = int(pieces.size());
    if (index >= n) {
        if (b.kind == K::StreamCut) {
            c->socket->flush();
            done(c);
            c->socket->disconnectFromHost(); // no terminating chunk: the stream is cut short
            return;
        }
        if (b.kind == K::StreamError) {
            writeChunk(c, "data: " + envelope(500, messageFor(500), QStringLiteral("INTERNAL")) + nl + nl);
        }
        writeChunk(c, QByteArray()); // "0\r\n\r\n"
        done(c);
        return;
    }
    const bool last = index == n - 1 && b.kind == K::Ok;
    QJsonObject candidate{
        {QStringLiteral("content"),
         QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), pieces.at(index)}}}},
                     {QStringLiteral("role"), QStringLiteral("model")}}},
        {QStringLiteral("index"), 0}};
    if (last)
        candidate.insert(QStringLiteral("finishReason"), QStringLiteral("STOP"));
    QJsonObject chunk{{QStringLiteral("candidates"), QJsonArray{candidate}},
                      {QStringLiteral("modelVersion"), model},
                      {QStringLiteral("responseId"), responseId}};
    chunk.insert(
        QStringLiteral("usageMetadata"),
        last ? usage
             : QJsonObject{{QStringLiteral("promptTokenCount"), usage.value(QLatin1String("promptTokenCount"))},
                           {QStringLiteral("totalTokenCount"), usage.value(QLatin1String("promptTokenCount"))}});
    writeChunk(c, "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + nl + nl);
    if (last)
        countAnswer(model, usage);
    int total = 0;
    {
        QMutexLocker lock(&mutex);
        total = ++chunks;
    }
    Q_EMIT q->chunkWritten(total);
    auto next = [this, c, b, pieces, index, usage, model, responseId] {
        streamChunks(c, b, pieces, index + 1, usage, model, responseId);
    };
    if (b.holdAfterChunks >= 0 && index + 1 == b.holdAfterChunks) {
        held.append([c, next] {
            if (!c->dead)
                next();
        });
        return;
    }
    later(c, b.chunkDelayMs, next);
}

} // namespace egb::test
