#include "ProxyRouter.h"

namespace egb {

PassThroughRequest::Kind ProxyRoute::passThroughKind(bool streamRequested) const
{
    switch (kind) {
    case Kind::Generate:
        return PassThroughRequest::Kind::Generate;
    case Kind::Stream:
        return PassThroughRequest::Kind::Stream;
    case Kind::OpenAiChat:
        return streamRequested ? PassThroughRequest::Kind::Stream : PassThroughRequest::Kind::Plain;
    default:
        return PassThroughRequest::Kind::Plain;
    }
}

QString ProxyRoute::quotaModel() const
{
    switch (kind) {
    case Kind::Generate:
    case Kind::Stream:
    case Kind::Embed:
    case Kind::BatchEmbed:
    case Kind::OpenAiChat:
    case Kind::OpenAiEmbeddings:
        // An OpenAI body names any string: only a model name gets a bucket (Google refuses the rest).
        return ProxyRouter::isModelName(model) ? model : QString();
    default:
        return {};
    }
}

bool ProxyRouter::isModelName(QStringView name)
{
    // No dot segments, nor anything a URL could read as one ("..", a leading '.').
    if (name.isEmpty() || name.size() > 200 || name.startsWith(u'.') || name.contains(u".."))
        return false;
    for (QChar c : name) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' ||
                        u == '-' || u == '_';
        if (!ok)
            return false;
    }
    return true;
}

namespace {

ProxyRoute methodCheck(ProxyRoute r, QByteArrayView method, const char* want)
{
    if (method != QByteArrayView(want)) {
        r.kind = ProxyRoute::Kind::MethodNotAllowed;
        return r;
    }
    r.method = QByteArray(want);
    return r;
}

ProxyRoute methodCheck2(ProxyRoute r, QByteArrayView method, const char* one, const char* other)
{
    return methodCheck(std::move(r), method, method == QByteArrayView(other) ? other : one);
}

ProxyRoute openAiRoute(QByteArrayView method, QStringView rest)
{
    ProxyRoute r;
    r.openAi = true;
    r.apiVersion = QStringLiteral("v1beta");
    if (rest == u"chat/completions") {
        r.kind = ProxyRoute::Kind::OpenAiChat;
        r.upstreamPath = QStringLiteral("openai/chat/completions");
        return methodCheck(r, method, "POST");
    }
    if (rest == u"embeddings") {
        r.kind = ProxyRoute::Kind::OpenAiEmbeddings;
        r.upstreamPath = QStringLiteral("openai/embeddings");
        return methodCheck(r, method, "POST");
    }
    if (rest == u"models") {
        r.kind = ProxyRoute::Kind::OpenAiModels;
        r.upstreamPath = QStringLiteral("openai/models");
        return methodCheck(r, method, "GET");
    }
    if (rest.startsWith(u"models/")) {
        QStringView model = rest.mid(7);
        if (model.startsWith(u"models/"))
            model = model.mid(7);
        if (!ProxyRouter::isModelName(model))
            return {};
        r.kind = ProxyRoute::Kind::OpenAiModels;
        r.model = model.toString();
        r.upstreamPath = QStringLiteral("openai/models/") + r.model;
        return methodCheck(r, method, "GET");
    }
    return {};
}

} // namespace

ProxyRoute ProxyRouter::route(QByteArrayView method, QStringView path)
{
    while (path.endsWith(u'/') && path.size() > 1)
        path.chop(1);
    if (path.startsWith(u"/openai/v1/"))
        return openAiRoute(method, path.mid(11));
    if (path.startsWith(u"/upload/")) {
        const QStringView upload = path.mid(8);
        ProxyRoute r;
        if (upload.startsWith(u"v1beta/"))
            r.apiVersion = QStringLiteral("v1beta");
        else if (upload.startsWith(u"v1/"))
            r.apiVersion = QStringLiteral("v1");
        else
            return {};
        const QStringView rest = upload.mid(r.apiVersion.size() + 1);
        if (rest == u"files") {
            r.kind = ProxyRoute::Kind::FileUploadStart;
            r.upstreamPath = QStringLiteral("files");
            return methodCheck(r, method, "POST");
        }
        if (rest.startsWith(u"files/sessions/") && isModelName(rest.mid(15))) {
            r.kind = ProxyRoute::Kind::FileUploadData;
            r.fileId = rest.mid(15).toString();
            r.upstreamPath = QStringLiteral("files"); // unused: the session's upstream URL is Google's own
            return methodCheck2(r, method, "POST", "PUT");
        }
        return {};
    }
    QString version;
    if (path.startsWith(u"/v1beta/"))
        version = QStringLiteral("v1beta");
    else if (path.startsWith(u"/v1/"))
        version = QStringLiteral("v1");
    else if (path == u"/v1beta" || path == u"/v1")
        return {};
    else
        return {};
    QStringView rest = path.mid(version.size() + 2);
    if (rest.startsWith(u"openai/"))
        return openAiRoute(method, rest.mid(7));
    ProxyRoute r;
    r.apiVersion = version;
    if (rest == u"models") {
        r.kind = ProxyRoute::Kind::ModelsList;
        r.upstreamPath = QStringLiteral("models");
        return methodCheck(r, method, "GET");
    }
    if (rest == u"files") {
        r.kind = ProxyRoute::Kind::FilesList;
        r.upstreamPath = QStringLiteral("files");
        return methodCheck(r, method, "GET");
    }
    if (rest.startsWith(u"files/")) {
        const QStringView id = rest.mid(6);
        if (!isModelName(id))
            return {};
        r.fileId = id.toString();
        r.upstreamPath = QStringLiteral("files/") + r.fileId;
        r.kind = method == QByteArrayView("DELETE") ? ProxyRoute::Kind::FileDelete : ProxyRoute::Kind::FileGet;
        return methodCheck2(r, method, "GET", "DELETE");
    }
    if (!rest.startsWith(u"models/"))
        return {};
    const QStringView tail = rest.mid(7);
    const qsizetype colon = tail.indexOf(u':');
    if (colon < 0) {
        if (!isModelName(tail))
            return {};
        r.kind = ProxyRoute::Kind::ModelGet;
        r.model = tail.toString();
        r.upstreamPath = QStringLiteral("models/") + r.model;
        return methodCheck(r, method, "GET");
    }
    const QStringView model = tail.left(colon);
    const QStringView action = tail.mid(colon + 1);
    if (!isModelName(model))
        return {};
    if (action == u"generateContent")
        r.kind = ProxyRoute::Kind::Generate;
    else if (action == u"streamGenerateContent")
        r.kind = ProxyRoute::Kind::Stream;
    else if (action == u"countTokens")
        r.kind = ProxyRoute::Kind::CountTokens;
    else if (action == u"embedContent")
        r.kind = ProxyRoute::Kind::Embed;
    else if (action == u"batchEmbedContents")
        r.kind = ProxyRoute::Kind::BatchEmbed;
    else
        return {};
    r.model = model.toString();
    r.upstreamPath = QStringLiteral("models/") + r.model + QLatin1Char(':') + action.toString();
    return methodCheck(r, method, "POST");
}

} // namespace egb
