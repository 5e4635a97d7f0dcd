#pragma once

#include "BatchJob.h"
#include "BatchRunStore.h"
#include "BatchRunner.h"

#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace egb {

class AppSettings;
class BatchResultFilter;
class BatchResultModel;
class BatchResultsView;
class Dispatcher;

/// The Batch page: many prompts through the key pool with BatchJob (the same engine as `egb batch`).
///
/// Prompts come from a .txt / .csv (chosen column) / .jsonl file (PromptFile) or are pasted, one a line; an
/// optional template wraps each with `{input}`. Start, pause, resume, cancel; a progress bar with done / failed /
/// remaining, requests per second and ETA; a results table with the full answer on selection, sorted by any column
/// and filtered by status and text (BatchResultFilter); retry only the failed rows; export as CSV or JSONL
/// (BatchResultFormat, the lines of `egb batch`).
///
/// A run is saved in the BatchRunStore as it goes (by the BatchJob): results are handed, at most every save interval
/// (default 50 ms), to a BatchResultSaver that commits them from its own thread and connection, so the GUI thread
/// never waits for SQLite while answers pour in. If the app is closed, the page saves everything first; if it is
/// killed, at most the answers of the last save interval are lost. The next page built on the same database offers to
/// resume the run, and only prompts without a saved answer are sent.
///
/// The runner gets the pool, client settings and retry settings from `dispatcher` (its pool(), client()->settings()
/// and settings()); `store` and `settings` may be null. objectNames for tests: openButton, columnCombo,
/// promptsEdit, templateEdit, modelCombo, temperatureSpin, maxTokensSpin, concurrencySpin, startButton,
/// pauseButton, cancelButton, retryFailedButton, exportButton, progressBar, progressLabel, resultsTable,
/// answerView, resumeBanner, resumeButton, discardButton, batchStatus.
class BatchPage : public QWidget
{
    Q_OBJECT
public:
    BatchPage(Dispatcher* dispatcher, BatchRunStore* store, AppSettings* settings, QWidget* parent = nullptr);
    ~BatchPage() override;

