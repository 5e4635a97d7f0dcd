// AppContext: one precedence for every setting (command line > environment > settings file > default), the pieces
// configured from it, and the database it names opened with the stores that share it.
#include "AppContext.h"
#include "AppSettings.h"
#include "BatchRunStore.h"
#include "ClientSettings.h"
#include "ConversationStore.h"
#include "Dispatcher.h"
#include "GeminiClient.h"
#include "KeyPool.h"
#include "KeyStore.h"
#include "TestKeys.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

class TestAppContext : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_files = 0;

    std::unique_ptr<AppSettings> settingsFile()
    {
        return std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_files)));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everySettingHasOnePrecedence()
    {
        auto file = settingsFile();
        file->setStrategy(SelectionStrategy::RoundRobin);
        file->setDefaultModel(QStringLiteral("from-file"));
        file->setMaxRetries(7);
        file->setDatabasePath(m_dir.filePath(QStringLiteral("file.db")));
        AppContext context(std::move(file));
        QCOMPARE(context.values().strategy, SelectionStrategy::RoundRobin);
        QCOMPARE(context.pool()->strategy(), SelectionStrategy::RoundRobin);
        QCOMPARE(context.dispatcher()->settings().maxRetries, 7);
        QCOMPARE(context.sourceOf(QStringLiteral("strategy")), AppContext::Source::SettingsFile);
        QCOMPARE(context.sourceOf(QStringLiteral("timeout")), AppContext::Source::Default);

        QProcessEnvironment env;
        env.insert(QStringLiteral("EGB_STRATEGY"), QStringLiteral("weighted"));
        env.insert(QStringLiteral("EGB_MODEL"), QStringLiteral("from-env"));
        env.insert(QStringLiteral("EGB_TIMEOUT"), QStringLiteral("12"));
        env.insert(QStringLiteral("EGB_DB"), m_dir.filePath(QStringLiteral("env.db")));
        QSignalSpy moved(&context, &AppContext::databasePathChanged);
        QStringList errors;
        QVERIFY(context.readEnvironment(env, &errors));
        QVERIFY(errors.isEmpty());
        QCOMPARE(moved.size(), 1);
        QCOMPARE(context.values().strategy, SelectionStrategy::Weighted);
        QCOMPARE(context.pool()->strategy(), SelectionStrategy::Weighted);
        QCOMPARE(context.values().defaultModel, QStringLiteral("from-env"));
        QCOMPARE(context.client()->settings().attemptTimeoutMs, 12'000);
        QCOMPARE(context.values().maxRetries, 7); // not in the environment: the file's
        QCOMPARE(context.sourceOf(QStringLiteral("strategy")), AppContext::Source::Environment);
        QVERIFY(context.sourceText(QStringLiteral("db")).contains(QStringLiteral("EGB_DB")));

        QVERIFY(context.setCommandLineValue(QStringLiteral("strategy"), QStringLiteral("round_robin")));
        QVERIFY(context.setCommandLineValue(QStringLiteral("db"), m_dir.filePath(QStringLiteral("cli.db"))));
        QCOMPARE(context.values().strategy, SelectionStrategy::RoundRobin);
        QCOMPARE(context.values().databasePath, m_dir.filePath(QStringLiteral("cli.db")));
        QCOMPARE(context.values().defaultModel, QStringLiteral("from-env"));
        QCOMPARE(context.sourceOf(QStringLiteral("db")), AppContext::Source::CommandLine);

        // The settings file is never written by the other layers.
        AppSettings reread(context.settings()->fileName());
        QCOMPARE(reread.strategy(), SelectionStrategy::RoundRobin);
        QCOMPARE(reread.defaultModel(), QStringLiteral("from-file"));
        QCOMPARE(reread.databasePath(), m_dir.filePath(QStringLiteral("file.db")));

        // A setting changed in the file while running (the Settings dialog) is the newest choice: it wins.
        context.settings()->setStrategy(SelectionStrategy::Weighted);
        QCOMPARE(context.values().strategy, SelectionStrategy::Weighted);
        QCOMPARE(context.pool()->strategy(), SelectionStrategy::Weighted);
        QCOMPARE(context.values().defaultModel, QStringLiteral("from-env")); // others keep their layers
    }

    void invalidValuesAreRefusedAndSaySo()
    {
        AppContext context(settingsFile());
        QProcessEnvironment env;
        env.insert(QStringLiteral("EGB_STRATEGY"), QStringLiteral("fastest"));
        env.insert(QStringLiteral("EGB_CONCURRENCY"), QStringLiteral("0"));
        env.insert(QStringLiteral("EGB_BASE_URL"), QStringLiteral("ftp://example.com"));
        env.insert(QStringLiteral("EGB_MODEL"), QStringLiteral("fine"));
        env.insert(QStringLiteral("EGB_DB"), QString()); // empty: as if not set
        QStringList errors;
        QVERIFY(!context.readEnvironment(env, &errors));
        QCOMPARE(errors.size(), 3);
        QVERIFY2(errors.join(u'\n').contains(QStringLiteral("EGB_STRATEGY")), qPrintable(errors.join(u'\n')));
        QVERIFY(errors.join(u'\n').contains(QStringLiteral("1 to 4096")));
        QCOMPARE(context.values().strategy, SelectionStrategy::Weighted); // the refused ones change nothing
        QCOMPARE(context.values().defaultModel, QStringLiteral("fine"));
        QCOMPARE(context.values().databasePath, AppSettings::defaults().databasePath);

        QString error;
        QVERIFY(!context.setCommandLineValue(QStringLiteral("retries"), QStringLiteral("lots"), &error));
        QVERIFY(error.contains(QStringLiteral("lots")));
        QVERIFY(!context.setCommandLineValue(QStringLiteral("nonsense"), QStringLiteral("1"), &error));
        QVERIFY(error.contains(QStringLiteral("strategy"))); // lists the settings there are

        // Every setting reads back its own text.
        AppSettings::Values v = AppSettings::defaults();
        for (const QString& name : AppSettings::names()) {
            const QString text = AppSettings::textOf(v, name);
            QVERIFY2(AppSettings::setFromText(v, name, text, &error), qPrintable(name + u' ' + error));
            QCOMPARE(AppSettings::textOf(v, name), text);
        }
    }

    void opensTheDatabaseItNamesWithItsStores()
    {
        auto file = settingsFile();
        const QString path = m_dir.filePath(QStringLiteral("ctx/keys.db"));
        file->setDatabasePath(path);
        AppContext context(std::move(file));
        QVERIFY2(context.openDatabase(), qPrintable(context.databaseError()));
        QCOMPARE(context.databasePath(), path);
        QCOMPARE(context.keyStore()->path(), path);
        QVERIFY(context.isSavingChanges());
        QVERIFY(context.conversations()->isOpen());
        QVERIFY(context.batchRuns()->isOpen());
        context.pool()->addSecrets({egb::test::testKey(1), egb::test::testKey(2)});
        QVERIFY(context.flush());

        // A file that cannot be opened: the saved keys stay in the first file; keys added meanwhile live in memory
        // and go into the next database opened.
        const QString blocked = m_dir.filePath(QStringLiteral("ctx/keys.db/inside.db"));
        QVERIFY(!context.openDatabase(blocked));
        QVERIFY(!context.databaseError().isEmpty());
        QVERIFY(!context.isSavingChanges());
        context.pool()->addSecrets({egb::test::testKey(3)});
        const QString other = m_dir.filePath(QStringLiteral("ctx/other.db"));
        QVERIFY(context.openDatabase(other));
        QCOMPARE(context.pool()->size(), 1);
        KeyStore check;
        QVERIFY(check.open(other));
        QCOMPARE(check.loadKeys().size(), size_t(1));
        QVERIFY(context.openDatabase(path));
        QCOMPARE(context.pool()->size(), 2); // the first file as it was: the carried key went into the other
    }
};

QTEST_GUILESS_MAIN(TestAppContext)
#include "tst_appcontext.moc"
