import { describe, expect, it } from 'vitest';
import { createOpenAIBatchProvider, createOpenAIProvider } from '../../src/providers/openai';
import { useTestServer } from '../server/use-test-server';

/** A local server (Ollama, LM Studio, vLLM) asks for no key: the endpoint works without one. */
const server = useTestServer({ models: ['llama3'] }, { apiKey: undefined });

describe('an endpoint without an API key', () => {
  it('lists models and chats with no Authorization header', async () => {
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: '' });
    await expect(provider.listModels()).resolves.toEqual(['llama3']);
    const result = await provider.chat({ model: 'llama3', messages: [{ role: 'user', content: 'Rate 1 to 10: a poem.' }], params: { temperature: 1, maxTokens: 5 } });
    expect(result.text).not.toBe('');
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/models', '/v1/chat/completions']);
    expect(server.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it('uses the Batch API with no Authorization header', async () => {
    const batches = createOpenAIBatchProvider({ baseURL: server.url, apiKey: '  ' });
    const file = await batches.uploadBatchFile('plan.jsonl', `${JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { model: 'llama3', messages: [{ role: 'user', content: 'hi' }] } })}\n`);
    const info = await batches.createBatch(file);
    expect(info.total).toBe(1);
    expect(server.requests.length).toBe(2);
    expect(server.requests.every((r) => r.authorization === null)).toBe(true);
  });

  it('says in words that a server wanting a key refused the call', async () => {
    server.configure({ apiKey: 'sk-needed-1234' });
    const error = (await createOpenAIProvider({ baseURL: server.url, apiKey: '' }).listModels().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^401 \(the API key was refused\)/);
    expect(error.message).not.toMatch(/OPENAI_API_KEY|Missing credentials/);
  });
});
