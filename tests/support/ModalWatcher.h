#pragma once

#include <QApplication>
#include <QDialog>
#include <QEvent>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace egb::test {

/// Handles the next modal dialog of type T that opens while this watcher lives, once. It hears the dialog's Show
/// event (an application-wide event filter) and calls `handle` from the dialog's own exec() loop, which blocks the
/// test meanwhile. A test keeps the watcher in a local: it ends with the test, so it can never take a dialog that a
/// later test opens (the old polling timer outlived its test and, under load, rejected the next test's dialog).
/// If the handler leaves the dialog open, the dialog is rejected after 20 s so a broken flow fails instead of hanging.
template <typename T>
class ModalWatcher : public QObject
{
public:
    explicit ModalWatcher(std::function<void(T*)> handle)
        : m_handle(std::move(handle))
    {
        m_watchdog.setSingleShot(true);
        m_watchdog.setInterval(20'000);
        QObject::connect(&m_watchdog, &QTimer::timeout, this, [this] {
            if (m_dialog && m_dialog->isVisible()) {
                m_leftOpen = true;
                m_dialog->reject();
            }
        });
        qApp->installEventFilter(this);
    }
    ~ModalWatcher() override { qApp->removeEventFilter(this); }
    ModalWatcher(const ModalWatcher&) = delete;
    ModalWatcher& operator=(const ModalWatcher&) = delete;

    /// Whether the handler ran on a dialog of type T.
    bool handled() const { return m_handled; }
    /// Whether the handler left the dialog open, so that the watcher had to reject it.
    bool leftOpen() const { return m_leftOpen; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::Show || m_dialog || m_handled)
            return false;
        auto* dialog = qobject_cast<T*>(watched);
        if (!dialog || !dialog->isWindow() || !dialog->isModal())
            return false;
        m_dialog = dialog;
        m_watchdog.start();
        // Queued: Show is sent from inside show(), before exec() enters its loop; the posted call runs in that loop.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (!m_dialog)
                    return;
                m_handled = true;
                m_handle(m_dialog);
            },
            Qt::QueuedConnection);
        return false;
    }

private:
    std::function<void(T*)> m_handle;
    QPointer<T> m_dialog;
    QTimer m_watchdog;
    bool m_handled = false;
    bool m_leftOpen = false;
};

/// Starts watching for the next modal dialog of type T; keep the result in a local for as long as the dialog may open.
template <typename T>
[[nodiscard]] std::unique_ptr<ModalWatcher<T>> whenModal(std::function<void(T*)> handle)
{
    return std::make_unique<ModalWatcher<T>>(std::move(handle));
}

} // namespace egb::test
