#include "ApiKey.h"

#include <QTest>

using namespace egb;

namespace {
QString generatedKey(int i)
{
    return QStringLiteral("AIza") + QString::number(i).rightJustified(35, QLatin1Char('k'));
}
} // namespace

class TestApiKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void maskShowsOnlyBothEnds()
    {
        const QString key = generatedKey(1234);
        const QString masked = ApiKey::mask(key);
        QCOMPARE(masked, QStringLiteral("AIza\u20261234"));
        QVERIFY(!masked.contains(key.mid(4, 20)));
        ApiKey k;
        k.secret = key;
        QCOMPARE(k.masked(), masked);
    }

    void maskHidesShortStrings_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("empty") << QString();
        QTest::newRow("one") << QStringLiteral("a");
        QTest::newRow("eight") << QStringLiteral("abcdefgh");
        QTest::newRow("eleven") << QStringLiteral("abcdefghijk");
    }
    void maskHidesShortStrings()
    {
        QFETCH(QString, secret);
        QCOMPARE(ApiKey::mask(secret), QStringLiteral("\u2026"));
    }

    void looksLikeKey_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("expected");
        QTest::newRow("generated") << generatedKey(7) << true;
        QTest::newRow("dash and underscore") << QStringLiteral("AIza") + QString(35, QLatin1Char('-')) << true;
        QTest::newRow("underscore") << QStringLiteral("AIza") + QString(35, QLatin1Char('_')) << true;
        QTest::newRow("too short") << generatedKey(7).left(38) << false;
        QTest::newRow("too long") << generatedKey(7) + QLatin1Char('x') << false;
        QTest::newRow("wrong prefix") << QStringLiteral("AIzb") + QString(35, QLatin1Char('k')) << false;
        QTest::newRow("space inside") << QStringLiteral("AIza") + QString(34, QLatin1Char('k')) + QLatin1Char(' ')
                                      << false;
        QTest::newRow("non-ascii") << QStringLiteral("AIza") + QString(34, QLatin1Char('k')) + QChar(0x00e9) << false;
        QTest::newRow("empty") << QString() << false;
    }
    void looksLikeKey()
    {
        QFETCH(QString, text);
        QFETCH(bool, expected);
        QCOMPARE(ApiKey::looksLikeKey(text), expected);
    }

    void statusNamesRoundTrip()
    {
        for (KeyStatus s : {KeyStatus::Active, KeyStatus::CoolingDown, KeyStatus::Disabled}) {
            bool ok = false;
            QCOMPARE(ApiKey::statusFromName(ApiKey::statusName(s), &ok), s);
            QVERIFY(ok);
        }
        QCOMPARE(ApiKey::statusName(KeyStatus::CoolingDown), QStringLiteral("cooling_down"));
        bool ok = true;
        ApiKey::statusFromName(QStringLiteral("broken"), &ok);
        QVERIFY(!ok);
    }

    void effectiveStatusReadsExpiredCooldownAsActive()
    {
        ApiKey k;
        k.status = KeyStatus::CoolingDown;
        k.cooldownUntilMs = 1000;
        QCOMPARE(k.effectiveStatus(999), KeyStatus::CoolingDown);
        QVERIFY(!k.isAvailableAt(999));
        QCOMPARE(k.effectiveStatus(1000), KeyStatus::Active);
        QVERIFY(k.isAvailableAt(1000));
        k.status = KeyStatus::Disabled;
        QVERIFY(!k.isAvailableAt(5000));
        QCOMPARE(k.effectiveStatus(5000), KeyStatus::Disabled);
    }
};

QTEST_GUILESS_MAIN(TestApiKey)
#include "tst_apikey.moc"
