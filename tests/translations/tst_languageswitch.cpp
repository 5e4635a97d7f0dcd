// Switching the interface language while the program runs: what a person sees change, and what every widget gets.
#include "Translations.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using egb::Translations;
using egb::UiLanguage;

namespace {

/// A widget as the GUI helpers write them: it retranslates in changeEvent(LanguageChange).
class Retranslating : public QWidget
{
public:
    int languageChanges = 0;
    QString title;

protected:
    void changeEvent(QEvent* event) override
    {
        if (event->type() == QEvent::LanguageChange) {
            ++languageChanges;
            title = QCoreApplication::translate("egb::Translations", "System default");
        }
        QWidget::changeEvent(event);
    }
};

QString systemDefault()
{
    return QCoreApplication::translate("egb::Translations", "System default");
}

} // namespace

class TestLanguageSwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { Translations::apply(UiLanguage::English); }

    void chineseTranslatesOurStringsAndQtsOwn()
    {
        QCOMPARE(Translations::apply(UiLanguage::SimplifiedChinese), UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::effective(), UiLanguage::SimplifiedChinese);
        QCOMPARE(systemDefault(), QStringLiteral("跟随系统"));
        // Qt's standard buttons come from qtbase_zh_CN.qm (package qt6-translations-l10n).
        QVERIFY2(Translations::qtTranslationLoaded(), "qtbase_zh_CN.qm not found: install qt6-translations-l10n");
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
        QCOMPARE(QLocale().language(), QLocale::Chinese);
    }

    void englishReadsSingularAndPlural()
    {
        // Real strings of the sources: English carries only their plural forms, everything else reads as written.
        QCOMPARE(Translations::apply(UiLanguage::English), UiLanguage::English);
        const auto keys = [](int n) {
            return QCoreApplication::translate("egb::MainWindow", "%n key(s) exported to %1%2", "", n)
                .arg(QStringLiteral("/tmp/k.txt"), QString());
        };
        QCOMPARE(keys(1), QStringLiteral("1 key exported to /tmp/k.txt"));
        QCOMPARE(keys(2), QStringLiteral("2 keys exported to /tmp/k.txt"));
        QCOMPARE(keys(0), QStringLiteral("0 keys exported to /tmp/k.txt"));
        QCOMPARE(QCoreApplication::translate("egb::MainWindow", "Check done: %n key(s) work", "", 1),
                 QStringLiteral("Check done: 1 key works"));
        QCOMPARE(QCoreApplication::translate("egb::MainWindow", "Check done: %n key(s) work", "", 3),
                 QStringLiteral("Check done: 3 keys work"));
        QCOMPARE(systemDefault(), QStringLiteral("System default")); // not a plural: the source as is
        // Back and forth: Chinese replaces the English forms, English brings them back.
        Translations::apply(UiLanguage::SimplifiedChinese);
        QVERIFY(!keys(2).contains(QLatin1String("keys")));
        Translations::apply(UiLanguage::English);
        QCOMPARE(keys(2), QStringLiteral("2 keys exported to /tmp/k.txt"));
    }

    void englishRemovesTheTranslators()
    {
        Translations::apply(UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::apply(UiLanguage::English), UiLanguage::English);
        QCOMPARE(systemDefault(), QStringLiteral("System default"));
        QVERIFY(!Translations::qtTranslationLoaded());
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));
    }

    void openWidgetsRetranslateWithoutRestart()
    {
        Retranslating parent;
        auto* child = new Retranslating;
        child->setParent(&parent);
        parent.show();
        QVERIFY(QTest::qWaitForWindowExposed(&parent));
        QSignalSpy changed(Translations::instance(), &Translations::languageChanged);

        Translations::apply(UiLanguage::SimplifiedChinese);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<UiLanguage>(), UiLanguage::SimplifiedChinese);
        // Qt posts LanguageChange to each window; QWidget passes it on to its children.
        QTRY_VERIFY(parent.languageChanges > 0);
        QTRY_COMPARE(child->title, QStringLiteral("跟随系统"));

        Translations::apply(UiLanguage::English);
        QCOMPARE(changed.count(), 2);
        QTRY_COMPARE(child->title, QStringLiteral("System default"));
    }

    void systemFollowsTheDesktopsFirstKnownLanguage_data()
    {
        QTest::addColumn<QStringList>("uiLanguages");
        QTest::addColumn<UiLanguage>("expected");
        QTest::newRow("zh-CN") << QStringList{"zh-CN"} << UiLanguage::SimplifiedChinese;
        QTest::newRow("zh-Hans-CN") << QStringList{"zh-Hans-CN", "zh-CN"} << UiLanguage::SimplifiedChinese;
        QTest::newRow("zh_SG") << QStringList{"zh_SG"} << UiLanguage::SimplifiedChinese;
        QTest::newRow("en-US") << QStringList{"en-US", "en"} << UiLanguage::English;
        QTest::newRow("English before Chinese") << QStringList{"en-GB", "zh-CN"} << UiLanguage::English;
        QTest::newRow("German, then Chinese") << QStringList{"de-DE", "zh-CN"} << UiLanguage::SimplifiedChinese;
        QTest::newRow("Traditional Chinese") << QStringList{"zh-TW"} << UiLanguage::English;
        QTest::newRow("zh-Hant-HK") << QStringList{"zh-Hant-HK"} << UiLanguage::English;
        QTest::newRow("French only") << QStringList{"fr-FR"} << UiLanguage::English;
        QTest::newRow("C locale") << QStringList{"C"} << UiLanguage::English;
        QTest::newRow("nothing") << QStringList{} << UiLanguage::English;
    }

    void systemFollowsTheDesktopsFirstKnownLanguage()
    {
        QFETCH(QStringList, uiLanguages);
        QFETCH(UiLanguage, expected);
        QCOMPARE(Translations::resolve(uiLanguages), expected);
    }

    void codesRoundTripAndUnknownMeansSystem()
    {
        for (UiLanguage language : Translations::all()) {
            bool ok = false;
            QCOMPARE(Translations::fromCode(Translations::code(language), &ok), language);
            QVERIFY(ok);
        }
        bool ok = true;
        QCOMPARE(Translations::fromCode(QStringLiteral("klingon"), &ok), UiLanguage::System);
        QVERIFY(!ok);
        QCOMPARE(Translations::fromCode(QStringLiteral("zh-CN")), UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::fromCode(QString()), UiLanguage::System);
    }

    void languagesAreNamedInThemselves()
    {
        Translations::apply(UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::displayName(UiLanguage::English), QStringLiteral("English"));
        QCOMPARE(Translations::displayName(UiLanguage::SimplifiedChinese), QStringLiteral("简体中文"));
        QCOMPARE(Translations::displayName(UiLanguage::System), QStringLiteral("跟随系统"));
    }

    void savedChoiceIsAppliedAtStart()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("egb-test-languageswitch"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
        Translations::save(UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::applySaved(), UiLanguage::SimplifiedChinese);
        QCOMPARE(Translations::chosen(), UiLanguage::SimplifiedChinese);
        QCOMPARE(systemDefault(), QStringLiteral("跟随系统"));
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "tst_languageswitch.moc"
