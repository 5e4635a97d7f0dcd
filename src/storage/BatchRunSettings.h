#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace egb {

/// How a batch run sends its prompts, beyond the model, template and concurrency its row holds: typed, written by
/// the batch engine (BatchJob) for both faces and read back the same way. Kept as JSON in batch_runs.settings_json
/// with the field names both faces used before it was typed, so runs saved by earlier versions read back.
struct BatchRunSettings
{
    QString source;            ///< who started it: SourceApp or SourceCli
    QString fingerprint;       ///< what makes two runs the same run (BatchJob::fingerprint); empty for old app runs
    QString input;             ///< the prompt file's absolute path; empty for pasted prompts
    QString systemInstruction; ///< empty = none
    std::optional<double> temperature;
    std::optional<int> maxOutputTokens; ///< unset (or 0 when read) = the model's default

    static constexpr const char* SourceApp = "app";
    static constexpr const char* SourceCli = "egb batch";

    QJsonObject toJson() const;
    /// Unknown fields are ignored, missing ones stay unset; never fails.
    static BatchRunSettings fromJson(const QJsonObject& json);
    QString toJsonText() const;
    static BatchRunSettings fromJsonText(const QString& text);
    bool operator==(const BatchRunSettings&) const = default;
};

} // namespace egb
