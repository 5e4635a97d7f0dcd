#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace egb {

/// Single key presses from standard input while it exists, for a live view (`egb monitor`): a terminal is put in
/// non-canonical mode without echo (Ctrl-C still interrupts) and restored when this object goes; a pipe is read
/// as it comes. At the end of the input nothing more is reported.
class TerminalInput : public QObject
{
    Q_OBJECT
public:
    explicit TerminalInput(QObject* parent = nullptr);
    ~TerminalInput() override;
    TerminalInput(const TerminalInput&) = delete;
    TerminalInput& operator=(const TerminalInput&) = delete;

    /// The size of the terminal on standard output; false when it is not a terminal.
    static bool terminalSize(int* rows, int* columns);

Q_SIGNALS:
    void keyPressed(char key);

private:
    struct Saved;
    std::unique_ptr<Saved> m_saved; ///< the terminal's settings before, when stdin is a terminal
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace egb
