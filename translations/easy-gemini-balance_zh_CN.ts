<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Easy Gemini Balance</source>
        <translation>关于 Easy Gemini Balance</translation>
    </message>
    <message>
        <source>Easy Gemini Balance</source>
        <translation>Easy Gemini Balance</translation>
    </message>
    <message>
        <source>Keeps a pool of Google Gemini API keys healthy and spends them well: weighted selection, cool-downs for rate-limited keys, automatic retries with another key, and chat and batch use through the pool.</source>
        <translation>让 Google Gemini API 密钥池保持健康并合理使用：按权重选择密钥，被限流的密钥自动冷却，失败时自动换用其他密钥重试，还可以通过密钥池聊天和批量处理。</translation>
    </message>
</context>
<context>
    <name>AddKeyDialog</name>
    <message>
        <source>Add a key</source>
        <translation>添加密钥</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>optional, e.g. &quot;work laptop&quot;</source>
        <translation>可选，例如“工作笔记本”</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
    <message>
        <source>optional: keys of one Google project share its quota</source>
        <translation>可选：同一 Google 项目下的密钥共享该项目的配额</translation>
    </message>
    <message>
        <source>&amp;RPM limit:</source>
        <translation>RPM 上限(&amp;R)：</translation>
    </message>
    <message>
        <source>pool default</source>
        <translation>密钥池默认值</translation>
    </message>
</context>
<context>
    <name>AttachmentReader</name>
    <message>
        <source>%1 does not exist. Check the name and the folder.</source>
        <translation>%1 不存在。请检查文件名和所在文件夹。</translation>
    </message>
    <message>
        <source>%1 is not a regular file. Attach a file.</source>
        <translation>%1 不是普通文件。请附加一个文件。</translation>
    </message>
    <message>
        <source>%1 is empty: there is nothing to send.</source>
        <translation>%1 是空文件：没有可发送的内容。</translation>
    </message>
    <message>
        <source>Could not read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>%1 is %2 (%3), which Gemini cannot read. Attach an image, a PDF, a text, audio or video file.</source>
        <translation>%1 是 %2（%3），Gemini 无法读取。请附加图片、PDF、文本、音频或视频文件。</translation>
    </message>
    <message>
        <source>%1 is not something Gemini can read.</source>
        <translation>%1 不是 Gemini 能读取的内容。</translation>
    </message>
    <message>
        <source>%1 is %2; files of at most %3 can be attached. Attach a smaller file.</source>
        <translation>%1 大小为 %2；只能附加不超过 %3 的文件。请附加更小的文件。</translation>
    </message>
    <message>
        <source>%1 is larger than %2, the most that can be attached. Attach a smaller file.</source>
        <translation>%1 大于可附加的上限 %2。请附加更小的文件。</translation>
    </message>
    <message>
        <source>%1 is %2; files of at most %3 can be attached.</source>
        <translation>%1 大小为 %2；只能附加不超过 %3 的文件。</translation>
    </message>
</context>
<context>
    <name>AttachmentUploader</name>
    <message>
        <source>The files cannot be uploaded: the app has no connection to Gemini.</source>
        <translation>无法上传文件：应用没有到 Gemini 的连接。</translation>
    </message>
    <message>
        <source>No network client is set up for this dispatcher.</source>
        <translation>此调度器没有设置网络客户端。</translation>
    </message>
    <message>
        <source>%1 could not be uploaded to Gemini: %2</source>
        <translation>无法把 %1 上传到 Gemini：%2</translation>
    </message>
    <message>
        <source>The files come to %1 inline, more than the %2 one request carries.</source>
        <translation>内联文件共 %1，超过一次请求可携带的 %2。</translation>
    </message>
</context>
<context>
    <name>ExportKeysDialog</name>
    <message>
        <source>Export keys</source>
        <translation>导出密钥</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>格式(&amp;O)：</translation>
    </message>
    <message>
        <source>Keys:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Export &amp;full keys (anyone who reads the file can use them)</source>
        <translation>导出完整密钥(&amp;F)（任何能读取该文件的人都可以使用这些密钥）</translation>
    </message>
</context>
<context>
    <name>ImportResultDialog</name>
    <message>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>Added:</source>
        <translation>已添加：</translation>
    </message>
    <message>
        <source>Duplicates:</source>
        <translation>重复：</translation>
    </message>
    <message>
        <source>Rejected:</source>
        <translation>已拒绝：</translation>
    </message>
