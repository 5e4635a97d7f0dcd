#include "KeyFile.h"

#include "ApiKey.h"
#include "KeyPool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <optional>

namespace egb {

namespace {

constexpr qsizetype KeyLength = 39;
constexpr qsizetype MaxIssueText = 100;

inline bool isTokenChar(char16_t c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_' || c == u'-';
}

inline bool startsWithAIza(QStringView s)
{
    return s.size() >= 4 && s[0] == u'A' && s[1] == u'I' && s[2] == u'z' && s[3] == u'a';
}

/// The text of an issue: every run that could be (part of) a secret is masked, and long text is cut.
QString maskedText(QStringView text)
{
    text = text.trimmed();
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), MaxIssueText) + 8);
    qsizetype i = 0;
    while (i < text.size() && out.size() < MaxIssueText) {
        if (!isTokenChar(text[i].unicode())) {
            out += text[i++];
            continue;
        }
        qsizetype j = i;
        while (j < text.size() && isTokenChar(text[j].unicode()))
            ++j;
        const QStringView run = text.mid(i, j - i);
        if (run.contains(QLatin1String("AIza")) || run.size() >= 24)
            out += ApiKey::mask(run.toString());
        else
            out += run;
        i = j;
    }
    if (i < text.size())
        out += QChar(0x2026);
    return out;
}

/// A run of key characters that starts like a key (or hides one) but is not a valid key.
struct Malformed
{
    QStringView token;
    QString reason;
};

QString malformedReason(QStringView run)
{
    if (!startsWithAIza(run))
        return KeyFile::tr("a key glued to other text (a key must stand on its own)");
    if (run.size() < KeyLength)
        return KeyFile::tr("a truncated key (%n characters; a key has 39)", nullptr, int(run.size()));
    return KeyFile::tr("too long for a key (%n characters; a key has 39)", nullptr, int(run.size()));
}

/// True when `text` holds at least one key standing on its own.
bool holdsKey(QStringView text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isTokenChar(text[i].unicode())) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < n && isTokenChar(text[j].unicode()))
            ++j;
        if (j - i == KeyLength && startsWithAIza(text.mid(i)))
            return true;
        i = j;
    }
    return false;
}

/// How many keys standing on their own `text` holds.
int countKeys(QStringView text)
{
    int count = 0;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isTokenChar(text[i].unicode())) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < n && isTokenChar(text[j].unicode()))
            ++j;
        if (j - i == KeyLength && startsWithAIza(text.mid(i)))
            ++count;
        i = j;
    }
    return count;
}

constexpr qsizetype MaxLabelLength = 200; ///< a longer label from a file is cut here

/// A label or group from a file: one line, trimmed, at most MaxLabelLength characters.
QString detailText(QStringView text)
{
    return text.toString().simplified().left(MaxLabelLength);
}

/// A starting weight as a file gives it: a number above 0 and at most 1 ("0.5", "1", ".25").
std::optional<double> parseWeight(QStringView text)
{
    bool ok = false;
    const double weight = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(weight) || weight <= 0 || weight > 1)
        return std::nullopt;
    return weight;
}

QString badWeightReason()
{
    return KeyFile::tr("the weight is not a number above 0 and at most 1 (write KEY:0.5, or leave the weight out)");
}

QString noKeyReason()
{
    return KeyFile::tr("no Gemini key here (a key starts with \"AIza\" and has 39 characters)");
}

class Parser
{
public:
    Parser(ImportResult& result, const KeyFile::KnownPredicate& known)
        : r(result)
        , m_known(known)
    {}

    ImportResult& r;
    bool anyKey = false; ///< at least one valid key shape was seen (new or not)
    KeyDetails details;  ///< what the file says about the keys addKey() records now (label, group, weight)

    /// Finds every key in `text`. Keys are recorded; malformed key-like runs are returned.
    int scan(QStringView text, int line, QList<Malformed>* malformed)
    {
        int found = 0;
        const qsizetype n = text.size();
        qsizetype i = 0;
        while (i < n) {
            if (!isTokenChar(text[i].unicode())) {
                ++i;
                continue;
            }
            qsizetype j = i;
            while (j < n && isTokenChar(text[j].unicode()))
                ++j;
            const QStringView run = text.mid(i, j - i);
            if (run.size() == KeyLength && startsWithAIza(run)) {
                addKey(run, line);
                ++found;
            } else if (malformed && run.size() >= 4 && run.contains(QLatin1String("AIza"))) {
                malformed->append({run, malformedReason(run)});
            }
            i = j;
        }
        return found;
    }

