#include "KeysPage.h"

#include "AddKeyDialog.h"
#include "KeyDetailPane.h"
#include "KeyFilterModel.h"
#include "KeyPool.h"
#include "KeyTableModel.h"
#include "MessageBox.h"
#include "WeightBarDelegate.h"
#include "ui_KeysPage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>

namespace egb {

KeysPage::KeysPage(KeyPool* pool, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::KeysPage>())
    , m_pool(pool)
    , m_model(new KeyTableModel(pool, this))
    , m_filter(new KeyFilterModel(this))
{
    m_ui->setupUi(this);
    m_filter->setSourceModel(m_model);

    QTableView* table = m_ui->keyTable;
    table->setModel(m_filter);
    table->setItemDelegateForColumn(KeyTableModel::WeightColumn, new WeightBarDelegate(table));
    // Fixed row heights and no ResizeToContents: with 100,000 rows, measuring contents would stall the window.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu); // choose the columns; kept with the header state
    connect(header, &QWidget::customContextMenuRequested, this, &KeysPage::showHeaderMenu);
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder); // the pool's order until a header is clicked
    table->setSortingEnabled(true);
    const int widths[KeyTableModel::ColumnCount] = {120, 100, 85, 135, 90, 75, 75, 65, 70, 220, 80, 130, 70};
    for (int column = 0; column < KeyTableModel::ColumnCount; ++column)
        table->setColumnWidth(column, widths[column]);
    // What a person looks at first stays in view at the default width: the cooldown right after the status (it was
    // the eleventh column, reached only by scrolling). A saved header state (restoreHeaderState) overrides this.
    header->moveSection(header->visualIndex(KeyTableModel::CooldownColumn),
                        header->visualIndex(KeyTableModel::StatusColumn) + 1);

    connect(m_ui->statusFilterCombo, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_ui->statusFilterCombo->currentData().toInt();
        m_filter->setStatusFilter(status < 0 ? std::nullopt : std::optional<KeyStatus>(KeyStatus(status)));
    });
    connect(m_ui->searchEdit, &QLineEdit::textChanged, m_filter, &KeyFilterModel::setSearchText);

    createActions();
    retranslate();
    m_ui->refreshButton->setDefaultAction(m_refresh);
    connect(table, &QWidget::customContextMenuRequested, this, &KeysPage::showContextMenu);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &KeysPage::updateActions);
    // The selected key's quota per model, under the table.
    m_detail = new KeyDetailPane(pool, this);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("keysSplitter"));
    delete table->parentWidget()->layout()->replaceWidget(table, splitter); // the table's old layout item is ours
    splitter->addWidget(table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 130});
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        m_detail->setKey(current.isValid() ? current.data(KeyTableModel::IdRole).toLongLong() : 0);
    });

    connect(m_ui->emptyImportButton, &QPushButton::clicked, this, &KeysPage::importRequested);
    connect(m_ui->emptyPasteButton, &QPushButton::clicked, this, &KeysPage::pasteRequested);
    connect(m_ui->emptyAddButton, &QPushButton::clicked, this, &KeysPage::addKey);
    QFont titleFont = m_ui->emptyTitleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_ui->emptyTitleLabel->setFont(titleFont);

    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, [this] {
            updateEmptyState();
            updateCount();
        });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        updateEmptyState();
        updateCount();
        updateActions();
    });
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &KeysPage::updateCount);
    connect(m_filter, &KeyFilterModel::staleChanged, this, &KeysPage::updateCount);
    updateEmptyState();
    updateCount();
    updateActions();
}

KeysPage::~KeysPage() = default;

QTableView* KeysPage::view() const
{
    return m_ui->keyTable;
}

