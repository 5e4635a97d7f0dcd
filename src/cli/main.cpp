#include "CliApp.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The same names as the desktop application, so both find the same key database.
    QCoreApplication::setApplicationName(QStringLiteral("easy-gemini-balance"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EGB_VERSION));
    egb::CliApp cli;
    return cli.exec(QCoreApplication::arguments());
}
