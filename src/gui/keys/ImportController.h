#pragma once

#include "KeyFile.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

class QProgressDialog;
class QWidget;

namespace egb {

class KeyPool;
class ImportHistoryStore;
class ImportResultDialog;

/// One file (or the clipboard) that an import read.
struct ImportedSource
{
    QString name;        ///< file name as shown to the person, or "Clipboard"
    QString path;        ///< the file's path; empty for text that was pasted or dropped
    ImportResult result; ///< keys found, duplicates, rejected lines; addedIds filled once added
};

/// The import flow of the desktop app: File → Import keys…, drag and drop, paste.
///
/// Files are read and parsed in a worker thread (QtConcurrent), against a snapshot of the pool's secrets, so a
/// 100,000-key file never freezes the window. The keys are then added to the pool on the main thread in chunks
/// (one pool call, hence one database transaction, per chunk), with progress, and a result dialog lists what was
/// added, what was a duplicate and what was rejected, by line, masked.
class ImportController : public QObject
{
    Q_OBJECT
public:
    static constexpr int ChunkSize = 2000; // one chunk (pool + one transaction) stays ~20 ms

    ImportController(KeyPool* pool, QWidget* dialogParent, QObject* parent = nullptr);
    ~ImportController() override;

    /// The file dialog's filters: key files, text, CSV, .env, JSON, all files.
    static QStringList fileFilters();

    bool isBusy() const { return m_busy; }
    /// Show the result dialog when an import ends (default true).
    void setShowResultDialog(bool show) { m_showResult = show; }
    /// Where each import is recorded when it ends (egb history shows them); not owned, null = nowhere.
    void setHistoryStore(ImportHistoryStore* store);
    /// The dialog of the last import while it is open (null otherwise).
    ImportResultDialog* resultDialog() const;

public Q_SLOTS:
    /// Ask for files with a QFileDialog, then importFiles().
    void chooseFiles();
    /// Read, parse and add these files. Ignored (with a message) while another import runs.
    void importFiles(const QStringList& paths);
    /// Parse and add keys from text (the clipboard, a drop). `sourceName` names it in the result.
    void importText(const QString& text, const QString& sourceName);
    /// importText() with the clipboard's text.
    void pasteFromClipboard();

Q_SIGNALS:
    void busyChanged(bool busy);
    /// A short line for the status bar.
    void statusMessage(const QString& message);
    /// The import ended (also when cancelled or when nothing could be read). `added` = keys now in the pool.
    void finished(const QList<egb::ImportedSource>& sources, int added);

private:
    QSet<QString> knownSecrets() const;
    void start(std::function<QList<ImportedSource>()> work);
    void onParsed();
    void addNextChunk();
    void finish();
    void setBusy(bool busy);

    QPointer<KeyPool> m_pool;
    QPointer<QWidget> m_dialogParent;
    QFutureWatcher<QList<ImportedSource>> m_watcher;
    QPointer<QProgressDialog> m_progress;
    QPointer<ImportResultDialog> m_resultDialog;
    QPointer<ImportHistoryStore> m_history;
    QList<ImportedSource> m_sources;
    int m_sourceIndex = 0;
    int m_keyIndex = 0;
    int m_totalKeys = 0;
    int m_doneKeys = 0;
    int m_added = 0;
    bool m_busy = false;
    bool m_cancelled = false;
    bool m_showResult = true;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::ImportedSource)
