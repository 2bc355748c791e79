import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { runPlan } from '../../src/runner/run-plan';
import { PauseGate } from '../../src/runner/pause-gate';
import { createOpenAIProvider } from '../../src/providers/openai';
import { expandPlan, parseRating, validateSpec } from '../../src/experiments';
import { asCellId, asNotebookId, asRunId, type Provider, type RunProgress, type Trial } from '../../src/model';
import { useTestServer } from '../server/use-test-server';
import { until } from '../fixtures/until';

/**
 * A run writes its trials in few large batches (each write is a transaction and a live update of
 * the page, whatever its size), and never holds finished trials back when the run pauses, is
 * cancelled or the page goes away.
 */
const LOCAL = { baseURL: 'http://127.0.0.1' };
const server = useTestServer({ models: ['m1', 'm2'] }, { reply: undefined, fail: undefined, latencyMs: 0 });
const context = { runId: asRunId('run_b'), notebookId: asNotebookId('nb'), cellId: asCellId('c_b'), endpointName: 'local', baseURL: 'http://127.0.0.1' };
const parse = (text: string) => parseRating(text, { min: 1, max: 10 });
const planOf = (tasks: number) => expandPlan(validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks: Array.from({ length: tasks }, (_, i) => `Task ${i}`), prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 1 }), LOCAL);

function sink() {
  const stored: Trial[] = [];
  const batches: number[] = [];
  return { stored, batches, persist: async (t: readonly Trial[]) => void (stored.push(...t), batches.push(t.length)) };
}

describe('runPlan writes in batches', () => {
  it('stores a 2,000-trial run in a few large writes, each trial once', async () => {
    const plan = planOf(1000);
    const out = sink();
    const progress: RunProgress[] = [];
    // The write interval out of the way: what is left is how many trials one write takes.
    const summary = await runPlan({ plan, provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, persist: out.persist, concurrency: 16, flushMs: 600_000, onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ status: 'done', total: 2000, done: 2000, failed: 0 });
    expect(out.stored).toHaveLength(2000);
    expect(new Set(out.stored.map((t) => t.key)).size).toBe(2000);
    // One write per 25 trials made 80 writes (and 80 live updates of the page) for this run.
    expect(out.batches.length).toBeLessThanOrEqual(3);
    // Progress is told once per write (and at the start and end), not once per trial.
    expect(progress.length).toBeLessThanOrEqual(out.batches.length + 2);
    expect(progress.at(-1)).toMatchObject({ done: 2000 });
  });

  it('writes what has arrived as soon as the run pauses, whatever the write interval', async () => {
    server.configure({ latencyMs: 20 });
    const gate = new PauseGate();
    const out = sink();
    const running = runPlan({ plan: planOf(20), provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, gate, concurrency: 4, flushMs: 600_000, persist: out.persist });
    await until(() => server.requests.length >= 4);
    gate.pause();
    // Every call in flight finishes and is stored while the run stays paused.
    await until(() => out.stored.length > 0 && out.stored.length === server.requests.length);
    gate.resume();
    expect(await running).toMatchObject({ status: 'done', done: 40 });
    expect(new Set(out.stored.map((t) => t.key)).size).toBe(40);
    server.configure({ latencyMs: 0 });
  });

  it('stores everything finished when cancelled, and on demand (the page going away)', async () => {
    server.configure({ latencyMs: 20 });
    const controller = new AbortController();
    const out = sink();
    let flush: (() => Promise<void>) | null = null;
    const running = runPlan({ plan: planOf(200), provider: createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), context, parse, concurrency: 4, flushMs: 600_000, signal: controller.signal, persist: out.persist, onFlushable: (f) => (flush = f) });
    await until(() => server.requests.length >= 10);
    expect(out.stored).toHaveLength(0);
    await flush!();
    const early = out.stored.length;
    expect(early).toBeGreaterThan(0);
    await until(() => server.requests.length >= early + 10);
    controller.abort();
    const summary = await running;
    expect(summary.status).toBe('cancelled');
    // Every answered call is stored, none twice; the calls cut short by the cancel are not.
    expect(out.stored.length).toBe(summary.done);
    expect(new Set(out.stored.map((t) => t.id)).size).toBe(out.stored.length);
    expect(out.stored.length).toBeGreaterThan(early);
    server.configure({ latencyMs: 0 });
  });

  it('leaves no abort listener behind per call on a signal the calls share', async () => {
    const sdk = createOpenAIProvider({ baseURL: server.url, apiKey: 'k' });
    const signals = new Set<AbortSignal>();
    const provider: Provider = { ...sdk, chat: (r) => (r.signal && signals.add(r.signal), sdk.chat(r)) };
    const out = sink();
    expect(await runPlan({ plan: planOf(100), provider, context, parse, concurrency: 8, persist: out.persist })).toMatchObject({ status: 'done', done: 200 });
    // The SDK never removes the listener it adds: on one run-wide signal, each call cost more than the last.
    const most = Math.max(...[...signals].map((s) => getEventListeners(s, 'abort').length));
    expect(most).toBeLessThanOrEqual(2);
  });
});
