// libFuzzer target: KeyFile::parse() on arbitrary bytes, in each format.
// Input: the first byte picks the file name (and so the format; "" = sniffed) and which keys count as already
// in the pool; the rest is the file.
#include "FuzzCheck.h"
#include "KeyFile.h"

#include <QSet>

#include <cstdint>

using namespace egb;

namespace {

bool isKeyShaped(const QString& s)
{
    if (s.size() != 39 || !s.startsWith(QLatin1String("AIza")))
        return false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        const bool token =
            (u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || u == u'_' || u == u'-';
        if (!token)
            return false;
    }
    return true;
}

void checkIssues(const QList<ImportIssue>& issues, int maxLine, const QSet<QString>& secrets)
{
    int previous = 0;
    for (const ImportIssue& issue : issues) {
        FUZZ_CHECK(issue.line >= 1 && issue.line <= maxLine);
        FUZZ_CHECK(!issue.reason.isEmpty());
        FUZZ_CHECK(issue.text.size() <= 200); // cut, never the whole (maybe huge) line
        for (const QString& secret : secrets)
            FUZZ_CHECK(!issue.text.contains(secret)); // a key is masked everywhere
        (void)previous;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size)
{
    if (size < 1)
        return 0;
    static const QString names[] = {QString(), QStringLiteral("keys.txt"), QStringLiteral("keys.csv"),
                                    QStringLiteral(".env"), QStringLiteral("keys.json")};
    const uint8_t selector = bytes[0];
    const QString& name = names[(selector & 0x7) % 5];
    const bool someKnown = selector & 0x8;
    const QByteArray data(reinterpret_cast<const char*>(bytes + 1), qsizetype(size - 1));

    // "Known" keys: those whose last character is an 'A' (a stand-in for the pool).
    const KeyFile::KnownPredicate known = [](const QString& secret) { return secret.endsWith(QLatin1Char('A')); };
    const ImportResult r = KeyFile::parse(data, name, someKnown ? known : KeyFile::KnownPredicate());

    if (!r.ok) {
        FUZZ_CHECK(!r.error.isEmpty());
        FUZZ_CHECK(r.keys.isEmpty());
        return 0;
    }
    FUZZ_CHECK(r.error.isEmpty());
    FUZZ_CHECK(r.format != ImportResult::Format::Unknown);
    FUZZ_CHECK(r.keys.size() == r.keyLines.size());
    FUZZ_CHECK(r.keys.size() == r.keyDetails.size());
    for (const KeyDetails& d : r.keyDetails) // a weight a file gave is in (0, 1]; 0 means none was given
        FUZZ_CHECK(d.weight >= 0 && d.weight <= 1 && d.label.size() <= 200 && d.group.size() <= 200);
    FUZZ_CHECK(r.issuesByLine().size() == r.duplicates.size() + r.rejected.size());
    FUZZ_CHECK(!r.keys.isEmpty() || !r.duplicates.isEmpty()); // ok means at least one key was seen

    // Lines: a line ends at LF, CRLF or CR (and UTF-16 has at most as many lines as bytes).
    const int maxLine = int(data.count('\n') + data.count('\r')) + 1;
    QSet<QString> secrets;
    for (qsizetype i = 0; i < r.keys.size(); ++i) {
        const QString& key = r.keys.at(i);
        FUZZ_CHECK(isKeyShaped(key));
        FUZZ_CHECK(!secrets.contains(key)); // keys are distinct
        secrets.insert(key);
        FUZZ_CHECK(r.keyLines.at(i) >= 1 && r.keyLines.at(i) <= maxLine);
        if (someKnown)
            FUZZ_CHECK(!known(key));
        // A key is taken as it stands: it is in the file as it is (UTF-8) or as UTF-16 code units; never glued
        // together from pieces (only a JSON string may spell it with \u escapes).
        const QByteArray latin = key.toLatin1();
        const bool escaped = r.format == ImportResult::Format::Json && data.contains('\\');
        if (!data.contains(latin) && !escaped) {
            const QByteArray le(reinterpret_cast<const char*>(key.utf16()), key.size() * 2);
            QByteArray be = le;
            for (qsizetype j = 0; j + 1 < be.size(); j += 2)
                std::swap(be[j], be[j + 1]);
            FUZZ_CHECK(data.contains(le) || data.contains(be));
        }
    }
    for (qsizetype i = 1; i < r.keyLines.size(); ++i)
        FUZZ_CHECK(r.keyLines.at(i - 1) <= r.keyLines.at(i) || r.format == ImportResult::Format::Json);
    checkIssues(r.duplicates, maxLine, secrets);
    checkIssues(r.rejected, maxLine, secrets);
    for (qsizetype i = 1; i < r.rejected.size(); ++i)
        FUZZ_CHECK(r.rejected.at(i - 1).line <= r.rejected.at(i).line); // sorted by line
    return 0;
}
