#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTextBrowser;

namespace egb {

class BatchResultFilter;
class BatchResultModel;

/// The Batch page's results: which rows to show (all, failed, answered, not answered yet) and a text filter, the
/// table of `model` through a BatchResultFilter (sorted by any column, "3 of 30 shown" while filtered), and under
/// it the full answer (or error) of the selected row, which follows the row as results arrive or the model resets.
///
/// objectNames for tests: resultShowCombo, resultSearchEdit, resultShownLabel, resultsTable, answerView.
class BatchResultsView : public QWidget
{
    Q_OBJECT
public:
    explicit BatchResultsView(BatchResultModel* model, QWidget* parent = nullptr);
    ~BatchResultsView() override;

    BatchResultFilter* filter() const { return m_filter; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateShownLabel();
    void showSelected();

    BatchResultModel* m_model = nullptr;
    BatchResultFilter* m_filter = nullptr;
    QLabel* m_showLabel = nullptr;
    QComboBox* m_showCombo = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_shownLabel = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_answer = nullptr;
};

} // namespace egb
