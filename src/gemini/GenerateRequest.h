#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace egb {

/// One part of a message: text (`thought` marks thinking text, never sent by us), or a file given inline
/// (`inlineData`: the bytes, sent base64 as {"inlineData":{"mimeType","data"}}) or by the Files API
/// (`fileUri`, sent as {"fileData":{"mimeType","fileUri"}}), with its `mimeType`.
struct Part
{
    QString text;
    bool thought = false;
    QString mimeType;
    QByteArray inlineData;
    QString fileUri;

    static Part inlineFile(const QString& mimeType, const QByteArray& bytes);
    static Part uploadedFile(const QString& mimeType, const QString& fileUri);
    bool isText() const { return inlineData.isEmpty() && fileUri.isEmpty(); }
    bool operator==(const Part&) const = default;
};

/// One turn of a conversation: role "user" or "model", and its parts.
struct Content
{
    QString role = QStringLiteral("user");
    QList<Part> parts;

    static Content user(const QString& text);
    static Content model(const QString& text);
    /// All text parts joined (thought parts left out).
    QString text() const;
    /// Bytes given inline in this turn (before base64).
    qint64 inlineBytes() const;
    QJsonObject toJson() const;
    bool operator==(const Content&) const = default;
};

/// `generationConfig`. Unset fields are left out of the JSON, so Google's defaults apply.
struct GenerationConfig
{
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<int> maxOutputTokens;
    std::optional<int> candidateCount;
    std::optional<int> thinkingBudget; ///< sent as thinkingConfig.thinkingBudget: 0 disables thinking, -1 automatic
    QStringList stopSequences;

    bool isEmpty() const;
    QJsonObject toJson() const;
    bool operator==(const GenerationConfig&) const = default;
};

/// One generateContent / streamGenerateContent request (GEMINI_API.md, "Request body").
struct GenerateRequest
{
    QString model = defaultModel(); ///< "gemini-2.5-flash" or "models/gemini-2.5-flash" (the prefix is optional)
    QList<Content> contents;        ///< the conversation, oldest first; the last turn is normally "user"
    QString systemInstruction;      ///< empty = none
    GenerationConfig generationConfig;
    /// Not part of the body: when set, only keys of this project (KeyPool::projectOf's form) may send the request,
    /// because files it names (fileData) live there. Empty: any key.
    QString project;

    static QString defaultModel(); ///< "gemini-2.5-flash"
    /// A single-turn request: one user message.
    static GenerateRequest fromPrompt(const QString& prompt, const QString& model = defaultModel());

    /// The model id without the "models/" prefix (what goes into the URL path).
    QString modelId() const;
    /// Text of the last user turn ("" when there is none). Handy for logs and the fake server's echo.
    QString lastUserText() const;

    /// Bytes given inline in every turn (before base64): Google takes at most about 20 MB of request in all, so
    /// base64 leaves room for about MaxInlineBytes.
    qint64 inlineBytes() const;
    static constexpr qint64 MaxInlineBytes = 14 * 1024 * 1024;

    /// The JSON body: {"contents":[...], "systemInstruction":{...}, "generationConfig":{...}}.
    QJsonObject toJson() const;
    QByteArray toJsonBytes() const; ///< compact UTF-8
    bool operator==(const GenerateRequest&) const = default;
};

} // namespace egb
