#include "ModelInfo.h"

#include <QJsonArray>

namespace egb {

QString ModelInfo::id() const
{
    return name.startsWith(QLatin1String("models/")) ? name.mid(7) : name;
}

ModelInfo ModelInfo::fromJson(const QJsonObject& json)
{
    ModelInfo m;
    m.name = json.value(QLatin1String("name")).toString();
    m.baseModelId = json.value(QLatin1String("baseModelId")).toString();
    m.version = json.value(QLatin1String("version")).toString();
    m.displayName = json.value(QLatin1String("displayName")).toString();
    m.description = json.value(QLatin1String("description")).toString();
    m.inputTokenLimit = json.value(QLatin1String("inputTokenLimit")).toInt();
    m.outputTokenLimit = json.value(QLatin1String("outputTokenLimit")).toInt();
    const QJsonArray methods = json.value(QLatin1String("supportedGenerationMethods")).toArray();
    for (const QJsonValue& v : methods)
        m.supportedGenerationMethods.append(v.toString());
    return m;
}

} // namespace egb
