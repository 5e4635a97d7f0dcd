#include "GeminiClient.h"

#include "CancelToken.h"
#include "ErrorClassifier.h"
#include "SseParser.h"

#include <QCoro/QCoroNetworkReply>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace egb {

namespace {

/// What happened to a reply besides the network: did we abort it, and why.
struct ReplyWatch
{
    bool timedOut = false;
    bool cancelled = false;
};

/// readAll() that stays quiet on an aborted (closed) reply.
QByteArray readBody(QNetworkReply* reply)
{
    return reply->isOpen() ? reply->readAll() : QByteArray();
}

int httpStatusOf(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

/// The outcome of a finished reply that did not deliver a usable 2xx, or nullopt when it did.
std::optional<Outcome> failureOf(QNetworkReply* reply, const ReplyWatch& watch, const QByteArray& body)
{
    if (watch.cancelled || watch.timedOut)
        return ErrorClassifier::classifyTransport(int(reply->error()), reply->errorString(), watch.timedOut,
                                                  watch.cancelled);
    const int status = httpStatusOf(reply);
    if (status == 0)
        return ErrorClassifier::classifyTransport(int(reply->error()), reply->errorString(), false, false);
    if (status < 200 || status >= 300)
        return ErrorClassifier::classifyHttp(status, body, reply->rawHeader("Retry-After"));
    const int error = int(reply->error());
    if (error > 0 && error < 100) { // the connection broke after a 2xx head: a transport fault, not an answer
        Outcome o = ErrorClassifier::classifyTransport(error, reply->errorString(), false, false);
        o.httpStatus = status;
        return o;
    }
    return std::nullopt;
}

} // namespace

struct GeminiClient::Private
{
    ClientSettings settings;
    QNetworkAccessManager* nam = nullptr;
    QHash<QNetworkReply*, std::shared_ptr<ReplyWatch>> inFlight;

    QNetworkRequest makeRequest(const QUrl& url, const QString& key, bool json) const
    {
        QNetworkRequest request(url);
        request.setRawHeader("x-goog-api-key", key.toUtf8());
        if (json)
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
#ifdef EGB_VERSION
        request.setRawHeader("User-Agent", settings.userAgent + '/' + EGB_VERSION);
#else
        request.setRawHeader("User-Agent", settings.userAgent);
#endif
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        return request;
    }

