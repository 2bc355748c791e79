// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, SIMULATED_ENDPOINT, type CellId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';

const quickStart = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');

let server: TestServer;
beforeAll(async () => {
  // Every reply is "3": the table can tell the server's trials from the simulated participant's.
  server = await startTestServer({ models: ['gpt-4o-mini'], reply: () => '3' });
});
afterAll(() => server.close());

function makeApp() {
  const store = createDexieStore({ name: 'identity', indexedDB: new IDBFactory(), IDBKeyRange });
  const app = new AppState({
    store,
    providerFactory: (config) => (config.baseURL === SIMULATED_ENDPOINT.baseURL ? createSimulatedProvider() : createOpenAIProvider({ ...config, maxRetries: 0 })),
    shipped: [parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' }) as Notebook],
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
  return { app, store };
}

describe('an experiment cell shows the trials of its current plan, for the endpoint its name means now', () => {
  it('keeps simulated rehearsal trials out of a real endpoint’s table, counts them as other trials, and follows renames', async () => {
    const { app } = makeApp();
    await app.load();
    const nb = (await app.open(asNotebookId('quick-start')))!;
    const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
    const ratings = id('ratings');
    const rows = async () => (await nb.cellByName('ratings'))!.value as { value: number; raw: string; endpoint: string; baseURL: string | null }[];

    // Rehearsal on the simulated participant, as the Quick start suggests.
    await nb.setInput(id('endpoint'), 'simulated');
    await nb.settled();
    await nb.run(ratings);
    await nb.settled();
    expect(await rows()).toHaveLength(10);
    expect((await rows()).every((r) => r.endpoint === 'simulated' && r.baseURL === SIMULATED_ENDPOINT.baseURL)).toBe(true);
    expect(nb.identity.simulated(ratings)).toBe(true);
    expect(nb.identity.simulated(id('chart'))).toBe(true);
    expect(nb.identity.simulated(id('byTask'))).toBe(true);

    // The real endpoint: same models, same design, another base URL. Nothing of the rehearsal is its result.
    await app.saveEndpoint({ name: 'local', baseURL: `${server.url}/`, apiKey: 'sk-test-key' });
    await nb.setInput(id('endpoint'), 'local');
    await nb.settled();
    expect(await rows()).toEqual([]);
    expect(nb.identity.trials(ratings).others).toHaveLength(10);
    expect(nb.identity.simulated(id('chart'))).toBe(false);

    await nb.run(ratings);
    await nb.settled();
    expect(nb.runs.get(ratings)!.status).toBe('done');
    expect(server.requests).toHaveLength(10);
    const real = await rows();
    expect(real).toHaveLength(10);
    expect(real.every((r) => r.raw === '3' && r.value === 3 && r.endpoint === 'local' && r.baseURL === server.url)).toBe(true);
    expect(nb.identity.trials(ratings)).toMatchObject({ current: { length: 10 }, others: { length: 10 } });
    const csv = new TextDecoder().decode((await nb.exportTable(ratings, 'csv')).bytes);
    expect(csv.split('\n')[0].split(',').slice(-2)).toEqual(['endpoint', 'baseURL']);

    // Renamed, same URL: still its trials, nothing sent again.
    const local = app.endpoints.find((e) => e.name === 'local')!;
    await app.saveEndpoint({ id: local.id, name: 'lab', baseURL: server.url, apiKey: 'sk-test-key' });
    await nb.setInput(id('endpoint'), 'lab');
    await nb.settled();
    expect(await rows()).toHaveLength(10);
    await nb.run(ratings);
    expect(nb.runs.get(ratings)!.message).toBe('All 10 planned trials already have results.');
    expect(server.requests).toHaveLength(10);

    // The same name pointed at another server: not its trials any more.
    await app.saveEndpoint({ id: local.id, name: 'lab', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test-key' });
    await nb.settled();
    expect(await rows()).toEqual([]);
    expect(nb.identity.trials(ratings).others).toHaveLength(20);
  });
});
