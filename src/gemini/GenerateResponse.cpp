#include "GenerateResponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace egb {

GenerateResponse GenerateResponse::fromJson(const QJsonObject& json)
{
    GenerateResponse r;
    r.raw = json;
    const QJsonArray candidates = json.value(QLatin1String("candidates")).toArray();
    r.candidateCount = int(candidates.size());
    if (!candidates.isEmpty()) {
        const QJsonObject first = candidates.first().toObject();
        const QJsonArray parts =
            first.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray();
        for (const QJsonValue& value : parts) {
            const QJsonObject part = value.toObject();
            const QString text = part.value(QLatin1String("text")).toString();
            if (part.value(QLatin1String("thought")).toBool())
                r.thoughtText += text;
            else
                r.text += text;
        }
        r.finishReason = first.value(QLatin1String("finishReason")).toString();
    }
    const QJsonObject usage = json.value(QLatin1String("usageMetadata")).toObject();
    r.usage.promptTokens = usage.value(QLatin1String("promptTokenCount")).toInt();
    r.usage.candidatesTokens = usage.value(QLatin1String("candidatesTokenCount")).toInt();
    r.usage.thoughtsTokens = usage.value(QLatin1String("thoughtsTokenCount")).toInt();
    r.usage.totalTokens = usage.value(QLatin1String("totalTokenCount")).toInt();
    r.modelVersion = json.value(QLatin1String("modelVersion")).toString();
    r.responseId = json.value(QLatin1String("responseId")).toString();
    r.blockReason =
        json.value(QLatin1String("promptFeedback")).toObject().value(QLatin1String("blockReason")).toString();
    return r;
}

std::optional<GenerateResponse> GenerateResponse::parse(const QByteArray& json, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return fromJson(doc.object());
}

void GenerateResponse::merge(const GenerateResponse& chunk)
{
    text += chunk.text;
    thoughtText += chunk.thoughtText;
    if (!chunk.finishReason.isEmpty())
        finishReason = chunk.finishReason;
    if (chunk.usage != TokenUsage{})
        usage = chunk.usage;
    if (!chunk.modelVersion.isEmpty())
        modelVersion = chunk.modelVersion;
    if (!chunk.responseId.isEmpty())
        responseId = chunk.responseId;
    if (!chunk.blockReason.isEmpty())
        blockReason = chunk.blockReason;
    candidateCount = std::max(candidateCount, chunk.candidateCount);
    raw = chunk.raw;
}

} // namespace egb
