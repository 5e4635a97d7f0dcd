#include "WeightBarDelegate.h"

#include "ApiKey.h"
#include "KeyTableModel.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace egb {

WeightBarDelegate::WeightBarDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{}

QColor WeightBarDelegate::colorFor(double weight, bool disabled)
{
    if (disabled)
        return QColor(0x9e, 0x9e, 0x9e);
    if (weight >= 0.75)
        return QColor(0x43, 0xa0, 0x47);
    if (weight >= 0.35)
        return QColor(0xf5, 0x9e, 0x0b);
    return QColor(0xe5, 0x39, 0x35);
}

void WeightBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background and selection

    const double weight = std::clamp(index.data(KeyTableModel::SortRole).toDouble(), 0.0, 1.0);
    const QRect area = option.rect.adjusted(4, 4, -4, -4);
    if (area.width() <= 0 || area.height() <= 0)
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor track = option.palette.color(QPalette::Mid);
    track.setAlpha(70);
    painter->setBrush(track);
    painter->drawRoundedRect(area, 3, 3);
    QRect bar = area;
    bar.setWidth(int(area.width() * weight));
    const bool disabled = index.data(KeyTableModel::StatusRole).toInt() == int(KeyStatus::Disabled);
    painter->setBrush(colorFor(weight, disabled));
    painter->drawRoundedRect(bar, 3, 3);
    painter->setPen(option.state & QStyle::State_Selected ? option.palette.color(QPalette::HighlightedText)
                                                          : option.palette.color(QPalette::Text));
    painter->drawText(area, Qt::AlignCenter, text);
    painter->restore();
}

QSize WeightBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 90));
    return size;
}

} // namespace egb
