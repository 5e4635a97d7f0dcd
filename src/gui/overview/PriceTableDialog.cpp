#include "PriceTableDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace egb {

PriceTableDialog::PriceTableDialog(RequestLogStore* store, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("priceTableDialog"));
    setWindowTitle(tr("Prices per model"));
    auto* root = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Enter what a model costs per 1,000,000 tokens, in any currency, to see an "
                                "estimated cost of your usage. Thinking tokens are billed as answer tokens. Models "
                                "without a price show no cost. A name also prices its versions "
                                "(gemini-2.5-flash prices gemini-2.5-flash-001)."),
                             this);
    intro->setWordWrap(true);
    root->addWidget(intro);
    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("priceTable"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Prompt, per 1M tokens"), tr("Answer, per 1M tokens")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    root->addWidget(m_table, 1);
    auto* rowButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add model"), this);
    add->setObjectName(QStringLiteral("addPriceButton"));
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removePriceButton"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    root->addLayout(rowButtons);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("priceError"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setWordWrap(true);
    m_error->hide();
    root->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    root->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PriceTableDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    if (m_store)
        setPrices(m_store->prices().prices());
    resize(560, 360);
}

void PriceTableDialog::addRow(const ModelPrice& price)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QLocale locale;
    m_table->setItem(row, 0, new QTableWidgetItem(price.model));
    m_table->setItem(row, 1,
                     new QTableWidgetItem(price.model.isEmpty() ? QString() : locale.toString(price.inputPerMillion)));
    m_table->setItem(row, 2,
                     new QTableWidgetItem(price.model.isEmpty() ? QString() : locale.toString(price.outputPerMillion)));
}

void PriceTableDialog::setPrices(const QList<ModelPrice>& prices)
{
    m_table->setRowCount(0);
    QList<ModelPrice> sorted = prices;
    std::sort(sorted.begin(), sorted.end(), [](const ModelPrice& a, const ModelPrice& b) { return a.model < b.model; });
    for (const ModelPrice& p : sorted)
        addRow(p);
}

QList<ModelPrice> PriceTableDialog::prices(QString* error) const
{
    QList<ModelPrice> out;
    const QLocale locale;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto text = [&](int col) {
            return m_table->item(row, col) ? m_table->item(row, col)->text().trimmed() : QString();
        };
        ModelPrice p;
        p.model = text(0);
        if (p.model.isEmpty())
            continue;
        bool okIn = false, okOut = false;
        p.inputPerMillion = locale.toDouble(text(1), &okIn);
        if (!okIn)
            p.inputPerMillion = text(1).toDouble(&okIn);
        p.outputPerMillion = locale.toDouble(text(2), &okOut);
        if (!okOut)
            p.outputPerMillion = text(2).toDouble(&okOut);
        if (!okIn || !okOut || p.inputPerMillion < 0 || p.outputPerMillion < 0) {
            if (error && error->isEmpty())
                *error =
                    tr("The prices of %1 are not numbers of 0 or more. Enter them like 0.30 and 2.50.").arg(p.model);
            continue;
        }
        out.append(p);
    }
    return out;
}

void PriceTableDialog::accept()
{
    QString error;
    const QList<ModelPrice> list = prices(&error);
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    if (!m_store || !m_store->setPrices(list)) {
        m_error->setText(tr("The prices could not be saved: %1. Nothing was changed.")
                             .arg(m_store ? m_store->lastError() : tr("the key database is not open")));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace egb
