#include "BatchPage.h"

#include "AppSettings.h"
#include "BatchHistoryDialog.h"
#include "BatchResultFormat.h"
#include "BatchResultModel.h"
#include "BatchResultsView.h"
#include "ChatPage.h"
#include "Dispatcher.h"
#include "FileDialog.h"
#include "GeminiClient.h"
#include "MessageBox.h"
#include "PromptFile.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

#include <QVBoxLayout>
#include <utility>

namespace egb {

namespace {

QString formatDuration(qint64 ms)
{
    if (ms < 0)
        return BatchPage::tr("–");
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return BatchPage::tr("%1 s").arg(s);
    if (s < 3600)
        return BatchPage::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return BatchPage::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

/// Column names of a CSV file's header row (quotes removed).
QStringList csvHeader(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString line = QString::fromUtf8(f.readLine(64 * 1024)).trimmed();
    if (line.startsWith(QChar(0xfeff)))
        line.remove(0, 1);
    QStringList out;
    QString cur;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == u'"') {
            if (quoted && i + 1 < line.size() && line.at(i + 1) == u'"') {
                cur += c;
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == u',' && !quoted) {
            out << cur.trimmed();
            cur.clear();
        } else {
            cur += c;
        }
    }
    out << cur.trimmed();
    out.removeAll(QString());
    return out;
}

} // namespace

BatchPage::BatchPage(Dispatcher* dispatcher, BatchRunStore* store, AppSettings* settings, QWidget* parent)
    : QWidget(parent)
    , m_dispatcher(dispatcher)
    , m_store(store)
    , m_settings(settings)
    , m_model(new BatchResultModel(this))
{
    m_model->setChangeInterval(250);
    setObjectName(QStringLiteral("batchPage"));
    // The one batch engine (egb batch's too): runs, saves and resumes; the page shows its rows.
    m_job = std::make_unique<BatchJob>(m_dispatcher ? m_dispatcher->pool() : nullptr, ClientSettings::fromEnvironment(),
                                       DispatcherSettings{}, store);
    // Four table and progress updates a second read as live and leave the event loop to the answers.
    m_job->setProgressInterval(250);
    connect(m_job.get(), &BatchJob::rowFinished, this, [this](const BatchItem& row) {
        m_model->updateItem(row);
        checkDrained();
    });
    connect(m_job.get(), &BatchJob::rowsSaved, this, [this] {
        if (m_status->property("saveError").toBool()) {
            m_status->setProperty("saveError", false);
            showStatus({});
        }
    });
    connect(m_job.get(), &BatchJob::saveFailed, this, [this](const QString& message) {
        m_status->setProperty("saveError", true);
        showStatus(tr("Results are not being saved (they are kept in memory and retried): %1").arg(message), true);
    });
    connect(m_job.get(), &BatchJob::progressChanged, this, &BatchPage::onProgress);
    connect(m_job.get(), &BatchJob::finished, this, &BatchPage::onRunnerFinished);
    buildUi();
    // Concurrency is live: a change during a run applies to it at once (and is saved with it).
    connect(m_concurrency, &QSpinBox::valueChanged, this, [this](int n) {
        if (isRunning())
            m_job->setConcurrency(n);
    });
    if (m_settings) {
        // Settings' batch concurrency reaches the page when it changes there (not while a run uses the page's).
        m_settingsConcurrency = m_settings->concurrency();
        connect(m_settings, &AppSettings::changed, this, [this] {
            const int n = m_settings->concurrency();
            if (n == m_settingsConcurrency)
                return;
            m_settingsConcurrency = n;
            if (!isRunning())
                m_concurrency->setValue(n);
        });
    }
    offerResume();
    retranslate();
}

BatchResultFilter* BatchPage::resultFilter() const
{
    return m_results->filter();
}

BatchPage::~BatchPage()
{
    // The job saves what arrived and stops without letting its last signals reach this half-destroyed page. The
    // run stays "running" in the database, so the next start offers to resume it.
    disconnect(m_job.get(), nullptr, this, nullptr);
    m_job.reset();
}

void BatchPage::buildUi()
{
    // --- the resume offer ---
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("resumeBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setWordWrap(true);
    m_resumeButton = new QPushButton(m_banner);
    auto* resumeButton = m_resumeButton;
    resumeButton->setObjectName(QStringLiteral("resumeButton"));
    m_discardButton = new QPushButton(m_banner);
    auto* discardButton = m_discardButton;
    discardButton->setObjectName(QStringLiteral("discardButton"));
    bannerLayout->addWidget(m_bannerLabel, 1);
    bannerLayout->addWidget(resumeButton);
    bannerLayout->addWidget(discardButton);
    m_banner->hide();
    connect(resumeButton, &QPushButton::clicked, this, [this] { resumeRun(m_offeredRunId); });
    connect(discardButton, &QPushButton::clicked, this, &BatchPage::discardOffer);

    // --- input ---
    auto* sourceRow = new QHBoxLayout;
    m_openButton = new QPushButton(this);
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_column = new QComboBox(this);
    m_column->setObjectName(QStringLiteral("columnCombo"));
    m_column->hide();
    m_source = new QLabel(this);
    m_source->setObjectName(QStringLiteral("sourceLabel"));
    sourceRow->addWidget(m_openButton);
    sourceRow->addWidget(m_column);
    sourceRow->addWidget(m_source, 1);

    m_promptsEdit = new QPlainTextEdit(this);
    m_promptsEdit->setObjectName(QStringLiteral("promptsEdit"));
    m_promptsEdit->setMaximumHeight(90);
    connect(m_promptsEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_promptsEdit->toPlainText().isEmpty() && !m_filePrompts.isEmpty()) {
            m_filePrompts.clear();
            m_fileName.clear();
            m_filePath.clear();
            m_column->hide();
        }
        updateSourceLabel();
        m_previewTimer->start(); // list the pasted prompts once typing pauses
    });
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(300);
    connect(m_previewTimer, &QTimer::timeout, this, &BatchPage::previewPrompts);

