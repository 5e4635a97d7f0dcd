#pragma once

#include "Outcome.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace egb {

/// One HTTP header as it travels: name and value bytes.
using HttpHeader = QPair<QByteArray, QByteArray>;

/// A request passed through to Gemini as a client sent it (the local proxy): only the key is added.
struct PassThroughRequest
{
    enum class Auth
    {
        GoogleHeader, ///< x-goog-api-key: KEY (the native API)
        Bearer,       ///< Authorization: Bearer KEY (Google's OpenAI-compatible endpoint)
    };
    /// What a 2xx answer means for the key's health.
    enum class Kind
    {
        Plain,    ///< any 2xx that is not an error envelope is a success (models, countTokens, embeddings)
        Generate, ///< judged like generateContent: candidates, blocked prompt, empty answer
        Stream,   ///< SSE passed on as it arrives; a mid-stream {"error":...} or a cut stream is a failure
    };

    QByteArray method = QByteArrayLiteral("POST");
    QString apiVersion; ///< "v1beta" or "v1"; empty = the client settings' version
    QString path;       ///< after the version, no leading slash: "models/gemini-2.5-flash:generateContent"
    QUrlQuery query;    ///< as the client sent it, without any key
    QByteArray body;    ///< as the client sent it
    QByteArray contentType;
    Auth auth = Auth::GoogleHeader;
    Kind kind = Kind::Plain;
    QString model; ///< the model the request is for (for the pool's bookkeeping), may be empty
    /// Files API: the path is under /upload/{version}/ (the resumable upload's start) instead of /{version}/.
    bool upload = false;
    /// When valid, the whole upstream URL instead of version, path and query: an upload session URL Google handed
    /// out (the caller checks it points at the configured host). The key still goes in the header only.
    QUrl url;
    /// Headers passed on as the client sent them (the Files API's X-Goog-Upload-*), besides the content type.
    QList<HttpHeader> headers;
};

/// How one pass-through attempt ended.
struct PassThroughResult
{
    Outcome outcome;           ///< classified like any attempt (ErrorClassifier)
    int httpStatus = 0;        ///< Gemini's status; 0 when no answer came (timeout, reset, cancel)
    QList<HttpHeader> headers; ///< the answer's headers worth passing on (Content-Type, X-Goog-Upload-*)
    QByteArray body;           ///< the whole answer when it was not streamed to the caller
    bool streamed = false;     ///< bytes went to the caller's data handler (a 2xx stream began)
};

} // namespace egb
