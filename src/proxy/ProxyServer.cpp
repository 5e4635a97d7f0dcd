#include "ProxyServer.h"

#include "AccessTokenStore.h"
#include "CancelToken.h"
#include "Dispatcher.h"
#include "KeyPool.h"
#include "PassThroughClient.h"
#include "ProxyConnection.h"
#include "ProxyErrorBody.h"
#include "ProxyFileRegistry.h"
#include "ProxyRouter.h"
#include "ProxyTcpServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>
#include <cctype>

namespace egb {

struct ProxyServer::Exchange
{
    ProxyRequestRecord record;
    QPointer<ProxyConnection> conn;
    int seq = 0;
    QByteArray method;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QList<HttpHeader> uploadHeaders; ///< the caller's X-Goog-Upload-* (Files API), passed on as sent
    QByteArray host;                 ///< the caller's Host header: where the upload URL we hand out points
    QString token;
    std::unique_ptr<CancelToken> cancel = std::make_unique<CancelToken>();
    QElapsedTimer clock;
};

struct ProxyServer::Private
{
    QPointer<Dispatcher> dispatcher;
    QPointer<PassThroughClient> client;
    QPointer<AccessTokenStore> tokens;
    ProxySettings settings;
    QPointer<ProxyTcpServer> tcp;
    QString error;
    quint64 nextId = 1;
    QList<std::weak_ptr<Exchange>> exchanges;
    ProxyFileRegistry files;
};

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    default:
        return "UNKNOWN";
    }
}

const QList<HttpHeader>& jsonType()
{
    static const QList<HttpHeader> headers{{"Content-Type", "application/json; charset=UTF-8"}};
    return headers;
}

/// The token a caller sent where it would send a Gemini key.
QString callerToken(const QHttpServerRequest& request, const QUrlQuery& query)
{
    const QByteArray googleKey = request.value(QByteArrayLiteral("x-goog-api-key")).trimmed();
    if (!googleKey.isEmpty())
        return QString::fromUtf8(googleKey);
    const QByteArray auth = request.value(QByteArrayLiteral("authorization")).trimmed();
    if (auth.size() > 7 && auth.left(7).toLower() == "bearer ")
        return QString::fromUtf8(auth.mid(7).trimmed());
    return query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
}

} // namespace

ProxyServer::ProxyServer(Dispatcher* dispatcher, PassThroughClient* client, AccessTokenStore* tokens,
                         ProxySettings settings, QObject* parent)
    : QAbstractHttpServer(parent)
    , d(std::make_unique<Private>())
{
    d->dispatcher = dispatcher;
    d->client = client;
    d->tokens = tokens;
    d->settings = std::move(settings);
}

ProxyServer::~ProxyServer()
{
    stop();
}

const ProxySettings& ProxyServer::settings() const
{
    return d->settings;
}

bool ProxyServer::start()
{
    if (isListening())
        return true;
    QHostAddress address;
    if (d->settings.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(d->settings.host)) {
        d->error = tr("\"%1\" is not an IP address to listen on. Use 127.0.0.1 (this computer only) or the address "
                      "of one of this computer's network interfaces.")
                       .arg(d->settings.host);
        return false;
    }
    auto* tcp = new ProxyTcpServer(d->settings, this);
    if (!tcp->listen(address, d->settings.port)) {
        d->error = tr("Cannot listen on %1:%2: %3. Choose another port (or 0 for any free port).")
                       .arg(d->settings.host)
                       .arg(d->settings.port)
                       .arg(tcp->errorString());
        delete tcp;
        return false;
    }
    connect(tcp, &ProxyTcpServer::connectionCountChanged, this, &ProxyServer::connectionCountChanged);
    bind(tcp);
    d->tcp = tcp;
    d->error.clear();
    return true;
}

void ProxyServer::stop()
{
    for (const auto& weak : std::as_const(d->exchanges)) {
        if (auto ex = weak.lock())
            ex->cancel->cancel();
    }
    if (!d->tcp)
        return;
    d->tcp->close();
    const auto sockets = d->tcp->findChildren<QTcpSocket*>(QString(), Qt::FindDirectChildrenOnly);
    for (QTcpSocket* socket : sockets)
        socket->abort();
    d->tcp->deleteLater();
    d->tcp = nullptr;
}

