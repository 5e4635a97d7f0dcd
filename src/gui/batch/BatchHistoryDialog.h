#pragma once

#include "BatchRunStore.h"

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QPushButton;
class QTableWidget;

namespace egb {

/// Batch → History…: every run the database holds (the app's and `egb batch`'s), newest first, with when it started,
/// its name, model, state and counts. A run can be opened on the Batch page (its results, to read, export or retry the
/// failed prompts), resumed when prompts are left, exported, or deleted (asked first; a run going on cannot be).
/// The list follows the store (BatchRunStore::runsChanged). objectNames for tests: runsTable, openRunButton,
/// resumeRunButton, exportRunButton, deleteRunButton.
class BatchHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    /// `activeRunId`: the run the page is running now (0: none); it cannot be deleted or resumed from here.
    BatchHistoryDialog(BatchRunStore* store, qint64 activeRunId, QWidget* parent = nullptr);

    /// The run of the selected row; 0 when none is selected.
    qint64 selectedRunId() const;
    /// Selects the row of `runId`; false when the list has no such run.
    bool selectRun(qint64 runId);
    /// Writes the run's results to `path` (CSV when it ends in .csv, otherwise JSONL). False + message on failure.
    bool exportRun(qint64 runId, const QString& path, QString* error = nullptr);
    /// Deletes the run and its results (no question asked: the button asks). False + message on failure.
    bool deleteRun(qint64 runId, QString* error = nullptr);

Q_SIGNALS:
    void openRequested(qint64 runId);
    void resumeRequested(qint64 runId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void retranslate();
    void updateButtons();
    std::optional<BatchRun> selectedRun() const;
    QString stateText(const BatchRun& run) const;
    void exportInteractive();
    void deleteInteractive();

    QPointer<BatchRunStore> m_store;
    qint64 m_activeRunId = 0;
    QList<BatchRun> m_runs;
    QTableWidget* m_table = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_resume = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_delete = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace egb
