// The real main window in Simplified Chinese: every text it shows (titles, menus, actions, labels, buttons, tool
// tips, placeholders, combo items, table headers, sidebar entries) is translated when the window is built in
// Chinese, and follows a language switch made while the window is open, both ways, without a restart.
// A text listed as stale is set once in code and not set again on QEvent::LanguageChange.
#include "AppSettings.h"
#include "MainWindow.h"
#include "SettingsDialog.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QHash>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QXmlStreamReader>

using egb::Translations;
using egb::UiLanguage;

namespace {

/// English source → Chinese translation, for every message whose translation differs from its source.
QHash<QString, QString> translatedSources()
{
    QHash<QString, QString> table;
    QFile file(QStringLiteral(EGB_SOURCE_DIR "/translations/easy-gemini-balance_zh_CN.ts"));
    if (!file.open(QIODevice::ReadOnly))
        return table;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!translation.isEmpty() && translation != source)
                table.insert(source, translation);
        }
    }
    return table;
}

struct Shown
{
    QString where;
    QString text;
};

/// Every text the window can show, with where it is.
QList<Shown> shownTexts(QWidget* window)
{
    QList<Shown> out;
    const auto add = [&out](const QString& where, const QString& text) {
        if (!text.isEmpty())
            out.append({where, text});
    };
    const auto addActions = [&add](const QString& where, const QList<QAction*>& actions) {
        for (QAction* action : actions) {
            add(where + QStringLiteral(" action"), action->text());
            if (action->toolTip() != action->text() && !action->text().isEmpty())
                add(where + QStringLiteral(" action tool tip"), action->toolTip());
        }
    };
    add(QStringLiteral("window title"), window->windowTitle());
    addActions(QStringLiteral("window"), window->actions());
    const QList<QWidget*> widgets = window->findChildren<QWidget*>();
    for (QWidget* w : widgets) {
        const QString name =
            w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
        add(name + QStringLiteral(" tool tip"), w->toolTip());
        addActions(name, w->actions());
        if (auto* label = qobject_cast<QLabel*>(w))
            add(name, label->text());
        if (auto* button = qobject_cast<QAbstractButton*>(w))
            add(name, button->text());
        if (auto* box = qobject_cast<QGroupBox*>(w))
            add(name, box->title());
        if (auto* edit = qobject_cast<QLineEdit*>(w))
            add(name + QStringLiteral(" placeholder"), edit->placeholderText());
        if (auto* edit = qobject_cast<QPlainTextEdit*>(w))
            add(name + QStringLiteral(" placeholder"), edit->placeholderText());
        if (auto* edit = qobject_cast<QTextEdit*>(w))
            add(name + QStringLiteral(" placeholder"), edit->placeholderText());
        if (auto* menu = qobject_cast<QMenu*>(w))
            add(name + QStringLiteral(" title"), menu->title());
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(name + QStringLiteral(" tab"), tabs->tabText(i));
        }
        if (auto* combo = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                add(name + QStringLiteral(" item"), combo->itemText(i));
        }
        if (auto* list = qobject_cast<QListWidget*>(w)) {
            for (int i = 0; i < list->count(); ++i)
                add(name + QStringLiteral(" item"), list->item(i)->text());
        }
        if (auto* view = qobject_cast<QAbstractItemView*>(w); view && view->model()) {
            for (int c = 0; c < view->model()->columnCount(); ++c)
                add(name + QStringLiteral(" header"), view->model()->headerData(c, Qt::Horizontal).toString());
        }
    }
    return out;
}

/// Texts still in English although the .ts translates them.
QStringList staleEnglish(QWidget* window, const QHash<QString, QString>& table)
{
    QStringList stale;
    for (const Shown& s : shownTexts(window)) {
        if (table.contains(s.text))
            stale.append(QStringLiteral("  %1: \"%2\" (should read \"%3\")").arg(s.where, s.text, table.value(s.text)));
    }
    stale.removeDuplicates();
    return stale;
}

