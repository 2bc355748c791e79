// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type Store, type Trial } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import type { FromSandbox, SandboxTransport, ToSandbox } from '../../src/sandbox/protocol';
import { startTestServer, type TestServer } from '../server/test-server';
import { ratingsNotebook } from './ratings-notebook';

/**
 * A live run through the notebook, as Run does it: trials reach the store and the sandbox in
 * batches (the sandbox's no more often than the store's), every trial is stored and shown once, and the design the sandbox says again after
 * each live update keeps its object on the page (so the plan is not expanded again each time).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['m1', 'm2'] });
});
afterAll(() => server.close());

const TASKS = 300;
const notebook = ratingsNotebook('Live run', TASKS);

describe('a live run', () => {
  it('sends trials to the store and the sandbox in batches, shows each once, and keeps the design object', async () => {
    const base = createDexieStore({ name: 'live-run-1', indexedDB: new IDBFactory(), IDBKeyRange });
    const writes: number[] = [];
    const store: Store = { ...base, putTrials: (t: readonly Trial[]) => (writes.push(t.length), base.putTrials(t)) };
    const appends: number[] = [];
    const sandbox = (): SandboxTransport => {
      const t = createInProcessSandbox();
      return { ...t, post: (m: ToSandbox) => (m.type === 'trials' && !m.replace && appends.push(m.columns.length), t.post(m)), onMessage: (f) => t.onMessage(f), dispose: () => t.dispose() };
    };
    const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), shipped: [parseNotebook(notebook, { id: asNotebookId('live'), origin: 'shipped' })], sandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', concurrency: 16 });
    const nb = (await app.open(asNotebookId('live')))!;
    await nb.settled();
    const id = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id;
    const design = nb.cellState(id).spec;
    expect(design).not.toBeNull();
    await nb.run(id);
    await nb.settled();
    expect(nb.runs.get(id)!.message).toBe(`Finished: ${2 * TASKS} of ${2 * TASKS} trials done, 0 failed.`);
    expect(await store.trialsForCell(nb.notebook.id, id)).toHaveLength(2 * TASKS);
    expect(new Set(nb.trials.get(id)!.map((t) => t.id)).size).toBe(2 * TASKS);
    expect(nb.trials.get(id)).toHaveLength(2 * TASKS);
    expect(((await nb.cellByName('byModel'))?.value as { n: number }[]).map((r) => r.n)).toEqual([TASKS, TASKS]);
    // Each trial written once (how many per write: tests/runner/batched-writes.test.ts).
    expect(writes.reduce((a, b) => a + b, 0)).toBe(2 * TASKS);
    expect(appends.reduce((a, b) => a + b, 0)).toBe(2 * TASKS);
    expect(appends.length).toBeLessThanOrEqual(writes.length);
    // The sandbox said the design again after each live update; the page kept the one it had.
    expect(nb.cellState(id).spec).toBe(design);
    app.close();
  });

  it('applies an offscreen cell\'s live outputs only at the end of the run, exactly the last one', async () => {
    const store = createDexieStore({ name: 'live-run-2', indexedDB: new IDBFactory(), IDBKeyRange });
    // What the sandbox says per cell: every live recompute's value, before the page's pacing.
    const said = new Map<string, number>();
    const sandbox = (): SandboxTransport => {
      const t = createInProcessSandbox();
      return { ...t, onMessage: (f) => t.onMessage((m: FromSandbox) => (m.type === 'fulfilled' && said.set(m.id, (said.get(m.id) ?? 0) + 1), f(m))) };
    };
    // Replies slow enough that the run lasts a few live updates (one per 500 ms).
    server.configure({ latencyMs: 20 });
    onTestFinished(() => server.configure({ latencyMs: 0 }));
    const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), shipped: [parseNotebook(notebook, { id: asNotebookId('live2'), origin: 'shipped' })], sandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', concurrency: 4 });
    const nb = (await app.open(asNotebookId('live2')))!;
    await nb.settled();
    const id = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id;
    const byModel = nb.notebook.cells.find((c) => 'name' in c && c.name === 'byModel')!.id;
    // The view says the cell is off screen (CellView's IntersectionObserver).
    nb.setCellVisible(byModel, false);
    const saidBefore = said.get(byModel) ?? 0;
    const appliedBefore = nb.cellState(byModel).computeCount;
    let appliedDuringRun = 0;
    const run = nb.run(id);
    // Sampled as the trials arrive: what the page applied of the offscreen cell while the run went on.
    const sample = setInterval(() => (appliedDuringRun = Math.max(appliedDuringRun, nb.cellState(byModel).computeCount - appliedBefore)), 5);
    await run;
    clearInterval(sample);
    await nb.settled();
    expect((said.get(byModel) ?? 0) - saidBefore).toBeGreaterThan(2); // the sandbox recomputed it live, several times
    expect(appliedDuringRun).toBe(0);
    // After the run: the held output, then the final one.
    expect(nb.cellState(byModel).computeCount - appliedBefore).toBeLessThanOrEqual(2);
    const view = nb.cellState(byModel).value;
    expect(view?.kind === 'table' && view.rows.map((r) => r.n)).toEqual([TASKS, TASKS]);
    app.close();
  });
});