    /// One unit of content (a line, a CSV row, a JSON value): keys are taken; content without any key is
    /// rejected, and so is a broken key next to good ones.
    void handle(QStringView text, int line, const QString& noKeyWhy = {})
    {
        QList<Malformed> malformed;
        const int found = scan(text, line, &malformed);
        if (found == 0) {
            if (!text.trimmed().isEmpty())
                reject(line, text,
                       malformed.isEmpty() ? (noKeyWhy.isEmpty() ? noKeyReason() : noKeyWhy)
                                           : malformed.first().reason);
            return;
        }
        for (const Malformed& m : std::as_const(malformed))
            reject(line, m.token, m.reason);
    }

    void addKey(QStringView key, int line)
    {
        anyKey = true;
        const QString secret = key.toString();
        const auto first = m_firstLine.constFind(secret);
        if (first != m_firstLine.cend()) {
            r.duplicates.append({line, ApiKey::mask(secret), KeyFile::tr("duplicate of line %1").arg(first.value())});
            return;
        }
        m_firstLine.insert(secret, line);
        if (m_known && m_known(secret)) {
            r.duplicates.append({line, ApiKey::mask(secret), KeyFile::tr("already in the pool")});
            return;
        }
        r.keys.append(secret);
        r.keyLines.append(line);
        r.keyDetails.append(details);
    }

    void reject(int line, QStringView text, const QString& reason)
    {
        r.rejected.append({line, maskedText(text), reason});
    }

private:
    QHash<QString, int> m_firstLine;
    const KeyFile::KnownPredicate& m_known;
};

/// The end of the line that starts at `from`: the index of its '\n' or '\r' (or text.size()).
qsizetype lineEnd(QStringView text, qsizetype from)
{
    const qsizetype n = text.size();
    while (from < n && text[from] != u'\n' && text[from] != u'\r')
        ++from;
    return from;
}

/// Where the line after the one ending at `end` starts: LF, CRLF and a lone CR each end one line.
qsizetype nextLineStart(QStringView text, qsizetype end)
{
    if (end < text.size() && text[end] == u'\r' && end + 1 < text.size() && text[end + 1] == u'\n')
        return end + 2;
    return end + 1;
}

/// Calls f(lineView, lineNumber) for each line; LF, CRLF and CR (old Mac files) all end a line.
template <typename F>
void forEachLine(QStringView text, F&& f)
{
    int line = 0;
    qsizetype start = 0;
    const qsizetype n = text.size();
    while (start <= n) {
        const qsizetype end = lineEnd(text, start);
        ++line;
        if (start == n && line > 1)
            break; // no phantom line after the final line break
        f(text.mid(start, end - start), line);
        start = nextLineStart(text, end);
    }
}

/// How many lines `bytes` ends (LF, CRLF or CR each count once).
int countLineBreaks(QByteArrayView bytes)
{
    int breaks = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')))
            ++breaks;
    }
    return breaks;
}

QStringView stripComment(QStringView line)
{
    const qsizetype hash = line.indexOf(u'#');
    return hash >= 0 ? line.left(hash) : line;
}

// --- plain text ------------------------------------------------------------------------------------------------------

/// True when `s` is one run of key characters (nothing else).
bool isSingleRun(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return isTokenChar(c.unicode()); });
}

/// A line that gives a key's weight or label: `KEY:WEIGHT`, `KEY, label` or `KEY:WEIGHT, label` (the key first,
/// standing on its own). Returns false, touching nothing, for any other line (e.g. "KEY1, KEY2": two keys).
bool parseDetailedLine(Parser& p, QStringView s, int line)
{
    if (s.size() <= KeyLength || !startsWithAIza(s) ||
        !std::all_of(s.begin(), s.begin() + KeyLength, [](QChar c) { return isTokenChar(c.unicode()); }))
        return false;
    const QStringView rest = s.mid(KeyLength).trimmed();
    if (rest.isEmpty() || (rest[0] != u':' && rest[0] != u','))
        return false;
    // Another key, or something that looks like a broken one, after the first: not a label; the usual rules apply.
    if (rest.contains(QLatin1String("AIza")))
        return false;
    KeyDetails details;
    QStringView labelPart;
    if (rest[0] == u':') {
        const qsizetype comma = rest.indexOf(u',');
        const QStringView weightText = (comma < 0 ? rest.mid(1) : rest.mid(1, comma - 1)).trimmed();
        if (!weightText.isEmpty()) {
            const std::optional<double> weight = parseWeight(weightText);
            if (!weight) {
                p.reject(line, s, badWeightReason());
                return true;
            }
            details.weight = *weight;
        }
        if (comma >= 0)
            labelPart = rest.mid(comma + 1);
    } else {
        labelPart = rest.mid(1);
    }
    details.label = detailText(labelPart);
    p.details = details;
    p.addKey(s.left(KeyLength), line);
    p.details = {};
    return true;
}

