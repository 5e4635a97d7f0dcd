// One case of the official Gemini JS SDK (@google/genai) against the proxy; run by tests/proxy/tst_sdk.cpp.
//   node genai_case.mjs CASE   with EGB_PROXY_URL and EGB_PROXY_TOKEN set.
// Prints one JSON object per line; an error ends with {"error","status","name"} and exit code 3.
import { GoogleGenAI } from '@google/genai';

const name = process.argv[2];
const sent = []; // the request bodies exactly as the SDK sent them
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
    if (init && typeof init.body === 'string')
        sent.push(init.body);
    return realFetch(input, init);
};
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const ai = new GoogleGenAI({ apiKey: process.env.EGB_PROXY_TOKEN, httpOptions: { baseUrl: process.env.EGB_PROXY_URL } });
const model = 'gemini-2.5-flash';
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

try {
    switch (name) {
    case 'generate': {
        const r = await ai.models.generateContent({ model, contents: 'hello proxy' });
        out({ text: r.text });
        break;
    }
    case 'stream': {
        const stream = await ai.models.generateContentStream({ model, contents: 'one two three four' });
        let text = '';
        let n = 0;
        for await (const chunk of stream) {
            ++n;
            text += chunk.text ?? '';
            out({ chunk: n, text: chunk.text });
        }
        out({ done: true, chunks: n, text });
        break;
    }
    case 'count': {
        const r = await ai.models.countTokens({ model, contents: 'a b c d e' });
        out({ totalTokens: r.totalTokens });
        break;
    }
    case 'embed': {
        const one = await ai.models.embedContent({ model: 'text-embedding-004', contents: 'embed me' });
        const many = await ai.models.embedContent({ model: 'text-embedding-004', contents: ['one', 'two', 'three'] });
        out({ single: one.embeddings.length, dims: one.embeddings[0].values.length, batch: many.embeddings.length });
        break;
    }
    case 'image-tools': {
        const r = await ai.models.generateContent({
            model,
            contents: [{ role: 'user', parts: [{ text: 'What is in this picture?' }, { inlineData: { mimeType: 'image/png', data: png } }] }],
            config: {
                tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'The weather in a city',
                    parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } }] }],
                safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
                temperature: 0.25,
            },
        });
        out({ text: r.text, sent: sent[sent.length - 1] });
        break;
    }
    case 'files': {
        // Upload (the resumable protocol, through the proxy's upload URL), read it back, generate with it.
        const bytes = Buffer.from('%PDF-1.7 egb files\n\u0000\u0001\u0002 end');
        const blob = new Blob([bytes], { type: 'application/pdf' });
        const file = await ai.files.upload({ file: blob, config: { mimeType: 'application/pdf', displayName: 'x.pdf' } });
        const got = await ai.files.get({ name: file.name });
        const r = await ai.models.generateContent({
            model,
            contents: [{ role: 'user', parts: [{ fileData: { mimeType: file.mimeType, fileUri: file.uri } }, { text: 'summarise' }] }],
        });
        out({ name: file.name, got: got.name, size: Number(file.sizeBytes), bytes: bytes.length, text: r.text });
        break;
    }
    case 'hangup': {
        const controller = new AbortController();
        const stream = await ai.models.generateContentStream({ model, contents: 'one two three', config: { abortSignal: controller.signal } });
        try {
            for await (const chunk of stream) {
                out({ chunk: chunk.text });
                controller.abort(); // the person closes the tool mid-answer
            }
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
    out({ error: String(e?.message ?? e), status: e?.status ?? null, name: e?.name ?? null });
    process.exitCode = 3;
}
