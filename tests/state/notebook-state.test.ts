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
import type { ValueView } from '../../src/sandbox/protocol';
import { startTestServer, type TestServer } from '../server/test-server';

const quickStart = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ latencyMs: 5, models: ['model-a', 'model-b'] });
});
afterAll(() => server.close());

function makeApp(indexedDB = new IDBFactory()) {
  const store = createDexieStore({ name: 'test', indexedDB, IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' })];
  const app = new AppState({
    store,
    providerFactory: (config) => createOpenAIProvider({ ...config, maxRetries: 0 }),
    shipped,
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
  return { app, store, indexedDB };
}

/** Prints every named cell as `name: status (computeCount)`, or its error. */
function describeCells(app: AppState): string {
  const nb = app.current!;
  return nb.notebook.cells
    .filter((c) => c.kind !== 'markdown')
    .map((c) => {
      const s = nb.cellState(c.id);
      return `${c.name}: ${s.status}${s.error ? ` ${s.error.message}` : ''}`;
    })
    .join('\n');
}

/** Rows of a table value as the page sees it (the table itself stays in the sandbox). */
function numRows(view: ValueView | undefined): number {
  if (view?.kind !== 'table') throw new Error(`not a table: ${JSON.stringify(view)}`);
  return view.numRows;
}

function cellId(app: AppState, name: string): CellId {
  const cell = app.current!.notebook.cells.find((c) => 'name' in c && c.name === name);
  if (!cell) throw new Error(`no cell ${name}`);
  return cell.id;
}

describe('a notebook, as a user drives it', () => {
  it('runs the quick start against an endpoint, recomputes only dependents, and survives a reload', async () => {
    const { app, indexedDB } = makeApp();
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'sk-test-key' });
    expect(await app.testEndpoint({ baseURL: server.url, apiKey: 'sk-test-key' })).toEqual({ ok: true, models: ['model-a', 'model-b'] });

    const nb = (await app.open(asNotebookId('quick-start')))!;
    await nb.settled();
    await nb.setInput(cellId(app, 'endpoint'), 'local');
    await nb.setInput(cellId(app, 'models'), 'model-a, model-b');
    await nb.settled();

    const ratings = cellId(app, 'ratings');
    const spec = nb.cellState(ratings).spec!;
    const planned = spec.models.length * spec.tasks.length * spec.repetitions;
    expect(planned).toBeGreaterThan(0);

    await nb.run(ratings);
    await nb.settled();
    expect(nb.runs.get(ratings)!.status).toBe('done');
    expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(planned);
    expect(numRows(nb.cellState(ratings).value)).toBe(planned);
    expect(numRows(nb.cellState(cellId(app, 'byTask')).value)).toBe(spec.models.length * spec.tasks.length);
    expect(describeCells(app)).not.toMatch(/rejected/);

    // Editing the plot recomputes only the plot.
    const counts = () => Object.fromEntries(nb.notebook.cells.map((c) => [c.id, nb.cellState(c.id).computeCount]));
    const before = counts();
    const chart = nb.notebook.cells.find((c) => c.kind === 'plot')!;
    await nb.commitSource(chart.id, 'Plot.plot({ marks: [Plot.dot(byTask, { x: "model", y: "mean" })] })');
    await nb.settled();
    const after = counts();
    for (const c of nb.notebook.cells) expect(after[c.id] - before[c.id], c.id).toBe(c.id === chart.id ? 1 : 0);

    // A broken query shows its error in place; the other cells keep working.
    await nb.commitSource(cellId(app, 'byTask'), 'ratings.groupby("model")\n  .rollup({ m: op.mean("value") })\n  .nope()');
    await nb.settled();
    expect(nb.cellState(cellId(app, 'byTask')).error?.line).toBe(3);
    expect(nb.cellState(chart.id).status).toBe('rejected');
    expect(nb.cellState(ratings).status).toBe('fulfilled');

    // Reload: a new app over the same database shows the edits and the trials with no API call.
    const calls = server.requests.length;
    app.close();
    const again = makeApp(indexedDB).app;
    await again.load();
    const nb2 = (await again.open(asNotebookId('quick-start')))!;
    await nb2.settled();
    expect(numRows(nb2.cellState(ratings).value)).toBe(planned);
    expect(nb2.notebook.cells.find((c) => c.id === cellId(again, 'byTask'))).toMatchObject({ source: expect.stringContaining('nope') });
    expect(server.requests.length).toBe(calls);

    // Running again sends nothing: every planned trial has a result.
    await nb2.run(ratings);
    expect(server.requests.length).toBe(calls);
    expect(nb2.runs.get(ratings)!.message).toMatch(/already have results/);
    again.close();
  });
});
