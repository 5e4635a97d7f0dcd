#pragma once

#include "AppSettings.h"

#include <QDialog>

#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace egb {

class ModelLimitsEditor;

/// Edits AppSettings. OK validates every field and saves them all at once (one AppSettings::changed());
/// invalid input keeps the dialog open with a message saying what is wrong and how to fix it, and nothing is saved.
/// "Restore Defaults" fills in the product's defaults; they are saved only with OK.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings* settings, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    /// Shows `values` in the widgets.
    void loadValues(const AppSettings::Values& values);
    /// What the widgets hold now (not validated).
    AppSettings::Values currentValues() const;
    /// Empty when the widgets hold acceptable values; otherwise a translated message. `focus` receives the widget
    /// to fix.
    QString validate(QWidget** focus = nullptr) const;
    /// The message shown for the last refused OK (empty when none).
    QString errorText() const;

public Q_SLOTS:
    void accept() override;
    void restoreDefaults();

private:
    void browseDatabase();
    void showError(const QString& message);

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings* m_settings;
    ModelLimitsEditor* m_limits = nullptr; ///< the quota table (owned by the dialog)
};

} // namespace egb
