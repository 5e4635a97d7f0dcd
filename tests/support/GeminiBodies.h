#pragma once

// Real Gemini answers (GEMINI_API.md) shared by tests. Kept out of test .cpp files: moc cannot read raw strings.

#include <QByteArray>

namespace egb::test {
inline const QByteArray kInvalidKey =
    R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API key not valid. Please pass a valid API key."}]}})";
inline const QByteArray kLeaked =
    R"({"error":{"code":403,"message":"Your API key was reported as leaked. Please use another API key.","status":"PERMISSION_DENIED"}})";
inline const QByteArray k429 =
    R"({"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details. ...\nPlease retry in 47.434392449s.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"location":"global","model":"gemini-2.0-flash"},"quotaValue":"15"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"38s"}]}})";
inline const QByteArray k503 =
    R"({"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}})";
inline const QByteArray kBadRequest =
    R"({"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\": Cannot find field.","status":"INVALID_ARGUMENT"}})";
inline const QByteArray k404 =
    R"({"error":{"code":404,"message":"models/x is not found for API version v1beta","status":"NOT_FOUND"}})";
inline const QByteArray kOkAnswer =
    R"({"candidates":[{"content":{"parts":[{"text":"thinking...","thought":true},{"text":"The sky"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":377,"totalTokenCount":383,"thoughtsTokenCount":12},"modelVersion":"gemini-2.0-flash","responseId":"pdSfaOurIPqAm9IPucqbqA4"})";
inline const QByteArray kBlocked =
    R"({"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":3}})";
inline const QByteArray kNoCandidates = R"({"usageMetadata":{"promptTokenCount":3}})";
inline const QByteArray kInternalEvent =
    R"({"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}})";
inline const QByteArray kQuotaEvent = R"({"error":{"message":"quota","status":"RESOURCE_EXHAUSTED"}})";
inline const QByteArray kUnknownEvent = R"({"error":{"message":"?","status":"UNKNOWN"}})";

} // namespace egb::test
