import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, localDay, type CellId } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIBatchProvider, createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { useTestServer } from '../server/use-test-server';
import { until } from '../fixtures/until';

/**
 * A batch's answers count in the endpoint's spend of the day, at the Batch API's half price, once:
 * a day's spend limit sees what batches cost, and reopening the notebook does not count them again.
 * A results file from a runner elsewhere (e.g. a local vLLM job) is not counted.
 */
// US$ 100 per million input and 1,000 per million output tokens, so every call costs something visible.
const PRICES = { 'm1': { input: 100, output: 1000 } };
const text = `---
title: Batch spend
---

\`\`\`experiment answers
{
  endpoint: 'local',
  models: ['m1'],
  tasks: ['Write a poem.', 'Sort numbers.', 'Do taxes.'],
  prompt: 'How motivated are you to do this, {{min}} to {{max}}? {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 2,
  prices: ${JSON.stringify(PRICES)},
}
\`\`\`
`;

const server = useTestServer({ models: ['m1'] }, { batch: undefined, reply: undefined });

async function openApp(indexedDB: IDBFactory) {
  const store = createDexieStore({ name: 'batch-spend', indexedDB, IDBKeyRange });
  const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), batchProviderFactory: createOpenAIBatchProvider, shipped: [parseNotebook(text, { id: asNotebookId('batch-spend'), origin: 'shipped' })], sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
  await app.load();
  if (!app.endpoints.some((e) => e.name === 'local')) await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'sk-local-key-0000' });
  const nb = (await app.open(asNotebookId('batch-spend')))!;
  (nb.batches.deps as { batchPollMs?: unknown }).batchPollMs = { initial: 30, max: 120 };
  await nb.settled();
  const answers = nb.notebook.cells.find((c) => 'name' in c && c.name === 'answers')!.id as CellId;
  return { app, nb, store, answers };
}

describe('batch spend', () => {
  it('adds an imported batch to the day spend at half price, once', async () => {
    const indexedDB = new IDBFactory();
    server.configure({ batch: { processMs: 50 } });
    let { app, nb, store, answers } = await openApp(indexedDB);
    expect(await store.daySpend('local', localDay())).toBe(0);
    await nb.batches.submit(answers);
    await until(() => nb.batches.summary(answers)?.active === false, 5000, 20);
    const trials = await store.trialsForCell(nb.notebook.id, answers);
    expect(trials.filter((t) => t.status === 'ok')).toHaveLength(6);
    const list = trials.reduce((s, t) => s + ((t.promptTokens ?? 0) * PRICES.m1.input + (t.completionTokens ?? 0) * PRICES.m1.output) / 1e6, 0);
    expect(list).toBeGreaterThan(0);
    expect(await store.daySpend('local', localDay())).toBeCloseTo(list / 2, 9);

    // Reopening (a reload) finds the batch imported and counts nothing again.
    app.current!.dispose();
    ({ app, nb, store, answers } = await openApp(indexedDB));
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.daySpend('local', localDay())).toBeCloseTo(list / 2, 9);
    app.current!.dispose();
  });
});
