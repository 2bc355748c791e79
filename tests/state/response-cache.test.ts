// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { withCache } from '../../src/providers/with-cache';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['model-a', 'model-b'] });
});
afterAll(() => server.close());
const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

describe('the response cache', () => {
  it('answers the same request from IndexedDB, keeps repetitions apart, and never caches a failure', async () => {
    server.reset();
    const store = createDexieStore({ name: 'cache-1', indexedDB: new IDBFactory(), IDBKeyRange });
    const provider = withCache(createOpenAIProvider({ baseURL: server.url, apiKey: 'k' }), store, server.url);
    const request = { model: 'model-a', messages: [{ role: 'user' as const, content: 'Rate a poem' }], params: { temperature: 1 }, repetition: 1 };
    const first = await provider.chat(request);
    const again = await provider.chat(request);
    expect(chats()).toBe(1);
    expect(again).toMatchObject({ text: first.text, cached: true, latencyMs: 0 });
    await provider.chat({ ...request, repetition: 2 });
    await provider.chat({ ...request, params: { temperature: 0 } });
    expect(chats()).toBe(3);
    server.configure({ fail: () => ({ status: 500 }) });
    await expect(provider.chat({ ...request, repetition: 3 })).rejects.toMatchObject({ kind: 'server' });
    server.configure({ fail: undefined });
    await provider.chat({ ...request, repetition: 3 });
    expect(chats()).toBe(5);
    expect(await store.countCached()).toBe(3 + 1);
    expect(await store.clearCache()).toBe(4);
  });

  it('lets a cleared experiment re-run with zero API calls and identical trials; a fresh run calls again and says so', async () => {
    server.reset();
    const store = createDexieStore({ name: 'cache-2', indexedDB: new IDBFactory(), IDBKeyRange });
    const text = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');
    const app = new AppState({ store, providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }), shipped: [parseNotebook(text, { id: asNotebookId('quick-start'), origin: 'shipped' })], sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k' });
    const nb = (await app.open(asNotebookId('quick-start')))!;
    await nb.settled();
    const id = (n: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === n)!.id;
    await nb.setInput(id('endpoint'), 'local');
    await nb.setInput(id('models'), 'model-a, model-b');
    await nb.settled();
    await nb.run(id('ratings'));
    const planned = chats();
    const values = (await store.trialsForCell(nb.notebook.id, id('ratings'))).map((t) => `${t.key}=${t.raw}`).sort();

    await store.deleteTrialsForCell(nb.notebook.id, id('ratings'));
    nb.trials.set(id('ratings'), []);
    await nb.run(id('ratings'));
    expect(chats()).toBe(planned);
    const replayed = await store.trialsForCell(nb.notebook.id, id('ratings'));
    expect(replayed.map((t) => `${t.key}=${t.raw}`).sort()).toEqual(values);
    expect(replayed.every((t) => t.cached)).toBe(true);

    await nb.run(id('ratings'), { fresh: true });
    expect(chats()).toBe(2 * planned);
    expect(nb.runs.get(id('ratings'))!.message).toMatch(/^Fresh run \(response cache bypassed\)/);
    expect(await store.trialsForCell(nb.notebook.id, id('ratings'))).toHaveLength(planned);
    app.close();
  });
});
