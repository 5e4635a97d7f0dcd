#include "BatchRunSettings.h"

#include <QJsonDocument>

namespace egb {

namespace {
const QString FieldSource = QStringLiteral("source");
const QString FieldFingerprint = QStringLiteral("fingerprint");
const QString FieldInput = QStringLiteral("input");
const QString FieldSystem = QStringLiteral("systemInstruction");
const QString FieldTemperature = QStringLiteral("temperature");
const QString FieldMaxTokens = QStringLiteral("maxOutputTokens");
} // namespace

QJsonObject BatchRunSettings::toJson() const
{
    QJsonObject o;
    if (!source.isEmpty())
        o.insert(FieldSource, source);
    if (!fingerprint.isEmpty())
        o.insert(FieldFingerprint, fingerprint);
    if (!input.isEmpty())
        o.insert(FieldInput, input);
    if (!systemInstruction.isEmpty())
        o.insert(FieldSystem, systemInstruction);
    if (temperature)
        o.insert(FieldTemperature, *temperature);
    if (maxOutputTokens)
        o.insert(FieldMaxTokens, *maxOutputTokens);
    return o;
}

BatchRunSettings BatchRunSettings::fromJson(const QJsonObject& json)
{
    BatchRunSettings s;
    s.source = json.value(FieldSource).toString();
    s.fingerprint = json.value(FieldFingerprint).toString();
    s.input = json.value(FieldInput).toString();
    s.systemInstruction = json.value(FieldSystem).toString();
    if (json.value(FieldTemperature).isDouble())
        s.temperature = json.value(FieldTemperature).toDouble();
    // The app wrote 0 for "the model's default" before the settings were typed.
    if (json.value(FieldMaxTokens).isDouble() && json.value(FieldMaxTokens).toInt() > 0)
        s.maxOutputTokens = json.value(FieldMaxTokens).toInt();
    return s;
}

QString BatchRunSettings::toJsonText() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

BatchRunSettings BatchRunSettings::fromJsonText(const QString& text)
{
    return fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

} // namespace egb
