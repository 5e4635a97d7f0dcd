#pragma once

#include <QMessageBox>
#include <QString>

#include <optional>

class QAbstractButton;
class QWidget;

namespace egb {

/// Every question and message box of the app goes through here (the KeePassXC way), so that a test can answer the
/// next one without a window: setNextAnswer() makes the next box return that answer at once, unshown, and remembers
/// what it said (lastText()). Without a next answer the box is shown modally as QMessageBox would.
class MessageBox
{
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    static Button question(QWidget* parent, const QString& title, const QString& text, Buttons buttons,
                           Button defaultButton = QMessageBox::NoButton);
    static Button warning(QWidget* parent, const QString& title, const QString& text, Buttons buttons = QMessageBox::Ok,
                          Button defaultButton = QMessageBox::NoButton);
    static Button critical(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);
    static Button information(QWidget* parent, const QString& title, const QString& text,
                              Buttons buttons = QMessageBox::Ok, Button defaultButton = QMessageBox::NoButton);

    /// Shows a box the caller built (its own buttons, roles, informative text) and returns the button clicked
    /// (null when it was closed without one). With a next answer set, returns the box's button of that standard
    /// button or, for a role, its first button of that role, without showing it.
    static QAbstractButton* exec(QMessageBox& box);

    /// Tests: the next box answers `button` (or its first button of `role`) without being shown. One-shot.
    static void setNextAnswer(Button button);
    static void setNextAnswer(QMessageBox::ButtonRole role);
    /// True while a next answer is waiting for its box.
    static bool hasNextAnswer();
    /// Tests: the title, text and informative text (joined by newlines) of the last box answered by setNextAnswer().
    static QString lastText();

private:
    static Button show(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
                       Buttons buttons, Button defaultButton);
};

} // namespace egb
