import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/runner/run-plan';
import { createOpenAIProvider } from '../../src/providers/openai';
import { withRetry } from '../../src/providers/with-retry';
import { expandPlan, parseRating, validateSpec } from '../../src/experiments';
import { asCellId, asNotebookId, asRunId, type Trial } from '../../src/model';
import { useTestServer } from '../server/use-test-server';
import { faultMix } from '../server/fault-mix';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const server = useTestServer({ models: ['m1', 'm2'] }, { reply: undefined, fail: undefined, latencyMs: 0 });
const context = { runId: asRunId('run_f'), notebookId: asNotebookId('nb'), cellId: asCellId('c_f'), endpointName: 'local', baseURL: 'http://127.0.0.1' };
const tasks = Array.from({ length: 50 }, (_, i) => `Task number ${i + 1}`);
const plan = expandPlan(validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks, prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 2 }), LOCAL);
const parse = (text: string) => parseRating(text, { min: 1, max: 10 });
const provider = (timeoutMs = 2000) => withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: 'k', timeoutMs }), { maxRetries: 6, baseDelayMs: 2, maxDelayMs: 50 });


function sink() {
  const stored: Trial[] = [];
  return { stored, persist: async (t: readonly Trial[]) => void stored.push(...t) };
}

describe('runs under injected faults', () => {
  it('store every planned trial exactly once through 429s, 5xx, resets, malformed and truncated bodies and timeouts', async () => {
    const mix = faultMix(0.2, 42, { slowMs: 400, retryAfterSeconds: 0.01 });
    server.configure({ fail: (_b, nth) => mix(nth) });
    const out = sink();
    const summary = await runPlan({ plan, provider: provider(200), context, parse, persist: out.persist, concurrency: 6 });
    const failedTrials = out.stored.filter((t) => t.status === 'failed').map((t) => `${t.errorKind} ${t.errorMessage}`);
    expect(failedTrials).toEqual([]);
    expect(summary).toMatchObject({ status: 'done', total: 200, done: 200, failed: 0 });
    const keys = out.stored.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(new Set(plan.map((p) => p.key)));
    expect(out.stored.every((t) => t.status === 'ok')).toBe(true);
    const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    // Every fault cost one more request; none was lost and none stored twice.
    expect(chats).toBeGreaterThan(200);
    expect(chats).toBeLessThan(320);
  });

  it('reads a valid-JSON but off-format reply as unparsed, keeping the raw text', async () => {
    server.configure({ reply: (_b, nth) => (nth % 5 === 0 ? '{"motivation": "high"}' : '7') });
    const out = sink();
    await runPlan({ plan: plan.slice(0, 20), provider: provider(), context, parse, persist: out.persist });
    expect(out.stored.filter((t) => t.status === 'unparsed')).toHaveLength(4);
    expect(out.stored.find((t) => t.status === 'unparsed')).toMatchObject({ raw: '{"motivation": "high"}', value: null });
  });

  it('stops at once on a refused key or an unknown model, without spending on the rest', async () => {
    server.configure({ fail: () => ({ status: 401, message: 'Incorrect API key provided' }) });
    const out = sink();
    const summary = await runPlan({ plan, provider: provider(), context, parse, persist: out.persist, concurrency: 2 });
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/^Stopped at once: 401/);
    expect(server.requests.length).toBeLessThanOrEqual(2);
    expect(out.stored.every((t) => t.status === 'failed' && t.httpStatus === 401)).toBe(true);
  });

  it('pauses a run against a broken endpoint after a run of failures, keeping what was stored', async () => {
    server.configure({ fail: (_b, nth) => (nth > 30 ? { status: 500, message: 'down for maintenance' } : null) });
    const out = sink();
    const summary = await runPlan({ plan, provider: withRetry(createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), { maxRetries: 1, baseDelayMs: 1 }), context, parse, persist: out.persist, concurrency: 1, maxConsecutiveFailures: 5 });
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/Paused after 5 failed requests in a row \(last: 500 .*down for maintenance\)/);
    expect(out.stored.filter((t) => t.status === 'ok')).toHaveLength(30);
    expect(server.requests.length).toBe(30 + 5 * 2);
  });
});
