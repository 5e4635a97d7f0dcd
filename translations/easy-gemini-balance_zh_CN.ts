<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>egb::AttemptRecord</name>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server or network fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attempt %1, key %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, retrying with another key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>egb::BatchRunStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the batch history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the batch history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the batch results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the batch history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the batch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>egb::ConversationStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the chat history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the chat history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rename the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System instruction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>key %1 · %n attempt(s) · %2 ms · %3 tokens</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::HealthPolicy</name>
    <message>
        <source>The request failed with HTTP status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request failed before Google answered (timeout or lost connection).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Google refused this key (HTTP %1). Check it in Google AI Studio, then enable it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>egb::KeyPool</name>
    <message>
        <source>Disabled by you</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>egb::KeyTableModel</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available again at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys → Reveal hides it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked. Keys → Reveal shows the full key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests per minute for this key; 0 uses the pool&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RPM limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health weight: how likely the key is picked (100 % = full health)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures in a row since the last success</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left before a cooling key is used again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>egb::PromptFile</name>
    <message>
        <source>The file %1 does not exist. Check the path and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a file. Give the path of a .txt, .csv or .jsonl file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large (%2 MB; at most %3 MB). Split it into smaller files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Check that the file exists and that you may read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is UTF-16 text. Save it as UTF-8 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this looks like a binary file, not text. Give a .txt, .csv or .jsonl file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1 is not UTF-8 text. Save the file as UTF-8 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON (%1 at character %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object; write {&quot;%1&quot;: &quot;...&quot;}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no &quot;%1&quot; field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;%1&quot; field is not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the prompt is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CSV file is empty. Its first row must name the columns, one of them &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CSV header has no &quot;%1&quot; column (its columns: %2). Name the column that holds the prompts &quot;%1&quot;, or choose another column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a quoted field starts here and is never closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), so no &quot;%1&quot; column</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::Translations</name>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
