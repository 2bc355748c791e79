import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type CellId, type Notebook } from '../../src/model';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { createSimulatedProvider, SIMULATED_BASE_URL } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';

const quickStart = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');

describe('the shipped Quick start', () => {
  it('runs as it opens, with no endpoint set up: the simulated participant answers, for free', async () => {
    const store = createDexieStore({ name: 'quick', indexedDB: new IDBFactory(), IDBKeyRange });
    const shipped: Notebook[] = [parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' })];
    // As main.ts chooses providers; the SDK is never reached here since no endpoint is configured.
    const app = new AppState({ store, providerFactory: (c) => (c.baseURL === SIMULATED_BASE_URL ? createSimulatedProvider() : createOpenAIProvider(c)), shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
    await app.load();
    expect(app.endpoints).toEqual([]);
    const nb = (await app.open(asNotebookId('quick-start')))!;
    await nb.settled();
    const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
    const ratings = id('ratings');
    expect(nb.cellState(ratings).spec?.endpoint).toBe('simulated');
    await nb.run(ratings);
    const run = nb.runs.get(ratings)!;
    expect(run.status).toBe('done');
    expect(run.progress.costUsd).toBeUndefined();
    const trials = await store.trialsForCell(nb.notebook.id, ratings);
    // 5 tasks × 1 model × 2 repetitions, each a rating on the 1-10 scale the prompt names.
    expect(trials).toHaveLength(10);
    expect(trials.every((t) => t.status === 'ok' && typeof t.value === 'number' && t.value >= 1 && t.value <= 10)).toBe(true);
    await nb.settled();
    expect(nb.cellState(id('byTask')).status).toBe('fulfilled');
    // The replies of the task the `task` input names (a click on the chart sets it in the page).
    const replies = nb.cellState(id('replies')).value;
    expect(replies?.kind === 'table' && replies.rows.map((r) => r.taskId)).toEqual(['poem', 'poem']);
    await nb.setInput(id('task'), 'tax');
    await nb.settled();
    const tax = nb.cellState(id('replies')).value;
    expect(tax?.kind === 'table' && tax.rows.map((r) => [r.taskId, typeof r.reply])).toEqual([['tax', 'string'], ['tax', 'string']]);
    app.current!.dispose();
  });
});
