#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace egb {

class KeyPool;

/// Under the Keys table: the selected key's project and, for each model it was used for, the quota state of that
/// (project, model) bucket (available, paced, resting with the time left, daily quota spent, not offered), the
/// requests and input tokens of today, and the limit the pool learned from Google's 429s. "Forget learned limits"
/// clears the learned limits of the project (of the selected model row, or all its models). Refreshed every second
/// while shown, so countdowns move. objectNames for tests: keyDetailTitle, keyDetailTable, forgetLimitsButton.
class KeyDetailPane : public QWidget
{
    Q_OBJECT
public:
    enum Column
    {
        ModelColumn,
        StateColumn,
        RequestsColumn,
        TokensColumn,
        LearnedColumn,
        ColumnCount
    };

    explicit KeyDetailPane(KeyPool* pool, QWidget* parent = nullptr);

    qint64 keyId() const { return m_id; }
    /// Shows key `id` (0: none).
    void setKey(qint64 id);
    /// Reads the pool again now.
    void refresh();
    /// Forgets the learned limits of the key's project for `model` (every model when empty).
    void forgetLearnedLimits(const QString& model = {});

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void retranslate();
    QString stateText(const QString& model, qint64 now) const;

    QPointer<KeyPool> m_pool;
    qint64 m_id = 0;
    QLabel* m_title = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_forget = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace egb
