#pragma once

#include "ProxyRoute.h"

#include <QByteArrayView>
#include <QStringView>

namespace egb {

/// Maps a caller's method and decoded path to a ProxyRoute. Pure, no I/O (fuzzed in fuzz/fuzz_proxyrequest.cpp).
///
/// Native paths under /v1beta and /v1: models (GET), models/{m} (GET), models/{m}:generateContent,
/// :streamGenerateContent, :countTokens, :embedContent, :batchEmbedContents (POST). OpenAI-compatible under
/// /openai/v1 (also /v1beta/openai and /v1/openai): chat/completions, embeddings (POST), models[/{m}] (GET).
/// Files API: POST /upload/{v}/files (upload start), POST or PUT /upload/{v}/files/sessions/{id} (the upload URL the
/// proxy hands out), GET /{v}/files, GET and DELETE /{v}/files/{id}.
/// A model name (and a file or session id) is letters, digits, '.', '-' and '_', not starting with '.' nor holding
/// ".."; anything else is not found.
class ProxyRouter
{
public:
    static ProxyRoute route(QByteArrayView method, QStringView path);
    /// True for a usable model id ("gemini-2.5-flash").
    static bool isModelName(QStringView name);
};

} // namespace egb
