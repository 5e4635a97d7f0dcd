#include "GeminiClient.h"

#include "CancelToken.h"
#include "ErrorClassifier.h"
#include "SseParser.h"

#include <QCoro/QCoroNetworkReply>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <climits>

namespace egb {

namespace {

/// Why we ended a reply ourselves (the network error then only says "Operation canceled").
enum class Cut
{
    None,
    Cancelled,
    AttemptTime, ///< ClientSettings::attemptTimeoutMs
    StreamTime,  ///< ClientSettings::streamTimeoutMs
    Idle,        ///< ClientSettings::streamIdleTimeoutMs without a complete event
    Deadline,    ///< the request's deadline (the caller's timeLimitMs) came first
    TooLarge,    ///< more bytes than maxResponseBytes / maxStreamBytes
};

/// What happened to a reply besides the network: did we end it, and why; what it has delivered so far.
struct ReplyWatch
{
    Cut cut = Cut::None;
    qint64 limitMs = 0;  ///< the time limit that ended it
    qint64 maxBytes = 0; ///< 0 = no limit
    qint64 received = 0; ///< bytes read so far (after decompression)
    bool streaming = false;
    QByteArray body;       ///< generate / models.list / error bodies
    QStringList sslErrors; ///< why the TLS handshake failed, when it did
    QTimer* idle = nullptr;

    /// Ends the reply for `why` (once; a finished reply is left alone).
    void end(QNetworkReply* reply, Cut why, qint64 limit = 0)
    {
        if (cut != Cut::None || reply->isFinished())
            return;
        cut = why;
        limitMs = limit;
        reply->abort();
    }
};

/// Reads what the reply holds, counting it against the byte limit; past the limit the reply is ended (TooLarge) and
/// nothing more is returned. Quiet on an aborted (closed) reply.
QByteArray readCapped(QNetworkReply* reply, ReplyWatch& watch)
{
    if (!reply->isOpen())
        return {};
    const qint64 available = reply->bytesAvailable();
    if (available <= 0)
        return {};
    if (watch.maxBytes > 0 && watch.received + available > watch.maxBytes) {
        watch.received += available;
        watch.end(reply, Cut::TooLarge);
        return {};
    }
    QByteArray bytes = reply->readAll();
    watch.received += bytes.size();
    return bytes;
}

/// What a reply may hold before Qt's network thread waits for us to read it.
constexpr qint64 ReadBufferBytes = 1024 * 1024;

int httpStatusOf(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'g', 4);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'g', 4);
}

/// The outcome of an attempt we ended ourselves.
Outcome outcomeOfCut(const ReplyWatch& watch)
{
    switch (watch.cut) {
    case Cut::AttemptTime:
        return Outcome::failure(OutcomeClass::ServerError, 0,
                                GeminiClient::tr("No complete answer within %1 s (timed out: the time limit of one "
                                                 "attempt). The request is retried; if this keeps happening, raise "
                                                 "the timeout "
                                                 "(--timeout) or check the network.")
                                    .arg(seconds(watch.limitMs)));
    case Cut::StreamTime:
        return Outcome::failure(OutcomeClass::ServerError, 0,
                                GeminiClient::tr("The stream was still going after %1 s (timed out: the time limit of "
                                                 "one attempt). The request is retried; raise the timeout "
                                                 "(--timeout) for longer answers.")
                                    .arg(seconds(watch.limitMs)));
    case Cut::Idle:
        return Outcome::failure(
            OutcomeClass::ServerError, 0,
            GeminiClient::tr("The stream sent no event for %1 s (timed out). The request is retried.")
                .arg(seconds(watch.limitMs)));
    case Cut::Deadline:
        return Outcome::failure(OutcomeClass::ServerError, 0,
                                GeminiClient::tr("The attempt was stopped at the request's deadline (timed out after "
                                                 "%1 s); raise the deadline (--deadline) to wait longer.")
                                    .arg(seconds(watch.limitMs)));
    case Cut::TooLarge:
        return Outcome::failure(
            OutcomeClass::RequestError, 200,
            watch.streaming
                ? GeminiClient::tr("The stream grew larger than %1 MB, the limit for one streamed answer; reading "
                                   "stopped there and the request is not retried. Raise the limit (maxStreamBytes) "
                                   "if such answers are expected.")
                      .arg(megabytes(watch.maxBytes))
                : GeminiClient::tr("The answer was larger than %1 MB, the limit for one answer; reading stopped there "
                                   "and the request is not retried. Raise the limit (maxResponseBytes) if such "
                                   "answers are expected.")
                      .arg(megabytes(watch.maxBytes)));
    case Cut::Cancelled:
    case Cut::None:
        break;
    }
    return ErrorClassifier::classifyTransport(0, {}, false, true);
}