</context>
<context>
    <name>KeysPage</name>
    <message>
        <source>No keys yet</source>
        <translation>还没有密钥</translation>
    </message>
    <message>
        <source>Import a file of Gemini API keys (text, CSV, .env or JSON), paste them from the clipboard, drop a file on this window, or add one key by hand. Keys are stored on this computer only and shown masked.</source>
        <translation>导入一个包含 Gemini API 密钥的文件（文本、CSV、.env 或 JSON），从剪贴板粘贴，把文件拖到此窗口，或手动添加单个密钥。密钥只保存在这台电脑上，并以遮盖形式显示。</translation>
    </message>
    <message>
        <source>&amp;Import keys…</source>
        <translation>导入密钥(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Paste keys</source>
        <translation>粘贴密钥(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Add a key…</source>
        <translation>添加密钥(&amp;A)…</translation>
    </message>
    <message>
        <source>Search key ending, label, group or error</source>
        <translation>搜索密钥结尾、标签、分组或错误</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Easy Gemini Balance</source>
        <translation>Easy Gemini Balance</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>密钥(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Import keys…</source>
        <translation>导入密钥(&amp;I)…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Paste keys</source>
        <translation>粘贴密钥(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <source>&amp;Export keys…</source>
        <translation>导出密钥(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;About Easy Gemini Balance</source>
        <translation>关于 Easy Gemini Balance(&amp;A)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Gemini API</source>
        <translation>Gemini API</translation>
    </message>
    <message>
        <source>Where requests go. Change it only for a proxy or a compatible gateway.</source>
        <translation>请求发往的地址。只有在使用代理或兼容网关时才需要修改。</translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation>默认模型(&amp;M)：</translation>
    </message>
    <message>
        <source>The model used when a chat or batch does not name one.</source>
        <translation>聊天或批量任务未指定模型时使用的模型。</translation>
    </message>
    <message>
        <source>Per-attempt &amp;timeout:</source>
        <translation>单次尝试超时(&amp;T)：</translation>
    </message>
    <message>
        <source>One attempt with one key is abandoned after this long and retried with another key.</source>
        <translation>用一个密钥进行的一次尝试超过此时长即放弃，并换用其他密钥重试。</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>&amp;Retries after server errors:</source>
        <translation>服务器错误后的重试次数(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;First backoff delay:</source>
        <translation>首次退避延迟(&amp;F)：</translation>
    </message>
    <message>
        <source>Each further retry waits this many times longer than the one before.</source>
        <translation>之后的每次重试等待时间是前一次的这么多倍。</translation>
    </message>
    <message>
        <source>A request gives up after this long, attempts and waits for cooling keys included.</source>
        <translation>请求超过此时长即放弃，包括所有尝试以及等待密钥冷却的时间。</translation>
    </message>
    <message>
        <source>Key pool</source>
        <translation>密钥池</translation>
    </message>
    <message>
        <source>&amp;Selection:</source>
        <translation>选择策略(&amp;S)：</translation>
    </message>
    <message>
        <source>Requests per minute per &amp;key:</source>
        <translation>每个密钥每分钟请求数(&amp;K)：</translation>
    </message>
    <message>
        <source>Paces each key (free-tier keys allow only a few requests a minute). A key&apos;s own limit wins.</source>
        <translation>控制每个密钥的请求节奏（免费层级的密钥每分钟只允许少量请求）。密钥自身设置的上限优先。</translation>
    </message>
    <message>
        <source>Batch &amp;concurrency:</source>
        <translation>批量并发数(&amp;C)：</translation>
    </message>
    <message>
        <source>How many batch requests run at the same time.</source>
        <translation>同时进行的批量请求数量。</translation>
    </message>
    <message>
        <source>&amp;Warn when available keys fall below:</source>
        <translation>可用密钥少于此数时发出警告(&amp;W)：</translation>
    </message>
    <message>
        <source>Storage and language</source>
        <translation>存储与语言</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D)：</translation>
    </message>
    <message>
        <source>The SQLite file that keeps your keys. A new location takes effect when you press OK: the keys are then read from that file.</source>
        <translation>保存密钥的 SQLite 文件。新位置在点击“确定”后生效：随后将从该文件读取密钥。</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The language changes when you press OK. Anything still shown in the old language changes after a restart.</source>
        <translation>点击“确定”后即切换语言。仍以旧语言显示的内容将在重新启动后更新。</translation>
    </message>
    <message>
        <source>API base &amp;URL:</source>
        <translation>API 基础 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>Backoff f&amp;actor:</source>
        <translation>退避倍数(&amp;A)：</translation>
    </message>
    <message>
        <source>Request d&amp;eadline:</source>
        <translation>请求截止时间(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Join a team database…</source>
        <translation>加入团队数据库(&amp;J)…</translation>
    </message>
    <message>
        <source>Keep the keys in a PostgreSQL database that your team shares</source>
        <translation>把密钥保存在团队共享的 PostgreSQL 数据库中</translation>
    </message>
</context>
<context>
    <name>egb</name>
    <message>
        <source>Where the JSON lines go.</source>
        <translation>JSON 行的输出位置。</translation>
    </message>
    <message>
        <source>Prompts in flight at once.</source>
        <translation>同时处理的提示词数量。</translation>
    </message>
    <message>
        <source>The model.</source>
        <translation>模型。</translation>
    </message>
    <message>
        <source>A system instruction.</source>
        <translation>系统指令。</translation>
    </message>
    <message>
        <source>The CSV column or JSONL field of the prompt.</source>
        <translation>提示词所在的 CSV 列或 JSONL 字段。</translation>
    </message>
    <message>
        <source>Print every attempt.</source>
        <translation>打印每一次尝试。</translation>
    </message>
    <message>
        <source>Name the file of prompts, e.g. egb batch prompts.txt -o answers.jsonl</source>
        <translation>请指定提示词文件，例如 egb batch prompts.txt -o answers.jsonl</translation>
    </message>
    <message>
        <source>egb batch reads one file of prompts; got %1. Run egb batch --help.</source>
        <translation>egb batch 只读取一个提示词文件，但收到了 %1 个。请运行 egb batch --help 查看用法。</translation>
    </message>
    <message>
        <source>--concurrency must be a number from 1 to %1, not &quot;%2&quot;.</source>
        <translation>--concurrency 必须是 1 到 %1 之间的数字，而不是“%2”。</translation>
    </message>
    <message>
        <source>The model name is empty. Give one with --model, e.g. --model %1.</source>
        <translation>模型名称为空。请用 --model 指定，例如 --model %1。</translation>
    </message>
    <message>
        <source>%1:%2: skipped: %3</source>
        <translation>%1:%2：已跳过：%3</translation>
    </message>
    <message>
        <source>%1 holds no prompts. Write one prompt a line (.txt), a &quot;prompt&quot; column (.csv) or a &quot;prompt&quot; field (.jsonl).</source>
        <translation>%1 中没有提示词。请每行写一个提示词（.txt），或使用“prompt”列（.csv）或“prompt”字段（.jsonl）。</translation>
    </message>
    <message>
        <source>Cannot write to standard output.</source>
        <translation>无法写入标准输出。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2. Choose another file with -o.</source>
        <translation>无法写入 %1：%2。请用 -o 选择其他文件。</translation>
    </message>
    <message>
        <source>Cannot write the results to %1: %2.</source>
        <translation>无法将结果写入 %1：%2。</translation>
    </message>
    <message>
        <source>standard output</source>
        <translation>标准输出</translation>
    </message>
    <message>
        <source>%1/%2 done, %3 failed, %4 in flight</source>
        <translation>已完成 %1/%2，失败 %3，进行中 %4</translation>
    </message>
    <message>
        <source>, %1/s</source>
        <translation>，%1 个/秒</translation>
    </message>
    <message>
        <source>%1 of %2 prompts answered, %3 failed; results in %4.</source>
        <translation>%2 个提示词中已回答 %1 个，失败 %3 个；结果保存在 %4。</translation>
    </message>
    <message>
        <source>Print the answer as it arrives.</source>
        <translation>边生成边打印回答。</translation>
    </message>
    <message>
        <source>Give a prompt, e.g. egb chat &quot;Why is the sky blue?&quot; (or - to read it from standard input).</source>
        <translation>请给出提示词，例如 egb chat &quot;天空为什么是蓝色的？&quot;（或用 - 从标准输入读取）。</translation>
    </message>
    <message>
        <source>[%1; the answer starts again]</source>
        <translation>[%1；回答重新开始]</translation>
    </message>
    <message>
        <source>No keys in the pool. Import some with: egb import keys.txt</source>
        <translation>密钥池中没有密钥。可以这样导入：egb import keys.txt</translation>
    </message>
    <message>
        <source>No key has the ID %1. See the IDs with: egb list</source>
        <translation>没有 ID 为 %1 的密钥。查看 ID：egb list</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>限流</translation>
    </message>
    <message>
        <source>server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>request error</source>
        <translation>请求错误</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>works, but stays disabled: use it again with egb enable %1</source>
        <translation>可用，但仍保持禁用：用 egb enable %1 重新启用</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
    <message>
        <source> (now disabled)</source>
        <translation>（现已禁用）</translation>
    </message>
    <message>
        <source> (cooling down, back %1)</source>
        <translation>（冷却中，%1恢复）</translation>
    </message>
    <message>
        <source>Checked %1 of %2 keys</source>
        <translation>已检查 %1/%2 个密钥</translation>
    </message>
    <message>
        <source>%1 of %2 keys work.</source>
        <translation>%2 个密钥中有 %1 个可用。</translation>
    </message>
    <message>
        <source>There is no command &quot;%1&quot;. Run egb --help to see the commands.</source>
        <translation>没有“%1”这个命令。运行 egb --help 查看所有命令。</translation>
    </message>
    <message>
        <source>Unknown option %1. Run egb --help to see the options.</source>
        <translation>未知选项 %1。运行 egb --help 查看所有选项。</translation>
    </message>
    <message>
        <source>No command given. Run egb --help to see the commands.</source>
        <translation>未指定命令。运行 egb --help 查看所有命令。</translation>
    </message>
    <message>
        <source>%1 Run egb %2 --help to see its options.</source>
        <translation>%1 运行 egb %2 --help 查看它的选项。</translation>
    </message>
    <message>
        <source>Every key in the pool is disabled. See why with: egb list; enable keys again with: egb enable ID</source>
        <translation>密钥池中的所有密钥都已禁用。查看原因：egb list；重新启用：egb enable ID</translation>
    </message>
    <message>
        <source>Name the keys by their ID, e.g. egb %1 3 7. See the IDs with: egb list</source>
        <translation>请用 ID 指定密钥，例如 egb %1 3 7。查看 ID：egb list</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a key ID. IDs are the numbers in the first column of: egb list</source>
        <translation>“%1”不是密钥 ID。ID 是 egb list 输出第一列中的数字</translation>
    </message>
    <message>
        <source>The option %1 needs a value, e.g. %1 %2.</source>
        <translation>选项 %1 需要一个值，例如 %1 %2。</translation>
    </message>
    <message>
        <source>Usage: egb list [--json]

Shows every key, masked, with its status, weight, successes and failures, the last error and
when a cooling key comes back. --json prints an array of objects.
</source>
        <translation>用法：egb list [--json]

列出所有密钥（已遮盖），以及状态、权重、成功和失败次数、最近的错误，
以及冷却中的密钥何时恢复。--json 输出一个对象数组。
</translation>
    </message>
    <message>
        <source>Usage: egb stats [--json]

Counts the keys: total, available now, cooling down and disabled.
</source>
        <translation>用法：egb stats [--json]

统计密钥：总数、当前可用、冷却中和已禁用。
</translation>
    </message>
    <message>
        <source>Usage: egb check [ID...]

Tests each key (all keys when no ID is given) with a cheap models.list request. Keys Google
rejects are disabled; rate-limited keys cool down. Prints one line per key.
Exit status 1 when a key failed its check.
</source>
        <translation>用法：egb check [ID...]

用一次低成本的 models.list 请求测试每个密钥（未给出 ID 时测试全部密钥）。被 Google
拒绝的密钥会被禁用；被限流的密钥进入冷却。每个密钥输出一行。
有密钥未通过检查时，退出状态为 1。
</translation>
    </message>
    <message>
        <source>Usage: egb enable|disable|reset|remove ID...

  enable    use the keys again
  disable   stop using the keys until you enable them
  reset     clear the keys&apos; counters, full weight, active
  remove    delete the keys from the pool

IDs are the numbers in the first column of: egb list
</source>
        <translation>用法：egb enable|disable|reset|remove ID...

  enable    重新启用这些密钥
  disable   停用这些密钥，直到你重新启用
  reset     清零计数，恢复满权重，设为正常
  remove    从密钥池中删除这些密钥

ID 是 egb list 输出第一列中的数字
</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>in %1 min %2 s</source>
        <translation>%1 分 %2 秒后</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>%1 小时 %2 分后</translation>
    </message>
    <message>
        <source>Name the files to import, e.g. egb import keys.txt</source>
        <translation>请指定要导入的文件，例如 egb import keys.txt</translation>
    </message>
    <message>
        <source>%1: %2, %3, %4</source>
        <translation>%1：%2，%3，%4</translation>
    </message>
    <message>
        <source>  line %1: %2 (%3)</source>
        <translation>  第 %1 行：%2（%3）</translation>
    </message>
    <message>
        <source>egb list takes no arguments. Run egb list --help.</source>
        <translation>egb list 不接受参数。请运行 egb list --help。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>WEIGHT</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>IN A ROW</source>
        <translation>连续失败</translation>
    </message>
    <message>
        <source>LAST</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>DETAIL</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>back at %1 (%2)</source>
        <translation>%1 恢复（%2）</translation>
    </message>
    <message>
        <source>egb stats takes no arguments. Run egb stats --help.</source>
        <translation>egb stats 不接受参数。请运行 egb stats --help。</translation>
    </message>
    <message>
        <source>Keys:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Available:</source>
        <translation>可用：</translation>
    </message>
    <message>
        <source>Cooling down:</source>
        <translation>冷却中：</translation>
    </message>
    <message>
        <source>Disabled:</source>
        <translation>已禁用：</translation>
    </message>
    <message>
        <source>Disabled by you</source>
        <translation>已被你禁用</translation>
    </message>
    <message>
        <source>%1: further skipped lines not shown: %2.</source>
        <translation>%1：另有 %2 个被跳过的行未显示。</translation>
    </message>
    <message>
        <source>, about %1 s left</source>
        <translation>，约剩 %1 秒</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>%1 秒后</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>已添加 %1</translation>
    </message>
    <message>
        <source>duplicates %1</source>
        <translation>重复 %1</translation>
    </message>
    <message>
        <source>rejected %1</source>
        <translation>已拒绝 %1</translation>
    </message>
    <message>
        <source>Keys added in all: %1.</source>
        <translation>共添加密钥：%1 个。</translation>
    </message>
    <message>
        <source>Keys enabled: %1.</source>
        <translation>已启用密钥：%1 个。</translation>
    </message>
    <message>
        <source>Keys disabled: %1.</source>
        <translation>已禁用密钥：%1 个。</translation>
    </message>
    <message>
        <source>Keys reset: %1.</source>
        <translation>已重置密钥：%1 个。</translation>
    </message>
    <message>
        <source>Keys removed: %1.</source>
        <translation>已删除密钥：%1 个。</translation>
    </message>
    <message>
        <source>Send every prompt again instead of resuming a stopped run.</source>
        <translation>重新发送所有提示词，而不是继续已中断的批量任务。</translation>
    </message>
    <message>
        <source>Send the prompts that failed in the earlier run again.</source>
        <translation>重新发送上次任务中失败的提示词。</translation>
    </message>
    <message>
        <source>--restart sends every prompt again and --retry-failed resumes the earlier run: give one of them.</source>
        <translation>--restart 会重新发送所有提示词，--retry-failed 会继续上次的任务：请只给出其中一个。</translation>
    </message>
    <message>
        <source>This batch is not being saved, so it cannot be resumed if it stops: %1</source>
        <translation>此批量任务未被保存，中断后将无法继续：%1</translation>
    </message>
    <message>
        <source>Starting over: run %1 (%2 of %3 prompts answered) is set aside.</source>
        <translation>重新开始：任务 %1（%3 个提示词中已回答 %2 个）已搁置。</translation>
    </message>
    <message>
        <source>Resuming run %1: %2 of %3 prompts already answered; they are not sent again (--restart sends every prompt again).</source>
        <translation>继续任务 %1：%3 个提示词中已回答 %2 个，这些不会再次发送（--restart 会重新发送所有提示词）。</translation>
    </message>
    <message>
        <source>Run %1 is saved in %2; if it stops, run the same command again to resume it.</source>
        <translation>任务 %1 保存在 %2；如果中断，再次运行同一命令即可继续。</translation>
    </message>
    <message>
        <source>Results are not being saved (they are kept and retried with the next ones): %1</source>
        <translation>结果未能保存（已保留，将随后续结果一起重试）：%1</translation>
    </message>
    <message>
        <source>Stopping: the prompts in flight are cancelled; the results so far are kept, and the same command resumes the run. Press Ctrl-C again to quit at once.</source>
        <translation>正在停止：进行中的提示词已取消，已有结果会保留，再次运行同一命令即可继续该任务。再按一次 Ctrl-C 立即退出。</translation>
    </message>
    <message>
        <source>Run %1 is saved: run the same command again to send the %2 prompts still pending and write the output again.</source>
        <translation>任务 %1 已保存：再次运行同一命令即可发送仍待处理的 %2 个提示词，并重新写出输出。</translation>
    </message>
    <message>
        <source>%1 results could not be saved: %2</source>
        <translation>有 %1 个结果未能保存：%2</translation>
    </message>
    <message>
        <source>The changes of this run could not be saved to %1 (%2); they are lost, and the next run starts from the last saved state. Free some disk space or make the folder writable (or use another database with --db), then run the command again.</source>
        <translation>本次运行的更改无法保存到 %1（%2），已经丢失；下次运行将从上次保存的状态开始。请释放一些磁盘空间或让该文件夹可写（或用 --db 换用其他数据库），然后重新运行该命令。</translation>
    </message>
    <message>
        <source>One attempt at most this long, a stream included (default 120; streams 600, and 60 between events).</source>
        <translation>每次尝试最多这么长时间，流式回答也算在内（默认 120；流式 600，事件之间 60）。</translation>
    </message>
    <message>
        <source>Each request (every attempt, retry and wait for a key) at most this long; an attempt still running then is stopped (default 300).</source>
        <translation>每个请求（所有尝试、重试和等待密钥）最多这么长时间；届时仍在进行的尝试会被停止（默认 300）。</translation>
    </message>
    <message>
        <source>--%1 takes a number of seconds above 0 (e.g. --%1 30), not &quot;%2&quot;.</source>
        <translation>--%1 需要一个大于 0 的秒数（例如 --%1 30），而不是“%2”。</translation>
    </message>
    <message>
        <source>Usage: egb serve [--host HOST] [--port N] [--verbose]

Runs a local server that speaks the Gemini API (/v1beta and /v1) and the OpenAI API
(/openai/v1) and sends every request through the pool: point an SDK or tool at it with an
access token (egb tokens add) as its API key. Requests go to Google as they came, with a pool
key instead of the token; rejected and rate-limited keys are replaced before the answer starts.
The first line printed is &quot;listening http://HOST:PORT&quot;. Ctrl-C stops it and saves the pool.

  --host HOST     the address to listen on (default: 127.0.0.1, this computer only)
  --port N        the port (default: 8765; 0 = any free port)
  -v, --verbose   print one line per request on standard error
</source>
        <translation>用法：egb serve [--host HOST] [--port N] [--verbose]

运行一个本地服务器，它使用 Gemini API（/v1beta 和 /v1）和 OpenAI API（/openai/v1）的协议，
并让每个请求都经过密钥池：把 SDK 或工具指向它，并以访问令牌（egb tokens add）作为其 API 密钥。
请求按原样发往 Google，只是用池中的密钥替换令牌；被拒绝或被限流的密钥会在回答开始前被替换。
首先打印的一行是“listening http://HOST:PORT”。按 Ctrl-C 停止并保存密钥池。

  --host HOST     监听的地址（默认：127.0.0.1，仅本机）
  --port N        端口（默认：8765；0 = 任意空闲端口）
  -v, --verbose   每个请求在标准错误输出打印一行
</translation>
    </message>
    <message>
        <source>Usage: egb tokens add [--label NAME] [--json] | list [--json] | remove ID...

The access tokens callers of egb serve (and of the app&apos;s proxy) send as their API key.
  add      make a token and print it; it is shown only this once (--json: {&quot;id&quot;,&quot;token&quot;})
  list     show every token (masked), its label and when it was made
  remove   delete tokens: callers using them are refused from then on
Tokens are stored hashed in the key database.
</source>
        <translation>用法：egb tokens add [--label NAME] [--json] | list [--json] | remove ID...

egb serve（以及应用内代理）的调用方作为 API 密钥发送的访问令牌。
  add      生成一个令牌并打印；它只显示这一次（--json：{&quot;id&quot;,&quot;token&quot;}）
  list     列出所有令牌（已遮盖）、其标签和创建时间
  remove   删除令牌：此后使用它们的调用方会被拒绝
令牌以哈希形式保存在密钥数据库中。
</translation>
    </message>
    <message>
        <source>The address to listen on.</source>
        <translation>监听的地址。</translation>
    </message>
    <message>
        <source>The port (0 = any free port).</source>
        <translation>端口（0 = 任意空闲端口）。</translation>
    </message>
    <message>
        <source>Print one line per request on standard error.</source>
        <translation>每个请求在标准错误输出打印一行。</translation>
    </message>
    <message>
        <source>egb serve takes no arguments, only options. Run egb serve --help to see them.</source>
        <translation>egb serve 不接受参数，只接受选项。运行 egb serve --help 查看选项。</translation>
    </message>
    <message>
        <source>--port needs a number from 0 to 65535 (0 = any free port).</source>
        <translation>--port 需要 0 到 65535 之间的数字（0 = 任意空闲端口）。</translation>
    </message>
    <message>
        <source>A name for the token.</source>
        <translation>令牌的名称。</translation>
    </message>
    <message>
        <source>add, list or remove</source>
        <translation>add、list 或 remove</translation>
    </message>
    <message>
        <source>Say what to do with the tokens: egb tokens add, egb tokens list or egb tokens remove ID.</source>
        <translation>请说明要对令牌做什么：egb tokens add、egb tokens list 或 egb tokens remove ID。</translation>
    </message>
    <message>
        <source>There is no tokens action &quot;%1&quot;: use add, list or remove.</source>
        <translation>没有名为“%1”的令牌操作：请使用 add、list 或 remove。</translation>
    </message>
    <message>
        <source>Name the tokens to remove by their ID, e.g. egb tokens remove 2. See the IDs with: egb tokens list</source>
        <translation>请用 ID 指定要删除的令牌，例如 egb tokens remove 2。查看 ID：egb tokens list</translation>
    </message>
    <message>
        <source>--label belongs to egb tokens add.</source>
        <translation>--label 只用于 egb tokens add。</translation>
    </message>
    <message>
        <source>Access token %1 made. It is shown only this once: give it to your tool as its API key (egb serve prints the address).</source>
        <translation>已生成访问令牌 %1。它只显示这一次：把它作为 API 密钥交给你的工具（egb serve 会打印地址）。</translation>
    </message>
    <message>
        <source>No access tokens. Make one with: egb tokens add --label NAME</source>
        <translation>没有访问令牌。生成一个：egb tokens add --label 名称</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a token ID. IDs are the numbers in the first column of: egb tokens list</source>
        <translation>“%1”不是令牌 ID。ID 是 egb tokens list 第一列中的数字</translation>
    </message>
    <message>
        <source>Access token %1 removed: callers using it are refused from now on.</source>
        <translation>访问令牌 %1 已删除：此后使用它的调用方会被拒绝。</translation>
    </message>
    <message>
        <source>There is no access token %1.</source>
        <translation>没有访问令牌 %1。</translation>
    </message>
    <message>
        <source>This batch is already being run by process %1 on %2 (started %3). Wait for it to finish, or stop it and run this command again to resume it.</source>
        <translation>进程 %1（在 %2 上，开始于 %3）已在运行这个批处理。请等它完成，或停止它后再次运行本命令以继续。</translation>
    </message>
    <message>
        <source>Could not mark this batch as running (%1); another egb batch of the same prompts would not be stopped.</source>
        <translation>无法将这个批处理标记为运行中（%1）；另一个对相同提示词运行的 egb batch 将不会被阻止。</translation>
    </message>
    <message>
        <source>No answer: the batch was stopped before this prompt was answered.</source>
        <translation>没有回答：批量任务在此提示词得到回答前已停止。</translation>
    </message>
    <message>
        <source>Stopping: the checks in flight are cancelled; the verdicts so far are kept.</source>
        <translation>正在停止：进行中的检查已取消；已得到的结果会保留。</translation>
    </message>
    <message>
        <source>Not checked: stopped.</source>
        <translation>未检查：已停止。</translation>
    </message>
    <message>
        <source>--%1: %2</source>
        <translation>--%1：%2</translation>
    </message>
    <message>
        <source>Cannot open the key database %1 (set by: %2): %3. Check the path given with --db, EGB_DB or the settings file.</source>
        <translation>无法打开密钥数据库 %1（来自：%2）：%3。请检查 --db、EGB_DB 或设置文件中给出的路径。</translation>
    </message>
    <message>
        <source>Usage: egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model MODEL] [--restart]

Sends every prompt of INPUT through the pool and writes one JSON line per prompt, in input
order, to OUT.jsonl (or standard output). INPUT is .txt (one prompt a line), .csv (a &quot;prompt&quot;
column) or .jsonl (a &quot;prompt&quot; field).

  -o, --output FILE      where the JSON lines go (default: standard output)
  -c, --concurrency N    prompts in flight at once, 1 to %2 (default: the concurrency setting)
  -m, --model MODEL      the model (default: the model setting, at first %1)
  -s, --system TEXT      a system instruction for every prompt
  --column NAME          the CSV column or JSONL field holding the prompt (default: prompt)
  -v, --verbose          print every attempt on standard error
  --restart              send every prompt again instead of resuming a stopped run
  --retry-failed         send the prompts that failed in the earlier run again
  --timeout SECONDS      one attempt at most this long (default: the timeout setting)
  --deadline SECONDS     each prompt at most this long, retries included (default: the deadline setting)

The run is saved in the key database as answers arrive. Running the same command again
(same prompts, model and system instruction) takes the run up where it stopped (Ctrl-C,
a crash, a kill): prompts already answered, or failed, are not sent again, and the output
is written anew, in input order, from the saved results and the new ones. The app&apos;s Batch
page shows the run too.

Each line: {&quot;index&quot;, &quot;line&quot;, &quot;prompt&quot;, &quot;status&quot; (ok or error), &quot;text&quot;, &quot;error&quot;, &quot;attempts&quot;,
&quot;key&quot; (masked), &quot;latency_ms&quot;, &quot;usage&quot;}. Exit status 1 when a prompt got no answer.
</source>
        <translation>用法：egb batch INPUT [-o OUT.jsonl] [--concurrency N] [--model MODEL] [--restart]

通过密钥池发送 INPUT 中的每个提示词，并按输入顺序为每个提示词写一行 JSON 到
OUT.jsonl（或标准输出）。INPUT 可以是 .txt（每行一个提示词）、.csv（“prompt”列）
或 .jsonl（“prompt”字段）。

  -o, --output FILE      JSON 行的输出位置（默认：标准输出）
  -c, --concurrency N    同时处理的提示词数量，1 到 %2（默认：并发数设置）
  -m, --model MODEL      模型（默认：模型设置，初始为 %1）
  -s, --system TEXT      每个提示词使用的系统指令
  --column NAME          存放提示词的 CSV 列或 JSONL 字段（默认：prompt）
  -v, --verbose          在标准错误输出中打印每一次尝试
  --restart              重新发送所有提示词，而不是继续已中断的任务
  --retry-failed         重新发送上次任务中失败的提示词
  --timeout SECONDS      单次尝试最多这么长时间（默认：超时设置）
  --deadline SECONDS     每个提示词最多这么长时间，重试也算在内（默认：截止时间设置）

任务会在收到回答时保存到密钥数据库中。再次运行同一命令（相同的提示词、模型和系统指令）
会从中断处（Ctrl-C、崩溃、被终止）继续该任务：已回答或已失败的提示词不会再次发送，
输出会按输入顺序，由已保存的结果和新结果重新写出。应用的批量页面也会显示该任务。

每行包含：{&quot;index&quot;, &quot;line&quot;, &quot;prompt&quot;, &quot;status&quot;（ok 或 error）, &quot;text&quot;, &quot;error&quot;, &quot;attempts&quot;,
&quot;key&quot;（已遮盖）, &quot;latency_ms&quot;, &quot;usage&quot;}。有提示词没有得到回答时退出状态为 1。
</translation>
    </message>
    <message>
        <source>Selection:</source>
        <translation>选择方式：</translation>
    </message>
    <message>
        <source>round robin</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>weighted random</source>
        <translation>加权随机</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Label of the key.</source>
        <translation>密钥的标签。</translation>
    </message>
    <message>
        <source>Group (Google project) of the key.</source>
        <translation>密钥的分组（Google 项目）。</translation>
    </message>
    <message>
        <source>Starting weight, above 0 and at most 1.</source>
        <translation>初始权重，大于 0 且不超过 1。</translation>
    </message>
    <message>
        <source>Give one key, e.g. egb add AIza... --label work (or egb add - to read it from standard input).</source>
        <translation>请给出一个密钥，例如 egb add AIza... --label work（或用 egb add - 从标准输入读取）。</translation>
    </message>
    <message>
        <source>Could not read the key from standard input.</source>
        <translation>无法从标准输入读取密钥。</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n character(s)) is not a Gemini API key: a key starts with &quot;AIza&quot; and has 39 letters, digits, &quot;-&quot; or &quot;_&quot;. Copy the whole key from Google AI Studio.</source>
        <translation>
            <numerusform>%1（%n 个字符）不是 Gemini API 密钥：密钥以“AIza”开头，由 39 个字母、数字、“-”或“_”组成。请从 Google AI Studio 复制完整的密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>The weight &quot;%1&quot; is not a number above 0 and at most 1, e.g. --weight 0.5.</source>
        <translation>权重“%1”不是大于 0 且不超过 1 的数字，例如 --weight 0.5。</translation>
    </message>
    <message>
        <source>The key %1 is already in the pool (ID %2); nothing was added.</source>
        <translation>密钥 %1 已在密钥池中（ID %2）；没有添加任何内容。</translation>
    </message>
    <message>
        <source>The key %1 could not be added.</source>
        <translation>无法添加密钥 %1。</translation>
    </message>
    <message>
        <source>Added %1 as key %2.</source>
        <translation>已添加 %1，ID 为 %2。</translation>
    </message>
    <message>
        <source>where requests go (Google, or a compatible server)</source>
        <translation>请求发往的地址（Google 或兼容的服务器）</translation>
    </message>
    <message>
        <source>the model Chat and Batch start with</source>
        <translation>聊天和批量处理默认使用的模型</translation>
    </message>
    <message>
        <source>how long one attempt may take, in seconds</source>
        <translation>单次尝试的最长时间，单位秒</translation>
    </message>
    <message>
        <source>attempts after the first, with other keys</source>
        <translation>首次之后用其他密钥再尝试的次数</translation>
    </message>
    <message>
        <source>the first wait before a retry after server trouble, in milliseconds</source>
        <translation>服务器出错后第一次重试前的等待时间，单位毫秒</translation>
    </message>
    <message>
        <source>each wait is this many times the one before</source>
        <translation>每次等待是前一次的多少倍</translation>
    </message>
    <message>
        <source>how long a request may take with its retries and waits, in seconds</source>
        <translation>一个请求（含重试和等待）的最长时间，单位秒</translation>
    </message>
    <message>
        <source>prompts a batch sends at once</source>
        <translation>批量任务同时发送的提示词数量</translation>
    </message>
    <message>
        <source>requests per minute per key; 0 = no limit</source>
        <translation>每个密钥每分钟的请求数；0 = 不限制</translation>
    </message>
    <message>
        <source>how keys are picked: weighted or round_robin</source>
        <translation>选择密钥的方式：weighted（按权重）或 round_robin（轮询）</translation>
    </message>
    <message>
        <source>warn below this percentage of available keys; 0 = never</source>
        <translation>可用密钥低于此百分比时发出警告；0 = 从不</translation>
    </message>
    <message>
        <source>the key database of the app and of egb (a file, or a postgresql:// URI)</source>
        <translation>应用和 egb 使用的密钥数据库（一个文件，或 postgresql:// URI）</translation>
    </message>
    <message>
        <source>the language: system, en or zh_CN</source>
        <translation>语言：system、en 或 zh_CN</translation>
    </message>
    <message>
        <source>Say what to do: egb config list, egb config get NAME or egb config set NAME VALUE.</source>
        <translation>请说明要做什么：egb config list、egb config get NAME 或 egb config set NAME VALUE。</translation>
    </message>
    <message>
        <source>Unknown action &quot;%1&quot;: use list, get or set.</source>
        <translation>未知操作“%1”：请使用 list、get 或 set。</translation>
    </message>
    <message>
        <source>egb config list takes no more arguments.</source>
        <translation>egb config list 不接受更多参数。</translation>
    </message>
    <message>
        <source>Name one setting, e.g. egb config get concurrency.</source>
        <translation>请指定一个设置项，例如 egb config get concurrency。</translation>
    </message>
    <message>
        <source>Give a name and a value, e.g. egb config set concurrency 16.</source>
        <translation>请给出名称和值，例如 egb config set concurrency 16。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>值</translation>
    </message>
    <message>
        <source>WHAT IT IS</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Saved in %1</source>
        <translation>保存在 %1</translation>
    </message>
    <message>
        <source>There is no setting &quot;%1&quot;. The settings are: %2.</source>
        <translation>没有名为“%1”的设置项。可用的设置项：%2。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a value for %2: %3</source>
        <translation>“%1”不是 %2 的有效值：%3</translation>
    </message>
    <message>
        <source>The setting %1 could not be saved in %2. Check that the folder is writable.</source>
        <translation>无法将设置项 %1 保存到 %2。请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>%1 = %2 (saved)</source>
        <translation>%1 = %2（已保存）</translation>
    </message>
    <message>
        <source>txt, csv or json.</source>
        <translation>txt、csv 或 json。</translation>
    </message>
    <message>
        <source>Write the full keys.</source>
        <translation>写入完整密钥。</translation>
    </message>
    <message>
        <source>The file to write.</source>
        <translation>要写入的文件。</translation>
    </message>
    <message>
        <source>egb export takes no arguments. Run egb export --help.</source>
        <translation>egb export 不接受参数。请运行 egb export --help。</translation>
    </message>
    <message>
        <source>Name the file to write after -o, e.g. egb export -o keys.csv</source>
        <translation>请在 -o 后指定要写入的文件，例如 egb export -o keys.csv</translation>
    </message>
    <message>
        <source>Full keys are written only to a file, readable by you alone: add -o FILE, e.g. egb export --full -o keys.txt</source>
        <translation>完整密钥只会写入仅你可读的文件：请加上 -o FILE，例如 egb export --full -o keys.txt</translation>
    </message>
    <message>
        <source>Unknown format &quot;%1&quot;: use txt, csv or json.</source>
        <translation>未知格式“%1”：请使用 txt、csv 或 json。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n full key(s) to %1 (readable by you only). Keep the file safe; anyone who reads it can spend your quota.</source>
        <translation>
            <numerusform>已将 %n 个完整密钥写入 %1（仅你可读）。请妥善保管该文件；任何能读取它的人都能消耗你的配额。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n masked key(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个遮盖后的密钥写入 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: egb import FILE... [--label TEXT] [--group NAME]

Adds the Gemini keys found in each file (plain text, CSV, .env or JSON). Keys already in the pool
and repeated keys are skipped; lines without a key are listed with their line numbers, in order.
A text line may give a key&apos;s weight and label: KEY:0.5, KEY, work account or KEY:0.5, work.
A CSV&apos;s label (or name), group (or project) and weight columns are taken, and so are a JSON
object&apos;s label, group and weight fields. Every import is kept in egb history.

  --label TEXT   a label for the keys the file gives none
  --group NAME   a group (Google project) for the keys the file gives none

Exit status 1 when a file could not be read.
</source>
        <translation>用法：egb import FILE... [--label TEXT] [--group NAME]

添加每个文件（纯文本、CSV、.env 或 JSON）中找到的 Gemini 密钥。已在密钥池中的密钥
和重复的密钥会被跳过；不含密钥的行会按顺序连同行号一起列出。
文本的一行可以给出密钥的权重和标签：KEY:0.5、KEY, 工作账号 或 KEY:0.5, 工作。
CSV 的 label（或 name）、group（或 project）和 weight 列，以及 JSON 对象的 label、group
和 weight 字段都会被读取。每次导入都记录在 egb history 中。

  --label TEXT   给文件中没有标签的密钥加上的标签
  --group NAME   给文件中没有分组的密钥加上的分组（Google 项目）

有文件无法读取时，退出状态为 1。
</translation>
    </message>
    <message>
        <source>Usage: egb add KEY [--label TEXT] [--group NAME] [--weight W]

Adds one key to the pool. KEY - reads the key from standard input (it then stays out of your
shell&apos;s history).

  --label TEXT   a label of your choice
  --group NAME   the key&apos;s Google project (keys of one project share its quota)
  --weight W     the starting weight, above 0 and at most 1 (default 1)

Exit status 1 when the key is already in the pool, 2 when KEY is not a Gemini key.
</source>
        <translation>用法：egb add KEY [--label TEXT] [--group NAME] [--weight W]

向密钥池添加一个密钥。KEY 为 - 时从标准输入读取密钥（这样它不会留在 shell 的历史记录中）。

  --label TEXT   自选的标签
  --group NAME   密钥所属的 Google 项目（同一项目的密钥共享其配额）
  --weight W     初始权重，大于 0 且不超过 1（默认 1）

密钥已在密钥池中时退出状态为 1，KEY 不是 Gemini 密钥时为 2。
</translation>
    </message>
    <message>
        <source>Usage: egb export [--format txt|csv|json] [--full] [-o FILE]

Writes every key to FILE (or standard output): txt one key a line, csv with label, group and
health, json an array of objects. Keys are masked unless --full is given; full keys are written
only to a file, created readable by you alone. A full csv or json export imports back with
labels, groups and weights: egb import FILE.

  --format FORMAT   txt, csv or json (default: from FILE&apos;s name, else txt; json with --json)
  --full            the full keys instead of masked ones (needs -o)
  -o, --output FILE where to write
</source>
        <translation>用法：egb export [--format txt|csv|json] [--full] [-o FILE]

把所有密钥写入 FILE（或标准输出）：txt 每行一个密钥，csv 含标签、分组和健康状况，json 为
对象数组。除非给出 --full，否则密钥会被遮盖；完整密钥只写入文件，且文件仅你可读。完整的
csv 或 json 导出文件可以连同标签、分组和权重一起导入回来：egb import FILE。

  --format FORMAT   txt、csv 或 json（默认：按 FILE 的扩展名，否则为 txt；使用 --json 时为 json）
  --full            写入完整密钥而不是遮盖后的密钥（需要 -o）
  -o, --output FILE 写入的位置
</translation>
    </message>
    <message>
        <source>Usage: egb history [-n N] [--json]

Lists the imports, newest first: when, by the app or by egb, the keys added, the duplicates and
the rejected lines, and the file. -n shows the newest N (default: %1).
</source>
        <translation>用法：egb history [-n N] [--json]

列出导入记录，最新的在前：时间、由 egb 还是应用导入、添加的密钥、重复和被拒绝的行，以及
文件。-n 只显示最新的 N 条（默认：%1）。
</translation>
    </message>
    <message>
        <source>Usage: egb monitor [--once] [--interval SEC] [--json]

A live view of the pool, redrawn every second: the counts, the keys cooling down (when each
comes back and why) and the recent failures. It follows the database, so it shows what the
app and other commands do. Press q or Ctrl-C to leave.

  --once           print one frame and end (for scripts; with --json one JSON object)
  --interval SEC   seconds between refreshes, 0.1 to 3600 (default 1)
</source>
        <translation>用法：egb monitor [--once] [--interval SEC] [--json]

实时查看密钥池，每秒刷新：数量、冷却中的密钥（何时恢复及原因）以及最近的失败。它跟随
数据库，因此也能看到应用和其他 egb 命令的操作。按 q 或 Ctrl-C 退出。

  --once           打印一帧后结束（供脚本使用；加 --json 时输出一个 JSON 对象）
  --interval SEC   刷新间隔秒数，0.1 到 3600（默认 1）
</translation>
    </message>
    <message>
        <source>Usage: egb config list | get NAME | set NAME VALUE

Shows and changes the saved settings, the ones the app&apos;s Settings dialog edits.
A value out of range is refused. The settings:
  %1
</source>
        <translation>用法：egb config list | get NAME | set NAME VALUE

查看和修改保存的设置，即应用“设置”对话框编辑的那些设置。
超出范围的值会被拒绝。设置项：
  %1
</translation>
    </message>
    <message>
        <source>app</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>egb</source>
        <translation>egb</translation>
    </message>
    <message>
        <source>Show the newest N imports.</source>
        <translation>显示最新的 N 次导入。</translation>
    </message>
    <message>
        <source>egb history takes no arguments. Run egb history --help.</source>
        <translation>egb history 不接受参数。请运行 egb history --help。</translation>
    </message>
    <message>
        <source>-n needs a whole number of imports, 1 or more, e.g. egb history -n 10.</source>
        <translation>-n 需要一个不小于 1 的整数，例如 egb history -n 10。</translation>
    </message>
    <message>
        <source>No imports yet. Import keys with: egb import keys.txt</source>
        <translation>还没有导入记录。可以这样导入密钥：egb import keys.txt</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>（已中止）</translation>
    </message>
    <message>
        <source>WHEN</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>BY</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>ADDED</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>DUPLICATES</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>REJECTED</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Label for the new keys the file gives none.</source>
        <translation>给文件中没有标签的新密钥加上的标签。</translation>
    </message>
    <message>
        <source>Group (Google project) of the new keys the file gives none.</source>
        <translation>给文件中没有分组的新密钥加上的分组（Google 项目）。</translation>
    </message>
    <message>
        <source>Print one frame and end.</source>
        <translation>打印一帧后结束。</translation>
    </message>
    <message>
        <source>Seconds between refreshes.</source>
        <translation>刷新间隔秒数。</translation>
    </message>
    <message>
        <source>egb monitor takes no arguments. Run egb monitor --help.</source>
        <translation>egb monitor 不接受参数。请运行 egb monitor --help。</translation>
    </message>
    <message>
        <source>--interval needs a number of seconds from 0.1 to 3600, e.g. --interval 2.</source>
        <translation>--interval 需要 0.1 到 3600 之间的秒数，例如 --interval 2。</translation>
    </message>
    <message>
        <source>Cannot open the key database %1: %2. Check the path given with --db (or EGB_DB).</source>
        <translation>无法打开密钥数据库 %1：%2。请检查 --db（或 EGB_DB）给出的路径。</translation>
    </message>
    <message>
        <source>egb monitor · %1 · %2</source>
        <translation>egb monitor · %1 · %2</translation>
    </message>
    <message>
        <source>egb monitor · %1 · %2 · q or Ctrl-C quits</source>
        <translation>egb monitor · %1 · %2 · 按 q 或 Ctrl-C 退出</translation>
    </message>
    <message>
        <source>Keys: %1   available: %2   cooling down: %3   disabled: %4   (%5 % available)</source>
        <translation>密钥：%1   可用：%2   冷却中：%3   已禁用：%4   （%5% 可用）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Cooling down (%1)</source>
        <translation>冷却中（%1）</translation>
    </message>
    <message>
        <source>BACK</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>WHY</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>disabled: %1</source>
        <translation>已禁用：%1</translation>
    </message>
    <message>
        <source>Recent failures</source>
        <translation>最近的失败</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>The request log in %1 cannot be used (%2); this run&apos;s attempts are not logged.</source>
        <translation>无法使用 %1 中的请求日志（%2）；本次运行的尝试不会被记录。</translation>
    </message>
    <message>
        <source>Cannot write the request log to %1: %2. It tries again before it exits.</source>
        <translation>无法将请求日志写入 %1：%2。egb 会在退出前再试一次。</translation>
    </message>
    <message>
        <source>Some attempts of this run could not be written to the request log in %1.</source>
        <translation>本次运行的部分尝试未能写入 %1 中的请求日志。</translation>
    </message>
    <message>
        <source>Usage: egb log [--since 1h] [--key ID] [--model MODEL] [--source SOURCE] [--json]

Shows every attempt the pool made (chat, batch, proxy and key checks, from the app and from
egb), oldest first: time, source, model, key (masked), result, HTTP status, latency, try,
tokens and Google&apos;s reason or quota. Never a prompt or an answer.

  --since DURATION   how far back: 90s, 30m, 1h (default), 7d, 2w
  --key ID           only this key (IDs as in egb list)
  --model MODEL      only this model
  --source SOURCE    only chat, batch, proxy, check or other

--json prints an array of {&quot;time&quot;, &quot;source&quot;, &quot;model&quot;, &quot;key&quot;, &quot;key_id&quot;, &quot;class&quot;,
&quot;http_status&quot;, &quot;latency_ms&quot;, &quot;prompt_tokens&quot;, &quot;answer_tokens&quot;, &quot;thinking_tokens&quot;}.
The log keeps 30 days by default (the app&apos;s Requests page changes it).
</source>
        <translation>用法：egb log [--since 1h] [--key ID] [--model MODEL] [--source SOURCE] [--json]

按时间顺序显示密钥池的每一次尝试（对话、批量、代理和密钥检查，来自应用和
egb）：时间、来源、模型、密钥（已遮盖）、结果、HTTP 状态、延迟、第几次尝试、
令牌以及 Google 给出的原因或配额。从不包含提示词或回答。

  --since DURATION   回溯多久：90s、30m、1h（默认）、7d、2w
  --key ID           只看这个密钥（ID 同 egb list）
  --model MODEL      只看这个模型
  --source SOURCE    只看 chat、batch、proxy、check 或 other

--json 输出一个数组，元素为 {&quot;time&quot;, &quot;source&quot;, &quot;model&quot;, &quot;key&quot;, &quot;key_id&quot;, &quot;class&quot;,
&quot;http_status&quot;, &quot;latency_ms&quot;, &quot;prompt_tokens&quot;, &quot;answer_tokens&quot;, &quot;thinking_tokens&quot;}。
日志默认保留 30 天（可在应用的“请求”页面修改）。
</translation>
    </message>
    <message>
        <source>Usage: egb usage [--by key|project|model|day] [--since 7d] [--json]

Adds up the attempts of the request log: requests, how many succeeded and failed, and the
prompt, answer and thinking tokens Google counted, per key (default), project, model or day.
With prices per model (the app&apos;s Overview page, Prices) it estimates the cost.

  --by GROUP         key, project, model or day
  --since DURATION   how far back: 30m, 24h, 7d (default), 30d

--json prints an array of {&quot;group&quot;, &quot;requests&quot;, &quot;ok&quot;, &quot;failed&quot;, &quot;prompt_tokens&quot;,
&quot;answer_tokens&quot;, &quot;thinking_tokens&quot;, &quot;cost&quot;} (cost is null without a price).
</source>
        <translation>用法：egb usage [--by key|project|model|day] [--since 7d] [--json]

汇总请求日志中的尝试：请求数、成功和失败的次数，以及 Google 统计的提示词、
回答和思考令牌，按密钥（默认）、项目、模型或日期分组。
设置了各模型的价格后（应用的“概览”页面，“价格”），会估算费用。

  --by GROUP         key、project、model 或 day
  --since DURATION   回溯多久：30m、24h、7d（默认）、30d

--json 输出一个数组，元素为 {&quot;group&quot;, &quot;requests&quot;, &quot;ok&quot;, &quot;failed&quot;, &quot;prompt_tokens&quot;,
&quot;answer_tokens&quot;, &quot;thinking_tokens&quot;, &quot;cost&quot;}（没有价格时 cost 为 null）。
</translation>
    </message>
    <message>
        <source>How far back (default 1h).</source>
        <translation>回溯多久（默认 1h）。</translation>
    </message>
    <message>
        <source>Only this key ID.</source>
        <translation>只看这个密钥 ID。</translation>
    </message>
    <message>
        <source>Only this model.</source>
        <translation>只看这个模型。</translation>
    </message>
    <message>
        <source>Only this source: chat, batch, proxy, check.</source>
        <translation>只看这个来源：chat、batch、proxy、check。</translation>
    </message>
    <message>
        <source>egb log takes no arguments, only options. Run egb log --help to see them.</source>
        <translation>egb log 不接受参数，只接受选项。运行 egb log --help 查看。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a duration. Give one like 30m, 1h, 7d.</source>
        <translation>“%1”不是时长。请给出如 30m、1h、7d 这样的值。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a source. Sources: chat, batch, proxy, check, other.</source>
        <translation>“%1”不是来源。来源有：chat、batch、proxy、check、other。</translation>
    </message>
    <message>
        <source>The request log in %1 cannot be read.</source>
        <translation>无法读取 %1 中的请求日志。</translation>
    </message>
    <message>
        <source>No attempts in this range.</source>
        <translation>此时间范围内没有尝试。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>次</translation>
    </message>
    <message>
        <source>Tokens in/out/think</source>
        <translation>令牌 输入/输出/思考</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Group by key, project, model or day (default key).</source>
        <translation>按密钥、项目、模型或日期分组（默认按密钥）。</translation>
    </message>
    <message>
        <source>How far back (default 7d).</source>
        <translation>回溯多久（默认 7d）。</translation>
    </message>
    <message>
        <source>egb usage takes no arguments, only options. Run egb usage --help to see them.</source>
        <translation>egb usage 不接受参数，只接受选项。运行 egb usage --help 查看。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; cannot be grouped by. Use --by key, project, model or day.</source>
        <translation>不能按“%1”分组。请使用 --by key、project、model 或 day。</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示词令牌</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>回答令牌</translation>
    </message>
    <message>
        <source>Thinking tokens</source>
        <translation>思考令牌</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>No price is set for these models, so no cost is estimated (the app&apos;s Overview page has the price table).</source>
        <translation>这些模型没有设置价格，因此不估算费用（价格表在应用的“概览”页面）。</translation>
    </message>
    <message>
        <source>Cannot save to the key database %1: %2. The command carries on and tries again before it exits; if it still cannot, this run&apos;s changes are lost.</source>
        <translation>无法保存到密钥数据库 %1：%2。该命令会继续运行，并在退出前再试一次；如果仍然失败，本次运行的更改将会丢失。</translation>
    </message>
    <message>
        <source>%1 of %2 keys work: %3.</source>
        <translation>%2 个密钥中有 %1 个可用：%3。</translation>
    </message>
    <message>
        <source>The database to copy: a file path or a postgresql:// address (default: the database in use).</source>
        <translation>要复制的数据库：文件路径或 postgresql:// 地址（默认：正在使用的数据库）。</translation>
    </message>
    <message>
        <source>The database to copy into.</source>
        <translation>复制到的目标数据库。</translation>
    </message>
    <message>
        <source>Replace what the target holds (without it, a target that is not empty is refused).</source>
        <translation>替换目标中已有的内容（不加此选项时，拒绝复制到非空的目标）。</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>Say what to do: egb db copy --from PATH|URL --to PATH|URL.</source>
        <translation>请说明要做什么：egb db copy --from PATH|URL --to PATH|URL。</translation>
    </message>
    <message>
        <source>There is no db action &quot;%1&quot;: use egb db copy --from PATH|URL --to PATH|URL.</source>
        <translation>没有名为“%1”的 db 操作：请使用 egb db copy --from PATH|URL --to PATH|URL。</translation>
    </message>
    <message>
        <source>Name the database to copy into with --to: a file path or a postgresql:// address, e.g. egb db copy --to postgresql://egb@db.example.com/pool.</source>
        <translation>请用 --to 指定要复制到的数据库：文件路径或 postgresql:// 地址，例如 egb db copy --to postgresql://egb@db.example.com/pool。</translation>
    </message>
    <message>
        <source>Copied %1 from %2 to %3.</source>
        <translation>已将 %1 从 %2 复制到 %3。</translation>
    </message>
    <message>
        <source>Not copied, a team database keeps only the keys: %1. They stay in %2.</source>
        <translation>未复制（团队数据库只保存密钥）：%1。它们仍保留在 %2 中。</translation>
    </message>
    <message>
        <source>Usage: egb [--db PATH] [--base-url URL] [--strategy NAME] [--json] COMMAND [ARGUMENTS]

Manage a pool of Gemini API keys and use it from the command line.

Commands:
  import FILE...     Add the keys found in text, CSV, .env or JSON files
  add KEY            Add one key, with --label, --group, --weight
  export             Write the keys to a txt, csv or json file (masked unless --full)
  history            List the imports: when, the file, added, duplicates, rejected
  list               Show every key (masked) and its health
  stats              Count the keys: total, available, cooling down, disabled
  monitor            A live view of the pool: counts, cooling keys and why, failures
  check [ID...]      Test keys with a cheap request; disable those Google rejects
  enable ID...       Use these keys again
  disable ID...      Stop using these keys
  reset ID...        Clear these keys&apos; counters and make them active
  remove ID...       Delete these keys from the pool
  chat PROMPT        Send one prompt through the pool and print the answer
  batch INPUT        Send every prompt of a .txt, .csv or .jsonl file
  serve              Run the local Gemini/OpenAI-compatible proxy until Ctrl-C
  tokens add|list|remove  Manage the proxy&apos;s access tokens
  config list|get|set  Show or change the saved settings (the app&apos;s Settings)
  db copy --to PATH|URL  Copy the pool to another database file or a team database, or back
  log                Show the attempts of the last hour (or --since 7d), every source
  usage              Requests and tokens per key, project, model or day, with a cost estimate

Global options (before or after the command):
  --db PATH          The key database (environment: EGB_DB; default: %1)
  --base-url URL     Send requests to this server instead of Google (environment: EGB_BASE_URL)
  --strategy NAME    How keys are picked: weighted or round_robin (environment: EGB_STRATEGY)
  --json             Print JSON instead of tables
  -h, --help         Show this help; egb COMMAND --help shows a command&apos;s help
  -V, --version      Show the version

It uses the app&apos;s settings (Settings in the app; the file %2): the database, the server, the
model, retries and timeouts, concurrency, the selection strategy. For each of them a command-line
option beats an environment variable (EGB_DB, EGB_BASE_URL, EGB_MODEL, EGB_STRATEGY,
EGB_CONCURRENCY, EGB_TIMEOUT, EGB_DEADLINE, EGB_RETRIES, EGB_RPM, ...), which beats the settings
file, which beats the default.

Exit status: 0 done, 1 something failed, 2 wrong command line.
</source>
        <translation>用法：egb [--db PATH] [--base-url URL] [--strategy NAME] [--json] COMMAND [ARGUMENTS]

在命令行中管理并使用 Gemini API 密钥池。

命令：
  import FILE...     导入文本、CSV、.env 或 JSON 文件中的密钥
  add KEY            添加一个密钥，可带 --label、--group、--weight
  export             把密钥写入 txt、csv 或 json 文件（除非用 --full，否则遮盖）
  history            列出导入记录：时间、文件、添加、重复、被拒绝
  list               列出所有密钥（已遮盖）及其健康状况
  stats              统计密钥：总数、可用、冷却中、已禁用
  monitor            实时查看密钥池：数量、冷却中的密钥及原因、失败
  check [ID...]      用低成本请求测试密钥；禁用被 Google 拒绝的密钥
  enable ID...       重新启用这些密钥
  disable ID...      停用这些密钥
  reset ID...        清零这些密钥的计数并设为正常
  remove ID...       从密钥池中删除这些密钥
  chat PROMPT        通过密钥池发送一个提示词并打印回答
  batch INPUT        发送 .txt、.csv 或 .jsonl 文件中的所有提示词
  serve              运行本地 Gemini/OpenAI 兼容代理，直到按 Ctrl-C
  tokens add|list|remove  管理代理的访问令牌
  config list|get|set  查看或修改保存的设置（即应用的“设置”）
  db copy --to PATH|URL  把密钥池复制到另一个数据库文件或团队数据库，或复制回来
  log                显示最近一小时（或 --since 7d）所有来源的尝试
  usage              按密钥、项目、模型或日期统计请求和令牌，并估算费用

全局选项（可放在命令之前或之后）：
  --db PATH          密钥数据库（环境变量：EGB_DB；默认：%1）
  --base-url URL     将请求发往此服务器而不是 Google（环境变量：EGB_BASE_URL）
  --strategy NAME    密钥的选择方式：weighted 或 round_robin（环境变量：EGB_STRATEGY）
  --json             输出 JSON 而不是表格
  -h, --help         显示此帮助；egb COMMAND --help 显示该命令的帮助
  -V, --version      显示版本

egb 使用应用的设置（应用中的“设置”；文件 %2）：数据库、服务器、模型、重试与超时、
并发数、选择策略。对每一项设置，命令行选项优先于环境变量（EGB_DB、EGB_BASE_URL、
EGB_MODEL、EGB_STRATEGY、EGB_CONCURRENCY、EGB_TIMEOUT、EGB_DEADLINE、EGB_RETRIES、
EGB_RPM 等），环境变量优先于设置文件，设置文件优先于默认值。

退出状态：0 完成，1 有操作失败，2 命令行有误。
</translation>
    </message>
    <message>
        <source>Usage: egb db copy [--from PATH|URL] --to PATH|URL [--replace] [--json]

Copies a pool from one database to another: an SQLite file (a path) or a team&apos;s PostgreSQL
database (postgresql://user@host:port/dbname?sslmode=require). The keys keep their IDs,
health, counters, status, labels, groups and rpm limits. Between two files the import
history, the conversations, the batch runs and the proxy&apos;s access tokens are copied too; a
team database keeps only the keys (chats and batch runs stay in each machine&apos;s own file).
The request log is not copied.

  --from PATH|URL  the database to copy (default: the one in use, see --db)
  --to PATH|URL    the database to copy into; a new file is created
  --replace        replace what the target holds; without it a target that is not empty
                   is refused and left as it was

The source is only read. The password of a team database comes from ~/.pgpass or
PGPASSWORD; one written in an address is never printed. --json prints {&quot;copied&quot;, &quot;keys&quot;,
&quot;import_events&quot;, &quot;conversations&quot;, &quot;messages&quot;, &quot;batch_runs&quot;, &quot;batch_items&quot;,
&quot;access_tokens&quot;, &quot;from&quot;, &quot;to&quot;, &quot;left_behind&quot;}.
</source>
        <translation>用法：egb db copy [--from PATH|URL] --to PATH|URL [--replace] [--json]

把密钥池从一个数据库复制到另一个数据库：SQLite 文件（路径）或团队的 PostgreSQL
数据库（postgresql://user@host:port/dbname?sslmode=require）。密钥保留其 ID、
健康状况、计数、状态、标签、分组和每分钟请求上限。在两个文件之间复制时，导入记录、
对话、批量任务和代理的访问令牌也会一起复制；团队数据库只保存密钥（对话和批量任务
保留在每台机器自己的文件中）。请求日志不会被复制。

  --from PATH|URL  要复制的数据库（默认：正在使用的数据库，见 --db）
  --to PATH|URL    复制到的数据库；文件不存在时会新建
  --replace        替换目标中已有的内容；不加此选项时，拒绝复制到非空的目标，
                   目标保持原样

源数据库只会被读取。团队数据库的密码来自 ~/.pgpass 或 PGPASSWORD；
写在地址中的密码绝不会被打印。--json 输出 {&quot;copied&quot;, &quot;keys&quot;,
&quot;import_events&quot;, &quot;conversations&quot;, &quot;messages&quot;, &quot;batch_runs&quot;, &quot;batch_items&quot;,
&quot;access_tokens&quot;, &quot;from&quot;, &quot;to&quot;, &quot;left_behind&quot;}。
</translation>
    </message>
    <message>
        <source>Send a file with the prompt: an image, a PDF, a text, audio or video file (repeat for more).</source>
        <translation>随提示词发送一个文件：图片、PDF、文本、音频或视频文件（可重复以附加多个）。</translation>
    </message>
    <message>
        <source>Usage: egb chat [--model MODEL] [--system TEXT] [--attach FILE]... [--stream] [--timeout S] [--deadline S] [--verbose] PROMPT

Sends PROMPT (or standard input when PROMPT is -) through the pool and prints the answer.
A rejected, rate-limited or failing key is replaced by another automatically.

  -m, --model MODEL   the model (default: the model setting, at first %1)
  -s, --system TEXT   a system instruction
  -a, --attach FILE   send FILE with the prompt: an image, a PDF, a text, audio or video file
                      (repeat for more; %2 in all at most)
  --stream            print the answer as it arrives
  --timeout SECONDS   one attempt at most this long, a stream included (default: the timeout setting)
  --deadline SECONDS  the request at most this long, retries included (default: the deadline setting)
  -v, --verbose       print every attempt on standard error

Exit status 1 when no answer came; the reason is on standard error.
</source>
        <translation>用法：egb chat [--model MODEL] [--system TEXT] [--attach FILE]... [--stream] [--timeout S] [--deadline S] [--verbose] PROMPT

通过密钥池发送 PROMPT（PROMPT 为 - 时读取标准输入）并打印回答。
被拒绝、被限流或出错的密钥会自动换成其他密钥。

  -m, --model MODEL   模型（默认：模型设置，初始为 %1）
  -s, --system TEXT   系统指令
  -a, --attach FILE   随提示词发送 FILE：图片、PDF、文本、音频或视频文件
                      （可重复；合计最多 %2）
  --stream            边生成边打印回答
  --timeout SECONDS   单次尝试最多这么长时间，流式回答也算在内（默认：超时设置）
  --deadline SECONDS  整个请求最多这么长时间，重试也算在内（默认：截止时间设置）
  -v, --verbose       在标准错误输出中打印每一次尝试

没有得到回答时退出状态为 1，原因输出到标准错误。
</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded to Gemini.</source>
        <translation>
            <numerusform>已上传 %n 个文件到 Gemini。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Free software under the MIT licence: you may use, copy, change and share it. It comes with no warranty. Google and Gemini are trademarks of Google LLC; this application is not made by Google.</source>
        <translation>本软件为 MIT 许可证下的自由软件：你可以使用、复制、修改和分享它。本软件不提供任何担保。Google 和 Gemini 是 Google LLC 的商标；本应用并非由 Google 开发。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>0.8 or later</source>
        <translation>0.8 或更高版本</translation>
    </message>
    <message>
        <source>Built on Qt %1 (compiled against %2) and QCoro %3.</source>
        <translation>基于 Qt %1（编译时版本 %2）和 QCoro %3 构建。</translation>
    </message>
</context>
<context>
    <name>egb::AccessTokenStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation>%1：%2。请检查应用的数据文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>Could not open the proxy&apos;s access tokens</source>
        <translation>无法打开代理的访问令牌</translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation>数据库未打开</translation>
    </message>
    <message>
        <source>Could not prepare the proxy&apos;s access tokens</source>
        <translation>无法准备代理的访问令牌</translation>
    </message>
    <message>
        <source>Could not save the access token</source>
        <translation>无法保存访问令牌</translation>
    </message>
    <message>
        <source>Could not read the access tokens</source>
        <translation>无法读取访问令牌</translation>
    </message>
    <message>
        <source>Could not remove the access token</source>
        <translation>无法删除访问令牌</translation>
    </message>
</context>
<context>
    <name>egb::AddKeyDialog</name>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Paste a Gemini API key (it starts with &quot;AIza&quot;).</source>
        <translation>粘贴一个 Gemini API 密钥（以“AIza”开头）。</translation>
    </message>
    <message numerus="yes">
        <source>This is not a Gemini API key: a key is &quot;AIza&quot; followed by 35 letters, digits, &quot;-&quot; or &quot;_&quot; (39 characters; this text has %n).</source>
        <translation>
            <numerusform>这不是 Gemini API 密钥：密钥由“AIza”加上 35 个字母、数字、“-”或“_”组成（共 39 个字符；这段文字有 %n 个）。</numerusform>
        </translation>
    </message>
    <message>
        <source>This key is already in the pool.</source>
        <translation>此密钥已在密钥池中。</translation>
    </message>
</context>
<context>
    <name>egb::AppContext</name>
    <message>
        <source>The environment variable %1 is not valid: %2</source>
        <translation>环境变量 %1 无效：%2</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>environment (%1)</source>
        <translation>环境变量（%1）</translation>
    </message>
    <message>
        <source>settings file</source>
        <translation>设置文件</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认值</translation>
    </message>
</context>
<context>
    <name>egb::AppSettings</name>
    <message>
        <source>&quot;%1&quot; is not a whole number from %2 to %3.</source>
        <translation>“%1”不是 %2 到 %3 之间的整数。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// address. Give one like http://127.0.0.1:8080.</source>
        <translation>“%1”不是 http:// 或 https:// 地址。请给出类似 http://127.0.0.1:8080 的地址。</translation>
    </message>
    <message>
        <source>The model name is empty. Give one like %1.</source>
        <translation>模型名称为空。请给出一个，例如 %1。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a number from %2 to %3.</source>
        <translation>“%1”不是 %2 到 %3 之间的数字。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a selection strategy: use weighted or round_robin.</source>
        <translation>“%1”不是选择策略：请使用 weighted 或 round_robin。</translation>
    </message>
    <message>
        <source>The database path is empty. Give a file, e.g. keys.db.</source>
        <translation>数据库路径为空。请给出一个文件，例如 keys.db。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a language: use system, en or zh_CN.</source>
        <translation>“%1”不是语言：请使用 system、en 或 zh_CN。</translation>
    </message>
    <message>
        <source>There is no setting &quot;%1&quot;. The settings are: %2.</source>
        <translation>没有名为“%1”的设置。可用的设置有：%2。</translation>
    </message>
</context>
<context>
    <name>egb::AttachmentTray</name>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Sent with your next message. Delete removes the selected file.</source>
        <translation>随下一条消息发送。按 Delete 移除所选文件。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) attached, %1 in all</source>
        <translation>
            <numerusform>已附加 %n 个文件，共 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The pasted image could not be read.</source>
        <translation>无法读取粘贴的图片。</translation>
    </message>
    <message>
        <source>pasted image %1.png</source>
        <translation>粘贴的图片 %1.png</translation>
    </message>
</context>
<context>
    <name>egb::AttemptRecord</name>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>key rejected</source>
        <translation>密钥被拒绝</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>限流</translation>
    </message>
    <message>
        <source>server or network fault</source>
        <translation>服务器或网络故障</translation>
    </message>
    <message>
        <source>request refused</source>
        <translation>请求被拒绝</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1（HTTP %2）</translation>
    </message>
    <message>
        <source>attempt %1, key %2: %3</source>
        <translation>第 %1 次尝试，密钥 %2：%3</translation>
    </message>
    <message>
        <source>%1, retrying with another key</source>
        <translation>%1，换用其他密钥重试</translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation>%1，%2 秒后重试</translation>
    </message>
</context>
<context>
    <name>egb::AttemptSummary</name>
    <message>
        <source>rate-limited</source>
        <translation>被限流</translation>
    </message>
    <message>
        <source>rejected (HTTP %1)</source>
        <translation>被拒绝（HTTP %1）</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>failed (HTTP %1)</source>
        <translation>失败（HTTP %1）</translation>
    </message>
    <message>
        <source>failed (%1)</source>
        <translation>失败（%1）</translation>
    </message>
    <message>
        <source>refused the request</source>
        <translation>拒绝了请求</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>key %1 %2, retried</source>
        <translation>密钥 %1 %2，已重试</translation>
    </message>
    <message>
        <source>key %1 %2, retried with %3</source>
        <translation>密钥 %1 %2，已改用 %3 重试</translation>
    </message>
</context>
<context>
    <name>egb::BatchHistoryDialog</name>
    <message>
        <source>this app</source>
        <translation>本应用</translation>
    </message>
    <message>
        <source>running here</source>
        <translation>正在此处运行</translation>
    </message>
    <message>
        <source>stopped, can be resumed</source>
        <translation>已停止，可继续</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Batch history</source>
        <translation>批量任务历史</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>提示数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Show the run&apos;s results on the Batch page, to read, export or retry the failed prompts</source>
        <translation>在批处理页显示此次运行的结果，可阅读、导出或重试失败的提示</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Send the prompts still without an answer (answered ones are not sent again)</source>
        <translation>发送尚无回答的提示（已回答的不会再次发送）</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>That batch could not be found in the database.</source>
        <translation>在数据库中找不到该批量任务。</translation>
    </message>
    <message>
        <source>This batch is running. Cancel it first.</source>
        <translation>该批量任务正在运行。请先取消它。</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON 行 (*.jsonl)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message numerus="yes">
        <source>Delete the batch &quot;%1&quot; and its %n result(s)? This cannot be undone.</source>
        <translation>
            <numerusform>删除批量任务“%1”及其 %n 条结果？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>It was saved moments ago: it may be running in another window or in egb.</source>
        <translation>它刚刚保存过：可能正在另一个窗口或 egb 中运行。</translation>
    </message>
    <message>
        <source>Delete batch</source>
        <translation>删除批量任务</translation>
    </message>
    <message>
        <source>Delete failed</source>
        <translation>删除失败</translation>
    </message>
</context>
<context>
    <name>egb::BatchJob</name>
    <message>
        <source>%1 Google said: %2</source>
        <translation>%1 Google 的回复：%2</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>A batch is still running. Wait for it or cancel it first.</source>
        <translation>仍有批量任务在运行。请等待它结束或先取消它。</translation>
    </message>
    <message>
        <source>There is nothing to send: give at least one prompt.</source>
        <translation>没有可发送的内容：请至少给出一个提示词。</translation>
    </message>
    <message>
        <source>That batch could not be found in the database.</source>
        <translation>在数据库中找不到该批量任务。</translation>
    </message>
    <message>
        <source>No prompt failed: there is nothing to send again.</source>
        <translation>没有失败的提示词：无需重新发送。</translation>
    </message>
    <message>
        <source>Batches are not available: there is no key pool.</source>
        <translation>无法使用批量任务：没有密钥池。</translation>
    </message>
</context>
<context>
    <name>egb::BatchPage</name>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Open prompts…</source>
        <translation>打开提示词…</translation>
    </message>
    <message>
        <source>.txt (one prompt a line), .csv (choose the column) or .jsonl (a &quot;prompt&quot; field)</source>
        <translation>.txt（每行一个提示词）、.csv（选择所在列）或 .jsonl（“prompt”字段）</translation>
    </message>
    <message>
        <source>The CSV column that holds the prompts</source>
        <translation>存放提示词的 CSV 列</translation>
    </message>
    <message>
        <source>Or paste prompts below, one a line.</source>
        <translation>或在下方粘贴提示词，每行一个。</translation>
    </message>
    <message>
        <source>One prompt a line</source>
        <translation>每行一个提示词</translation>
    </message>
    <message>
        <source>Using the pasted prompts.</source>
        <translation>使用粘贴的提示词。</translation>
    </message>
    <message>
        <source>Optional template, e.g. &quot;Translate to French: {input}&quot;</source>
        <translation>可选模板，例如“翻译成法语：{input}”</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>Prompts in flight at once</source>
        <translation>同时处理的提示词数量</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Max output tokens</source>
        <translation>最大输出 token 数</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>As CSV…</source>
        <translation>导出为 CSV…</translation>
    </message>
    <message>
        <source>As JSONL…</source>
        <translation>导出为 JSONL…</translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) from %1</source>
        <translation>
            <numerusform>来自 %1 的 %n 个提示词</numerusform>
        </translation>
    </message>
    <message>
        <source>the list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>%1 holds no prompts.</source>
        <translation>%1 中没有提示词。</translation>
    </message>
    <message>
        <source>%1 holds no prompts: line %2: %3</source>
        <translation>%1 中没有提示词：第 %2 行：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped; the first: line %1: %2</source>
        <translation>
            <numerusform>跳过了 %n 行；第一处：第 %1 行：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Open prompts</source>
        <translation>打开提示词</translation>
    </message>
    <message>
        <source>Prompts (*.txt *.csv *.jsonl *.ndjson);;All files (*)</source>
        <translation>提示词文件 (*.txt *.csv *.jsonl *.ndjson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>There is nothing to send: open a prompt file or paste prompts, one a line.</source>
        <translation>没有可发送的内容：请打开提示词文件，或粘贴提示词（每行一个）。</translation>
    </message>
    <message>
        <source>Pasted prompts</source>
        <translation>粘贴的提示词</translation>
    </message>
    <message>
        <source>This run is not being saved (it cannot be resumed after a restart): %1</source>
        <translation>本次任务未被保存（重新启动后无法继续）：%1</translation>
    </message>
    <message>
        <source>Batches are not available: the app has no key pool. Restart the app.</source>
        <translation>批量任务不可用：应用没有密钥池。请重新启动应用。</translation>
    </message>
    <message>
        <source>Results are not being saved (they are kept in memory and retried): %1</source>
        <translation>结果未被保存（暂存在内存中并会重试保存）：%1</translation>
    </message>
    <message>
        <source>%1 done · %2 failed · %3 remaining</source>
        <translation>已完成 %1 · 失败 %2 · 剩余 %3</translation>
    </message>
    <message>
        <source> · %1 requests/s · ETA %2</source>
        <translation> · %1 个请求/秒 · 预计剩余 %2</translation>
    </message>
    <message>
        <source> · paused (requests in flight finish)</source>
        <translation> · 已暂停（进行中的请求会继续完成）</translation>
    </message>
    <message numerus="yes">
        <source>The batch &quot;%1&quot; stopped before it was done: %n prompt(s) still without an answer (%2 answered, %3 failed). Resume it? Answered prompts are not sent again.</source>
        <translation>
            <numerusform>批量任务“%1”在完成前停止了：还有 %n 个提示词没有回答（已回答 %2 个，失败 %3 个）。要继续吗？已回答的提示词不会再次发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>That batch could not be found in the database.</source>
        <translation>在数据库中找不到该批量任务。</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source> · cancelled</source>
        <translation> · 已取消</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>Every batch the database holds: open, resume, export or delete one</source>
        <translation>数据库中的所有批量任务：打开、继续、导出或删除</translation>
    </message>
    <message>
        <source>Showing the batch &quot;%1&quot; of %2.</source>
        <translation>正在显示 %2 的批量任务“%1”。</translation>
    </message>
</context>
<context>
    <name>egb::BatchResultFormat</name>
    <message>
        <source>Could not write %1: %2. Choose another folder or check its permissions.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹或检查其权限。</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Free some disk space or choose another folder.</source>
        <translation>无法写入 %1：%2。请释放一些磁盘空间或选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>egb::BatchResultModel</name>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
</context>
<context>
    <name>egb::BatchResultsView</name>
    <message>
        <source>Sho&amp;w</source>
        <translation>显示(&amp;W)</translation>
    </message>
    <message>
        <source>Select a row to read its full answer.</source>
        <translation>选择一行以查看完整回答。</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Not answered yet</source>
        <translation>尚未回答</translation>
    </message>
    <message>
        <source>Filter by prompt, answer or error</source>
        <translation>按提示、回答或错误筛选</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>显示 %1 / %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>No answer yet.</source>
        <translation>尚无回答。</translation>
    </message>
</context>
<context>
    <name>egb::BatchRunStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation>%1：%2。请检查应用的数据文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>Could not open the batch history</source>
        <translation>无法打开批量任务历史</translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation>数据库未打开</translation>
    </message>
    <message>
        <source>Could not prepare the batch history</source>
        <translation>无法准备批量任务历史</translation>
    </message>
    <message>
        <source>Could not save the batch</source>
        <translation>无法保存批量任务</translation>
    </message>
    <message>
        <source>Could not delete the batch</source>
        <translation>无法删除批量任务</translation>
    </message>
    <message>
        <source>Could not save the batch results</source>
        <translation>无法保存批量任务结果</translation>
    </message>
    <message>
        <source>Could not read the batch history</source>
        <translation>无法读取批量任务历史</translation>
    </message>
    <message>
        <source>Could not read the batch</source>
        <translation>无法读取批量任务</translation>
    </message>
</context>
<context>
    <name>egb::BatchRunner</name>
    <message>
        <source>Another batch is still running. Wait for it or cancel it first.</source>
        <translation>另一个批量任务仍在运行。请等待其完成或先取消它。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Cancelled before it was sent.</source>
        <translation>发送前已取消。</translation>
    </message>
</context>
<context>
    <name>egb::ChatModelChooser</name>
    <message>
        <source>The model that answers. The list comes from Google through one of your keys.</source>
        <translation>用于回答的模型。列表由 Google 通过你的某个密钥提供。</translation>
    </message>
    <message>
        <source>Could not list the models (no key answered); those listed on %1 are offered.</source>
        <translation>无法列出模型（没有密钥应答）；现提供 %1 列出的模型。</translation>
    </message>
    <message>
        <source>Could not list the models (no key answered); the usual models are offered.</source>
        <translation>无法获取模型列表（没有密钥得到响应）；现提供常用模型。</translation>
    </message>
    <message>
        <source>Ask Google again for the models your keys can use (last listed on %1; the list is kept for a day)</source>
        <translation>重新向 Google 查询您的密钥可用的模型（上次列出于 %1；列表保留一天）</translation>
    </message>
    <message>
        <source>Ask Google for the models your keys can use</source>
        <translation>向 Google 查询你的密钥可用的模型</translation>
    </message>
</context>
<context>
    <name>egb::ChatPage</name>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>As Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>As JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Thinking budget in tokens: 0 turns thinking off (where the model allows it).</source>
        <translation>思考预算（token 数）：0 表示关闭思考（如果模型允许）。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Max output tokens</source>
        <translation>最大输出 token 数</translation>
    </message>
    <message>
        <source>Thinking budget</source>
        <translation>思考预算</translation>
    </message>
    <message>
        <source>System instruction (optional), e.g. &quot;Answer briefly.&quot;</source>
        <translation>系统指令（可选），例如“请简短回答。”</translation>
    </message>
    <message>
        <source>Message Gemini (Enter sends, Shift+Enter for a new line)</source>
        <translation>给 Gemini 发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Chat is not available: the app has no connection to Gemini. Restart the app; if it keeps happening, check the base URL in Settings.</source>
        <translation>聊天不可用：应用未能连接到 Gemini。请重新启动应用；如果问题依旧，请检查“设置”中的基础 URL。</translation>
    </message>
    <message>
        <source>This conversation is not being saved: %1</source>
        <translation>此对话未被保存：%1</translation>
    </message>
    <message>
        <source>key %1 %2 mid-answer; starting again with another key…</source>
        <translation>密钥 %1 在回答中途%2；正在换用其他密钥重新开始…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>%1
Google said: %2</source>
        <translation>%1
Google 返回：%2</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <source>Stopped by you.</source>
        <translation>已由你停止。</translation>
    </message>
    <message>
        <source>That conversation could not be opened: it was deleted or the database cannot be read.</source>
        <translation>无法打开该对话：它已被删除，或数据库无法读取。</translation>
    </message>
    <message>
        <source>That conversation no longer exists.</source>
        <translation>该对话已不存在。</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose another folder or free some disk space.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹或释放一些磁盘空间。</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; and all its messages? This cannot be undone.</source>
        <translation>删除“%1”及其所有消息？此操作无法撤销。</translation>
    </message>
    <message>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Lower is more focused, higher more varied.</source>
        <translation>越低越集中，越高越多样。</translation>
    </message>
    <message>
        <source>key %1 %2; trying again…</source>
        <translation>密钥 %1 %2；正在重试…</translation>
    </message>
    <message>
        <source>Every key is cooling down; waiting %1 s for the first to come back…</source>
        <translation>所有密钥都在冷却中；等待 %1 秒，直到第一个密钥恢复…</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Ask the last question again; its answer is replaced</source>
        <translation>再次提出最后一个问题；替换其回答</translation>
    </message>
    <message>
        <source>Edit last</source>
        <translation>编辑上一条</translation>
    </message>
    <message>
        <source>Take the last question back into the input to change it (Up in an empty input); it and its answer are removed</source>
        <translation>把最后一个问题放回输入框以便修改（在空输入框中按上方向键）；它及其回答会被移除</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附件…</translation>
    </message>
    <message>
        <source>Add images, PDFs, text, audio or video files to your next message (or drop them on the page, or paste an image into the input)</source>
        <translation>为下一条消息添加图片、PDF、文本、音频或视频文件（也可拖放到本页，或在输入框中粘贴图片）</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Images, PDFs, text, audio and video (*.png *.jpg *.jpeg *.webp *.heic *.heif *.pdf *.txt *.md *.csv *.html *.css *.xml *.json *.py *.js *.ts *.c *.cpp *.h *.java *.go *.rs *.log *.wav *.mp3 *.aiff *.aac *.ogg *.flac *.mp4 *.mpeg *.mov *.avi *.webm *.3gp);;All files (*)</source>
        <translation>图片、PDF、文本、音频和视频 (*.png *.jpg *.jpeg *.webp *.heic *.heif *.pdf *.txt *.md *.csv *.html *.css *.xml *.json *.py *.js *.ts *.c *.cpp *.h *.java *.go *.rs *.log *.wav *.mp3 *.aiff *.aac *.ogg *.flac *.mp4 *.mpeg *.mov *.avi *.webm *.3gp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Uploading files to Gemini…</source>
        <translation>正在上传文件到 Gemini…</translation>
    </message>
</context>
<context>
    <name>egb::ChatView</name>
    <message>
        <source>key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 次尝试</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 + %2 tokens</source>
        <translation>%1 + %2 个 token</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Copy code block</source>
        <translation>复制代码块</translation>
    </message>
    <message>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Attached: %1 (%2)</source>
        <translation>附件：%1（%2）</translation>
    </message>
</context>
<context>
    <name>egb::ClientSettings</name>
    <message>
        <source>The certificate file &quot;%1&quot; does not exist.</source>
        <translation>证书文件“%1”不存在。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a regular file; give a PEM file of CA certificates.</source>
        <translation>“%1”不是普通文件；请给出一个包含 CA 证书的 PEM 文件。</translation>
    </message>
    <message>
        <source>The certificate file &quot;%1&quot; is larger than %2 MB; give a PEM file of CA certificates.</source>
        <translation>证书文件“%1”大于 %2 MB；请给出一个包含 CA 证书的 PEM 文件。</translation>
    </message>
    <message>
        <source>The certificate file &quot;%1&quot; cannot be read: %2</source>
        <translation>无法读取证书文件“%1”：%2</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; holds no PEM certificate (-----BEGIN CERTIFICATE-----).</source>
        <translation>文件“%1”中没有 PEM 证书（-----BEGIN CERTIFICATE-----）。</translation>
    </message>
    <message>
        <source>%1 (from %2)</source>
        <translation>%1（来自 %2）</translation>
    </message>
</context>
<context>
    <name>egb::ConversationStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation>%1：%2。请检查应用的数据文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>Could not open the chat history</source>
        <translation>无法打开聊天记录</translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation>数据库未打开</translation>
    </message>
    <message>
        <source>Could not prepare the chat history</source>
        <translation>无法准备聊天记录</translation>
    </message>
    <message>
        <source>Could not read the conversations</source>
        <translation>无法读取对话列表</translation>
    </message>
    <message>
        <source>Could not save the conversation</source>
        <translation>无法保存对话</translation>
    </message>
    <message>
        <source>it no longer exists</source>
        <translation>它已不存在</translation>
    </message>
    <message>
        <source>Could not rename the conversation</source>
        <translation>无法重命名对话</translation>
    </message>
    <message>
        <source>Could not delete the conversation</source>
        <translation>无法删除对话</translation>
    </message>
    <message>
        <source>Could not read the conversation</source>
        <translation>无法读取对话</translation>
    </message>
    <message>
        <source>Could not save the message</source>
        <translation>无法保存消息</translation>
    </message>
    <message>
        <source>the conversation no longer exists</source>
        <translation>该对话已不存在</translation>
    </message>
    <message>
        <source>Could not delete the message</source>
        <translation>无法删除消息</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>System instruction:</source>
        <translation>系统指令：</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>key %1 · %n attempt(s) · %2 ms · %3 tokens</source>
        <translation>
            <numerusform>密钥 %1 · %n 次尝试 · %2 毫秒 · %3 个 token</numerusform>
        </translation>
    </message>
    <message>
        <source>Models: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Could not search the conversations</source>
        <translation>无法搜索对话</translation>
    </message>
    <message>
        <source>Could not read the conversation&apos;s attachments</source>
        <translation>无法读取对话的附件</translation>
    </message>
    <message>
        <source>Could not save the message&apos;s attachments</source>
        <translation>无法保存消息的附件</translation>
    </message>
    <message numerus="yes">
        <source>Attached: %1 (%2, %n byte(s))</source>
        <translation>
            <numerusform>附件：%1（%2，%n 字节）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::DatabaseCopier</name>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个密钥</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n import(s) in the history</source>
        <translation>
            <numerusform>%n 条导入记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conversation(s)</source>
        <translation>
            <numerusform>%n 个对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chat message(s)</source>
        <translation>
            <numerusform>%n 条聊天消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch run(s)</source>
        <translation>
            <numerusform>%n 个批量任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch prompt(s) with their results</source>
        <translation>
            <numerusform>%n 个批量提示词及其结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy access token(s)</source>
        <translation>
            <numerusform>%n 个代理访问令牌</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无内容</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Name the database to copy from (--from) and the one to copy to (--to): a file path or a postgresql:// address.</source>
        <translation>请指定要从中复制的数据库（--from）和要复制到的数据库（--to）：文件路径或 postgresql:// 地址。</translation>
    </message>
    <message>
        <source>%1 is both the source and the target: name another database with --to.</source>
        <translation>%1 既是源又是目标：请用 --to 指定另一个数据库。</translation>
    </message>
    <message>
        <source>There is no database file %1: check the path given to --from.</source>
        <translation>数据库文件 %1 不存在：请检查 --from 给出的路径。</translation>
    </message>
    <message>
        <source>Could not open the source: %1</source>
        <translation>无法打开源数据库：%1</translation>
    </message>
    <message>
        <source>Could not read the keys of %1: %2</source>
        <translation>无法读取 %1 中的密钥：%2</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Could not open the target: %1</source>
        <translation>无法打开目标数据库：%1</translation>
    </message>
    <message>
        <source>%1 is not empty: it holds %2. Nothing was copied. To replace what it holds with the pool of %3, run the command again with --replace; or copy to a new or empty database.</source>
        <translation>%1 不是空的：其中有 %2。未复制任何内容。若要用 %3 的密钥池替换其中的内容，请加上 --replace 再运行一次该命令；或者复制到一个新的或空的数据库。</translation>
    </message>
    <message>
        <source>Could not copy to %1: %2 The target holds a partial copy: run the command again with --replace once the problem is solved.</source>
        <translation>无法复制到 %1：%2 目标中只有部分副本：问题解决后，请加上 --replace 再运行一次该命令。</translation>
    </message>
    <message>
        <source>Could not copy to %1: %2 Nothing was written.</source>
        <translation>无法复制到 %1：%2 未写入任何内容。</translation>
    </message>
    <message>
        <source>Could not read back the copy in %1: %2 Check the target, then run the command again with --replace.</source>
        <translation>无法读回 %1 中的副本：%2 请检查目标，然后加上 --replace 再运行一次该命令。</translation>
    </message>
    <message>
        <source>The copy in %1 does not match the source (it holds %2, the source %3): another program may have changed one of them meanwhile. Run the command again with --replace.</source>
        <translation>%1 中的副本与源不一致（副本中有 %2，源中有 %3）：可能有其他程序同时修改了其中之一。请加上 --replace 再运行一次该命令。</translation>
    </message>
</context>
<context>
    <name>egb::Dispatcher</name>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>The key pool was closed before the request could be sent.</source>
        <translation>请求发送前密钥池已关闭。</translation>
    </message>
    <message numerus="yes">
        <source>No usable key: all %n key(s) in the pool are disabled. Re-enable or add keys, then try again.</source>
        <translation>
            <numerusform>没有可用的密钥：密钥池中的 %n 个密钥全部被禁用。请重新启用或添加密钥后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every usable key is resting after rate limits; the first is back in %1 s, after this request&apos;s deadline. Wait and try again, or add keys.</source>
        <translation>所有可用密钥都因限流在冷却中；最早的一个将在 %1 秒后恢复，晚于本次请求的截止时间。请稍后重试，或添加密钥。</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n attempt(s); last: %2)</source>
        <translation>
            <numerusform>%1（%n 次尝试；最后一次：%2）</numerusform>
        </translation>
    </message>
    <message>
        <source>Gemini refused the request (HTTP %1): %2</source>
        <translation>Gemini 拒绝了请求（HTTP %1）：%2</translation>
    </message>
    <message>
        <source>Gemini refused the request: %1</source>
        <translation>Gemini 拒绝了请求：%1</translation>
    </message>
    <message numerus="yes">
        <source>Every key tried was rejected or rate-limited (%n attempt(s)). Last error: %1 Check the keys on the Keys page or add more.</source>
        <translation>
            <numerusform>尝试过的密钥全部被拒绝或被限流（%n 次尝试）。最近的错误：%1 请在“密钥”页检查密钥，或添加更多密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The request ran out of time after %n attempt(s). Last error: %1</source>
        <translation>
            <numerusform>请求在 %n 次尝试后超时。最近的错误：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Gemini kept failing (%n attempt(s)). Last error: %1 Try again later.</source>
        <translation>
            <numerusform>Gemini 持续出错（%n 次尝试）。最近的错误：%1 请稍后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>No network client is set up for this dispatcher.</source>
        <translation>此调度器没有配置网络客户端。</translation>
    </message>
    <message>
        <source>%1 is not offered to any project of the pool (Google answered with a quota of 0). Use another model, or add keys of a project that may use it.</source>
        <translation>池中没有任何项目可以使用 %1（Google 返回的配额为 0）。请换用其他模型，或添加可以使用该模型的项目的密钥。</translation>
    </message>
    <message>
        <source>The key pool is empty. Add Gemini API keys (Keys page, or &quot;egb import FILE&quot;) and try again.</source>
        <translation>密钥池为空。请添加 Gemini API 密钥（在“密钥”页，或使用“egb import FILE”）后重试。</translation>
    </message>
    <message>
        <source>No key of project %1 can serve this: the file it refers to belongs to that project, and none of its keys will be usable (disabled, removed, or the model is not offered there). Re-enable or add a key of that project, or upload the file again.</source>
        <translation>项目 %1 没有可用的密钥来处理此请求：请求引用的文件属于该项目，而该项目的密钥都无法使用（已禁用、已移除，或该项目不提供此模型）。请重新启用或添加该项目的密钥，或重新上传文件。</translation>
    </message>
</context>
<context>
    <name>egb::ErrorClassifier</name>
    <message>
        <source>Gemini sent an answer that could not be read (not valid JSON). This is usually temporary; the request is retried.</source>
        <translation>Gemini 返回的响应无法解析（不是有效的 JSON）。这通常是暂时的，请求会自动重试。</translation>
    </message>
    <message>
        <source>HTTP %1 without a Gemini error message: %2</source>
        <translation>HTTP %1，没有 Gemini 错误信息：%2</translation>
    </message>
    <message>
        <source>Gemini blocked the prompt (reason: %1). Change the prompt; sending it again will not help.</source>
        <translation>Gemini 拦截了此提示词（原因：%1）。请修改提示词；重复发送不会有帮助。</translation>
    </message>
    <message>
        <source>Gemini answered without any candidate. This is usually temporary; the request is retried.</source>
        <translation>Gemini 的响应中没有任何候选结果。这通常是暂时的，请求会自动重试。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No answer in time (timed out). The request is retried; if this keeps happening, raise the timeout or check the network.</source>
        <translation>未能及时得到响应（超时）。请求会自动重试；如果反复出现，请调高超时时间或检查网络。</translation>
    </message>
    <message>
        <source>Network error: %1. Check the connection or the base URL.</source>
        <translation>网络错误：%1。请检查网络连接或基础 URL。</translation>
    </message>
    <message>
        <source>The request succeeded.</source>
        <translation>请求成功。</translation>
    </message>
    <message>
        <source>The key was rejected (invalid, suspended or out of credit). It is disabled; check it in Google AI Studio.</source>
        <translation>密钥被拒绝（无效、已停用或额度用尽）。该密钥已被禁用；请在 Google AI Studio 中检查。</translation>
    </message>
    <message>
        <source>The key&apos;s quota is used up for now. It rests until the quota returns.</source>
        <translation>该密钥的配额暂时用完，将冷却到配额恢复。</translation>
    </message>
    <message>
        <source>Gemini or the network failed. This is usually temporary; the request is retried.</source>
        <translation>Gemini 或网络出现故障。这通常是暂时的，请求会自动重试。</translation>
    </message>
    <message>
        <source>Gemini refused the request itself (not the key). Check the model name and the request.</source>
        <translation>Gemini 拒绝了请求本身（而不是密钥）。请检查模型名称和请求内容。</translation>
    </message>
    <message>
        <source>Gemini sent a stream event that could not be read. The request is retried.</source>
        <translation>Gemini 发送了无法解析的流式事件。请求会自动重试。</translation>
    </message>
    <message>
        <source>The stream was cut short (%1). The request is retried.</source>
        <translation>流式输出中途中断（%1）。请求会自动重试。</translation>
    </message>
    <message>
        <source>Gemini answered the stream with something that is not an event stream. The request is retried.</source>
        <translation>Gemini 对流式请求返回的不是事件流。请求会自动重试。</translation>
    </message>
    <message>
        <source>The stream was cut short before the answer was complete. The request is retried.</source>
        <translation>回答尚未完成，流式输出就中断了。请求会自动重试。</translation>
    </message>
    <message>
        <source>The model list could not be read (not valid JSON). Try again later.</source>
        <translation>无法解析模型列表（不是有效的 JSON）。请稍后再试。</translation>
    </message>
    <message>
        <source>Gemini sent a stream event that could not be read.</source>
        <translation>Gemini 发送了一个无法读取的流事件。</translation>
    </message>
    <message>
        <source>The stream was cut short before the answer was complete.</source>
        <translation>流在回答完成前被截断。</translation>
    </message>
    <message>
        <source>Gemini&apos;s answer is larger than the limit (%1 MB); it was stopped there and the request is not retried.</source>
        <translation>Gemini 的回答超过了上限（%1 MB）；已在此处停止，请求不会重试。</translation>
    </message>
</context>
<context>
    <name>egb::ExportKeysDialog</name>
    <message>
        <source>Text, one key per line (.txt)</source>
        <translation>文本，每行一个密钥（.txt）</translation>
    </message>
    <message>
        <source>CSV with label, group and health (.csv)</source>
        <translation>CSV，含标签、分组和健康状况（.csv）</translation>
    </message>
    <message numerus="yes">
        <source>The %n selected key(s)</source>
        <translation>
            <numerusform>选中的 %n 个密钥</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n key(s)</source>
        <translation>
            <numerusform>全部 %n 个密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>Export keys</source>
        <translation>导出密钥</translation>
    </message>
    <message>
        <source>Text files (*.txt);;CSV files (*.csv);;All files (*)</source>
        <translation>文本文件 (*.txt);;CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The file will hold working keys and be readable by you only. Keep it safe and delete it when you no longer need it.</source>
        <translation>该文件将包含可直接使用的密钥，且只有你能读取。请妥善保管，不再需要时将其删除。</translation>
    </message>
    <message>
        <source>Keys are masked (AIza…Xy12): the file is safe to share, but cannot be imported again.</source>
        <translation>密钥将被遮盖（AIza…Xy12）：该文件可以安全分享，但无法再导入。</translation>
    </message>
</context>
<context>
    <name>egb::GeminiClient</name>
    <message>
        <source>No complete answer within %1 s (timed out: the time limit of one attempt). The request is retried; if this keeps happening, raise the timeout (--timeout) or check the network.</source>
        <translation>%1 秒内没有收到完整回答（超时：单次尝试的时间上限）。请求会重试；如果一直如此，请调高超时（--timeout）或检查网络。</translation>
    </message>
    <message>
        <source>The stream was still going after %1 s (timed out: the time limit of one attempt). The request is retried; raise the timeout (--timeout) for longer answers.</source>
        <translation>流式回答在 %1 秒后仍未结束（超时：单次尝试的时间上限）。请求会重试；需要更长的回答时请调高超时（--timeout）。</translation>
    </message>
    <message>
        <source>The stream sent no event for %1 s (timed out). The request is retried.</source>
        <translation>流式回答 %1 秒内没有发来任何事件（超时）。请求会重试。</translation>
    </message>
    <message>
        <source>The attempt was stopped at the request&apos;s deadline (timed out after %1 s); raise the deadline (--deadline) to wait longer.</source>
        <translation>该尝试在请求的截止时间被停止（%1 秒后超时）；如需等待更久，请调高截止时间（--deadline）。</translation>
    </message>
    <message>
        <source>The stream grew larger than %1 MB, the limit for one streamed answer; reading stopped there and the request is not retried. Raise the limit (maxStreamBytes) if such answers are expected.</source>
        <translation>流式回答超过了 %1 MB，即单个流式回答的上限；读取已在此处停止，请求不会重试。如果确实需要这么大的回答，请调高上限（maxStreamBytes）。</translation>
    </message>
    <message>
        <source>The answer was larger than %1 MB, the limit for one answer; reading stopped there and the request is not retried. Raise the limit (maxResponseBytes) if such answers are expected.</source>
        <translation>回答超过了 %1 MB，即单个回答的上限；读取已在此处停止，请求不会重试。如果确实需要这么大的回答，请调高上限（maxResponseBytes）。</translation>
    </message>
    <message>
        <source>The server&apos;s TLS certificate was refused: %1. If the server uses a private certificate authority, trust its certificate with EGB_CA_FILE (a PEM file) or the caCertificates setting.</source>
        <translation>服务器的 TLS 证书被拒绝：%1。如果服务器使用私有证书颁发机构，请通过 EGB_CA_FILE（PEM 文件）或 caCertificates 设置信任其证书。</translation>
    </message>
    <message>
        <source>The server did not say where to upload the file. Try again later.</source>
        <translation>服务器没有告知文件的上传地址。请稍后重试。</translation>
    </message>
    <message>
        <source>The server asked for the file to be uploaded to another host (%1); it was not sent there.</source>
        <translation>服务器要求把文件上传到另一台主机（%1）；文件没有发送到那里。</translation>
    </message>
    <message>
        <source>The server took the file but did not name it. Try again later.</source>
        <translation>服务器接收了文件，但没有给出文件名。请稍后重试。</translation>
    </message>
</context>
<context>
    <name>egb::HealthPolicy</name>
    <message>
        <source>The request failed with HTTP status %1.</source>
        <translation>请求失败，HTTP 状态码 %1。</translation>
    </message>
    <message>
        <source>The request failed before Google answered (timeout or lost connection).</source>
        <translation>请求在 Google 响应之前就失败了（超时或连接中断）。</translation>
    </message>
    <message>
        <source>Google refused this key (HTTP %1). Check it in Google AI Studio, then enable it again.</source>
        <translation>Google 拒绝了此密钥（HTTP %1）。请在 Google AI Studio 中检查后重新启用。</translation>
    </message>
</context>
<context>
    <name>egb::ImportController</name>
    <message>
        <source>Key files (*.txt *.csv *.env *.json *.keys)</source>
        <translation>密钥文件 (*.txt *.csv *.env *.json *.keys)</translation>
    </message>
    <message>
        <source>Text files (*.txt *.keys)</source>
        <translation>文本文件 (*.txt *.keys)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Environment files (*.env .env)</source>
        <translation>环境变量文件 (*.env .env)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>An import is already running; wait for it to finish.</source>
        <translation>已有导入正在进行，请等待其完成。</translation>
    </message>
    <message>
        <source>Import keys</source>
        <translation>导入密钥</translation>
    </message>
    <message>
        <source>The clipboard holds no text. Copy your keys first, then paste.</source>
        <translation>剪贴板中没有文本。请先复制密钥，再粘贴。</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Reading keys…</source>
        <translation>正在读取密钥…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message numerus="yes">
        <source>Adding %n key(s)…</source>
        <translation>
            <numerusform>正在添加 %n 个密钥…</numerusform>
        </translation>
    </message>
    <message>
        <source>already in the pool</source>
        <translation>已在密钥池中</translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled: %n key(s) added before you stopped it.</source>
        <translation>
            <numerusform>导入已取消：停止前已添加 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n key(s)</source>
        <translation>
            <numerusform>已导入 %n 个密钥</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s)</source>
        <translation>
            <numerusform>%n 个重复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n 个被拒绝</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::ImportHistoryStore</name>
    <message>
        <source>%1: %2. Check that the app&apos;s data folder is writable and the disk is not full.</source>
        <translation>%1：%2。请检查应用的数据文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>Could not open the import history</source>
        <translation>无法打开导入记录</translation>
    </message>
    <message>
        <source>the database is not open</source>
        <translation>数据库未打开</translation>
    </message>
    <message>
        <source>Could not prepare the import history</source>
        <translation>无法准备导入记录</translation>
    </message>
    <message>
        <source>Could not save the import history</source>
        <translation>无法保存导入记录</translation>
    </message>
    <message>
        <source>Could not read the import history</source>
        <translation>无法读取导入记录</translation>
    </message>
</context>
<context>
    <name>egb::ImportResultDialog</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>You stopped the import. %n key(s) were added before that; they are saved.</source>
        <translation>
            <numerusform>你已停止导入。在此之前已添加 %n 个密钥，并已保存。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new key(s) added to the pool and saved.</source>
        <translation>
            <numerusform>已向密钥池添加并保存 %n 个新密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>No new keys were added: every key found was already known, or no line held a Gemini key.</source>
        <translation>没有添加新密钥：找到的密钥都已存在，或者没有任何一行包含 Gemini 密钥。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>没有导入任何内容。</translation>
    </message>
    <message>
        <source>Rejected lines hold no valid Gemini key (&quot;AIza&quot; followed by 35 letters, digits, &quot;-&quot; or &quot;_&quot;); fix them and import again.</source>
        <translation>被拒绝的行中没有有效的 Gemini 密钥（“AIza”加上 35 个字母、数字、“-”或“_”）；请修正后重新导入。</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more line(s) not listed.</source>
        <translation>
            <numerusform>……另有 %n 行未列出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
</context>
<context>
    <name>egb::KeyCheckSummary</name>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n 个被拒绝</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rate-limited (resting)</source>
        <translation>
            <numerusform>%n 个被限流（休息中）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be checked (server trouble)</source>
        <translation>
            <numerusform>%n 个无法检查（服务器故障）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not checked</source>
        <translation>
            <numerusform>%n 个未检查</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::KeyDetailPane</name>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>paced: just under the project&apos;s limit</source>
        <translation>限速中：刚好低于项目的限额</translation>
    </message>
    <message>
        <source>resting after a 429, %1 left</source>
        <translation>收到 429 后休息中，还剩 %1</translation>
    </message>
    <message>
        <source>daily quota spent, back at %1</source>
        <translation>每日配额已用完，%1 恢复</translation>
    </message>
    <message>
        <source>not offered to this project</source>
        <translation>此项目不提供</translation>
    </message>
    <message>
        <source>Select a key to see its quota per model.</source>
        <translation>选择一个密钥以查看其各模型的配额。</translation>
    </message>
    <message>
        <source>%1: its own project (no group)</source>
        <translation>%1：独立项目（无分组）</translation>
    </message>
    <message>
        <source>%1: project %2 (shared by the keys of this group)</source>
        <translation>%1：项目 %2（此分组的密钥共享）</translation>
    </message>
    <message>
        <source>%1 requests per %2 s</source>
        <translation>每 %2 秒 %1 个请求</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No model was requested with it yet.</source>
        <translation>尚未用它请求任何模型。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Quota state</source>
        <translation>配额状态</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>今日请求</translation>
    </message>
    <message>
        <source>Input tokens today</source>
        <translation>今日输入令牌</translation>
    </message>
    <message>
        <source>Learned limit</source>
        <translation>学到的限额</translation>
    </message>
    <message>
        <source>Forget learned limits</source>
        <translation>忘记学到的限额</translation>
    </message>
    <message>
        <source>The pool paces the project by what Google&apos;s 429s taught it; forget that for the selected model (or all models when none is selected), e.g. after an upgrade of the plan</source>
        <translation>密钥池按 Google 的 429 学到的限额为项目限速；对所选模型（未选择时为全部模型）忘记它，例如在升级套餐之后</translation>
    </message>
</context>
<context>
    <name>egb::KeyExporter</name>
    <message>
        <source>Could not write %1: %2. Choose another folder or check its permissions.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹或检查其权限。</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Check the free space and try again.</source>
        <translation>无法写入 %1：%2。请检查剩余空间后重试。</translation>
    </message>
    <message>
        <source>Could not write %1: the folder %2 does not exist. Choose another folder, or create it first.</source>
        <translation>无法写入 %1：文件夹 %2 不存在。请选择其他文件夹，或先创建它。</translation>
    </message>
</context>
<context>
    <name>egb::KeyFile</name>
    <message>
        <source>a key glued to other text (a key must stand on its own)</source>
        <translation>密钥与其他文字连在一起（密钥必须独立出现）</translation>
    </message>
    <message numerus="yes">
        <source>a truncated key (%n characters; a key has 39)</source>
        <translation>
            <numerusform>密钥不完整（%n 个字符；密钥应有 39 个）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>too long for a key (%n characters; a key has 39)</source>
        <translation>
            <numerusform>太长，不是密钥（%n 个字符；密钥应有 39 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>no Gemini key here (a key starts with &quot;AIza&quot; and has 39 characters)</source>
        <translation>这里没有 Gemini 密钥（密钥以“AIza”开头，共 39 个字符）</translation>
    </message>
    <message>
        <source>duplicate of line %1</source>
        <translation>与第 %1 行重复</translation>
    </message>
    <message>
        <source>already in the pool</source>
        <translation>已在密钥池中</translation>
    </message>
    <message>
        <source>not a NAME=value line, and no Gemini key in it</source>
        <translation>不是“名称=值”格式的行，其中也没有 Gemini 密钥</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 为空</translation>
    </message>
    <message>
        <source>%1 does not hold a valid key: %2</source>
        <translation>%1 中没有有效的密钥：%2</translation>
    </message>
    <message>
        <source>the &quot;%1&quot; field holds no Gemini key</source>
        <translation>“%1”字段中没有 Gemini 密钥</translation>
    </message>
    <message>
        <source>the &quot;%1&quot; field is not a text value</source>
        <translation>“%1”字段不是文本值</translation>
    </message>
    <message>
        <source>an object without a &quot;key&quot;, &quot;api_key&quot; or &quot;apiKey&quot; field</source>
        <translation>对象中没有“key”“api_key”或“apiKey”字段</translation>
    </message>
    <message>
        <source>The file is not valid JSON (%1, line %2). Fix the file or save the keys one per line in a .txt file.</source>
        <translation>该文件不是有效的 JSON（%1，第 %2 行）。请修正文件，或将密钥每行一个保存到 .txt 文件中。</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>.env</source>
        <translation>.env</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>The file %1 does not exist. Check the name and the folder, then try again.</source>
        <translation>文件 %1 不存在。请检查文件名和文件夹后重试。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a key file. Choose the file that holds the keys.</source>
        <translation>%1 是文件夹，不是密钥文件。请选择包含密钥的文件。</translation>
    </message>
    <message>
        <source>The file %1 is too large (%2 MB; at most %3 MB) to be a key file. Choose the file that holds only the keys.</source>
        <translation>文件 %1 太大（%2 MB；最多 %3 MB），不像是密钥文件。请选择只包含密钥的文件。</translation>
    </message>
    <message>
        <source>Could not read %1: %2. Check that you may read the file, then try again.</source>
        <translation>无法读取 %1：%2。请确认你有权读取该文件后重试。</translation>
    </message>
    <message>
        <source>The file %1 is too large (at most %2 MB) to be a key file. Choose the file that holds only the keys.</source>
        <translation>文件 %1 太大（最多 %2 MB），不像是密钥文件。请选择只包含密钥的文件。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The file is empty. Choose a file with one key per line (or a CSV, .env or JSON file).</source>
        <translation>文件为空。请选择每行一个密钥的文件（或 CSV、.env、JSON 文件）。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text. Save it as UTF-8 (plain text) and import it again.</source>
        <translation>该文件不是 UTF-8 文本。请另存为 UTF-8（纯文本）后重新导入。</translation>
    </message>
    <message>
        <source>No Gemini API key was found in the file. A key starts with &quot;AIza&quot; and is 39 characters long; check that you chose the right file.</source>
        <translation>文件中没有找到 Gemini API 密钥。密钥以“AIza”开头，长 39 个字符；请确认选择了正确的文件。</translation>
    </message>
    <message>
        <source>a key split over lines %1 to %2 (put the whole key on one line)</source>
        <translation>密钥被拆分在第 %1 到 %2 行（请把整个密钥放在同一行）</translation>
    </message>
    <message>
        <source>The file is saved as UTF-16 but is damaged (it ends in the middle of a character or holds broken characters). Save it as UTF-8 text and import it again.</source>
        <translation>文件以 UTF-16 保存，但已损坏（在字符中间结束或含有损坏的字符）。请将其另存为 UTF-8 文本后重新导入。</translation>
    </message>
    <message>
        <source>The file is binary, not text. Choose a text file with the keys.</source>
        <translation>该文件是二进制文件，不是文本。请选择包含密钥的文本文件。</translation>
    </message>
    <message>
        <source>the line holds NUL bytes (the file is damaged here); nothing on it was taken</source>
        <translation>该行含有 NUL 字节（文件在此处已损坏）；该行内容均未导入</translation>
    </message>
    <message>
        <source>First problem: line %1, %2.</source>
        <translation>第一个问题：第 %1 行，%2。</translation>
    </message>
    <message>
        <source>the weight is not a number above 0 and at most 1 (write KEY:0.5, or leave the weight out)</source>
        <translation>权重不是大于 0 且不超过 1 的数字（请写成 KEY:0.5，或不写权重）</translation>
    </message>
</context>
<context>
    <name>egb::KeyPool</name>
    <message>
        <source>Disabled by you</source>
        <translation>已被你禁用</translation>
    </message>
</context>
<context>
    <name>egb::KeyStore</name>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the file or its folder is read-only</source>
        <translation>文件或其所在文件夹为只读</translation>
    </message>
    <message>
        <source>another program is holding the file locked</source>
        <translation>另一个程序锁定了该文件</translation>
    </message>
    <message>
        <source>the file could not be written (it may have been moved or removed)</source>
        <translation>无法写入该文件（它可能已被移动或删除）</translation>
    </message>
    <message>
        <source>Could not save the keys to %1: %2. Your changes are kept in memory only for now and will be saved as soon as writing works again. Free some disk space, make the folder writable or close the other program using the file; do not quit before the changes are saved.</source>
        <translation>无法将密钥保存到 %1：%2。你的更改暂时只保存在内存中，一旦可以写入就会立即保存。请释放磁盘空间、让文件夹可写，或关闭正在使用该文件的其他程序；在更改保存之前请不要退出。</translation>
    </message>
    <message>
        <source>The key database %1 was removed or moved while in use, and it could not be created again (%2). Your changes are kept in memory only for now and will be saved as soon as the folder can be written again. Check the folder, and do not quit before the changes are saved.</source>
        <translation>密钥数据库 %1 在使用过程中被删除或移动，且无法重新创建（%2）。你的更改暂时只保存在内存中，一旦文件夹可以写入就会立即保存。请检查该文件夹，在更改保存之前请不要退出。</translation>
    </message>
    <message>
        <source>No location was given for the key database. Choose a file to keep the keys in.</source>
        <translation>未指定密钥数据库的位置。请选择一个用于保存密钥的文件。</translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the key database. Check that you may write there, or choose another location.</source>
        <translation>无法为密钥数据库创建文件夹 %1。请确认你有权写入该位置，或选择其他位置。</translation>
    </message>
    <message>
        <source>%1 is not a file (it is a folder or a device), so the keys cannot be kept there. Choose another location.</source>
        <translation>%1 不是文件（而是文件夹或设备），无法在此保存密钥。请选择其他位置。</translation>
    </message>
    <message>
        <source>Could not create the key database %1: %2. Check that the folder is writable and the disk is not full, or choose another location.</source>
        <translation>无法创建密钥数据库 %1：%2。请检查文件夹是否可写、磁盘是否已满，或选择其他位置。</translation>
    </message>
    <message>
        <source>Could not open the key database %1: %2. Check that the file is readable and writable, or choose another location.</source>
        <translation>无法打开密钥数据库 %1：%2。请检查该文件是否可读写，或选择其他位置。</translation>
    </message>
    <message>
        <source>%1 is not a key database, or it is damaged (%2). It was left untouched. Choose another file, or move this one away (keep a copy) to start with an empty key list.</source>
        <translation>%1 不是密钥数据库，或已损坏（%2）。该文件未被改动。请选择其他文件，或将此文件移走（保留一份副本）以空的密钥列表重新开始。</translation>
    </message>
    <message>
        <source>Could not read the key database %1: %2. It was left untouched. Check that the file is readable and not locked by another program, then try again.</source>
        <translation>无法读取密钥数据库 %1：%2。该文件未被改动。请检查文件是否可读、是否被其他程序锁定，然后重试。</translation>
    </message>
    <message>
        <source>The key database %1 was written by a newer version of Easy Gemini Balance (schema version %2; this version knows up to %3). It was left untouched. Update the application to use it.</source>
        <translation>密钥数据库 %1 由更新版本的 Easy Gemini Balance 写入（架构版本 %2；当前版本最高支持 %3）。该文件未被改动。请更新应用后再使用它。</translation>
    </message>
    <message>
        <source>journal mode &quot;%1&quot;</source>
        <translation>日志模式“%1”</translation>
    </message>
    <message>
        <source>Could not switch the key database %1 to write-ahead logging (%2). The folder must be writable and on a local disk (not a network share). Choose another location.</source>
        <translation>无法将密钥数据库 %1 切换为预写式日志（WAL）模式（%2）。文件夹必须可写且位于本地磁盘（而非网络共享）上。请选择其他位置。</translation>
    </message>
    <message>
        <source>Could not set up the key database %1: %2.</source>
        <translation>无法初始化密钥数据库 %1：%2。</translation>
    </message>
    <message>
        <source>Could not upgrade the key database %1 to version %2 (%3): %4. The file was left as it was; check that it is writable and the disk is not full.</source>
        <translation>无法将密钥数据库 %1 升级到版本 %2（%3）：%4。文件保持原样；请检查它是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>The key database is not open.</source>
        <translation>密钥数据库未打开。</translation>
    </message>
    <message>
        <source>Could not read the keys from %1: %2. The file was left untouched; it may be damaged. Restore a backup or move it away to start with an empty key list.</source>
        <translation>无法从 %1 读取密钥：%2。该文件未被改动，但可能已损坏。请恢复备份，或将其移走以空的密钥列表重新开始。</translation>
    </message>
    <message>
        <source>Could not read every key from %1: %2. The file was left untouched; it may be damaged. Restore a backup or move it away to start with an empty key list.</source>
        <translation>无法从 %1 读取全部密钥：%2。该文件未被改动，但可能已损坏。请恢复备份，或将其移走以空的密钥列表重新开始。</translation>
    </message>
    <message>
        <source>the file was removed or moved and could not be created again</source>
        <translation>文件已被删除或移走，且无法重新创建</translation>
    </message>
</context>
<context>
    <name>egb::KeyTableModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation>已禁用：%1</translation>
    </message>
    <message>
        <source>Available again at %1</source>
        <translation>%1 恢复可用</translation>
    </message>
    <message>
        <source>Keys → Reveal hides it again</source>
        <translation>“密钥 → 显示”可再次隐藏</translation>
    </message>
    <message>
        <source>Masked. Keys → Reveal shows the full key</source>
        <translation>已遮盖。“密钥 → 显示”可显示完整密钥</translation>
    </message>
    <message>
        <source>Requests per minute for this key; 0 uses the pool&apos;s default</source>
        <translation>此密钥每分钟的请求数；0 表示使用密钥池的默认值</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>In a row</source>
        <translation>连续失败</translation>
    </message>
    <message>
        <source>Last HTTP</source>
        <translation>最近 HTTP</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷却</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>RPM limit</source>
        <translation>RPM 上限</translation>
    </message>
    <message>
        <source>Health weight: how likely the key is picked (100 % = full health)</source>
        <translation>健康权重：密钥被选中的可能性（100% 为完全健康）</translation>
    </message>
    <message>
        <source>Failures in a row since the last success</source>
        <translation>自上次成功以来的连续失败次数</translation>
    </message>
    <message>
        <source>Time left before a cooling key is used again</source>
        <translation>冷却中的密钥恢复使用前的剩余时间</translation>
    </message>
    <message>
        <source>cooling for %1 (%2:%3)</source>
        <translation>%1 冷却中（%2:%3）</translation>
    </message>
    <message>
        <source>daily quota of %1 spent (back at %2)</source>
        <translation>%1 的每日配额已用完（%2 恢复）</translation>
    </message>
    <message>
        <source>%1 not offered to this project</source>
        <translation>此项目无法使用 %1</translation>
    </message>
    <message>
        <source>%1, available for others</source>
        <translation>%1，其他模型可用</translation>
    </message>
    <message>
        <source>%1: %2; today %3 requests, %4 input tokens</source>
        <translation>%1：%2；今日 %3 次请求，%4 个输入令牌</translation>
    </message>
    <message>
        <source>; learned limit %1 per %2 s (Reset health forgets it)</source>
        <translation>；已学到的限额为每 %2 秒 %1 次（“重置健康状态”会清除它）</translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation>项目 %1</translation>
    </message>
    <message>
        <source>(this key alone)</source>
        <translation>（仅此密钥）</translation>
    </message>
</context>
<context>
    <name>egb::KeysPage</name>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>&amp;Add key…</source>
        <translation>添加密钥(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>禁用(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;set health</source>
        <translation>重置健康状况(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>删除(&amp;M)…</translation>
    </message>
    <message>
        <source>C&amp;heck with Google</source>
        <translation>向 Google 检查(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Copy full key</source>
        <translation>复制完整密钥(&amp;C)</translation>
    </message>
    <message>
        <source>Re&amp;veal / hide key</source>
        <translation>显示/隐藏密钥(&amp;V)</translation>
    </message>
    <message>
        <source>Re&amp;fresh order</source>
        <translation>刷新排序(&amp;F)</translation>
    </message>
    <message>
        <source>Sort and filter again with the latest health (F5). With many keys the table does not move rows by itself while requests run.</source>
        <translation>按最新的健康状况重新排序和筛选（F5）。密钥很多时，请求进行期间表格不会自动移动行。</translation>
    </message>
    <message>
        <source>Copies the full, working key to the clipboard</source>
        <translation>将完整的可用密钥复制到剪贴板</translation>
    </message>
    <message>
        <source>Asks Google whether each selected key works (one cheap models.list request each)</source>
        <translation>向 Google 检查每个选中的密钥是否可用（每个密钥发送一次低成本的 models.list 请求）</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>显示 %1/%2</translation>
    </message>
    <message>
        <source>Key %1 added.</source>
        <translation>已添加密钥 %1。</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) enabled.</source>
        <translation>
            <numerusform>已启用 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message>
        <source>Disabled by you</source>
        <translation>已被你禁用</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) disabled. They stay in the pool; Enable brings them back.</source>
        <translation>
            <numerusform>已禁用 %n 个密钥。它们仍在密钥池中，“启用”可恢复使用。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Health of %n key(s) reset: counters cleared, full weight, active.</source>
        <translation>
            <numerusform>已重置 %n 个密钥的健康状况：计数清零，权重恢复满值，状态为正常。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove keys</source>
        <translation>删除密钥</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n key(s) from the pool?</source>
        <translation>
            <numerusform>从密钥池中删除 %n 个密钥？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n key(s)</source>
        <translation>
            <numerusform>删除 %n 个密钥</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) removed.</source>
        <translation>
            <numerusform>已删除 %n 个密钥。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n full key(s) copied to the clipboard.</source>
        <translation>
            <numerusform>已将 %n 个完整密钥复制到剪贴板。</numerusform>
        </translation>
    </message>
    <message>
        <source>order out of date: F5</source>
        <translation>排序已过时：按 F5</translation>
    </message>
    <message>
        <source>Health changed since the table was sorted or filtered. Press F5 or click a column header to sort and filter again.</source>
        <translation>表格排序或筛选后健康状况已有变化。按 F5 或点击列标题可重新排序和筛选。</translation>
    </message>
    <message>
        <source>Edits the label, group or RPM limit under the cursor (F2); Tab goes on to the next</source>
        <translation>编辑光标所在的标签、分组或 RPM 上限（F2）；按 Tab 转到下一项</translation>
    </message>
    <message>
        <source>Ed&amp;it cell</source>
        <translation>编辑单元格(&amp;I)</translation>
    </message>
    <message numerus="yes">
        <source>The %n key(s) are deleted from this computer&apos;s database only. Google is not affected: import them again to bring them back.</source>
        <translation>
            <numerusform>这 %n 个密钥仅从本机数据库中删除。Google 端不受影响：重新导入即可恢复。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::MainWindow</name>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Checking %v / %m</source>
        <translation>正在检查 %v / %m</translation>
    </message>
    <message>
        <source>Only %1 % of your keys are available right now; requests may wait for cooling keys.</source>
        <translation>目前只有 %1% 的密钥可用；请求可能需要等待密钥冷却结束。</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) exported to %1%2</source>
        <translation>
            <numerusform>已将 %n 个密钥导出到 %1%2</numerusform>
        </translation>
    </message>
    <message>
        <source> (full keys: keep the file safe)</source>
        <translation>（完整密钥：请妥善保管该文件）</translation>
    </message>
    <message>
        <source> (masked)</source>
        <translation>（已遮盖）</translation>
    </message>
    <message numerus="yes">
        <source>Check done: %n key(s) work</source>
        <translation>
            <numerusform>检查完成：%n 个密钥可用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking %n key(s) with Google…</source>
        <translation>
            <numerusform>正在向 Google 检查 %n 个密钥…</numerusform>
        </translation>
    </message>
    <message>
        <source>Available: %1</source>
        <translation>可用：%1</translation>
    </message>
    <message>
        <source>Cooling: %1</source>
        <translation>冷却中：%1</translation>
    </message>
    <message>
        <source>Disabled: %1</source>
        <translation>已禁用：%1</translation>
    </message>
    <message>
        <source>%1 – Easy Gemini Balance</source>
        <translation>%1 – Easy Gemini Balance</translation>
    </message>
    <message>
        <source>Dropped text</source>
        <translation>拖放的文本</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>The service answered: %1</source>
        <translation>服务返回：%1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop checking keys (the keys checked so far keep their verdict)</source>
        <translation>停止检查密钥（已检查的密钥保留其结果）</translation>
    </message>
    <message>
        <source>Writing to the key database works again: every change is saved.</source>
        <translation>密钥数据库又可以写入了：所有更改都已保存。</translation>
    </message>
    <message>
        <source>Until then the keys live in memory only: what you add or change now is lost when you quit. Choose another database file, or fix the problem and press Retry.</source>
        <translation>在此之前，密钥只保存在内存中：现在添加或修改的内容会在退出时丢失。请选择其他数据库文件，或解决问题后点击“重试”。</translation>
    </message>
    <message>
        <source>The key database is open again: every change is saved.</source>
        <translation>密钥数据库已重新打开：所有更改都会保存。</translation>
    </message>
    <message>
        <source>The key database still cannot be used; see the message at the top of the window.</source>
        <translation>密钥数据库仍然无法使用；请查看窗口顶部的提示。</translation>
    </message>
    <message>
        <source>Writing still fails; the changes stay in memory. See the message at the top of the window.</source>
        <translation>仍然无法写入；更改暂时保存在内存中。请查看窗口顶部的提示。</translation>
    </message>
    <message>
        <source>Changes are not saved</source>
        <translation>更改尚未保存</translation>
    </message>
    <message>
        <source>The keys could not be saved to the key database, so what you added or changed since then is lost when you quit.

%1

Quit anyway?</source>
        <translation>密钥无法保存到密钥数据库，因此从那以后添加或修改的内容会在退出时丢失。

%1

仍要退出吗？</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>The request log cannot be used (%1): attempts are not logged, the Overview shows the last hour only.</source>
        <translation>无法使用请求日志（%1）：尝试不会被记录，“概览”只显示最近一小时。</translation>
    </message>
    <message>
        <source>Writing the request log fails (%1); the attempts wait in memory and are written when it works again.</source>
        <translation>写入请求日志失败（%1）；这些尝试暂存在内存中，恢复后会写入。</translation>
    </message>
    <message>
        <source>A batch is running</source>
        <translation>批量任务正在运行</translation>
    </message>
    <message numerus="yes">
        <source>A batch is running: %n answer(s) are on their way.</source>
        <translation>
            <numerusform>批量任务正在运行：还有 %n 个回答正在返回。</numerusform>
        </translation>
    </message>
    <message>
        <source>Finish and Quit sends nothing new and quits as soon as the answers on their way have arrived and are saved; the rest of the run is offered for resuming at the next start.

Quit Now throws those answers away: they are sent again, and paid again, when you resume.</source>
        <translation>“完成后退出”不再发送新的请求，等正在返回的回答到达并保存后立即退出；其余部分会在下次启动时提供继续运行。

“立即退出”会丢弃这些回答：继续运行时它们会被重新发送，并再次计费。</translation>
    </message>
    <message>
        <source>&amp;Finish and Quit</source>
        <translation>完成后退出(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit Now</source>
        <translation>立即退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quitting once the answers on their way have arrived. Quit again to quit at once.</source>
        <translation>正在返回的回答到达后即退出。再次退出可立即退出。</translation>
    </message>
    <message>
        <source>The team database can be reached again.</source>
        <translation>又可以连接团队数据库了。</translation>
    </message>
    <message>
        <source>Batch finished</source>
        <translation>批量任务已完成</translation>
    </message>
    <message>
        <source>Batch finished with failures</source>
        <translation>批量任务已完成，但有失败</translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s) answered.</source>
        <translation>
            <numerusform>已回答 %n 个提示。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 answered, %n failed: Retry failed sends them again.</source>
        <translation>
            <numerusform>已回答 %1 个，失败 %n 个：“重试失败项”会再次发送它们。</numerusform>
        </translation>
    </message>
    <message>
        <source>Team database password</source>
        <translation>团队数据库密码</translation>
    </message>
    <message>
        <source>your user</source>
        <translation>你的用户</translation>
    </message>
    <message>
        <source>That password was not accepted.</source>
        <translation>该密码未被接受。</translation>
    </message>
    <message>
        <source>The team database %1 asks for the password of %2. It is kept in memory until you quit, never saved; to be asked no more, put it in ~/.pgpass.</source>
        <translation>团队数据库 %1 需要 %2 的密码。它只保存在内存中直到你退出，从不写入文件；若不想再被询问，请把它写入 ~/.pgpass。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Quitting is called off: the batch goes on.</source>
        <translation>已取消退出：批量任务继续进行。</translation>
    </message>
</context>
<context>
    <name>egb::ModelLimits</name>
    <message>
        <source>Line %1 is not a limit. Write it like &quot;gemini-2.5-pro: 5/min, 250000 tokens/min, 100/day&quot;.</source>
        <translation>第 %1 行不是有效的限额。请写成类似 “gemini-2.5-pro: 5/min, 250000 tokens/min, 100/day” 的格式。</translation>
    </message>
</context>
<context>
    <name>egb::ModelLimitsEditor</name>
    <message>
        <source>Quotas per project and model</source>
        <translation>按项目和模型的配额</translation>
    </message>
    <message>
        <source>Every key of one Google project (a key&apos;s group) shares these limits. The pool paces each project below them; without them it learns a project&apos;s limit from its first 429. Empty = no limit.</source>
        <translation>同一 Google 项目（即密钥的分组）中的所有密钥共享这些限额。密钥池会让每个项目的请求速度保持在限额以下；没有填写时，它会从项目的第一个 429 中学习限额。留空表示不限。</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>模型系列</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>请求数/分钟</translation>
    </message>
    <message>
        <source>Input tokens/min</source>
        <translation>输入令牌/分钟</translation>
    </message>
    <message>
        <source>Requests/day</source>
        <translation>请求数/天</translation>
    </message>
    <message>
        <source>Free tier preset</source>
        <translation>免费层级预设</translation>
    </message>
    <message>
        <source>Tier 1 preset</source>
        <translation>层级 1 预设</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Row %1 of the quota table is not valid: give a model family (for example gemini-2.5-pro) and whole numbers above 0, or leave a cell empty for no limit.</source>
        <translation>配额表第 %1 行无效：请填写模型系列（例如 gemini-2.5-pro）和大于 0 的整数，或将单元格留空表示不限。</translation>
    </message>
</context>
<context>
    <name>egb::NewTokenDialog</name>
    <message>
        <source>New access token</source>
        <translation>新建访问令牌</translation>
    </message>
    <message>
        <source>A tool sends the access token where it would send a Gemini API key. Give it a name that says which tool or computer holds it:</source>
        <translation>工具会把访问令牌放在原本填写 Gemini API 密钥的地方发送。请给它起个名字，说明是哪个工具或哪台电脑在用它：</translation>
    </message>
    <message>
        <source>e.g. laptop scripts, Cherry Studio</source>
        <translation>例如：笔记本上的脚本、Cherry Studio</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy the token now: it is shown only this once.&lt;/b&gt; Only its hash is kept, so it cannot be shown again; if it is lost, remove it and make another.</source>
        <translation>&lt;b&gt;请现在复制令牌：它只显示这一次。&lt;/b&gt;应用只保存它的哈希值，因此无法再次显示；如果丢失了，请删除它并新建一个。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>The access tokens cannot be used: the key database is not open.</source>
        <translation>无法使用访问令牌：密钥数据库未打开。</translation>
    </message>
</context>
<context>
    <name>egb::OverviewPage</name>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Cooling down</source>
        <translation>冷却中</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Available share</source>
        <translation>可用比例</translation>
    </message>
    <message>
        <source>Attempts per minute, last hour</source>
        <translation>最近一小时每分钟尝试次数</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>限流</translation>
    </message>
    <message>
        <source>Key invalid</source>
        <translation>密钥无效</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>Keys with the most failures</source>
        <translation>失败最多的密钥</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation>连续失败</translation>
    </message>
    <message>
        <source>Failures in total</source>
        <translation>失败总数</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>No key has failed. Keys that fail show up here, worst first.</source>
        <translation>还没有密钥失败。失败的密钥会显示在这里，最差的排在最前。</translation>
    </message>
    <message>
        <source>No attempts in the last hour.</source>
        <translation>最近一小时没有尝试。</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
    <message>
        <source>Available keys: %1 of %2 (%3), below your warning level of %4. Requests may have to wait for cooling keys. Look at the Keys page for disabled keys, or add fresh keys.</source>
        <translation>可用密钥：%1/%2（%3），低于你设定的警告线 %4。请求可能需要等待密钥冷却结束。请到“密钥”页查看被禁用的密钥，或添加新密钥。</translation>
    </message>
    <message>
        <source>Last hour: attempts %1 · succeeded %2 (%3) · rate limited %4 · key invalid %5 · server error %6 · request error %7</source>
        <translation>最近一小时：尝试 %1 · 成功 %2（%3）· 限流 %4 · 密钥无效 %5 · 服务器错误 %6 · 请求错误 %7</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Prices…</source>
        <translation>价格…</translation>
    </message>
    <message>
        <source>Prices per model, to estimate what the tokens cost</source>
        <translation>各模型的价格，用于估算令牌的费用</translation>
    </message>
    <message>
        <source>Attempts per 15 minutes, last 24 hours</source>
        <translation>最近 24 小时每 15 分钟尝试次数</translation>
    </message>
    <message>
        <source>Attempts per hour, last 7 days</source>
        <translation>最近 7 天每小时尝试次数</translation>
    </message>
    <message>
        <source>Attempts per 6 hours, last 30 days</source>
        <translation>最近 30 天每 6 小时尝试次数</translation>
    </message>
    <message>
        <source>Per model</source>
        <translation>按模型</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>按日期</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示词令牌</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>回答令牌</translation>
    </message>
    <message>
        <source>Thinking tokens</source>
        <translation>思考令牌</translation>
    </message>
    <message>
        <source>Estimated cost</source>
        <translation>估算费用</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Attempts in range</source>
        <translation>范围内尝试</translation>
    </message>
    <message>
        <source>Failures in range</source>
        <translation>范围内失败</translation>
    </message>
    <message>
        <source>No key failed in this range. Keys that fail show up here, most failures first.</source>
        <translation>此范围内没有密钥失败。失败的密钥会显示在这里，失败最多的排在最前。</translation>
    </message>
    <message>
        <source>No attempts in this range (%1).</source>
        <translation>此范围内没有尝试（%1）。</translation>
    </message>
    <message>
        <source>%1: attempts %2 · succeeded %3 (%4) · rate limited %5 · key invalid %6 · server error %7 · request error %8 · tokens: prompt %9, answer %10, thinking %11</source>
        <translation>%1：尝试 %2 · 成功 %3（%4）· 限流 %5 · 密钥无效 %6 · 服务器错误 %7 · 请求错误 %8 · 令牌：提示词 %9，回答 %10，思考 %11</translation>
    </message>
    <message>
        <source> · estimated cost %1</source>
        <translation> · 估算费用 %1</translation>
    </message>
    <message>
        <source>(key checks)</source>
        <translation>（密钥检查）</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
</context>
<context>
    <name>egb::PgConnectionInfo</name>
    <message>
        <source>A team database is written as postgresql://user@host:port/database (for example postgresql://egb@db.example.com/pool?sslmode=require).</source>
        <translation>团队数据库的写法是 postgresql://用户@主机:端口/数据库（例如 postgresql://egb@db.example.com/pool?sslmode=require）。</translation>
    </message>
    <message>
        <source>The team database address names several servers (%1); give one.</source>
        <translation>团队数据库地址指定了多个服务器（%1）；请只写一个。</translation>
    </message>
    <message>
        <source>The server address %1 opens a bracket it does not close.</source>
        <translation>服务器地址 %1 的方括号没有闭合。</translation>
    </message>
    <message>
        <source>The server address %1 is not of the form [address]:port.</source>
        <translation>服务器地址 %1 不是 [地址]:端口 的形式。</translation>
    </message>
    <message>
        <source>The port %1 is not a number from 1 to 65535.</source>
        <translation>端口 %1 不是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>The parameter &quot;%1&quot; of the team database address has no value (write name=value).</source>
        <translation>团队数据库地址中的参数“%1”没有值（请写成 名称=值）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL connection parameter. Parameters such as sslmode, sslrootcert, connect_timeout or application_name are.</source>
        <translation>“%1”不是 PostgreSQL 连接参数。sslmode、sslrootcert、connect_timeout、application_name 等才是。</translation>
    </message>
    <message>
        <source>The value of %1 may not contain a semicolon.</source>
        <translation>%1 的值不能包含分号。</translation>
    </message>
    <message>
        <source>sslmode=%1 is not known: use disable, allow, prefer, require, verify-ca or verify-full.</source>
        <translation>未知的 sslmode=%1：请使用 disable、allow、prefer、require、verify-ca 或 verify-full。</translation>
    </message>
    <message>
        <source>The database name %1 may not contain a slash.</source>
        <translation>数据库名 %1 不能包含斜杠。</translation>
    </message>
</context>
<context>
    <name>egb::PostgresKeyRepository</name>
    <message>
        <source>the PostgreSQL driver of Qt (QPSQL) is not installed; on Debian or Ubuntu install the package libqt6sql6-psql</source>
        <translation>Qt 的 PostgreSQL 驱动（QPSQL）未安装；在 Debian 或 Ubuntu 上请安装软件包 libqt6sql6-psql</translation>
    </message>
    <message>
        <source>the server could not be reached</source>
        <translation>无法连接到服务器</translation>
    </message>
    <message>
        <source>the database was made by a newer version of Easy Gemini Balance (key schema %1; this version knows up to %2): update the application on this machine</source>
        <translation>该数据库由更新版本的 Easy Gemini Balance 创建（密钥结构版本 %1；此版本最高支持 %2）：请在这台机器上更新应用程序</translation>
    </message>
    <message>
        <source>The team database address is not valid.</source>
        <translation>团队数据库地址无效。</translation>
    </message>
    <message>
        <source>Could not open the team database %1: %2. Check the address, that the server runs and lets this machine in, and the password (PGPASSWORD or ~/.pgpass).</source>
        <translation>无法打开团队数据库 %1：%2。请检查地址、服务器是否在运行并允许这台机器连接，以及密码（PGPASSWORD 或 ~/.pgpass）。</translation>
    </message>
    <message>
        <source>The connection to the team database %1 is lost (%2). Your changes are kept in memory and are saved as soon as the server can be reached again; it is tried every second.</source>
        <translation>与团队数据库 %1 的连接已断开（%2）。你的更改暂时保存在内存中，一旦能再次连接服务器就会保存；每秒重试一次。</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>Could not save the keys to the team database %1: %2. Your changes are kept in memory only for now and will be saved as soon as writing works again.</source>
        <translation>无法将密钥保存到团队数据库 %1：%2。你的更改目前只保存在内存中，一旦可以写入就会保存。</translation>
    </message>
    <message>
        <source>The team database is not open.</source>
        <translation>团队数据库未打开。</translation>
    </message>
    <message>
        <source>Could not read the keys from the team database %1: %2.</source>
        <translation>无法从团队数据库 %1 读取密钥：%2。</translation>
    </message>
</context>
<context>
    <name>egb::PriceTableDialog</name>
    <message>
        <source>Prices per model</source>
        <translation>各模型价格</translation>
    </message>
    <message>
        <source>Enter what a model costs per 1,000,000 tokens, in any currency, to see an estimated cost of your usage. Thinking tokens are billed as answer tokens. Models without a price show no cost. A name also prices its versions (gemini-2.5-flash prices gemini-2.5-flash-001).</source>
        <translation>输入每个模型每 1,000,000 个令牌的价格（任意货币），即可看到用量的估算费用。思考令牌按回答令牌计费。没有价格的模型不显示费用。一个名称也为它的各个版本定价（gemini-2.5-flash 也适用于 gemini-2.5-flash-001）。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Prompt, per 1M tokens</source>
        <translation>提示词，每 1M 令牌</translation>
    </message>
    <message>
        <source>Answer, per 1M tokens</source>
        <translation>回答，每 1M 令牌</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The prices of %1 are not numbers of 0 or more. Enter them like 0.30 and 2.50.</source>
        <translation>%1 的价格不是大于等于 0 的数字。请按 0.30 和 2.50 这样的格式输入。</translation>
    </message>
    <message>
        <source>The prices could not be saved: %1. Nothing was changed.</source>
        <translation>无法保存价格：%1。没有做任何更改。</translation>
    </message>
    <message>
        <source>the key database is not open</source>
        <translation>密钥数据库未打开</translation>
    </message>
</context>
<context>
    <name>egb::PromptFile</name>
    <message>
        <source>The file %1 does not exist. Check the path and try again.</source>
        <translation>文件 %1 不存在。请检查路径后重试。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file. Give the path of a .txt, .csv or .jsonl file.</source>
        <translation>%1 是文件夹，不是文件。请给出 .txt、.csv 或 .jsonl 文件的路径。</translation>
    </message>
    <message>
        <source>%1 is too large (%2 MB; at most %3 MB). Split it into smaller files.</source>
        <translation>%1 太大（%2 MB；最多 %3 MB）。请拆分成较小的文件。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Check that the file exists and that you may read it.</source>
        <translation>无法读取 %1：%2。请确认文件存在且你有权读取。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the file is UTF-16 text. Save it as UTF-8 and try again.</source>
        <translation>该文件是 UTF-16 文本。请另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>this looks like a binary file, not text. Give a .txt, .csv or .jsonl file.</source>
        <translation>这看起来是二进制文件，不是文本。请给出 .txt、.csv 或 .jsonl 文件。</translation>
    </message>
    <message>
        <source>line %1 is not UTF-8 text. Save the file as UTF-8 and try again.</source>
        <translation>第 %1 行不是 UTF-8 文本。请将文件另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at character %2)</source>
        <translation>不是有效的 JSON（第 %2 个字符处：%1）</translation>
    </message>
    <message>
        <source>not a JSON object; write {&quot;%1&quot;: &quot;...&quot;}</source>
        <translation>不是 JSON 对象；请写成 {&quot;%1&quot;: &quot;...&quot;}</translation>
    </message>
    <message>
        <source>no &quot;%1&quot; field</source>
        <translation>没有“%1”字段</translation>
    </message>
    <message>
        <source>the &quot;%1&quot; field is not text</source>
        <translation>“%1”字段不是文本</translation>
    </message>
    <message>
        <source>the prompt is empty</source>
        <translation>提示词为空</translation>
    </message>
    <message>
        <source>the CSV file is empty. Its first row must name the columns, one of them &quot;%1&quot;.</source>
        <translation>CSV 文件为空。第一行必须是列名，其中一列为“%1”。</translation>
    </message>
    <message>
        <source>the CSV header has no &quot;%1&quot; column (its columns: %2). Name the column that holds the prompts &quot;%1&quot;, or choose another column.</source>
        <translation>CSV 表头中没有“%1”列（现有的列：%2）。请将存放提示词的列命名为“%1”，或选择其他列。</translation>
    </message>
    <message>
        <source>a quoted field starts here and is never closed</source>
        <translation>此处开始的引号字段没有闭合</translation>
    </message>
    <message>
        <source>the row ends before the &quot;%1&quot; column (it has %2 fields)</source>
        <translation>该行在“%1”列之前就结束了（只有 %2 个字段）</translation>
    </message>
    <message>
        <source>the &quot;model&quot; field is not a model name</source>
        <translation>“model” 字段不是模型名称</translation>
    </message>
    <message>
        <source>%1 gave more than %2 MB without ending (%3); give a file of prompts.</source>
        <translation>%1 读出了超过 %2 MB 的内容仍未结束（%3）；请给出一个提示词文件。</translation>
    </message>
    <message>
        <source>it grew while being read</source>
        <translation>读取时文件还在变大</translation>
    </message>
    <message>
        <source>it is not a regular file</source>
        <translation>它不是普通文件</translation>
    </message>
</context>
<context>
    <name>egb::ProxyConnection</name>
    <message>
        <source>The request&apos;s headers are larger than the proxy accepts (%1 KB).</source>
        <translation>请求头超过了代理接受的大小（%1 KB）。</translation>
    </message>
    <message>
        <source>The request body is larger than the proxy accepts (%1 MB). Send a smaller request, or raise the proxy&apos;s body limit in the settings.</source>
        <translation>请求体超过了代理接受的大小（%1 MB）。请发送更小的请求，或在设置中提高代理的请求体上限。</translation>
    </message>
    <message>
        <source>The proxy needs a Content-Length request body (no chunked transfer encoding).</source>
        <translation>代理需要带 Content-Length 的请求体（不支持分块传输编码）。</translation>
    </message>
    <message>
        <source>The request could not be read (a malformed Content-Length).</source>
        <translation>无法读取请求（Content-Length 格式错误）。</translation>
    </message>
    <message>
        <source>The request did not arrive in time (nothing for %1 s).</source>
        <translation>请求没有按时到达（%1 秒内没有收到任何数据）。</translation>
    </message>
</context>
<context>
    <name>egb::ProxyHost</name>
    <message>
        <source>The access tokens are kept in the key database, which is not open, so no token can be made or checked and every caller is refused. Fix the database first (see the message at the top of the window, or egb stats).</source>
        <translation>访问令牌保存在密钥数据库中，而数据库未打开，因此无法创建或校验令牌，所有调用者都会被拒绝。请先修复数据库（见窗口顶部的提示，或运行 egb stats）。</translation>
    </message>
    <message>
        <source>The proxy listens on %1, so other computers can reach it. Only callers with an access token are answered, but the token travels unencrypted: use this only on a network you trust, or listen on 127.0.0.1.</source>
        <translation>代理监听在 %1 上，其他电脑也能访问它。只有持有访问令牌的调用者才会得到应答，但令牌以明文传输：请只在可信的网络中这样使用，或改为监听 127.0.0.1。</translation>
    </message>
    <message>
        <source>No access tokens yet, so every caller is refused. Make one with egb tokens add (or Add… on the Proxy page).</source>
        <translation>还没有访问令牌，因此所有调用者都会被拒绝。请用 egb tokens add 创建一个（或在“代理”页面点击“添加…”）。</translation>
    </message>
    <message>
        <source>The pool has no keys, so requests will fail. Import some with egb import keys.txt (or File → Import keys… in the app).</source>
        <translation>密钥池中没有密钥，请求将会失败。请用 egb import keys.txt 导入一些（或在应用中选择 文件 → 导入密钥…）。</translation>
    </message>
</context>
<context>
    <name>egb::ProxyPage</name>
    <message>
        <source>The address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Local proxy</source>
        <translation>本地代理</translation>
    </message>
    <message>
        <source>H&amp;ost:</source>
        <translation>主机(&amp;O)：</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. Another address lets other computers reach the proxy.</source>
        <translation>127.0.0.1：仅限本机。使用其他地址时，其他电脑也能访问代理。</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>0 takes any free port.</source>
        <translation>0 表示使用任意空闲端口。</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the address to give your tools as their base URL</source>
        <translation>复制地址，作为工具的 Base URL</translation>
    </message>
    <message>
        <source>Start the proxy &amp;when the app starts</source>
        <translation>应用启动时启动代理(&amp;W)</translation>
    </message>
    <message>
        <source>Access tokens</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>A tool sends its token where it would send a Gemini API key. Only a hint of each token is kept here; the token is shown once, when it is made.</source>
        <translation>工具会把令牌放在原本填写 Gemini API 密钥的地方发送。这里只保留每个令牌的提示；令牌本身只在创建时显示一次。</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>删除(&amp;R)…</translation>
    </message>
    <message>
        <source>Connect a tool</source>
        <translation>连接工具</translation>
    </message>
    <message>
        <source>Put one of your access tokens in place of %1.</source>
        <translation>请用你的某个访问令牌替换 %1。</translation>
    </message>
    <message>
        <source>The proxy listens on %1.</source>
        <translation>代理正在监听 %1。</translation>
    </message>
    <message>
        <source>The proxy could not start: %1</source>
        <translation>代理无法启动：%1</translation>
    </message>
    <message>
        <source>The proxy is stopped.</source>
        <translation>代理已停止。</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Listening on %1. Give your tools this address and an access token.</source>
        <translation>正在监听 %1。请把这个地址和一个访问令牌交给你的工具。</translation>
    </message>
    <message>
        <source>The proxy could not start. %1</source>
        <translation>代理无法启动。%1</translation>
    </message>
    <message>
        <source>Stopped. Press Start to serve the pool to your tools.</source>
        <translation>已停止。点击“启动”即可让你的工具使用密钥池。</translation>
    </message>
    <message>
        <source>Requests (%1)</source>
        <translation>请求（%1）</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>Access token %1 made; only its hint is kept.</source>
        <translation>已创建访问令牌 %1；只保留了它的提示。</translation>
    </message>
    <message>
        <source>Remove access token</source>
        <translation>删除访问令牌</translation>
    </message>
    <message>
        <source>Remove the access token %1? Tools that use it are refused from now on (within a second).</source>
        <translation>要删除访问令牌 %1 吗？使用它的工具从现在起（一秒之内）将被拒绝。</translation>
    </message>
    <message>
        <source>Access token %1 removed.</source>
        <translation>已删除访问令牌 %1。</translation>
    </message>
    <message>
        <source>That token was removed already (by egb tokens remove, perhaps).</source>
        <translation>该令牌已被删除（可能是通过 egb tokens remove）。</translation>
    </message>
    <message>
        <source>%1 is on the clipboard.</source>
        <translation>%1 已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>egb::ProxyRequestModel</name>
    <message>
        <source>running…</source>
        <translation>进行中…</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>egb::ProxyServer</name>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on. Use 127.0.0.1 (this computer only) or the address of one of this computer&apos;s network interfaces.</source>
        <translation>“%1”不是可以监听的 IP 地址。请使用 127.0.0.1（仅本机）或本机某个网络接口的地址。</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3. Choose another port (or 0 for any free port).</source>
        <translation>无法监听 %1:%2：%3。请选择其他端口（或用 0 表示任意空闲端口）。</translation>
    </message>
    <message>
        <source>The proxy needs an access token. Make one with &quot;egb tokens add&quot; (or on the Proxy page) and send it as the API key.</source>
        <translation>代理需要访问令牌。用“egb tokens add”（或在“代理”页面）生成一个，并把它作为 API 密钥发送。</translation>
    </message>
    <message>
        <source>This access token is not valid for the proxy. Make one with &quot;egb tokens add&quot; (or on the Proxy page) and send it as the API key.</source>
        <translation>此访问令牌对代理无效。用“egb tokens add”（或在“代理”页面）生成一个，并把它作为 API 密钥发送。</translation>
    </message>
    <message>
        <source>%1 is not allowed on %2.</source>
        <translation>%2 不允许使用 %1。</translation>
    </message>
    <message>
        <source>The proxy does not serve %1 %2.</source>
        <translation>代理不提供 %1 %2。</translation>
    </message>
    <message>
        <source>The request has no body; it needs a JSON object.</source>
        <translation>请求没有请求体；需要一个 JSON 对象。</translation>
    </message>
    <message>
        <source>The request body is not a JSON object (%1 at byte %2).</source>
        <translation>请求体不是 JSON 对象（%1，位于第 %2 字节）。</translation>
    </message>
    <message>
        <source>The proxy is shutting down.</source>
        <translation>代理正在关闭。</translation>
    </message>
    <message>
        <source>The caller went away.</source>
        <translation>调用方已离开。</translation>
    </message>
    <message>
        <source>Easy Gemini Balance proxy: %1</source>
        <translation>Easy Gemini Balance 代理：%1</translation>
    </message>
    <message>
        <source>This upload URL is not known to the proxy (it was restarted, or the upload is older than 48 hours). Start the upload again.</source>
        <translation>代理不认识这个上传地址（代理已重启，或上传已超过 48 小时）。请重新开始上传。</translation>
    </message>
    <message numerus="yes">
        <source>The request refers to files uploaded with keys of %n different project(s); Gemini lets a request read the files of one project only. Upload the files again, in one go, and refer to those.</source>
        <translation>
            <numerusform>请求引用了用 %n 个不同项目的密钥上传的文件；Gemini 只允许一个请求读取同一个项目的文件。请一次性重新上传这些文件，并引用新的文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Easy Gemini Balance proxy: listing the files of project %1 failed: %2</source>
        <translation>Easy Gemini Balance 代理：列出项目 %1 的文件失败：%2</translation>
    </message>
    <message>
        <source>Easy Gemini Balance proxy: Gemini&apos;s answer to the upload did not hold an upload URL on the Gemini host; the upload was stopped.</source>
        <translation>Easy Gemini Balance 代理：Gemini 对上传的回复中没有指向 Gemini 主机的上传地址；上传已停止。</translation>
    </message>
</context>
<context>
    <name>egb::ProxySnippets</name>
    <message>
        <source>Python (google-genai)</source>
        <translation>Python（google-genai）</translation>
    </message>
    <message>
        <source>JavaScript (@google/genai)</source>
        <translation>JavaScript（@google/genai）</translation>
    </message>
    <message>
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <source>OpenAI client</source>
        <translation>OpenAI 客户端</translation>
    </message>
    <message>
        <source>Install the SDK with: pip install google-genai</source>
        <translation>先安装 SDK：pip install google-genai</translation>
    </message>
    <message>
        <source>Install the SDK with: npm install @google/genai</source>
        <translation>先安装 SDK：npm install @google/genai</translation>
    </message>
    <message>
        <source>Any HTTP client works the same: the token goes where a Gemini key would.</source>
        <translation>任何 HTTP 客户端用法都一样：令牌放在原本填写 Gemini 密钥的地方。</translation>
    </message>
    <message>
        <source>pip install openai. Chat apps and editors that speak the OpenAI API take the same base URL and token.</source>
        <translation>先运行 pip install openai。支持 OpenAI API 的聊天应用和编辑器也使用同样的 Base URL 和令牌。</translation>
    </message>
</context>
<context>
    <name>egb::ProxyTcpServer</name>
    <message>
        <source>The proxy has too many connections open (%1). Try again in a moment.</source>
        <translation>代理打开的连接过多（%1）。请稍后再试。</translation>
    </message>
</context>
<context>
    <name>egb::RequestLogModel</name>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Key invalid</source>
        <translation>密钥无效</translation>
    </message>
    <message>
        <source>Rate limited</source>
        <translation>限流</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>Request error</source>
        <translation>请求错误</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Key check</source>
        <translation>密钥检查</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>提示词令牌</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>回答令牌</translation>
    </message>
    <message>
        <source>Thinking tokens</source>
        <translation>思考令牌</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>egb::RequestsPage</name>
    <message numerus="yes">
        <source>The request log keeps %n day(s); older attempts are removed.</source>
        <translation>
            <numerusform>请求日志保留 %n 天；更早的尝试会被删除。</numerusform>
        </translation>
    </message>
    <message>
        <source>The request log keeps every attempt.</source>
        <translation>请求日志保留所有尝试。</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Key ID:</source>
        <translation>密钥 ID：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Keep the log for:</source>
        <translation>日志保留：</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Attempts older than this are removed in the background (0 keeps them all).</source>
        <translation>早于此时间的尝试会在后台删除（0 表示全部保留）。</translation>
    </message>
    <message>
        <source>Save the attempts shown as a CSV file (keys masked, no prompt or answer text)</source>
        <translation>将显示的尝试保存为 CSV 文件（密钥已遮盖，不含提示词和回答）</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>all models</source>
        <translation>全部模型</translation>
    </message>
    <message>
        <source>The request log is not available: the key database is not open.</source>
        <translation>请求日志不可用：密钥数据库未打开。</translation>
    </message>
    <message>
        <source>Showing the newest %1 attempts; narrow the filter to see older ones.</source>
        <translation>显示最新的 %1 次尝试；缩小筛选范围可查看更早的。</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 次尝试</numerusform>
        </translation>
    </message>
    <message>
        <source>Select an attempt to see it in full. The log never holds prompts or answers, only what happened: when, which key and model, the outcome and the tokens.</source>
        <translation>选择一次尝试查看详情。日志从不保存提示词或回答，只记录发生了什么：时间、密钥和模型、结果以及令牌。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>(none: a key check lists models)</source>
        <translation>（无：密钥检查只列出模型）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>%1 (ID %2)</source>
        <translation>%1（ID %2）</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态</translation>
    </message>
    <message>
        <source>none (no answer from the server)</source>
        <translation>无（服务器没有回应）</translation>
    </message>
    <message>
        <source>Reason or quota</source>
        <translation>原因或配额</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>%1 (retry %2 of its request)</source>
        <translation>%1（该请求的第 %2 次重试）</translation>
    </message>
    <message>
        <source>1 (first try)</source>
        <translation>1（首次尝试）</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>prompt %1 · answer %2 · thinking %3</source>
        <translation>提示词 %1 · 回答 %2 · 思考 %3</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose another folder.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Export the request log</source>
        <translation>导出请求日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) exported to %1</source>
        <translation>
            <numerusform>已将 %n 次尝试导出到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>egb::SettingsDialog</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>×</source>
        <translation>×</translation>
    </message>
    <message>
        <source>Weighted by health (recommended)</source>
        <translation>按健康状况加权（推荐）</translation>
    </message>
    <message>
        <source>Round-robin (even spread)</source>
        <translation>轮询（平均分配）</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Never warn</source>
        <translation>从不警告</translation>
    </message>
    <message>
        <source>Enter the API base URL, for example https://generativelanguage.googleapis.com (Restore Defaults puts it back).</source>
        <translation>请输入 API 基础 URL，例如 https://generativelanguage.googleapis.com（“恢复默认值”可还原）。</translation>
    </message>
    <message>
        <source>“%1” is not a usable API base URL. Enter a web address that starts with https:// (or http://) and has a host name, without ?query or #fragment, for example https://generativelanguage.googleapis.com.</source>
        <translation>“%1”不是可用的 API 基础 URL。请输入以 https://（或 http://）开头、带有主机名、不含 ?查询参数 或 #片段 的网址，例如 https://generativelanguage.googleapis.com。</translation>
    </message>
    <message>
        <source>Enter a default model, for example gemini-2.5-flash.</source>
        <translation>请输入默认模型，例如 gemini-2.5-flash。</translation>
    </message>
    <message>
        <source>“%1” is not a model name. Model names hold only letters, digits, dots, dashes and underscores, for example gemini-2.5-flash.</source>
        <translation>“%1”不是模型名称。模型名称只能包含字母、数字、点、短横线和下划线，例如 gemini-2.5-flash。</translation>
    </message>
    <message>
        <source>The request deadline (%1 s) is shorter than the timeout of one attempt (%2 s), so a slow answer could never arrive. Make the deadline longer or the timeout shorter.</source>
        <translation>请求截止时间（%1 秒）比单次尝试的超时时间（%2 秒）还短，较慢的回答将永远无法到达。请延长截止时间或缩短超时时间。</translation>
    </message>
    <message>
        <source>Enter where the key database is kept, or press Browse… to choose a file.</source>
        <translation>请输入密钥数据库的保存位置，或点击“浏览…”选择文件。</translation>
    </message>
    <message>
        <source>“%1” is not a full path. Enter the whole path of the database file, or press Browse….</source>
        <translation>“%1”不是完整路径。请输入数据库文件的完整路径，或点击“浏览…”。</translation>
    </message>
    <message>
        <source>“%1” is a folder. Enter the path of a file inside it, for example %2.</source>
        <translation>“%1”是文件夹。请输入其中某个文件的路径，例如 %2。</translation>
    </message>
    <message>
        <source>The database file “%1” cannot be written. Choose a file you may change.</source>
        <translation>数据库文件“%1”无法写入。请选择一个你有权修改的文件。</translation>
    </message>
    <message>
        <source>The folder “%1” does not let this application create files. Choose a database location in a folder you may write to.</source>
        <translation>文件夹“%1”不允许本应用创建文件。请在你有写权限的文件夹中选择数据库位置。</translation>
    </message>
    <message>
        <source>Key database location</source>
        <translation>密钥数据库位置</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 (from the %2)</source>
        <translation>%1（来自%2）</translation>
    </message>
    <message>
        <source>In use for this run, from the %1. A value you change here is saved and used from now on.</source>
        <translation>本次运行正在使用的值，来自%1。在此修改的值会被保存，并从现在起使用。</translation>
    </message>
    <message>
        <source>Shown as in use, not as saved: %1. A value you change is saved and replaces it from now on.</source>
        <translation>显示的是正在使用的值，而非已保存的值：%1。修改后的值会被保存，并从现在起取代它。</translation>
    </message>
    <message>
        <source>A file on this computer, or a team database: postgresql://user@host:5432/name</source>
        <translation>本机上的文件，或团队数据库：postgresql://user@host:5432/name</translation>
    </message>
    <message>
        <source>The team database&apos;s address is not valid: %1 Write it as postgresql://user@host:5432/name (add ?sslmode=require for TLS).</source>
        <translation>团队数据库地址无效：%1 请写成 postgresql://user@host:5432/name（使用 TLS 时加上 ?sslmode=require）。</translation>
    </message>
    <message>
        <source>Team database</source>
        <translation>团队数据库</translation>
    </message>
    <message>
        <source>The team database&apos;s address, as your administrator gave it:
postgresql://user@host:5432/name (add ?sslmode=require for TLS).
A password in it is kept for this session only; without one, ~/.pgpass or PGPASSWORD is used, or you are asked when the app opens the database.</source>
        <translation>团队数据库的地址，按管理员给你的填写：
postgresql://user@host:5432/name（使用 TLS 时加上 ?sslmode=require）。
其中的密码只在本次会话中使用；没有密码时使用 ~/.pgpass 或 PGPASSWORD，或在应用打开数据库时询问你。</translation>
    </message>
    <message>
        <source>The team database&apos;s address is not valid: %1</source>
        <translation>团队数据库地址无效：%1</translation>
    </message>
</context>
<context>
    <name>egb::StorageBanner</name>
    <message>
        <source>Changes are not being saved</source>
        <translation>更改未被保存</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Try again to write the keys to the database</source>
        <translation>再次尝试将密钥写入数据库</translation>
    </message>
    <message>
        <source>Choose another &amp;database…</source>
        <translation>选择其他数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>Open Settings to keep the keys in another database file</source>
        <translation>打开设置，将密钥保存到另一个数据库文件</translation>
    </message>
</context>
<context>
    <name>egb::Translations</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Easy Gemini Balance</source>
        <translation>Easy Gemini Balance</translation>
    </message>
    <message>
        <source>Manage a pool of Google Gemini API keys: import, health, balance.</source>
        <translation>管理 Google Gemini API 密钥池：导入、健康监测、负载均衡。</translation>
    </message>
    <message>
        <source>Use the key database at &lt;path&gt; instead of the one in Settings.</source>
        <translation>使用 &lt;路径&gt; 处的密钥数据库，而不是“设置”中指定的数据库。</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Key database</source>
        <translation>密钥数据库</translation>
    </message>
</context>
</TS>
