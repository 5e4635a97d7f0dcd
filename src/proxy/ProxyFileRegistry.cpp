#include "ProxyFileRegistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace egb {

namespace {

void collectFileUris(const QJsonValue& value, QStringList& out, int depth)
{
    if (depth > 64)
        return;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("fileUri") && it.value().isString())
                out.append(it.value().toString());
            else
                collectFileUris(it.value(), out, depth + 1);
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue& v : array)
            collectFileUris(v, out, depth + 1);
    }
}

} // namespace

void ProxyFileRegistry::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 ProxyFileRegistry::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

void ProxyFileRegistry::prune() const
{
    const qint64 oldest = now() - LifetimeMs;
    for (auto it = m_files.begin(); it != m_files.end();)
        it = it->atMs < oldest ? m_files.erase(it) : std::next(it);
    for (auto it = m_uploads.begin(); it != m_uploads.end();)
        it = it->startedMs < oldest ? m_uploads.erase(it) : std::next(it);
}

QString ProxyFileRegistry::beginUpload(const QUrl& upstream, const QString& project, const QString& apiVersion)
{
    prune();
    quint64 bits[2];
    QRandomGenerator::system()->fillRange(bits);
    const QString id =
        QStringLiteral("%1%2").arg(bits[0], 16, 16, QLatin1Char('0')).arg(bits[1], 16, 16, QLatin1Char('0'));
    m_uploads.insert(id, Upload{upstream, project, apiVersion, now()});
    return id;
}

std::optional<ProxyFileRegistry::Upload> ProxyFileRegistry::upload(const QString& id) const
{
    prune();
    const auto it = m_uploads.constFind(id);
    if (it == m_uploads.cend())
        return std::nullopt;
    return *it;
}

void ProxyFileRegistry::endUpload(const QString& id)
{
    m_uploads.remove(id);
}

int ProxyFileRegistry::uploadCount() const
{
    prune();
    return int(m_uploads.size());
}

void ProxyFileRegistry::remember(const QString& name, const QString& project)
{
    if (name.isEmpty() || project.isEmpty())
        return;
    prune();
    m_files.insert(name, Entry{project, now()});
}

void ProxyFileRegistry::forget(const QString& name)
{
    m_files.remove(name);
}

QString ProxyFileRegistry::projectOf(const QString& name) const
{
    const auto it = m_files.constFind(name);
    if (it == m_files.cend() || it->atMs < now() - LifetimeMs)
        return {};
    return it->project;
}

QStringList ProxyFileRegistry::projects() const
{
    prune();
    QStringList out;
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        if (!out.contains(it->project))
            out.append(it->project);
    }
    std::sort(out.begin(), out.end());
    return out;
}

QString ProxyFileRegistry::fileName(const QString& uriOrName)
{
    const qsizetype at = uriOrName.lastIndexOf(QLatin1String("files/"));
    if (at < 0 || (at > 0 && uriOrName.at(at - 1) != QLatin1Char('/')))
        return {};
    QString id = uriOrName.mid(at + 6);
    const qsizetype end = id.indexOf(QRegularExpression(QStringLiteral("[?#]")));
    if (end >= 0)
        id.truncate(end);
    if (id.isEmpty() || id.contains(QLatin1Char('/')) || id.contains(QLatin1Char(':')))
        return {};
    return QStringLiteral("files/") + id;
}

QStringList ProxyFileRegistry::fileUris(const QByteArray& body)
{
    QStringList out;
    if (!body.contains("fileUri"))
        return out;
    collectFileUris(QJsonDocument::fromJson(body).object(), out, 0);
    return out;
}

QStringList ProxyFileRegistry::projectsFor(const QByteArray& body) const
{
    QStringList out;
    const QStringList uris = fileUris(body);
    for (const QString& uri : uris) {
        const QString project = projectOf(fileName(uri));
        if (!project.isEmpty() && !out.contains(project))
            out.append(project);
    }
    return out;
}

} // namespace egb