/// The outcome of a finished reply that did not deliver a usable 2xx, or nullopt when it did.
std::optional<Outcome> failureOf(QNetworkReply* reply, const ReplyWatch& watch, const QByteArray& body)
{
    if (watch.cut != Cut::None) {
        Outcome o = outcomeOfCut(watch);
        if (watch.cut == Cut::TooLarge)
            o.httpStatus = httpStatusOf(reply);
        return o;
    }
    if (reply->error() == QNetworkReply::SslHandshakeFailedError) {
        // The same for every key: not retried, and the key is not blamed.
        const QString why =
            watch.sslErrors.isEmpty() ? reply->errorString() : watch.sslErrors.join(QLatin1String("; "));
        return Outcome::failure(OutcomeClass::RequestError, 0,
                                GeminiClient::tr("The server's TLS certificate was refused: %1. If the server uses a "
                                                 "private certificate authority, trust its certificate with "
                                                 "EGB_CA_FILE (a PEM file) or the caCertificates setting.")
                                    .arg(why));
    }
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
    QSslConfiguration sslConfiguration; ///< the system's CAs plus settings.caCertificates
    QByteArray userAgent;

    void applySettings()
    {
        sslConfiguration = QSslConfiguration::defaultConfiguration();
        if (!settings.caCertificates.isEmpty())
            sslConfiguration.addCaCertificates(settings.caCertificates);
#ifdef EGB_VERSION
        userAgent = settings.userAgent + '/' + EGB_VERSION;
#else
        userAgent = settings.userAgent;
#endif
    }

    QNetworkRequest makeRequest(const QUrl& url, const QString& key, bool json) const
    {
        QNetworkRequest request(url);
        request.setRawHeader("x-goog-api-key", key.toUtf8());
        if (json)
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("User-Agent", userAgent);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, settings.http2);
        if (url.scheme() == QLatin1String("https"))
            request.setSslConfiguration(sslConfiguration);
        return request;
    }

    /// Arms the time limits, the byte limit and the cancel token on `reply`. `timeLimitMs` > 0 (the request's
    /// deadline) cuts the attempt's own limit shorter.
    std::shared_ptr<ReplyWatch> track(QNetworkReply* reply, bool streaming, qint64 timeLimitMs, CancelToken* cancel)
    {
        auto watch = std::make_shared<ReplyWatch>();
        watch->streaming = streaming;
        watch->maxBytes = std::max<qint64>(0, streaming ? settings.maxStreamBytes : settings.maxResponseBytes);
        inFlight.insert(reply, watch);
        // Backpressure: Qt's network thread stops reading the socket while this much waits for us. Without it a
        // fast endless body piles up in the reply faster than a busy thread reads (and counts) it: 690 MB under
        // load before the limit was seen.
        reply->setReadBufferSize(ReadBufferBytes);

        const auto armTimer = [reply, watch](qint64 ms, Cut why, Qt::TimerType type = Qt::CoarseTimer) {
            auto* timer = new QTimer(reply);
            timer->setSingleShot(true);
            timer->setTimerType(type);
            QObject::connect(timer, &QTimer::timeout, reply, [reply, watch, ms, why] { watch->end(reply, why, ms); });
            QObject::connect(reply, &QNetworkReply::finished, timer, &QTimer::stop);
            timer->start(int(std::min<qint64>(ms, INT_MAX)));
            return timer;
        };
        qint64 totalMs = std::max(0, streaming ? settings.streamTimeoutMs : settings.attemptTimeoutMs);
        Cut totalCut = streaming ? Cut::StreamTime : Cut::AttemptTime;
        if (timeLimitMs > 0 && (totalMs == 0 || timeLimitMs < totalMs)) {
            totalMs = timeLimitMs;
            totalCut = Cut::Deadline;
        }
        // Precise: a coarse timer may fire up to 5 % early, and "still going after 2 s" must not come at 1.9 s.
        if (totalMs > 0)
            armTimer(totalMs, totalCut, Qt::PreciseTimer);
        if (streaming && settings.streamIdleTimeoutMs > 0 && (totalMs == 0 || settings.streamIdleTimeoutMs < totalMs))
            watch->idle = armTimer(settings.streamIdleTimeoutMs, Cut::Idle);

        if (watch->maxBytes > 0) {
            // A declared length over the limit is refused before a byte of the body is read.
            QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, watch] {
                bool ok = false;
                const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
                if (ok && length > watch->maxBytes)
                    watch->end(reply, Cut::TooLarge);
            });
        }
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [watch](const QList<QSslError>& errors) {
            for (const QSslError& e : errors)
                watch->sslErrors.append(e.errorString());
        });
        if (cancel) {
            QObject::connect(cancel, &CancelToken::cancelled, reply,
                             [reply, watch] { watch->end(reply, Cut::Cancelled); });
        }
        return watch;
    }

    /// Reads a whole (non-streamed) body as it arrives, within the byte limit.
    static void collectBody(QNetworkReply* reply, const std::shared_ptr<ReplyWatch>& watch)
    {
        QObject::connect(reply, &QNetworkReply::readyRead, reply,
                         [reply, watch] { watch->body.append(readCapped(reply, *watch)); });
    }
};

