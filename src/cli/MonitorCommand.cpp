#include "MonitorCommand.h"

#include "CliApp.h"
#include "Interrupt.h"
#include "KeyStore.h"
#include "MonitorFrame.h"
#include "TerminalInput.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <cmath>

namespace egb {

namespace {

/// SQLite's count of changes committed by other connections: the keys are read again only when it moved.
qint64 dataVersion(const QString& connection)
{
    QSqlQuery q(QSqlDatabase::database(connection, false));
    if (q.exec(QStringLiteral("PRAGMA data_version")) && q.next())
        return q.value(0).toLongLong();
    return -1;
}

} // namespace

int MonitorCommand::run(CliApp& app)
{
    QCommandLineParser parser;
    const QCommandLineOption onceOption(QStringList{QStringLiteral("once")}, tr("Print one frame and end."));
    const QCommandLineOption intervalOption(QStringList{QStringLiteral("interval")}, tr("Seconds between refreshes."),
                                            QStringLiteral("SEC"));
    parser.addOption(onceOption);
    parser.addOption(intervalOption);
    if (!app.parseCommandArguments(parser))
        return ExitUsage;
    Console& console = app.console();
    if (!parser.positionalArguments().isEmpty()) {
        console.error(tr("egb monitor takes no arguments. Run egb monitor --help."));
        return ExitUsage;
    }
    double intervalSec = 1.0;
    if (parser.isSet(intervalOption)) {
        bool ok = false;
        intervalSec = parser.value(intervalOption).toDouble(&ok);
        if (!ok || !std::isfinite(intervalSec) || intervalSec < 0.1 || intervalSec > 3600) {
            console.error(tr("--interval needs a number of seconds from 0.1 to 3600, e.g. --interval 2."));
            return ExitUsage;
        }
    }

    // Its own read-only use of the database: the monitor never attaches a pool, so it never writes a stale copy of
    // a key's health over what the app or another egb is doing.
    const QString path = app.databasePath();
    KeyStore store;
    if (!store.open(path)) {
        console.error(tr("Cannot open the key database %1: %2. Check the path given with --db (or EGB_DB).")
                          .arg(path, CliApp::maskSecrets(store.lastError())));
        return ExitFailure;
    }
    std::vector<ApiKey> keys;
    qint64 version = -2;
    bool readFailed = false;
    const auto reload = [&] {
        const qint64 now = dataVersion(store.connectionName());
        if (now == version && now >= 0)
            return true;
        std::vector<ApiKey> fresh = store.loadKeys();
        if (!store.lastError().isEmpty()) {
            console.error(CliApp::maskSecrets(store.lastError()));
            return false;
        }
        keys = std::move(fresh);
        version = now;
        return true;
    };
    if (!reload())
        return ExitFailure;

    const bool once = parser.isSet(onceOption);
    const bool screen = !once && !app.json() && console.stdoutIsTerminal();
    const QString shownPath = QDir::toNativeSeparators(path);
    const auto frameText = [&] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const MonitorFrame frame(keys, now);
        if (app.json())
            return QString::fromUtf8(QJsonDocument(frame.toJson()).toJson(QJsonDocument::Compact)) + u'\n';
        const QString time =
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(now), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        const QString title = once ? tr("egb monitor · %1 · %2").arg(shownPath, time)
                                   : tr("egb monitor · %1 · %2 · q or Ctrl-C quits").arg(shownPath, time);
        int rows = 0;
        int columns = 0;
        if (screen)
            TerminalInput::terminalSize(&rows, &columns);
        return frame.text(title, rows, columns);
    };
    if (once) {
        console.write(frameText());
        return ExitOk;
    }

    QEventLoop loop;
    Interrupt interrupt;
    QObject::connect(&interrupt, &Interrupt::triggered, &loop, &QEventLoop::quit);
    TerminalInput input;
    QObject::connect(&input, &TerminalInput::keyPressed, &loop, [&loop](char key) {
        if (key == 'q' || key == 'Q')
            loop.quit();
    });
    bool first = true;
    const auto draw = [&] {
        if (!reload()) {
            readFailed = true;
            loop.quit();
            return;
        }
        const QString text = frameText();
        if (screen) {
            // Home, each line cleared to its end, then everything below: no flicker, no scrolling.
            QString out = QStringLiteral("\x1b[H");
            out += QString(text).replace(QStringLiteral("\n"), QStringLiteral("\x1b[K\n"));
            out += QStringLiteral("\x1b[J");
            console.write(out);
        } else {
            console.write(first || app.json() ? text : u'\n' + text);
        }
        first = false;
    };
    if (screen)
        console.write(QStringLiteral("\x1b[?1049h\x1b[?25l\x1b[2J")); // the alternate screen, no cursor
    QTimer timer;
    timer.setInterval(int(std::lround(intervalSec * 1000)));
    QObject::connect(&timer, &QTimer::timeout, &loop, draw);
    draw();
    if (!readFailed) {
        timer.start();
        loop.exec();
    }
    if (screen)
        console.write(QStringLiteral("\x1b[?25h\x1b[?1049l")); // the screen as it was before
    return readFailed ? ExitFailure : ExitOk;
}

} // namespace egb