bool ProxyServer::isListening() const
{
    return d->tcp && d->tcp->isListening();
}

quint16 ProxyServer::port() const
{
    return d->tcp ? d->tcp->serverPort() : 0;
}

QString ProxyServer::address() const
{
    QString host = d->settings.host;
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

QString ProxyServer::errorString() const
{
    return d->error;
}

int ProxyServer::activeRequests() const
{
    int n = 0;
    for (const auto& weak : std::as_const(d->exchanges))
        n += weak.expired() ? 0 : 1;
    return n;
}

int ProxyServer::connectionCount() const
{
    return d->tcp ? d->tcp->connectionCount() : 0;
}

void ProxyServer::missingHandler(const QHttpServerRequest&, QTcpSocket* socket)
{
    socket->disconnectFromHost(); // not reached: handleRequest answers everything
}

bool ProxyServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    auto* conn = socket->findChild<ProxyConnection*>(QString(), Qt::FindDirectChildrenOnly);
    if (!conn)
        conn = new ProxyConnection(socket, d->settings);
    conn->requestParsed();

    // QtHttpServer reuses `request` for the next request on this socket and may delete it with the socket: copy.
    auto ex = std::make_shared<Exchange>();
    ex->clock.start();
    ex->conn = conn;
    ex->method = methodName(request.method());
    ex->path = request.url().path();
    ex->query = QUrlQuery(request.url());
    ex->body = request.body();
    ex->contentType = request.value(QByteArrayLiteral("content-type"));
    const QList<QPair<QByteArray, QByteArray>> headers = request.headers();
    for (const auto& header : headers) {
        if (header.first.toLower().startsWith("x-goog-upload-"))
            ex->uploadHeaders.append({header.first, header.second});
    }
    ex->host = request.value(QByteArrayLiteral("host"));
    ex->token = callerToken(request, ex->query);
    const bool keepAlive = request.value(QByteArrayLiteral("connection")).toLower() != "close";
    ex->seq = conn->open(keepAlive, ex->cancel.get());
    ex->record.id = d->nextId++;
    ex->record.startedMs = QDateTime::currentMSecsSinceEpoch();
    ex->record.method = QString::fromLatin1(ex->method);
    ex->record.path = ex->path;
    d->exchanges.removeIf([](const std::weak_ptr<Exchange>& w) { return w.expired(); });
    d->exchanges.append(ex);
    serve(ex); // runs until its first wait; the task frees itself when it ends
    return true;
}

