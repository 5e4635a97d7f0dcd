#include "MainWindow.h"

#include "AboutDialog.h"
#include "AppContext.h"
#include "AppSettings.h"
#include "BatchPage.h"
#include "BatchResultModel.h"
#include "BatchRunStore.h"
#include "ChatPage.h"
#include "ConversationStore.h"
#include "DesktopNotifier.h"
#include "Dispatcher.h"
#include "ExportKeysDialog.h"
#include "GeminiClient.h"
#include "ImportController.h"
#include "KeyChecker.h"
#include "KeyStore.h"
#include "KeysPage.h"
#include "MessageBox.h"
#include "OverviewPage.h"
#include "PgConnectionInfo.h"
#include "ProxyHost.h"
#include "ProxyPage.h"
#include "RequestHistory.h"
#include "RequestLogStore.h"
#include "RequestLogWriter.h"
#include "RequestsPage.h"
#include "SettingsDialog.h"
#include "StorageBanner.h"
#include "ui_MainWindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

static void initEgbResources()
{
#ifdef EGB_HAVE_RESOURCES
    Q_INIT_RESOURCE(resources);
#endif
}

namespace egb {

namespace {
const char* const GeometryKey = "mainWindow/geometry";
const char* const StateKey = "mainWindow/state";
const char* const LastPageKey = "mainWindow/lastPage";
const char* const KeysHeaderKey = "keysPage/header";

QIcon pageIcon(const QString& resource, const QString& theme, QStyle::StandardPixmap fallback, const QStyle* style)
{
    if (QFile::exists(resource))
        return QIcon(resource);
    return QIcon::fromTheme(theme, style->standardIcon(fallback));
}
} // namespace

namespace {
std::unique_ptr<AppContext> contextFor(const QString& databasePath)
{
    auto context = std::make_unique<AppContext>();
    QStringList problems;
    if (!context->readEnvironment(QProcessEnvironment::systemEnvironment(), &problems)) {
        for (const QString& problem : std::as_const(problems))
            qWarning("%s", qPrintable(problem)); // the window still opens, with the other settings
    }
    if (!databasePath.isEmpty())
        context->setCommandLineValue(QStringLiteral("db"), databasePath);
    return context;
}
} // namespace

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : MainWindow(contextFor(databasePath), parent)
{}

MainWindow::MainWindow(std::unique_ptr<AppContext> context, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_context(context ? std::move(context) : contextFor({}))
{
    initEgbResources();
    m_ui->setupUi(this);
    setAcceptDrops(true);
    // A banner above the pages while changes are not being saved (it stays hidden otherwise).
    m_storageBanner = new StorageBanner(this);
    {
        QWidget* pages = takeCentralWidget();
        auto* central = new QWidget(this);
        auto* layout = new QVBoxLayout(central);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        layout->addWidget(m_storageBanner);
        layout->addWidget(pages, 1);
        setCentralWidget(central);
    }
    connect(m_storageBanner, &StorageBanner::retryRequested, this, &MainWindow::retrySaving);
    connect(m_storageBanner, &StorageBanner::settingsRequested, this, &MainWindow::showSettings);
    connect(store(), &KeyStore::writeFailed, this, &MainWindow::showStorageProblem);
    connect(store(), &KeyStore::writeRecovered, this, [this] {
        m_storageBanner->clearProblem();
        showStatus(tr("Writing to the key database works again: every change is saved."), 10000);
    });
    // A team database whose server went away says so at once, not only at the next failed write.
    connect(store(), &KeyStore::connectionLost, this, &MainWindow::showStorageProblem);
    connect(store(), &KeyStore::connectionRestored, this, [this] {
        if (!store()->isDegraded()) // else writeRecovered() clears the banner once the waiting changes are written
            m_storageBanner->clearProblem();
        showStatus(tr("The team database can be reached again."), 10000);
    });
    openDatabase(m_context->values().databasePath);

    m_import = new ImportController(pool(), this, this);
    m_keysPage = new KeysPage(pool(), this);
    m_keysPage->setObjectName(QStringLiteral("keysPage"));
    addPage(QStringLiteral("keys"), QT_TRANSLATE_NOOP("egb::MainWindow", "Keys"),
            pageIcon(QStringLiteral(":/icons/keys.svg"), QStringLiteral("dialog-password"),
                     QStyle::SP_FileDialogDetailedView, style()),
            m_keysPage);
    m_overviewPage = new OverviewPage(pool(), history(), settings(), this);
    m_overviewPage->setObjectName(QStringLiteral("overviewPage"));
    addPage(QStringLiteral("overview"), QT_TRANSLATE_NOOP("egb::MainWindow", "Overview"),
            pageIcon(QStringLiteral(":/icons/overview.svg"), QStringLiteral("utilities-system-monitor"),
                     QStyle::SP_ComputerIcon, style()),
            m_overviewPage);
    // Chat and Batch: requests through the pool (the context's Dispatcher), history in the key database.
    m_import->setHistoryStore(m_context->importHistory());
    addPage(QStringLiteral("chat"), QT_TRANSLATE_NOOP("egb::MainWindow", "Chat"),
            pageIcon(QStringLiteral(":/icons/chat.svg"), QStringLiteral("internet-chat"),
                     QStyle::SP_MessageBoxInformation, style()),
            m_chatPage = new ChatPage(m_context->dispatcher(), m_context->conversations(), settings(), this));
    addPage(QStringLiteral("batch"), QT_TRANSLATE_NOOP("egb::MainWindow", "Batch"),
            pageIcon(QStringLiteral(":/icons/batch.svg"), QStringLiteral("system-run"), QStyle::SP_FileDialogListView,
                     style()),
            m_batchPage = new BatchPage(m_context->dispatcher(), m_context->batchRuns(), settings(), this));
    // Both pages offer the models Chat listed (or kept from the last listing).
    m_batchPage->setAvailableModels(m_chatPage->availableModels());
    connect(m_chatPage, &ChatPage::modelsRefreshed, m_batchPage, &BatchPage::setAvailableModels);
    m_notifier = new DesktopNotifier(this);
    connect(m_batchPage, &BatchPage::runStarted, this, [this] { m_batchClock.start(); });
    connect(m_batchPage, &BatchPage::runFinished, this, [this](qint64, bool cancelled) { onBatchFinished(cancelled); });
    // "Finish and Quit", then Resume: the person changed their mind; the next quit asks again.
    connect(m_batchPage, &BatchPage::progressUpdated, this, [this] {
        if (m_quitWhenBatchDrained && m_batchPage->isRunning() && !m_batchPage->isPaused()) {
            m_quitWhenBatchDrained = false;
            showStatus(tr("Quitting is called off: the batch goes on."), 5000);
        }
    });
    // The request log: every attempt of every source, live, filtered, exported.
    m_requestsPage = new RequestsPage(pool(), this);
    addPage(QStringLiteral("requests"), QT_TRANSLATE_NOOP("egb::MainWindow", "Requests"),
            pageIcon(QStringLiteral(":/icons/requests.svg"), QStringLiteral("view-list-details"),
                     QStyle::SP_FileDialogContentsView, style()),
            m_requestsPage);
    connect(m_requestsPage, &RequestsPage::statusMessage, this, &MainWindow::showStatus);
    // The local proxy (the same ProxyHost as egb serve's), started by the person or with the app.
    m_proxy = std::make_unique<ProxyHost>(m_context.get());
    m_proxyPage = new ProxyPage(m_proxy.get(), settings(), this);
    addPage(QStringLiteral("proxy"), QT_TRANSLATE_NOOP("egb::MainWindow", "Proxy"),
            pageIcon(QStringLiteral(":/icons/proxy.svg"), QStringLiteral("network-server"), QStyle::SP_DriveNetIcon,
                     style()),
            m_proxyPage);
    connect(m_proxyPage, &ProxyPage::statusMessage, this, &MainWindow::showStatus);
    // The context opens the request log with the database and reopens it with another one.
    connect(m_context.get(), &AppContext::requestLogChanged, this, &MainWindow::takeRequestLog);
    takeRequestLog();
    connect(m_ui->sidebar, &QListWidget::currentRowChanged, m_ui->pages, &QStackedWidget::setCurrentIndex);

    // File menu
    const auto actionIcon = [](QAction* action, const QString& resource) {
        if (QFile::exists(resource))
            action->setIcon(QIcon(resource));
    };
    actionIcon(m_ui->actionImport, QStringLiteral(":/icons/import.svg"));
    actionIcon(m_ui->actionExport, QStringLiteral(":/icons/export.svg"));
    actionIcon(m_ui->actionSettings, QStringLiteral(":/icons/settings.svg"));
    actionIcon(m_ui->actionAbout, QStringLiteral(":/icons/about.svg"));
    if (QFile::exists(QStringLiteral(":/icons/easy-gemini-balance.svg")))
        setWindowIcon(QIcon(QStringLiteral(":/icons/easy-gemini-balance.svg")));
    connect(m_ui->actionImport, &QAction::triggered, this, &MainWindow::importKeys);
    connect(m_ui->actionPaste, &QAction::triggered, this, &MainWindow::pasteKeys);
    connect(m_ui->actionExport, &QAction::triggered, this, &MainWindow::exportKeys);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    // Keys menu: the page's actions, so their shortcuts work from anywhere in the window.
    m_ui->menuKeys->addActions(m_keysPage->keyActions());
    connect(m_keysPage, &KeysPage::importRequested, this, &MainWindow::importKeys);
    connect(m_keysPage, &KeysPage::pasteRequested, this, &MainWindow::pasteKeys);
    connect(m_keysPage, &KeysPage::checkRequested, this, &MainWindow::checkKeys);
    connect(m_keysPage, &KeysPage::statusMessage, this, &MainWindow::showStatus);
    connect(m_import, &ImportController::statusMessage, this, [this](const QString& message) { showStatus(message); });
    connect(m_import, &ImportController::busyChanged, this, [this](bool busy) {
        m_ui->actionImport->setEnabled(!busy);
        m_ui->actionPaste->setEnabled(!busy);
    });

    // Status bar: live counts (statsChanged is coalesced by the pool) and the progress of a key check.
    m_checkProgress = new QProgressBar(this);
    m_checkProgress->setObjectName(QStringLiteral("checkProgress"));
    m_checkProgress->setMaximumWidth(180);
    m_checkProgress->setVisible(false);
    m_availableLabel = new QLabel(this);
    m_availableLabel->setObjectName(QStringLiteral("statsAvailableLabel"));
    m_coolingLabel = new QLabel(this);
    m_coolingLabel->setObjectName(QStringLiteral("statsCoolingLabel"));
    m_disabledLabel = new QLabel(this);
    m_disabledLabel->setObjectName(QStringLiteral("statsDisabledLabel"));
    m_checkStop = new QToolButton(this);
    m_checkStop->setObjectName(QStringLiteral("checkStopButton"));
    m_checkStop->setAutoRaise(true);
    m_checkStop->setVisible(false);
    connect(m_checkStop, &QToolButton::clicked, this, [this] {
        if (m_checker)
            m_checker->cancel();
    });
    statusBar()->addPermanentWidget(m_checkProgress);
    statusBar()->addPermanentWidget(m_checkStop);
    statusBar()->addPermanentWidget(m_availableLabel);
    statusBar()->addPermanentWidget(m_coolingLabel);
    statusBar()->addPermanentWidget(m_disabledLabel);
    connect(pool(), &KeyPool::statsChanged, this, &MainWindow::updateStats);
    connect(pool(), &KeyPool::poolReset, this, [this] { updateStats(pool()->stats()); });
    connect(pool(), &KeyPool::availabilityLow, this, [this](const PoolStats& stats) {
        showStatus(tr("Only %1 % of your keys are available right now; requests may wait for cooling keys.")
                       .arg(qRound(stats.availableShare() * 100)),
                   10000);
    });
    retranslate();

    // The context applies new settings to the pool, client and dispatcher itself; a new database is opened here,
    // where its trouble is shown.
    connect(m_context.get(), &AppContext::databasePathChanged, this, &MainWindow::openDatabase);

    restoreWindowState();
    // "Start the proxy when the app starts": a port in use says so on the Proxy page and in the status bar.
    if (settings()->proxyStartsWithApp())
        m_proxyPage->startProxy();
}

MainWindow::~MainWindow()
{
    saveWindowState();
    // The pages let go of the request log (the context writes what is queued and closes it when it goes), and the
    // context no longer tells this half-destroyed window about it.
    disconnect(m_context.get(), nullptr, this, nullptr);
    if (m_overviewPage)
        m_overviewPage->setRequestLog(nullptr, nullptr);
    if (m_requestsPage)
        m_requestsPage->setRequestLog(nullptr, nullptr);
    delete m_checker; // before the client it uses and the pool it reports to
    m_checker = nullptr;
    // Pages hold raw pointers to the pool and the dispatcher: they go first, then the context (a member, after
    // this body) with its dispatcher, client, repository and pool.
    while (QWidget* page = m_ui->pages->widget(0)) {
        m_ui->pages->removeWidget(page);
        delete page;
    }
    m_proxyPage = nullptr;
    m_proxy.reset(); // stops it if it runs: the requests in progress are cancelled and reported to the pool
    delete m_import;
    m_context->flush();
}

KeyPool* MainWindow::pool() const
{
    return m_context->pool();
}

KeyStore* MainWindow::store() const
{
    return m_context->keyStore();
}

AppSettings* MainWindow::settings() const
{
    return m_context->settings();
}

RequestHistory* MainWindow::history() const
{
    return m_context->history();
}

RequestLogStore* MainWindow::requestLog() const
{
    return m_context->requestLog();
}

RequestLogWriter* MainWindow::requestLogWriter() const
{
    return m_context->requestLogWriter();
}

std::optional<QString> MainWindow::askTeamPassword(const QString& location, bool again)
{
    const PgConnectionInfo info = PgConnectionInfo::parse(location);
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("teamPasswordDialog"));
    dialog.setWindowTitle(tr("Team database password"));
    const QString who = info.user().isEmpty() ? tr("your user") : info.user();
    dialog.setLabelText(
        (again ? tr("That password was not accepted.") + QLatin1Char(' ') : QString()) +
        tr("The team database %1 asks for the password of %2. It is kept in memory until you quit, never saved; to "
           "be asked no more, put it in ~/.pgpass.")
            .arg(info.displayName(), who));
    dialog.setTextEchoMode(QLineEdit::Password);
    dialog.setOkButtonText(tr("Connect"));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

void MainWindow::openDatabase(const QString& path)
{
    const QString inMemory = tr("Until then the keys live in memory only: what you add or change now is lost when "
                                "you quit. Choose another database file, or fix the problem and press Retry.");
    m_context->openDatabase(path);
    // A team database whose server wants a password that neither ~/.pgpass nor PGPASSWORD gives: asked, kept in
    // memory for this session only, and tried (three times at most).
    for (int attempt = 0; attempt < 3 && store()->needsPassword(); ++attempt) {
        const std::optional<QString> password = askTeamPassword(path, attempt > 0);
        if (!password)
            break;
        KeyStore::setTeamPassword(*password);
        m_context->openDatabase(path);
    }
    m_databasePath = path;
    m_databaseError.clear();
    if (!m_context->databaseError().isEmpty())
        m_databaseError = m_context->databaseError() + QLatin1Char(' ') + inMemory;
    if (!m_databaseError.isEmpty())
        showStorageProblem(m_databaseError);
    else if (store()->isDegraded())
        showStorageProblem(store()->lastError());
    else
        m_storageBanner->clearProblem();
    updateTitle();
}

void MainWindow::takeRequestLog()
{
    if (!m_overviewPage || !m_requestsPage)
        return; // the pages take it once they exist
    RequestLogStore* log = m_context->requestLog();
    RequestLogWriter* writer = m_context->requestLogWriter();
    m_overviewPage->setRequestLog(log, writer);
    m_requestsPage->setRequestLog(log, writer);
    if (!log) {
        const QString error = m_context->requestLogError();
        if (!error.isEmpty()) {
            showStatus(tr("The request log cannot be used (%1): attempts are not logged, the Overview shows the last "
                          "hour only.")
                           .arg(ApiKey::maskKeysIn(error)),
                       15000);
        }
        return;
    }
    connect(writer, &RequestLogWriter::writeFailed, this, [this](const QString& message) {
        showStatus(tr("Writing the request log fails (%1); the attempts wait in memory and are written when it "
                      "works again.")
                       .arg(ApiKey::maskKeysIn(message)),
                   15000);
    });
}

bool MainWindow::isSavingChanges() const
{
    return m_context->isSavingChanges();
}

void MainWindow::showStorageProblem(const QString& message)
{
    m_storageBanner->showProblem(message);
}

void MainWindow::retrySaving()
{
    if (!store()->isOpen()) {
        openDatabase(m_databasePath);
        if (isSavingChanges())
            showStatus(tr("The key database is open again: every change is saved."), 10000);
        else
            showStatus(tr("The key database still cannot be used; see the message at the top of the window."), 10000);
        return;
    }
    if (store()->flush() && !store()->isDegraded())
        return; // writeRecovered() hid the banner
    showStorageProblem(store()->lastError());
    showStatus(tr("Writing still fails; the changes stay in memory. See the message at the top of the window."), 10000);
}

namespace {
constexpr int PageTitleRole = Qt::UserRole + 1;
} // namespace

void MainWindow::addPage(const QString& id, const char* title, const QIcon& icon, QWidget* page)
{
    auto* item = new QListWidgetItem(icon, tr(title), m_ui->sidebar);
    item->setData(Qt::UserRole, id);
    // Ctrl+1, Ctrl+2, ...: the pages in the sidebar's order.
    const int number = m_ui->sidebar->count();
    if (number <= 9) {
        auto* go = new QAction(this);
        go->setObjectName(QStringLiteral("actionPage_%1").arg(id));
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number)));
        go->setShortcutContext(Qt::WindowShortcut);
        addAction(go);
        connect(go, &QAction::triggered, this, [this, id] { showPage(id); });
        item->setToolTip(go->shortcut().toString(QKeySequence::NativeText));
    }
    item->setData(PageTitleRole, QByteArray(title));
    item->setSizeHint(QSize(item->sizeHint().width(), 36));
    m_ui->pages->addWidget(page);
    if (m_ui->sidebar->currentRow() < 0)
        m_ui->sidebar->setCurrentRow(0);
}

