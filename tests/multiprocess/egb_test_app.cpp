// egb-test-app: the real main window (its pool, store and following), offscreen, driven line by line on stdin by
// tst_sharedpool so that the app is one of the processes sharing a database. It answers each command with one
// line on stdout:
//   rows                 -> "rows N"            the keys table's row count
//   status ID            -> "status NAME"       the key's status as the table shows it ("absent" when not shown)
//   bar                  -> "bar TEXT"          the status bar's counts
//   add KEY...           -> "added ID..."       as Paste keys does: the pool's addSecrets
//   report ID ok|invalid -> "reported"          a key check's result for the key
//   flush                -> "flushed 0|1"
#include "ApiKey.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "KeyTableModel.h"
#include "MainWindow.h"
#include "Outcome.h"

#include <QApplication>
#include <QLabel>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

using namespace egb;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EasyGeminiBalanceTest"));
    QApplication::setApplicationName(QStringLiteral("egb-test-app"));
    if (argc < 2) {
        std::fputs("usage: egb-test-app DATABASE\n", stderr);
        return 2;
    }
    MainWindow window(QString::fromLocal8Bit(argv[1]));
    window.show();
    QTextStream out(stdout);
    if (!window.databaseError().isEmpty()) {
        out << "error " << window.databaseError() << Qt::endl;
        return 1;
    }
    auto* model = window.findChild<KeyTableModel*>();
    out << "ready" << Qt::endl;

    QByteArray buffer;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char chunk[4096];
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n <= 0) {
            input.setEnabled(false);
            QApplication::quit();
            return;
        }
        buffer.append(chunk, n);
        qsizetype end;
        while ((end = buffer.indexOf('\n')) >= 0) {
            const QStringList words = QString::fromUtf8(buffer.left(end)).split(u' ', Qt::SkipEmptyParts);
            buffer.remove(0, end + 1);
            const QString command = words.value(0);
            if (command == u"rows") {
                out << "rows " << (model ? model->rowCount() : -1) << Qt::endl;
            } else if (command == u"status") {
                const qint64 id = words.value(1).toLongLong();
                QString name = QStringLiteral("absent");
                for (int row = 0; model && row < model->rowCount(); ++row) {
                    const QModelIndex index = model->index(row, 0);
                    if (index.data(KeyTableModel::IdRole).toLongLong() == id)
                        name = ApiKey::statusName(KeyStatus(index.data(KeyTableModel::StatusRole).toInt()));
                }
                out << "status " << name << Qt::endl;
            } else if (command == u"bar") {
                QStringList texts;
                for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) {
                    if (label->isVisible() && !label->text().isEmpty())
                        texts << label->text();
                }
                out << "bar " << texts.join(QLatin1String(" | ")) << Qt::endl;
            } else if (command == u"add") {
                const QList<qint64> ids = window.pool()->addSecrets(words.mid(1));
                QStringList shown;
                for (qint64 id : ids)
                    shown << QString::number(id);
                out << "added " << shown.join(u' ') << Qt::endl;
            } else if (command == u"report") {
                const qint64 id = words.value(1).toLongLong();
                window.pool()->report(id, words.value(2) == u"ok" ? Outcome::success(10)
                                                                  : Outcome::failure(OutcomeClass::KeyInvalid, 400,
                                                                                     QStringLiteral("invalid")));
                out << "reported" << Qt::endl;
            } else if (command == u"flush") {
                window.pool()->flushChanges();
                out << "flushed " << (window.store()->flush() ? 1 : 0) << Qt::endl;
            } else {
                out << "unknown " << command << Qt::endl;
            }
        }
    });
    return QApplication::exec();
}