GeminiClient::GeminiClient(ClientSettings settings, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->settings = std::move(settings);
    d->applySettings();
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
    d->applySettings();
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
        it.value()->end(it.key(), Cut::Cancelled);
    }
}

QCoro::Task<GenerateResult> GeminiClient::generate(QString key, GenerateRequest request, CancelToken* cancelToken,
                                                   qint64 timeLimitMs)
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
    const auto watch = d->track(reply, false, timeLimitMs, cancel.data());
    Private::collectBody(reply, watch);
    QPointer<GeminiClient> self(this);

    co_await reply;

    watch->body.append(readCapped(reply, *watch));
    const QByteArray body = std::exchange(watch->body, QByteArray());
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
                                                 CancelToken* cancelToken, qint64 timeLimitMs)
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
    const auto watch = d->track(reply, true, timeLimitMs, cancel.data());
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
    auto readAvailable = [state, handleEvents, reply, watch] {
        const QByteArray bytes = readCapped(reply, *watch);
        if (bytes.isEmpty())
            return;
        const int status = httpStatusOf(reply);
        if (status >= 200 && status < 300) {
            const QList<QByteArray> events = state->parser.feed(bytes);
            // Only a complete event counts as life: a byte a second, or comments, do not hold the stream open.
            if (!events.isEmpty() && watch->idle && watch->idle->isActive())
                watch->idle->start();
            handleEvents(events);
        } else {
            state->errorBody.append(bytes);
        }
    };
    QObject::connect(reply, &QNetworkReply::readyRead, reply, readAvailable);

    co_await reply;

    readAvailable();
    if (auto failure = failureOf(reply, *watch, state->errorBody)) {
        result.outcome = *failure;
        // A cut stream is a transport error after 200: say so rather than quoting the socket error.
        if (watch->cut == Cut::None && state->chunks > 0)
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
        const auto watch = d->track(reply, false, 0, cancel.data());
        Private::collectBody(reply, watch);

        co_await reply;

        watch->body.append(readCapped(reply, *watch));
        const QByteArray body = std::exchange(watch->body, QByteArray());
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

QCoro::Task<UploadResult> GeminiClient::uploadFile(QString key, QString displayName, QString mimeType, QByteArray data,
                                                   CancelToken* cancelToken, qint64 timeLimitMs)
{
    UploadResult result;
    QPointer<CancelToken> cancel(cancelToken);
    QPointer<GeminiClient> self(this);
    QElapsedTimer clock;
    clock.start();
    if (cancel && cancel->isCancelled()) {
        result.outcome = ErrorClassifier::classifyTransport(0, {}, false, true);
        co_return result;
    }
    // 1. start: the file's name, type and size; Google answers with the address the bytes go to.
    QUrl startUrl = d->settings.baseUrl;
    QString prefix = startUrl.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    startUrl.setPath(prefix + QStringLiteral("/upload/") + d->settings.apiVersion + QStringLiteral("/files"));
    startUrl.setQuery(QString());
    QNetworkRequest start = d->makeRequest(startUrl, key, true);
    start.setRawHeader("X-Goog-Upload-Protocol", "resumable");
    start.setRawHeader("X-Goog-Upload-Command", "start");
    start.setRawHeader("X-Goog-Upload-Header-Content-Length", QByteArray::number(data.size()));
    start.setRawHeader("X-Goog-Upload-Header-Content-Type", mimeType.toUtf8());
    const QByteArray startBody =
        QJsonDocument(QJsonObject{{QStringLiteral("file"), QJsonObject{{QStringLiteral("displayName"), displayName}}}})
            .toJson(QJsonDocument::Compact);
    QNetworkReply* reply = d->nam->post(start, startBody);
    auto watch = d->track(reply, false, timeLimitMs, cancel.data());
    Private::collectBody(reply, watch);

    co_await reply;

    watch->body.append(readCapped(reply, *watch));
    QByteArray body = std::exchange(watch->body, QByteArray());
    std::optional<Outcome> failure = failureOf(reply, *watch, body);
    const QUrl uploadUrl(QString::fromUtf8(reply->rawHeader("X-Goog-Upload-URL")));
    const int startStatus = httpStatusOf(reply);
    if (self)
        self->d->inFlight.remove(reply);
    reply->deleteLater();
    if (!failure && (!uploadUrl.isValid() || uploadUrl.isEmpty()))
        failure = Outcome::failure(OutcomeClass::ServerError, startStatus,
                                   tr("The server did not say where to upload the file. Try again later."));
    // The key goes with the bytes: only to the server it was meant for.
    if (!failure && (uploadUrl.scheme() != startUrl.scheme() || uploadUrl.host() != startUrl.host() ||
                     uploadUrl.port(startUrl.scheme() == QLatin1String("https") ? 443 : 80) !=
                         startUrl.port(startUrl.scheme() == QLatin1String("https") ? 443 : 80)))
        failure = Outcome::failure(OutcomeClass::RequestError, startStatus,
                                   tr("The server asked for the file to be uploaded to another host (%1); it was "
                                      "not sent there.")
                                       .arg(uploadUrl.host()));
    if (failure || !self) {
        result.outcome = failure ? *failure : ErrorClassifier::classifyTransport(0, {}, false, true);
        result.outcome.latencyMs = clock.elapsed();
        co_return result;
    }

    // 2. upload, finalize: the bytes; the answer is the File.
    QNetworkRequest upload = d->makeRequest(uploadUrl, key, false);
    upload.setRawHeader("X-Goog-Upload-Command", "upload, finalize");
    upload.setRawHeader("X-Goog-Upload-Offset", "0");
    upload.setHeader(QNetworkRequest::ContentTypeHeader, mimeType.toUtf8());
    const qint64 left = timeLimitMs > 0 ? std::max<qint64>(1, timeLimitMs - clock.elapsed()) : 0;
    reply = d->nam->post(upload, data);
    watch = d->track(reply, false, left, cancel.data());
    Private::collectBody(reply, watch);

    co_await reply;

    watch->body.append(readCapped(reply, *watch));
    body = std::exchange(watch->body, QByteArray());
    failure = failureOf(reply, *watch, body);
    const int status = httpStatusOf(reply);
    if (self)
        self->d->inFlight.remove(reply);
    reply->deleteLater();
    if (failure) {
        result.outcome = *failure;
    } else {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QJsonObject file = doc.object().value(QLatin1String("file")).toObject();
        result.file = UploadedFile::fromJson(file);
        if (!doc.isObject() || doc.object().value(QLatin1String("error")).isObject()) {
            result.outcome = ErrorClassifier::classifyHttp(status, body);
        } else if (result.file.uri.isEmpty()) {
            result.outcome = Outcome::failure(OutcomeClass::ServerError, status,
                                              tr("The server took the file but did not name it. Try again later."));
        } else {
            result.outcome = Outcome::success();
            result.outcome.httpStatus = status;
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
