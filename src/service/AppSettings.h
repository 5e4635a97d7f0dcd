#pragma once

#include "KeyPool.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QSettings;

namespace egb {

struct ClientSettings;
struct DispatcherSettings;

/// The application's preferences, kept in QSettings (the platform's usual place, e.g.
/// ~/.config/<organisation>/<application>.conf). Getters never fail: a missing or damaged value reads as its
/// default, a value out of range is brought into range. Every setter that changes something emits changed() once;
/// setValues() changes many values and emits changed() once.
class AppSettings : public QObject
{
    Q_OBJECT
public:
    // Ranges shared by the getters and the Settings dialog.
    static constexpr int MaxRetries = 20;
    static constexpr int MaxInitialDelayMs = 600'000;
    static constexpr double MinBackoffFactor = 1.0;
    static constexpr double MaxBackoffFactor = 10.0;
    static constexpr int MinTimeoutSec = 1;
    static constexpr int MaxTimeoutSec = 3600;
    static constexpr int MinDeadlineSec = 1;
    static constexpr int MaxDeadlineSec = 24 * 3600;
    static constexpr int MaxConcurrency = 4096; ///< BatchRunner::MaxConcurrency (BatchJob checks they agree)
    static constexpr int MaxRpm = 100'000;

    /// Everything at once (what the Settings dialog edits). Default-constructed = the product's defaults,
    /// except databasePath, which defaults() fills in.
    struct Values
    {
        QUrl baseUrl = QUrl(QStringLiteral("https://generativelanguage.googleapis.com"));
        QString defaultModel = QStringLiteral("gemini-2.5-flash");
        int maxRetries = 3;
        int initialDelayMs = 1000;
        double backoffFactor = 2.0;
        int attemptTimeoutSec = 60;
        int requestDeadlineSec = 300;
        int concurrency = 8;
        int defaultRpm = 0;      ///< requests per minute per key; 0 = unlimited
        ModelLimits modelLimits; ///< per-project quotas by model family (Settings' quota table); empty = none known
        SelectionStrategy strategy = SelectionStrategy::Weighted;
        int availabilityThresholdPercent = 50; ///< warn below this share of available keys; 0 = never
        QString databasePath;
        QString language = QStringLiteral("system"); ///< Translations::code(): "system", "en" or "zh_CN"
        bool operator==(const Values&) const = default;
    };

    /// Settings in the application's default QSettings location.
    explicit AppSettings(QObject* parent = nullptr);
    /// Settings in an INI file at `fileName` (tests, screenshots, portable use).
    explicit AppSettings(const QString& fileName, QObject* parent = nullptr);
    ~AppSettings() override;

    static Values defaults();
    Values values() const;
    void setValues(const Values& values);
    void restoreDefaults() { setValues(defaults()); }
    QString fileName() const;

    QUrl baseUrl() const;
    void setBaseUrl(const QUrl& url);
    QString defaultModel() const;
    void setDefaultModel(const QString& model);
    int maxRetries() const;
    void setMaxRetries(int retries);
    int initialDelayMs() const;
    void setInitialDelayMs(int ms);
    double backoffFactor() const;
    void setBackoffFactor(double factor);
    int attemptTimeoutSec() const;
    void setAttemptTimeoutSec(int seconds);
    int requestDeadlineSec() const;
    void setRequestDeadlineSec(int seconds);
    int concurrency() const;
    void setConcurrency(int n);
    int defaultRpm() const;
    void setDefaultRpm(int rpm);
    ModelLimits modelLimits() const;
    void setModelLimits(const ModelLimits& limits);
    SelectionStrategy strategy() const;
    void setStrategy(SelectionStrategy strategy);
    int availabilityThresholdPercent() const;
    void setAvailabilityThresholdPercent(int percent);
    QString databasePath() const;
    void setDatabasePath(const QString& path);
    QString language() const;
    void setLanguage(const QString& language);

    // --- the app's local proxy (the Proxy page); not in Values: egb serve takes its own --host and --port
    static constexpr quint16 DefaultProxyPort = 8765; ///< ProxySettings::DefaultPort (the Proxy page checks they agree)
    /// The address the proxy listens on; "127.0.0.1" unless the person set another.
    QString proxyHost() const;
    void setProxyHost(const QString& host);
    /// 0 = any free port.
    quint16 proxyPort() const;
    void setProxyPort(quint16 port);
    /// Start the proxy when the app starts (default off).
    bool proxyStartsWithApp() const;
    void setProxyStartsWithApp(bool start);

    /// The retry settings for a Dispatcher (fields AppSettings does not hold keep their defaults).
    DispatcherSettings dispatcherSettings() const;
    /// The base URL and per-attempt timeout for a GeminiClient (other fields keep their defaults).
    ClientSettings clientSettings() const;

    // --- settings by name: one precedence for every setting (AppContext): command line > environment > file > default

    /// The name of every setting, as command lines, environment variables and `egb config` use it: "base-url",
    /// "model", "timeout", "retries", "initial-delay", "backoff-factor", "deadline", "concurrency", "rpm",
    /// "strategy", "availability-threshold", "db", "language".
    static QStringList names();
    /// The environment variable that overrides setting `name` ("EGB_DB", "EGB_STRATEGY", ...); empty for a setting
    /// that has none (language: the desktop's LANGUAGE already says it) or an unknown name.
    static QString environmentVariable(const QString& name);
    /// Sets setting `name` in `values` from its text ("round_robin", "30", "http://127.0.0.1:8080"). Returns false,
    /// with `values` unchanged and a translated *error saying what is accepted, for an unknown name or a value out
    /// of range or of the wrong kind (a value is never silently brought into range here: it was typed by a person).
    static bool setFromText(Values& values, const QString& name, const QString& text, QString* error = nullptr);
    /// The text form of setting `name` in `values` (what setFromText() reads back); empty for an unknown name.
    static QString textOf(const Values& values, const QString& name);

    /// "weighted" / "round_robin", as stored.
    static QString strategyName(SelectionStrategy strategy);
    static SelectionStrategy strategyFromName(const QString& name, SelectionStrategy fallback);
    /// True for an absolute http(s) URL with a host and no query, fragment or user info.
    static bool isValidBaseUrl(const QUrl& url);

Q_SIGNALS:
    /// After one or more values changed (one signal per setter call or setValues()).
    void changed();
    /// Also emitted (after changed()) when the database location changed: the window reopens the store.
    void databasePathChanged(const QString& path);
    /// Also emitted (after changed()) when the language changed (a Translations code).
    void languageChanged(const QString& language);

private:
    Values read() const;
    void write(const Values& values);
    void apply(const Values& newValues);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace egb
