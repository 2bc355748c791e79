import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type CellId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIBatchProvider, createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { useTestServer } from '../server/use-test-server';
import { until } from '../fixtures/until';

/**
 * An endpoint that echoes the caller's key in its replies (in the text and in the model id) and
 * in its errors: live runs, batches and the endpoint test store and show `[API key]` instead.
 */
const KEY = 'sk-ECHO-5f1c0a9e7d3b2468ac';
const experiment = (name: string, models: string) => `\`\`\`experiment ${name}
{
  endpoint: 'local',
  models: [${models}],
  tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }],
  conditions: [{ name: 'none', prefix: '' }],
  prompt: '{{prefix}} How motivated are you, {{min}} to {{max}}? {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 2,
  seed: 1,
}
\`\`\`
`;
const text = `---\ntitle: Echo\n---\n\n${experiment('live', "'m1', 'broken'")}\n${experiment('batched', "'m1'")}`;

const server = useTestServer(
  { models: ['m1', 'broken'], apiKey: KEY },
  {
    reply: () => `Thanks for the key ${KEY}! My rating: 7`,
    responseModel: (m) => `${m}+${KEY}`,
    fail: (body) => (body.model === 'broken' ? { status: 400, message: `Bad request from ${KEY}` } : null),
    batch: { processMs: 20 },
  },
);

/** Every record of every object store of the app's database, as JSON text. */
async function everythingStored(indexedDB: IDBFactory, name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const stores = [...db.objectStoreNames];
  const tx = db.transaction(stores);
  const all = await Promise.all(stores.map((s) => new Promise<unknown[]>((resolve) => (tx.objectStore(s).getAll().onsuccess = (e) => resolve((e.target as IDBRequest<unknown[]>).result)))));
  db.close();
  return JSON.stringify(Object.fromEntries(stores.map((s, i) => [s, all[i]])));
}

const cellId = (nb: NotebookState, name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;

describe('a key echoed by the endpoint', () => {
  it('is replaced by [API key] in live and batch trials, runs, the response cache and the endpoint test', async () => {
    const indexedDB = new IDBFactory();
    const store = createDexieStore({ name: 'echo', indexedDB, IDBKeyRange });
    const shipped: Notebook[] = [parseNotebook(text, { id: asNotebookId('echo'), origin: 'shipped' })];
    const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), batchProviderFactory: createOpenAIBatchProvider, shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: KEY });
    const nb = (await app.open(asNotebookId('echo')))!;
    (nb.batches.deps as { batchPollMs?: unknown }).batchPollMs = { initial: 20, max: 60 };
    await nb.settled();

    await nb.run(cellId(nb, 'live'));
    const live = await store.trialsForCell(nb.notebook.id, cellId(nb, 'live'));
    expect(live).toHaveLength(8);
    const answered = live.filter((t) => t.status === 'ok');
    expect(answered).toHaveLength(4);
    for (const t of answered) expect(t).toMatchObject({ raw: 'Thanks for the key [API key]! My rating: 7', value: 7, responseModel: 'm1+[API key]' });
    const failed = live.filter((t) => t.status === 'failed');
    expect(failed).toHaveLength(4);
    for (const t of failed) expect(t.errorMessage).toContain('Bad request from [API key]');

    await nb.batches.submit(cellId(nb, 'batched'));
    await until(() => nb.batches.summary(cellId(nb, 'batched'))?.active === false, 10_000);
    const batched = await store.trialsForCell(nb.notebook.id, cellId(nb, 'batched'));
    expect(batched).toHaveLength(4);
    for (const t of batched) expect(t).toMatchObject({ status: 'ok', raw: 'Thanks for the key [API key]! My rating: 7', value: 7, responseModel: 'm1+[API key]' });

    // A results file from a runner elsewhere that used the same key, echoed in it.
    await store.deleteTrialsForCell(nb.notebook.id, cellId(nb, 'batched'));
    const plan = (await nb.batches.exportPlan(cellId(nb, 'batched'), 'batched')).text.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string });
    const results = plan.map((l) => JSON.stringify({ custom_id: l.custom_id, response: { status_code: 200, body: { model: `m1/${KEY}`, choices: [{ message: { content: `echo ${KEY}: 3` }, finish_reason: 'stop' }] } } })).join('\n');
    await nb.batches.importFile(cellId(nb, 'batched'), results);
    const imported = await store.trialsForCell(nb.notebook.id, cellId(nb, 'batched'));
    expect(imported).toHaveLength(4);
    for (const t of imported) expect(t).toMatchObject({ status: 'ok', raw: 'echo [API key]: 3', value: 3, responseModel: 'm1/[API key]' });

    // The same run again is answered from the cache: redacted there too.
    await store.deleteTrialsForCell(nb.notebook.id, cellId(nb, 'live'));
    await nb.run(cellId(nb, 'live'));
    expect(await store.countCached()).toBe(4);
    expect((await store.trialsForCell(nb.notebook.id, cellId(nb, 'live'))).filter((t) => t.cached).map((t) => t.raw)).toEqual(Array(4).fill('Thanks for the key [API key]! My rating: 7'));

    // Test connection lists the models as the endpoint names them, without the key.
    server.configure({ models: [`m1-${KEY}`] });
    expect(await app.testEndpoint({ baseURL: server.url, apiKey: KEY })).toEqual({ ok: true, models: ['m1-[API key]'] });

    // The key is stored once, in the endpoint, and nowhere else: not in trials, runs, batches or the cache.
    const stored = await everythingStored(indexedDB, 'echo');
    expect(stored).toContain('[API key]');
    expect(stored.split(KEY).length - 1).toBe(1);
    expect(JSON.stringify(await store.listEndpoints())).toContain(KEY);
    app.close();
  });
});
