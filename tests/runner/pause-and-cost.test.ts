import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/runner/run-plan';
import { PauseGate } from '../../src/runner/pause-gate';
import { createOpenAIProvider } from '../../src/providers/openai';
import { costOfTokens } from '../../src/experiments/cost-of-tokens';
import { expandPlan, parseRating, validateSpec } from '../../src/experiments';
import { asCellId, asNotebookId, asRunId, type RunProgress, type Trial } from '../../src/model';
import { useTestServer } from '../server/use-test-server';
import { until } from '../fixtures/until';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const server = useTestServer({ models: ['m1', 'm2'] }, { reply: undefined, fail: undefined, latencyMs: 0 });
const context = { runId: asRunId('run_p'), notebookId: asNotebookId('nb'), cellId: asCellId('c_p'), endpointName: 'local', baseURL: 'http://127.0.0.1' };
const prices = { m1: { input: 1, output: 2 }, m2: { input: 10, output: 20 } };
const plan = expandPlan(validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks: ['A', 'B', 'C'], prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 2, prices }), LOCAL);
const parse = (text: string) => parseRating(text, { min: 1, max: 10 });



describe('pausing a run', () => {
  it('lets calls in flight finish, starts no new call while paused, and finishes the plan after resume', async () => {
    server.configure({ latencyMs: 20 });
    const gate = new PauseGate();
    const stored: Trial[] = [];
    const progress: RunProgress[] = [];
    const running = runPlan({
      plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, gate, concurrency: 2, batchSize: 1, flushMs: 1,
      persist: async (t) => void stored.push(...t),
      onProgress: (p) => progress.push(p),
    });
    await until(() => server.requests.length >= 2);
    gate.pause();
    await until(() => stored.length >= 2);
    const seen = server.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(server.requests.length).toBe(seen);
    expect(stored).toHaveLength(seen);
    expect(progress.at(-1)?.paused).toBe(true);
    gate.resume();
    const summary = await running;
    expect(summary).toMatchObject({ status: 'done', done: 12, failed: 0 });
    expect(new Set(stored.map((t) => t.key)).size).toBe(12);
    expect(progress.at(-1)?.paused).toBeUndefined();
  });

  it('is released by cancel: a paused run ends cancelled with what it stored', async () => {
    const gate = new PauseGate();
    const controller = new AbortController();
    gate.pause();
    const running = runPlan({ plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, gate, signal: controller.signal, persist: async () => undefined });
    await new Promise((r) => setTimeout(r, 30));
    expect(server.requests).toHaveLength(0);
    controller.abort();
    expect((await running).status).toBe('cancelled');
  });
});

describe('cost so far', () => {
  it('prices the tokens each model used, and projects it to the whole plan', async () => {
    const progress: RunProgress[] = [];
    const stored: Trial[] = [];
    await runPlan({ plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, prices, persist: async (t) => void stored.push(...t), onProgress: (p) => progress.push(p) });
    const expected = stored.reduce((s, t) => s + ((t.promptTokens ?? 0) * prices[t.model as 'm1'].input + (t.completionTokens ?? 0) * prices[t.model as 'm1'].output) / 1e6, 0);
    expect(expected).toBeGreaterThan(0);
    const last = progress.at(-1)!;
    expect(last.costUsd).toBeCloseTo(expected, 12);
    expect(last.projectedCostUsd).toBeCloseTo(expected, 12);
    const mid = progress.find((p) => p.done > 0 && p.done < 12);
    if (mid) expect(mid.projectedCostUsd).toBeCloseTo((mid.costUsd! / mid.done) * 12, 12);
  });

  it('says nothing of cost without prices, and null when a model that used tokens has no price', () => {
    expect(costOfTokens({ m1: { prompt: 1e6, completion: 5e5 } }, { m1: { input: 2, output: 4 } })).toBe(4);
    expect(costOfTokens({ m1: { prompt: 10, completion: 1 }, m3: { prompt: 5, completion: 1 } }, prices)).toBeNull();
    expect(costOfTokens({ m3: { prompt: 0, completion: 0 } }, prices)).toBe(0);
  });

  it('rejects prices that are not { input, output } numbers, naming the model', () => {
    const base = { endpoint: 'e', models: ['m1'], tasks: ['A'], prompt: '{{task}}', scale: { min: 1, max: 10 }, repetitions: 1 };
    expect(() => validateSpec({ ...base, prices: { m1: { input: -1, output: 2 } } })).toThrow("experiment.prices['m1'] must be { input: number, output: number }");
    expect(() => validateSpec({ ...base, prices: [1] })).toThrow('experiment.prices must map model ids');
    expect(validateSpec({ ...base, prices }).prices).toEqual(prices);
  });
});
