#include "ProxySnippets.h"

namespace egb {

QList<ProxySnippets::Kind> ProxySnippets::kinds()
{
    return {Kind::Python, Kind::JavaScript, Kind::Curl, Kind::OpenAi};
}

QString ProxySnippets::id(Kind kind)
{
    switch (kind) {
    case Kind::Python:
        return QStringLiteral("python");
    case Kind::JavaScript:
        return QStringLiteral("javascript");
    case Kind::Curl:
        return QStringLiteral("curl");
    case Kind::OpenAi:
        return QStringLiteral("openai");
    }
    return {};
}

QString ProxySnippets::title(Kind kind)
{
    switch (kind) {
    case Kind::Python:
        return tr("Python (google-genai)");
    case Kind::JavaScript:
        return tr("JavaScript (@google/genai)");
    case Kind::Curl:
        return tr("curl");
    case Kind::OpenAi:
        return tr("OpenAI client");
    }
    return {};
}

QString ProxySnippets::note(Kind kind)
{
    switch (kind) {
    case Kind::Python:
        return tr("Install the SDK with: pip install google-genai");
    case Kind::JavaScript:
        return tr("Install the SDK with: npm install @google/genai");
    case Kind::Curl:
        return tr("Any HTTP client works the same: the token goes where a Gemini key would.");
    case Kind::OpenAi:
        return tr("pip install openai. Chat apps and editors that speak the OpenAI API take "
                  "the same base URL and token.");
    }
    return {};
}

QString ProxySnippets::code(Kind kind, const QString& address, const QString& model, const QString& token)
{
    const QString key = token.isEmpty() ? QString::fromLatin1(TokenPlaceholder) : token;
    QString text;
    switch (kind) {
    case Kind::Python:
        text = QStringLiteral("from google import genai\n"                                    // notr: code
                              "from google.genai import types\n"                              // notr: code
                              "\n"                                                            // notr: code
                              "client = genai.Client(\n"                                      // notr: code
                              "    api_key=\"%TOKEN%\",\n"                                    // notr: code
                              "    http_options=types.HttpOptions(base_url=\"%ADDRESS%\"),\n" // notr: code
                              ")\n"                                                           // notr: code
                              "response = client.models.generate_content(\n"                  // notr: code
                              "    model=\"%MODEL%\", contents=\"Hello\"\n"                   // notr: code
                              ")\n"                                                           // notr: code
                              "print(response.text)\n");                                      // notr: code
        break;
    case Kind::JavaScript:
        text = QStringLiteral("import { GoogleGenAI } from \"@google/genai\";\n"     // notr: code
                              "\n"                                                   // notr: code
                              "const ai = new GoogleGenAI({\n"                       // notr: code
                              "  apiKey: \"%TOKEN%\",\n"                             // notr: code
                              "  httpOptions: { baseUrl: \"%ADDRESS%\" },\n"         // notr: code
                              "});\n"                                                // notr: code
                              "const response = await ai.models.generateContent({\n" // notr: code
                              "  model: \"%MODEL%\",\n"                              // notr: code
                              "  contents: \"Hello\",\n"                             // notr: code
                              "});\n"                                                // notr: code
                              "console.log(response.text);\n");                      // notr: code
        break;
    case Kind::Curl:
        text = QStringLiteral("curl \"%ADDRESS%/v1beta/models/%MODEL%:generateContent\" \\\n"  // notr: code
                              "  -H \"x-goog-api-key: %TOKEN%\" \\\n"                          // notr: code
                              "  -H \"Content-Type: application/json\" \\\n"                   // notr: code
                              "  -d '{\"contents\":[{\"parts\":[{\"text\":\"Hello\"}]}]}'\n"); // notr: code
        break;
    case Kind::OpenAi:
        text = QStringLiteral("from openai import OpenAI\n"                                              // notr: code
                              "\n"                                                                       // notr: code
                              "client = OpenAI(api_key=\"%TOKEN%\", base_url=\"%ADDRESS%/openai/v1\")\n" // notr: code
                              "reply = client.chat.completions.create(\n"                                // notr: code
                              "    model=\"%MODEL%\",\n"                                                 // notr: code
                              "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"           // notr: code
                              ")\n"                                                                      // notr: code
                              "print(reply.choices[0].message.content)\n");                              // notr: code
        break;
    }
    text.replace(QLatin1String("%ADDRESS%"), address);
    text.replace(QLatin1String("%MODEL%"), model);
    text.replace(QLatin1String("%TOKEN%"), key);
    return text;
}

} // namespace egb
