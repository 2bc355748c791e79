// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type CellId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * A fresh run starts the cell's current plan over and nothing else: trials another endpoint
 * answered (an earlier plan of the same cell) stay stored and browsable as other trials.
 */
const quickStart = parseNotebook(readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' }) as Notebook;

let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  first = await startTestServer({ models: ['gpt-4o-mini'], reply: () => '4' });
  second = await startTestServer({ models: ['gpt-4o-mini'], reply: () => '6' });
});
afterAll(async () => {
  await first.close();
  await second.close();
});
const chats = (s: TestServer) => s.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

describe('Fresh run', () => {
  it('deletes the current plan’s trials only; another endpoint’s trials are kept', async () => {
    const store = createDexieStore({ name: 'fresh', indexedDB: new IDBFactory(), IDBKeyRange });
    const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), shipped: [quickStart], sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network')) });
    await app.load();
    await app.saveEndpoint({ name: 'lab', baseURL: first.url, apiKey: 'sk-first' });
    await app.saveEndpoint({ name: 'other', baseURL: second.url, apiKey: 'sk-second' });
    const nb = (await app.open(quickStart.id))!;
    const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
    const ratings = id('ratings');
    await nb.setInput(id('endpoint'), 'lab');
    await nb.settled();
    await nb.run(ratings);
    await nb.setInput(id('endpoint'), 'other');
    await nb.settled();
    await nb.run(ratings);
    await nb.settled();
    expect(await store.trialsForCell(nb.notebook.id, ratings)).toHaveLength(20);
    const before = chats(second);

    await nb.run(ratings, { fresh: true });
    await nb.settled();
    // Every planned call went to the endpoint again, and the cell shows the new answers only.
    expect(chats(second) - before).toBe(10);
    const stored = await store.trialsForCell(nb.notebook.id, ratings);
    expect(stored).toHaveLength(20);
    expect(stored.filter((t) => t.raw === '4')).toHaveLength(10);
    expect(stored.filter((t) => t.raw === '6')).toHaveLength(10);
    const split = nb.identity.trials(ratings);
    expect(split.current.map((t) => t.raw)).toEqual(Array(10).fill('6'));
    expect(split.others).toHaveLength(10);
    const rows = (await nb.cellByName('ratings'))!.value as { raw: string }[];
    expect(rows.map((r) => r.raw)).toEqual(Array(10).fill('6'));
    app.current!.dispose();
  });
});
