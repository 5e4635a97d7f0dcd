#include "AddCommand.h"

#include "CliApp.h"
#include "KeyPool.h"
#include "KeyStore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>

namespace egb {

int AddCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption labelOption(QStringList{QStringLiteral("label")}, tr("Label of the key."),
                                         QStringLiteral("TEXT"));
    const QCommandLineOption groupOption(QStringList{QStringLiteral("group")}, tr("Group (Google project) of the key."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption weightOption(QStringList{QStringLiteral("weight")},
                                          tr("Starting weight, above 0 and at most 1."), QStringLiteral("W"));
    parser.addOption(labelOption);
    parser.addOption(groupOption);
    parser.addOption(weightOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        console.error(tr("Give one key, e.g. egb add AIza... --label work (or egb add - to read it from standard "
                         "input)."));
        return ExitUsage;
    }
    QString secret = args.first().trimmed();
    if (secret == u"-") {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            console.error(tr("Could not read the key from standard input."));
            return ExitFailure;
        }
        secret = QString::fromUtf8(in.readLine(4096)).trimmed();
    }
    if (!ApiKey::looksLikeKey(secret)) {
        // Shown masked: a broken key is still most of a secret.
        console.error(tr("%1 (%n character(s)) is not a Gemini API key: a key starts with \"AIza\" and has 39 "
                         "letters, digits, \"-\" or \"_\". Copy the whole key from Google AI Studio.",
                         "", int(secret.size()))
                          .arg(ApiKey::mask(secret)));
        return ExitUsage;
    }
    ApiKey key;
    key.secret = secret;
    key.label = parser.value(labelOption).simplified();
    key.group = parser.value(groupOption).simplified();
    if (parser.isSet(weightOption)) {
        bool ok = false;
        const double weight = parser.value(weightOption).toDouble(&ok);
        if (!ok || !std::isfinite(weight) || weight <= 0 || weight > 1) {
            console.error(tr("The weight \"%1\" is not a number above 0 and at most 1, e.g. --weight 0.5.")
                              .arg(parser.value(weightOption)));
            return ExitUsage;
        }
        key.weight = weight;
    }
    if (!app.openStore())
        return ExitFailure;
    KeyPool& pool = app.pool();
    if (const qint64 existing = pool.idOfSecret(secret)) {
        if (app.json()) {
            console.line(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("added"), false},
                                                                     {QStringLiteral("id"), existing},
                                                                     {QStringLiteral("key"), key.masked()}})
                                               .toJson(QJsonDocument::Compact)));
        }
        console.error(
            tr("The key %1 is already in the pool (ID %2); nothing was added.").arg(key.masked()).arg(existing));
        return ExitFailure;
    }
    const QList<qint64> ids = pool.addKeys({key});
    if (ids.size() != 1) {
        console.error(tr("The key %1 could not be added.").arg(key.masked()));
        return ExitFailure;
    }
    // A new key is written at once (the store's error is printed when it cannot be): said only once it is saved.
    if (app.keyStore()->isDegraded())
        return ExitFailure;
    if (app.json()) {
        console.line(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("added"), true},
                                                                 {QStringLiteral("id"), ids.first()},
                                                                 {QStringLiteral("key"), key.masked()},
                                                                 {QStringLiteral("label"), key.label},
                                                                 {QStringLiteral("group"), key.group},
                                                                 {QStringLiteral("weight"), key.weight}})
                                           .toJson(QJsonDocument::Compact)));
    } else {
        console.line(tr("Added %1 as key %2.").arg(key.masked()).arg(ids.first()));
    }
    return ExitOk;
}

} // namespace egb
