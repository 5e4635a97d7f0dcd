#pragma once

#include <QStyledItemDelegate>

namespace egb {

/// Draws a key's health weight (SortRole, a double in [0, 1]) as a small bar with its percentage,
/// green when healthy, amber when penalised, red near the floor; grey for a disabled key (StatusRole), whose weight
/// does not matter while it is not used.
class WeightBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit WeightBarDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor colorFor(double weight, bool disabled = false);
};

} // namespace egb
