#pragma once

#include "Outcome.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace egb {

/// What a generateContent response (or one streaming chunk of it) says, read from the first candidate.
struct GenerateResponse
{
    QString text;         ///< the answer: text parts of candidates[0] without "thought": true
    QString thoughtText;  ///< thinking text (parts with "thought": true), kept apart from the answer
    QString finishReason; ///< "STOP", "MAX_TOKENS", "SAFETY", ... ; empty in intermediate stream chunks
    TokenUsage usage;     ///< usageMetadata (a stream's last chunk carries the full counts)
    QString modelVersion;
    QString responseId;
    QString blockReason;    ///< promptFeedback.blockReason: the prompt was blocked (no candidates)
    int candidateCount = 0; ///< how many candidates the JSON held
    QJsonObject raw;        ///< the JSON object this was read from (the last chunk's for merged streams)

    bool hasCandidates() const { return candidateCount > 0; }
    bool isBlocked() const { return !blockReason.isEmpty(); }

    /// Reads a response object. Does not judge it (ErrorClassifier::classifyResponse does).
    static GenerateResponse fromJson(const QJsonObject& json);
    /// Parses bytes holding one JSON object; nullopt (and *error set) when they are not a JSON object.
    static std::optional<GenerateResponse> parse(const QByteArray& json, QString* error = nullptr);

    /// Folds a streaming chunk into this aggregate: text appended, the latest finishReason/usage/ids kept.
    void merge(const GenerateResponse& chunk);
};

/// One attempt of generate/stream: the response (possibly partial) and how the attempt ended.
/// outcome.isSuccess() means `response` is a complete answer; outcome.usage/latencyMs are filled.
struct GenerateResult
{
    GenerateResponse response;
    Outcome outcome;
    bool ok() const { return outcome.isSuccess(); }
};

} // namespace egb

Q_DECLARE_METATYPE(egb::GenerateResponse)
Q_DECLARE_METATYPE(egb::GenerateResult)
