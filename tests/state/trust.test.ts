// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';

const TEXT = `---
title: From a colleague
---

Some text.

\`\`\`input reps
{ "type": "range", "label": "Repetitions", "min": 1, "max": 3, "step": 1, "value": 1 }
\`\`\`

\`\`\`experiment ratings
{ endpoint: 'simulated', models: ['sim-a'], tasks: ['Write a poem'], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: reps }
\`\`\`

\`\`\`query answer
ratings.numRows() + 40
\`\`\`
`;

function makeApp(indexedDB: IDBFactory) {
  return new AppState({
    store: createDexieStore({ name: 'trust', indexedDB, IDBKeyRange }),
    providerFactory: () => createSimulatedProvider(),
    shipped: [],
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
}

describe('trusting an imported notebook', () => {
  it('runs no code until trusted, remembers the decision by content, and keeps it through the user’s edits', async () => {
    const indexedDB = new IDBFactory();
    const app = makeApp(indexedDB);
    await app.load();
    const id = await app.importNotebookText(TEXT, { kind: 'file', name: 'colleague.md' });
    expect(app.notebooks.find((n) => n.id === id)?.title).toBe('From a colleague');

    const nb = (await app.open(id))!;
    await nb.settled();
    expect(nb.trusted).toBe(false);
    expect(nb.notebook.importedFrom).toMatchObject({ kind: 'file', name: 'colleague.md' });
    const cell = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!;
    expect(nb.cellState(cell('answer').id)).toMatchObject({ status: 'idle', notRun: 'Not run: this notebook came from the file colleague.md; Trust to run its code.' });
    expect(nb.cellState(cell('ratings').id).spec).toBeNull();
    await expect(nb.run(cell('ratings').id)).rejects.toThrow(/Trust to run its code/);
    await expect(nb.runAll()).rejects.toThrow(/Trust to run its code/);

    await nb.trust();
    await nb.settled();
    expect(await nb.cellByName('answer')).toEqual({ status: 'fulfilled', value: 40, error: null });
    await nb.run(cell('ratings').id);
    await nb.settled();
    expect((await nb.cellByName('answer'))?.value).toBe(41);
    // The user's own edit changes the hash; the notebook stays trusted.
    await nb.setInput(cell('reps').id, 2);
    await nb.settled();
    app.close();

    const again = makeApp(indexedDB);
    await again.load();
    const nb2 = (await again.open(id))!;
    await nb2.settled();
    expect(nb2.trusted).toBe(true);
    expect(await nb2.cellByName('answer')).toEqual({ status: 'fulfilled', value: 41, error: null });

    // The same text imported again is the same content: trusted. A changed text is not.
    const same = await again.importNotebookText(TEXT.replace('"value": 1', '"value": 2'), { kind: 'url', name: 'https://example.org/nb.md' });
    const other = await again.importNotebookText(TEXT.replace('+ 40', '+ 1'), { kind: 'bundle', name: 'class.html' });
    expect((await again.open(same))!.trusted).toBe(true);
    const nb3 = (await again.open(other))!;
    expect(nb3.trusted).toBe(false);
    expect(nb3.cellState(nb3.notebook.cells.find((c) => 'name' in c && c.name === 'answer')!.id).notRun).toMatch(/came from the bundle class.html/);
    again.close();
  });
});
