#pragma once

#include "AppSettings.h"

#include <QDialog>
#include <QHash>

#include <memory>

namespace Ui {
class SettingsDialog;
}

class QLabel;

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
    /// Settings given from outside the settings file (setting name -> where from, e.g. "environment
    /// (EGB_BASE_URL)"): their fields show `inForce`'s value, the one in use, and say where it comes from. OK saves
    /// such a field only when it was changed, so the settings file does not take over a value meant for this run.
    void setValuesInForce(const AppSettings::Values& inForce, const QHash<QString, QString>& overridden);
    /// The note about the values from outside the settings file (empty when there are none).
    QString overrideNote() const;
    /// Points the database field at a team database: `uri` is a postgresql:// address; a password in it is kept in
    /// memory for this session (KeyStore::setTeamPassword), the field and the settings file get it without. False
    /// (and the message shown) when the address is not valid.
    bool joinTeamDatabase(const QString& uri);

public Q_SLOTS:
    void accept() override;
    void restoreDefaults();

private:
    void browseDatabase();
    /// "Join a team database…": asks for the address.
    void joinTeamDatabaseInteractive();
    void showError(const QString& message);
    /// The field of setting `name` ("base-url", ...), null for one the dialog does not show.
    QWidget* fieldOf(const QString& name) const;
    /// The form's label of setting `name`, without its accelerator and colon.
    QString labelOf(const QString& name) const;

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings* m_settings;
    ModelLimitsEditor* m_limits = nullptr; ///< the quota table (owned by the dialog)
    QLabel* m_overrideNote = nullptr;
    AppSettings::Values m_inForce;
    QHash<QString, QString> m_overridden; ///< setting name -> where its value in force comes from
};

} // namespace egb