void parsePlain(Parser& p, QStringView text)
{
    QList<QStringView> lines;
    forEachLine(text, [&](QStringView line, int) { lines.append(stripComment(line).trimmed()); });
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringView s = lines.at(i);
        // A key wrapped over several lines (a copy from a narrow window or an e-mail): the lines are rejected
        // together, with a reason that says so. They are never joined silently: a key is taken as it stands.
        if (s.size() < KeyLength && startsWithAIza(s) && isSingleRun(s)) {
            qsizetype total = s.size();
            qsizetype j = i + 1;
            while (total < KeyLength && j < lines.size() && isSingleRun(lines.at(j)) && !startsWithAIza(lines.at(j)))
                total += lines.at(j++).size();
            if (total == KeyLength) {
                const QString why =
                    KeyFile::tr("a key split over lines %1 to %2 (put the whole key on one line)").arg(i + 1).arg(j);
                for (qsizetype k = i; k < j; ++k)
                    p.reject(int(k + 1), lines.at(k), why);
                i = j - 1;
                continue;
            }
        }
        if (!parseDetailedLine(p, s, int(i + 1)))
            p.handle(s, int(i + 1));
    }
}

// --- .env ------------------------------------------------------------------------------------------------------------

bool isKeyVariable(QStringView name)
{
    // GEMINI_API_KEY, GOOGLE_API_KEY, GEMINI_API_KEYS, and numbered variants: GEMINI_API_KEY_2, GEMINI_API_KEY2.
    QStringView rest;
    if (name.startsWith(QLatin1String("GEMINI_API_KEY")))
        rest = name.mid(14);
    else if (name.startsWith(QLatin1String("GOOGLE_API_KEY")))
        rest = name.mid(14);
    else
        return false;
    if (rest.startsWith(u'S'))
        rest = rest.mid(1);
    if (rest.startsWith(u'_'))
        rest = rest.mid(1);
    return std::all_of(rest.begin(), rest.end(), [](QChar c) { return c.isDigit(); });
}

bool isVariableName(QStringView name)
{
    if (name.isEmpty() || name[0].isDigit())
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'_' || c == u'.' || c == u'-';
    });
}

/// The value of NAME=VALUE: quotes removed; an unquoted value ends at " #".
QStringView envValue(QStringView raw)
{
    raw = raw.trimmed();
    if (raw.size() >= 1 && (raw[0] == u'"' || raw[0] == u'\'')) {
        const QChar quote = raw[0];
        const qsizetype close = raw.indexOf(quote, 1);
        return close > 0 ? raw.mid(1, close - 1) : raw.mid(1);
    }
    const qsizetype comment = raw.indexOf(QLatin1String(" #"));
    if (comment >= 0)
        raw = raw.left(comment);
    return raw.trimmed();
}

void parseEnv(Parser& p, QStringView text)
{
    forEachLine(text, [&](QStringView line, int n) {
        QStringView s = line.trimmed();
        if (s.isEmpty() || s.startsWith(u'#'))
            return;
        if (s.startsWith(QLatin1String("export ")) || s.startsWith(QLatin1String("export\t")))
            s = s.mid(7).trimmed();
        const qsizetype eq = s.indexOf(u'=');
        const QStringView name = eq > 0 ? s.left(eq).trimmed() : QStringView();
        if (eq <= 0 || !isVariableName(name)) {
            p.handle(stripComment(s), n, KeyFile::tr("not a NAME=value line, and no Gemini key in it"));
            return;
        }
        const QStringView value = envValue(s.mid(eq + 1));
        if (isKeyVariable(name)) {
            if (value.isEmpty()) {
                p.reject(n, s, KeyFile::tr("%1 is empty").arg(name.toString()));
                return;
            }
            QList<Malformed> malformed;
            const int found = p.scan(value, n, &malformed);
            if (found == 0) {
                const QString why = malformed.isEmpty() ? noKeyReason() : malformed.first().reason;
                p.reject(n, s, KeyFile::tr("%1 does not hold a valid key: %2").arg(name.toString(), why));
                return;
            }
            for (const Malformed& m : std::as_const(malformed))
                p.reject(n, m.token, m.reason);
            return;
        }
        // Another variable: take a key if it holds one (keys are recognised by shape), otherwise it is simply
        // another setting of the file, not an error.
        QList<Malformed> malformed;
        if (p.scan(value, n, &malformed) > 0) {
            for (const Malformed& m : std::as_const(malformed))
                p.reject(n, m.token, m.reason);
        }
    });
}

