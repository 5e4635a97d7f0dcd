#include "DesktopNotifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QVariantMap>

namespace egb {

DesktopNotifier::DesktopNotifier(QObject* parent)
    : QObject(parent)
{}

bool DesktopNotifier::notify(const QString& summary, const QString& body, QWidget* window)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    const bool available =
        bus.isConnected() && bus.interface() && bus.interface()->isServiceRegistered(serviceName()).value();
    if (!available) {
        if (window)
            QApplication::alert(window);
        return false;
    }
    // org.freedesktop.Notifications.Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, timeout)
    QDBusMessage call =
        QDBusMessage::createMethodCall(serviceName(), objectPath(), serviceName(), QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("easy-gemini-balance"));
    call << QApplication::applicationDisplayName() << uint(0) << QStringLiteral("easy-gemini-balance") << summary
         << body << QStringList() << hints << int(-1);
    return bus.send(call);
}

} // namespace egb
