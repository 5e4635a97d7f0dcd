#include "AppSettings.h"

#include "ClientSettings.h"
#include "DispatcherSettings.h"
#include "KeyStore.h"
#include "Translations.h"

#include <QSettings>

#include <algorithm>
#include <cmath>
#include <functional>

namespace egb {

namespace {
// The names in the settings file. Changing one loses the person's choice: add a migration instead.
const QString KeyBaseUrl = QStringLiteral("network/baseUrl");
const QString KeyModel = QStringLiteral("network/defaultModel");
const QString KeyTimeout = QStringLiteral("network/attemptTimeoutSec");
const QString KeyRetries = QStringLiteral("retry/maxRetries");
const QString KeyInitialDelay = QStringLiteral("retry/initialDelayMs");
const QString KeyFactor = QStringLiteral("retry/backoffFactor");
const QString KeyDeadline = QStringLiteral("retry/requestDeadlineSec");
const QString KeyConcurrency = QStringLiteral("batch/concurrency");
const QString KeyRpm = QStringLiteral("pool/defaultRpm");
const QString KeyModelLimits = QStringLiteral("pool/modelLimits"); // ModelLimits::toText(), one family per line
const QString KeyStrategy = QStringLiteral("pool/strategy");
const QString KeyThreshold = QStringLiteral("pool/availabilityThresholdPercent");
const QString KeyDatabase = QStringLiteral("storage/databasePath");
const QString KeyLanguage = QLatin1String(Translations::settingsKey); // shared with egb::Translations
const QString KeyProxyHost = QStringLiteral("proxy/host");
const QString KeyProxyPort = QStringLiteral("proxy/port");
const QString KeyProxyStart = QStringLiteral("proxy/startWithApp");

int readInt(const QSettings& s, const QString& key, int fallback, int lo, int hi)
{
    bool ok = false;
    const int v = s.value(key).toInt(&ok);
    if (!ok)
        return fallback;
    return std::clamp(v, lo, hi);
}

double readDouble(const QSettings& s, const QString& key, double fallback, double lo, double hi)
{
    bool ok = false;
    const double v = s.value(key).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return fallback;
    return std::clamp(v, lo, hi);
}

QString normalisedLanguage(const QString& language)
{
    return Translations::code(Translations::fromCode(language));
}

AppSettings::Values normalised(AppSettings::Values v, const AppSettings::Values& fallback)
{
    if (!AppSettings::isValidBaseUrl(v.baseUrl))
        v.baseUrl = fallback.baseUrl;
    v.defaultModel = v.defaultModel.trimmed();
    if (v.defaultModel.isEmpty())
        v.defaultModel = fallback.defaultModel;
    v.maxRetries = std::clamp(v.maxRetries, 0, AppSettings::MaxRetries);
    v.initialDelayMs = std::clamp(v.initialDelayMs, 0, AppSettings::MaxInitialDelayMs);
    if (!std::isfinite(v.backoffFactor))
        v.backoffFactor = fallback.backoffFactor;
    v.backoffFactor = std::clamp(v.backoffFactor, AppSettings::MinBackoffFactor, AppSettings::MaxBackoffFactor);
    v.attemptTimeoutSec = std::clamp(v.attemptTimeoutSec, AppSettings::MinTimeoutSec, AppSettings::MaxTimeoutSec);
    v.requestDeadlineSec = std::clamp(v.requestDeadlineSec, AppSettings::MinDeadlineSec, AppSettings::MaxDeadlineSec);
    v.concurrency = std::clamp(v.concurrency, 1, AppSettings::MaxConcurrency);
    v.defaultRpm = std::clamp(v.defaultRpm, 0, AppSettings::MaxRpm);
    v.availabilityThresholdPercent = std::clamp(v.availabilityThresholdPercent, 0, 100);
    v.databasePath = v.databasePath.trimmed();
    if (v.databasePath.isEmpty())
        v.databasePath = fallback.databasePath;
    v.language = normalisedLanguage(v.language);
    return v;
}
} // namespace

AppSettings::AppSettings(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{}

AppSettings::AppSettings(const QString& fileName, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{}

AppSettings::~AppSettings() = default;

AppSettings::Values AppSettings::defaults()
{
    Values v;
    v.databasePath = KeyStore::defaultPath();
    return v;
}

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

AppSettings::Values AppSettings::read() const
{
    const Values d = defaults();
    const QSettings& s = *m_settings;
    Values v;
    v.baseUrl = QUrl(s.value(KeyBaseUrl, d.baseUrl.toString()).toString());
    if (!isValidBaseUrl(v.baseUrl))
        v.baseUrl = d.baseUrl;
    v.defaultModel = s.value(KeyModel, d.defaultModel).toString().trimmed();
    if (v.defaultModel.isEmpty())
        v.defaultModel = d.defaultModel;
    v.maxRetries = readInt(s, KeyRetries, d.maxRetries, 0, MaxRetries);
    v.initialDelayMs = readInt(s, KeyInitialDelay, d.initialDelayMs, 0, MaxInitialDelayMs);
    v.backoffFactor = readDouble(s, KeyFactor, d.backoffFactor, MinBackoffFactor, MaxBackoffFactor);
    v.attemptTimeoutSec = readInt(s, KeyTimeout, d.attemptTimeoutSec, MinTimeoutSec, MaxTimeoutSec);
    v.requestDeadlineSec = readInt(s, KeyDeadline, d.requestDeadlineSec, MinDeadlineSec, MaxDeadlineSec);
    v.concurrency = readInt(s, KeyConcurrency, d.concurrency, 1, MaxConcurrency);
    v.defaultRpm = readInt(s, KeyRpm, d.defaultRpm, 0, MaxRpm);
    v.modelLimits = ModelLimits::fromText(s.value(KeyModelLimits).toString()).value_or(d.modelLimits); // damaged: none
    v.strategy = strategyFromName(s.value(KeyStrategy).toString(), d.strategy);
    v.availabilityThresholdPercent = readInt(s, KeyThreshold, d.availabilityThresholdPercent, 0, 100);
    v.databasePath = s.value(KeyDatabase).toString().trimmed();
    if (v.databasePath.isEmpty())
        v.databasePath = d.databasePath;
    v.language = normalisedLanguage(s.value(KeyLanguage).toString());
    return v;
}

void AppSettings::write(const Values& v)
{
    QSettings& s = *m_settings;
    s.setValue(KeyBaseUrl, v.baseUrl.toString());
    s.setValue(KeyModel, v.defaultModel);
    s.setValue(KeyRetries, v.maxRetries);
    s.setValue(KeyInitialDelay, v.initialDelayMs);
    s.setValue(KeyFactor, v.backoffFactor);
    s.setValue(KeyTimeout, v.attemptTimeoutSec);
    s.setValue(KeyDeadline, v.requestDeadlineSec);
    s.setValue(KeyConcurrency, v.concurrency);
    s.setValue(KeyRpm, v.defaultRpm);
    s.setValue(KeyModelLimits, v.modelLimits.toText());
    s.setValue(KeyStrategy, strategyName(v.strategy));
    s.setValue(KeyThreshold, v.availabilityThresholdPercent);
    s.setValue(KeyDatabase, v.databasePath);
    s.setValue(KeyLanguage, v.language);
    s.sync();
}

AppSettings::Values AppSettings::values() const
{
    return read();
}

void AppSettings::setValues(const Values& values)
{
    apply(values);
}

void AppSettings::apply(const Values& newValues)
{
    const Values old = read();
    const Values v = normalised(newValues, old);
    if (v == old)
        return;
    write(v);
    Q_EMIT changed();
    if (v.databasePath != old.databasePath)
        Q_EMIT databasePathChanged(v.databasePath);
    if (v.language != old.language)
        Q_EMIT languageChanged(v.language);
}

QUrl AppSettings::baseUrl() const
{
    return read().baseUrl;
}

void AppSettings::setBaseUrl(const QUrl& url)
{
    if (!isValidBaseUrl(url))
        return;
    Values v = read();
    v.baseUrl = url;
    apply(v);
}

QString AppSettings::defaultModel() const
{
    return read().defaultModel;
}

void AppSettings::setDefaultModel(const QString& model)
{
    Values v = read();
    v.defaultModel = model;
    apply(v);
}

int AppSettings::maxRetries() const
{
    return read().maxRetries;
}

void AppSettings::setMaxRetries(int retries)
{
    Values v = read();
    v.maxRetries = retries;
    apply(v);
}

int AppSettings::initialDelayMs() const
{
    return read().initialDelayMs;
}

void AppSettings::setInitialDelayMs(int ms)
{
    Values v = read();
    v.initialDelayMs = ms;
    apply(v);
}

double AppSettings::backoffFactor() const
{
    return read().backoffFactor;
}

void AppSettings::setBackoffFactor(double factor)
{
    Values v = read();
    v.backoffFactor = factor;
    apply(v);
}

int AppSettings::attemptTimeoutSec() const
{
    return read().attemptTimeoutSec;
}

void AppSettings::setAttemptTimeoutSec(int seconds)
{
    Values v = read();
    v.attemptTimeoutSec = seconds;
    apply(v);
}

int AppSettings::requestDeadlineSec() const
{
    return read().requestDeadlineSec;
}

void AppSettings::setRequestDeadlineSec(int seconds)
{
    Values v = read();
    v.requestDeadlineSec = seconds;
    apply(v);
}

int AppSettings::concurrency() const
{
    return read().concurrency;
}

void AppSettings::setConcurrency(int n)
{
    Values v = read();
    v.concurrency = n;
    apply(v);
}

ModelLimits AppSettings::modelLimits() const
{
    return read().modelLimits;
}

void AppSettings::setModelLimits(const ModelLimits& limits)
{
    Values v = read();
    v.modelLimits = limits;
    apply(v);
}

int AppSettings::defaultRpm() const
{
    return read().defaultRpm;
}

void AppSettings::setDefaultRpm(int rpm)
{
    Values v = read();
    v.defaultRpm = rpm;
    apply(v);
}

SelectionStrategy AppSettings::strategy() const
{
    return read().strategy;
}

void AppSettings::setStrategy(SelectionStrategy strategy)
{
    Values v = read();
    v.strategy = strategy;
    apply(v);
}

int AppSettings::availabilityThresholdPercent() const
{
    return read().availabilityThresholdPercent;
}

void AppSettings::setAvailabilityThresholdPercent(int percent)
{
    Values v = read();
    v.availabilityThresholdPercent = percent;
    apply(v);
}

QString AppSettings::databasePath() const
{
    return read().databasePath;
}

void AppSettings::setDatabasePath(const QString& path)
{
    Values v = read();
    v.databasePath = path;
    apply(v);
}

QString AppSettings::language() const
{
    return read().language;
}

void AppSettings::setLanguage(const QString& language)
{
    Values v = read();
    v.language = language;
    apply(v);
}

QString AppSettings::proxyHost() const
{
    const QString host = m_settings->value(KeyProxyHost).toString().trimmed();
    return host.isEmpty() ? QStringLiteral("127.0.0.1") : host;
}

void AppSettings::setProxyHost(const QString& host)
{
    const QString wanted = host.trimmed().isEmpty() ? QStringLiteral("127.0.0.1") : host.trimmed();
    if (wanted == proxyHost())
        return;
    m_settings->setValue(KeyProxyHost, wanted);
    m_settings->sync();
    Q_EMIT changed();
}

quint16 AppSettings::proxyPort() const
{
    return quint16(readInt(*m_settings, KeyProxyPort, DefaultProxyPort, 0, 65535));
}

void AppSettings::setProxyPort(quint16 port)
{
    if (port == proxyPort())
        return;
    m_settings->setValue(KeyProxyPort, int(port));
    m_settings->sync();
    Q_EMIT changed();
}

bool AppSettings::proxyStartsWithApp() const
{
    return m_settings->value(KeyProxyStart, false).toBool();
}

void AppSettings::setProxyStartsWithApp(bool start)
{
    if (start == proxyStartsWithApp())
        return;
    m_settings->setValue(KeyProxyStart, start);
    m_settings->sync();
    Q_EMIT changed();
}

DispatcherSettings AppSettings::dispatcherSettings() const
{
    const Values v = read();
    DispatcherSettings d;
    d.maxRetries = v.maxRetries;
    d.initialDelayMs = v.initialDelayMs;
    d.backoffFactor = v.backoffFactor;
    d.requestDeadlineMs = qint64(v.requestDeadlineSec) * 1000;
    return d;
}

ClientSettings AppSettings::clientSettings() const
{
    const Values v = read();
    ClientSettings c;
    c.baseUrl = v.baseUrl;
    c.attemptTimeoutMs = v.attemptTimeoutSec * 1000;
    return c;
}

namespace {

/// One setting by name: its environment variable, how its text is read into Values and written back.
struct NamedSetting
{
    const char* name;
    const char* environment; ///< "" = none
    std::function<bool(AppSettings::Values&, const QString&, QString*)> set;
    std::function<QString(const AppSettings::Values&)> text;
};

bool setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

/// An integer setting read from text: a whole number within [lo, hi], else an error naming the range.
std::function<bool(AppSettings::Values&, const QString&, QString*)> intSetter(int AppSettings::Values::*field, int lo,
                                                                              int hi)
{
    return [field, lo, hi](AppSettings::Values& v, const QString& text, QString* error) {
        bool ok = false;
        const qlonglong n = text.trimmed().toLongLong(&ok);
        if (!ok || n < lo || n > hi)
            return setError(error,
                            AppSettings::tr("\"%1\" is not a whole number from %2 to %3.").arg(text).arg(lo).arg(hi));
        v.*field = int(n);
        return true;
    };
}

std::function<QString(const AppSettings::Values&)> intText(int AppSettings::Values::*field)
{
    return [field](const AppSettings::Values& v) { return QString::number(v.*field); };
}

const QList<NamedSetting>& namedSettings()
{
    using V = AppSettings::Values;
    static const QList<NamedSetting> list = {
        {"base-url", "EGB_BASE_URL",
         [](V& v, const QString& text, QString* error) {
             const QUrl url(text.trimmed(), QUrl::StrictMode);
             if (!AppSettings::isValidBaseUrl(url))
                 return setError(error, AppSettings::tr("\"%1\" is not an http:// or https:// address. Give one "
                                                        "like http://127.0.0.1:8080.")
                                            .arg(text));
             v.baseUrl = url;
             return true;
         },
         [](const V& v) { return v.baseUrl.toString(); }},
        {"model", "EGB_MODEL",
         [](V& v, const QString& text, QString* error) {
             if (text.trimmed().isEmpty())
                 return setError(error, AppSettings::tr("The model name is empty. Give one like %1.")
                                            .arg(AppSettings::Values().defaultModel));
             v.defaultModel = text.trimmed();
             return true;
         },
         [](const V& v) { return v.defaultModel; }},
        {"timeout", "EGB_TIMEOUT",
         intSetter(&V::attemptTimeoutSec, AppSettings::MinTimeoutSec, AppSettings::MaxTimeoutSec),
         intText(&V::attemptTimeoutSec)},
        {"retries", "EGB_RETRIES", intSetter(&V::maxRetries, 0, AppSettings::MaxRetries), intText(&V::maxRetries)},
        {"initial-delay", "EGB_INITIAL_DELAY", intSetter(&V::initialDelayMs, 0, AppSettings::MaxInitialDelayMs),
         intText(&V::initialDelayMs)},
        {"backoff-factor", "EGB_BACKOFF_FACTOR",
         [](V& v, const QString& text, QString* error) {
             bool ok = false;
             const double f = text.trimmed().toDouble(&ok);
             if (!ok || !std::isfinite(f) || f < AppSettings::MinBackoffFactor || f > AppSettings::MaxBackoffFactor)
                 return setError(error, AppSettings::tr("\"%1\" is not a number from %2 to %3.")
                                            .arg(text)
                                            .arg(AppSettings::MinBackoffFactor)
                                            .arg(AppSettings::MaxBackoffFactor));
             v.backoffFactor = f;
             return true;
         },
         [](const V& v) { return QString::number(v.backoffFactor); }},
        {"deadline", "EGB_DEADLINE",
         intSetter(&V::requestDeadlineSec, AppSettings::MinDeadlineSec, AppSettings::MaxDeadlineSec),
         intText(&V::requestDeadlineSec)},
        {"concurrency", "EGB_CONCURRENCY", intSetter(&V::concurrency, 1, AppSettings::MaxConcurrency),
         intText(&V::concurrency)},
        {"rpm", "EGB_RPM", intSetter(&V::defaultRpm, 0, AppSettings::MaxRpm), intText(&V::defaultRpm)},
        {"strategy", "EGB_STRATEGY",
         [](V& v, const QString& text, QString* error) {
             const QString name = text.trimmed().toLower().replace(u'-', u'_');
             if (name != QLatin1String("weighted") && name != QLatin1String("round_robin"))
                 return setError(
                     error,
                     AppSettings::tr("\"%1\" is not a selection strategy: use weighted or round_robin.").arg(text));
             v.strategy = AppSettings::strategyFromName(name, v.strategy);
             return true;
         },
         [](const V& v) { return AppSettings::strategyName(v.strategy); }},
        {"availability-threshold", "EGB_AVAILABILITY_THRESHOLD", intSetter(&V::availabilityThresholdPercent, 0, 100),
         intText(&V::availabilityThresholdPercent)},
        {"db", "EGB_DB",
         [](V& v, const QString& text, QString* error) {
             if (text.trimmed().isEmpty())
                 return setError(error, AppSettings::tr("The database path is empty. Give a file, e.g. keys.db."));
             v.databasePath = text.trimmed();
             return true;
         },
         [](const V& v) { return v.databasePath; }},
        {"language", "",
         [](V& v, const QString& text, QString* error) {
             const QString code = text.trimmed();
             if (code != QLatin1String("system") && normalisedLanguage(code) != code)
                 return setError(error,
                                 AppSettings::tr("\"%1\" is not a language: use system, en or zh_CN.").arg(text));
             v.language = normalisedLanguage(code);
             return true;
         },
         [](const V& v) { return v.language; }},
    };
    return list;
}

const NamedSetting* namedSetting(const QString& name)
{
    for (const NamedSetting& s : namedSettings()) {
        if (name == QLatin1String(s.name))
            return &s;
    }
    return nullptr;
}

} // namespace

QStringList AppSettings::names()
{
    QStringList out;
    for (const NamedSetting& s : namedSettings())
        out.append(QLatin1String(s.name));
    return out;
}

QString AppSettings::environmentVariable(const QString& name)
{
    const NamedSetting* s = namedSetting(name);
    return s ? QLatin1String(s->environment) : QString();
}

bool AppSettings::setFromText(Values& values, const QString& name, const QString& text, QString* error)
{
    const NamedSetting* s = namedSetting(name);
    if (!s)
        return setError(error, tr("There is no setting \"%1\". The settings are: %2.").arg(name, names().join(u", ")));
    Values changed = values;
    if (!s->set(changed, text, error))
        return false;
    values = changed;
    return true;
}

QString AppSettings::textOf(const Values& values, const QString& name)
{
    const NamedSetting* s = namedSetting(name);
    return s ? s->text(values) : QString();
}

QString AppSettings::strategyName(SelectionStrategy strategy)
{
    return strategy == SelectionStrategy::RoundRobin ? QStringLiteral("round_robin") : QStringLiteral("weighted");
}

SelectionStrategy AppSettings::strategyFromName(const QString& name, SelectionStrategy fallback)
{
    if (name == QLatin1String("weighted"))
        return SelectionStrategy::Weighted;
    if (name == QLatin1String("round_robin"))
        return SelectionStrategy::RoundRobin;
    return fallback;
}

bool AppSettings::isValidBaseUrl(const QUrl& url)
{
    if (!url.isValid() || url.isRelative())
        return false;
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return false;
    return !url.host().isEmpty() && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty();
}

} // namespace egb
