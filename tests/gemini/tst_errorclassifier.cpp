#include "ErrorClassifier.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>

#include "GeminiBodies.h"

using namespace egb;

using namespace egb::test;

class TestErrorClassifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realBodies()
    {
        Outcome o = ErrorClassifier::classifyHttp(400, kInvalidKey);
        QCOMPARE(o.kind, OutcomeClass::KeyInvalid);
        QCOMPARE(o.reason, QStringLiteral("API_KEY_INVALID"));
        QCOMPARE(o.googleStatus, QStringLiteral("INVALID_ARGUMENT"));
        QCOMPARE(o.message, QStringLiteral("API key not valid. Please pass a valid API key."));
        QCOMPARE(o.httpStatus, 400);

        o = ErrorClassifier::classifyHttp(403, kLeaked);
        QCOMPARE(o.kind, OutcomeClass::KeyInvalid);
        QVERIFY(o.message.contains(QLatin1String("leaked")));

        // A file of another project (Files API): the request's fault, not the key's; no key gets disabled for it.
        o = ErrorClassifier::classifyHttp(
            403, QByteArrayLiteral(R"({"error":{"code":403,"message":"You do not have permission to access the File )"
                                   R"(abc123 or it may not exist.","status":"PERMISSION_DENIED"}})"));
        QCOMPARE(o.kind, OutcomeClass::RequestError);
        QCOMPARE(o.httpStatus, 403);

        o = ErrorClassifier::classifyHttp(429, k429);
        QCOMPARE(o.kind, OutcomeClass::RateLimited);
        QCOMPARE(o.retryDelayMs, 38'000);
        QCOMPARE(o.quotaId, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"));
        QCOMPARE(o.googleStatus, QStringLiteral("RESOURCE_EXHAUSTED"));

        o = ErrorClassifier::classifyHttp(503, k503);
        QCOMPARE(o.kind, OutcomeClass::ServerError);
        QCOMPARE(o.message, QStringLiteral("The model is overloaded. Please try again later."));
        QCOMPARE(o.retryDelayMs, -1);

        o = ErrorClassifier::classifyHttp(400, kBadRequest);
        QCOMPARE(o.kind, OutcomeClass::RequestError);
        QVERIFY(o.reason.isEmpty());

        o = ErrorClassifier::classifyHttp(404, k404);
        QCOMPARE(o.kind, OutcomeClass::RequestError);
    }

    void aKeyQuotedInTheMessageIsMasked()
    {
        // A proxy (or an older endpoint) that quotes the request URL with ?key=: the message is kept, the key not.
        const QString key = QStringLiteral("AIza") + QString(35, QLatin1Char('Q'));
        const QByteArray body =
            "{\"error\":{\"code\":400,\"message\":\"Bad request for /v1beta/models?key=" + key.toLatin1() +
            " (API key not valid)\",\"status\":\"INVALID_ARGUMENT\"}}";
        const Outcome o = ErrorClassifier::classifyHttp(400, body);
        QVERIFY(!o.message.contains(key.mid(4, 12)));
        QVERIFY2(o.message.contains(QStringLiteral("?key=AIza\u2026QQQQ (API key not valid)")), qPrintable(o.message));
        // Stream error events take the same path.
        const Outcome event = ErrorClassifier::classifyErrorObject(QJsonDocument::fromJson(body).object(), 200);
        QVERIFY(!event.message.contains(key.mid(4, 12)));
    }

    void dailyQuotaIdWins()
    {
        QByteArray body = k429;
        body.replace("GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                     "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        body.replace("\"38s\"", "\"45.837906927s\"");
        const Outcome o = ErrorClassifier::classifyHttp(429, body);
        QCOMPARE(o.kind, OutcomeClass::RateLimited);
        QVERIFY(o.quotaId.contains(QLatin1String("PerDay")));
        QCOMPARE(o.retryDelayMs, 45'838);
    }

    void everyViolationIsRead()
    {
        // Three violations at once (GEMINI_API.md): daily, per-minute and input tokens, for one model; retryDelay 0s.
        const QByteArray body =
            R"({"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.5-pro"},"quotaValue":"5"},{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.5-pro"},"quotaValue":"100"},{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_input_token_count","quotaId":"GenerateContentInputTokensPerModelPerMinute-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.5-pro"},"quotaValue":"250000"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0s"}]}})";
        const Outcome o = ErrorClassifier::classifyHttp(429, body);
        QCOMPARE(o.kind, OutcomeClass::RateLimited);
        QCOMPARE(o.retryDelayMs, 0);
        QCOMPARE(o.violations.size(), 3);
        QCOMPARE(o.violations[0].quotaId, QStringLiteral("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"));
        QCOMPARE(o.violations[0].model, QStringLiteral("gemini-2.5-pro"));
        QCOMPARE(o.violations[0].quotaValue, 5);
        QVERIFY(o.violations[1].isDaily());
        QCOMPARE(o.violations[1].quotaValue, 100);
        QVERIFY(o.violations[2].countsTokens());
        QCOMPARE(o.violations[2].quotaValue, 250'000);
        QVERIFY(o.quotaId.contains(QLatin1String("PerDay"))); // the deciding one
    }

    void quotaValueZeroMeansNotOffered()
    {
        QByteArray body = k429;
        body.replace("\"quotaValue\":\"15\"", "\"quotaValue\":\"0\"");
        const Outcome o = ErrorClassifier::classifyHttp(429, body);
        QCOMPARE(o.violations.size(), 1);
        QVERIFY(o.violations[0].notOffered());
        QCOMPARE(o.violations[0].model, QStringLiteral("gemini-2.0-flash"));
        QByteArray noValue = k429;
        noValue.replace(",\"quotaValue\":\"15\"", "");
        QCOMPARE(ErrorClassifier::classifyHttp(429, noValue).violations.value(0).quotaValue, -1);
    }

    void quotaValueAsANumberOutOfRangeIsNoValue()
    {
        // The fuzzer's find: a number past int64 was cast to an integer (undefined behaviour, caught by UBSan).
        const auto valueFor = [](const char* number) {
            QByteArray body = k429;
            body.replace("\"quotaValue\":\"15\"", QByteArray("\"quotaValue\":") + number);
            return ErrorClassifier::classifyHttp(429, body).violations.value(0).quotaValue;
        };
        QCOMPARE(valueFor("15"), 15);
        QCOMPARE(valueFor("1e308"), -1);
        QCOMPARE(valueFor("-1e308"), -1);
        QCOMPARE(valueFor("9223372036854775808"), -1);
        QCOMPARE(valueFor("-3"), -1);
        QCOMPARE(valueFor("1e15"), qint64(1'000'000'000'000'000));
    }

    void overloadedIsTheModelsProblem()
    {
        QVERIFY(ErrorClassifier::classifyHttp(503, k503).overloaded);
        QVERIFY(ErrorClassifier::classifyHttp(503, "<html>busy</html>").overloaded);
        QVERIFY(!ErrorClassifier::classifyHttp(500, "").overloaded);
        QVERIFY(!ErrorClassifier::classifyHttp(429, k429).overloaded);
    }

    void statusTable_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::newRow("400") << 400 << int(OutcomeClass::RequestError);
        QTest::newRow("401") << 401 << int(OutcomeClass::KeyInvalid);
        QTest::newRow("402") << 402 << int(OutcomeClass::KeyInvalid);
        QTest::newRow("403") << 403 << int(OutcomeClass::KeyInvalid);
        QTest::newRow("404") << 404 << int(OutcomeClass::RequestError);
        QTest::newRow("408") << 408 << int(OutcomeClass::ServerError);
        QTest::newRow("429") << 429 << int(OutcomeClass::RateLimited);
        QTest::newRow("499") << 499 << int(OutcomeClass::ServerError);
        QTest::newRow("500") << 500 << int(OutcomeClass::ServerError);
        QTest::newRow("502") << 502 << int(OutcomeClass::ServerError);
        QTest::newRow("503") << 503 << int(OutcomeClass::ServerError);
        QTest::newRow("504") << 504 << int(OutcomeClass::ServerError);
    }
    void statusTable()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        // Non-JSON, HTML, empty and truncated bodies: classified by status alone.
        const QList<QByteArray> bodies{QByteArray(), "<!DOCTYPE html><html><title>Error 502</title></html>",
                                       "{\"error\":{\"code\":", "upstream connect error"};
        for (const QByteArray& body : bodies) {
            const Outcome o = ErrorClassifier::classifyHttp(status, body);
            QCOMPARE(int(o.kind), kind);
            QCOMPARE(o.httpStatus, status);
            QVERIFY(!o.message.isEmpty());
        }
        QCOMPARE(int(ErrorClassifier::classForStatus(status)), kind);
    }

    void statusBeatsBodyCode()
    {
        // A proxy answering 503 around a body that says 400 is still a server fault.
        QCOMPARE(ErrorClassifier::classifyHttp(503, kBadRequest).kind, OutcomeClass::ServerError);
        // 400 needs ErrorInfo API_KEY_INVALID to blame the key.
        QCOMPARE(ErrorClassifier::classifyHttp(400, kInvalidKey).kind, OutcomeClass::KeyInvalid);
    }

    void retryAfterHeader()
    {
        const qint64 now = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(ErrorClassifier::parseRetryAfter("120", now), 120'000);
        QCOMPARE(ErrorClassifier::parseRetryAfter("Thu, 02 Jan 2025 03:04:35 GMT", now), 30'000);
        QCOMPARE(ErrorClassifier::parseRetryAfter("Thu, 02 Jan 2025 03:00:00 GMT", now), 0); // in the past
        QCOMPARE(ErrorClassifier::parseRetryAfter("soon", now), -1);
        QCOMPARE(ErrorClassifier::parseRetryAfter("-5", now), -1);
        // Found by fuzz_response: absurd values are malformed, not a delay of centuries (or an overflow).
        QCOMPARE(ErrorClassifier::parseRetryAfter("1000000000", now), ErrorClassifier::MaxRetryDelayMs);
        QCOMPARE(ErrorClassifier::parseRetryAfter("9999999999", now), -1);
        QCOMPARE(ErrorClassifier::parseRetryAfter("9223372036854775807", now), -1);
        QCOMPARE(ErrorClassifier::parseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now), -1);
        QCOMPARE(ErrorClassifier::classifyHttp(404, "", "9999999999", now).retryDelayMs, -1);
        // Used when the body has no RetryInfo; RetryInfo wins otherwise.
        Outcome o = ErrorClassifier::classifyHttp(429, "", "7", now);
        QCOMPARE(o.kind, OutcomeClass::RateLimited);
        QCOMPARE(o.retryDelayMs, 7'000);
        o = ErrorClassifier::classifyHttp(429, k429, "7", now);
        QCOMPARE(o.retryDelayMs, 38'000);
    }

    void durations()
    {
        QCOMPARE(ErrorClassifier::parseDuration(u"38s"), 38'000);
        QCOMPARE(ErrorClassifier::parseDuration(u"45.837906927s"), 45'838);
        QCOMPARE(ErrorClassifier::parseDuration(u"0.250s"), 250);
        QCOMPARE(ErrorClassifier::parseDuration(u"1.5s"), 1'500);
        QCOMPARE(ErrorClassifier::parseDuration(u"0s"), 0);
        QCOMPARE(ErrorClassifier::parseDuration(u""), -1);
        QCOMPARE(ErrorClassifier::parseDuration(u"s"), -1);
        QCOMPARE(ErrorClassifier::parseDuration(u"-3s"), -1);
        QCOMPARE(ErrorClassifier::parseDuration(u"abc"), -1);
        QCOMPARE(ErrorClassifier::parseDuration(u"1000000000s"), ErrorClassifier::MaxRetryDelayMs);
        QCOMPARE(ErrorClassifier::parseDuration(u"1000000000.5s"), -1);
    }

    void successfulAnswers()
    {
        const QByteArray ok = kOkAnswer;
        const auto response = GenerateResponse::parse(ok);
        QVERIFY(response);
        QCOMPARE(response->text, QStringLiteral("The sky"));
        QCOMPARE(response->thoughtText, QStringLiteral("thinking..."));
        QCOMPARE(response->finishReason, QStringLiteral("STOP"));
        QCOMPARE(response->usage.promptTokens, 6);
        QCOMPARE(response->usage.candidatesTokens, 377);
        QCOMPARE(response->usage.thoughtsTokens, 12);
        QCOMPARE(response->usage.totalTokens, 383);
        QCOMPARE(response->modelVersion, QStringLiteral("gemini-2.0-flash"));
        QCOMPARE(response->responseId, QStringLiteral("pdSfaOurIPqAm9IPucqbqA4"));
        const Outcome o = ErrorClassifier::classifyHttp(200, ok);
        QCOMPARE(o.kind, OutcomeClass::Success);
        QCOMPARE(o.usage.totalTokens, 383);
    }

    void blockedAndEmptyAnswers()
    {
        const Outcome blocked = ErrorClassifier::classifyHttp(200, kBlocked);
        QCOMPARE(blocked.kind, OutcomeClass::RequestError);
        QCOMPARE(blocked.reason, QStringLiteral("PROHIBITED_CONTENT"));
        QVERIFY(blocked.message.contains(QLatin1String("PROHIBITED_CONTENT")));

        const Outcome empty = ErrorClassifier::classifyHttp(200, kNoCandidates);
        QCOMPARE(empty.kind, OutcomeClass::ServerError);
        QCOMPARE(ErrorClassifier::classifyHttp(200, "{\"candidates\":[]}").kind, OutcomeClass::ServerError);
        QCOMPARE(ErrorClassifier::classifyHttp(200, "{\"candidates\":[{\"content\":").kind, OutcomeClass::ServerError);
        QCOMPARE(ErrorClassifier::classifyHttp(200, "").kind, OutcomeClass::ServerError);
        QCOMPARE(ErrorClassifier::classifyHttp(200, "<html></html>").kind, OutcomeClass::ServerError);
    }

    void errorEnvelopeInsideA200()
    {
        // A mid-stream error event carries no HTTP status of its own: the Google status decides.
        const auto classify = [](const QByteArray& json) {
            return ErrorClassifier::classifyErrorObject(QJsonDocument::fromJson(json).object(), 200);
        };
        QCOMPARE(classify(kInternalEvent).kind, OutcomeClass::ServerError);
        QCOMPARE(classify(kQuotaEvent).kind, OutcomeClass::RateLimited);
        QCOMPARE(classify(kUnknownEvent).kind, OutcomeClass::ServerError);
        QVERIFY(ErrorClassifier::isErrorEnvelope(k503));
        QVERIFY(!ErrorClassifier::isErrorEnvelope("{\"candidates\":[]}"));
        QVERIFY(!ErrorClassifier::isErrorEnvelope("<html>"));
    }

    void transport()
    {
        QCOMPARE(ErrorClassifier::classifyTransport(QNetworkReply::RemoteHostClosedError, QStringLiteral("closed"),
                                                    false, false)
                     .kind,
                 OutcomeClass::ServerError);
        QCOMPARE(ErrorClassifier::classifyTransport(QNetworkReply::ConnectionRefusedError, QStringLiteral("refused"),
                                                    false, false)
                     .kind,
                 OutcomeClass::ServerError);
        const Outcome timeout =
            ErrorClassifier::classifyTransport(QNetworkReply::OperationCanceledError, QString(), true, false);
        QCOMPARE(timeout.kind, OutcomeClass::ServerError);
        QVERIFY(timeout.message.contains(QLatin1String("timed out")));
        QCOMPARE(timeout.httpStatus, 0);
        QCOMPARE(ErrorClassifier::classifyTransport(QNetworkReply::OperationCanceledError, QString(), false, true).kind,
                 OutcomeClass::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "tst_errorclassifier.moc"