    // Two rows, so the page fits a window of about 900 px next to the sidebar.
    auto* form = new QGridLayout;
    m_template = new QLineEdit(this);
    m_template->setObjectName(QStringLiteral("templateEdit"));
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setObjectName(QStringLiteral("modelCombo"));
    m_modelCombo->setEditable(true);
    m_modelCombo->setMinimumContentsLength(12);
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelCombo->addItems(ChatPage::fallbackModels());
    m_modelCombo->setCurrentText(m_settings ? m_settings->defaultModel() : GenerateRequest::defaultModel());
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setObjectName(QStringLiteral("temperatureSpin"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(1.0);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_concurrency = new QSpinBox(this);
    m_concurrency->setObjectName(QStringLiteral("concurrencySpin"));
    m_concurrency->setRange(1, AppSettings::MaxConcurrency);
    m_concurrency->setValue(m_settings ? m_settings->concurrency() : 4);
    form->addWidget(addLabel(QT_TR_NOOP("Template")), 0, 0);
    form->addWidget(m_template, 0, 1, 1, 5);
    form->addWidget(addLabel(QT_TR_NOOP("Model")), 1, 0);
    form->addWidget(m_modelCombo, 1, 1);
    form->addWidget(addLabel(QT_TR_NOOP("Temperature")), 1, 2);
    form->addWidget(m_temperature, 1, 3);
    form->addWidget(addLabel(QT_TR_NOOP("Concurrency")), 1, 4);
    form->addWidget(m_concurrency, 1, 5);
    form->addWidget(addLabel(QT_TR_NOOP("Max output tokens")), 2, 0);
    form->addWidget(m_maxTokens, 2, 1);
    form->setColumnStretch(1, 1);

    // --- controls and progress ---
    auto* controls = new QHBoxLayout;
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("startButton"));
    m_pause = new QPushButton(this);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_retry = new QPushButton(this);
    m_retry->setObjectName(QStringLiteral("retryFailedButton"));
    m_historyButton = new QPushButton(this);
    m_historyButton->setObjectName(QStringLiteral("historyButton"));
    connect(m_historyButton, &QPushButton::clicked, this, &BatchPage::showHistory);
    m_export = new QPushButton(this); // with a menu: room for its arrow, the look of the buttons beside it
    m_export->setObjectName(QStringLiteral("exportButton"));
    auto* exportMenu = new QMenu(m_export);
    m_exportCsv = exportMenu->addAction(QString());
    m_exportJsonl = exportMenu->addAction(QString());
    connect(m_exportCsv, &QAction::triggered, this, [this] { exportInteractive(true); });
    connect(m_exportJsonl, &QAction::triggered, this, [this] { exportInteractive(false); });
    m_export->setMenu(exportMenu);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    controls->addWidget(m_start);
    controls->addWidget(m_pause);
    controls->addWidget(m_cancel);
    controls->addWidget(m_retry);
    controls->addWidget(m_export);
    controls->addWidget(m_historyButton);
    controls->addWidget(m_progress, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("batchStatus"));
    m_status->setWordWrap(true);
    m_status->hide();

    // --- results: which rows, then the table and the selected answer ---
    m_results = new BatchResultsView(m_model, this);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(sourceRow);
    layout->addWidget(m_promptsEdit);
    layout->addLayout(form);
    layout->addLayout(controls);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);