    /// Arms the timeout (total, or idle when `idle`) and the cancel token on `reply`.
    std::shared_ptr<ReplyWatch> track(QNetworkReply* reply, int timeoutMs, bool idle, CancelToken* cancel)
    {
        auto watch = std::make_shared<ReplyWatch>();
        inFlight.insert(reply, watch);
        if (timeoutMs > 0) {
            auto* timer = new QTimer(reply);
            timer->setSingleShot(true);
            QObject::connect(timer, &QTimer::timeout, reply, [reply, watch] {
                watch->timedOut = true;
                reply->abort();
            });
            timer->start(timeoutMs);
            if (idle)
                QObject::connect(reply, &QNetworkReply::readyRead, timer, [timer] { timer->start(); });
            QObject::connect(reply, &QNetworkReply::finished, timer, &QTimer::stop);
        }
        if (cancel) {
            QObject::connect(cancel, &CancelToken::cancelled, reply, [reply, watch] {
                watch->cancelled = true;
                reply->abort();
            });
        }
        return watch;
    }
};

GeminiClient::GeminiClient(ClientSettings settings, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->settings = std::move(settings);
    d->nam = new QNetworkAccessManager(this);
}

GeminiClient::~GeminiClient()
{
    abortAll();
}

const ClientSettings& GeminiClient::settings() const
{
    return d->settings;
}

void GeminiClient::setSettings(const ClientSettings& settings)
{
    d->settings = settings;
}

QNetworkAccessManager* GeminiClient::networkManager() const
{
    return d->nam;
}

int GeminiClient::inFlight() const
{
    return int(d->inFlight.size());
}

void GeminiClient::abortAll()
{
    const auto replies = d->inFlight;
    for (auto it = replies.cbegin(); it != replies.cend(); ++it) {
        it.value()->cancelled = true;
        it.key()->abort();
    }
}

QCoro::Task<GenerateResult> GeminiClient::generate(QString key, GenerateRequest request, CancelToken* cancelToken)
{
    GenerateResult result;
    QPointer<CancelToken> cancel(cancelToken);
    if (cancel && cancel->isCancelled()) {
        result.outcome = ErrorClassifier::classifyTransport(0, {}, false, true);
        co_return result;
    }
    QElapsedTimer clock;
    clock.start();
    const QUrl url = d->settings.endpoint(QStringLiteral("models/%1:generateContent").arg(request.modelId()));
    QNetworkReply* reply = d->nam->post(d->makeRequest(url, key, true), request.toJsonBytes());
    const auto watch = d->track(reply, d->settings.attemptTimeoutMs, false, cancel.data());
    QPointer<GeminiClient> self(this);

    co_await reply;

    const QByteArray body = readBody(reply);
    if (auto failure = failureOf(reply, *watch, body)) {
        result.outcome = *failure;
    } else {
        // One parse: an error envelope inside a 2xx, a response, or something unreadable.
        const int status = httpStatusOf(reply);
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (doc.isObject() && !doc.object().value(QLatin1String("error")).isObject()) {
            result.response = GenerateResponse::fromJson(doc.object());
            result.outcome = ErrorClassifier::classifyResponse(result.response, status);
        } else {
            result.outcome = ErrorClassifier::classifyHttp(status, body);
        }
    }
    result.outcome.latencyMs = clock.elapsed();
    if (self)
        self->d->inFlight.remove(reply);
    reply->deleteLater();
    co_return result;
}

QCoro::Task<GenerateResult> GeminiClient::stream(QString key, GenerateRequest request, ChunkHandler onChunk,
                                                 CancelToken* cancelToken)
{
    GenerateResult result;
    QPointer<CancelToken> cancel(cancelToken);
    if (cancel && cancel->isCancelled()) {
        result.outcome = ErrorClassifier::classifyTransport(0, {}, false, true);
        co_return result;
    }
    QElapsedTimer clock;
    clock.start();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("alt"), QStringLiteral("sse"));
    const QUrl url =
        d->settings.endpoint(QStringLiteral("models/%1:streamGenerateContent").arg(request.modelId()), query);
    QNetworkRequest netRequest = d->makeRequest(url, key, true);
    netRequest.setRawHeader("Accept", "text/event-stream");
    QNetworkReply* reply = d->nam->post(netRequest, request.toJsonBytes());
    const auto watch = d->track(reply, d->settings.streamIdleTimeoutMs, true, cancel.data());
    QPointer<GeminiClient> self(this);

    struct StreamState
    {
        SseParser parser;
        QByteArray errorBody;              // body of a non-2xx answer
        std::optional<Outcome> eventError; // a mid-stream {"error":...} event or an unreadable event
        GenerateResponse merged;
        int chunks = 0;
    };
    auto state = std::make_shared<StreamState>();
    auto handleEvents = [state, onChunk](const QList<QByteArray>& events) {
        for (const QByteArray& event : events) {
            if (state->eventError)
                return;
            const QJsonDocument doc = QJsonDocument::fromJson(event);
            if (!doc.isObject()) {
                state->eventError = Outcome::failure(
                    OutcomeClass::ServerError, 200,
                    ErrorClassifier::tr("Gemini sent a stream event that could not be read. The request is retried."));
                return;
            }
            if (doc.object().value(QLatin1String("error")).isObject()) {
                state->eventError = ErrorClassifier::classifyErrorObject(doc.object(), 200);
                return;
            }
            const GenerateResponse chunk = GenerateResponse::fromJson(doc.object());
            state->merged.merge(chunk);
            ++state->chunks;
            if (onChunk)
                onChunk(chunk);
        }
    };
    auto readAvailable = [state, handleEvents, reply] {
        const QByteArray bytes = readBody(reply);
        if (bytes.isEmpty())
            return;
        const int status = httpStatusOf(reply);
        if (status >= 200 && status < 300)
            handleEvents(state->parser.feed(bytes));
        else
            state->errorBody.append(bytes);
    };
    QObject::connect(reply, &QNetworkReply::readyRead, reply, readAvailable);

    co_await reply;