// --- CSV -------------------------------------------------------------------------------------------------------------

struct CsvRecord
{
    int line = 0;
    QStringList fields;
};

QChar guessDelimiter(QStringView firstLine)
{
    int comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (QChar c : firstLine) {
        if (c == u'"')
            quoted = !quoted;
        else if (!quoted && c == u',')
            ++comma;
        else if (!quoted && c == u';')
            ++semicolon;
        else if (!quoted && c == u'\t')
            ++tab;
    }
    if (tab > comma && tab > semicolon)
        return u'\t';
    if (semicolon > comma)
        return u';';
    return u',';
}

/// RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks.
QList<CsvRecord> parseCsvRecords(QStringView text, QChar delimiter)
{
    QList<CsvRecord> records;
    CsvRecord current;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    bool afterClosingQuote = false; ///< text after "..." stays apart from it: "AIza...x"yz is not the key AIza...xyz
    int line = 1;
    current.line = 1;
    auto endField = [&] {
        current.fields.append(field);
        field.clear();
        fieldStarted = false;
        afterClosingQuote = false;
    };
    auto endRecord = [&] {
        endField();
        const bool blank = current.fields.size() == 1 && current.fields.first().trimmed().isEmpty();
        if (!blank)
            records.append(std::move(current));
        current = CsvRecord();
        current.line = line;
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                    afterClosingQuote = true;
                }
            } else {
                if (c == u'\n' || (c == u'\r' && (i + 1 >= n || text[i + 1] != u'\n')))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == u'"' && !fieldStarted && field.trimmed().isEmpty()) {
            quoted = true;
            fieldStarted = true;
            field.clear();
        } else if (c == delimiter) {
            endField();
        } else if (c == u'\n' || (c == u'\r' && (i + 1 >= n || text[i + 1] != u'\n'))) {
            ++line;
            endRecord();
        } else if (c == u'\r') {
            // part of CRLF
        } else {
            if (afterClosingQuote && !c.isSpace()) {
                field += u'"'; // the quote stays, as a separator
                afterClosingQuote = false;
            }
            field += c;
        }
    }
    if (!field.isEmpty() || !current.fields.isEmpty())
        endRecord();
    return records;
}

void parseCsv(Parser& p, QStringView text)
{
    const QStringView first = text.left(lineEnd(text, 0));
    const QList<CsvRecord> records = parseCsvRecords(text, guessDelimiter(first));
    if (records.isEmpty())
        return;
    // The first record is the header unless it already holds a key.
    qsizetype start = 0;
    const QStringList& header = records.first().fields;
    if (std::none_of(header.begin(), header.end(), [](const QString& f) { return holdsKey(f); }))
        start = 1;
    // The header's label, group and weight columns (-1: none), as KeyExporter writes them and people name them.
    const auto column = [&](std::initializer_list<QLatin1String> names) -> qsizetype {
        if (start == 0)
            return -1;
        for (qsizetype c = 0; c < header.size(); ++c) {
            const QString name = header.at(c).trimmed();
            for (const QLatin1String& n : names)
                if (name.compare(n, Qt::CaseInsensitive) == 0)
                    return c;
        }
        return -1;
    };
    const qsizetype labelColumn = column({QLatin1String("label"), QLatin1String("name")});
    const qsizetype groupColumn = column({QLatin1String("group"), QLatin1String("project")});
    const qsizetype weightColumn = column({QLatin1String("weight")});
    for (qsizetype i = start; i < records.size(); ++i) {
        const CsvRecord& rec = records.at(i);
        // A row with one key takes its label, group and weight from their columns (not from the key's own).
        qsizetype keyColumn = -1;
        int keysInRow = 0;
        for (qsizetype c = 0; c < rec.fields.size(); ++c) {
            const int n = countKeys(rec.fields.at(c));
            if (n > 0)
                keyColumn = c;
            keysInRow += n;
        }
        KeyDetails details;
        if (keysInRow == 1) {
            const auto cell = [&](qsizetype c) {
                return c >= 0 && c != keyColumn && c < rec.fields.size() ? QStringView(rec.fields.at(c))
                                                                         : QStringView();
            };
            details.label = detailText(cell(labelColumn));
            details.group = detailText(cell(groupColumn));
            const QStringView weightText = cell(weightColumn).trimmed();
            if (!weightText.isEmpty()) {
                const std::optional<double> weight = parseWeight(weightText);
                if (!weight) {
                    p.reject(rec.line, rec.fields.join(QLatin1Char(',')), badWeightReason());
                    continue;
                }
                details.weight = *weight;
            }
        }
        QList<Malformed> malformed;
        int found = 0;
        p.details = details;
        for (const QString& f : rec.fields)
            found += p.scan(f, rec.line, &malformed);
        p.details = {};
        if (found == 0) {
            const QString joined = rec.fields.join(QLatin1Char(','));
            if (!joined.trimmed().isEmpty() && !std::all_of(rec.fields.begin(), rec.fields.end(),
                                                            [](const QString& f) { return f.trimmed().isEmpty(); }))
                p.reject(rec.line, joined, malformed.isEmpty() ? noKeyReason() : malformed.first().reason);
            continue;
        }
        for (const Malformed& m : std::as_const(malformed))
            p.reject(rec.line, m.token, m.reason);
    }
}

