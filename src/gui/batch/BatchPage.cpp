#include "BatchPage.h"

#include "AppSettings.h"
#include "BatchResultFormat.h"
#include "BatchResultModel.h"
#include "BatchResultSaver.h"
#include "ChatPage.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "PromptFile.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontMetrics>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
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
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

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
    , m_saveTimer(new QTimer(this))
{
    m_model->setChangeInterval(250);
    setObjectName(QStringLiteral("batchPage"));
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(0);
    connect(m_saveTimer, &QTimer::timeout, this, &BatchPage::saveNow);
    buildUi();
    offerResume();
    retranslate();
    if (m_store) {
        // Another database file: the writer thread's connection follows at the next run.
        connect(m_store, &BatchRunStore::opened, this, [this] {
            if (isRunning())
                return;
            waitForSaves();
            m_saver.reset();
        });
    }
}

BatchPage::~BatchPage()
{
    // Save what arrived, then stop the runner without letting its last signals reach this half-destroyed page.
    // The run stays "running" in the database, so the next start offers to resume it.
    if (m_runner) {
        disconnect(m_runner.get(), nullptr, this, nullptr);
        m_runner.reset();
    }
    saveNow();
    if (m_saver) {
        disconnect(m_saver.get(), nullptr, this, nullptr);
        m_saver.reset(); // commits what is queued, then stops its thread
    }
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
    });

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
    controls->addWidget(m_progress, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("batchStatus"));
    m_status->setWordWrap(true);
    m_status->hide();

    // --- results ---
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("resultsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    {
        const QFontMetrics fm = m_table->fontMetrics();
        const auto width = [&fm](const QString& sample) { return fm.horizontalAdvance(sample) + 24; };
        QHeaderView* header = m_table->horizontalHeader();
        header->resizeSection(BatchResultModel::IndexColumn, width(QStringLiteral("00000")));
        header->resizeSection(BatchResultModel::StatusColumn, width(QStringLiteral("pending__")));
        header->resizeSection(BatchResultModel::AttemptsColumn, width(QStringLiteral("Attempts")));
        header->resizeSection(BatchResultModel::KeyColumn, width(QStringLiteral("AIza...Xy12_")));
        header->resizeSection(BatchResultModel::LatencyColumn, width(QStringLiteral("000000 ms")));
        header->resizeSection(BatchResultModel::TokensColumn, width(QStringLiteral("Tokens_")));
        header->resizeSection(BatchResultModel::PromptColumn, width(QString(28, u'n')));
    }
    m_table->setWordWrap(false);
    m_answer = new QTextBrowser(this);
    m_answer->setObjectName(QStringLiteral("answerView"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_answer);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(sourceRow);
    layout->addWidget(m_promptsEdit);
    layout->addLayout(form);
    layout->addLayout(controls);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

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
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &BatchPage::showSelected);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid() && current.row() >= from.row() && current.row() <= to.row())
            showSelected();
    });
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
    m_exportCsv->setText(tr("As CSV…"));
    m_exportJsonl->setText(tr("As JSONL…"));
    m_answer->setPlaceholderText(tr("Select a row to read its full answer."));
    updateSourceLabel();
    if (m_offeredRunId > 0)
        updateBanner();
    updateButtons(); // the Pause / Resume text
    updateProgress();
    showSelected();
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
    return m_runner && m_runner->isRunning();
}

