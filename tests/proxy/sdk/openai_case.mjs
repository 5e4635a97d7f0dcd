// One case of the official OpenAI JS SDK (openai) against the proxy's /openai/v1; run by tests/proxy/tst_sdk.cpp.
//   node openai_case.mjs CASE   with EGB_PROXY_URL and EGB_PROXY_TOKEN set.
// Prints one JSON object per line; an error ends with {"error","status","name"} and exit code 3.
import OpenAI from 'openai';

const name = process.argv[2];
const sent = [];
const client = new OpenAI({
    apiKey: process.env.EGB_PROXY_TOKEN,
    baseURL: process.env.EGB_PROXY_URL + '/openai/v1',
    maxRetries: 0, // the proxy retries on other keys; the SDK must not hide what the proxy answered
    fetch: async (url, init) => {
        if (init && typeof init.body === 'string')
            sent.push(init.body);
        return fetch(url, init);
    },
});
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const model = 'gemini-2.5-flash';
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

try {
    switch (name) {
    case 'generate': {
        const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello proxy' }] });
        out({ text: r.choices[0].message.content });
        break;
    }
    case 'stream': {
        const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'one two three four' }] });
        let text = '';
        let n = 0;
        for await (const chunk of stream) {
            ++n;
            text += chunk.choices[0]?.delta?.content ?? '';
            out({ chunk: n, text: chunk.choices[0]?.delta?.content });
        }
        out({ done: true, chunks: n, text });
        break;
    }
    case 'models': {
        const page = await client.models.list();
        out({ ids: page.data.map((m) => m.id) });
        break;
    }
    case 'embed': {
        const r = await client.embeddings.create({ model: 'text-embedding-004', input: ['one', 'two'] });
        out({ count: r.data.length, dims: r.data[0].embedding.length });
        break;
    }
    case 'image-tools': {
        const r = await client.chat.completions.create({
            model,
            temperature: 0.25,
            messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' },
                { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
            tools: [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
                parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
        });
        out({ text: r.choices[0].message.content, sent: sent[sent.length - 1] });
        break;
    }
    case 'hangup': {
        const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'one two three' }] });
        try {
            for await (const chunk of stream) {
                out({ chunk: chunk.choices[0]?.delta?.content });
                stream.controller.abort();
            }
            out({ aborted: true, name: 'ended' });
        } catch (e) {
            out({ aborted: true, name: e.name });
        }
        break;
    }
    default:
        out({ error: `no case ${name}` });
        process.exitCode = 2;
    }
} catch (e) {
    out({ error: String(e?.message ?? e), status: e?.status ?? null, name: e?.constructor?.name ?? null });
    process.exitCode = 3;
}