void KeysPage::createActions()
{
    const auto make = [this](QAction*& action, const QString& name, const QKeySequence& keys, const char* icon) {
        action = new QAction(this);
        action->setObjectName(name);
        if (!keys.isEmpty())
            action->setShortcut(keys);
        const QString iconPath = QString::fromLatin1(icon);
        if (!iconPath.isEmpty() && QFile::exists(iconPath))
            action->setIcon(QIcon(iconPath));
        addAction(action);
    };
    make(m_addKey, QStringLiteral("actionAddKey"), QKeySequence(Qt::CTRL | Qt::Key_N), ":/icons/add.svg");
    make(m_enable, QStringLiteral("actionEnable"), QKeySequence(Qt::CTRL | Qt::Key_E), ":/icons/enable.svg");
    make(m_disable, QStringLiteral("actionDisable"), QKeySequence(Qt::CTRL | Qt::Key_D), ":/icons/disable.svg");
    make(m_reset, QStringLiteral("actionReset"), QKeySequence(Qt::CTRL | Qt::Key_R), ":/icons/reset.svg");
    make(m_remove, QStringLiteral("actionRemove"), QKeySequence(QKeySequence::Delete), ":/icons/remove.svg");
    make(m_check, QStringLiteral("actionCheck"), QKeySequence(Qt::CTRL | Qt::Key_K), ":/icons/check.svg");
    make(m_copyKey, QStringLiteral("actionCopyKey"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), "");
    make(m_reveal, QStringLiteral("actionReveal"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), "");
    make(m_editLabel, QStringLiteral("actionEditLabel"), QKeySequence(Qt::Key_F2), "");
    make(m_refresh, QStringLiteral("actionRefreshOrder"), QKeySequence(QKeySequence::Refresh), "");
    connect(m_addKey, &QAction::triggered, this, &KeysPage::addKey);
    connect(m_enable, &QAction::triggered, this, &KeysPage::enableSelected);
    connect(m_disable, &QAction::triggered, this, &KeysPage::disableSelected);
    connect(m_reset, &QAction::triggered, this, &KeysPage::resetSelected);
    connect(m_remove, &QAction::triggered, this, &KeysPage::removeSelected);
    connect(m_check, &QAction::triggered, this, &KeysPage::checkSelected);
    connect(m_copyKey, &QAction::triggered, this, &KeysPage::copySelectedKeys);
    connect(m_reveal, &QAction::triggered, this, &KeysPage::toggleRevealSelected);
    connect(m_editLabel, &QAction::triggered, this, [this] {
        // F2 edits the cell it is on when that one can be edited (label, group, RPM limit), else the label.
        const QModelIndex current = view()->currentIndex();
        if (!current.isValid())
            return;
        view()->edit((current.flags() & Qt::ItemIsEditable) ? current
                                                            : current.siblingAtColumn(KeyTableModel::LabelColumn));
    });
    connect(m_refresh, &QAction::triggered, m_filter, &KeyFilterModel::refresh);
    for (int i = 0; i < 3; ++i) {
        auto* separator = new QAction(this);
        separator->setSeparator(true);
        m_separators.append(separator);
    }
}

void KeysPage::retranslate()
{
    m_addKey->setText(tr("&Add key…"));
    m_enable->setText(tr("&Enable"));
    m_disable->setText(tr("&Disable"));
    m_reset->setText(tr("Re&set health"));
    m_remove->setText(tr("Re&move…"));
    m_check->setText(tr("C&heck with Google"));
    m_check->setToolTip(tr("Asks Google whether each selected key works (one cheap models.list request each)"));
    m_copyKey->setText(tr("&Copy full key"));
    m_copyKey->setToolTip(tr("Copies the full, working key to the clipboard"));
    m_reveal->setText(tr("Re&veal / hide key"));
    m_editLabel->setText(tr("Ed&it cell"));
    m_editLabel->setToolTip(tr("Edits the label, group or RPM limit under the cursor (F2); Tab goes on to the next"));
    m_refresh->setText(tr("Re&fresh order"));
    m_refresh->setToolTip(tr("Sort and filter again with the latest health (F5). With many keys the table does "
                             "not move rows by itself while requests run."));
    QComboBox* combo = m_ui->statusFilterCombo;
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents); // "Cooling down" whole, in either language
    if (combo->count() == 0) {
        combo->addItem(QString(), -1);
        for (const KeyStatus status : {KeyStatus::Active, KeyStatus::CoolingDown, KeyStatus::Disabled})
            combo->addItem(KeyTableModel::statusIcon(status), QString(), int(status));
    }
    combo->setItemText(0, tr("All statuses"));
    for (int i = 1; i < combo->count(); ++i)
        combo->setItemText(i, KeyTableModel::statusText(KeyStatus(combo->itemData(i).toInt())));
    updateCount();
}

void KeysPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateActions();
}

void KeysPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    updateActions();
}

void KeysPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslate();
    }
    QWidget::changeEvent(event);
}

QList<QAction*> KeysPage::keyActions() const
{
    return {m_addKey,  m_separators.at(0), m_enable,    m_disable,          m_reset,  m_check,  m_separators.at(1),
            m_copyKey, m_reveal,           m_editLabel, m_separators.at(2), m_remove, m_refresh};
}

void KeysPage::updateActions()
{
    // Only while the page is shown: Delete on another page must not remove the keys still selected here.
    const bool selection = isVisible() && view()->selectionModel() && view()->selectionModel()->hasSelection();
    for (QAction* action : {m_enable, m_disable, m_reset, m_remove, m_check, m_copyKey, m_reveal})
        action->setEnabled(selection);
    m_editLabel->setEnabled(view()->currentIndex().isValid());
}

void KeysPage::updateEmptyState()
{
    const bool empty = !m_pool || m_pool->isEmpty();
    m_ui->keysStack->setCurrentWidget(empty ? m_ui->emptyPage : m_ui->tablePage);
}

void KeysPage::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    const QLocale locale;
    QString text = shown == total ? tr("%n key(s)", "", total)
                                  : tr("%1 of %2 shown").arg(locale.toString(shown), locale.toString(total));
    // With many keys the order is not kept up to date by itself (KeyFilterModel): say so.
    const bool stale = m_filter->isStale() && !m_filter->refreshesAutomatically();
    if (stale)
        text += QStringLiteral(" · ") + tr("order out of date: F5");
    m_ui->countLabel->setText(text);
    m_ui->countLabel->setToolTip(stale ? tr("Health changed since the table was sorted or filtered. Press F5 or "
                                            "click a column header to sort and filter again.")
                                       : QString());
}

