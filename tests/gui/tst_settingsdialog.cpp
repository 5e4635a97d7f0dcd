#include "AppSettings.h"
#include "ClientSettings.h"
#include "DispatcherSettings.h"
#include "IsolatedSettings.h"
#include "KeyStore.h"
#include "SettingsDialog.h"
#include "Translations.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace egb;

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_config;

    template <typename T>
    static T* child(QWidget& dialog, const char* name)
    {
        T* w = dialog.findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget named %s", name);
        return w;
    }
    static void click(SettingsDialog& dialog, QDialogButtonBox::StandardButton which)
    {
        QPushButton* button = child<QDialogButtonBox>(dialog, "buttonBox")->button(which);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    }
    static void setText(QLineEdit* edit, const QString& text)
    {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Delete);
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void initTestCase()
    {
        Q_INIT_RESOURCE(resources); // egb_gui is a static library: its icons need an explicit start
        QVERIFY(m_config.isValid());
        egb::test::isolateSettings(m_config.path(), QStringLiteral("tst_settingsdialog"));
    }

    void init()
    {
        QSettings settings;
        settings.clear();
        settings.sync();
    }

    // --- AppSettings ------------------------------------------------------------------------------------------------

    void freshSettingsHoldTheProductDefaults()
    {
        AppSettings s;
        QVERIFY(s.fileName().startsWith(m_config.path())); // never the developer's real settings
        QCOMPARE(s.baseUrl(), QUrl(QStringLiteral("https://generativelanguage.googleapis.com")));
        QCOMPARE(s.defaultModel(), QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(s.maxRetries(), 3);
        QCOMPARE(s.initialDelayMs(), 1000);
        QCOMPARE(s.backoffFactor(), 2.0);
        QCOMPARE(s.attemptTimeoutSec(), 60);
        QCOMPARE(s.requestDeadlineSec(), 300);
        QCOMPARE(s.concurrency(), 8);
        QCOMPARE(s.defaultRpm(), 0);
        QCOMPARE(s.strategy(), SelectionStrategy::Weighted);
        QCOMPARE(s.availabilityThresholdPercent(), 50);
        QCOMPARE(s.databasePath(), KeyStore::defaultPath());
        QCOMPARE(s.language(), QStringLiteral("system"));
        QCOMPARE(s.values(), AppSettings::defaults());
        QCOMPARE(s.dispatcherSettings().maxRetries, 3);
        QCOMPARE(s.dispatcherSettings().requestDeadlineMs, 300'000);
        QCOMPARE(s.clientSettings().attemptTimeoutMs, 60'000);
    }

    void valuesPersistAcrossARecreatedAppSettings()
    {
        {
            AppSettings s;
            QSignalSpy changed(&s, &AppSettings::changed);
            s.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/proxy")));
            s.setDefaultModel(QStringLiteral("gemini-2.5-pro"));
            s.setMaxRetries(5);
            s.setInitialDelayMs(250);
            s.setBackoffFactor(1.5);
            s.setAttemptTimeoutSec(30);
            s.setRequestDeadlineSec(600);
            s.setConcurrency(16);
            s.setDefaultRpm(15);
            s.setStrategy(SelectionStrategy::RoundRobin);
            s.setAvailabilityThresholdPercent(25);
            s.setDatabasePath(m_config.filePath(QStringLiteral("elsewhere/keys.db")));
            s.setLanguage(QStringLiteral("zh_CN"));
            QCOMPARE(changed.count(), 13); // one per change

            s.setMaxRetries(5); // unchanged: nothing to tell
            QCOMPARE(changed.count(), 13);
        }
        AppSettings again;
        QCOMPARE(again.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:8080/proxy")));
        QCOMPARE(again.defaultModel(), QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(again.maxRetries(), 5);
        QCOMPARE(again.initialDelayMs(), 250);
        QCOMPARE(again.backoffFactor(), 1.5);
        QCOMPARE(again.attemptTimeoutSec(), 30);
        QCOMPARE(again.requestDeadlineSec(), 600);
        QCOMPARE(again.concurrency(), 16);
        QCOMPARE(again.defaultRpm(), 15);
        QCOMPARE(again.strategy(), SelectionStrategy::RoundRobin);
        QCOMPARE(again.availabilityThresholdPercent(), 25);
        QCOMPARE(again.databasePath(), m_config.filePath(QStringLiteral("elsewhere/keys.db")));
        QCOMPARE(again.language(), QStringLiteral("zh_CN"));
    }

    void setValuesEmitsOnceAndNamesWhatTheWindowMustRedo()
    {
        AppSettings s;
        QSignalSpy changed(&s, &AppSettings::changed);
        QSignalSpy database(&s, &AppSettings::databasePathChanged);
        QSignalSpy language(&s, &AppSettings::languageChanged);
        AppSettings::Values v = s.values();
        v.maxRetries = 7;
        v.concurrency = 2;
        s.setValues(v);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(database.count(), 0);
        QCOMPARE(language.count(), 0);

        const QString db = m_config.filePath(QStringLiteral("other.db"));
        v.databasePath = db;
        v.language = QStringLiteral("en");
        s.setValues(v);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(database.count(), 1);
        QCOMPARE(database.at(0).at(0).toString(), db);
        QCOMPARE(language.count(), 1);
        QCOMPARE(language.at(0).at(0).toString(), QStringLiteral("en"));
    }

    void damagedOrOutOfRangeValuesReadSafely()
    {
        {
            QSettings raw;
            raw.setValue(QStringLiteral("retry/maxRetries"), QStringLiteral("banana"));
            raw.setValue(QStringLiteral("pool/availabilityThresholdPercent"), 250);
            raw.setValue(QStringLiteral("network/baseUrl"), QStringLiteral("ftp://example.com"));
            raw.setValue(QStringLiteral("pool/strategy"), QStringLiteral("fastest"));
            raw.setValue(QStringLiteral("batch/concurrency"), -4);
            raw.setValue(QStringLiteral("ui/language"), QStringLiteral("tlh"));
            raw.sync();
        }
        AppSettings s;
        QCOMPARE(s.maxRetries(), 3);
        QCOMPARE(s.availabilityThresholdPercent(), 100);
        QCOMPARE(s.baseUrl(), AppSettings::defaults().baseUrl);
        QCOMPARE(s.strategy(), SelectionStrategy::Weighted);
        QCOMPARE(s.concurrency(), 1);
        QCOMPARE(s.language(), QStringLiteral("system"));

        QSignalSpy changed(&s, &AppSettings::changed);
        s.setBaseUrl(QUrl(QStringLiteral("not a url"))); // refused, the old value stays
        QCOMPARE(changed.count(), 0);
        QCOMPARE(s.baseUrl(), AppSettings::defaults().baseUrl);
    }

    // --- the dialog -------------------------------------------------------------------------------------------------

    void dialogShowsTheCurrentValues()
    {
        AppSettings s;
        AppSettings::Values v = s.values();
        v.baseUrl = QUrl(QStringLiteral("https://gateway.example.com/gemini"));
        v.defaultModel = QStringLiteral("gemini-2.5-pro");
        v.maxRetries = 6;
        v.initialDelayMs = 1500;
        v.backoffFactor = 3.0;
        v.attemptTimeoutSec = 45;
        v.requestDeadlineSec = 900;
        v.concurrency = 12;
        v.defaultRpm = 10;
        v.strategy = SelectionStrategy::RoundRobin;
        v.availabilityThresholdPercent = 30;
        v.databasePath = m_config.filePath(QStringLiteral("shown.db"));
        v.language = QStringLiteral("zh_CN");
        s.setValues(v);

        SettingsDialog dialog(&s);
        QCOMPARE(child<QLineEdit>(dialog, "baseUrlEdit")->text(), QStringLiteral("https://gateway.example.com/gemini"));
        QCOMPARE(child<QComboBox>(dialog, "modelCombo")->currentText(), QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(child<QSpinBox>(dialog, "retriesSpin")->value(), 6);
        QCOMPARE(child<QSpinBox>(dialog, "initialDelaySpin")->value(), 1500);
        QCOMPARE(child<QDoubleSpinBox>(dialog, "backoffFactorSpin")->value(), 3.0);
        QCOMPARE(child<QSpinBox>(dialog, "timeoutSpin")->value(), 45);
        QCOMPARE(child<QSpinBox>(dialog, "deadlineSpin")->value(), 900);
        QCOMPARE(child<QSpinBox>(dialog, "concurrencySpin")->value(), 12);
        QCOMPARE(child<QSpinBox>(dialog, "rpmSpin")->value(), 10);
        QCOMPARE(child<QComboBox>(dialog, "strategyCombo")->currentData().toString(), QStringLiteral("round_robin"));
        QCOMPARE(child<QSpinBox>(dialog, "thresholdSpin")->value(), 30);
        QCOMPARE(QDir::fromNativeSeparators(child<QLineEdit>(dialog, "databaseEdit")->text()),
                 m_config.filePath(QStringLiteral("shown.db")));
        QCOMPARE(child<QComboBox>(dialog, "languageCombo")->currentData().toString(), QStringLiteral("zh_CN"));
        QVERIFY(child<QLabel>(dialog, "languageNote")->text().contains(QStringLiteral("restart")));
        QCOMPARE(dialog.currentValues(), v);
    }

    void okSavesWhatThePersonTyped()
    {
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy changed(&s, &AppSettings::changed);

        setText(child<QLineEdit>(dialog, "baseUrlEdit"), QStringLiteral("http://localhost:9000"));
        QComboBox* model = child<QComboBox>(dialog, "modelCombo");
        model->lineEdit()->selectAll();
        QTest::keyClicks(model->lineEdit(), QStringLiteral("models/gemini-2.0-flash"));
        QSpinBox* retries = child<QSpinBox>(dialog, "retriesSpin");
        retries->setFocus();
        QTest::keyClick(retries, Qt::Key_Up); // 3 -> 4
        child<QSpinBox>(dialog, "rpmSpin")->setValue(12);
        child<QComboBox>(dialog, "strategyCombo")->setCurrentIndex(1);
        child<QSpinBox>(dialog, "thresholdSpin")->setValue(40);
        const QString db = m_config.filePath(QStringLiteral("new-folder/keys.db"));
        setText(child<QLineEdit>(dialog, "databaseEdit"), db);
        QComboBox* language = child<QComboBox>(dialog, "languageCombo");
        language->setCurrentIndex(language->findData(QStringLiteral("en")));

        click(dialog, QDialogButtonBox::Ok);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(changed.count(), 1);

        AppSettings reread;
        QCOMPARE(reread.baseUrl(), QUrl(QStringLiteral("http://localhost:9000")));
        QCOMPARE(reread.defaultModel(), QStringLiteral("gemini-2.0-flash")); // "models/" is not part of the name
        QCOMPARE(reread.maxRetries(), 4);
        QCOMPARE(reread.defaultRpm(), 12);
        QCOMPARE(reread.strategy(), SelectionStrategy::RoundRobin);
        QCOMPARE(reread.availabilityThresholdPercent(), 40);
        QCOMPARE(reread.databasePath(), db);
        QCOMPARE(reread.language(), QStringLiteral("en"));
        QCOMPARE(Translations::chosen(), UiLanguage::English); // applied at once, not only stored
    }

    void theQuotaTableTakesAPresetAndEditsAndSavesIt()
    {
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTableWidget* table = child<QTableWidget>(dialog, "limitsTable");
        QCOMPARE(table->rowCount(), 0); // nothing known by default: the pool learns
        child<QPushButton>(dialog, "freeTierPreset")->click();
        const ModelLimits free = ModelLimits::preset(ModelLimits::Preset::FreeTier);
        QCOMPARE(table->rowCount(), int(free.entries().size()));
        table->item(0, 1)->setText(QStringLiteral("7")); // the preset is editable
        click(dialog, QDialogButtonBox::Ok);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        AppSettings reread;
        QCOMPARE(reread.modelLimits().limitsFor(free.entries().at(0).family).rpm, 7);
        QCOMPARE(reread.modelLimits().entries().size(), free.entries().size());

        SettingsDialog again(&reread);
        again.show();
        QTableWidget* t = child<QTableWidget>(again, "limitsTable");
        QCOMPARE(t->rowCount(), int(free.entries().size()));
        t->item(1, 2)->setText(QStringLiteral("lots"));
        click(again, QDialogButtonBox::Ok);
        QVERIFY(again.isVisible()); // refused, with a message naming the row
        QVERIFY2(again.errorText().contains(QLatin1String("Row 2")), qPrintable(again.errorText()));
        QCOMPARE(AppSettings().modelLimits().limitsFor(free.entries().at(0).family).rpm, 7); // nothing saved
    }

    void aTeamDatabaseIsChosenAndItsPasswordIsNeverSaved()
    {
        // Issue 13: Settings offers a team database; a password in its address is used, never saved.
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(child<QPushButton>(dialog, "teamDatabaseButton"));
        KeyStore::setTeamPassword({});
        QVERIFY(!dialog.joinTeamDatabase(QStringLiteral("postgresql://egb@db.example.com:notaport/keys")));
        QVERIFY(!dialog.errorText().isEmpty());
        QVERIFY(dialog.joinTeamDatabase(
            QStringLiteral("postgresql://alice:s3cret-word@db.example.com:5432/keys?sslmode=require")));
        const QString shown = child<QLineEdit>(dialog, "databaseEdit")->text();
        QVERIFY2(!shown.contains(QStringLiteral("s3cret")) && shown.contains(QStringLiteral("alice@db.example.com")),
                 qPrintable(shown));
        QCOMPARE(KeyStore::teamPassword(), QStringLiteral("s3cret-word"));
        click(dialog, QDialogButtonBox::Ok);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        AppSettings reread;
        QVERIFY(reread.databasePath().startsWith(QStringLiteral("postgresql://alice@db.example.com:5432/keys")));
        QSettings file;
        for (const QString& key : file.allKeys())
            QVERIFY2(!file.value(key).toString().contains(QStringLiteral("s3cret")), qPrintable(key));
        // Typed straight into the field, with a password: the same.
        KeyStore::setTeamPassword({});
        SettingsDialog again(&s);
        again.show();
        setText(child<QLineEdit>(again, "databaseEdit"), QStringLiteral("postgresql://bob:hunter2@10.0.0.5/pool"));
        click(again, QDialogButtonBox::Ok);
        QCOMPARE(again.result(), int(QDialog::Accepted));
        QCOMPARE(AppSettings().databasePath(), QStringLiteral("postgresql://bob@10.0.0.5/pool"));
        QCOMPARE(KeyStore::teamPassword(), QStringLiteral("hunter2"));
        KeyStore::setTeamPassword({});
    }

    void invalidInputIsRefusedWithAMessage_data()
    {
        QTest::addColumn<QString>("widget");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("empty url") << "baseUrlEdit"
                                   << ""
                                   << "API base URL";
        QTest::newRow("not a url") << "baseUrlEdit"
                                   << "generative language"
                                   << "not a usable API base URL";
        QTest::newRow("no scheme") << "baseUrlEdit"
                                   << "generativelanguage.googleapis.com"
                                   << "https://";
        QTest::newRow("ftp") << "baseUrlEdit"
                             << "ftp://example.com"
                             << "https://";
        QTest::newRow("query") << "baseUrlEdit"
                               << "https://example.com/?key=x"
                               << "query";
        QTest::newRow("model with space") << "modelCombo"
                                          << "gemini 2.5"
                                          << "not a model name";
        QTest::newRow("empty model") << "modelCombo"
                                     << ""
                                     << "default model";
        QTest::newRow("relative db") << "databaseEdit"
                                     << "keys.db"
                                     << "not a full path";
        QTest::newRow("empty db") << "databaseEdit"
                                  << ""
                                  << "Browse";
        QTest::newRow("bad team db") << "databaseEdit"
                                     << "postgresql://egb@db.example.com:notaport/keys"
                                     << "team database's address is not valid";
    }

    void invalidInputIsRefusedWithAMessage()
    {
        QFETCH(QString, widget);
        QFETCH(QString, text);
        QFETCH(QString, messagePart);
        AppSettings s;
        const AppSettings::Values before = s.values();
        SettingsDialog dialog(&s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy changed(&s, &AppSettings::changed);

        QWidget* target = dialog.findChild<QWidget*>(widget);
        QVERIFY(target);
        QLineEdit* edit = qobject_cast<QLineEdit*>(target);
        if (auto* combo = qobject_cast<QComboBox*>(target))
            edit = combo->lineEdit();
        QVERIFY(edit);
        setText(edit, text);
        QCOMPARE(edit->text(), text);

        click(dialog, QDialogButtonBox::Ok);
        QVERIFY(dialog.isVisible()); // still open
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QLabel* error = child<QLabel>(dialog, "errorLabel");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(messagePart), qPrintable(error->text()));
        QCOMPARE(dialog.errorText(), error->text());
        QCOMPARE(changed.count(), 0);
        QCOMPARE(AppSettings().values(), before); // nothing saved
        QVERIFY(target->hasFocus() || target->isAncestorOf(QApplication::focusWidget()));
    }

    void deadlineShorterThanTimeoutIsRefused()
    {
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        child<QSpinBox>(dialog, "timeoutSpin")->setValue(120);
        child<QSpinBox>(dialog, "deadlineSpin")->setValue(60);
        click(dialog, QDialogButtonBox::Ok);
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.errorText().contains(QStringLiteral("deadline")));
        QCOMPARE(s.requestDeadlineSec(), 300);

        // Fixing it lets OK through and clears the message.
        child<QSpinBox>(dialog, "deadlineSpin")->setValue(240);
        click(dialog, QDialogButtonBox::Ok);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(s.requestDeadlineSec(), 240);
        QCOMPARE(s.attemptTimeoutSec(), 120);
        QCOMPARE(dialog.errorText(), QString());
    }

    void aFolderIsNotADatabaseFile()
    {
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        setText(child<QLineEdit>(dialog, "databaseEdit"), m_config.path());
        click(dialog, QDialogButtonBox::Ok);
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("is a folder")), qPrintable(dialog.errorText()));
        QVERIFY(dialog.errorText().contains(QStringLiteral("keys.db")));
    }

    void restoreDefaultsFillsInDefaultsAndSavesOnlyWithOk()
    {
        AppSettings s;
        AppSettings::Values custom = s.values();
        custom.maxRetries = 9;
        custom.concurrency = 40;
        custom.strategy = SelectionStrategy::RoundRobin;
        custom.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1234"));
        custom.availabilityThresholdPercent = 10;
        s.setValues(custom);

        SettingsDialog dialog(&s);
        dialog.show();
        QCOMPARE(child<QSpinBox>(dialog, "retriesSpin")->value(), 9);
        click(dialog, QDialogButtonBox::RestoreDefaults);
        QVERIFY(dialog.isVisible());
        QCOMPARE(child<QSpinBox>(dialog, "retriesSpin")->value(), 3);
        QCOMPARE(child<QSpinBox>(dialog, "concurrencySpin")->value(), 8);
        QCOMPARE(child<QComboBox>(dialog, "strategyCombo")->currentData().toString(), QStringLiteral("weighted"));
        QCOMPARE(child<QLineEdit>(dialog, "baseUrlEdit")->text(),
                 QStringLiteral("https://generativelanguage.googleapis.com"));
        QCOMPARE(child<QSpinBox>(dialog, "thresholdSpin")->value(), 50);
        QCOMPARE(dialog.currentValues(), AppSettings::defaults());
        QCOMPARE(s.values(), custom); // not saved yet

        click(dialog, QDialogButtonBox::Ok);
        QCOMPARE(AppSettings().values(), AppSettings::defaults());
    }

    void cancelKeepsTheSavedValues()
    {
        AppSettings s;
        SettingsDialog dialog(&s);
        dialog.show();
        QSignalSpy changed(&s, &AppSettings::changed);
        child<QSpinBox>(dialog, "retriesSpin")->setValue(11);
        click(dialog, QDialogButtonBox::Cancel);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(AppSettings().maxRetries(), 3);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
