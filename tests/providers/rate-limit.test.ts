import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/providers/rate-limiter';
import { withRateLimit } from '../../src/providers/with-rate-limit';
import { createOpenAIProvider } from '../../src/providers/openai';
import { startTestServer, type TestServer } from '../server/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['m1'] });
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

async function timesOf(limiter: ReturnType<typeof createRateLimiter>, costs: number[], advanceMs: number): Promise<number[]> {
  const start = Date.now();
  const times: number[] = [];
  const all = Promise.all(costs.map((c) => limiter.acquire(c).then(() => times.push(Date.now() - start))));
  await vi.advanceTimersByTimeAsync(advanceMs);
  await all;
  return times;
}

describe('the rate limiter', () => {
  it('spaces requests at the RPM limit after a one-second burst', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ rpm: 120 }, { now: () => Date.now() });
    const times = await timesOf(limiter, Array(8).fill(1), 10_000);
    // 2 per second: a burst of 2, then one every 500 ms.
    expect(times.map((t) => Math.round(t / 100) * 100)).toEqual([0, 0, 500, 1000, 1500, 2000, 2500, 3000]);
  });

  it('paces by tokens per minute too', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ tpm: 6000 }, { now: () => Date.now() });
    // 100 tokens per second, a bucket of 1,000: five calls of 400 tokens.
    const times = await timesOf(limiter, Array(5).fill(400), 20_000);
    expect(times.map((t) => Math.round(t / 100) * 100)).toEqual([0, 0, 2000, 6000, 10000]);
  });

  it('lets a cancelled waiter go without blocking the others', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ rpm: 60 }, { now: () => Date.now() });
    await limiter.acquire(1);
    const controller = new AbortController();
    const cancelled = limiter.acquire(1, controller.signal);
    const next = limiter.acquire(1);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'aborted' });
    await vi.advanceTimersByTimeAsync(1100);
    await expect(next).resolves.toBeUndefined();
  });

  it("learns a lower limit from the endpoint's x-ratelimit headers and waits out an exhausted window", async () => {
    server.reset();
    server.configure({ rateLimit: { rpm: 3 }, reply: () => '5' });
    const limiter = createRateLimiter({ rpm: 600 });
    const provider = withRateLimit(createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), limiter);
    const request = { model: 'm1', messages: [{ role: 'user' as const, content: 'Rate this' }], params: {} };
    const first = await provider.chat(request);
    expect(first.rateLimit?.requests).toMatchObject({ limit: 3, remaining: 2 });
    expect(limiter.limits().rpm).toBe(3);
    server.configure({ rateLimit: undefined });
  });
});
