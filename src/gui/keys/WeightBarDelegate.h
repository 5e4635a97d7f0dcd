#pragma once

#include <QStyledItemDelegate>

namespace egb {

/// Draws a key's health weight (SortRole, a double in [0, 1]) as a small bar with its percentage,
/// green when healthy, amber when penalised, red near the floor.
class WeightBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit WeightBarDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor colorFor(double weight);
};

} // namespace egb
