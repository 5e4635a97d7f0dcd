#pragma once

#include "Outcome.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace egb {

/// One entry of models.list.
struct ModelInfo
{
    QString name; ///< "models/gemini-2.0-flash"
    QString baseModelId;
    QString version;
    QString displayName;
    QString description;
    int inputTokenLimit = 0;
    int outputTokenLimit = 0;
    QStringList supportedGenerationMethods; ///< e.g. "generateContent", "countTokens"

    /// The name without "models/".
    QString id() const;
    bool supportsGenerateContent() const
    {
        return supportedGenerationMethods.contains(QStringLiteral("generateContent"));
    }
    static ModelInfo fromJson(const QJsonObject& json);
    bool operator==(const ModelInfo&) const = default;
};

/// models.list across pages: every model, or the failure that stopped the listing.
struct ModelListResult
{
    QList<ModelInfo> models;
    Outcome outcome; ///< Success when every page was read (a key check: success = the key works)
    int pages = 0;   ///< pages fetched
    bool ok() const { return outcome.isSuccess(); }
};

} // namespace egb

Q_DECLARE_METATYPE(egb::ModelInfo)
