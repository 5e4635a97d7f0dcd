#pragma once

#include "PassThroughRequest.h"

#include <QByteArray>
#include <QString>

namespace egb {

/// Where a proxied request goes: what the proxy understood of a method and a path (ProxyRouter::route).
struct ProxyRoute
{
    enum class Kind
    {
        NotFound,         ///< no such path: 404
        MethodNotAllowed, ///< a known path with the wrong method: 405
        ModelsList,       ///< GET /v1beta/models
        ModelGet,         ///< GET /v1beta/models/{model}
        Generate,         ///< POST ...:generateContent
        Stream,           ///< POST ...:streamGenerateContent
        CountTokens,      ///< POST ...:countTokens
        Embed,            ///< POST ...:embedContent
        BatchEmbed,       ///< POST ...:batchEmbedContents
        OpenAiChat,       ///< POST /openai/v1/chat/completions (streams when the body says "stream": true)
        OpenAiModels,     ///< GET /openai/v1/models[/{model}]
        OpenAiEmbeddings, ///< POST /openai/v1/embeddings
        FileUploadStart,  ///< POST /upload/{v}/files (resumable upload, "start")
        FileUploadData,   ///< POST or PUT /upload/{v}/files/sessions/{id}: the URL the proxy handed out
        FilesList,        ///< GET /{v}/files
        FileGet,          ///< GET /{v}/files/{id}
        FileDelete,       ///< DELETE /{v}/files/{id}
    };
    Kind kind = Kind::NotFound;
    bool openAi = false;  ///< errors are answered in OpenAI's shape
    QString apiVersion;   ///< "v1beta" or "v1" (the OpenAI routes go to v1beta/openai)
    QString model;        ///< from the path (native) or, for OpenAI routes, filled in from the body
    QString fileId;       ///< FileGet / FileDelete: the file's id; FileUploadData: the proxy's upload session id
    QString upstreamPath; ///< the path after the version, for PassThroughRequest::path
    QByteArray method;    ///< the upstream method

    bool found() const { return kind != Kind::NotFound && kind != Kind::MethodNotAllowed; }
    bool takesBody() const { return method == "POST" || method == "PUT"; }
    bool isFiles() const
    {
        return kind == Kind::FileUploadStart || kind == Kind::FileUploadData || kind == Kind::FilesList ||
               kind == Kind::FileGet || kind == Kind::FileDelete;
    }
    PassThroughRequest::Kind passThroughKind(bool streamRequested) const;
    /// The model whose quota the request spends (Google counts generate and embed calls per project and model):
    /// `model` for those routes, empty for model listings and countTokens, which any key may answer.
    QString quotaModel() const;
};

} // namespace egb
