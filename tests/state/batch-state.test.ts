import { describe, expect, it } from 'vitest';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, normalizeBaseURL, type CellId, type Notebook } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIBatchProvider, createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { useTestServer } from '../server/use-test-server';
import { until as untilHolds } from '../fixtures/until';
import { installWebLocks } from '../fixtures/web-locks';

const text = `---
title: Batch test
---

\`\`\`experiment answers
{
  endpoint: 'local',
  models: ['m1', 'm2'],
  tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }, { id: 'tax', text: 'Do taxes.' }],
  conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You get $5.' }],
  prompt: '{{prefix}} How motivated are you to do this, {{min}} to {{max}}? {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 1,
  seed: 1,
  maxTokens: 30,
}
\`\`\`

\`\`\`experiment judge
{
  endpoint: 'local',
  models: ['m1'],
  evaluates: answers.filter((d) => d.status === 'ok'),
  prompt: 'Rate this answer to {{task}} from {{min}} to {{max}}: {{answer}}',
  scale: { min: 1, max: 7 },
  repetitions: 1,
}
\`\`\`
`;

const server = useTestServer({ models: ['m1', 'm2'] }, { batch: undefined, reply: undefined });

async function openApp(indexedDB: IDBFactory, endpoint: { batchOneModelPerFile?: boolean } = {}) {
  const store = createDexieStore({ name: 'batch', indexedDB, IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('batch-test'), origin: 'shipped' })];
  const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), batchProviderFactory: createOpenAIBatchProvider, shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
  await app.load();
  if (!app.endpoints.some((e) => e.name === 'local')) await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'sk-local-key-0000', ...endpoint });
  const nb = (await app.open(asNotebookId('batch-test')))!;
  // Short polling so the test follows batches in tenths of a second.
  (nb.batches.deps as { batchPollMs?: unknown }).batchPollMs = { initial: 30, max: 120 };
  await nb.settled();
  return { app, nb, store };
}
const cellId = (nb: NotebookState, name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
const until = (check: () => boolean, ms = 5000) => untilHolds(check, ms, 20);

describe('BatchState through a notebook', () => {
  it('submits, resumes after a reopen, imports exactly once, and batches a dependent cell after it', async () => {
    const indexedDB = new IDBFactory();
    server.configure({ batch: { processMs: 300, fail: (_id, i) => (i === 3 ? 'error' : null) } });
    let { app, nb } = await openApp(indexedDB);
    let store;
    const answers = cellId(nb, 'answers');
    await nb.batches.submit(answers);
    expect(server.batches.batches.size).toBe(1);
    const [held] = server.batches.batches.values();
    expect(held.lines).toHaveLength(12);
    expect(nb.batches.summary(answers)).toMatchObject({ total: 12, active: true });
    // Submitting again while it runs sends nothing new.
    await nb.batches.submit(answers);
    expect(server.batches.batches.size).toBe(1);

    // Close the notebook (a reload) while it runs; reopening resumes polling and imports.
    app.current!.dispose();
    ({ app, nb, store } = await openApp(indexedDB));
    await until(() => nb.batches.records.size > 0);
    expect(nb.batches.summary(answers)?.active).toBe(true);
    await until(() => nb.batches.summary(answers)?.active === false);
    const trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials).toHaveLength(12);
    expect(new Set(trials.map((t) => t.key)).size).toBe(12);
    expect(trials.filter((t) => t.status === 'failed')).toHaveLength(1);
    expect(nb.trials.get(answers)).toHaveLength(12);
    expect(nb.batches.summary(answers)).toMatchObject({ completed: 11, failed: 1 });
    const run = (await store.listRuns(nb.notebook.id)).find((r) => r.id === trials[0].runId);
    expect(run).toMatchObject({ status: 'done', done: 11, failed: 1 });

    // Reopening after the import does not import again.
    app.current!.dispose();
    ({ app, nb, store } = await openApp(indexedDB));
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.trialsForCell(nb.notebook.id, answers)).toHaveLength(12);

    // The failed one goes out in a new batch; it replaces the failed trial rather than doubling it.
    server.configure({ batch: { processMs: 50 } });
    await nb.batches.submit(answers);
    expect([...server.batches.batches.values()].at(-1)!.lines).toHaveLength(1);
    await until(() => nb.batches.summary(answers)?.active === false);
    const after = await store.trialsForCell(nb.notebook.id, answers);
    expect(after).toHaveLength(12);
    expect(after.every((t) => t.status !== 'failed')).toBe(true);

    // The judge's plan is built from the imported answers and goes out as its own batch.
    await nb.settled();
    const judge = cellId(nb, 'judge');
    await nb.batches.submit(judge);
    const judgeBatch = [...server.batches.batches.values()].at(-1)!;
    const judgeKeys = new Set(nb.identity.plan(judge)!.keys);
    expect(judgeKeys.size).toBeGreaterThan(0);
    expect(judgeBatch.lines.map((l) => l.custom_id).sort()).toEqual([...judgeKeys].sort());
    expect(judgeBatch.lines.every((l) => after.some((t) => l.body.messages[0].content.includes(t.raw!)))).toBe(true);
    await until(() => nb.batches.summary(judge)?.active === false);
    expect(await store.trialsForCell(nb.notebook.id, judge)).toHaveLength(judgeKeys.size);
    app.current!.dispose();
  });

  it('exports the plan and imports a results file from elsewhere exactly once', async () => {
    const { app, nb, store } = await openApp(new IDBFactory());
    const answers = cellId(nb, 'answers');
    const plan = await nb.batches.exportPlan(answers, 'answers');
    expect(plan.requests).toBe(12);
    const lines = plan.text.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { model: string; messages: { content: string }[] } });
    // An offline runner answers every line in the Batch API output format.
    const results = lines.map((l, i) => JSON.stringify({ id: `r${i}`, custom_id: l.custom_id, response: i === 0 ? { status_code: 500, body: { error: { message: 'GPU fell over' } } } : { status_code: 200, body: { model: l.body.model, choices: [{ message: { content: String(1 + (i % 10)) }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 1 } } }, error: null })).join('\n');
    await nb.batches.importFile(answers, results);
    await nb.batches.importFile(answers, results);
    const trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials).toHaveLength(12);
    expect(trials.filter((t) => t.status === 'failed')).toHaveLength(1);
    expect(nb.batches.messages.get(answers)).toMatch(/Imported 0 results.*12 already had results/);
    expect(nb.trials.get(answers)).toHaveLength(12);
    // What is left to export is what has no answer yet.
    expect((await nb.batches.exportPlan(answers, 'answers')).requests).toBe(1);
    app.current!.dispose();
  });

  it('imports what a cancelled or expired batch finished, the rest as failed trials to retry', async () => {
    const { app, nb, store } = await openApp(new IDBFactory());
    const answers = cellId(nb, 'answers');
    server.configure({ batch: { processMs: 600, expireAfterMs: 300 } });
    await nb.batches.submit(answers);
    await until(() => nb.batches.summary(answers)?.active === false);
    expect(nb.batches.summary(answers)?.batches[0].status).toBe('expired');
    let trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials).toHaveLength(12);
    const answered = trials.filter((t) => t.status !== 'failed').length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(12);
    expect(nb.batches.messages.get(answers)).toMatch(/ended expired/);

    server.configure({ batch: { processMs: 60_000 } });
    await nb.batches.submit(answers);
    expect([...server.batches.batches.values()].at(-1)!.lines).toHaveLength(12 - answered);
    await nb.batches.cancel(answers);
    await until(() => nb.batches.summary(answers)?.active === false);
    expect(nb.batches.summary(answers)?.batches[0].status).toBe('cancelled');
    trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials).toHaveLength(12);
    expect(trials.filter((t) => t.status === 'failed')).toHaveLength(12 - answered);
    const runs = await store.listRuns(nb.notebook.id);
    expect(runs.map((r) => r.status)).toEqual(['done', 'cancelled']);
    app.current!.dispose();
  });

  it('"submit all as batch" sends the judge after the answers it reads are imported, across a reopen', async () => {
    const indexedDB = new IDBFactory();
    server.configure({ batch: { processMs: 200, fail: (_id, i) => (i === 0 ? 'error' : null) } });
    let { app, nb } = await openApp(indexedDB);
    const answers = cellId(nb, 'answers');
    const judge = cellId(nb, 'judge');
    const before = server.batches.batches.size;
    await nb.batches.submitAll();
    expect(nb.batches.chainStatus).toBe('Submitted answers (12); waiting for the batches they read: judge.');
    expect(server.batches.batches.size).toBe(before + 1);
    app.current!.dispose();
    ({ app, nb } = await openApp(indexedDB));
    await until(() => nb.batches.summary(judge)?.active === false, 8000);
    expect(server.batches.batches.size).toBe(before + 2);
    const judgeBatch = [...server.batches.batches.values()].at(-1)!;
    const store = nb.deps.store;
    const answered = (await store.trialsForCell(nb.notebook.id, answers)).filter((t) => t.status === 'ok');
    expect(answered).toHaveLength(11);
    // Built from the imported answers: one evaluation per distinct answered conversation.
    expect(judgeBatch.lines.length).toBe(new Set(nb.identity.plan(judge)!.keys).size);
    expect(judgeBatch.lines.length).toBeGreaterThan(0);
    expect(await store.trialsForCell(nb.notebook.id, judge)).toHaveLength(judgeBatch.lines.length);
    // The chain ends: the failed answer is not sent again on its own, and nothing loops.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.batches.batches.size).toBe(before + 2);
    app.current!.dispose();
  });

  it('sends max_completion_tokens in the next batch when a model refused max_tokens', async () => {
    const { app, nb, store } = await openApp(new IDBFactory());
    const answers = cellId(nb, 'answers');
    const refuse = { status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." };
    server.configure({ batch: { fail: (_id, _i, body) => (body.max_tokens !== undefined ? refuse : null) } });
    await nb.batches.submit(answers);
    await until(() => nb.batches.summary(answers)?.active === false);
    expect((await store.trialsForCell(nb.notebook.id, answers)).every((t) => t.status === 'failed' && t.errorKind === 'bad-request')).toBe(true);
    await nb.batches.submit(answers);
    const retry = [...server.batches.batches.values()].at(-1)!;
    expect(retry.lines.every((l) => l.body.max_completion_tokens === 30 && l.body.max_tokens === undefined)).toBe(true);
    await until(() => nb.batches.summary(answers)?.active === false);
    const trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials).toHaveLength(12);
    expect(trials.every((t) => t.status !== 'failed')).toBe(true);
    app.current!.dispose();
  });

  it('puts every planned call in exactly one batch when imports end together and two tabs reopen the notebook', async () => {
    const removeLocks = installWebLocks();
    try {
      const indexedDB = new IDBFactory();
      server.configure({ batch: { processMs: 100 } });
      const earlier = new Set(server.batches.files.keys());
      const first = await openApp(indexedDB, { batchOneModelPerFile: true });
      await first.nb.batches.submitAll();
      // One model per input file: the answers go out as two batches, which end together.
      const inputs = () => [...server.batches.files].filter(([id, f]) => f.purpose === 'batch' && !earlier.has(id)).map(([, f]) => f).map((f) => f.content.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; body: { model: string } }));
      expect(inputs().map((lines) => [...new Set(lines.map((l) => l.body.model))])).toEqual([['m1'], ['m2']]);
      first.app.current!.dispose();
      await new Promise((r) => setTimeout(r, 250));

      // The notebook reopens in two tabs at once; both find the two ended batches to import.
      const a = await openApp(indexedDB);
      const b = await openApp(indexedDB);
      const answers = cellId(a.nb, 'answers');
      const judge = cellId(a.nb, 'judge');
      await until(() => [a, b].every(({ nb }) => nb.batches.summary(judge)?.active === false), 8000);
      await new Promise((r) => setTimeout(r, 300));

      // Every request uploaded, across all input files: each planned call exactly once.
      const ids = inputs().flat().map((l) => l.custom_id);
      const judgeKeys = expandPlan(a.nb.cellState(judge).spec!, { baseURL: normalizeBaseURL(server.url) }).map((p) => p.key);
      expect(judgeKeys).toHaveLength(12);
      expect(ids.length).toBe(new Set(ids).size);
      expect(ids.sort()).toEqual([...expandPlan(a.nb.cellState(answers).spec!, { baseURL: normalizeBaseURL(server.url) }).map((p) => p.key), ...judgeKeys].sort());
      // Two for the answers, one for the judge (one model).
      expect(inputs()).toHaveLength(3);

      // Both tabs show every stored trial and say how many the imports brought, never 0.
      for (const { nb } of [a, b]) {
        expect(nb.trials.get(answers)).toHaveLength(12);
        expect(nb.trials.get(judge)).toHaveLength(12);
        expect(nb.batches.messages.get(answers)).toMatch(/^Imported 6 results \(6 answered, 0 failed\)/);
        expect(nb.batches.messages.get(judge)).toMatch(/^Imported 12 results \(12 answered, 0 failed\)/);
      }
      a.app.current!.dispose();
      b.app.current!.dispose();
    } finally {
      removeLocks();
    }
  });
});
