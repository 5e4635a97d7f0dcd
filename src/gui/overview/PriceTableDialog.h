#pragma once

#include "RequestLogStore.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace egb {

/// Edits the price table (per model, per 1,000,000 prompt tokens and per 1,000,000 answer tokens; thinking tokens
/// are billed as answer tokens). Empty by default: without prices no cost is estimated. Saved in the pool's
/// database when accepted, so `egb usage` estimates the same cost.
class PriceTableDialog : public QDialog
{
    Q_OBJECT
public:
    PriceTableDialog(RequestLogStore* store, QWidget* parent = nullptr);

    /// The prices as entered; rows without a model are left out. `error` says what is wrong with a row, if any.
    QList<ModelPrice> prices(QString* error = nullptr) const;
    void setPrices(const QList<ModelPrice>& prices);
    QTableWidget* table() const { return m_table; }

public Q_SLOTS:
    void accept() override;

private:
    void addRow(const ModelPrice& price = {});

    RequestLogStore* m_store;
    QTableWidget* m_table = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace egb
