#include "GenerateRequest.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace egb {

Part Part::inlineFile(const QString& mimeType, const QByteArray& bytes)
{
    Part part;
    part.mimeType = mimeType;
    part.inlineData = bytes;
    return part;
}

Part Part::uploadedFile(const QString& mimeType, const QString& fileUri)
{
    Part part;
    part.mimeType = mimeType;
    part.fileUri = fileUri;
    return part;
}

namespace {

Content textTurn(const QString& role, const QString& text)
{
    Part part;
    part.text = text;
    return Content{role, {part}};
}

} // namespace

Content Content::user(const QString& text)
{
    return textTurn(QStringLiteral("user"), text);
}

Content Content::model(const QString& text)
{
    return textTurn(QStringLiteral("model"), text);
}

qint64 Content::inlineBytes() const
{
    qint64 bytes = 0;
    for (const Part& part : parts)
        bytes += part.inlineData.size();
    return bytes;
}

QString Content::text() const
{
    QString out;
    for (const Part& part : parts) {
        if (!part.thought)
            out += part.text;
    }
    return out;
}

QJsonObject Content::toJson() const
{
    QJsonArray jsonParts;
    for (const Part& part : parts) {
        if (!part.inlineData.isEmpty()) {
            jsonParts.append(
                QJsonObject{{QStringLiteral("inlineData"),
                             QJsonObject{{QStringLiteral("mimeType"), part.mimeType},
                                         {QStringLiteral("data"), QString::fromLatin1(part.inlineData.toBase64())}}}});
            continue;
        }
        if (!part.fileUri.isEmpty()) {
            jsonParts.append(
                QJsonObject{{QStringLiteral("fileData"), QJsonObject{{QStringLiteral("mimeType"), part.mimeType},
                                                                     {QStringLiteral("fileUri"), part.fileUri}}}});
            continue;
        }
        QJsonObject p{{QStringLiteral("text"), part.text}};
        if (part.thought)
            p.insert(QStringLiteral("thought"), true);
        jsonParts.append(p);
    }
    QJsonObject obj{{QStringLiteral("parts"), jsonParts}};
    if (!role.isEmpty())
        obj.insert(QStringLiteral("role"), role);
    return obj;
}

bool GenerationConfig::isEmpty() const
{
    return !temperature && !topP && !topK && !maxOutputTokens && !candidateCount && !thinkingBudget &&
           stopSequences.isEmpty();
}

QJsonObject GenerationConfig::toJson() const
{
    QJsonObject obj;
    if (temperature)
        obj.insert(QStringLiteral("temperature"), *temperature);
    if (topP)
        obj.insert(QStringLiteral("topP"), *topP);
    if (topK)
        obj.insert(QStringLiteral("topK"), *topK);
    if (maxOutputTokens)
        obj.insert(QStringLiteral("maxOutputTokens"), *maxOutputTokens);
    if (candidateCount)
        obj.insert(QStringLiteral("candidateCount"), *candidateCount);
    if (!stopSequences.isEmpty())
        obj.insert(QStringLiteral("stopSequences"), QJsonArray::fromStringList(stopSequences));
    if (thinkingBudget)
        obj.insert(QStringLiteral("thinkingConfig"), QJsonObject{{QStringLiteral("thinkingBudget"), *thinkingBudget}});
    return obj;
}

QString GenerateRequest::defaultModel()
{
    return QStringLiteral("gemini-2.5-flash");
}

GenerateRequest GenerateRequest::fromPrompt(const QString& prompt, const QString& model)
{
    GenerateRequest request;
    request.model = model;
    request.contents.append(Content::user(prompt));
    return request;
}

QString GenerateRequest::modelId() const
{
    QString id = model.trimmed();
    if (id.startsWith(QLatin1String("models/")))
        id = id.mid(7);
    return id;
}

QString GenerateRequest::lastUserText() const
{
    for (auto it = contents.crbegin(); it != contents.crend(); ++it) {
        if (it->role == QLatin1String("user") || it->role.isEmpty())
            return it->text();
    }
    return {};
}

qint64 GenerateRequest::inlineBytes() const
{
    qint64 bytes = 0;
    for (const Content& content : contents)
        bytes += content.inlineBytes();
    return bytes;
}

QJsonObject GenerateRequest::toJson() const
{
    QJsonArray jsonContents;
    for (const Content& content : contents)
        jsonContents.append(content.toJson());
    QJsonObject obj{{QStringLiteral("contents"), jsonContents}};
    if (!systemInstruction.isEmpty()) {
        obj.insert(QStringLiteral("systemInstruction"),
                   QJsonObject{{QStringLiteral("parts"),
                                QJsonArray{QJsonObject{{QStringLiteral("text"), systemInstruction}}}}});
    }
    if (!generationConfig.isEmpty())
        obj.insert(QStringLiteral("generationConfig"), generationConfig.toJson());
    return obj;
}

QByteArray GenerateRequest::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

} // namespace egb
