#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace egb {

/// What the proxy knows of the Gemini Files API calls it passed on: which project each file it uploaded belongs to
/// (a file is readable only with a key of the project that uploaded it, for 48 h), and the upload sessions it handed
/// out (the proxy's own upload URL -> Google's). In memory only: a proxy restarted forgets them, and requests naming
/// such a file go unpinned (Google then answers 403 with a key of another project).
///
/// Not thread-safe: the proxy's thread only. Entries older than Lifetime are dropped as they are met.
class ProxyFileRegistry
{
public:
    using Clock = std::function<qint64()>; ///< ms since the epoch
    static constexpr qint64 LifetimeMs = 48LL * 3600 * 1000;

    /// An upload session the proxy handed out.
    struct Upload
    {
        QUrl upstream;   ///< Google's X-Goog-Upload-URL (no key in it)
        QString project; ///< the project of the key that started it (KeyPool::projectOf)
        QString apiVersion;
        qint64 startedMs = 0;
    };

    void setClock(Clock clock); ///< for tests
    /// Remembers an upload session; returns its id for the proxy's URL (128 random bits, hex).
    QString beginUpload(const QUrl& upstream, const QString& project, const QString& apiVersion);
    std::optional<Upload> upload(const QString& id) const;
    void endUpload(const QString& id);
    int uploadCount() const;

    /// `name` is "files/<id>".
    void remember(const QString& name, const QString& project);
    void forget(const QString& name);
    /// The project of a file the proxy uploaded; empty when unknown or older than 48 h.
    QString projectOf(const QString& name) const;
    /// Projects holding a live file uploaded through the proxy, sorted.
    QStringList projects() const;

    /// "files/<id>" from a file URI ("https://…/v1beta/files/<id>") or name; empty when it names no file.
    static QString fileName(const QString& uriOrName);
    /// Every "fileUri" string value anywhere in a JSON body. Cheap for bodies without one: the JSON is parsed only
    /// when the raw bytes contain "fileUri".
    static QStringList fileUris(const QByteArray& body);
    /// The distinct projects of the known files `body` refers to, in order of first mention.
    QStringList projectsFor(const QByteArray& body) const;

private:
    qint64 now() const;
    void prune() const;

    Clock m_clock;
    struct Entry
    {
        QString project;
        qint64 atMs = 0;
    };
    mutable QHash<QString, Entry> m_files;
    mutable QHash<QString, Upload> m_uploads;
};

} // namespace egb