// --- JSON ------------------------------------------------------------------------------------------------------------

class JsonLines
{
public:
    explicit JsonLines(QStringView text)
        : m_text(text)
    {
        m_starts.append(0);
        for (qsizetype i = 0; i < text.size(); ++i)
            if (text[i] == u'\n' || (text[i] == u'\r' && (i + 1 >= text.size() || text[i + 1] != u'\n')))
                m_starts.append(i + 1);
    }
    /// The line of the next occurrence of `value` as a JSON string, searching forward from the last one found.
    int lineOf(const QString& value)
    {
        if (value.isEmpty())
            return lineAt(m_pos);
        qsizetype at = m_text.indexOf(value, m_pos);
        if (at < 0)
            at = m_text.indexOf(value);
        if (at < 0)
            return lineAt(m_pos);
        m_pos = at + value.size();
        return lineAt(at);
    }
    int lineAt(qsizetype offset) const
    {
        const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
        return int(it - m_starts.begin());
    }
    void advancePast(const QString& token)
    {
        const qsizetype at = m_text.indexOf(token, m_pos);
        if (at >= 0)
            m_pos = at + token.size();
    }

private:
    QStringView m_text;
    QList<qsizetype> m_starts;
    qsizetype m_pos = 0;
};

const QLatin1String KeyFields[] = {QLatin1String("key"), QLatin1String("api_key"), QLatin1String("apiKey"),
                                   QLatin1String("apikey"), QLatin1String("API_KEY")};

void jsonElement(Parser& p, JsonLines& lines, const QJsonValue& v)
{
    if (v.isString()) {
        const QString s = v.toString();
        p.handle(s, lines.lineOf(s));
        return;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (const QLatin1String& field : KeyFields) {
            const auto it = o.constFind(field);
            if (it == o.constEnd())
                continue;
            const int fieldLine = lines.lineOf(QLatin1Char('"') + field + QLatin1Char('"'));
            if (it->isString()) {
                const QString s = it->toString();
                const int line = lines.lineOf(s);
                KeyDetails details;
                if (countKeys(s) == 1) {
                    const auto text = [&o](QLatin1String a, QLatin1String b) {
                        const QJsonValue v = o.contains(a) ? o.value(a) : o.value(b);
                        return v.isString() ? detailText(v.toString()) : QString();
                    };
                    details.label = text(QLatin1String("label"), QLatin1String("name"));
                    details.group = text(QLatin1String("group"), QLatin1String("project"));
                    const QJsonValue w = o.value(QLatin1String("weight"));
                    if (!w.isUndefined() && !w.isNull()) {
                        const std::optional<double> weight =
                            w.isDouble() ? parseWeight(QString::number(w.toDouble(), 'g', 17))
                                         : (w.isString() ? parseWeight(w.toString()) : std::nullopt);
                        if (!weight) {
                            p.reject(line,
                                     QStringLiteral("weight: ") +
                                         (w.isString() ? w.toString() : QString::number(w.toDouble())),
                                     badWeightReason());
                            return;
                        }
                        details.weight = *weight;
                    }
                }
                p.details = details;
                p.handle(s, line, KeyFile::tr("the \"%1\" field holds no Gemini key").arg(field));
                p.details = {};
            } else {
                p.reject(fieldLine, QString(field) + QStringLiteral(": \u2026"),
                         KeyFile::tr("the \"%1\" field is not a text value").arg(field));
            }
            return;
        }
        const int line = lines.lineOf(QStringLiteral("{"));
        p.reject(line, QStringLiteral("{\u2026}"),
                 KeyFile::tr("an object without a \"key\", \"api_key\" or \"apiKey\" field"));
        return;
    }
    const QString text =
        QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    p.reject(lines.lineOf(text), text, noKeyReason());
}

