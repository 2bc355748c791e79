// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type CellId, type Notebook, type Trial } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { makeBundle, type NotebookBundle } from '../../src/format/notebook-bundle';
import { installBundle } from '../../src/state/install-bundle';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { withoutEndpoint } from '../../src/experiments/endpoint-key';
import { startTestServer, type TestServer } from '../server/test-server';

const quickStart = parseNotebook(readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' }) as Notebook;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['gpt-4o-mini'], reply: () => '4' });
});
afterAll(() => server.close());

function makeApp(shipped: Notebook[]) {
  const store = createDexieStore({ name: 'carried', indexedDB: new IDBFactory(), IDBKeyRange });
  const app = new AppState({ store, providerFactory: (config) => createOpenAIProvider({ ...config, maxRetries: 0 }), shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network')) });
  return { app, store };
}

/** The author runs the Quick start on their endpoint `lab` and exports the notebook with its trials and runs. */
async function authorsBundle(): Promise<NotebookBundle> {
  const { app, store } = makeApp([quickStart]);
  await app.load();
  await app.saveEndpoint({ name: 'lab', baseURL: server.url, apiKey: 'sk-author' });
  const nb = (await app.open(quickStart.id))!;
  const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
  await nb.setInput(id('endpoint'), 'lab');
  await nb.settled();
  await nb.run(id('ratings'));
  await nb.settled();
  const trials = await store.trialsForCell(nb.notebook.id, id('ratings'));
  expect(trials).toHaveLength(10);
  return makeBundle(nb.notebook, trials, await store.listRuns(nb.notebook.id), '1.0.0', 1);
}

/** A viewer without the author's endpoint opens the copy: the experiment's table. */
async function viewersTable(bundle: NotebookBundle) {
  const { app, store } = makeApp([]);
  await app.load();
  const id = await installBundle(store, bundle, 'quick-start.html');
  const nb = (await app.open(id))!;
  if (!nb.trusted) await nb.trust();
  await nb.settled();
  const ratings = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id;
  return { rows: (await nb.cellByName('ratings'))!.value as { raw: string; endpoint: string }[], others: nb.identity.trials(ratings).others.length };
}

describe('a copy carries its trials to a browser without the author’s endpoint', () => {
  it('shows the carried trials as the cell’s own, whether the copy was made before or after keys named endpoints', async () => {
    const bundle = await authorsBundle();
    const now = await viewersTable(bundle);
    expect(now.rows.map((r) => [r.raw, r.endpoint])).toEqual(Array(10).fill(['4', 'lab']));
    expect(now.others).toBe(0);

    // The same copy as an earlier version wrote it: keys without the endpoint, no base URL on trials.
    const old: NotebookBundle = { ...bundle, trials: bundle.trials.map(({ baseURL: _b, ...t }) => ({ ...t, key: withoutEndpoint(t.key) }) as Trial) };
    expect(old.trials.every((t, i) => t.key !== bundle.trials[i].key)).toBe(true);
    const before = await viewersTable(old);
    expect(before.rows.map((r) => [r.raw, r.endpoint])).toEqual(Array(10).fill(['4', 'lab']));
    expect(before.others).toBe(0);
  });
});
