#include "HistoryCommand.h"

#include "CliApp.h"
#include "ImportHistoryStore.h"
#include "KeyStore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace egb {

namespace {

QString originText(const QString& origin)
{
    if (origin == u"app")
        return HistoryCommand::tr("app");
    if (origin == u"egb")
        return HistoryCommand::tr("egb");
    return origin;
}

} // namespace

int HistoryCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption limitOption(QStringList{QStringLiteral("n"), QStringLiteral("limit")},
                                         tr("Show the newest N imports."), QStringLiteral("N"));
    parser.addOption(limitOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    if (!parser.positionalArguments().isEmpty()) {
        console.error(tr("egb history takes no arguments. Run egb history --help."));
        return ExitUsage;
    }
    int limit = DefaultLimit;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit < 1) {
            console.error(tr("-n needs a whole number of imports, 1 or more, e.g. egb history -n 10."));
            return ExitUsage;
        }
    }
    if (!app.openStore())
        return ExitFailure;
    ImportHistoryStore store;
    if (!store.open(app.keyStore()->connectionName())) {
        console.error(CliApp::maskSecrets(store.lastError()));
        return ExitFailure;
    }
    const QList<ImportRecord> records = store.records(limit);
    if (!store.lastError().isEmpty()) {
        console.error(CliApp::maskSecrets(store.lastError()));
        return ExitFailure;
    }
    if (app.json()) {
        QJsonArray array;
        for (const ImportRecord& r : records) {
            array.append(QJsonObject{{QStringLiteral("id"), r.id},
                                     {QStringLiteral("at"), CliApp::isoUtc(r.atMs)},
                                     {QStringLiteral("source"), r.source},
                                     {QStringLiteral("format"), r.format},
                                     {QStringLiteral("origin"), r.origin},
                                     {QStringLiteral("added"), r.added},
                                     {QStringLiteral("duplicates"), r.duplicates},
                                     {QStringLiteral("rejected"), r.rejected},
                                     {QStringLiteral("cancelled"), r.cancelled}});
        }
        console.line(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
        return ExitOk;
    }
    if (records.isEmpty()) {
        console.message(tr("No imports yet. Import keys with: egb import keys.txt"));
        return ExitOk;
    }
    const QLocale locale;
    QList<QStringList> rows;
    rows.reserve(records.size());
    for (const ImportRecord& r : records) {
        QString source = CliApp::maskSecrets(r.source);
        if (r.cancelled)
            source += QLatin1Char(' ') + tr("(stopped)");
        rows.append({locale.toString(QDateTime::fromMSecsSinceEpoch(r.atMs), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     originText(r.origin), QString::number(r.added), QString::number(r.duplicates),
                     QString::number(r.rejected), source});
    }
    console.write(Console::table({tr("WHEN"), tr("BY"), tr("ADDED"), tr("DUPLICATES"), tr("REJECTED"), tr("FILE")},
                                 rows, {false, false, true, true, true, false}));
    return ExitOk;
}

} // namespace egb