bool parseJson(Parser& p, QStringView text, const QByteArray& utf8, QString* error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &pe);
    if (pe.error != QJsonParseError::NoError) {
        // pe.offset is in bytes of the UTF-8 data: count the newlines before it.
        const int line = 1 + countLineBreaks(QByteArrayView(utf8).first(std::min<qsizetype>(pe.offset, utf8.size())));
        *error = KeyFile::tr("The file is not valid JSON (%1, line %2). Fix the file or save the keys one per line "
                             "in a .txt file.")
                     .arg(pe.errorString())
                     .arg(line);
        return false;
    }
    JsonLines lines(text);
    QJsonArray array;
    if (doc.isArray()) {
        array = doc.array();
    } else {
        const QJsonObject o = doc.object();
        if (o.value(QLatin1String("keys")).isArray()) {
            array = o.value(QLatin1String("keys")).toArray();
            lines.advancePast(QStringLiteral("\"keys\""));
        } else {
            array.append(o); // a single object with a key field
        }
    }
    for (const QJsonValue& v : std::as_const(array))
        jsonElement(p, lines, v);
    return true;
}

// --- format guess ----------------------------------------------------------------------------------------------------

ImportResult::Format formatFromName(const QString& fileName)
{
    const QString name = QFileInfo(fileName).fileName().toLower();
    if (name.endsWith(QLatin1String(".csv")) || name.endsWith(QLatin1String(".tsv")))
        return ImportResult::Format::Csv;
    if (name.endsWith(QLatin1String(".json")))
        return ImportResult::Format::Json;
    if (name == QLatin1String(".env") || name.endsWith(QLatin1String(".env")) ||
        name.startsWith(QLatin1String(".env.")))
        return ImportResult::Format::Env;
    if (name.endsWith(QLatin1String(".txt")) || name.endsWith(QLatin1String(".keys")) ||
        name.endsWith(QLatin1String(".text")))
        return ImportResult::Format::PlainText;
    return ImportResult::Format::Unknown;
}

ImportResult::Format sniff(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.startsWith(u'[') || t.startsWith(u'{'))
        return ImportResult::Format::Json;
    int assignments = 0, others = 0, checked = 0;
    QStringView firstContent;
    forEachLine(text, [&](QStringView line, int) {
        if (checked >= 50)
            return;
        QStringView s = line.trimmed();
        if (s.isEmpty() || s.startsWith(u'#'))
            return;
        ++checked;
        if (firstContent.isNull())
            firstContent = s;
        if (s.startsWith(QLatin1String("export ")))
            s = s.mid(7).trimmed();
        const qsizetype eq = s.indexOf(u'=');
        if (eq > 0 && isVariableName(s.left(eq).trimmed()))
            ++assignments;
        else
            ++others;
    });
    if (assignments > 0 && assignments >= others)
        return ImportResult::Format::Env;
    if (!firstContent.isNull() && checked >= 2) {
        // A header line: separators and words, no key. Then the rows below are CSV.
        const bool separated =
            firstContent.contains(u',') || firstContent.contains(u';') || firstContent.contains(u'\t');
        if (separated && !firstContent.contains(QLatin1String("AIza")))
            return ImportResult::Format::Csv;
    }
    return ImportResult::Format::PlainText;
}

// --- encoding --------------------------------------------------------------------------------------------------------

enum class Utf16
{
    No,
    LittleEndian,
    BigEndian,
};

/// UTF-16 by its byte order mark, or (without one) by the zero high bytes of ASCII text: "A\0I\0z\0a\0".
Utf16 utf16Kind(QByteArrayView data)
{
    if (data.startsWith("\xFF\xFE"))
        return Utf16::LittleEndian;
    if (data.startsWith("\xFE\xFF"))
        return Utf16::BigEndian;
    if (data.size() < 8 || data.size() % 2 != 0)
        return Utf16::No;
    const qsizetype n = std::min<qsizetype>(data.size(), 4096);
    bool le = true, be = true;
    for (qsizetype i = 0; i + 1 < n && (le || be); i += 2) {
        le = le && data[i] != 0 && data[i + 1] == 0;
        be = be && data[i] == 0 && data[i + 1] != 0;
    }
    return le ? Utf16::LittleEndian : be ? Utf16::BigEndian : Utf16::No;
}

