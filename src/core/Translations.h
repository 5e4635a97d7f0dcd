#pragma once

#include <QCoreApplication>
#include <QList>
#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>

namespace egb {

/// The languages the interface can be shown in. `System` follows the desktop's language list.
enum class UiLanguage
{
    System,
    English,
    SimplifiedChinese,
};

/// Installs the translators of the running application: ours (embedded as `:/i18n/easy-gemini-balance_<lang>.qm`;
/// for English it holds only the plural forms, so "%n key(s)" reads "1 key" / "2 keys") and, for Chinese, Qt's own
/// (`qtbase_<lang>.qm` from QLibraryInfo::TranslationsPath, package qt6-translations-l10n).
///
/// Switching while the program runs is allowed: every install/remove makes QCoreApplication send
/// QEvent::LanguageChange, which QApplication forwards to every widget (QWidget::changeEvent). Objects that are not
/// widgets (item models, tray menus built once) listen to languageChanged(), emitted once after a switch.
/// Both programs call apply() (or applySaved()) right after creating the application object.
class Translations : public QObject
{
    Q_OBJECT

public:
    /// QSettings key of the person's choice; the value is code(language): "system", "en" or "zh_CN".
    static constexpr const char* settingsKey = "ui/language";

    /// The one notifier, a child of QCoreApplication (nullptr before the application object exists).
    static Translations* instance();

    /// Replaces the installed translators with those for `language` and sets QLocale's default to match.
    /// Returns the language actually in effect (System resolved to English or SimplifiedChinese).
    /// Works without restart; needs a QCoreApplication.
    static UiLanguage apply(UiLanguage language);
    /// Reads settingsKey from the default QSettings and applies it.
    static UiLanguage applySaved();
    /// Stores the choice under settingsKey (call apply() too to see it at once).
    static void save(UiLanguage language);

    /// What the person chose (System until apply() is called) and what is in effect.
    static UiLanguage chosen();
    static UiLanguage effective();
    /// True when Qt's own translation (standard buttons, dialogs) was found for the effective language.
    static bool qtTranslationLoaded();

    /// The language a desktop with these preferences reads best among those we ship: the first of `uiLanguages`
    /// (e.g. QLocale::system().uiLanguages()) that is English or Simplified Chinese; English when none is.
    /// Traditional Chinese (zh_TW, zh_HK, zh-Hant…) is not served Simplified Chinese.
    static UiLanguage resolve(const QStringList& uiLanguages);

    /// Stable names used in settings and on the command line: "system", "en", "zh_CN". Unknown text gives System.
    static QString code(UiLanguage language);
    static UiLanguage fromCode(const QString& code, bool* ok = nullptr);
    /// A name to show in a language chooser: "System default" (translated), "English", "简体中文" (each in itself).
    static QString displayName(UiLanguage language);
    static QList<UiLanguage> all() { return {UiLanguage::System, UiLanguage::English, UiLanguage::SimplifiedChinese}; }

Q_SIGNALS:
    /// Emitted once after apply() has installed the translators of a new language.
    void languageChanged(egb::UiLanguage effective);

private:
    explicit Translations(QObject* parent);
};

} // namespace egb

Q_DECLARE_METATYPE(egb::UiLanguage)
