#include "ModelCatalog.h"

#include <QSettings>

namespace egb {

namespace {
constexpr auto Group = "modelCatalog";
constexpr auto BaseUrlKey = "baseUrl";
constexpr auto ModelsKey = "models";
constexpr auto FetchedKey = "fetchedAtMs";

QString normalized(const QUrl& url)
{
    return url.adjusted(QUrl::StripTrailingSlash).toString();
}
} // namespace

ModelCatalog::ModelCatalog(QUrl baseUrl)
    : m_baseUrl(std::move(baseUrl))
{
    QSettings settings;
    settings.beginGroup(QLatin1String(Group));
    if (settings.value(QLatin1String(BaseUrlKey)).toString() != normalized(m_baseUrl))
        return;
    m_models = settings.value(QLatin1String(ModelsKey)).toStringList();
    m_models.removeAll(QString());
    m_fetchedAtMs = m_models.isEmpty() ? 0 : settings.value(QLatin1String(FetchedKey)).toLongLong();
}

bool ModelCatalog::isFresh(qint64 nowMs) const
{
    return !m_models.isEmpty() && isFresh(m_fetchedAtMs, nowMs);
}

bool ModelCatalog::isFresh(qint64 fetchedAtMs, qint64 nowMs)
{
    return fetchedAtMs > 0 && fetchedAtMs <= nowMs && nowMs - fetchedAtMs < MaxAgeMs;
}

void ModelCatalog::store(const QStringList& models, qint64 nowMs)
{
    if (models.isEmpty())
        return;
    m_models = models;
    m_fetchedAtMs = nowMs;
    QSettings settings;
    settings.beginGroup(QLatin1String(Group));
    settings.setValue(QLatin1String(BaseUrlKey), normalized(m_baseUrl));
    settings.setValue(QLatin1String(ModelsKey), m_models);
    settings.setValue(QLatin1String(FetchedKey), m_fetchedAtMs);
}

QStringList ModelCatalog::generativeModels(const QList<ModelInfo>& listed)
{
    QStringList ids;
    for (const ModelInfo& m : listed) {
        if (m.supportsGenerateContent() && m.id().startsWith(QLatin1String("gemini")) && !ids.contains(m.id()))
            ids << m.id();
    }
    return ids;
}

} // namespace egb