    connect(m_openButton, &QPushButton::clicked, this, &BatchPage::openFileInteractive);
    connect(m_column, &QComboBox::activated, this, [this] {
        QString error;
        if (!m_filePath.isEmpty() && !loadPromptFile(m_filePath, m_column->currentText(), &error))
            showStatus(error, true);
    });
    connect(m_start, &QPushButton::clicked, this, &BatchPage::start);
    connect(m_pause, &QPushButton::clicked, this, [this] { isPaused() ? resume() : pause(); });
    connect(m_cancel, &QPushButton::clicked, this, &BatchPage::cancel);
    connect(m_retry, &QPushButton::clicked, this, &BatchPage::retryFailed);
}

QLabel* BatchPage::addLabel(const char* source)
{
    auto* label = new QLabel(this);
    m_labels.append({label, source});
    return label;
}

void BatchPage::updateSourceLabel()
{
    if (!m_filePrompts.isEmpty())
        m_source->setText(tr("%n prompt(s) from %1", nullptr, int(m_filePrompts.size()))
                              .arg(m_fileName.isEmpty() ? tr("the list") : m_fileName));
    else if (!m_promptsEdit->toPlainText().trimmed().isEmpty())
        m_source->setText(tr("Using the pasted prompts."));
    else
        m_source->setText(tr("Or paste prompts below, one a line."));
}

void BatchPage::updateBanner()
{
    const BatchRun& r = m_offeredRun;
    m_bannerLabel->setText(tr("The batch \"%1\" stopped before it was done: %n prompt(s) still without an answer "
                              "(%2 answered, %3 failed). Resume it? Answered prompts are not sent again.",
                              nullptr, r.pending())
                               .arg(r.title)
                               .arg(r.ok)
                               .arg(r.failed));
}

void BatchPage::retranslate()
{
    for (const auto& [label, source] : std::as_const(m_labels))
        label->setText(tr(source));
    m_resumeButton->setText(tr("Resume"));
    m_discardButton->setText(tr("Discard"));
    m_openButton->setText(tr("Open prompts…"));
    m_openButton->setToolTip(tr(".txt (one prompt a line), .csv (choose the column) or .jsonl (a \"prompt\" field)"));
    m_column->setToolTip(tr("The CSV column that holds the prompts"));
    m_promptsEdit->setPlaceholderText(tr("One prompt a line"));
    m_template->setPlaceholderText(tr("Optional template, e.g. \"Translate to French: {input}\""));
    m_maxTokens->setSpecialValueText(tr("Model default"));
    m_concurrency->setToolTip(tr("Prompts in flight at once"));
    m_start->setText(tr("Start"));
    m_cancel->setText(tr("Cancel"));
    m_retry->setText(tr("Retry failed"));
    m_export->setText(tr("Export"));
    m_historyButton->setText(tr("History…"));
    m_historyButton->setToolTip(tr("Every batch the database holds: open, resume, export or delete one"));
    m_exportCsv->setText(tr("As CSV…"));
    m_exportJsonl->setText(tr("As JSONL…"));
    updateSourceLabel();
    if (m_offeredRunId > 0)
        updateBanner();
    updateButtons(); // the Pause / Resume text
    updateProgress();
}

void BatchPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BatchPage::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    m_status->setVisible(!text.isEmpty());
}

bool BatchPage::isRunning() const
{
    return m_job && m_job->isRunning();
}

bool BatchPage::isPaused() const
{
    return m_job && m_job->isRunning() && m_job->isPaused();
}

int BatchPage::inFlightCount() const
{
    return isRunning() ? m_job->progress().inFlight : 0;
}

void BatchPage::finishInFlight(std::function<void()> done)
{
    m_onDrained = std::move(done);
    pause();
    QTimer::singleShot(0, this, &BatchPage::checkDrained);
}

void BatchPage::checkDrained()
{
    if (!m_onDrained || inFlightCount() > 0)
        return;
    m_job->waitForSaves();
    const std::function<void()> done = std::exchange(m_onDrained, {});
    QTimer::singleShot(0, this, done); // not from inside the job's signal
}

void BatchPage::updateButtons()
{
    const bool running = isRunning();
    m_start->setEnabled(!running);
    m_pause->setEnabled(running);
    m_pause->setText(isPaused() ? tr("Resume") : tr("Pause"));
    m_cancel->setEnabled(running);
    m_retry->setEnabled(!running && m_model->failedCount() > 0);
    m_export->setEnabled(m_model->rowCount() > 0);
    m_openButton->setEnabled(!running);
    m_historyButton->setEnabled(m_store != nullptr);
    m_promptsEdit->setReadOnly(running);
}

QStringList BatchPage::prompts() const
{
    if (!m_filePrompts.isEmpty())
        return m_filePrompts;
    QStringList out;
    const QStringList lines = m_promptsEdit->toPlainText().split(u'\n');
    for (const QString& line : lines) {
        if (!line.trimmed().isEmpty())
            out << line.trimmed();
    }
    return out;
}

QString BatchPage::applyTemplate(const QString& promptTemplate, const QString& input)
{
    if (promptTemplate.trimmed().isEmpty())
        return input;
    if (!promptTemplate.contains(QLatin1String("{input}")))
        return promptTemplate + QStringLiteral("\n\n") + input;
    QString out = promptTemplate;
    return out.replace(QLatin1String("{input}"), input);
}

void BatchPage::setPrompts(const QStringList& prompts, const QString& sourceName)
{
    m_promptsEdit->blockSignals(true);
    m_promptsEdit->clear();
    m_promptsEdit->blockSignals(false);
    m_filePrompts = prompts;
    m_fileName = sourceName;
    updateSourceLabel();
    previewPrompts();
}

void BatchPage::previewPrompts()
{
    // The prompts a Start would send are listed (pending) as soon as they are loaded or pasted, not at Start.
    if (isRunning())
        return;
    const QList<BatchItem> items = pendingItems();
    m_model->setItems(items);
    m_lastCancelled = false;
    m_progress->setRange(0, qMax(1, int(items.size())));
    updateProgress();
    updateButtons();
}

void BatchPage::setAvailableModels(const QStringList& models)
{
    if (models.isEmpty())
        return;
    const QString current = m_modelCombo->currentText();
    m_modelCombo->clear();
    m_modelCombo->addItems(models);
    m_modelCombo->setCurrentText(current);
}

QList<BatchItem> BatchPage::pendingItems() const
{
    const QStringList inputs = prompts();
    QList<BatchItem> items;
    items.reserve(inputs.size());
    for (int i = 0; i < inputs.size(); ++i) {
        BatchItem it;
        it.index = i;
        it.prompt = applyTemplate(m_template->text(), inputs.at(i));
        items << it;
    }
    return items;
}

void BatchPage::fillColumns(const QString& path)
{
    const QStringList columns = csvHeader(path);
    m_column->clear();
    m_column->addItems(columns);
    const int prompt = columns.indexOf(QStringLiteral("prompt"));
    m_column->setCurrentIndex(prompt >= 0 ? prompt : 0);
    m_column->setVisible(!columns.isEmpty());
}