/// Texts still in Chinese after switching to English.
QStringList staleChinese(QWidget* window)
{
    static const QRegularExpression han(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
    QStringList stale;
    for (const Shown& s : shownTexts(window)) {
        if (han.match(s.text).hasMatch())
            stale.append(QStringLiteral("  %1: \"%2\"").arg(s.where, s.text));
    }
    stale.removeDuplicates();
    return stale;
}

} // namespace

class TestUiLanguage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHash<QString, QString> m_table;

    std::unique_ptr<egb::MainWindow> openWindow()
    {
        auto window = std::make_unique<egb::MainWindow>(m_dir.filePath(QStringLiteral("keys.db")));
        window->show();
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("egb-test-uilanguage"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        m_table = translatedSources();
        QVERIFY2(m_table.size() > 100, "the .ts file could not be read");
    }

    void cleanup() { Translations::apply(UiLanguage::English); }

    void windowBuiltInChineseShowsNoEnglish()
    {
        Translations::apply(UiLanguage::SimplifiedChinese);
        auto window = openWindow();
        // The translation reached the window (staleChinese() lists the texts written in Chinese)...
        const qsizetype chinese = staleChinese(window.get()).size();
        QVERIFY2(chinese >= 20, qPrintable(QStringLiteral("only %1 Chinese texts in the window").arg(chinese)));
        // ...and nothing was left out.
        const QStringList stale = staleEnglish(window.get(), m_table);
        QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("Untranslated texts in the Chinese window:\n") +
                                             stale.join(QLatin1Char('\n'))));
    }

    void openWindowFollowsALanguageSwitch()
    {
        Translations::apply(UiLanguage::English);
        auto window = openWindow();
        QVERIFY(staleChinese(window.get()).isEmpty());

        Translations::apply(UiLanguage::SimplifiedChinese);
        // LanguageChange is posted to each window: wait for it to be delivered.
        (void)QTest::qWaitFor([&] { return staleEnglish(window.get(), m_table).isEmpty(); }, 2000);
        const QStringList english = staleEnglish(window.get(), m_table);
        QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("Still in English after switching to Chinese:\n") +
                                               english.join(QLatin1Char('\n'))));

        Translations::apply(UiLanguage::English);
        (void)QTest::qWaitFor([&] { return staleChinese(window.get()).isEmpty(); }, 2000);
        const QStringList chinese = staleChinese(window.get());
        QVERIFY2(chinese.isEmpty(), qPrintable(QStringLiteral("Still in Chinese after switching to English:\n") +
                                               chinese.join(QLatin1Char('\n'))));
    }

    void settingsAcceleratorsAreDistinct_data()
    {
        QTest::addColumn<int>("language");
        QTest::newRow("English") << int(UiLanguage::English);
        QTest::newRow("简体中文") << int(UiLanguage::SimplifiedChinese);
    }

    void settingsAcceleratorsAreDistinct()
    {
        // Issue 19: two Settings fields shared one accelerator, in both languages (Alt+letter reached only one).
        QFETCH(int, language);
        Translations::apply(UiLanguage(language));
        auto window = openWindow();
        egb::SettingsDialog dialog(window->settings(), window.get());
        QHash<QChar, QStringList> users;
        const auto note = [&users](const QString& text) {
            const QChar key = QKeySequence::mnemonic(text).isEmpty()
                                  ? QChar()
                                  : QKeySequence::mnemonic(text).toString().back().toUpper();
            if (!key.isNull())
                users[key] << text;
        };
        for (const QLabel* label : dialog.findChildren<QLabel*>()) {
            if (label->buddy())
                note(label->text());
        }
        for (const QAbstractButton* button : dialog.findChildren<QAbstractButton*>())
            note(button->text());
        for (const QGroupBox* box : dialog.findChildren<QGroupBox*>())
            note(box->title());
        QStringList clashes;
        for (auto it = users.cbegin(); it != users.cend(); ++it) {
            if (it.value().size() > 1)
                clashes << QStringLiteral("Alt+%1: %2").arg(it.key(), it.value().join(QStringLiteral(" | ")));
        }
        QVERIFY(users.size() >= 10);
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestUiLanguage)
#include "tst_uilanguage.moc"