/// Bytes no text file holds: C0 controls other than tab, line ends, form feed and escape (NUL included).
qsizetype controlBytes(QByteArrayView data)
{
    qsizetype count = 0;
    for (char c : data) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\v' && b != '\f' && b != 0x1B)
            ++count;
    }
    return count;
}

} // namespace

QString ImportResult::formatName(Format format)
{
    switch (format) {
    case Format::PlainText:
        return KeyFile::tr("plain text");
    case Format::Csv:
        return KeyFile::tr("CSV");
    case Format::Env:
        return KeyFile::tr(".env");
    case Format::Json:
        return KeyFile::tr("JSON");
    case Format::Unknown:
        break;
    }
    return KeyFile::tr("unknown");
}

QList<ApiKey> ImportResult::newKeys(qsizetype from, qsizetype count, const QString& label, const QString& group) const
{
    from = std::clamp<qsizetype>(from, 0, keys.size());
    const qsizetype end = count < 0 ? keys.size() : std::min<qsizetype>(keys.size(), from + count);
    QList<ApiKey> out;
    out.reserve(end - from);
    for (qsizetype i = from; i < end; ++i) {
        const KeyDetails details = keyDetails.value(i);
        ApiKey k;
        k.secret = keys.at(i);
        k.label = details.label.isEmpty() ? label : details.label;
        k.group = details.group.isEmpty() ? group : details.group;
        if (details.weight > 0)
            k.weight = details.weight;
        out.append(std::move(k));
    }
    return out;
}