bool BatchPage::loadPromptFile(const QString& path, const QString& column, QString* error)
{
    const PromptFileResult result = PromptFile::read(path, column);
    if (!result.ok) {
        if (error)
            *error = result.error;
        return false;
    }
    QStringList list;
    for (const PromptEntry& e : result.prompts)
        list << e.text;
    if (list.isEmpty()) {
        if (error)
            *error = result.issues.isEmpty() ? tr("%1 holds no prompts.").arg(QFileInfo(path).fileName())
                                             : tr("%1 holds no prompts: line %2: %3")
                                                   .arg(QFileInfo(path).fileName())
                                                   .arg(result.issues.first().line)
                                                   .arg(result.issues.first().reason);
        return false;
    }
    setPrompts(list, QFileInfo(path).fileName());
    m_filePath = path;
    if (result.format == PromptFileResult::Format::Csv && m_column->count() == 0)
        fillColumns(path);
    else if (result.format != PromptFileResult::Format::Csv)
        m_column->hide();
    if (!result.issues.isEmpty())
        showStatus(tr("%n line(s) skipped; the first: line %1: %2", nullptr, int(result.issues.size()))
                       .arg(result.issues.first().line)
                       .arg(result.issues.first().reason));
    else
        showStatus({});
    return true;
}

void BatchPage::openFileInteractive()
{
    const QString path = FileDialog::getOpenFileName(this, tr("Open prompts"), QString(),
                                                     tr("Prompts (*.txt *.csv *.jsonl *.ndjson);;All files (*)"));
    if (path.isEmpty())
        return;
    m_column->clear();
    QString column;
    if (PromptFile::formatForPath(path) == PromptFileResult::Format::Csv) {
        fillColumns(path);
        column = m_column->currentText();
    }
    QString error;
    if (!loadPromptFile(path, column, &error))
        showStatus(error, true);
}

BatchRunSettings BatchPage::runSettings() const
{
    BatchRunSettings settings;
    settings.source = QLatin1String(BatchRunSettings::SourceApp);
    settings.input = m_filePath.isEmpty() ? QString() : QFileInfo(m_filePath).absoluteFilePath();
    settings.temperature = m_temperature->value();
    if (m_maxTokens->value() > 0)
        settings.maxOutputTokens = m_maxTokens->value();
    return settings;
}

bool BatchPage::start()
{
    if (isRunning())
        return false;
    const QList<BatchItem> items = pendingItems();
    if (items.isEmpty()) {
        showStatus(tr("There is nothing to send: open a prompt file or paste prompts, one a line."), true);
        return false;
    }
    QStringList rendered;
    rendered.reserve(items.size());
    for (const BatchItem& it : items)
        rendered << it.prompt;
    BatchJob::Spec spec;
    spec.title = m_fileName.isEmpty() ? tr("Pasted prompts") : m_fileName;
    spec.model = m_modelCombo->currentText().trimmed();
    spec.promptTemplate = m_template->text();
    spec.concurrency = m_concurrency->value();
    spec.settings = runSettings();
    showStatus({});
    m_banner->hide();
    m_offeredRunId = 0;
    if (!prepareLaunch(items))
        return false;
    const BatchJob::Started started = m_job->start(spec, rendered, BatchJob::Mode::New);
    if (m_store && started.ok && started.runId == 0)
        showStatus(
            tr("This run is not being saved (it cannot be resumed after a restart): %1").arg(m_job->saveProblem()),
            true);
    return launched(started);
}

bool BatchPage::prepareLaunch(const QList<BatchItem>& items)
{
    if (!m_dispatcher || !m_dispatcher->pool()) {
        showStatus(tr("Batches are not available: the app has no key pool. Restart the app."), true);
        return false;
    }
    // The settings in effect now: the window's client and dispatcher follow the Settings dialog.
    m_job->setClientSettings(m_dispatcher->client() ? m_dispatcher->client()->settings()
                             : m_settings           ? m_settings->clientSettings()
                                                    : ClientSettings::fromEnvironment());
    m_job->setDispatcherSettings(m_dispatcher->settings());
    m_job->setSaveInterval(m_saveIntervalMs);
    // The rows are in the table before the job starts: a pool without a usable key answers at once.
    m_model->setItems(items);
    m_lastCancelled = false;
    m_lastProgress = BatchProgress{};
    m_finishedEmitted = false;
    m_progress->setRange(0, qMax(1, int(items.size())));
    return true;
}

