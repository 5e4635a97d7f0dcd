#include "ImportController.h"

#include "FileDialog.h"
#include "ImportHistoryStore.h"
#include "ImportResultDialog.h"
#include "KeyPool.h"

#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QProgressDialog>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace egb {

namespace {
const char* const LastFolderKey = "import/lastFolder";
} // namespace

ImportController::ImportController(KeyPool* pool, QWidget* dialogParent, QObject* parent)
    : QObject(parent)
    , m_pool(pool)
    , m_dialogParent(dialogParent)
{
    qRegisterMetaType<QList<egb::ImportedSource>>();
    connect(&m_watcher, &QFutureWatcher<QList<ImportedSource>>::finished, this, &ImportController::onParsed);
}

ImportController::~ImportController()
{
    m_watcher.waitForFinished(); // the worker only touches its own copies; let it end before we go
}

void ImportController::setHistoryStore(ImportHistoryStore* store)
{
    m_history = store;
}

ImportResultDialog* ImportController::resultDialog() const
{
    return m_resultDialog;
}

QStringList ImportController::fileFilters()
{
    return {
        tr("Key files (*.txt *.csv *.env *.json *.keys)"),
        tr("Text files (*.txt *.keys)"),
        tr("CSV files (*.csv)"),
        tr("Environment files (*.env .env)"),
        tr("JSON files (*.json)"),
        tr("All files (*)"),
    };
}

void ImportController::chooseFiles()
{
    if (m_busy) {
        Q_EMIT statusMessage(tr("An import is already running; wait for it to finish."));
        return;
    }
    QSettings settings;
    const QString folder =
        settings.value(LastFolderKey, QStandardPaths::writableLocation(QStandardPaths::HomeLocation)).toString();
    const QStringList paths = FileDialog::getOpenFileNames(m_dialogParent, tr("Import keys"), folder,
                                                           fileFilters().join(QStringLiteral(";;")));
    if (paths.isEmpty())
        return;
    settings.setValue(LastFolderKey, QFileInfo(paths.front()).absolutePath());
    importFiles(paths);
}

QSet<QString> ImportController::knownSecrets() const
{
    QSet<QString> known;
    if (!m_pool)
        return known;
    known.reserve(m_pool->size());
    for (int row = 0; row < m_pool->size(); ++row)
        known.insert(m_pool->at(row).secret);
    return known;
}

void ImportController::importFiles(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    if (m_busy) {
        Q_EMIT statusMessage(tr("An import is already running; wait for it to finish."));
        return;
    }
    start([paths, known = knownSecrets()] {
        const KeyFile::KnownPredicate isKnown = [&known](const QString& secret) { return known.contains(secret); };
        QList<ImportedSource> sources;
        for (const QString& path : paths)
            sources.append(
                {QFileInfo(path).fileName(), QFileInfo(path).absoluteFilePath(), KeyFile::read(path, isKnown)});
        return sources;
    });
}

void ImportController::importText(const QString& text, const QString& sourceName)
{
    if (m_busy) {
        Q_EMIT statusMessage(tr("An import is already running; wait for it to finish."));
        return;
    }
    start([data = text.toUtf8(), sourceName, known = knownSecrets()] {
        const KeyFile::KnownPredicate isKnown = [&known](const QString& secret) { return known.contains(secret); };
        return QList<ImportedSource>{{sourceName, QString(), KeyFile::parse(data, {}, isKnown)}};
    });
}

void ImportController::pasteFromClipboard()
{
    const QString text = QApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        Q_EMIT statusMessage(tr("The clipboard holds no text. Copy your keys first, then paste."));
        return;
    }
    importText(text, tr("Clipboard"));
}

