#include "MessageBox.h"

#include <QAbstractButton>

#include <variant>

namespace egb {

namespace {

struct Pending
{
    std::variant<std::monostate, QMessageBox::StandardButton, QMessageBox::ButtonRole> answer;
    QString lastText;
};

Pending& pending()
{
    static Pending p; // GUI thread only
    return p;
}

} // namespace

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
                                                 Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBox::warning(QWidget* parent, const QString& title, const QString& text,
                                                Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Warning, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBox::critical(QWidget* parent, const QString& title, const QString& text,
                                                 Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Critical, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBox::information(QWidget* parent, const QString& title, const QString& text,
                                                    Buttons buttons, Button defaultButton)
{
    return show(QMessageBox::Information, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBox::show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                             const QString& text, Buttons buttons, Button defaultButton)
{
    QMessageBox box(icon, title, text, buttons, parent);
    if (defaultButton != QMessageBox::NoButton)
        box.setDefaultButton(defaultButton);
    QAbstractButton* clicked = exec(box);
    return clicked ? box.standardButton(clicked) : QMessageBox::NoButton;
}

QAbstractButton* MessageBox::exec(QMessageBox& box)
{
    Pending& p = pending();
    if (std::holds_alternative<std::monostate>(p.answer)) {
        box.exec();
        return box.clickedButton();
    }
    const auto answer = p.answer;
    p.answer = std::monostate();
    QStringList said{box.windowTitle(), box.text()};
    if (!box.informativeText().isEmpty())
        said.append(box.informativeText());
    p.lastText = said.join(u'\n');
    if (const auto* button = std::get_if<QMessageBox::StandardButton>(&answer))
        return box.button(*button);
    const auto role = std::get<QMessageBox::ButtonRole>(answer);
    const QList<QAbstractButton*> buttons = box.buttons();
    for (QAbstractButton* b : buttons) {
        if (box.buttonRole(b) == role)
            return b;
    }
    return nullptr;
}

void MessageBox::setNextAnswer(Button button)
{
    pending().answer = button;
}

void MessageBox::setNextAnswer(QMessageBox::ButtonRole role)
{
    pending().answer = role;
}

bool MessageBox::hasNextAnswer()
{
    return !std::holds_alternative<std::monostate>(pending().answer);
}

QString MessageBox::lastText()
{
    return pending().lastText;
}

} // namespace egb
