import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/runner/run-plan';
import { createOpenAIProvider } from '../../src/providers/openai';
import { withRetry } from '../../src/providers/with-retry';
import { expandPlan, parseRating, validateSpec } from '../../src/experiments';
import { asCellId, asNotebookId, asRunId, type RunProgress, type Trial } from '../../src/model';
import { startTestServer } from '../server/test-server';
import { useTestServer } from '../server/use-test-server';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const server = useTestServer({ models: ['m1', 'm2'] }, { reply: undefined, fail: undefined, latencyMs: 0 });
const context = { runId: asRunId('run_1'), notebookId: asNotebookId('nb'), cellId: asCellId('c_x'), endpointName: 'local', baseURL: 'http://127.0.0.1' };
const plan = expandPlan(validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks: ['A', 'B', 'C'], prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 3 }), LOCAL);
const parse = (text: string) => parseRating(text, { min: 1, max: 10 });


function collect() {
  const stored: Trial[] = [];
  const batches: number[] = [];
  return { stored, batches, persist: async (t: readonly Trial[]) => void (stored.push(...t), batches.push(t.length)) };
}

describe('runPlan', () => {
  it('runs every planned call once and stores every outcome, including unparsed replies', async () => {
    server.configure({ reply: (b) => (b.messages[0].content.includes('B') ? 'no idea' : '6') });
    const sink = collect();
    const progress: RunProgress[] = [];
    const summary = await runPlan({ plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, persist: sink.persist, concurrency: 4, batchSize: 5, onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ status: 'done', total: 18, done: 18, failed: 0 });
    expect(sink.stored).toHaveLength(18);
    expect(new Set(sink.stored.map((t) => t.key))).toEqual(new Set(plan.map((p) => p.key)));
    expect(sink.stored.filter((t) => t.status === 'unparsed')).toHaveLength(6);
    expect(sink.stored.find((t) => t.status === 'unparsed')).toMatchObject({ raw: 'no idea', value: null, parseError: 'no rating found in the reply' });
    expect(Math.max(...sink.batches)).toBeLessThanOrEqual(5);
    expect(progress.at(-1)).toMatchObject({ total: 18, done: 18, failed: 0, etaMs: 0 });
    expect(server.requests).toHaveLength(18);
  });

  it('never has more calls in flight than the concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const provider = createOpenAIProvider({ baseURL: server.url, apiKey: 'k' });
    const counting = { ...provider, chat: async (r: Parameters<typeof provider.chat>[0]) => { peak = Math.max(peak, ++inFlight); try { return await provider.chat(r); } finally { inFlight--; } } };
    server.configure({ latencyMs: 10 });
    await runPlan({ plan, provider: counting, context, parse, persist: collect().persist, concurrency: 3 });
    expect(peak).toBe(3);
  });

  it('records failed requests after retries with their error and keeps going', async () => {
    server.configure({ fail: (b) => (b.model === 'm2' ? { status: 500, message: 'overloaded' } : null) });
    const sink = collect();
    const provider = withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), { maxRetries: 1, baseDelayMs: 1 });
    const summary = await runPlan({ plan, provider, context, parse, persist: sink.persist });
    expect(summary).toMatchObject({ status: 'done', done: 9, failed: 9 });
    expect(summary.message).toMatch(/Run again to retry the failed ones/);
    expect(sink.stored.find((t) => t.status === 'failed')).toMatchObject({ errorKind: 'server', httpStatus: 500, errorMessage: expect.stringContaining('overloaded') });
  });

  it('stops at once when the key is refused', async () => {
    const keyed = await startTestServer({ models: ['m1', 'm2'], apiKey: 'right' });
    const sink = collect();
    const summary = await runPlan({ plan, provider: createOpenAIProvider({ baseURL: keyed.url, apiKey: 'wrong' }), context, parse, persist: sink.persist, concurrency: 2 });
    await keyed.close();
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/^Stopped at once: 401/);
    expect(keyed.requests.length).toBeLessThanOrEqual(2);
  });

  it('cancels: stops sending, keeps what is stored, reports cancelled', async () => {
    server.configure({ latencyMs: 30 });
    const sink = collect();
    const controller = new AbortController();
    const running = runPlan({ plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, persist: sink.persist, concurrency: 2, signal: controller.signal, onProgress: (p) => p.done >= 4 && controller.abort() });
    const summary = await running;
    expect(summary.status).toBe('cancelled');
    expect(summary.done).toBeGreaterThanOrEqual(4);
    expect(summary.done).toBeLessThan(18);
    expect(sink.stored).toHaveLength(summary.done);
    expect(sink.stored.every((t) => t.status === 'ok')).toBe(true);
  });

  it('stops when storage fails and says that stored trials are kept', async () => {
    let writes = 0;
    const summary = await runPlan({
      plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, batchSize: 3, concurrency: 1,
      persist: async () => { if (++writes === 2) throw new Error('storage is full'); },
    });
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/Could not store trials: storage is full\. Trials stored before this are kept/);
    expect(summary.done).toBe(3);
  });
});
