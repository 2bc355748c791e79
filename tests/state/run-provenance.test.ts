// @vitest-environment jsdom
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type CellId, type Notebook } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { notebookHash, sha256Hex } from '../../src/format/notebook-hash';
import { provenanceOf } from '../../src/format/provenance-of';
import { AppState } from '../../src/state/app-state.svelte';
import { startTestServer, type TestServer } from '../server/test-server';

const quickStart = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');
const KEY = 'sk-PROBE-unit-7f3a9c2e41';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['model-a', 'model-b'], apiKey: KEY, responseModel: (m) => `${m}-2026-01-15` });
});
afterAll(() => server.close());

async function openQuickStart() {
  const store = createDexieStore({ name: 'test', indexedDB: new IDBFactory(), IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' })];
  const app = new AppState({ store, providerFactory: (config) => createOpenAIProvider({ ...config, maxRetries: 0 }), shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
  await app.load();
  const nb = (await app.open(asNotebookId('quick-start')))!;
  const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
  await nb.settled();
  return { app, nb, store, id };
}

describe('run provenance', () => {
  it('records app version, notebook hash, endpoint without key, requested and returned models, sampling and template hashes', async () => {
    const { app, nb, id } = await openQuickStart();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: KEY });
    await nb.setInput(id('endpoint'), 'local');
    await nb.setInput(id('models'), 'model-a, model-b');
    await nb.setInput(id('reps'), 1);
    await nb.settled();
    const hashAtStart = await notebookHash(nb.notebook);
    const before = Date.now();
    await nb.run(id('ratings'));
    const [run] = await nb.runHistory();
    expect(run.status).toBe('done');
    const p = run.provenance!;
    expect(p).toMatchObject({
      appVersion: __APP_VERSION__,
      notebookHash: hashAtStart,
      endpointName: 'local',
      baseURL: server.url,
      requestedModels: ['model-a', 'model-b'],
      sampling: { temperature: 1, maxTokens: 20, seed: null, stop: null },
      repetitions: 1,
      criteriaShuffleSeed: null,
      systemTemplateHash: null,
    });
    expect([...p.responseModels].sort()).toEqual(['model-a-2026-01-15', 'model-b-2026-01-15']);
    expect(p.promptTemplateHash).toBe(await sha256Hex(nb.cellState(id('ratings')).spec!.prompt));
    expect(p.startedAt).toBeGreaterThanOrEqual(before);
    expect(p.endedAt).toBeGreaterThanOrEqual(p.startedAt);

    const doc = provenanceOf(await nb.runHistory());
    expect(doc.runs).toHaveLength(1);
    expect(doc.runs[0]).toMatchObject({ runId: run.id, cellId: id('ratings'), done: 10, notebookHash: hashAtStart });
    expect(JSON.stringify(doc)).not.toContain(KEY);
    expect(JSON.stringify(doc)).not.toContain('PROBE');
  });

  it('keeps the key out of run messages, trial errors and stored runs when the endpoint echoes it back', async () => {
    const { app, nb, store, id } = await openQuickStart();
    server.configure({ fail: () => ({ status: 401, message: `Incorrect API key provided: ${KEY}. Bearer ${KEY}` }) });
    try {
      await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: KEY });
      await nb.setInput(id('endpoint'), 'local');
      await nb.setInput(id('models'), 'model-a');
      await nb.settled();
      await nb.run(id('ratings'));
      const run = nb.runs.get(id('ratings'))!;
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/401/);
      const trials = await store.trialsForCell(nb.notebook.id, id('ratings'));
      expect(trials.length).toBeGreaterThan(0);
      expect(trials[0].errorMessage).toContain('[API key]');
      const everything = JSON.stringify({ message: run.message, trials, runs: await nb.runHistory(), provenance: provenanceOf(await nb.runHistory()) });
      expect(everything).not.toContain(KEY);
      expect(everything).not.toContain('PROBE-unit');
    } finally {
      server.configure({ fail: undefined });
    }
  });
});
