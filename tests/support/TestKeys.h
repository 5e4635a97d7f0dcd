#pragma once

#include <QString>

namespace egb::test {

/// A key-shaped string ("AIza" + 35 characters) derived from `index`, generated at run time (never a real key).
inline QString testKey(int index)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString key = QStringLiteral("AIza");
    quint64 x = quint64(index) * 0x9E3779B97F4A7C15ull + 12345;
    for (int i = 0; i < 35; ++i) {
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 27;
        key += QLatin1Char(alphabet[x % 64]);
    }
    return key;
}

} // namespace egb::test
