#include "ModelLimits.h"

#include <QRegularExpression>
#include <QStringList>

namespace egb {

ModelLimits ModelLimits::preset(Preset preset)
{
    ModelLimits m;
    switch (preset) {
    case Preset::FreeTier:
        m.set(QStringLiteral("gemini-2.5-pro"), {5, 250'000, 100});
        m.set(QStringLiteral("gemini-2.5-flash"), {10, 250'000, 250});
        m.set(QStringLiteral("gemini-2.5-flash-lite"), {15, 250'000, 1000});
        m.set(QStringLiteral("gemini-2.0-flash"), {15, 1'000'000, 200});
        break;
    case Preset::Tier1:
        m.set(QStringLiteral("gemini-2.5-pro"), {150, 2'000'000, 10'000});
        m.set(QStringLiteral("gemini-2.5-flash"), {1000, 1'000'000, 10'000});
        m.set(QStringLiteral("gemini-2.5-flash-lite"), {4000, 4'000'000, 0});
        m.set(QStringLiteral("gemini-2.0-flash"), {2000, 4'000'000, 0});
        break;
    }
    return m;
}

QString ModelLimits::normalizedModel(const QString& model)
{
    const QString trimmed = model.trimmed();
    return trimmed.startsWith(QLatin1String("models/")) ? trimmed.mid(7) : trimmed;
}

void ModelLimits::set(const QString& family, const QuotaLimits& limits)
{
    const QString name = normalizedModel(family);
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].family == name) {
            if (limits.isEmpty())
                m_entries.removeAt(i);
            else
                m_entries[i].limits = limits;
            return;
        }
    }
    if (!name.isEmpty() && !limits.isEmpty())
        m_entries.append({name, limits});
}

QuotaLimits ModelLimits::limitsFor(const QString& model) const
{
    const QString id = normalizedModel(model);
    const Entry* best = nullptr;
    for (const Entry& e : m_entries) {
        if (id.startsWith(e.family) && (!best || e.family.size() > best->family.size()))
            best = &e;
    }
    return best ? best->limits : QuotaLimits{};
}

QString ModelLimits::toText() const
{
    QStringList lines;
    for (const Entry& e : m_entries) {
        QStringList parts;
        if (e.limits.rpm > 0)
            parts << QStringLiteral("%1/min").arg(e.limits.rpm);
        if (e.limits.tpm > 0)
            parts << QStringLiteral("%1 tokens/min").arg(e.limits.tpm);
        if (e.limits.rpd > 0)
            parts << QStringLiteral("%1/day").arg(e.limits.rpd);
        lines << e.family + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
    }
    return lines.join(QLatin1Char('\n'));
}

std::optional<ModelLimits> ModelLimits::fromText(const QString& text, QString* error)
{
    static const QRegularExpression part(QStringLiteral(R"(^\s*(\d+)\s*(tokens\s*)?/\s*(min|minute|day)\s*$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    ModelLimits out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines[n].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QString family = colon > 0 ? normalizedModel(line.left(colon)) : QString();
        QuotaLimits limits;
        bool ok = !family.isEmpty() && !family.contains(QLatin1Char(' '));
        if (ok) {
            for (const QString& p : line.mid(colon + 1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const QRegularExpressionMatch m = part.match(p);
                bool number = false;
                const qint64 value = m.hasMatch() ? m.captured(1).toLongLong(&number) : 0;
                if (!m.hasMatch() || !number || value <= 0 || value > 1'000'000'000) {
                    ok = false;
                    break;
                }
                const bool tokens = !m.captured(2).isEmpty();
                const bool day = m.captured(3).compare(QLatin1String("day"), Qt::CaseInsensitive) == 0;
                if (tokens && !day)
                    limits.tpm = value;
                else if (!tokens && day)
                    limits.rpd = int(value);
                else if (!tokens)
                    limits.rpm = int(value);
                else
                    ok = false;
            }
        }
        if (!ok || limits.isEmpty()) {
            if (error)
                *error = tr("Line %1 is not a limit. Write it like \"gemini-2.5-pro: 5/min, 250000 tokens/min, "
                            "100/day\".")
                             .arg(n + 1);
            return std::nullopt;
        }
        out.set(family, limits);
    }
    return out;
}

} // namespace egb