void ImportController::start(std::function<QList<ImportedSource>()> work)
{
    setBusy(true);
    m_cancelled = false;
    m_sources.clear();
    m_sourceIndex = m_keyIndex = m_totalKeys = m_doneKeys = m_added = 0;

    m_progress = new QProgressDialog(tr("Reading keys…"), tr("Cancel"), 0, 0, m_dialogParent);
    m_progress->setObjectName(QStringLiteral("importProgressDialog"));
    m_progress->setWindowTitle(tr("Import keys"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(400);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    m_progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_progress, &QProgressDialog::canceled, this, [this] { m_cancelled = true; });
    m_progress->setValue(0);
    Q_EMIT statusMessage(tr("Reading keys…"));

    m_watcher.setFuture(QtConcurrent::run(std::move(work)));
}

void ImportController::onParsed()
{
    m_sources = m_watcher.result();
    for (const ImportedSource& source : std::as_const(m_sources))
        m_totalKeys += int(source.result.keys.size());
    if (m_progress) {
        m_progress->setLabelText(tr("Adding %n key(s)…", "", m_totalKeys));
        m_progress->setRange(0, std::max(1, m_totalKeys));
        m_progress->setValue(0);
    }
    QTimer::singleShot(0, this, &ImportController::addNextChunk);
}

void ImportController::addNextChunk()
{
    // One chunk per event-loop turn: the window repaints and the Cancel button works between chunks.
    if (m_progress && m_progress->wasCanceled())
        m_cancelled = true;
    while (!m_cancelled && m_pool && m_sourceIndex < m_sources.size()) {
        ImportResult& result = m_sources[m_sourceIndex].result;
        if (!result.ok || m_keyIndex >= result.keys.size()) {
            ++m_sourceIndex;
            m_keyIndex = 0;
            continue;
        }
        const int count = int(std::min<qsizetype>(ChunkSize, result.keys.size() - m_keyIndex));
        const QStringList chunk = result.keys.mid(m_keyIndex, count);
        const QList<qint64> ids = m_pool->addKeys(result.newKeys(m_keyIndex, count)); // labels, groups, weights
        result.addedIds += ids;
        m_added += int(ids.size());
        if (ids.size() != chunk.size()) {
            // The pool gained some of these keys since the snapshot (another import, a hand-added key).
            const QSet<qint64> added(ids.cbegin(), ids.cend());
            for (int i = 0; i < count; ++i) {
                const qint64 id = m_pool->idOfSecret(chunk.at(i));
                if (!added.contains(id))
                    result.duplicates.append(
                        {result.keyLines.value(m_keyIndex + i), ApiKey::mask(chunk.at(i)), tr("already in the pool")});
            }
        }
        m_keyIndex += count;
        m_doneKeys += count;
        if (m_progress)
            m_progress->setValue(m_doneKeys);
        QTimer::singleShot(0, this, &ImportController::addNextChunk);
        return;
    }
    finish();
}

void ImportController::finish()
{
    if (m_progress) {
        m_cancelled = m_cancelled || m_progress->wasCanceled();
        m_progress->disconnect(this); // closing a QProgressDialog emits canceled(): that is not the person's Cancel
        m_progress->close();
    }
    int duplicates = 0;
    int rejected = 0;
    for (const ImportedSource& source : std::as_const(m_sources)) {
        duplicates += int(source.result.duplicates.size());
        rejected += int(source.result.rejected.size());
        if (m_history && m_history->isOpen() && source.result.ok) {
            ImportRecord record;
            record.source = source.path.isEmpty() ? source.name : source.path;
            record.format = ImportResult::formatCode(source.result.format);
            record.origin = QStringLiteral("app");
            record.added = int(source.result.addedIds.size());
            record.duplicates = int(source.result.duplicates.size());
            record.rejected = int(source.result.rejected.size());
            record.cancelled = m_cancelled;
            if (m_history->record(record) == 0)
                Q_EMIT statusMessage(m_history->lastError());
        }
    }
    if (m_cancelled)
        Q_EMIT statusMessage(tr("Import cancelled: %n key(s) added before you stopped it.", "", m_added));
    else
        Q_EMIT statusMessage(tr("Imported %n key(s)", "", m_added) + QStringLiteral(" · ") +
                             tr("%n duplicate(s)", "", duplicates) + QStringLiteral(" · ") +
                             tr("%n rejected", "", rejected));
    if (m_showResult) {
        if (m_resultDialog)
            m_resultDialog->close();
        m_resultDialog = new ImportResultDialog(m_sources, m_cancelled, m_dialogParent);
        m_resultDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_resultDialog->show();
    }
    const QList<ImportedSource> sources = std::exchange(m_sources, {});
    const int added = m_added;
    setBusy(false);
    Q_EMIT finished(sources, added);
}

void ImportController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace egb
