#include "HelpText.h"

#include "BatchCommand.h"
#include "ConfigCommand.h"
#include "GenerateRequest.h"
#include "HistoryCommand.h"

namespace egb {

QStringList HelpText::commands()
{
    return {QStringLiteral("import"), QStringLiteral("add"),     QStringLiteral("export"),  QStringLiteral("history"),
            QStringLiteral("list"),   QStringLiteral("stats"),   QStringLiteral("monitor"), QStringLiteral("check"),
            QStringLiteral("enable"), QStringLiteral("disable"), QStringLiteral("reset"),   QStringLiteral("remove"),
            QStringLiteral("chat"),   QStringLiteral("batch"),   QStringLiteral("serve"),   QStringLiteral("tokens"),
            QStringLiteral("config"), QStringLiteral("db"),      QStringLiteral("log"),     QStringLiteral("usage")};
}

QString HelpText::general(const QString& defaultDb, const QString& settingsFile)
{
    return tr("Usage: egb [--db PATH] [--base-url URL] [--strategy NAME] [--json] COMMAND [ARGUMENTS]\n"
              "\n"
              "Manage a pool of Gemini API keys and use it from the command line.\n"
              "\n"
              "Commands:\n"
              "  import FILE...     Add the keys found in text, CSV, .env or JSON files\n"
              "  add KEY            Add one key, with --label, --group, --weight\n"
              "  export             Write the keys to a txt, csv or json file (masked unless --full)\n"
              "  history            List the imports: when, the file, added, duplicates, rejected\n"
              "  list               Show every key (masked) and its health\n"
              "  stats              Count the keys: total, available, cooling down, disabled\n"
              "  monitor            A live view of the pool: counts, cooling keys and why, failures\n"
              "  check [ID...]      Test keys with a cheap request; disable those Google rejects\n"
              "  enable ID...       Use these keys again\n"
              "  disable ID...      Stop using these keys\n"
              "  reset ID...        Clear these keys' counters and make them active\n"
              "  remove ID...       Delete these keys from the pool\n"
              "  chat PROMPT        Send one prompt through the pool and print the answer\n"
              "  batch INPUT        Send every prompt of a .txt, .csv or .jsonl file\n"
              "  serve              Run the local Gemini/OpenAI-compatible proxy until Ctrl-C\n"
              "  tokens add|list|remove  Manage the proxy's access tokens\n"
              "  config list|get|set  Show or change the saved settings (the app's Settings)\n"
              "  db copy --to PATH|URL  Copy the pool to another database file or a team database, or back\n"
              "  log                Show the attempts of the last hour (or --since 7d), every source\n"
              "  usage              Requests and tokens per key, project, model or day, with a cost estimate\n"
              "\n"
              "Global options (before or after the command):\n"
              "  --db PATH          The key database (environment: EGB_DB; default: %1)\n"
              "  --base-url URL     Send requests to this server instead of Google (environment: EGB_BASE_URL)\n"
              "  --strategy NAME    How keys are picked: weighted or round_robin (environment: EGB_STRATEGY)\n"
              "  --json             Print JSON instead of tables\n"
              "  -h, --help         Show this help; egb COMMAND --help shows a command's help\n"
              "  -V, --version      Show the version\n"
              "\n"
              "It uses the app's settings (Settings in the app; the file %2): the database, the server, the\n"
              "model, retries and timeouts, concurrency, the selection strategy. For each of them a command-line\n"
              "option beats an environment variable (EGB_DB, EGB_BASE_URL, EGB_MODEL, EGB_STRATEGY,\n"
              "EGB_CONCURRENCY, EGB_TIMEOUT, EGB_DEADLINE, EGB_RETRIES, EGB_RPM, ...), which beats the settings\n"
              "file, which beats the default.\n"
              "\n"
              "Exit status: 0 done, 1 something failed, 2 wrong command line.\n")
        .arg(defaultDb, settingsFile);
}

QString HelpText::forCommand(const QString& command)
{
    if (command == u"import") {
        return tr("Usage: egb import FILE... [--label TEXT] [--group NAME]\n"
                  "\n"
                  "Adds the Gemini keys found in each file (plain text, CSV, .env or JSON). Keys already in the pool\n"
                  "and repeated keys are skipped; lines without a key are listed with their line numbers, in order.\n"
                  "A text line may give a key's weight and label: KEY:0.5, KEY, work account or KEY:0.5, work.\n"
                  "A CSV's label (or name), group (or project) and weight columns are taken, and so are a JSON\n"
                  "object's label, group and weight fields. Every import is kept in egb history.\n"
                  "\n"
                  "  --label TEXT   a label for the keys the file gives none\n"
                  "  --group NAME   a group (Google project) for the keys the file gives none\n"
                  "\n"
                  "Exit status 1 when a file could not be read.\n");
    }
    if (command == u"add") {
        return tr("Usage: egb add KEY [--label TEXT] [--group NAME] [--weight W]\n"
                  "\n"
                  "Adds one key to the pool. KEY - reads the key from standard input (it then stays out of your\n"
                  "shell's history).\n"
                  "\n"
                  "  --label TEXT   a label of your choice\n"
                  "  --group NAME   the key's Google project (keys of one project share its quota)\n"
                  "  --weight W     the starting weight, above 0 and at most 1 (default 1)\n"
                  "\n"
                  "Exit status 1 when the key is already in the pool, 2 when KEY is not a Gemini key.\n");
    }
    if (command == u"export") {
        return tr("Usage: egb export [--format txt|csv|json] [--full] [-o FILE]\n"
                  "\n"
                  "Writes every key to FILE (or standard output): txt one key a line, csv with label, group and\n"
                  "health, json an array of objects. Keys are masked unless --full is given; full keys are written\n"
                  "only to a file, created readable by you alone. A full csv or json export imports back with\n"
                  "labels, groups and weights: egb import FILE.\n"
                  "\n"
                  "  --format FORMAT   txt, csv or json (default: from FILE's name, else txt; json with --json)\n"
                  "  --full            the full keys instead of masked ones (needs -o)\n"
                  "  -o, --output FILE where to write\n");
    }
    if (command == u"history") {
        return tr("Usage: egb history [-n N] [--json]\n"
                  "\n"
                  "Lists the imports, newest first: when, by the app or by egb, the keys added, the duplicates and\n"
                  "the rejected lines, and the file. -n shows the newest N (default: %1).\n")
            .arg(HistoryCommand::DefaultLimit);
    }
    if (command == u"monitor") {
        return tr("Usage: egb monitor [--once] [--interval SEC] [--json]\n"
                  "\n"
                  "A live view of the pool, redrawn every second: the counts, the keys cooling down (when each\n"
                  "comes back and why) and the recent failures. It follows the database, so it shows what the\n"
                  "app and other commands do. Press q or Ctrl-C to leave.\n"
                  "\n"
                  "  --once           print one frame and end (for scripts; with --json one JSON object)\n"
                  "  --interval SEC   seconds between refreshes, 0.1 to 3600 (default 1)\n");
    }
    if (command == u"config") {
        return tr("Usage: egb config list | get NAME | set NAME VALUE\n"
                  "\n"
                  "Shows and changes the saved settings, the ones the app's Settings dialog edits.\n"
                  "A value out of range is refused. The settings:\n"
                  "  %1\n")
            .arg(ConfigCommand::names().join(QStringLiteral(", ")));
    }
    if (command == u"list") {
        return tr("Usage: egb list [--json]\n"
                  "\n"
                  "Shows every key, masked, with its status, weight, successes and failures, the last error and\n"
                  "when a cooling key comes back. --json prints an array of objects.\n");
    }
    if (command == u"stats") {
        return tr("Usage: egb stats [--json]\n"
                  "\n"
                  "Counts the keys: total, available now, cooling down and disabled.\n");
    }
    if (command == u"check") {
        return tr("Usage: egb check [ID...]\n"
                  "\n"
                  "Tests each key (all keys when no ID is given) with a cheap models.list request. Keys Google\n"
                  "rejects are disabled; rate-limited keys cool down. Prints one line per key.\n"
                  "Exit status 1 when a key failed its check.\n");
    }
    if (command == u"enable" || command == u"disable" || command == u"reset" || command == u"remove") {
        return tr("Usage: egb enable|disable|reset|remove ID...\n"
                  "\n"
                  "  enable    use the keys again\n"
                  "  disable   stop using the keys until you enable them\n"
                  "  reset     clear the keys' counters, full weight, active\n"
                  "  remove    delete the keys from the pool\n"
                  "\n"
                  "IDs are the numbers in the first column of: egb list\n");
    }
    if (command == u"chat") {
        return tr("Usage: egb chat [--model MODEL] [--system TEXT] [--attach FILE]... [--stream] [--timeout S] "
                  "[--deadline S] [--verbose] PROMPT\n"
                  "\n"
                  "Sends PROMPT (or standard input when PROMPT is -) through the pool and prints the answer.\n"
                  "A rejected, rate-limited or failing key is replaced by another automatically.\n"
                  "\n"
                  "  -m, --model MODEL   the model (default: the model setting, at first %1)\n"
                  "  -s, --system TEXT   a system instruction\n"
                  "  -a, --attach FILE   send FILE with the prompt: an image, a PDF, a text, audio or video file\n"
                  "                      (repeat for more; %2 in all at most)\n"
                  "  --stream            print the answer as it arrives\n"
                  "  --timeout SECONDS   one attempt at most this long, a stream included (default: the timeout "
                  "setting)\n"
                  "  --deadline SECONDS  the request at most this long, retries included (default: the deadline "
                  "setting)\n"
                  "  -v, --verbose       print every attempt on standard error\n"
                  "\n"
                  "Exit status 1 when no answer came; the reason is on standard error.\n")
            .arg(GenerateRequest::defaultModel(), QStringLiteral("14 MB"));
    }
    if (command == u"batch") {
        return tr("Usage: egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model MODEL] [--restart]\n"
                  "\n"
                  "Sends every prompt of INPUT through the pool and writes one JSON line per prompt, in input\n"
                  "order, to OUT.jsonl (or standard output). INPUT is .txt (one prompt a line), .csv (a \"prompt\"\n"
                  "column) or .jsonl (a \"prompt\" field).\n"
                  "\n"
                  "  -o, --output FILE      where the JSON lines go (default: standard output)\n"
                  "  -c, --concurrency N    prompts in flight at once, 1 to %2 (default: the concurrency setting)\n"
                  "  -m, --model MODEL      the model (default: the model setting, at first %1)\n"
                  "  -s, --system TEXT      a system instruction for every prompt\n"
                  "  --column NAME          the CSV column or JSONL field holding the prompt (default: prompt)\n"
                  "  -v, --verbose          print every attempt on standard error\n"
                  "  --restart              send every prompt again instead of resuming a stopped run\n"
                  "  --retry-failed         send the prompts that failed in the earlier run again\n"
                  "  --timeout SECONDS      one attempt at most this long (default: the timeout setting)\n"
                  "  --deadline SECONDS     each prompt at most this long, retries included (default: the deadline "
                  "setting)\n"
                  "\n"
                  "The run is saved in the key database as answers arrive. Running the same command again\n"
                  "(same prompts, model and system instruction) takes the run up where it stopped (Ctrl-C,\n"
                  "a crash, a kill): prompts already answered, or failed, are not sent again, and the output\n"
                  "is written anew, in input order, from the saved results and the new ones. The app's Batch\n"
                  "page shows the run too.\n"
                  "\n"
                  "Each line: {\"index\", \"line\", \"prompt\", \"status\" (ok or error), \"text\", \"error\", "
                  "\"attempts\",\n"
                  "\"key\" (masked), \"latency_ms\", \"usage\"}. Exit status 1 when a prompt got no answer.\n")
            .arg(GenerateRequest::defaultModel())
            .arg(BatchCommand::MaxConcurrency);
    }
    if (command == u"serve") {
        return tr("Usage: egb serve [--host HOST] [--port N] [--verbose]\n"
                  "\n"
                  "Runs a local server that speaks the Gemini API (/v1beta and /v1) and the OpenAI API\n"
                  "(/openai/v1) and sends every request through the pool: point an SDK or tool at it with an\n"
                  "access token (egb tokens add) as its API key. Requests go to Google as they came, with a pool\n"
                  "key instead of the token; rejected and rate-limited keys are replaced before the answer starts.\n"
                  "The first line printed is \"listening http://HOST:PORT\". Ctrl-C stops it and saves the pool.\n"
                  "\n"
                  "  --host HOST     the address to listen on (default: 127.0.0.1, this computer only)\n"
                  "  --port N        the port (default: 8765; 0 = any free port)\n"
                  "  -v, --verbose   print one line per request on standard error\n");
    }
    if (command == u"tokens") {
        return tr("Usage: egb tokens add [--label NAME] [--json] | list [--json] | remove ID...\n"
                  "\n"
                  "The access tokens callers of egb serve (and of the app's proxy) send as their API key.\n"
                  "  add      make a token and print it; it is shown only this once (--json: {\"id\",\"token\"})\n"
                  "  list     show every token (masked), its label and when it was made\n"
                  "  remove   delete tokens: callers using them are refused from then on\n"
                  "Tokens are stored hashed in the key database.\n");
    }
    if (command == u"db") {
        return tr("Usage: egb db copy [--from PATH|URL] --to PATH|URL [--replace] [--json]\n"
                  "\n"
                  "Copies a pool from one database to another: an SQLite file (a path) or a team's PostgreSQL\n"
                  "database (postgresql://user@host:port/dbname?sslmode=require). The keys keep their IDs,\n"
                  "health, counters, status, labels, groups and rpm limits. Between two files the import\n"
                  "history, the conversations, the batch runs and the proxy's access tokens are copied too; a\n"
                  "team database keeps only the keys (chats and batch runs stay in each machine's own file).\n"
                  "The request log is not copied.\n"
                  "\n"
                  "  --from PATH|URL  the database to copy (default: the one in use, see --db)\n"
                  "  --to PATH|URL    the database to copy into; a new file is created\n"
                  "  --replace        replace what the target holds; without it a target that is not empty\n"
                  "                   is refused and left as it was\n"
                  "\n"
                  "The source is only read. The password of a team database comes from ~/.pgpass or\n"
                  "PGPASSWORD; one written in an address is never printed. --json prints {\"copied\", \"keys\",\n"
                  "\"import_events\", \"conversations\", \"messages\", \"batch_runs\", \"batch_items\",\n"
                  "\"access_tokens\", \"from\", \"to\", \"left_behind\"}.\n");
    }
    if (command == u"log") {
        return tr("Usage: egb log [--since 1h] [--key ID] [--model MODEL] [--source SOURCE] [--json]\n"
                  "\n"
                  "Shows every attempt the pool made (chat, batch, proxy and key checks, from the app and from\n"
                  "egb), oldest first: time, source, model, key (masked), result, HTTP status, latency, try,\n"
                  "tokens and Google's reason or quota. Never a prompt or an answer.\n"
                  "\n"
                  "  --since DURATION   how far back: 90s, 30m, 1h (default), 7d, 2w\n"
                  "  --key ID           only this key (IDs as in egb list)\n"
                  "  --model MODEL      only this model\n"
                  "  --source SOURCE    only chat, batch, proxy, check or other\n"
                  "\n"
                  "--json prints an array of {\"time\", \"source\", \"model\", \"key\", \"key_id\", \"class\",\n"
                  "\"http_status\", \"latency_ms\", \"prompt_tokens\", \"answer_tokens\", \"thinking_tokens\"}.\n"
                  "The log keeps 30 days by default (the app's Requests page changes it).\n");
    }
    if (command == u"usage") {
        return tr("Usage: egb usage [--by key|project|model|day] [--since 7d] [--json]\n"
                  "\n"
                  "Adds up the attempts of the request log: requests, how many succeeded and failed, and the\n"
                  "prompt, answer and thinking tokens Google counted, per key (default), project, model or day.\n"
                  "With prices per model (the app's Overview page, Prices) it estimates the cost.\n"
                  "\n"
                  "  --by GROUP         key, project, model or day\n"
                  "  --since DURATION   how far back: 30m, 24h, 7d (default), 30d\n"
                  "\n"
                  "--json prints an array of {\"group\", \"requests\", \"ok\", \"failed\", \"prompt_tokens\",\n"
                  "\"answer_tokens\", \"thinking_tokens\", \"cost\"} (cost is null without a price).\n");
    }
    return {};
}

} // namespace egb
