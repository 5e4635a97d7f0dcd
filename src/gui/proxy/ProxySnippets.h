#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace egb {

/// Copy-paste code that points a tool at the local proxy: the official Python and JS SDKs, curl and an OpenAI
/// client on /openai/v1, filled in with the proxy's address and a model. The token is a placeholder
/// (TokenPlaceholder) unless one is given: the Proxy page gives one only right after it was made.
class ProxySnippets
{
    Q_DECLARE_TR_FUNCTIONS(egb::ProxySnippets)
public:
    enum class Kind
    {
        Python,
        JavaScript,
        Curl,
        OpenAi,
    };
    static constexpr const char* TokenPlaceholder = "YOUR_ACCESS_TOKEN";

    static QList<Kind> kinds();
    /// "python", "javascript", "curl", "openai": for object names.
    static QString id(Kind kind);
    /// "Python (google-genai)", translated.
    static QString title(Kind kind);
    /// What to install first, translated ("pip install google-genai").
    static QString note(Kind kind);
    /// The code, for `address` ("http://127.0.0.1:8765"), `model` and `token` (empty: the placeholder).
    static QString code(Kind kind, const QString& address, const QString& model, const QString& token = {});
};

} // namespace egb
