import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from '../../src/providers/openai';
import { withRetry } from '../../src/providers/with-retry';
import { ProviderError } from '../../src/model';
import { startTestServer, type TestServer } from '../server/test-server';

const KEY = 'sk-test-secret-abcdef';
let server: TestServer;
const request = (model = 'm1', content = 'Rate: TASK') => ({ model, messages: [{ role: 'user' as const, content }], params: { temperature: 1, maxTokens: 20, seed: 3 } });

beforeAll(async () => {
  server = await startTestServer({ models: ['m1', 'm2'], apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.configure({ reply: undefined, fail: undefined, latencyMs: 0 });
});

describe('createOpenAIProvider against a local OpenAI-compatible server', () => {
  it('sends a fresh conversation with the sampling parameters and reads the reply', async () => {
    server.configure({ reply: () => 'I would say 7.' });
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: KEY });
    const result = await provider.chat(request());
    expect(result).toMatchObject({ text: 'I would say 7.', finishReason: 'stop', model: 'm1', promptTokens: 3, completionTokens: 4 });
    expect(result.latencyMs).toBeGreaterThan(0);
    const seen = server.requests.at(-1)!;
    expect(seen.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.body).toMatchObject({ model: 'm1', messages: [{ role: 'user', content: 'Rate: TASK' }], temperature: 1, max_tokens: 20, seed: 3 });
  });

  it('streams replies over server-sent events with usage', async () => {
    server.configure({ reply: () => 'My motivation is 8 out of 10.' });
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: KEY, stream: true });
    const result = await provider.chat(request());
    expect(result).toMatchObject({ text: 'My motivation is 8 out of 10.', finishReason: 'stop', completionTokens: 8 });
    expect(server.requests.at(-1)!.body?.stream).toBe(true);
  });

  it('lists models', async () => {
    await expect(createOpenAIProvider({ baseURL: server.url, apiKey: KEY }).listModels()).resolves.toEqual(['m1', 'm2']);
  });

  it('explains a refused key in words without echoing the key', async () => {
    const wrong = 'sk-wrong-key-zzzz';
    const error = await createOpenAIProvider({ baseURL: server.url, apiKey: wrong }).listModels().catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toMatch(/^401 \(the API key was refused\): .*Incorrect API key/);
    expect(error.message).not.toContain(wrong);
  });

  it('classifies an unknown model, a server error and an unreachable server', async () => {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: KEY });
    await expect(provider.chat(request('nope'))).rejects.toMatchObject({ kind: 'not-found', status: 404 });
    server.configure({ fail: () => ({ status: 503 }) });
    await expect(provider.chat(request())).rejects.toMatchObject({ kind: 'server', status: 503 });
    const offline = createOpenAIProvider({ baseURL: 'http://127.0.0.1:9/v1', apiKey: KEY });
    await expect(offline.chat(request())).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/Could not reach .*CORS/) });
  });

  it('reports a dropped connection as a network error', async () => {
    server.configure({ fail: () => 'drop' });
    await expect(createOpenAIProvider({ baseURL: server.url, apiKey: KEY }).chat(request())).rejects.toMatchObject({ kind: 'network' });
  });

  it('cancels with an AbortSignal', async () => {
    server.configure({ latencyMs: 2000 });
    const controller = new AbortController();
    const pending = createOpenAIProvider({ baseURL: server.url, apiKey: KEY }).chat({ ...request(), signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('times out per request', async () => {
    server.configure({ latencyMs: 500 });
    await expect(createOpenAIProvider({ baseURL: server.url, apiKey: KEY, timeoutMs: 50 }).chat(request())).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('switches to max_completion_tokens when the model asks for it', async () => {
    server.configure({
      fail: (body) => (body.max_tokens !== undefined ? { status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." } : null),
      reply: () => '5',
    });
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: KEY });
    await expect(provider.chat(request())).resolves.toMatchObject({ text: '5' });
    expect(server.requests.at(-1)!.body).toMatchObject({ max_completion_tokens: 20 });
    expect(server.requests.at(-1)!.body?.max_tokens).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries 429 and 5xx, honouring Retry-After, then succeeds', async () => {
    server.configure({ fail: (_b, nth) => (nth === 1 ? { status: 429, retryAfterSeconds: 0.05 } : nth === 2 ? { status: 502 } : null), reply: () => '6' });
    const waits: number[] = [];
    const provider = withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: KEY }), { baseDelayMs: 1, random: () => 0.5, onRetry: (i) => waits.push(i.delayMs) });
    await expect(provider.chat(request())).resolves.toMatchObject({ text: '6' });
    expect(waits).toEqual([50, 1]);
    expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(3);
  });

  it('gives up after maxRetries and never retries auth errors', async () => {
    server.configure({ fail: () => ({ status: 500 }) });
    const provider = withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: KEY }), { maxRetries: 2, baseDelayMs: 1 });
    await expect(provider.chat(request())).rejects.toMatchObject({ kind: 'server' });
    expect(server.requests).toHaveLength(3);
    server.reset();
    const wrong = withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: 'sk-bad-000000' }), { baseDelayMs: 1 });
    await expect(wrong.chat(request())).rejects.toMatchObject({ kind: 'auth' });
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting when the run is cancelled', async () => {
    server.configure({ fail: () => ({ status: 429, retryAfterSeconds: 30 }) });
    const controller = new AbortController();
    const pending = withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: KEY })).chat({ ...request(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});
