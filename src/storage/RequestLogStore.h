#pragma once

#include "RequestLogEntry.h"

#include <QHash>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace egb {

/// What to read from the request log. Zero / empty fields do not filter.
struct RequestLogFilter
{
    qint64 sinceMs = 0; ///< attempts at or after this time
    qint64 untilMs = 0; ///< attempts before this time; 0 = no end
    qint64 keyId = 0;
    QString model;
    std::optional<RequestSource> source;
    std::optional<OutcomeClass> kind;
    qint64 afterId = 0; ///< only rows written after this one (a live view asks for what is new)
    int limit = 0;      ///< newest first; 0 = every row
};

/// A price per model, in any currency, per 1,000,000 tokens. Thinking tokens are billed as output.
struct ModelPrice
{
    QString model;
    double inputPerMillion = 0;
    double outputPerMillion = 0;
    bool operator==(const ModelPrice&) const = default;
};

/// The price table (empty by default): the estimated cost of tokens.
class PriceTable
{
public:
    PriceTable() = default;
    explicit PriceTable(const QList<ModelPrice>& prices);
    bool isEmpty() const { return m_prices.isEmpty(); }
    QList<ModelPrice> prices() const { return m_prices.values(); }
    /// The price of a model; a model "gemini-2.5-flash-001" falls back to the longest priced prefix.
    std::optional<ModelPrice> find(const QString& model) const;
    /// nullopt when the model has no price.
    std::optional<double> cost(const QString& model, qint64 promptTokens, qint64 answerTokens,
                               qint64 thinkingTokens) const;

private:
    QHash<QString, ModelPrice> m_prices;
};

/// Requests and tokens of one group (a key, project, model or day).
struct UsageRow
{
    QString group;
    qint64 keyId = 0; ///< grouped by key: its id
    qint64 requests = 0;
    qint64 ok = 0;
    qint64 failed = 0;
    qint64 promptTokens = 0;
    qint64 answerTokens = 0;
    qint64 thinkingTokens = 0;
    std::optional<double> cost; ///< estimated from the price table; nullopt when no model of the group is priced
    bool operator==(const UsageRow&) const = default;
};

enum class UsageGrouping
{
    Key,
    Project,
    Model,
    Day, ///< local calendar day, "2026-12-01"
};

/// One bucket of the roll-ups: attempts per class and tokens of one model.
struct RollupRow
{
    qint64 bucket = 0; ///< bucket number: (local minute) / bucket minutes
    QString model;
    OutcomeClass kind = OutcomeClass::Success;
    qint64 attempts = 0;
    qint64 promptTokens = 0;
    qint64 answerTokens = 0;
    qint64 thinkingTokens = 0;
};

/// A key and its failures in a range.
struct KeyFailures
{
    qint64 keyId = 0;
    QString keyMasked;
    QString project;
    qint64 attempts = 0;
    qint64 failures = 0;
};

/// The request log's tables in the pool's database: every attempt (`request_log`), roll-ups by model and class per
/// minute (`request_minutes`, two days) and per hour (`request_hours`), per day by key and model
/// (`request_key_days`), and the price table
/// (`model_prices`), and its settings (`request_log_settings`: the retention). Versioned as the component "requestlog"
/// (ComponentSchema).
///
/// The SQL is plain: INSERT ... ON CONFLICT DO UPDATE, CASE, integer division, so that a PostgreSQL backend can use
/// the same statements. Not thread-safe: one store per connection and thread (RequestLogWriter writes from its own).
///
/// Times are ms since the Unix epoch (UTC); the roll-ups hold minute = time_ms / 60000 and hour = time_ms / 3600000.
/// Reads of the roll-ups take a whole minute (or hour) as the unit: a range starts at the minute holding its start.
class RequestLogStore
{
public:
    static constexpr int SchemaVersion = 2;
    static constexpr int DefaultRetentionDays = 30;
    static constexpr qint64 MinuteMs = 60'000;
    static constexpr qint64 HourMs = 3'600'000;
    static constexpr qint64 DayMs = 86'400'000;

    RequestLogStore() = default;

    /// Uses the open connection `connectionName` and creates/migrates the tables.
    bool open(const QString& connectionName);
    bool isOpen() const { return !m_connection.isEmpty(); }
    QString connectionName() const { return m_connection; }
    QString lastError() const { return m_lastError; }

    /// Writes attempts and adds them to the roll-ups, in one transaction. Sets each entry's id.
    bool append(QList<RequestLogEntry>& entries);
    /// Deletes every attempt before `cutoffMs`, and the roll-up minutes and hours that end at or before it.
    /// Returns the attempts deleted, -1 on failure.
    qint64 prune(qint64 cutoffMs);
    /// Deletes the minute roll-up before `beforeMs` (the writer keeps two days of minutes; longer ranges read hours).
    bool pruneMinutes(qint64 beforeMs);
    static constexpr qint64 MinuteRollupMs = 2 * 86'400'000;

    /// Attempts matching the filter, newest first.
    QList<RequestLogEntry> entries(const RequestLogFilter& filter) const;
    qint64 count() const;
    /// The newest row id, 0 when the log is empty.
    qint64 lastId() const;

    /// Exact usage from the attempts themselves, biggest first (by day: oldest day first).
    /// `utcOffsetSecs` places local days (by day only).
    QList<UsageRow> usage(UsageGrouping by, qint64 sinceMs, const PriceTable& prices, qint64 untilMs = 0,
                          int utcOffsetSecs = 0) const;
    /// Usage of one key from the daily roll-up (from the UTC day holding sinceMs), one row per model.
    QList<UsageRow> keyUsage(qint64 keyId, qint64 sinceMs, const PriceTable& prices) const;

    /// The roll-up summed into buckets of `bucketMinutes` (local time: `utcOffsetSecs`), per model and class, for
    /// [sinceMs, untilMs). One scan: of the hourly roll-up when bucketMinutes is a multiple of 60 (an hour then
    /// falls into the bucket of its first minute), else of the minutes (kept two days, see pruneMinutes).
    QList<RollupRow> rollup(qint64 sinceMs, qint64 untilMs, int bucketMinutes, int utcOffsetSecs) const;
    /// The `n` keys with the most failures in total from sinceMs on, worst first, counted from the attempts
    /// themselves (exact; for short ranges: it reads every attempt of the range).
    QList<KeyFailures> topFailingKeys(qint64 sinceMs, int n) const;
    /// The same from the daily roll-up by key (for long ranges): the range starts at the UTC day holding sinceMs.
    QList<KeyFailures> topFailingKeysByDay(qint64 sinceMs, int n) const;

    /// Days of attempts to keep (a setting of the database, shared by the app and egb); 0 keeps everything.
    int retentionDays() const;
    bool setRetentionDays(int days);

    PriceTable prices() const;
    /// Replaces the price table (one transaction).
    bool setPrices(const QList<ModelPrice>& prices);

private:
    bool fail(const QString& what, const QString& sqlError) const;

    QString m_connection;
    mutable QString m_lastError;
};

} // namespace egb
