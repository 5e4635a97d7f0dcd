#include "ExportCommand.h"

#include "CliApp.h"
#include "KeyExporter.h"
#include "KeyPool.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace egb {

int ExportCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption formatOption(QStringList{QStringLiteral("format")}, tr("txt, csv or json."),
                                          QStringLiteral("FORMAT"));
    const QCommandLineOption fullOption(QStringList{QStringLiteral("full")}, tr("Write the full keys."));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          tr("The file to write."), QStringLiteral("FILE"));
    parser.addOption(formatOption);
    parser.addOption(fullOption);
    parser.addOption(outputOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    if (!parser.positionalArguments().isEmpty()) {
        console.error(tr("egb export takes no arguments. Run egb export --help."));
        return ExitUsage;
    }
    const QString output = parser.value(outputOption);
    const bool toFile = parser.isSet(outputOption);
    if (toFile && output.isEmpty()) {
        console.error(tr("Name the file to write after -o, e.g. egb export -o keys.csv"));
        return ExitUsage;
    }
    const bool full = parser.isSet(fullOption);
    if (full && !toFile) {
        console.error(tr("Full keys are written only to a file, readable by you alone: add -o FILE, e.g. egb export "
                         "--full -o keys.txt"));
        return ExitUsage;
    }
    KeyExporter::Format format = KeyExporter::Format::Text;
    if (parser.isSet(formatOption)) {
        const std::optional<KeyExporter::Format> given = KeyExporter::formatFromName(parser.value(formatOption));
        if (!given) {
            console.error(tr("Unknown format \"%1\": use txt, csv or json.").arg(parser.value(formatOption)));
            return ExitUsage;
        }
        format = *given;
    } else if (toFile) {
        format = KeyExporter::formatForPath(output);
    } else if (app.json()) {
        format = KeyExporter::Format::Json;
    }
    if (!app.openStore())
        return ExitFailure;

    const KeyPool& pool = app.pool();
    QList<ApiKey> keys;
    keys.reserve(pool.size());
    for (int row = 0; row < pool.size(); ++row)
        keys.append(pool.at(row));
    if (!toFile) {
        console.write(QString::fromUtf8(KeyExporter::render(keys, format, false)));
        return ExitOk;
    }
    QString error;
    if (!KeyExporter::write(output, keys, format, full, &error)) {
        console.error(error);
        return ExitFailure;
    }
    const QString shown = QDir::toNativeSeparators(output);
    if (app.json()) {
        console.line(
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("file"), output},
                                                        {QStringLiteral("format"), KeyExporter::formatName(format)},
                                                        {QStringLiteral("keys"), int(keys.size())},
                                                        {QStringLiteral("full"), full}})
                                  .toJson(QJsonDocument::Compact)));
    } else if (full) {
        console.line(tr("Wrote %n full key(s) to %1 (readable by you only). Keep the file safe; anyone who reads it "
                        "can spend your quota.",
                        "", int(keys.size()))
                         .arg(shown));
    } else {
        console.line(tr("Wrote %n masked key(s) to %1.", "", int(keys.size())).arg(shown));
    }
    return ExitOk;
}

} // namespace egb
