#include "Translations.h"

#include <QLibraryInfo>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace egb {

namespace {

struct State
{
    QPointer<Translations> notifier;
    QPointer<QTranslator> app;
    QPointer<QTranslator> qt;
    UiLanguage chosen = UiLanguage::System;
    UiLanguage effective = UiLanguage::English;
    bool qtLoaded = false;
};

State& state()
{
    static State s;
    return s;
}

void removeTranslator(QPointer<QTranslator>& translator)
{
    if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator.data();
    }
    translator.clear();
}

/// The suffix of our .qm file: English has one too, holding only the plural forms ("1 key" / "2 keys").
QString localeSuffix(UiLanguage language)
{
    return language == UiLanguage::SimplifiedChinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

} // namespace

Translations::Translations(QObject* parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("egbTranslations"));
}

Translations* Translations::instance()
{
    State& s = state();
    if (!s.notifier && QCoreApplication::instance())
        s.notifier = new Translations(QCoreApplication::instance());
    return s.notifier;
}

UiLanguage Translations::resolve(const QStringList& uiLanguages)
{
    for (const QString& name : uiLanguages) {
        const QLocale locale(name);
        if (locale.language() == QLocale::English)
            return UiLanguage::English;
        if (locale.language() == QLocale::Chinese) {
            const bool traditional = locale.script() == QLocale::TraditionalChineseScript ||
                                     name.contains(QLatin1String("Hant"), Qt::CaseInsensitive);
            if (!traditional)
                return UiLanguage::SimplifiedChinese;
        }
    }
    return UiLanguage::English;
}

UiLanguage Translations::apply(UiLanguage language)
{
    State& s = state();
    if (!QCoreApplication::instance())
        return s.effective;

    const UiLanguage effective = language == UiLanguage::System ? resolve(QLocale::system().uiLanguages()) : language;

    removeTranslator(s.app);
    removeTranslator(s.qt);
    s.qtLoaded = false;

    const QString suffix = localeSuffix(effective);
    if (effective != UiLanguage::English) { // Qt's own strings are English already
        auto* qt = new QTranslator(QCoreApplication::instance());
        if (qt->load(QStringLiteral("qtbase_") + suffix, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            s.qt = qt;
            s.qtLoaded = true;
        } else {
            delete qt;
        }
    }
    // Ours is installed last so that it is searched first.
    auto* app = new QTranslator(QCoreApplication::instance());
    if (app->load(QStringLiteral("easy-gemini-balance_") + suffix, QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(app);
        s.app = app;
    } else {
        delete app;
    }

    // Numbers and dates follow the language: the system's own formats when it speaks that language.
    const QLocale system = QLocale::system();
    if (language == UiLanguage::System || resolve(system.uiLanguages()) == effective)
        QLocale::setDefault(system);
    else if (effective == UiLanguage::SimplifiedChinese)
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China));
    else
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

    s.chosen = language;
    s.effective = effective;
    if (Translations* notifier = instance())
        Q_EMIT notifier->languageChanged(effective);
    return effective;
}

UiLanguage Translations::applySaved()
{
    const QSettings settings;
    return apply(fromCode(settings.value(QLatin1String(settingsKey)).toString()));
}

void Translations::save(UiLanguage language)
{
    QSettings settings;
    settings.setValue(QLatin1String(settingsKey), code(language));
}

UiLanguage Translations::chosen()
{
    return state().chosen;
}

UiLanguage Translations::effective()
{
    return state().effective;
}

bool Translations::qtTranslationLoaded()
{
    return state().qtLoaded;
}

QString Translations::code(UiLanguage language)
{
    switch (language) {
    case UiLanguage::English:
        return QStringLiteral("en");
    case UiLanguage::SimplifiedChinese:
        return QStringLiteral("zh_CN");
    case UiLanguage::System:
        break;
    }
    return QStringLiteral("system");
}

UiLanguage Translations::fromCode(const QString& code, bool* ok)
{
    const QString c = code.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    UiLanguage result = UiLanguage::System;
    bool known = true;
    if (c == QLatin1String("en") || c == QLatin1String("english") || c.startsWith(QLatin1String("en_")))
        result = UiLanguage::English;
    else if (c == QLatin1String("zh_cn") || c == QLatin1String("zh") || c == QLatin1String("zh_hans") ||
             c == QLatin1String("zh_hans_cn"))
        result = UiLanguage::SimplifiedChinese;
    else if (!(c.isEmpty() || c == QLatin1String("system")))
        known = false;
    if (ok)
        *ok = known;
    return result;
}

QString Translations::displayName(UiLanguage language)
{
    switch (language) {
    case UiLanguage::English:
        return QStringLiteral("English"); // notr: a language is named in itself
    case UiLanguage::SimplifiedChinese:
        return QStringLiteral("简体中文"); // notr: a language is named in itself
    case UiLanguage::System:
        break;
    }
    return tr("System default");
}

} // namespace egb
