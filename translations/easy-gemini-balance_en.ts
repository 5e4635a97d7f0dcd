<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>egb</name>
    <message numerus="yes">
        <source>%1 (%n character(s)) is not a Gemini API key: a key starts with &quot;AIza&quot; and has 39 letters, digits, &quot;-&quot; or &quot;_&quot;. Copy the whole key from Google AI Studio.</source>
        <translation>
            <numerusform>%1 (%n character) is not a Gemini API key: a key starts with &quot;AIza&quot; and has 39 letters, digits, &quot;-&quot; or &quot;_&quot;. Copy the whole key from Google AI Studio.</numerusform>
            <numerusform>%1 (%n characters) is not a Gemini API key: a key starts with &quot;AIza&quot; and has 39 letters, digits, &quot;-&quot; or &quot;_&quot;. Copy the whole key from Google AI Studio.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n full key(s) to %1 (readable by you only). Keep the file safe; anyone who reads it can spend your quota.</source>
        <translation>
            <numerusform>Wrote %n full key to %1 (readable by you only). Keep the file safe; anyone who reads it can spend your quota.</numerusform>
            <numerusform>Wrote %n full keys to %1 (readable by you only). Keep the file safe; anyone who reads it can spend your quota.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n masked key(s) to %1.</source>
        <translation>
            <numerusform>Wrote %n masked key to %1.</numerusform>
            <numerusform>Wrote %n masked keys to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded to Gemini.</source>
        <translation>
            <numerusform>%n file uploaded to Gemini.</numerusform>
            <numerusform>%n files uploaded to Gemini.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::AddKeyDialog</name>
    <message numerus="yes">
        <source>This is not a Gemini API key: a key is &quot;AIza&quot; followed by 35 letters, digits, &quot;-&quot; or &quot;_&quot; (39 characters; this text has %n).</source>
        <translation>
            <numerusform>This is not a Gemini API key: a key is &quot;AIza&quot; followed by 35 letters, digits, &quot;-&quot; or &quot;_&quot; (39 characters; this text has %n).</numerusform>
            <numerusform>This is not a Gemini API key: a key is &quot;AIza&quot; followed by 35 letters, digits, &quot;-&quot; or &quot;_&quot; (39 characters; this text has %n).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::AttachmentTray</name>
    <message numerus="yes">
        <source>%n file(s) attached, %1 in all</source>
        <translation>
            <numerusform>%n file attached, %1 in all</numerusform>
            <numerusform>%n files attached, %1 in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::BatchHistoryDialog</name>
    <message numerus="yes">
        <source>Delete the batch &quot;%1&quot; and its %n result(s)? This cannot be undone.</source>
        <translation>
            <numerusform>Delete the batch &quot;%1&quot; and its %n result? This cannot be undone.</numerusform>
            <numerusform>Delete the batch &quot;%1&quot; and its %n results? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::BatchPage</name>
    <message numerus="yes">
        <source>%n prompt(s) from %1</source>
        <translation>
            <numerusform>%n prompt from %1</numerusform>
            <numerusform>%n prompts from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The batch &quot;%1&quot; stopped before it was done: %n prompt(s) still without an answer (%2 answered, %3 failed). Resume it? Answered prompts are not sent again.</source>
        <translation>
            <numerusform>The batch &quot;%1&quot; stopped before it was done: %n prompt still without an answer (%2 answered, %3 failed). Resume it? Answered prompts are not sent again.</numerusform>
            <numerusform>The batch &quot;%1&quot; stopped before it was done: %n prompts still without an answer (%2 answered, %3 failed). Resume it? Answered prompts are not sent again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped; the first: line %1: %2</source>
        <translation>
            <numerusform>%n line skipped; the first: line %1: %2</numerusform>
            <numerusform>%n lines skipped; the first: line %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::BatchResultsView</name>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 of %n shown</numerusform>
            <numerusform>%1 of %n shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ChatView</name>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ConversationStore</name>
    <message numerus="yes">
        <source>key %1 · %n attempt(s) · %2 ms · %3 tokens</source>
        <translation>
            <numerusform>key %1 · %n attempt · %2 ms · %3 tokens</numerusform>
            <numerusform>key %1 · %n attempts · %2 ms · %3 tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attached: %1 (%2, %n byte(s))</source>
        <translation>
            <numerusform>Attached: %1 (%2, %n byte)</numerusform>
            <numerusform>Attached: %1 (%2, %n bytes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::DatabaseCopier</name>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n key</numerusform>
            <numerusform>%n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n import(s) in the history</source>
        <translation>
            <numerusform>%n import in the history</numerusform>
            <numerusform>%n imports in the history</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n conversation</numerusform>
            <numerusform>%n conversations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chat message(s)</source>
        <translation>
            <numerusform>%n chat message</numerusform>
            <numerusform>%n chat messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch run(s)</source>
        <translation>
            <numerusform>%n batch run</numerusform>
            <numerusform>%n batch runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch prompt(s) with their results</source>
        <translation>
            <numerusform>%n batch prompt with its result</numerusform>
            <numerusform>%n batch prompts with their results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy access token(s)</source>
        <translation>
            <numerusform>%n proxy access token</numerusform>
            <numerusform>%n proxy access tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::Dispatcher</name>
    <message numerus="yes">
        <source>No usable key: all %n key(s) in the pool are disabled. Re-enable or add keys, then try again.</source>
        <translation>
            <numerusform>No usable key: the %n key in the pool is disabled. Re-enable or add keys, then try again.</numerusform>
            <numerusform>No usable key: all %n keys in the pool are disabled. Re-enable or add keys, then try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n attempt(s); last: %2)</source>
        <translation>
            <numerusform>%1 (%n attempt; last: %2)</numerusform>
            <numerusform>%1 (%n attempts; last: %2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every key tried was rejected or rate-limited (%n attempt(s)). Last error: %1 Check the keys on the Keys page or add more.</source>
        <translation>
            <numerusform>Every key tried was rejected or rate-limited (%n attempt). Last error: %1 Check the keys on the Keys page or add more.</numerusform>
            <numerusform>Every key tried was rejected or rate-limited (%n attempts). Last error: %1 Check the keys on the Keys page or add more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The request ran out of time after %n attempt(s). Last error: %1</source>
        <translation>
            <numerusform>The request ran out of time after %n attempt. Last error: %1</numerusform>
            <numerusform>The request ran out of time after %n attempts. Last error: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gemini kept failing (%n attempt(s)). Last error: %1 Try again later.</source>
        <translation>
            <numerusform>Gemini kept failing (%n attempt). Last error: %1 Try again later.</numerusform>
            <numerusform>Gemini kept failing (%n attempts). Last error: %1 Try again later.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ExportKeysDialog</name>
    <message numerus="yes">
        <source>The %n selected key(s)</source>
        <translation>
            <numerusform>The %n selected key</numerusform>
            <numerusform>The %n selected keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n key(s)</source>
        <translation>
            <numerusform>The %n key</numerusform>
            <numerusform>All %n keys</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ImportController</name>
    <message numerus="yes">
        <source>Adding %n key(s)…</source>
        <translation>
            <numerusform>Adding %n key…</numerusform>
            <numerusform>Adding %n keys…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled: %n key(s) added before you stopped it.</source>
        <translation>
            <numerusform>Import cancelled: %n key added before you stopped it.</numerusform>
            <numerusform>Import cancelled: %n keys added before you stopped it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n key(s)</source>
        <translation>
            <numerusform>Imported %n key</numerusform>
            <numerusform>Imported %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n duplicate</numerusform>
            <numerusform>%n duplicates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n rejected</numerusform>
            <numerusform>%n rejected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ImportResultDialog</name>
    <message numerus="yes">
        <source>You stopped the import. %n key(s) were added before that; they are saved.</source>
        <translation>
            <numerusform>You stopped the import. %n key was added before that; it is saved.</numerusform>
            <numerusform>You stopped the import. %n keys were added before that; they are saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new key(s) added to the pool and saved.</source>
        <translation>
            <numerusform>%n new key added to the pool and saved.</numerusform>
            <numerusform>%n new keys added to the pool and saved.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more line(s) not listed.</source>
        <translation>
            <numerusform>… and %n more line not listed.</numerusform>
            <numerusform>… and %n more lines not listed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::KeyCheckSummary</name>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n rejected</numerusform>
            <numerusform>%n rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rate-limited (resting)</source>
        <translation>
            <numerusform>%n rate-limited (resting)</numerusform>
            <numerusform>%n rate-limited (resting)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be checked (server trouble)</source>
        <translation>
            <numerusform>%n could not be checked (server trouble)</numerusform>
            <numerusform>%n could not be checked (server trouble)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not checked</source>
        <translation>
            <numerusform>%n not checked</numerusform>
            <numerusform>%n not checked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::KeyFile</name>
    <message numerus="yes">
        <source>a truncated key (%n characters; a key has 39)</source>
        <translation>
            <numerusform>a truncated key (%n character; a key has 39)</numerusform>
            <numerusform>a truncated key (%n characters; a key has 39)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>too long for a key (%n characters; a key has 39)</source>
        <translation>
            <numerusform>too long for a key (%n character; a key has 39)</numerusform>
            <numerusform>too long for a key (%n characters; a key has 39)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::KeysPage</name>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n key</numerusform>
            <numerusform>%n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) enabled.</source>
        <translation>
            <numerusform>%n key enabled.</numerusform>
            <numerusform>%n keys enabled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) disabled. They stay in the pool; Enable brings them back.</source>
        <translation>
            <numerusform>%n key disabled. It stays in the pool; Enable brings it back.</numerusform>
            <numerusform>%n keys disabled. They stay in the pool; Enable brings them back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Health of %n key(s) reset: counters cleared, full weight, active.</source>
        <translation>
            <numerusform>Health of %n key reset: counters cleared, full weight, active.</numerusform>
            <numerusform>Health of %n keys reset: counters cleared, full weight, active.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n key(s) from the pool?</source>
        <translation>
            <numerusform>Remove %n key from the pool?</numerusform>
            <numerusform>Remove %n keys from the pool?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n key(s)</source>
        <translation>
            <numerusform>Remove %n key</numerusform>
            <numerusform>Remove %n keys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed.</source>
        <translation>
            <numerusform>%n key removed.</numerusform>
            <numerusform>%n keys removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n full key(s) copied to the clipboard.</source>
        <translation>
            <numerusform>%n full key copied to the clipboard.</numerusform>
            <numerusform>%n full keys copied to the clipboard.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n key(s) are deleted from this computer&apos;s database only. Google is not affected: import them again to bring them back.</source>
        <translation>
            <numerusform>This %n key is deleted from this computer&apos;s database only. Google is not affected: import it again to bring it back.</numerusform>
            <numerusform>These %n keys are deleted from this computer&apos;s database only. Google is not affected: import them again to bring them back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::MainWindow</name>
    <message numerus="yes">
        <source>%n key(s) exported to %1%2</source>
        <translation>
            <numerusform>%n key exported to %1%2</numerusform>
            <numerusform>%n keys exported to %1%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Check done: %n key(s) work</source>
        <translation>
            <numerusform>Check done: %n key works</numerusform>
            <numerusform>Check done: %n keys work</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking %n key(s) with Google…</source>
        <translation>
            <numerusform>Checking %n key with Google…</numerusform>
            <numerusform>Checking %n keys with Google…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A batch is running: %n answer(s) are on their way.</source>
        <translation>
            <numerusform>A batch is running: %n answer is on its way.</numerusform>
            <numerusform>A batch is running: %n answers are on their way.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) answered.</source>
        <translation>
            <numerusform>%n prompt answered.</numerusform>
            <numerusform>%n prompts answered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 answered, %n failed: Retry failed sends them again.</source>
        <translation>
            <numerusform>%1 answered, %n failed: Retry failed sends it again.</numerusform>
            <numerusform>%1 answered, %n failed: Retry failed sends them again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ProxyServer</name>
    <message numerus="yes">
        <source>The request refers to files uploaded with keys of %n different project(s); Gemini lets a request read the files of one project only. Upload the files again, in one go, and refer to those.</source>
        <translation>
            <numerusform>The request refers to files uploaded with keys of %n different project; Gemini lets a request read the files of one project only. Upload the files again, in one go, and refer to those.</numerusform>
            <numerusform>The request refers to files uploaded with keys of %n different projects; Gemini lets a request read the files of one project only. Upload the files again, in one go, and refer to those.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::RequestsPage</name>
    <message numerus="yes">
        <source>The request log keeps %n day(s); older attempts are removed.</source>
        <translation>
            <numerusform>The request log keeps %n day; older attempts are removed.</numerusform>
            <numerusform>The request log keeps %n days; older attempts are removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) exported to %1</source>
        <translation>
            <numerusform>%n attempt exported to %1</numerusform>
            <numerusform>%n attempts exported to %1</numerusform>
        </translation>
    </message>
</context>
</TS>
