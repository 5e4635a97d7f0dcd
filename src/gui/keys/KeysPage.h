#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QTableView;

namespace Ui {
class KeysPage;
}

namespace egb {

class KeyPool;
class KeyTableModel;
class KeyDetailPane;
class KeyFilterModel;

/// The Keys page: the live health table of every key, its search and status filter, and the key actions
/// (add, enable, disable, reset, remove, check, copy, reveal, refresh order). When the pool is empty it shows a
/// friendly empty state with Import / Paste / Add buttons instead of an empty table.
///
/// Bulk actions work on the selected rows and make one pool call each (one database transaction).
class KeysPage : public QWidget
{
    Q_OBJECT
public:
    explicit KeysPage(KeyPool* pool, QWidget* parent = nullptr);
    ~KeysPage() override;

    KeyTableModel* model() const { return m_model; }
    KeyFilterModel* filterModel() const { return m_filter; }
    QTableView* view() const;
    /// Under the table: the current key's quota per model.
    KeyDetailPane* detailPane() const { return m_detail; }

    /// Ids of the selected rows, in view order.
    QList<qint64> selectedIds() const;
    /// Select the rows of these ids (clears the rest of the selection).
    void selectIds(const QList<qint64>& ids);

    /// The page's actions, in menu order (separators are actions too). MainWindow puts them in the Keys menu.
    QList<QAction*> keyActions() const;
    QAction* addKeyAction() const { return m_addKey; }
    QAction* enableAction() const { return m_enable; }
    QAction* disableAction() const { return m_disable; }
    QAction* resetAction() const { return m_reset; }
    QAction* removeAction() const { return m_remove; }
    QAction* checkAction() const { return m_check; }
    QAction* copyKeyAction() const { return m_copyKey; }
    QAction* revealAction() const { return m_reveal; }
    QAction* refreshAction() const { return m_refresh; }

    /// Column widths, order and sort, for QSettings.
    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

    /// Whether Remove asks first (default true).
    void setConfirmRemove(bool confirm) { m_confirmRemove = confirm; }

public Q_SLOTS:
    void addKey();
    void enableSelected();
    void disableSelected();
    void resetSelected();
    void removeSelected();
    void checkSelected();
    void copySelectedKeys();
    void toggleRevealSelected();

Q_SIGNALS:
    void importRequested();
    void pasteRequested();
    /// Keys → Check: MainWindow runs the check (it owns the network client).
    void checkRequested(const QList<qint64>& ids);
    void statusMessage(const QString& message, int timeoutMs = 5000);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void createActions();
    void retranslate();
    void updateActions();
    void updateEmptyState();
    void updateCount();
    void showContextMenu(const QPoint& pos);
    void showHeaderMenu(const QPoint& pos);

    std::unique_ptr<Ui::KeysPage> m_ui;
    QPointer<KeyPool> m_pool;
    KeyTableModel* m_model = nullptr;
    KeyDetailPane* m_detail = nullptr;
    KeyFilterModel* m_filter = nullptr;
    QAction* m_addKey = nullptr;
    QAction* m_enable = nullptr;
    QAction* m_disable = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_remove = nullptr;
    QAction* m_check = nullptr;
    QAction* m_copyKey = nullptr;
    QAction* m_reveal = nullptr;
    QAction* m_editLabel = nullptr;
    QAction* m_refresh = nullptr;
    QList<QAction*> m_separators;
    bool m_confirmRemove = true;
};

} // namespace egb