QList<qint64> KeysPage::selectedIds() const
{
    QList<qint64> ids;
    const QItemSelectionModel* selection = view()->selectionModel();
    if (!selection)
        return ids;
    // Rows are selected whole, but a selection may still hold several ranges over one row: keep each id once.
    QSet<qint64> seen;
    for (const QItemSelectionRange& range : selection->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            const QModelIndex source = m_filter->mapToSource(m_filter->index(row, 0));
            const qint64 id = m_model->idAt(source.row());
            if (id != 0 && !seen.contains(id)) {
                seen.insert(id);
                ids.append(id);
            }
        }
    }
    return ids;
}

void KeysPage::selectIds(const QList<qint64>& ids)
{
    QItemSelection selection;
    for (const qint64 id : ids) {
        const int sourceRow = m_pool ? m_pool->rowOf(id) : -1;
        if (sourceRow < 0)
            continue;
        const QModelIndex proxy = m_filter->mapFromSource(m_model->index(sourceRow, 0));
        if (proxy.isValid())
            selection.select(proxy, proxy.siblingAtColumn(KeyTableModel::ColumnCount - 1));
    }
    view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty())
        view()->selectionModel()->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
}

void KeysPage::addKey()
{
    AddKeyDialog dialog(m_pool, this);
    dialog.setObjectName(QStringLiteral("addKeyDialog"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (const qint64 id = dialog.addToPool()) {
        selectIds({id});
        view()->scrollTo(view()->currentIndex());
        Q_EMIT statusMessage(tr("Key %1 added.").arg(ApiKey::mask(dialog.key().secret)));
    }
}

void KeysPage::enableSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_pool)
        return;
    m_pool->enable(ids);
    Q_EMIT statusMessage(tr("%n key(s) enabled.", "", int(ids.size())));
}

void KeysPage::disableSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_pool)
        return;
    m_pool->disable(ids, tr("Disabled by you"));
    Q_EMIT statusMessage(
        tr("%n key(s) disabled. They stay in the pool; Enable brings them back.", "", int(ids.size())));
}

void KeysPage::resetSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_pool)
        return;
    m_pool->reset(ids);
    Q_EMIT statusMessage(tr("Health of %n key(s) reset: counters cleared, full weight, active.", "", int(ids.size())));
}

void KeysPage::removeSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_pool)
        return;
    if (m_confirmRemove) {
        QMessageBox box(QMessageBox::Warning, tr("Remove keys"),
                        tr("Remove %n key(s) from the pool?", "", int(ids.size())), QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("confirmRemoveBox"));
        box.setInformativeText(tr("The %n key(s) are deleted from this computer's database only. Google is not "
                                  "affected: import them again to bring them back.",
                                  "", int(ids.size())));
        QPushButton* remove = box.addButton(tr("Remove %n key(s)", "", int(ids.size())), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        if (MessageBox::exec(box) != remove)
            return;
    }
    m_pool->remove(ids);
    Q_EMIT statusMessage(tr("%n key(s) removed.", "", int(ids.size())));
}

void KeysPage::checkSelected()
{
    const QList<qint64> ids = selectedIds();
    if (!ids.isEmpty())
        Q_EMIT checkRequested(ids);
}

void KeysPage::copySelectedKeys()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty() || !m_pool)
        return;
    QStringList secrets;
    secrets.reserve(ids.size());
    for (const qint64 id : ids)
        if (const ApiKey* key = m_pool->find(id))
            secrets.append(key->secret);
    QApplication::clipboard()->setText(secrets.join(QLatin1Char('\n')));
    Q_EMIT statusMessage(tr("%n full key(s) copied to the clipboard.", "", int(secrets.size())));
}

void KeysPage::toggleRevealSelected()
{
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const bool allRevealed =
        std::all_of(ids.cbegin(), ids.cend(), [this](qint64 id) { return m_model->isRevealed(id); });
    m_model->setRevealed(ids, !allRevealed);
}

void KeysPage::showContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addActions(keyActions());
    menu.exec(view()->viewport()->mapToGlobal(pos));
}

void KeysPage::showHeaderMenu(const QPoint& pos)
{
    QHeaderView* header = view()->horizontalHeader();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("columnsMenu"));
    for (int column = 0; column < KeyTableModel::ColumnCount; ++column) {
        QAction* action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != KeyTableModel::KeyColumn); // the key stays: it names the row
        connect(action, &QAction::toggled, header,
                [header, column](bool shown) { header->setSectionHidden(column, !shown); });
    }
    menu.exec(header->viewport()->mapToGlobal(pos));
}

QByteArray KeysPage::saveHeaderState() const
{
    return view()->horizontalHeader()->saveState();
}

void KeysPage::restoreHeaderState(const QByteArray& state)
{
    if (!state.isEmpty())
        view()->horizontalHeader()->restoreState(state);
}

} // namespace egb
