#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace egb {

/// The quotas of one model family on one project, as a person enters them (0 = no limit known).
struct QuotaLimits
{
    int rpm = 0;    ///< requests per minute
    qint64 tpm = 0; ///< input tokens per minute
    int rpd = 0;    ///< requests per day (the day ends at Pacific midnight)

    bool isEmpty() const { return rpm <= 0 && tpm <= 0 && rpd <= 0; }
    bool operator==(const QuotaLimits&) const = default;
};

/// A person's table of per-project limits by model family, e.g. "gemini-2.5-pro: 5/min, 250000 tokens/min, 100/day".
/// A family matches a model whose id starts with it ("gemini-2.5-pro" matches "gemini-2.5-pro-preview-06-05"); the
/// longest matching family wins, so "gemini-2.5-flash-lite" is not paced as "gemini-2.5-flash".
class ModelLimits
{
    Q_DECLARE_TR_FUNCTIONS(egb::ModelLimits)
public:
    struct Entry
    {
        QString family;
        QuotaLimits limits;
        bool operator==(const Entry&) const = default;
    };

    enum class Preset
    {
        FreeTier, ///< Google's free tier (2026)
        Tier1,    ///< paid tier 1
    };

    ModelLimits() = default;
    static ModelLimits preset(Preset preset);

    const QList<Entry>& entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    /// Sets (or, with empty limits, removes) the family's limits.
    void set(const QString& family, const QuotaLimits& limits);
    /// The limits for a model id ("models/" prefix allowed); empty limits when no family matches.
    QuotaLimits limitsFor(const QString& model) const;

    /// One line per family: "gemini-2.5-pro: 5/min, 250000 tokens/min, 100/day".
    QString toText() const;
    /// The inverse of toText(). Blank lines and lines starting with '#' are skipped. On a malformed line returns
    /// nullopt and a translated *error naming the line.
    static std::optional<ModelLimits> fromText(const QString& text, QString* error = nullptr);

    /// "models/gemini-2.5-pro" -> "gemini-2.5-pro".
    static QString normalizedModel(const QString& model);

    bool operator==(const ModelLimits&) const = default;

private:
    QList<Entry> m_entries;
};

} // namespace egb
