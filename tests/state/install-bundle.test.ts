import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asCellId, asNotebookId, asRunId, type Run, type Trial, type TrialId } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { parseNotebook } from '../../src/format/parse-notebook';
import { makeBundle } from '../../src/format/notebook-bundle';
import { installBundle } from '../../src/state/install-bundle';

const notebook = parseNotebook(readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' });
const ratings = asCellId('c_ratings');
const trial = { id: 't1' as TrialId, runId: asRunId('r1'), notebookId: notebook.id, cellId: ratings, key: 'k1', status: 'ok', value: 7, endedAt: 2 } as Trial;
const run = { id: asRunId('r1'), notebookId: notebook.id, cellId: ratings, status: 'done', planned: 1, done: 1, failed: 0, startedAt: 1, endedAt: 2, endpointName: 'local', baseURL: 'http://x/v1', models: ['m'], message: null } as Run;

describe('opening a one-file export', () => {
  it('stores the notebook, trials and runs the first time, then keeps what the viewer did', async () => {
    const store = createDexieStore({ name: 'bundle-test', indexedDB: new IDBFactory(), IDBKeyRange });
    const bundle = makeBundle(notebook, [trial], [run], '1.0.0', 99);
    expect(await installBundle(store, bundle, 'quick-start.html')).toBe('quick-start');
    const stored = (await store.getNotebook(notebook.id))!;
    expect(stored.importedFrom).toEqual({ kind: 'bundle', name: 'quick-start.html', at: 99 });
    expect((await store.trialsForCell(notebook.id, ratings)).map((t) => t.id)).toEqual(['t1']);
    expect((await store.listRuns(notebook.id)).map((r) => r.id)).toEqual(['r1']);

    await store.putNotebook({ ...stored, title: 'Edited by the viewer' });
    await store.deleteTrialsForCell(notebook.id, ratings);
    await installBundle(store, bundle, 'quick-start.html');
    expect((await store.getNotebook(notebook.id))!.title).toBe('Edited by the viewer');
    expect(await store.trialsForCell(notebook.id, ratings)).toEqual([]);
  });
});