    BatchResultModel* resultModel() const { return m_model; }
    /// The table's view of resultModel(): filtered and sorted as the person chose.
    BatchResultFilter* resultFilter() const;
    qint64 currentRunId() const { return m_runId; }
    bool isRunning() const;
    bool isPaused() const;
    /// Prompts sent whose answers have not arrived yet; 0 when no run is going on.
    int inFlightCount() const;
    /// Quitting with a run going on: pauses it (nothing new is sent) and calls `done` once every answer in flight
    /// has arrived and is saved, at once (from the event loop) when none is in flight. The run stays resumable.
    /// resume() calls it off: `done` is then never called.
    void finishInFlight(std::function<void()> done);
    /// The prompts a Start would send (file prompts, else the pasted lines), before the template.
    QStringList prompts() const;
    /// The template applied to `input` ("{input}" replaced; an empty template returns the input).
    static QString applyTemplate(const QString& promptTemplate, const QString& input);
    /// At most one save transaction per this many ms (default 50; 0 = one per event-loop turn).
    void setSaveInterval(int ms);
    int saveInterval() const { return m_saveIntervalMs; }
    /// The run offered in the resume banner (0 when none).
    qint64 offeredRunId() const { return m_offeredRunId; }

public Q_SLOTS:
    /// Uses these prompts (as if loaded from a file named `sourceName`).
    void setPrompts(const QStringList& prompts, const QString& sourceName = {});
    /// Reads a prompt file; `column` is the CSV column / JSONL field (empty: "prompt"). False + message on failure.
    bool loadPromptFile(const QString& path, const QString& column = {}, QString* error = nullptr);
    /// Starts a new run with the current prompts and settings. False (with a message shown) when there is nothing
    /// to send or a run is going on.
    bool start();
    void pause();
    void resume();
    void cancel();
    /// Sends again only the rows that failed.
    bool retryFailed();
    /// Continues a saved run: prompts that already have an answer are not sent again.
    bool resumeRun(qint64 runId);
    /// Shows saved run `runId` (its results and settings) without sending anything: to read, export, retry the
    /// failed prompts, or Start its prompts again as a new run. Not while a run goes on.
    bool openRun(qint64 runId);
    /// Batch → History…: every saved run (BatchHistoryDialog).
    void showHistory();
    /// Forgets the resume offer (the run is marked cancelled; its results stay saved).
    void discardOffer();
    /// Writes the results: CSV when `path` ends in .csv, otherwise JSONL.
    bool exportResults(const QString& path, QString* error = nullptr);
    /// Offers these models (Chat's list, when it changes); the model chosen stays.
    void setAvailableModels(const QStringList& models);

Q_SIGNALS:
    void runStarted(qint64 runId);
    /// The run ended: every prompt answered or failed (cancelled = false), or cancel() was called.
    void runFinished(qint64 runId, bool cancelled);
    void progressUpdated(int ok, int failed, int remaining);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    /// Every text set in code, again (constructor and LanguageChange).
    void retranslate();
    QLabel* addLabel(const char* source);
    void updateSourceLabel();
    /// Lists the prompts a Start would send as pending rows (not while a run goes on).
    void previewPrompts();
    /// The prompts as a Start would send them: numbered, through the template, pending.
    QList<BatchItem> pendingItems() const;
    void updateBanner();
    void showStatus(const QString& text, bool error = false);
    /// Saved run `runId` (nullopt while a run goes on, or when the database has no such run: then said so).
    std::optional<BatchRun> savedRun(qint64 runId);
    /// The run's model, concurrency, temperature and token limit in the page's fields.
    void showRunSettings(const BatchRun& run);
    void updateButtons();
    /// Calls finishInFlight()'s callback once nothing is in flight any more.
    void checkDrained();
    void updateProgress();
    void offerResume();
    /// The job's settings from the window, the rows in the table; false (with a message) when there is no pool.
    bool prepareLaunch(const QList<BatchItem>& items);
    /// After the job started (or refused to): the run's id, progress and buttons.
    bool launched(const BatchJob::Started& started);
    void onProgress(const BatchProgress& progress);
    void onRunnerFinished(bool cancelled);
    /// Every row handed out is committed (before the GUI thread writes to the run itself).
    void waitForSaves();
    void exportInteractive(bool csv);
    void openFileInteractive();
    void fillColumns(const QString& path);
    BatchRunSettings runSettings() const;

    QPointer<Dispatcher> m_dispatcher;
    QPointer<BatchRunStore> m_store;
    QPointer<AppSettings> m_settings;

    std::unique_ptr<BatchJob> m_job; ///< runs, saves (from its own thread) and resumes
    BatchResultModel* m_model = nullptr;
    BatchResultsView* m_results = nullptr; ///< the table (filtered and sorted) and the selected answer
    qint64 m_runId = 0;
    qint64 m_offeredRunId = 0;
    BatchRun m_run;
    QStringList m_filePrompts;
    QString m_fileName;
    QString m_filePath;
    int m_saveIntervalMs = BatchJob::DefaultSaveIntervalMs;
    BatchProgress m_lastProgress;
    bool m_finishedEmitted = false;
    int m_settingsConcurrency = 0; ///< Settings' batch concurrency as last seen
    bool m_lastCancelled = false;  ///< the last run was cancelled with prompts left unsent
    QTimer* m_previewTimer = nullptr;
    std::function<void()> m_onDrained; ///< finishInFlight()'s callback, until the answers in flight are in

    QPushButton* m_openButton = nullptr;
    QComboBox* m_column = nullptr;
    QLabel* m_source = nullptr;
    QPlainTextEdit* m_promptsEdit = nullptr;
    QLineEdit* m_template = nullptr;
    QComboBox* m_modelCombo = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSpinBox* m_concurrency = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_retry = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_historyButton = nullptr;
    QAction* m_exportCsv = nullptr;
    QAction* m_exportJsonl = nullptr;
    QPushButton* m_resumeButton = nullptr;
    QPushButton* m_discardButton = nullptr;
    BatchRun m_offeredRun;
    QList<QPair<QLabel*, const char*>> m_labels; ///< labels and their untranslated texts
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerLabel = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace egb
