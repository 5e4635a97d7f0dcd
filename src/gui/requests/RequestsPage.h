#pragma once

#include "RequestLogStore.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace egb {

class KeyPool;
class RequestLogModel;
class RequestLogWriter;

/// The request log, live: every attempt of every source (chat, batch, proxy, key checks), newest first, sortable
/// by any column and filtered by time range, key, model, source and outcome. A detail pane shows one attempt in
/// full; Export writes the rows shown as CSV. "Keep" sets how many days the log keeps (saved in the database, so
/// egb keeps the same; older attempts are pruned in the background).
///
/// Reads through `store` (the GUI thread's connection); `writer` says when new attempts were committed, and the page
/// then fetches only the rows after the newest it shows (while visible; a hidden page reloads when shown).
class RequestsPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxRows = 5000;

    RequestsPage(KeyPool* pool, QWidget* parent = nullptr);
    ~RequestsPage() override;

    /// The log to show (both may be null: the page then says the log is not available).
    void setRequestLog(RequestLogStore* store, RequestLogWriter* writer);

    RequestLogModel* model() const { return m_model; }
    /// The filter the controls describe, with the range measured from now.
    RequestLogFilter currentFilter() const;
    /// Reads the log again with the current filter.
    void reload();
    /// Writes the rows shown, in the view's order, as CSV. False (and lastError) when the file cannot be written.
    bool exportCsv(const QString& path);
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void statusMessage(const QString& message, int timeoutMs = 5000);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void retranslate();
    void refreshModelList();
    void loadEntries();
    void fetchNewer();
    void showDetail();
    void chooseExportFile();
    void updateCount();

    QPointer<KeyPool> m_pool;
    RequestLogStore* m_store = nullptr;
    QPointer<RequestLogWriter> m_writer;
    RequestLogModel* m_model = nullptr;
    QSortFilterProxyModel* m_sorted = nullptr;
    bool m_dirty = true;
    QString m_lastError;

    QComboBox* m_range = nullptr;
    QLineEdit* m_key = nullptr;
    QComboBox* m_modelFilter = nullptr;
    QComboBox* m_source = nullptr;
    QComboBox* m_outcome = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_retentionLabel = nullptr;
    QSpinBox* m_retention = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_detail = nullptr;
    QLabel* m_rangeLabel = nullptr;
    QLabel* m_keyLabel = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_outcomeLabel = nullptr;
};

} // namespace egb
