#include "Outcome.h"

#include <QTest>

using namespace egb;

class TestOutcome : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void successCarriesLatencyAndUsage()
    {
        TokenUsage usage{10, 20, 5, 35};
        const Outcome o = Outcome::success(123, usage);
        QVERIFY(o.isSuccess());
        QCOMPARE(o.httpStatus, 200);
        QCOMPARE(o.latencyMs, 123);
        QCOMPARE(o.usage, usage);
        QCOMPARE(o.retryDelayMs, -1);
    }

    void failureCarriesClassStatusAndMessage()
    {
        const Outcome o = Outcome::failure(OutcomeClass::RateLimited, 429, QStringLiteral("quota"));
        QVERIFY(!o.isSuccess());
        QCOMPARE(o.kind, OutcomeClass::RateLimited);
        QCOMPARE(o.httpStatus, 429);
        QCOMPARE(o.message, QStringLiteral("quota"));
    }

    void classNamesAreStable()
    {
        QCOMPARE(Outcome::className(OutcomeClass::Success), QStringLiteral("success"));
        QCOMPARE(Outcome::className(OutcomeClass::KeyInvalid), QStringLiteral("key_invalid"));
        QCOMPARE(Outcome::className(OutcomeClass::RateLimited), QStringLiteral("rate_limited"));
        QCOMPARE(Outcome::className(OutcomeClass::ServerError), QStringLiteral("server_error"));
        QCOMPARE(Outcome::className(OutcomeClass::RequestError), QStringLiteral("request_error"));
        QCOMPARE(Outcome::className(OutcomeClass::Cancelled), QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestOutcome)
#include "tst_outcome.moc"
