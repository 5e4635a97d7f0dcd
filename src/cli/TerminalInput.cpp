#include "TerminalInput.h"

#include <QSocketNotifier>

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace egb {

struct TerminalInput::Saved
{
    termios settings{};
};

TerminalInput::TerminalInput(QObject* parent)
    : QObject(parent)
{
    if (::isatty(STDIN_FILENO) == 1) {
        auto saved = std::make_unique<Saved>();
        if (::tcgetattr(STDIN_FILENO, &saved->settings) == 0) {
            termios raw = saved->settings;
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO); // ISIG stays: Ctrl-C is still SIGINT
            raw.c_cc[VMIN] = 1;
            raw.c_cc[VTIME] = 0;
            if (::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
                m_saved = std::move(saved);
        }
    }
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[64];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            m_notifier->setEnabled(false); // the end of the input (or an error): no more keys will come
            return;
        }
        for (ssize_t i = 0; i < n; ++i)
            Q_EMIT keyPressed(buffer[i]);
    });
}

TerminalInput::~TerminalInput()
{
    if (m_saved)
        ::tcsetattr(STDIN_FILENO, TCSANOW, &m_saved->settings);
}

bool TerminalInput::terminalSize(int* rows, int* columns)
{
    winsize size{};
    if (::isatty(STDOUT_FILENO) != 1 || ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0)
        return false;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return true;
}

} // namespace egb
