// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type Store, type Trial } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { BUNDLE_ELEMENT_ID, BUNDLE_SLOT } from '../../src/format/embed-bundle';
import { parseBundle } from '../../src/format/notebook-bundle';
import { AppState } from '../../src/state/app-state.svelte';
import { oneFileExport } from '../../src/state/notebook-exports';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';
import { ratingsNotebook } from './ratings-notebook';

/**
 * The page holds trials without their prompts (issue 16: at the study's scale, whole trials made
 * opening a notebook read, clone and hold gigabytes): a live run keeps them slim, opening reads
 * the store's slim read only, and where a prompt is needed (a trial's details, a one-file copy)
 * it is read from the store then.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['m1', 'm2'] });
});
afterAll(() => server.close());

const TASKS = 20;
const notebook = ratingsNotebook('Slim trials', TASKS);

/** The store, recording which of its methods the app calls. */
function spied(store: Store, calls: string[]): Store {
  return new Proxy(store, {
    get: (target, property, receiver) => {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (calls.push(String(property)), (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

const promptOf = (t: unknown) => (t as Partial<Trial>).messages;

describe('the page’s trials', () => {
  it('are slim after a live run and on opening, read only through the slim read; details and one-file copies read the prompts from the store', async () => {
    const base = createDexieStore({ name: 'slim-page-trials', indexedDB: new IDBFactory(), IDBKeyRange });
    const calls: string[] = [];
    const store = spied(base, calls);
    const shipped = [parseNotebook(notebook, { id: asNotebookId('slim'), origin: 'shipped' })];
    const deps = {
      store,
      providerFactory: (c: Parameters<typeof createOpenAIProvider>[0]) => createOpenAIProvider({ ...c, maxRetries: 0 }),
      shipped,
      sandbox: createInProcessSandbox,
      answer: () => Promise.reject(new Error('no network in unit tests')),
      standaloneHtml: () => Promise.resolve(`<!doctype html><html><head>${BUNDLE_SLOT}<title>Motivelab</title></head><body></body></html>`),
    };
    const app = new AppState(deps);
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', concurrency: 4 });
    const nb = (await app.open(asNotebookId('slim')))!;
    await nb.settled();
    const id = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id;
    await nb.run(id);
    await nb.settled();
    // A live run: stored whole, held slim.
    expect(await base.trialsForCell(nb.notebook.id, id)).toHaveLength(2 * TASKS);
    expect(nb.trials.get(id)).toHaveLength(2 * TASKS);
    expect(nb.trials.get(id)!.filter((t) => promptOf(t) !== undefined)).toEqual([]);
    app.close();

    // Opening again: the slim read, never the whole one; the analyses see every trial.
    calls.length = 0;
    const again = new AppState(deps);
    await again.load();
    const opened = (await again.open(asNotebookId('slim')))!;
    await opened.settled();
    expect(calls).toContain('trialsForAnalysis');
    expect(calls).not.toContain('trialsForCell');
    const held = opened.trials.get(id)!;
    expect(held).toHaveLength(2 * TASKS);
    expect(held.filter((t) => promptOf(t) !== undefined)).toEqual([]);
    expect(((await opened.cellByName('byModel'))?.value as { n: number }[]).map((r) => r.n)).toEqual([TASKS, TASKS]);

    // A trial's details: its prompt, read from the store by id.
    const one = held[3];
    const whole = await opened.wholeTrial(one.id);
    expect(whole?.id).toBe(one.id);
    expect(whole?.messages.map((m) => m.content).join('\n')).toContain(`Rate ${one.task}`);
    expect(whole?.params).toBeDefined();

    // A one-file copy carries every trial whole.
    const file = await oneFileExport(opened);
    const json = new RegExp(`<script type="application/json" id="${BUNDLE_ELEMENT_ID}">(.*?)</script>`, 's').exec(file.content)![1];
    const bundle = parseBundle(json);
    expect(bundle.trials).toHaveLength(2 * TASKS);
    for (const t of bundle.trials) expect(t.messages.map((m) => m.content).join('\n')).toContain(`Rate ${t.task}`);
    again.close();
  });
});
