#include "ModelLimits.h"

#include <QTest>

using namespace egb;

class TestModelLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theLongestFamilyWins()
    {
        ModelLimits m;
        m.set(QStringLiteral("gemini-2.5-flash"), {10, 250'000, 250});
        m.set(QStringLiteral("gemini-2.5-flash-lite"), {15, 0, 1000});
        QCOMPARE(m.limitsFor(QStringLiteral("gemini-2.5-flash")).rpm, 10);
        QCOMPARE(m.limitsFor(QStringLiteral("models/gemini-2.5-flash-preview-05-20")).rpm, 10);
        QCOMPARE(m.limitsFor(QStringLiteral("gemini-2.5-flash-lite")).rpm, 15);
        QVERIFY(m.limitsFor(QStringLiteral("gemini-2.5-pro")).isEmpty());
        m.set(QStringLiteral("gemini-2.5-flash"), {});
        QCOMPARE(m.entries().size(), 1);
    }

    void textRoundTripsAndBadLinesAreNamed()
    {
        const ModelLimits free = ModelLimits::preset(ModelLimits::Preset::FreeTier);
        QCOMPARE(free.limitsFor(QStringLiteral("gemini-2.5-pro")), (QuotaLimits{5, 250'000, 100}));
        const auto back = ModelLimits::fromText(free.toText());
        QVERIFY(back);
        QCOMPARE(*back, free);
        const auto parsed = ModelLimits::fromText(
            QStringLiteral("# mine\n\ngemini-2.5-pro: 5/min, 25/day\nmodels/gemini-x: 1000 tokens/min\n"));
        QVERIFY(parsed);
        QCOMPARE(parsed->limitsFor(QStringLiteral("gemini-2.5-pro")), (QuotaLimits{5, 0, 25}));
        QCOMPARE(parsed->limitsFor(QStringLiteral("gemini-x")), (QuotaLimits{0, 1000, 0}));
        QString error;
        QVERIFY(!ModelLimits::fromText(QStringLiteral("gemini-2.5-pro: 5/min\ngemini-2.5-flash: lots"), &error));
        QVERIFY2(error.contains(QLatin1String("Line 2")), qPrintable(error));
        QVERIFY(!ModelLimits::fromText(QStringLiteral("gemini-2.5-pro: -5/min")));
        QVERIFY(!ModelLimits::fromText(QStringLiteral(": 5/min")));
        QVERIFY(!ModelLimits::fromText(QStringLiteral("gemini-2.5-pro: 5 tokens/day")));
    }
};

QTEST_GUILESS_MAIN(TestModelLimits)
#include "tst_modellimits.moc"
