#include "ModelLimitsEditor.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace egb {

namespace {
enum Column
{
    FamilyColumn,
    RpmColumn,
    TpmColumn,
    RpdColumn,
    ColumnCount
};

QString cellText(qint64 value)
{
    return value > 0 ? QString::number(value) : QString();
}
} // namespace

ModelLimitsEditor::ModelLimitsEditor(QWidget* parent)
    : QGroupBox(parent)
{
    setObjectName(QStringLiteral("modelLimitsEditor"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("limitsTable"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(FamilyColumn, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(120);
    layout->addWidget(m_table);
    auto* buttons = new QHBoxLayout;
    m_freeTier = new QPushButton(this);
    m_freeTier->setObjectName(QStringLiteral("freeTierPreset"));
    m_tier1 = new QPushButton(this);
    m_tier1->setObjectName(QStringLiteral("tier1Preset"));
    m_add = new QPushButton(this);
    m_add->setObjectName(QStringLiteral("addLimitRow"));
    m_remove = new QPushButton(this);
    m_remove->setObjectName(QStringLiteral("removeLimitRow"));
    buttons->addWidget(m_freeTier);
    buttons->addWidget(m_tier1);
    buttons->addStretch();
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    layout->addLayout(buttons);
    connect(m_freeTier, &QPushButton::clicked, this,
            [this] { setLimits(ModelLimits::preset(ModelLimits::Preset::FreeTier)); });
    connect(m_tier1, &QPushButton::clicked, this,
            [this] { setLimits(ModelLimits::preset(ModelLimits::Preset::Tier1)); });
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, FamilyColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, FamilyColumn));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
    });
    retranslate();
}

void ModelLimitsEditor::retranslate()
{
    setTitle(tr("Quotas per project and model"));
    setToolTip(tr("Every key of one Google project (a key's group) shares these limits. The pool paces each project "
                  "below them; without them it learns a project's limit from its first 429. Empty = no limit."));
    m_table->setHorizontalHeaderLabels(
        {tr("Model family"), tr("Requests/min"), tr("Input tokens/min"), tr("Requests/day")});
    m_freeTier->setText(tr("Free tier preset"));
    m_tier1->setText(tr("Tier 1 preset"));
    m_add->setText(tr("Add"));
    m_remove->setText(tr("Remove"));
}

void ModelLimitsEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void ModelLimitsEditor::addRow(const QString& family, const QuotaLimits& limits)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, FamilyColumn, new QTableWidgetItem(family));
    m_table->setItem(row, RpmColumn, new QTableWidgetItem(cellText(limits.rpm)));
    m_table->setItem(row, TpmColumn, new QTableWidgetItem(cellText(limits.tpm)));
    m_table->setItem(row, RpdColumn, new QTableWidgetItem(cellText(limits.rpd)));
    for (int c = RpmColumn; c < ColumnCount; ++c)
        m_table->item(row, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

void ModelLimitsEditor::setLimits(const ModelLimits& limits)
{
    m_table->setRowCount(0);
    for (const ModelLimits::Entry& e : limits.entries())
        addRow(e.family, e.limits);
}

std::optional<ModelLimits> ModelLimitsEditor::limits(QString* error) const
{
    ModelLimits out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto text = [this, row](int column) {
            const QTableWidgetItem* item = m_table->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        const QString family = ModelLimits::normalizedModel(text(FamilyColumn));
        qint64 values[ColumnCount] = {0, 0, 0, 0};
        bool ok = true;
        for (int c = RpmColumn; c < ColumnCount && ok; ++c) {
            const QString t = text(c);
            if (t.isEmpty())
                continue;
            values[c] = t.toLongLong(&ok);
            ok = ok && values[c] > 0 && values[c] <= 1'000'000'000;
        }
        const QuotaLimits limits{int(values[RpmColumn]), values[TpmColumn], int(values[RpdColumn])};
        if (family.isEmpty() && limits.isEmpty() && ok)
            continue; // an empty row
        if (!ok || family.isEmpty() || family.contains(QLatin1Char(' '))) {
            if (error)
                *error = tr("Row %1 of the quota table is not valid: give a model family (for example gemini-2.5-pro) "
                            "and whole numbers above 0, or leave a cell empty for no limit.")
                             .arg(row + 1);
            return std::nullopt;
        }
        out.set(family, limits);
    }
    return out;
}

} // namespace egb