bool BatchPage::launched(const BatchJob::Started& started)
{
    if (!started.ok) {
        showStatus(started.error, true);
        updateButtons();
        return false;
    }
    m_run = m_job->run();
    m_runId = m_job->runId();
    updateProgress();
    updateButtons();
    Q_EMIT runStarted(m_runId);
    if (!isRunning() && !m_finishedEmitted) // nothing was left to send: the job ended at once
        onRunnerFinished(false);
    return true;
}

void BatchPage::setSaveInterval(int ms)
{
    m_saveIntervalMs = qMax(0, ms);
    m_job->setSaveInterval(m_saveIntervalMs);
}

void BatchPage::waitForSaves()
{
    m_job->waitForSaves();
}

void BatchPage::onProgress(const BatchProgress& progress)
{
    m_lastProgress = progress;
    updateProgress();
    checkDrained();
}

void BatchPage::updateProgress()
{
    const int ok = m_model->okCount();
    const int failed = m_model->failedCount();
    const int remaining = m_model->pendingCount();
    m_progress->setValue(ok + failed);
    QString text = tr("%1 done · %2 failed · %3 remaining").arg(ok).arg(failed).arg(remaining);
    if (isPaused()) {
        text += tr(" · paused (requests in flight finish)"); // no rate or ETA: nothing new is sent
    } else if (!isRunning() && m_lastCancelled) {
        text += tr(" · cancelled");
    } else if (isRunning()) {
        text +=
            tr(" · %1 requests/s · ETA %2")
                .arg(QLocale().toString(m_lastProgress.ratePerSecond, 'f', 1), formatDuration(m_lastProgress.etaMs));
    }
    m_progressLabel->setText(text);
    Q_EMIT progressUpdated(ok, failed, remaining);
}

void BatchPage::onRunnerFinished(bool cancelled)
{
    // The job has saved every row it could and written the run's state.
    m_run = m_job->run();
    m_runId = m_job->runId();
    m_model->flushChanges();
    m_lastProgress.ratePerSecond = 0;
    m_lastCancelled = cancelled && m_model->pendingCount() > 0;
    updateProgress();
    QTimer::singleShot(0, this, &BatchPage::updateButtons);
    updateButtons();
    if (!m_finishedEmitted) {
        m_finishedEmitted = true;
        Q_EMIT runFinished(m_runId, cancelled);
    }
    checkDrained();
}

void BatchPage::pause()
{
    if (!isRunning() || isPaused())
        return;
    m_job->pause();
    updateProgress();
    updateButtons();
}

void BatchPage::resume()
{
    if (!isPaused())
        return;
    // Resuming calls off a quit that waited for the answers in flight: the person wants the run to go on.
    m_onDrained = {};
    m_job->resume();
    updateProgress();
    updateButtons();
}

void BatchPage::cancel()
{
    if (!isRunning())
        return;
    m_job->cancel();
    updateButtons();
}

bool BatchPage::retryFailed()
{
    if (isRunning())
        return false;
    const QList<int> failed = m_model->failedIndexes();
    if (failed.isEmpty())
        return false;
    const QList<BatchItem> before = m_model->items();
    QList<BatchItem> items = before;
    for (int i : failed) {
        BatchItem blank;
        blank.index = i;
        blank.prompt = items.at(i).prompt;
        items[i] = blank;
    }
    if (!prepareLaunch(items))
        return false;
    // A run opened from the history (or offered for resuming) is not the job's: it is taken up from the database.
    const BatchJob::Started started =
        m_job->runId() == m_runId || m_runId == 0 ? m_job->retryFailed() : m_job->resumeRun(m_runId, true);
    if (!started.ok)
        m_model->setItems(before); // nothing was reset: the table shows the failures again
    return launched(started);
}

