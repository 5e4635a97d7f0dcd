#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace egb {

/// The About box: name, version, the Qt and QCoro versions, what the application does, and its licence.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    ~AboutDialog() override;

    /// EGB_VERSION as built ("0.1.0"), or "unknown" when the build did not define it.
    static QString version();
    /// "Qt 6.4.2 (built with 6.4.2), QCoro 0.8.0" (translated).
    static QString componentsText();

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace egb
