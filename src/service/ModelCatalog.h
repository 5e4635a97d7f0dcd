#pragma once

#include "ModelInfo.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace egb {

/// The models the pool's keys can generate with, as models.list last said, kept between runs (QSettings, group
/// "modelCatalog") so that opening the app spends no request: the list is asked for again only when it is older than
/// a day (MaxAgeMs), was fetched from another API base URL, or the person asks (Chat's refresh button). Read on
/// construction; store() writes at once.
class ModelCatalog
{
public:
    static constexpr qint64 MaxAgeMs = 24LL * 3600 * 1000;

    explicit ModelCatalog(QUrl baseUrl);

    /// The cached models (ids without "models/"); empty when none were cached for this base URL.
    QStringList models() const { return m_models; }
    /// When they were listed (ms since the epoch); 0 when never.
    qint64 fetchedAtMs() const { return m_fetchedAtMs; }
    /// True while the cached list is younger than MaxAgeMs at `nowMs` (a clock set back counts as stale).
    bool isFresh(qint64 nowMs) const;
    /// True while a list made at `fetchedAtMs` is younger than MaxAgeMs at `nowMs` (0 and a clock set back: stale).
    static bool isFresh(qint64 fetchedAtMs, qint64 nowMs);
    /// Keeps `models` as listed at `nowMs`; an empty list is not kept (a failed listing leaves the last good one).
    void store(const QStringList& models, qint64 nowMs);

    /// The models of a models.list answer worth offering for chat and batch: Gemini models that generate content.
    static QStringList generativeModels(const QList<ModelInfo>& listed);

private:
    QUrl m_baseUrl;
    QStringList m_models;
    qint64 m_fetchedAtMs = 0;
};

} // namespace egb