void BatchPage::offerResume()
{
    if (!m_store)
        return;
    const QList<BatchRun> runs = m_store->resumableRuns();
    if (runs.isEmpty())
        return;
    const BatchRun& r = runs.first();
    m_offeredRunId = r.id;
    m_run = r;
    m_runId = r.id;
    m_model->setItems(m_store->items(r.id));
    m_progress->setRange(0, qMax(1, r.total));
    m_offeredRun = r;
    updateBanner();
    m_banner->show();
    updateProgress();
}

std::optional<BatchRun> BatchPage::savedRun(qint64 runId)
{
    if (isRunning() || !m_store || runId == 0)
        return std::nullopt;
    std::optional<BatchRun> run = m_store->run(runId);
    if (!run)
        showStatus(tr("That batch could not be found in the database."), true);
    return run;
}

void BatchPage::showRunSettings(const BatchRun& run)
{
    m_modelCombo->setCurrentText(run.model);
    m_concurrency->setValue(run.concurrency);
    m_temperature->setValue(run.settings.temperature.value_or(1.0));
    m_maxTokens->setValue(run.settings.maxOutputTokens.value_or(0));
}

bool BatchPage::resumeRun(qint64 runId)
{
    const std::optional<BatchRun> run = savedRun(runId);
    if (!run)
        return false;
    m_banner->hide();
    m_offeredRunId = 0;
    showRunSettings(*run);
    m_template->setText(run->promptTemplate);
    if (!prepareLaunch(m_store->items(runId)))
        return false;
    return launched(m_job->resumeRun(runId));
}

bool BatchPage::openRun(qint64 runId)
{
    const std::optional<BatchRun> run = savedRun(runId);
    if (!run)
        return false;
    if (m_offeredRunId == runId) {
        m_banner->hide();
        m_offeredRunId = 0;
    }
    // Its prompts as they were sent (the template already applied): Start sends them again as a new run.
    const QList<BatchItem> items = m_store->items(runId);
    QStringList sent;
    sent.reserve(items.size());
    for (const BatchItem& it : items)
        sent << it.prompt;
    m_promptsEdit->blockSignals(true);
    m_promptsEdit->clear();
    m_promptsEdit->blockSignals(false);
    m_filePrompts = sent;
    m_fileName = run->title;
    m_filePath.clear();
    m_column->hide();
    updateSourceLabel();
    m_template->clear();
    showRunSettings(*run);
    m_run = *run;
    m_runId = runId;
    m_model->setItems(items);
    m_lastCancelled = run->state == BatchRun::State::Cancelled && run->pending() > 0;
    m_lastProgress = BatchProgress{};
    m_progress->setRange(0, qMax(1, int(items.size())));
    showStatus(
        tr("Showing the batch \"%1\" of %2.")
            .arg(run->title, QLocale().toString(QDateTime::fromMSecsSinceEpoch(run->createdMs), QLocale::ShortFormat)));
    updateProgress();
    updateButtons();
    return true;
}

void BatchPage::showHistory()
{
    if (!m_store)
        return;
    BatchHistoryDialog dialog(m_store, isRunning() ? m_runId : 0, this);
    dialog.selectRun(m_runId);
    connect(&dialog, &BatchHistoryDialog::openRequested, this, &BatchPage::openRun);
    connect(&dialog, &BatchHistoryDialog::resumeRequested, this, &BatchPage::resumeRun);
    dialog.exec();
}

void BatchPage::discardOffer()
{
    if (m_store && m_offeredRunId > 0)
        m_store->setState(m_offeredRunId, BatchRun::State::Cancelled);
    m_offeredRunId = 0;
    m_banner->hide();
}

bool BatchPage::exportResults(const QString& path, QString* error)
{
    m_model->flushChanges();
    return BatchResultFormat::write(path, m_model->items(), BatchResultFormat::formatForPath(path), error);
}

void BatchPage::exportInteractive(bool csv)
{
    QString base = m_run.title.isEmpty() ? tr("batch") : QFileInfo(m_run.title).completeBaseName();
    const QString path = FileDialog::getSaveFileName(
        this, tr("Export results"), base + (csv ? QStringLiteral("-results.csv") : QStringLiteral("-results.jsonl")),
        csv ? tr("CSV (*.csv)") : tr("JSON lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportResults(path, &error))
        MessageBox::warning(this, tr("Export failed"), error);
}

} // namespace egb
