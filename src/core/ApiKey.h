#pragma once

#include <QMetaType>
#include <QString>

namespace egb {

/// Where a key stands. A cooling key comes back by itself once `cooldownUntilMs` has passed.
enum class KeyStatus
{
    Active,
    CoolingDown,
    Disabled,
};

/// One Gemini API key and everything the pool knows about its health.
/// Times are milliseconds since the Unix epoch (UTC); 0 means "never" / "none".
struct ApiKey
{
    qint64 id = 0;  ///< stable identifier (the database row id); 0 until the pool assigns one
    QString secret; ///< the key itself. Never log it: use masked()
    QString label;  ///< free text chosen by the person
    QString group;  ///< keys of one Google project share its quota; empty = ungrouped
    KeyStatus status = KeyStatus::Active;
    double weight = 1.0; ///< health weight in (0, 1]; selection probability is proportional to it
    int consecutiveFailures = 0;
    qint64 totalFailures = 0;
    qint64 totalSuccesses = 0;
    int lastHttpStatus = 0; ///< HTTP status of the last attempt (0 = none or transport failure)
    QString lastError;      ///< message of the last failure, empty after a success
    qint64 lastUsedMs = 0;
    qint64 cooldownUntilMs = 0; ///< meaningful while status == CoolingDown
    int rateLimitStreak = 0;    ///< 429s in a row without RetryInfo; grows the default cooldown
    /// Server faults in a row (any other outcome ends the run); HealthSettings::serverFailuresBeforeCooldown of them
    /// cool the key. Apart from consecutiveFailures, which 429s also count: a key that was only at its quota must
    /// not rest the long server-fault cooldown after one 5xx.
    int serverFaultStreak = 0;
    QString disabledReason; ///< why the key was disabled (Google's message or "Disabled by you")
    int rpmLimit = 0;       ///< requests per minute for this key; 0 = the pool's default
    qint64 addedMs = 0;

    /// "AIza…Xy12": the first four and last four characters. Short or empty strings become "…".
    static QString mask(const QString& secret);
    QString masked() const { return mask(secret); }
    /// `text` with everything shaped like a Gemini key ("AIza" + 35 key characters) masked: for text that comes
    /// from elsewhere (a server's error message, a file) before it is shown, logged or saved.
    static QString maskKeysIn(const QString& text);

    /// True when the key may be picked at `nowMs` (active, or cooling with its time passed).
    bool isAvailableAt(qint64 nowMs) const;
    /// The status as a person sees it at `nowMs` (an expired cooldown reads as Active).
    KeyStatus effectiveStatus(qint64 nowMs) const;

    /// Stable lower-case names used in JSON and the database: "active", "cooling_down", "disabled".
    static QString statusName(KeyStatus status);
    static KeyStatus statusFromName(const QString& name, bool* ok = nullptr);

    /// True when `text` has the shape of a Gemini key: "AIza" followed by 35 of [0-9A-Za-z_-].
    static bool looksLikeKey(QStringView text);

    bool operator==(const ApiKey&) const = default;
};

} // namespace egb

Q_DECLARE_METATYPE(egb::ApiKey)