QCoro::Task<void> ProxyServer::serve(std::shared_ptr<Exchange> ex)
{
    QPointer<ProxyServer> self(this);
    Q_EMIT requestStarted(ex->record);
    ProxyRoute route = ProxyRouter::route(ex->method, ex->path);
    const bool openAiShape = route.openAi || ex->path.startsWith(QLatin1String("/openai/"));
    auto finish = [this, ex](int status, const QString& error) {
        ex->record.finished = true;
        ex->record.status = status;
        ex->record.error = error;
        ex->record.latencyMs = ex->clock.elapsed();
        Q_EMIT requestFinished(ex->record);
    };
    auto answerError = [ex, openAiShape, &finish](int status, const QString& message) {
        if (ex->conn)
            ex->conn->respond(ex->seq, status, jsonType(),
                              openAiShape ? ProxyErrorBody::openAi(status, message)
                                          : ProxyErrorBody::google(status, message));
        finish(status, message);
    };

    // Who is calling: a token of ours, or nobody (the pool is not touched).
    ex->record.tokenId = d->tokens ? d->tokens->verify(ex->token) : 0;
    if (ex->record.tokenId == 0) {
        answerError(401, ex->token.isEmpty()
                             ? tr("The proxy needs an access token. Make one with \"egb tokens add\" (or on the "
                                  "Proxy page) and send it as the API key.")
                             : tr("This access token is not valid for the proxy. Make one with \"egb tokens add\" "
                                  "(or on the Proxy page) and send it as the API key."));
        co_return;
    }
    if (route.kind == ProxyRoute::Kind::MethodNotAllowed) {
        answerError(405, tr("%1 is not allowed on %2.").arg(QString::fromLatin1(ex->method), ex->path));
        co_return;
    }
    if (!route.found()) {
        answerError(404, tr("The proxy does not serve %1 %2.").arg(QString::fromLatin1(ex->method), ex->path));
        co_return;
    }
    ex->record.model = route.model;
    bool streamRequested = false;
    if (route.takesBody() && !route.isFiles()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(ex->body, &parseError);
        if (!doc.isObject()) {
            answerError(400, ex->body.trimmed().isEmpty() ? tr("The request has no body; it needs a JSON object.")
                                                          : tr("The request body is not a JSON object (%1 at byte %2).")
                                                                .arg(parseError.errorString())
                                                                .arg(parseError.offset));
            co_return;
        }
        if (route.openAi) {
            streamRequested = doc.object().value(QLatin1String("stream")).toBool();
            QString model = doc.object().value(QLatin1String("model")).toString();
            if (model.startsWith(QLatin1String("models/")))
                model = model.mid(7);
            route.model = model;
            ex->record.model = model;
        }
    }
    if (!d->dispatcher || !d->client) {
        answerError(503, tr("The proxy is shutting down."));
        co_return;
    }

    // Files (DESIGN: a file belongs to the project of the key that uploaded it): the calls that name a file the
    // proxy uploaded go with a key of that project, and so do generate calls whose body refers to one.
    QString pinned;
    std::optional<ProxyFileRegistry::Upload> session;
    if (route.kind == ProxyRoute::Kind::FileUploadData) {
        session = d->files.upload(route.fileId);
        if (!session) {
            answerError(404, tr("This upload URL is not known to the proxy (it was restarted, or the upload is older "
                                "than 48 hours). Start the upload again."));
            co_return;
        }
        pinned = session->project;
    } else if (route.kind == ProxyRoute::Kind::FileGet || route.kind == ProxyRoute::Kind::FileDelete) {
        pinned = d->files.projectOf(QStringLiteral("files/") + route.fileId);
    } else if (route.kind == ProxyRoute::Kind::Generate || route.kind == ProxyRoute::Kind::Stream ||
               route.kind == ProxyRoute::Kind::CountTokens) {
        const QStringList projects = d->files.projectsFor(ex->body);
        if (projects.size() > 1) {
            answerError(400, tr("The request refers to files uploaded with keys of %n different project(s); Gemini "
                                "lets a request read the files of one project only. Upload the files again, in one "
                                "go, and refer to those.",
                                nullptr, int(projects.size())));
            co_return;
        }
        pinned = projects.value(0);
    }

    PassThroughRequest request;
    request.method = route.method;
    request.apiVersion = route.apiVersion;
    request.path = route.upstreamPath;
    request.query = ex->query;
    request.query.removeAllQueryItems(QStringLiteral("key")); // the caller's token never goes upstream
    request.body = ex->body;
    const QByteArray defaultType = route.kind == ProxyRoute::Kind::FileUploadData
                                       ? QByteArrayLiteral("application/octet-stream")
                                       : QByteArrayLiteral("application/json");
    request.contentType =
        route.takesBody() ? (ex->contentType.isEmpty() ? defaultType : ex->contentType) : QByteArray();
    request.upload = route.kind == ProxyRoute::Kind::FileUploadStart;
    if (session)
        request.url = session->upstream;
    if (route.isFiles())
        request.headers = ex->uploadHeaders;
    request.auth = route.openAi ? PassThroughRequest::Auth::Bearer : PassThroughRequest::Auth::GoogleHeader;
    request.kind = route.passThroughKind(streamRequested);
    request.model = ex->record.model;
    ex->record.streamed = request.kind == PassThroughRequest::Kind::Stream;

    struct StreamState
    {
        bool started = false;
    };
    auto state = std::make_shared<StreamState>();
    QPointer<PassThroughClient> client = d->client;
    QPointer<ProxyConnection> conn = ex->conn;
    const int seq = ex->seq;
    QPointer<CancelToken> cancel = ex->cancel.get();
    auto op = [client, request, conn, seq, state, cancel](const KeyLease& lease) -> QCoro::Task<PassThroughResult> {
        if (!client) {
            PassThroughResult r;
            r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("The proxy is shutting down."));
            co_return r;
        }
        auto onHead = [conn, seq, state](int status, const QList<HttpHeader>& headers) {
            state->started = true;
            if (conn)
                conn->startStream(seq, status, headers);
        };
        auto onData = [conn, seq](const QByteArray& bytes) {
            if (conn)
                conn->streamData(seq, bytes);
        };
        PassThroughResult r = co_await client->send(lease.secret(), request, onHead, onData, cancel.data());
        // The caller has bytes of this answer: no other key may start over. A failure now ends the stream.
        if (r.streamed && !r.outcome.isSuccess() && cancel)
            cancel->cancel();
        co_return r;
    };
    if (route.kind == ProxyRoute::Kind::FilesList) {
        // The files of every project the proxy uploaded to (48 h), one pinned listing per project, all pages merged
        // into one answer without a nextPageToken. Files uploaded past the proxy are not listed.
        const QStringList projects = d->files.projects();
        QJsonArray merged;
        for (const QString& project : projects) {
            QString pageToken;
            for (int page = 0; page < 50; ++page) {
                PassThroughRequest one = request;
                one.query = QUrlQuery();
                one.query.addQueryItem(QStringLiteral("pageSize"), QStringLiteral("100"));
                if (!pageToken.isEmpty())
                    one.query.addQueryItem(QStringLiteral("pageToken"), pageToken);
                auto listOp = [client, one, cancel](const KeyLease& lease) -> QCoro::Task<PassThroughResult> {
                    if (!client) {
                        PassThroughResult r;
                        r.outcome = Outcome::failure(OutcomeClass::Cancelled, 0, tr("The proxy is shutting down."));
                        co_return r;
                    }
                    co_return co_await client->send(lease.secret(), one, {}, {}, cancel.data());
                };
                const Dispatched<PassThroughResult> listed =
                    co_await d->dispatcher->execute(std::move(listOp), ex->cancel.get(), {}, nullptr, project);
                if (!self)
                    co_return;
                if (!listed.ok()) {
                    const int status = listed.value.httpStatus >= 400 ? listed.value.httpStatus : 502;
                    answerError(status, tr("Easy Gemini Balance proxy: listing the files of project %1 failed: %2")
                                            .arg(project, listed.errorMessage.isEmpty() ? listed.outcome.message
                                                                                        : listed.errorMessage));
                    co_return;
                }
                const QJsonObject body = QJsonDocument::fromJson(listed.value.body).object();
                const QJsonArray files = body.value(QLatin1String("files")).toArray();
                for (const QJsonValue& f : files)
                    merged.append(f);
                pageToken = body.value(QLatin1String("nextPageToken")).toString();
                if (pageToken.isEmpty())
                    break;
            }
        }
        QJsonObject answer;
        if (!merged.isEmpty())
            answer.insert(QStringLiteral("files"), merged);
        if (ex->conn)
            ex->conn->respond(ex->seq, 200, jsonType(), QJsonDocument(answer).toJson(QJsonDocument::Compact));
        finish(200, QString());
        co_return;
    }

    // Keys are picked for the model the caller spends: a 429 rests that (project, model) bucket and the request log
    // names the model. A request about a file the proxy uploaded is pinned to the file's project.
    const Dispatched<PassThroughResult> result =
        co_await d->dispatcher->execute(std::move(op), ex->cancel.get(), route.quotaModel(), nullptr, pinned);
    if (!self)
        co_return;

    const PassThroughResult& answer = result.value;
    ex->record.attempts = int(result.attempts.size());
    if (!result.attempts.isEmpty())
        ex->record.maskedKey = result.attempts.last().maskedKey;
    const OutcomeClass kind = result.outcome.kind;
    const QString message = result.errorMessage.isEmpty() ? result.outcome.message : result.errorMessage;

    if (state->started) {
        if (!result.ok() && ex->conn && ex->conn->isOpen()) {
            const QByteArray event =
                route.openAi ? "data: " + ProxyErrorBody::openAi(502, message) + "\n\n"
                             : "data: " +
                                   ProxyErrorBody::google(
                                       result.outcome.httpStatus >= 400 ? result.outcome.httpStatus : 500, message) +
                                   "\r\n\r\n";
            ex->conn->streamData(ex->seq, event);
        }
        if (ex->conn)
            ex->conn->endStream(ex->seq);
        finish(result.ok() ? answer.httpStatus : (ex->conn && ex->conn->isOpen() ? answer.httpStatus : 499),
               result.ok() ? QString() : message);
        co_return;
    }
    if (result.ok()) {
        QList<HttpHeader> headers = answer.headers.isEmpty() ? jsonType() : answer.headers;
        if (route.kind == ProxyRoute::Kind::FileUploadStart) {
            // Google's upload URL becomes one of ours: the bytes come through the proxy (a pool key is added there)
            // and the caller never learns where the session lives upstream.
            const auto upload = std::find_if(headers.begin(), headers.end(), [](const HttpHeader& h) {
                return h.first.toLower() == "x-goog-upload-url";
            });
            const QUrl upstream = upload != headers.end() ? QUrl(QString::fromUtf8(upload->second)) : QUrl();
            const QUrl base = d->client ? d->client->settings().baseUrl : QUrl();
            const bool sameHost = upstream.isValid() && upstream.scheme() == base.scheme() &&
                                  upstream.host() == base.host() && upstream.port(-1) == base.port(-1);
            const qint64 keyId = result.attempts.isEmpty() ? 0 : result.attempts.last().keyId;
            const QString project =
                d->dispatcher && d->dispatcher->pool() ? d->dispatcher->pool()->projectOf(keyId) : QString();
            if (!sameHost || project.isEmpty()) {
                answerError(502, tr("Easy Gemini Balance proxy: Gemini's answer to the upload did not hold an upload "
                                    "URL on the Gemini host; the upload was stopped."));
                co_return;
            }
            const QString id = d->files.beginUpload(upstream, project, route.apiVersion);
            QByteArray host = ex->host;
            const bool plainHost = !host.isEmpty() && std::all_of(host.cbegin(), host.cend(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '-' || c == '[' ||
                       c == ']';
            });
            const QString origin = plainHost ? QStringLiteral("http://") + QString::fromLatin1(host) : address();
            upload->second =
                (origin + QLatin1String("/upload/") + route.apiVersion + QLatin1String("/files/sessions/") + id)
                    .toUtf8();
        } else if (route.kind == ProxyRoute::Kind::FileUploadData && session) {
            const QString name = QJsonDocument::fromJson(answer.body)
                                     .object()
                                     .value(QLatin1String("file"))
                                     .toObject()
                                     .value(QLatin1String("name"))
                                     .toString();
            if (!name.isEmpty()) {
                d->files.remember(name, session->project);
                d->files.endUpload(route.fileId);
            }
        } else if (route.kind == ProxyRoute::Kind::FileDelete) {
            d->files.forget(QStringLiteral("files/") + route.fileId);
        }
        if (ex->conn)
            ex->conn->respond(ex->seq, answer.httpStatus, headers, answer.body);
        finish(answer.httpStatus, QString());
        co_return;
    }
    if (kind == OutcomeClass::Cancelled) {
        if (ex->conn && ex->conn->isOpen())
            answerError(503, tr("The proxy is shutting down."));
        else
            finish(499, tr("The caller went away."));
        co_return;
    }
    const bool upstreamAnswered = answer.httpStatus > 0 && !result.attempts.isEmpty() &&
                                  (kind == OutcomeClass::RequestError || kind == OutcomeClass::ServerError);
    if (upstreamAnswered) {
        // Google's own answer: a bad request, a model not found, a blocked prompt, a server fault it kept sending.
        QByteArray body = answer.body;
        QList<HttpHeader> headers = answer.headers.isEmpty() ? jsonType() : answer.headers;
        if (route.openAi && answer.httpStatus >= 400) {
            body = ProxyErrorBody::openAiFromUpstream(answer.httpStatus, answer.body, message);
            headers = jsonType();
        } else if (route.kind == ProxyRoute::Kind::Stream && answer.httpStatus >= 400) {
            headers = jsonType(); // Google labels it text/event-stream; SDKs read JSON errors only as JSON
        }
        if (ex->conn)
            ex->conn->respond(ex->seq, answer.httpStatus, headers, body);
        finish(answer.httpStatus, message);
        co_return;
    }
    int status = 502;
    if (kind == OutcomeClass::RateLimited)
        status = 429;
    else if (kind == OutcomeClass::KeyInvalid || kind == OutcomeClass::RequestError)
        status = 503;
    answerError(status, tr("Easy Gemini Balance proxy: %1").arg(message));
}

} // namespace egb
