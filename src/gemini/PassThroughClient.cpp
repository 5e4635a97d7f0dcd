#include "PassThroughClient.h"

#include "CancelToken.h"
#include "ErrorClassifier.h"
#include "GenerateResponse.h"
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
#include <QSslConfiguration>
#include <QTimer>

#include <optional>
#include <vector>

namespace egb {

namespace {

struct ReplyWatch
{
    bool timedOut = false;
    bool cancelled = false;
    bool tooLarge = false;
};

QByteArray readBody(QNetworkReply* reply)
{
    return reply->isOpen() ? reply->readAll() : QByteArray();
}

int httpStatusOf(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QList<HttpHeader> answerHeaders(QNetworkReply* reply)
{
    QList<HttpHeader> headers;
    const QByteArray type = reply->rawHeader("Content-Type");
    if (!type.isEmpty())
        headers.append({QByteArrayLiteral("Content-Type"), type});
    // The Files API's resumable upload speaks in headers (X-Goog-Upload-URL, -Status, ...).
    const QList<QByteArray> names = reply->rawHeaderList();
    for (const QByteArray& name : names) {
        if (name.toLower().startsWith("x-goog-upload-"))
            headers.append({name, reply->rawHeader(name)});
    }
    return headers;
}

/// `[{"error":{...}}]` (Google's OpenAI-compatible endpoint) -> `{"error":{...}}`; anything else unchanged.
QByteArray unwrapErrorArray(const QByteArray& body)
{
    const QByteArray trimmed = body.trimmed();
    if (!trimmed.startsWith('['))
        return body;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed);
    if (!doc.isArray() || doc.array().isEmpty() || !doc.array().first().isObject())
        return body;
    return QJsonDocument(doc.array().first().toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

struct PassThroughClient::Private
{
    ClientSettings settings;
    std::vector<QNetworkAccessManager*> managers;
    QHash<QNetworkAccessManager*, int> load;
    QHash<QNetworkReply*, std::shared_ptr<ReplyWatch>> inFlight;

    QNetworkAccessManager* leastBusy()
    {
        QNetworkAccessManager* best = managers.front();
        for (QNetworkAccessManager* nam : managers) {
            if (load.value(nam) < load.value(best))
                best = nam;
        }
        return best;
    }

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

PassThroughClient::PassThroughClient(ClientSettings settings, int managers, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->settings = std::move(settings);
    for (int i = 0; i < std::max(1, managers); ++i)
        d->managers.push_back(new QNetworkAccessManager(this));
}

PassThroughClient::~PassThroughClient()
{
    abortAll();
}

const ClientSettings& PassThroughClient::settings() const
{
    return d->settings;
}

void PassThroughClient::setSettings(const ClientSettings& settings)
{
    d->settings = settings;
}

int PassThroughClient::inFlight() const
{
    return int(d->inFlight.size());
}

void PassThroughClient::abortAll()
{
    const auto replies = d->inFlight;
    for (auto it = replies.cbegin(); it != replies.cend(); ++it) {
        it.value()->cancelled = true;
        it.key()->abort();
    }
}

Outcome PassThroughClient::judgeError(int status, const QByteArray& body, const QByteArray& retryAfter)
{
    return ErrorClassifier::classifyHttp(status, unwrapErrorArray(body), retryAfter);
}

Outcome PassThroughClient::judgeAnswer(PassThroughRequest::Kind kind, int status, const QByteArray& body)
{
    if (ErrorClassifier::isErrorEnvelope(body))
        return ErrorClassifier::classifyHttp(status, body);
    if (kind == PassThroughRequest::Kind::Generate) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isObject())
            return ErrorClassifier::classifyHttp(status, body); // unreadable 2xx: a server fault
        return ErrorClassifier::classifyResponse(GenerateResponse::fromJson(doc.object()), status);
    }
    Outcome ok = Outcome::success();
    ok.httpStatus = status;
    return ok;
}

QCoro::Task<PassThroughResult> PassThroughClient::send(QString key, PassThroughRequest request, HeadHandler onHead,
                                                       DataHandler onData, CancelToken* cancelToken)
{
    PassThroughResult result;
    QPointer<CancelToken> cancel(cancelToken);
    if (cancel && cancel->isCancelled()) {
        result.outcome = ErrorClassifier::classifyTransport(0, {}, false, true);
        co_return result;
    }
    QElapsedTimer clock;
    clock.start();
    ClientSettings target = d->settings;
    if (!request.apiVersion.isEmpty())
        target.apiVersion = request.apiVersion;
    QUrl url = target.endpoint(request.path, request.query);
    if (request.upload) {
        QString prefix = target.baseUrl.path();
        while (prefix.endsWith(QLatin1Char('/')))
            prefix.chop(1);
        url.setPath(prefix + QLatin1String("/upload/") + target.apiVersion + QLatin1Char('/') + request.path);
    }
    if (request.url.isValid()) {
        url = request.url;
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("key")); // never a key in a URL
        url.setQuery(query.isEmpty() ? QString() : query.query(QUrl::FullyEncoded));
    }
    QNetworkRequest net(url);
    for (const HttpHeader& header : std::as_const(request.headers))
        net.setRawHeader(header.first, header.second);
    if (request.auth == PassThroughRequest::Auth::Bearer)
        net.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    else
        net.setRawHeader("x-goog-api-key", key.toUtf8());
    if (!request.contentType.isEmpty())
        net.setRawHeader("Content-Type", request.contentType);
    if (request.kind == PassThroughRequest::Kind::Stream)
        net.setRawHeader("Accept", "text/event-stream");
#ifdef EGB_VERSION
    net.setRawHeader("User-Agent", target.userAgent + '/' + EGB_VERSION);
#else
    net.setRawHeader("User-Agent", target.userAgent);
#endif
    net.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    net.setAttribute(QNetworkRequest::Http2AllowedAttribute, target.http2);
    if (!target.caCertificates.isEmpty() && net.url().scheme() == u"https") {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(target.caCertificates);
        net.setSslConfiguration(ssl);
    }

    QNetworkAccessManager* nam = d->leastBusy();
    d->load[nam] += 1;
    QNetworkReply* reply = request.body.isEmpty() && request.method == "GET"
                               ? nam->get(net)
                               : nam->sendCustomRequest(net, request.method, request.body);
    const bool streaming = request.kind == PassThroughRequest::Kind::Stream;
    const auto watch =
        d->track(reply, streaming ? target.streamIdleTimeoutMs : target.attemptTimeoutMs, streaming, cancel.data());
    if (streaming && target.streamTimeoutMs > 0) { // a stream is bounded in total too, however steady
        auto* total = new QTimer(reply);
        total->setSingleShot(true);
        QObject::connect(total, &QTimer::timeout, reply, [reply, watch] {
            watch->timedOut = true;
            reply->abort();
        });
        QObject::connect(reply, &QNetworkReply::finished, total, &QTimer::stop);
        total->start(target.streamTimeoutMs);
    }
    QPointer<PassThroughClient> self(this);

    struct StreamState
    {
        SseParser parser;
        bool headSent = false;
        bool sawError = false;
        std::optional<Outcome> eventError;
        GenerateResponse merged;
        QByteArray collected; // a non-2xx (or not streamed) answer
    };
    auto state = std::make_shared<StreamState>();
    const bool openAi = request.auth == PassThroughRequest::Auth::Bearer;
    const qint64 maxBytes = std::max<qint64>(0, streaming ? target.maxStreamBytes : target.maxResponseBytes);
    auto received = std::make_shared<qint64>(0);
    auto readAvailable = [state, reply, streaming, openAi, &onHead, &onData, &result, watch, maxBytes, received] {
        if (watch->tooLarge)
            return;
        const QByteArray bytes = readBody(reply);
        if (bytes.isEmpty())
            return;
        *received += bytes.size();
        if (maxBytes > 0 && *received > maxBytes) { // ClientSettings' cap: never hold an unbounded answer
            watch->tooLarge = true;
            reply->abort();
            return;
        }
        const int status = httpStatusOf(reply);
        if (!streaming || status < 200 || status >= 300) {
            state->collected.append(bytes);
            return;
        }
        if (!state->headSent) {
            state->headSent = true;
            result.streamed = true;
            if (onHead)
                onHead(status, answerHeaders(reply));
        }
        if (onData)
            onData(bytes);
        for (const QByteArray& event : state->parser.feed(bytes)) {
            if (state->eventError)
                break;
            if (openAi && event.trimmed() == "[DONE]")
                continue;
            const QJsonDocument doc = QJsonDocument::fromJson(event);
            if (doc.isObject() && doc.object().value(QLatin1String("error")).isObject()) {
                state->eventError = ErrorClassifier::classifyErrorObject(doc.object(), 200);
            } else if (!doc.isObject()) {
                state->eventError =
                    Outcome::failure(OutcomeClass::ServerError, 200,
                                     ErrorClassifier::tr("Gemini sent a stream event that could not be read."));
            } else if (!openAi) {
                state->merged.merge(GenerateResponse::fromJson(doc.object()));
            }
        }
    };
    // Read as it arrives (streams are passed on; whole answers are counted against the cap).
    QObject::connect(reply, &QNetworkReply::readyRead, reply, readAvailable);

    co_await reply;

    readAvailable();
    const int status = httpStatusOf(reply);
    result.httpStatus = status;
    result.headers = answerHeaders(reply);
    const int error = int(reply->error());
    if (watch->tooLarge) {
        result.outcome = Outcome::failure(
            OutcomeClass::RequestError, status,
            ErrorClassifier::tr("Gemini's answer is larger than the limit (%1 MB); it was stopped there and the "
                                "request is not retried.")
                .arg(double(maxBytes) / (1024.0 * 1024.0), 0, 'f', 0));
        result.body.clear();
    } else if (watch->cancelled || watch->timedOut || status == 0) {
        result.outcome =
            ErrorClassifier::classifyTransport(error, reply->errorString(), watch->timedOut, watch->cancelled);
    } else if (status < 200 || status >= 300) {
        result.body = state->collected;
        result.outcome = judgeError(status, result.body, reply->rawHeader("Retry-After"));
    } else if (error > 0 && error < 100) { // the connection broke after a 2xx head
        result.outcome = ErrorClassifier::classifyTransport(error, reply->errorString(), false, false);
        result.outcome.httpStatus = status;
        result.body = state->collected;
    } else if (!streaming) {
        result.body = state->collected;
        result.outcome = judgeAnswer(request.kind, status, result.body);
    } else {
        state->parser.finish();
        if (state->eventError) {
            result.outcome = *state->eventError;
        } else if (!openAi && state->merged.hasCandidates() && state->merged.finishReason.isEmpty()) {
            result.outcome =
                Outcome::failure(OutcomeClass::ServerError, status,
                                 ErrorClassifier::tr("The stream was cut short before the answer was complete."));
        } else if (!openAi && state->parser.eventCount() > 0) {
            result.outcome = ErrorClassifier::classifyResponse(state->merged, status);
        } else {
            result.outcome = Outcome::success();
            result.outcome.httpStatus = status;
        }
    }
    result.outcome.latencyMs = clock.elapsed();
    if (self) {
        self->d->inFlight.remove(reply);
        self->d->load[nam] -= 1;
    }
    QObject::disconnect(reply, &QNetworkReply::readyRead, reply, nullptr);
    reply->deleteLater();
    co_return result;
}

} // namespace egb
