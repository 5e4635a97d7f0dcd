#pragma once

#include "ModelLimits.h"

#include <QGroupBox>

class QTableWidget;
class QPushButton;

namespace egb {

/// The Settings table of per-project limits by model family (requests per minute, input tokens per minute,
/// requests per day), with editable presets for the free tier and paid tier 1. The pool paces every project by
/// them (KeyPool::setModelLimits); an empty cell means no limit of that kind.
class ModelLimitsEditor : public QGroupBox
{
    Q_OBJECT
public:
    explicit ModelLimitsEditor(QWidget* parent = nullptr);

    void setLimits(const ModelLimits& limits);
    /// The table's limits; nullopt and a translated *error (naming the row) when a row is not valid.
    std::optional<ModelLimits> limits(QString* error = nullptr) const;
    QTableWidget* table() const { return m_table; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void addRow(const QString& family = {}, const QuotaLimits& limits = {});

    QTableWidget* m_table = nullptr;
    QPushButton* m_freeTier = nullptr;
    QPushButton* m_tier1 = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace egb