QList<ImportIssue> ImportResult::issuesByLine() const
{
    QList<ImportIssue> all = duplicates + rejected;
    std::stable_sort(all.begin(), all.end(),
                     [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
    return all;
}

QString ImportResult::formatCode(Format format)
{
    switch (format) {
    case Format::PlainText:
        return QStringLiteral("text");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Env:
        return QStringLiteral("env");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Unknown:
        break;
    }
    return {};
}

ImportResult KeyFile::read(const QString& path, const KnownPredicate& known)
{
    ImportResult r;
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        r.error = tr("The file %1 does not exist. Check the name and the folder, then try again.").arg(shown);
        return r;
    }
    if (info.isDir()) {
        r.error = tr("%1 is a folder, not a key file. Choose the file that holds the keys.").arg(shown);
        return r;
    }
    // Check the size before reading: a huge file is refused without loading it into memory.
    if (info.size() > MaxFileSize) {
        r.error = tr("The file %1 is too large (%2 MB; at most %3 MB) to be a key file. Choose the file that holds "
                     "only the keys.")
                      .arg(shown)
                      .arg((info.size() + 1024 * 1024 - 1) / (1024 * 1024)) // rounded up: never "64 MB; at most 64"
                      .arg(MaxFileSize / (1024 * 1024));
        return r;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        r.error = tr("Could not read %1: %2. Check that you may read the file, then try again.")
                      .arg(shown, file.errorString());
        return r;
    }
    const QByteArray data = file.read(MaxFileSize + 1);
    if (data.size() > MaxFileSize) { // grew since we looked
        r.error = tr("The file %1 is too large (at most %2 MB) to be a key file. Choose the file that holds only the "
                     "keys.")
                      .arg(shown)
                      .arg(MaxFileSize / (1024 * 1024));
        return r;
    }
    if (file.error() != QFileDevice::NoError) {
        r.error = tr("Could not read %1: %2. Check that you may read the file, then try again.")
                      .arg(shown, file.errorString());
        return r;
    }
    r = parse(data, path, known);
    if (!r.ok && !r.error.isEmpty())
        r.error = tr("%1: %2").arg(shown, r.error);
    return r;
}

ImportResult KeyFile::parse(const QByteArray& data, const QString& fileName, const KnownPredicate& known)
{
    ImportResult r;
    if (QByteArrayView(data).trimmed().isEmpty()) {
        r.error = tr("The file is empty. Choose a file with one key per line (or a CSV, .env or JSON file).");
        return r;
    }
    QString text;
    QByteArray utf8; // what the JSON parser reads
    const Utf16 utf16 = utf16Kind(data);
    if (utf16 != Utf16::No) {
        // UTF-16 (Windows Notepad's "Unicode"): decoded like UTF-8, keys are found as usual.
        const bool bom = data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF");
        QStringDecoder decoder(utf16 == Utf16::LittleEndian ? QStringDecoder::Utf16LE : QStringDecoder::Utf16BE,
                               QStringDecoder::Flag::Stateless);
        text = decoder.decode(QByteArrayView(data).sliced(bom ? 2 : 0));
        if (decoder.hasError() || data.size() % 2 != 0) {
            r.error = tr("The file is saved as UTF-16 but is damaged (it ends in the middle of a character or holds "
                         "broken characters). Save it as UTF-8 text and import it again.");
            return r;
        }
        utf8 = text.toUtf8();
    } else {
        utf8 = data;
        if (utf8.startsWith("\xEF\xBB\xBF"))
            utf8.remove(0, 3);
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        text = decoder.decode(utf8);
        const qsizetype controls = controlBytes(utf8);
        if ((decoder.hasError() && controls > 0) || controls * 10 > utf8.size()) {
            r.error = tr("The file is binary, not text. Choose a text file with the keys.");
            return r;
        }
        if (decoder.hasError()) {
            r.error = tr("The file is not UTF-8 text. Save it as UTF-8 (plain text) and import it again.");
            return r;
        }
    }
    if (QStringView(text).trimmed().isEmpty()) {
        r.error = tr("The file is empty. Choose a file with one key per line (or a CSV, .env or JSON file).");
        return r;
    }

    Parser p(r, known);
    // A NUL inside a text file means the file is damaged there: such a line is rejected as a whole (a key on it
    // may be damaged too) and blanked, so the rest of the file reads as usual.
    if (text.contains(QChar(u'\0'))) {
        struct Damaged
        {
            qsizetype offset, length;
            int line;
        };
        QList<Damaged> damaged;
        forEachLine(text, [&](QStringView line, int n) {
            if (line.contains(QChar(u'\0')))
                damaged.append({qsizetype(line.data() - text.constData()), line.size(), n});
        });
        for (const Damaged& d : std::as_const(damaged)) {
            QString shown = text.mid(d.offset, std::min<qsizetype>(d.length, 2 * MaxIssueText));
            shown.replace(QChar(u'\0'), QChar(0x2400)); // the visible "NUL" symbol
            p.reject(d.line, shown, tr("the line holds NUL bytes (the file is damaged here); nothing on it was taken"));
            std::fill(text.begin() + d.offset, text.begin() + d.offset + d.length, QChar(u' '));
        }
        utf8 = text.toUtf8();
    }

    r.format = formatFromName(fileName);
    if (r.format == ImportResult::Format::Unknown)
        r.format = sniff(text);
    switch (r.format) {
    case ImportResult::Format::Json: {
        QString error;
        if (!parseJson(p, text, utf8, &error)) {
            r.error = error;
            return r;
        }
        break;
    }
    case ImportResult::Format::Csv:
        parseCsv(p, text);
        break;
    case ImportResult::Format::Env:
        parseEnv(p, text);
        break;
    case ImportResult::Format::PlainText:
    case ImportResult::Format::Unknown:
        r.format = ImportResult::Format::PlainText;
        parsePlain(p, text);
        break;
    }
    std::stable_sort(r.rejected.begin(), r.rejected.end(),
                     [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
    if (!p.anyKey) {
        r.keys.clear();
        r.keyLines.clear();
        r.keyDetails.clear();
        r.error = tr("No Gemini API key was found in the file. A key starts with \"AIza\" and is 39 characters "
                     "long; check that you chose the right file.");
        if (!r.rejected.isEmpty())
            r.error += QLatin1Char(' ') +
                       tr("First problem: line %1, %2.").arg(r.rejected.first().line).arg(r.rejected.first().reason);
        return r;
    }
    r.ok = true;
    return r;
}

ImportResult KeyFile::importInto(KeyPool& pool, const QString& path, const QString& label, const QString& group)
{
    ImportResult r = read(path, [&pool](const QString& secret) { return pool.containsSecret(secret); });
    if (!r.ok)
        return r;
    r.addedIds = pool.addKeys(r.newKeys(0, -1, label, group));
    if (r.addedIds.size() != r.keys.size()) {
        // Stored meanwhile by another process (the database holds the secret): a duplicate, not an addition.
        const QSet<qint64> added(r.addedIds.cbegin(), r.addedIds.cend());
        for (qsizetype i = 0; i < r.keys.size(); ++i) {
            if (!added.contains(pool.idOfSecret(r.keys.at(i))))
                r.duplicates.append({r.keyLines.value(i), ApiKey::mask(r.keys.at(i)), tr("already in the pool")});
        }
        std::stable_sort(r.duplicates.begin(), r.duplicates.end(),
                         [](const ImportIssue& a, const ImportIssue& b) { return a.line < b.line; });
    }
    return r;
}

} // namespace egb
