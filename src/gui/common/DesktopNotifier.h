#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace egb {

/// A desktop notification (the freedesktop.org Notifications service on the session D-Bus: GNOME, KDE, Xfce, ...),
/// for news a person who is looking elsewhere wants: a long batch finished or failed. Without that service the
/// window asks for attention instead (QApplication::alert: a blinking taskbar entry). Never blocks: the call is
/// asynchronous and its answer is not awaited.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject* parent = nullptr);

    /// Shows `summary` and `body`. True when the notification service took the request; false when there is none
    /// (then `window`, if given, asks for attention).
    bool notify(const QString& summary, const QString& body, QWidget* window = nullptr);

    static QString serviceName() { return QStringLiteral("org.freedesktop.Notifications"); }
    static QString objectPath() { return QStringLiteral("/org/freedesktop/Notifications"); }
};

} // namespace egb
