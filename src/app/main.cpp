// Easy Gemini Balance: the desktop application. A thin main: the application object, its settings, the window.
#include "MainWindow.h"
#include "ScreenshotHelper.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EasyGeminiBalance"));
    QApplication::setApplicationName(QStringLiteral("easy-gemini-balance"));
    // The language saved in Settings (default: the desktop's), before any text is translated.
    egb::Translations::applySaved();
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Easy Gemini Balance"));
    QApplication::setApplicationVersion(QStringLiteral(EGB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("easy-gemini-balance"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Manage a pool of Google Gemini API keys: import, health, balance."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption databaseOption(
        {QStringLiteral("d"), QStringLiteral("database")},
        QApplication::translate("main", "Use the key database at <path> instead of the one in Settings."),
        QApplication::translate("main", "path"));
    parser.addOption(databaseOption);
    parser.process(app);

    egb::MainWindow window(parser.value(databaseOption));
    window.show();
    // scripts/screenshots.sh: with EGB_SCREENSHOT_PAGE/EGB_SCREENSHOT_OUT set, shoot one page and quit.
    egb::ScreenshotHelper::startFromEnvironment(&window);
    if (!window.databaseError().isEmpty())
        QMessageBox::warning(&window, QApplication::translate("main", "Key database"), window.databaseError());
    return QApplication::exec();
}