bool MainWindow::showPage(const QString& id)
{
    for (int row = 0; row < m_ui->sidebar->count(); ++row) {
        if (m_ui->sidebar->item(row)->data(Qt::UserRole).toString() == id) {
            m_ui->sidebar->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QString MainWindow::currentPageId() const
{
    const QListWidgetItem* item = m_ui->sidebar->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

QStringList MainWindow::pageIds() const
{
    QStringList ids;
    for (int row = 0; row < m_ui->sidebar->count(); ++row)
        ids << m_ui->sidebar->item(row)->data(Qt::UserRole).toString();
    return ids;
}

KeyChecker* MainWindow::keyChecker() const
{
    return m_checker;
}

void MainWindow::importKeys()
{
    m_import->chooseFiles();
}

void MainWindow::pasteKeys()
{
    m_import->pasteFromClipboard();
}

void MainWindow::exportKeys()
{
    ExportKeysDialog dialog(pool(), m_keysPage->selectedIds(), this);
    dialog.setObjectName(QStringLiteral("exportKeysDialog"));
    if (dialog.exec() == QDialog::Accepted)
        showStatus(tr("%n key(s) exported to %1%2", "", int(dialog.ids().size()))
                       .arg(QDir::toNativeSeparators(dialog.path()),
                            dialog.fullKeys() ? tr(" (full keys: keep the file safe)") : tr(" (masked)")));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(settings(), this);
    dialog.setObjectName(QStringLiteral("settingsDialog"));
    // A value given by the environment or the command line is the one in use: show that one, and say so.
    QHash<QString, QString> overridden;
    for (const QString& name : AppSettings::names()) {
        const AppContext::Source source = m_context->sourceOf(name);
        if (source == AppContext::Source::Environment || source == AppContext::Source::CommandLine)
            overridden.insert(name, m_context->sourceText(name));
    }
    if (!overridden.isEmpty())
        dialog.setValuesInForce(m_context->values(), overridden);
    dialog.exec();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.setObjectName(QStringLiteral("aboutDialog"));
    dialog.exec();
}

void MainWindow::checkKeys(const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return;
    if (!m_checker) {
        m_checker = new KeyChecker(pool(), m_context->client(), this); // the client of Chat and Batch
        connect(m_checker, &KeyChecker::progress, this, [this](int done, int total) {
            m_checkProgress->setRange(0, total);
            m_checkProgress->setValue(done);
            m_checkProgress->setVisible(true);
            m_checkStop->setVisible(true);
        });
        connect(m_checker, &KeyChecker::finished, this, [this](const KeyCheckSummary& summary) {
            m_checkProgress->setVisible(false);
            m_checkStop->setVisible(false);
            QString message = tr("Check done: %n key(s) work", "", summary.working);
            if (const QString details = summary.details(); !details.isEmpty())
                message += QStringLiteral(", ") + details;
            if (summary.serverTrouble > 0 && !m_checker->lastServiceError().isEmpty())
                message += QStringLiteral(". ") + tr("The service answered: %1").arg(m_checker->lastServiceError());
            showStatus(message, 15000);
        });
    }
    m_checker->check(ids);
    showStatus(tr("Checking %n key(s) with Google…", "", int(ids.size())));
}

void MainWindow::updateStats(const PoolStats& stats)
{
    const QLocale locale;
    m_availableLabel->setText(tr("Available: %1").arg(locale.toString(stats.available)));
    m_coolingLabel->setText(tr("Cooling: %1").arg(locale.toString(stats.coolingDown)));
    m_disabledLabel->setText(tr("Disabled: %1").arg(locale.toString(stats.disabled)));
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    for (int row = 0; row < m_ui->sidebar->count(); ++row) {
        QListWidgetItem* item = m_ui->sidebar->item(row);
        item->setText(tr(item->data(PageTitleRole).toByteArray().constData()));
    }
    if (m_checkProgress)
        m_checkProgress->setFormat(tr("Checking %v / %m"));
    if (m_checkStop) {
        m_checkStop->setText(tr("Stop"));
        m_checkStop->setToolTip(tr("Stop checking keys (the keys checked so far keep their verdict)"));
    }
    if (m_availableLabel)
        updateStats(pool()->stats());
    updateTitle();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1 – Easy Gemini Balance").arg(QFileInfo(m_databasePath).fileName()));
    setWindowFilePath(m_databasePath);
}

void MainWindow::showStatus(const QString& message, int timeoutMs)
{
    statusBar()->showMessage(message, timeoutMs);
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(LastPageKey, currentPageId());
    if (m_keysPage)
        settings.setValue(KeysHeaderKey, m_keysPage->saveHeaderState());
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        // 1100 × 700, but never larger than the screen's free area (a 1440 × 900 screen at 150 % has 960 × 600).
        const QRect free = screen() ? screen()->availableGeometry() : QRect(0, 0, 1100, 700);
        resize(std::max(minimumSizeHint().width(), std::min(1100, free.width() * 95 / 100)),
               std::max(minimumSizeHint().height(), std::min(700, free.height() * 95 / 100)));
    }
    restoreState(settings.value(StateKey).toByteArray());
    m_keysPage->restoreHeaderState(settings.value(KeysHeaderKey).toByteArray());
    const QString lastPage = settings.value(LastPageKey).toString();
    if (lastPage.isEmpty() || !showPage(lastPage))
        showPage(QStringLiteral("keys"));
}

void MainWindow::onBatchFinished(bool cancelled)
{
    const bool wasLong = m_batchClock.isValid() && m_batchClock.elapsed() >= m_batchNotifyAfterMs;
    m_batchClock.invalidate();
    // Cancelling is the person's own doing, and a window in front shows the end itself.
    if (cancelled || !wasLong || (isActiveWindow() && !isMinimized()))
        return;
    const BatchResultModel* results = m_batchPage->resultModel();
    const int ok = results->okCount();
    const int failed = results->failedCount();
    const QString summary = failed == 0 ? tr("Batch finished") : tr("Batch finished with failures");
    const QString body = failed == 0
                             ? tr("%n prompt(s) answered.", nullptr, ok)
                             : tr("%1 answered, %n failed: Retry failed sends them again.", nullptr, failed).arg(ok);
    m_notifier->notify(summary, body, this);
}

bool MainWindow::mayQuitWithBatchRunning()
{
    if (!m_batchPage || !m_batchPage->isRunning())
        return true;
    if (m_quitWhenBatchDrained)
        return true; // the answers in flight are in, or the person quit again while waiting: quit now
    const int inFlight = m_batchPage->inFlightCount();
    if (inFlight == 0 && m_batchPage->isPaused())
        return true; // nothing is lost: the paused run is offered for resuming at the next start
    QMessageBox box(QMessageBox::Question, tr("A batch is running"),
                    tr("A batch is running: %n answer(s) are on their way.", nullptr, std::max(inFlight, 1)),
                    QMessageBox::NoButton, this);
    box.setInformativeText(
        tr("Finish and Quit sends nothing new and quits as soon as the answers on their way have arrived and are "
           "saved; the rest of the run is offered for resuming at the next start.\n\nQuit Now throws those answers "
           "away: they are sent again, and paid again, when you resume."));
    QPushButton* finish = box.addButton(tr("&Finish and Quit"), QMessageBox::AcceptRole);
    box.addButton(tr("&Quit Now"), QMessageBox::DestructiveRole);
    QPushButton* stay = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(finish);
    box.setEscapeButton(stay);
    QAbstractButton* clicked = MessageBox::exec(box);
    if (!clicked || clicked == stay)
        return false;
    if (clicked != finish)
        return true;
    m_quitWhenBatchDrained = true;
    showStatus(tr("Quitting once the answers on their way have arrived. Quit again to quit at once."), 0);
    m_batchPage->finishInFlight([this] { close(); });
    return false;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!mayQuitWithBatchRunning()) {
        event->ignore();
        return;
    }
    saveWindowState();
    m_context->flush();
    if (!isSavingChanges() && pool()->size() > 0) {
        const auto answer = MessageBox::warning(
            this, tr("Changes are not saved"),
            tr("The keys could not be saved to the key database, so what you added or changed since then is lost "
               "when you quit.\n\n%1\n\nQuit anyway?")
                .arg(m_storageBanner->message()),
            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Discard) {
            event->ignore();
            return;
        }
    }
    // Quitting with the proxy running: it stops listening and cancels what is in progress (its callers are told),
    // and what those requests did to the pool's health is saved with the rest.
    if (m_proxy && m_proxy->isRunning()) {
        m_proxy->stop();
        m_context->flush();
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    const QList<QUrl> urls = mime->urls();
    const bool files =
        !urls.isEmpty() && std::all_of(urls.cbegin(), urls.cend(), [](const QUrl& url) { return url.isLocalFile(); });
    if (files || mime->hasText())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QMimeData* mime = event->mimeData();
    QStringList paths;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty())
        m_import->importFiles(paths);
    else if (mime->hasText())
        m_import->importText(mime->text(), tr("Dropped text"));
    else
        return;
    event->acceptProposedAction();
}

} // namespace egb
