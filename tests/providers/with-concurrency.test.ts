import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConcurrencyLimit, withConcurrency } from '../../src/providers/with-concurrency';
import { createOpenAIProvider } from '../../src/providers/openai';
import { ProviderError } from '../../src/model';
import { startTestServer, type TestServer } from '../server/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['m1'], latencyMs: 30 });
});
afterAll(() => server.close());

describe('per-endpoint concurrency', () => {
  it('holds every run that shares an endpoint to its limit of requests in flight', async () => {
    const limit = createConcurrencyLimit(3);
    let inFlight = 0;
    let peak = 0;
    const base = createOpenAIProvider({ baseURL: server.url, apiKey: 'k' });
    const counting = { ...base, chat: async (r: Parameters<typeof base.chat>[0]) => { peak = Math.max(peak, ++inFlight); try { return await base.chat(r); } finally { inFlight--; } } };
    // Two "runs" of 5 concurrent workers each, on one endpoint: never more than 3 at once.
    const runA = withConcurrency(counting, limit);
    const runB = withConcurrency(counting, limit);
    const call = (p: typeof runA, i: number) => p.chat({ model: 'm1', messages: [{ role: 'user', content: `Rate task ${i}` }], params: {} });
    const results = await Promise.all([...Array.from({ length: 5 }, (_, i) => call(runA, i)), ...Array.from({ length: 5 }, (_, i) => call(runB, i + 5))]);
    expect(results).toHaveLength(10);
    expect(peak).toBe(3);
    expect(limit.inFlight()).toBe(0);
  });

  it('frees the slot when a call fails, and drops a waiter that is aborted', async () => {
    const limit = createConcurrencyLimit(1);
    const release = await limit.acquire();
    const controller = new AbortController();
    const waiting = limit.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
    release();
    release();
    expect(limit.inFlight()).toBe(0);
    const failing = withConcurrency({ listModels: async () => [], chat: async () => { throw new ProviderError('boom', 'server', 500); } }, limit);
    await expect(failing.chat({ model: 'm', messages: [], params: {} })).rejects.toThrow('boom');
    expect(limit.inFlight()).toBe(0);
    expect(() => createConcurrencyLimit(0)).toThrow('Concurrency must be a whole number of at least 1');
  });
});
