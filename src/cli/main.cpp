// egb: the command-line tool. A thin main: the application object, its names, the language; CliApp does the rest.
#include "CliApp.h"
#include "Translations.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The same names as the desktop application, so both use the same key database and settings.
    QCoreApplication::setOrganizationName(QStringLiteral("EasyGeminiBalance"));
    QCoreApplication::setApplicationName(QStringLiteral("easy-gemini-balance"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EGB_VERSION));
    egb::Translations::applySaved();
    egb::CliApp cli;
    return cli.exec(QCoreApplication::arguments());
}