bool BatchPage::isPaused() const
{
    return m_runner && m_runner->isRunning() && m_runner->isPaused();
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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open prompts"), QString(),
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

QString BatchPage::settingsJson() const
{
    QJsonObject o{{QStringLiteral("temperature"), m_temperature->value()},
                  {QStringLiteral("maxOutputTokens"), m_maxTokens->value()}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

bool BatchPage::start()
{
    if (isRunning())
        return false;
    const QStringList inputs = prompts();
    if (inputs.isEmpty()) {
        showStatus(tr("There is nothing to send: open a prompt file or paste prompts, one a line."), true);
        return false;
    }
    QStringList rendered;
    rendered.reserve(inputs.size());
    for (const QString& input : inputs)
        rendered << applyTemplate(m_template->text(), input);
    BatchRun run;
    run.title = m_fileName.isEmpty() ? tr("Pasted prompts") : m_fileName;
    run.model = m_modelCombo->currentText().trimmed();
    if (run.model.isEmpty())
        run.model = GenerateRequest::defaultModel();
    run.promptTemplate = m_template->text();
    run.settingsJson = settingsJson();
    run.concurrency = m_concurrency->value();
    run.state = BatchRun::State::Running;
    QList<BatchItem> items;
    items.reserve(rendered.size());
    for (int i = 0; i < rendered.size(); ++i) {
        BatchItem it;
        it.index = i;
        it.prompt = rendered.at(i);
        items << it;
    }
    showStatus({});
    if (m_store) {
        waitForSaves(); // nothing of an earlier run is being written while this one is created
        run.id = m_store->createRun(run, rendered);
        if (run.id == 0)
            showStatus(
                tr("This run is not being saved (it cannot be resumed after a restart): %1").arg(m_store->lastError()),
                true);
    }
    m_banner->hide();
    m_offeredRunId = 0;
    return launch(run, items);
}

bool BatchPage::launch(const BatchRun& run, const QList<BatchItem>& items)
{
    if (!m_dispatcher || !m_dispatcher->pool()) {
        showStatus(tr("Batches are not available: the app has no key pool. Restart the app."), true);
        return false;
    }
    const ClientSettings clientSettings = m_dispatcher->client() ? m_dispatcher->client()->settings()
                                          : m_settings           ? m_settings->clientSettings()
                                                                 : ClientSettings::fromEnvironment();
    if (!m_saver && m_store && m_store->isOpen()) {
        m_saver = std::make_unique<BatchResultSaver>(m_store->connectionName());
        if (!m_saver->isOpen()) {
            showStatus(tr("Results are saved from the window's thread (%1).").arg(m_saver->lastError()));
            m_saver.reset();
        } else {
            connect(m_saver.get(), &BatchResultSaver::saveFailed, this,
                    [this](qint64 runId, const QList<BatchItem>& items, const QString& message) {
                        if (runId == m_runId)
                            m_unsaved = items + m_unsaved; // queued again with the next save
                        m_status->setProperty("saveError", true);
                        showStatus(
                            tr("Results are not being saved (they are kept in memory and retried): %1").arg(message),
                            true);
                    });
        }
    }
    if (m_runner)
        disconnect(m_runner.get(), nullptr, this, nullptr);
    m_runner = std::make_unique<BatchRunner>(m_dispatcher->pool(), clientSettings, m_dispatcher->settings());
    m_runner->setConcurrency(qBound(1, run.concurrency, AppSettings::MaxConcurrency));
    // Four table and progress updates a second read as live and leave the event loop to the answers.
    m_runner->setProgressInterval(250);
    QList<bool> done(items.size(), false);
    for (int i = 0; i < items.size(); ++i)
        done[i] = items.at(i).isDone();
    m_runner->setSkipPredicate(
        [done](int index, const GenerateRequest&) { return index >= 0 && index < done.size() && done.at(index); });
    connect(m_runner.get(), &BatchRunner::itemFinished, this, &BatchPage::onItemFinished);
    connect(m_runner.get(), &BatchRunner::progressChanged, this, &BatchPage::onProgress);
    connect(m_runner.get(), &BatchRunner::finished, this,
            [this](const QList<BatchItemResult>&, bool cancelled) { onRunnerFinished(cancelled); });

    m_run = run;
    m_runId = run.id;
    m_model->setItems(items);
    m_lastProgress = BatchProgress{};
    m_finishedEmitted = false;

    const QJsonObject settings = QJsonDocument::fromJson(run.settingsJson.toUtf8()).object();
    GenerationConfig config;
    if (settings.contains(QStringLiteral("temperature")))
        config.temperature = settings.value(QStringLiteral("temperature")).toDouble();
    if (settings.value(QStringLiteral("maxOutputTokens")).toInt() > 0)
        config.maxOutputTokens = settings.value(QStringLiteral("maxOutputTokens")).toInt();
    const QString systemInstruction = settings.value(QStringLiteral("systemInstruction")).toString();
    QList<GenerateRequest> requests;
    requests.reserve(items.size());
    for (const BatchItem& it : items) {
        GenerateRequest r = GenerateRequest::fromPrompt(it.prompt, run.model);
        r.generationConfig = config;
        r.systemInstruction = systemInstruction; // a run started by `egb batch --system`
        requests << r;
    }
    if (m_store && m_runId > 0)
        m_store->setState(m_runId, BatchRun::State::Running);
    m_progress->setRange(0, qMax(1, int(items.size())));
    updateProgress();
    updateButtons();
    Q_EMIT runStarted(m_runId);
    m_runner->start(requests);
    updateButtons();
    return true;
}

void BatchPage::onItemFinished(const BatchItemResult& r)
{
    if (r.skipped || r.index < 0 || r.index >= m_model->rowCount())
        return;
    if (r.outcome.kind == OutcomeClass::Cancelled)
        return; // not answered: stays pending, sent again when the run is resumed
    BatchItem it = m_model->item(r.index);
    const bool ok = r.outcome.isSuccess();
    it.status = ok ? BatchItem::Status::Ok : BatchItem::Status::Error;
    it.text = r.response.text;
    it.attempts = int(r.attempts.size());
    it.keyMasked = r.attempts.isEmpty() ? QString() : r.attempts.constLast().maskedKey;
    qint64 latency = 0;
    for (const AttemptRecord& a : r.attempts)
        latency += a.latencyMs;
    it.latencyMs = r.outcome.latencyMs > 0 ? qMax(r.outcome.latencyMs, latency) : latency;
    it.usage = r.outcome.usage.totalTokens > 0 ? r.outcome.usage : r.response.usage;
    it.error.clear();
    it.errorKind = ok ? QString() : Outcome::className(r.outcome.kind);
    if (!ok) {
        QString error = r.errorMessage;
        const QString google = r.outcome.message;
        if (!google.isEmpty() && !error.contains(google))
            error = error.isEmpty() ? google : tr("%1 Google said: %2").arg(error, google);
        const QString note = ChatPage::attemptNote(r.attempts);
        if (!note.isEmpty())
            error += QStringLiteral(" (") + note + QStringLiteral(")");
        it.error = error.isEmpty() ? tr("The request failed.") : error;
    }
    m_model->updateItem(it);
    m_unsaved.append(it);
    if (!m_saveTimer->isActive()) {
        // Saved at the next turn of the event loop, but at most one transaction per save interval: at thousands
        // of answers a second they are written together instead of one commit each.
        const qint64 since = m_lastSave.isValid() ? m_lastSave.elapsed() : m_saveIntervalMs;
        m_saveTimer->start(int(qMax<qint64>(0, m_saveIntervalMs - since)));
    }
}

void BatchPage::setSaveInterval(int ms)
{
    m_saveIntervalMs = qMax(0, ms);
}

void BatchPage::waitForSaves()
{
    saveNow();
    if (m_saver)
        m_saver->flush();
}

void BatchPage::saveNow()
{
    m_saveTimer->stop();
    m_lastSave.start();
    if (m_unsaved.isEmpty() || !m_store || m_runId == 0)
        return;
    if (m_saver) {
        m_saver->save(m_runId, m_unsaved);
        m_unsaved.clear();
        return;
    }
    if (m_store->saveResults(m_runId, m_unsaved)) {
        m_unsaved.clear();
        if (m_status->property("saveError").toBool()) {
            m_status->setProperty("saveError", false);
            showStatus({});
        }
    } else {
        m_status->setProperty("saveError", true);
        showStatus(
            tr("Results are not being saved (they are kept in memory and retried): %1").arg(m_store->lastError()),
            true);
    }
}

void BatchPage::onProgress(const BatchProgress& progress)
{
    m_lastProgress = progress;
    updateProgress();
}

void BatchPage::updateProgress()
{
    const int ok = m_model->okCount();
    const int failed = m_model->failedCount();
    const int remaining = m_model->pendingCount();
    m_progress->setValue(ok + failed);
    QString text = tr("%1 done · %2 failed · %3 remaining").arg(ok).arg(failed).arg(remaining);
    if (isRunning()) {
        text +=
            tr(" · %1 requests/s · ETA %2")
                .arg(QLocale().toString(m_lastProgress.ratePerSecond, 'f', 1), formatDuration(m_lastProgress.etaMs));
        if (isPaused())
            text += tr(" · paused (requests in flight finish)");
    }
    m_progressLabel->setText(text);
    Q_EMIT progressUpdated(ok, failed, remaining);
}

void BatchPage::onRunnerFinished(bool cancelled)
{
    m_model->flushChanges();
    waitForSaves();
    if (m_store && m_runId > 0) {
        const BatchRun::State state = cancelled                      ? BatchRun::State::Cancelled
                                      : m_model->pendingCount() == 0 ? BatchRun::State::Finished
                                                                     : BatchRun::State::Paused;
        m_store->setState(m_runId, state);
    }
    m_lastProgress.ratePerSecond = 0;
    updateProgress();
    QTimer::singleShot(0, this, &BatchPage::updateButtons);
    updateButtons();
    if (!m_finishedEmitted) {
        m_finishedEmitted = true;
        Q_EMIT runFinished(m_runId, cancelled);
    }
}

void BatchPage::pause()
{
    if (!isRunning() || isPaused())
        return;
    m_runner->pause();
    waitForSaves();
    if (m_store && m_runId > 0)
        m_store->setState(m_runId, BatchRun::State::Paused);
    updateProgress();
    updateButtons();
}

void BatchPage::resume()
{
    if (!isPaused())
        return;
    m_runner->resume();
    waitForSaves();
    if (m_store && m_runId > 0)
        m_store->setState(m_runId, BatchRun::State::Running);
    updateProgress();
    updateButtons();
}

void BatchPage::cancel()
{
    if (!isRunning())
        return;
    m_runner->cancel();
    updateButtons();
}

bool BatchPage::retryFailed()
{
    if (isRunning())
        return false;
    const QList<int> failed = m_model->failedIndexes();
    if (failed.isEmpty())
        return false;
    waitForSaves();
    if (m_store && m_runId > 0 && !m_store->resetItems(m_runId, failed)) {
        showStatus(m_store->lastError(), true);
        return false;
    }
    QList<BatchItem> items = m_model->items();
    for (int i : failed) {
        BatchItem blank;
        blank.index = i;
        blank.prompt = items.at(i).prompt;
        items[i] = blank;
    }
    return launch(m_run, items);
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

bool BatchPage::resumeRun(qint64 runId)
{
    if (isRunning() || !m_store || runId == 0)
        return false;
    const std::optional<BatchRun> run = m_store->run(runId);
    if (!run) {
        showStatus(tr("That batch could not be found in the database."), true);
        return false;
    }
    m_banner->hide();
    m_offeredRunId = 0;
    m_modelCombo->setCurrentText(run->model);
    m_template->setText(run->promptTemplate);
    m_concurrency->setValue(run->concurrency);
    const QJsonObject settings = QJsonDocument::fromJson(run->settingsJson.toUtf8()).object();
    m_temperature->setValue(settings.value(QStringLiteral("temperature")).toDouble(1.0));
    m_maxTokens->setValue(settings.value(QStringLiteral("maxOutputTokens")).toInt());
    return launch(*run, m_store->items(runId));
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
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"), base + (csv ? QStringLiteral("-results.csv") : QStringLiteral("-results.jsonl")),
        csv ? tr("CSV (*.csv)") : tr("JSON lines (*.jsonl)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportResults(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void BatchPage::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_answer->clear();
        return;
    }
    const BatchItem& it = m_model->item(current.row());
    if (it.status == BatchItem::Status::Error)
        m_answer->setPlainText(tr("Failed: %1").arg(it.error));
    else if (it.status == BatchItem::Status::Ok)
        m_answer->setMarkdown(it.text);
    else
        m_answer->setPlainText(tr("No answer yet."));
}

} // namespace egb
