import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type CellId, type Notebook } from '../../src/model';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';

const text = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');
const id = asNotebookId('quick-start');

function makeApp(name: string, shippedText = text) {
  const store = createDexieStore({ name, indexedDB: new IDBFactory(), IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(shippedText, { id, origin: 'shipped' })];
  const app = new AppState({ store, providerFactory: () => createSimulatedProvider(), shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network')) });
  return { app, store };
}

describe('the present view setting and Reset to the shipped version', () => {
  it('remembers the present view with the notebook without making it an edit, and still opens a newer shipped text', async () => {
    const { app, store } = makeApp('present');
    await app.load();
    const nb = (await app.open(id))!;
    await nb.setPresenting(true);
    expect(nb.editedShipped).toBe(false);
    expect((await store.getNotebook(id))?.presenting).toBe(true);
    app.close();
    // The app updates its shipped text: the stored view setting does not pin the old one.
    const newer = new AppState({ ...app.deps, shipped: [parseNotebook(text.replace('# Quick start', '# Quick start, revised'), { id, origin: 'shipped' })] });
    const again = (await newer.open(id))!;
    expect(again.notebook.presenting).toBe(true);
    expect(again.notebook.cells[0].kind === 'markdown' && again.notebook.cells[0].source).toContain('# Quick start, revised');
    newer.close();
  });

  it('brings back the shipped text and inputs, keeps the trials, and cells deleted by the user return with theirs', async () => {
    const { app, store } = makeApp('reset');
    await app.load();
    const nb = (await app.open(id))!;
    await nb.settled();
    const cellId = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id as CellId;
    const ratings = cellId('ratings');
    await nb.run(ratings);
    expect(nb.runs.get(ratings)?.status).toBe('done');
    const trials = await store.trialsForCell(id, ratings);
    expect(trials).toHaveLength(10);

    await nb.commitSource(nb.notebook.cells[0].id, '# Mine');
    await nb.setInput(cellId('reps'), 4);
    await nb.deleteCell(ratings);
    await nb.setPresenting(true);
    expect(nb.editedShipped).toBe(true);

    await nb.resetToShipped();
    expect(nb.editedShipped).toBe(false);
    expect(nb.notebook.presenting).toBe(true);
    const shipped = app.deps.shipped[0];
    expect(nb.notebook.cells.map((c) => c.id)).toEqual(shipped.cells.map((c) => c.id));
    expect(nb.notebook.cells[0]).toEqual(shipped.cells[0]);
    await nb.settled();
    // The experiment is back at its shipped plan with the 10 trials it had: nothing to send again.
    expect(((await nb.cellByName('ratings'))?.value as unknown[]).length).toBe(10);
    expect(nb.identity.pendingCalls(ratings)).toBe(0);
    expect(await store.trialsForCell(id, ratings)).toHaveLength(10);
    expect((await store.getNotebook(id))?.updatedAt).toBe(0);
    app.close();
  });
});
