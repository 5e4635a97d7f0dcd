#pragma once

#include "KeyPool.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QToolButton;

namespace Ui {
class MainWindow;
}

namespace egb {

class AppContext;
class AppSettings;
class ImportController;
class KeyChecker;
class KeyStore;
class BatchPage;
class DesktopNotifier;
class ChatPage;
class KeysPage;
class OverviewPage;
class ProxyHost;
class ProxyPage;
class RequestHistory;
class RequestLogStore;
class RequestLogWriter;
class RequestsPage;
class StorageBanner;

/// The desktop application's window: a sidebar of pages (Keys, Overview; more pages plug in with addPage()),
/// the File / Keys / Help menus, and a status bar with live available / cooling / disabled counts.
///
/// It starts from an AppContext (the application without a face, the same as `egb`'s): the pool lives on the main
/// thread, the key repository saves user actions at once and health changes behind. Geometry, the header layout of
/// the keys table and the last page are remembered in QSettings. Files dropped on the window are imported.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// An AppContext of its own: the application's settings file, the EGB_* environment, and `databasePath` as the
    /// command line's database when not empty (else the one the environment or the settings name).
    explicit MainWindow(const QString& databasePath = {}, QWidget* parent = nullptr);
    /// Starts from `context` (taken over); opens the database its values() name.
    explicit MainWindow(std::unique_ptr<AppContext> context, QWidget* parent = nullptr);
    ~MainWindow() override;

    AppContext* context() const { return m_context.get(); }
    KeyPool* pool() const;
    KeyStore* store() const;
    AppSettings* settings() const;
    RequestHistory* history() const;
    /// The request log of the open database (every attempt, written behind; AppContext's); null while none is open.
    RequestLogStore* requestLog() const;
    RequestLogWriter* requestLogWriter() const;
    KeysPage* keysPage() const { return m_keysPage; }
    ProxyPage* proxyPage() const { return m_proxyPage; }
    /// The local proxy of the Proxy page (stopped unless started there or with the app).
    ProxyHost* proxy() const { return m_proxy.get(); }
    ImportController* importController() const { return m_import; }
    KeyChecker* keyChecker() const;

    /// The database in use, and why it could not be opened (empty when it is open).
    QString databasePath() const { return m_databasePath; }
    QString databaseError() const { return m_databaseError; }
    /// True while the keys are only in memory: the database could not be opened, or writing to it fails. The
    /// window then shows a warning banner (objectName "storageBanner") until writes work again.
    bool isSavingChanges() const;

    /// Add a page to the sidebar. `id` names it in the settings ("keys", "overview", "chat", ...). `title` is the
    /// untranslated title marked with QT_TRANSLATE_NOOP("egb::MainWindow", "..."), so that the sidebar follows a
    /// language switch.
    void addPage(const QString& id, const char* title, const QIcon& icon, QWidget* page);
    /// A batch that ran at least this long (default 60 s) and ends while the window is not in front is announced
    /// with a desktop notification (DesktopNotifier).
    void setBatchNotifyAfter(qint64 ms) { m_batchNotifyAfterMs = ms; }
    bool showPage(const QString& id);
    QString currentPageId() const;
    QStringList pageIds() const;

public Q_SLOTS:
    void importKeys();
    void pasteKeys();
    void exportKeys();
    void showSettings();
    void showAbout();
    /// Check these keys against Google (models.list), with progress in the status bar.
    void checkKeys(const QList<qint64>& ids);
    /// The banner's Retry: write pending changes again, or open the database again when it could not be opened
    /// (the keys added in memory meanwhile are kept and saved into it).
    void retrySaving();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void openDatabase(const QString& path);
    /// Hands the context's request log (or none) to the pages that show it; says when it cannot be used.
    void takeRequestLog();
    void showStorageProblem(const QString& message);
    void updateStats(const PoolStats& stats);
    void updateTitle();
    void retranslate();
    void saveWindowState() const;
    void restoreWindowState();
    void showStatus(const QString& message, int timeoutMs = 5000);
    /// Quitting while a batch runs: asks whether to finish the answers in flight first (the default), quit now
    /// (they are sent again on resume) or stay. False when the window is to stay open for now.
    bool mayQuitWithBatchRunning();
    /// The password of the team database at `location`, asked (`again`: the last one was refused); nullopt when the
    /// person cancels.
    std::optional<QString> askTeamPassword(const QString& location, bool again);
    /// A batch ended: a notification when it was long and the person is looking elsewhere.
    void onBatchFinished(bool cancelled);

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<AppContext> m_context; ///< pool, repository, client, dispatcher, stores, settings
    std::unique_ptr<ProxyHost> m_proxy;    ///< the local proxy (after the context whose pool it uses)
    KeyChecker* m_checker = nullptr;
    KeysPage* m_keysPage = nullptr;
    OverviewPage* m_overviewPage = nullptr;
    RequestsPage* m_requestsPage = nullptr;
    ChatPage* m_chatPage = nullptr;
    BatchPage* m_batchPage = nullptr;
    ProxyPage* m_proxyPage = nullptr;
    QElapsedTimer m_batchClock; ///< since the running batch started
    qint64 m_batchNotifyAfterMs = 60'000;
    DesktopNotifier* m_notifier = nullptr;
    bool m_quitWhenBatchDrained = false; ///< "Finish and Quit" chosen: closes once the answers in flight are in
    ImportController* m_import = nullptr;
    QLabel* m_availableLabel = nullptr;
    QLabel* m_coolingLabel = nullptr;
    QLabel* m_disabledLabel = nullptr;
    QProgressBar* m_checkProgress = nullptr;
    QToolButton* m_checkStop = nullptr;
    StorageBanner* m_storageBanner = nullptr;
    QString m_databasePath;
    QString m_databaseError;
};

} // namespace egb