    readAvailable();
    if (auto failure = failureOf(reply, *watch, state->errorBody)) {
        result.outcome = *failure;
        // A cut stream is a transport error after 200: say so rather than quoting the socket error.
        if (!watch->cancelled && !watch->timedOut && state->chunks > 0)
            result.outcome.message =
                ErrorClassifier::tr("The stream was cut short (%1). The request is retried.").arg(reply->errorString());
    } else {
        const int status = httpStatusOf(reply);
        handleEvents(state->parser.finish());
        const bool transportBroke = reply->error() != QNetworkReply::NoError;
        if (state->eventError) {
            result.outcome = *state->eventError;
        } else if (state->parser.eventCount() == 0 && !state->parser.plainText().isEmpty()) {
            // An error body on the streaming endpoint: plain JSON, not an event.
            result.outcome = ErrorClassifier::classifyHttp(
                ErrorClassifier::isErrorEnvelope(state->parser.plainText()) ? status : 200, state->parser.plainText());
            if (result.outcome.isSuccess())
                result.outcome = Outcome::failure(OutcomeClass::ServerError, status,
                                                  ErrorClassifier::tr("Gemini answered the stream with something "
                                                                      "that is not an event stream. The request is "
                                                                      "retried."));
        } else if (transportBroke || (state->merged.hasCandidates() && state->merged.finishReason.isEmpty())) {
            result.outcome = Outcome::failure(
                OutcomeClass::ServerError, status,
                ErrorClassifier::tr("The stream was cut short before the answer was complete. The request is "
                                    "retried."));
        } else {
            result.outcome = ErrorClassifier::classifyResponse(state->merged, status);
        }
    }
    result.response = state->merged;
    result.outcome.latencyMs = clock.elapsed();
    if (self)
        self->d->inFlight.remove(reply);
    QObject::disconnect(reply, &QNetworkReply::readyRead, reply, nullptr);
    reply->deleteLater();
    co_return result;
}

QCoro::Task<ModelListResult> GeminiClient::listModels(QString key, int pageSize, int maxPages, CancelToken* cancelToken)
{
    ModelListResult result;
    QPointer<CancelToken> cancel(cancelToken);
    QPointer<GeminiClient> self(this);
    QElapsedTimer clock;
    clock.start();
    QString pageToken;
    for (;;) {
        if (!self || (cancel && cancel->isCancelled())) {
            result.outcome = ErrorClassifier::classifyTransport(0, {}, false, true);
            break;
        }
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("pageSize"), QString::number(std::max(1, pageSize)));
        if (!pageToken.isEmpty())
            query.addQueryItem(QStringLiteral("pageToken"), pageToken);
        const QUrl url = d->settings.endpoint(QStringLiteral("models"), query);
        QNetworkReply* reply = d->nam->get(d->makeRequest(url, key, false));
        const auto watch = d->track(reply, d->settings.attemptTimeoutMs, false, cancel.data());

        co_await reply;

        const QByteArray body = readBody(reply);
        const auto failure = failureOf(reply, *watch, body);
        if (self)
            self->d->inFlight.remove(reply);
        reply->deleteLater();
        if (failure) {
            result.outcome = *failure;
            break;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isObject() || doc.object().value(QLatin1String("error")).isObject()) {
            result.outcome = ErrorClassifier::classifyHttp(doc.isObject() ? httpStatusOf(reply) : 200, body);
            if (result.outcome.isSuccess())
                result.outcome = Outcome::failure(
                    OutcomeClass::ServerError, 200,
                    ErrorClassifier::tr("The model list could not be read (not valid JSON). Try again later."));
            break;
        }
        ++result.pages;
        const QJsonArray models = doc.object().value(QLatin1String("models")).toArray();
        for (const QJsonValue& m : models)
            result.models.append(ModelInfo::fromJson(m.toObject()));
        pageToken = doc.object().value(QLatin1String("nextPageToken")).toString();
        if (pageToken.isEmpty() || result.pages >= maxPages) {
            result.outcome = Outcome::success();
            result.outcome.httpStatus = 200;
            break;
        }
    }
    result.outcome.latencyMs = clock.elapsed();
    co_return result;
}

QCoro::Task<Outcome> GeminiClient::checkKey(QString key, CancelToken* cancel)
{
    const ModelListResult list = co_await listModels(std::move(key), 1, 1, cancel);
    co_return list.outcome;
}

} // namespace egb
