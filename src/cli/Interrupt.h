#pragma once

#include <QObject>

class QSocketNotifier;

namespace egb {

/// Turns Ctrl-C (SIGINT) and SIGTERM into a Qt signal while it exists, so a command can stop cleanly (cancel its
/// requests, keep what is written, save the keys' health). A second Ctrl-C ends the program at once as usual.
/// One at a time.
class Interrupt : public QObject
{
    Q_OBJECT
public:
    explicit Interrupt(QObject* parent = nullptr);
    ~Interrupt() override;

Q_SIGNALS:
    void triggered();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace egb
