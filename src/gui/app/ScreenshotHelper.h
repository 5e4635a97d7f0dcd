#pragma once

#include "ConversationStore.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

namespace egb {

class MainWindow;

/// Takes a PNG of one page of the window and quits: used by scripts/screenshots.sh to refresh docs/*.png.
///
/// Driven by environment variables, so the application's command line stays as it is:
/// - `EGB_SCREENSHOT_PAGE`: a page id of the window ("overview", "keys", "chat", ...) or "settings" / "about"
///   for those dialogs;
/// - `EGB_SCREENSHOT_OUT`: the PNG to write;
/// - `EGB_SCREENSHOT_SEED` (optional): a key file to import first; the helper then gives the keys a realistic mix of
///   states (some rate limited and cooling down, some invalid and disabled, some with server errors) and fills the
///   request history of the last hour with a plausible curve, so the pages show something worth looking at.
///   Only for throw-away databases: it changes the keys it imports.
/// - `EGB_SCREENSHOT_DELAY_MS` (optional, default 1500): time for the window to settle before the shot;
/// - `EGB_SCREENSHOT_SIZE` (optional, default 1280x800): the window size, to check small windows.
/// Exit status: 0 written, 2 unknown page, 3 the PNG could not be written, 4 nothing happened in time.
class ScreenshotHelper : public QObject
{
    Q_OBJECT
public:
    /// When EGB_SCREENSHOT_PAGE and EGB_SCREENSHOT_OUT are set, schedules the shot (and the quit) and returns true.
    /// main.cpp calls it once, after window.show().
    static bool startFromEnvironment(MainWindow* window);

    ScreenshotHelper(MainWindow* window, QString page, QString output, QObject* parent = nullptr);

    /// Imports `keyFile` into the window's pool and mixes the states of the keys (see above). Returns the keys added.
    int seed(const QString& keyFile);
    /// Shows the page (or opens the dialog) now and takes the shot after `delayMs`.
    void start(int delayMs);

private:
    /// A conversation on the Chat page and a finished run on the Batch page (demo data, in the throw-away database).
    void seedWork();
    /// The demo conversation's photo, painted.
    static ChatAttachment demoPhoto();
    /// The Proxy page running, with two demo access tokens and a few demo rows in its live table.
    void seedProxy();
    void shoot();
    void finish(int code, const QString& message);

    QPointer<MainWindow> m_window;
    QString m_page;
    QString m_output;
    QPointer<QWidget> m_target;
};

} // namespace egb
