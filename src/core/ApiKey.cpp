#include "ApiKey.h"

#include <QRegularExpression>

namespace egb {

QString ApiKey::mask(const QString& secret)
{
    // Below 12 characters, four at each end would show most of the string: show nothing of it.
    constexpr qsizetype Shown = 4;
    constexpr qsizetype MinLength = 12;
    if (secret.size() < MinLength)
        return QStringLiteral("\u2026");
    return secret.left(Shown) + QChar(0x2026) + secret.right(Shown);
}

QString ApiKey::maskKeysIn(const QString& text)
{
    if (!text.contains(QLatin1String("AIza")))
        return text;
    static const QRegularExpression shape(QStringLiteral("AIza[0-9A-Za-z_-]{35}"));
    QString out = text;
    QList<QRegularExpressionMatch> matches;
    for (QRegularExpressionMatchIterator it = shape.globalMatch(text); it.hasNext();)
        matches.append(it.next());
    for (qsizetype i = matches.size() - 1; i >= 0; --i) {
        const QRegularExpressionMatch& m = matches.at(i);
        out.replace(m.capturedStart(), m.capturedLength(), mask(m.captured()));
    }
    return out;
}

bool ApiKey::isAvailableAt(qint64 nowMs) const
{
    return effectiveStatus(nowMs) == KeyStatus::Active;
}

KeyStatus ApiKey::effectiveStatus(qint64 nowMs) const
{
    if (status == KeyStatus::CoolingDown && cooldownUntilMs <= nowMs)
        return KeyStatus::Active;
    return status;
}

QString ApiKey::statusName(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Active:
        return QStringLiteral("active");
    case KeyStatus::CoolingDown:
        return QStringLiteral("cooling_down");
    case KeyStatus::Disabled:
        return QStringLiteral("disabled");
    }
    return QStringLiteral("active");
}

KeyStatus ApiKey::statusFromName(const QString& name, bool* ok)
{
    const QString n = name.trimmed().toLower();
    bool found = true;
    KeyStatus status = KeyStatus::Active;
    if (n == QLatin1String("active"))
        status = KeyStatus::Active;
    else if (n == QLatin1String("cooling_down"))
        status = KeyStatus::CoolingDown;
    else if (n == QLatin1String("disabled"))
        status = KeyStatus::Disabled;
    else
        found = false;
    if (ok)
        *ok = found;
    return status;
}

bool ApiKey::looksLikeKey(QStringView text)
{
    constexpr qsizetype KeyLength = 39;
    if (text.size() != KeyLength || !text.startsWith(QLatin1String("AIza")))
        return false;
    for (qsizetype i = 4; i < KeyLength; ++i) {
        const char16_t c = text[i].unicode();
        const bool ok =
            (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_' || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace egb
