// @vitest-environment jsdom
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type Notebook, type NotebookId } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { parseNotebook } from '../../src/format/parse-notebook';
import { serializeNotebook } from '../../src/format/serialize-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { MAX_NOTEBOOK_FILE_BYTES } from '../../src/data-files';
import { loadParquetNode } from '../data-files/parquet-node';
import { makeTrial } from '../fixtures/trial';

const quickStart = readFileSync(resolve(__dirname, '../../cells/quick-start.md'), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);
const ratingsNotebook = `---
title: Ratings
---

Human ratings next to the models'.

\`\`\`data ratings
{ "columns": ["taskId", "rater", "rating"] }
\`\`\`

\`\`\`query meanRating
ratings.groupby('taskId').rollup({ mean: op.mean('rating') }).orderby('taskId')
\`\`\`
`;

function makeApp(fetchImpl?: typeof fetch) {
  const store = createDexieStore({ name: 'files', indexedDB: new IDBFactory(), IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(quickStart, { id: asNotebookId('quick-start'), origin: 'shipped' })];
  const app = new AppState({ store, providerFactory: () => { throw new Error('no calls'); }, shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')), loadParquet: loadParquetNode, fetch: fetchImpl });
  return { app, store };
}

/** Everything stored, to show that a refused import changed nothing. */
async function snapshot(store: ReturnType<typeof makeApp>['store']) {
  const notebooks = await store.listNotebooks();
  const datasets = (await Promise.all(notebooks.map((n) => store.listDatasets(n.id)))).flat();
  return { notebooks: notebooks.map((n) => serializeNotebook(n)).sort(), datasets: datasets.map((d) => `${d.id} ${d.fileName} ${d.rowCount}`).sort(), count: await store.countDatasets() };
}

async function expectRefused(store: ReturnType<typeof makeApp>['store'], action: () => Promise<unknown>, message: RegExp) {
  const before = await snapshot(store);
  await expect(action()).rejects.toThrow(message);
  expect(await snapshot(store)).toEqual(before);
}

describe('notebook files', () => {
  it('imports a notebook file as a user notebook marked as imported', async () => {
    const { app } = makeApp();
    await app.load();
    const id = await app.importNotebookFile({ name: 'ratings.md', bytes: bytes(ratingsNotebook) });
    const nb = (await app.deps.store.getNotebook(id))!;
    expect(nb).toMatchObject({ title: 'Ratings', origin: 'user', importedFrom: { kind: 'file', name: 'ratings.md' } });
    expect(serializeNotebook(nb)).toBe(ratingsNotebook);
    expect(app.notebooks.map((n) => n.title)).toEqual(['Quick start', 'Ratings']);
    const id2 = await app.importNotebookText(ratingsNotebook, { kind: 'file', name: 'again.md' });
    expect(id2).not.toBe(id);
  });

  it('refuses malformed, truncated, wrong-type and oversized notebook files and changes nothing', async () => {
    const { app, store } = makeApp();
    await app.load();
    await app.importNotebookFile({ name: 'ratings.md', bytes: bytes(ratingsNotebook) });
    const truncated = ratingsNotebook.slice(0, ratingsNotebook.indexOf('ratings.groupby'));
    await expectRefused(store, () => app.importNotebookFile({ name: 'cut.md', bytes: bytes(truncated) }),
      /^Could not import “cut.md”: it is not a valid notebook: Line 11: the query cell 'meanRating' has no closing ```\. Nothing was changed\.$/);
    await expectRefused(store, () => app.importNotebookFile({ name: 'x.md', bytes: bytes('# just markdown\n') }), /“x.md”: it is not a valid notebook: Line 1: a notebook starts with a front matter/);
    await expectRefused(store, () => app.importNotebookFile({ name: 'bad.md', bytes: bytes(ratingsNotebook.replace('"columns"', '"colums"')) }), /Line 7: the data cell 'ratings': unknown field 'colums'/);
    await expectRefused(store, () => app.importNotebookFile({ name: 'photo.md', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]) }), /“photo.md”: it is a PNG image, not a notebook text file/);
    await expectRefused(store, () => app.importNotebookFile({ name: 'notes.pdf', bytes: bytes(ratingsNotebook) }), /“notes.pdf”: a notebook file is Markdown text ending in .md/);
    await expectRefused(store, () => app.importNotebookFile({ name: 'huge.md', bytes: new Uint8Array(MAX_NOTEBOOK_FILE_BYTES + 1).fill(32) }), /“huge.md”: it is 5 MB, over the limit of 5 MB/);
  });

  it('opens a notebook by URL once, and says what went wrong with a bad URL', async () => {
    const served: Record<string, Response | Error> = {};
    const fetchImpl = (async (url: string) => {
      const r = served[url];
      if (r instanceof Error) throw r;
      return r ?? new Response('not found', { status: 404, statusText: 'Not Found' });
    }) as typeof fetch;
    const { app, store } = makeApp(fetchImpl);
    await app.load();
    served['https://example.org/ratings.md'] = new Response(ratingsNotebook);
    const id = await app.openNotebookUrl('https://example.org/ratings.md');
    expect((await store.getNotebook(id))!.importedFrom).toMatchObject({ kind: 'url', name: 'https://example.org/ratings.md' });
    served['https://example.org/ratings.md'] = new Response(ratingsNotebook);
    expect(await app.openNotebookUrl('https://example.org/ratings.md')).toBe(id);
    await expectRefused(store, () => app.openNotebookUrl('https://example.org/missing.md'), /“https:\/\/example.org\/missing.md”: the server answered HTTP 404 Not Found/);
    served['https://down.example/x.md'] = new TypeError('Failed to fetch');
    await expectRefused(store, () => app.openNotebookUrl('https://down.example/x.md'), /the request failed \(Failed to fetch\)/);
    served['https://example.org/page.md'] = new Response('<html>hi</html>');
    await expectRefused(store, () => app.openNotebookUrl('https://example.org/page.md'), /it is not a valid notebook: Line 1/);
    await expectRefused(store, () => app.openNotebookUrl('ftp://example.org/x.md'), /only http and https URLs/);
  });

  it('duplicates (with imported tables, not trials), renames and deletes user notebooks; shipped ones cannot be deleted', async () => {
    const { app, store } = makeApp();
    await app.load();
    const id = await app.importNotebookText(ratingsNotebook, { kind: 'file', name: 'ratings.md' });
    const nb = (await app.open(id))!;
    await nb.trust();
    await nb.importData({ name: 'ratings.csv', bytes: bytes('taskId,rater,rating\nt1,a,4\nt1,b,2\nt2,a,5\n') }, nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id);
    await nb.settled();
    expect((await nb.cellByName('meanRating'))!.value).toBeDefined();
    expect((await nb.cellByName('meanRating'))!.value).toEqual([{ taskId: 't1', mean: 3 }, { taskId: 't2', mean: 5 }]);
    await store.putTrials([makeTrial({ notebookId: id })]);

    const copy = await app.duplicateNotebook(id);
    expect(app.notebooks.map((n) => n.title)).toEqual(['Quick start', 'Ratings', 'Ratings (copy)']);
    const copied = (await app.open(copy))!;
    await copied.trust();
    await copied.settled();
    expect((await copied.cellByName('ratings'))!.error).toBeNull();
    expect((await copied.cellByName('meanRating'))!.error).toBeNull();
    expect(((await copied.cellByName('meanRating'))!.value as unknown[]).length).toBe(2);
    expect(await store.countDatasets()).toBe(2);

    await app.renameNotebook(copy, '  My   ratings ');
    expect((await store.getNotebook(copy))!.title).toBe('My ratings');
    await expect(app.renameNotebook(copy, '   ')).rejects.toThrow('A notebook needs a title');

    expect(await store.countTrials()).toBe(1);
    await app.deleteNotebook(id);
    expect(await store.getNotebook(id)).toBeUndefined();
    expect(await store.countTrials()).toBe(0);
    expect(await store.countDatasets()).toBe(1);
    expect(app.notebooks.map((n) => n.title)).toEqual(['Quick start', 'My ratings']);

    const shippedCopy = await app.duplicateNotebook(asNotebookId('quick-start'));
    expect((await store.getNotebook(shippedCopy))!.origin).toBe('user');
    await expectRefused(store, () => app.deleteNotebook(asNotebookId('quick-start')), /“Quick start” is a shipped notebook: it cannot be deleted/);
  });
});

describe('data imports', () => {
  async function ratingsApp() {
    const { app, store } = makeApp();
    await app.load();
    const id: NotebookId = await app.importNotebookText(ratingsNotebook, { kind: 'file', name: 'ratings.md' });
    const nb = (await app.open(id))!;
    await nb.trust();
    await nb.settled();
    const cellId = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id;
    return { app, store, nb, cellId };
  }

  it('says a data cell has no table yet, and imports a file into a new cell named after it', async () => {
    const { nb, store } = await ratingsApp();
    expect((await nb.cellByName('ratings'))!.error).toMatch(/No table imported into “ratings” yet/);
    const cell = await nb.importData({ name: 'model-trials.json', bytes: bytes('[{"model":"m","task":"t","value":3}]') });
    expect(cell.name).toBe('modelTrials');
    expect(serializeNotebook(nb.notebook)).toContain('```data modelTrials\n{"file":"model-trials.json"}\n```');
    await nb.settled();
    expect((await nb.cellByName('modelTrials'))!.value).toEqual([{ model: 'm', task: 't', value: 3 }]);
    expect(await store.countDatasets()).toBe(1);
  });

  it('refuses data files with missing or extra columns, of the wrong type, too big or unparseable, and changes nothing', async () => {
    const { nb, store, cellId } = await ratingsApp();
    await nb.importData({ name: 'ratings.csv', bytes: bytes('taskId,rater,rating\nt1,a,4\n') }, cellId);
    const source = nb.notebook.cells.find((c) => c.id === cellId);
    const cells = nb.notebook.cells.length;
    await expectRefused(store, () => nb.importData({ name: 'r2.csv', bytes: bytes('taskId,rating\nt1,4\n') }, cellId), /“r2.csv”: it is missing the column 'rater'/);
    await expectRefused(store, () => nb.importData({ name: 'r3.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }), /“r3.png”: its type is not one Motivelab reads/);
    await expectRefused(store, () => nb.importData({ name: 'r4.csv', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]) }), /“r4.csv”: it is a PNG image, not a CSV file/);
    await expectRefused(store, () => nb.importData({ name: 'r5.json', bytes: bytes('{"a": [1,') }), /“r5.json”: it is not valid JSON/);
    await expectRefused(store, () => nb.importData({ name: 'r6.parquet', bytes: bytes('PAR1 not really') }), /“r6.parquet”/);
    expect(nb.notebook.cells.length).toBe(cells);
    expect(nb.notebook.cells.find((c) => c.id === cellId)).toEqual(source);
    await nb.settled();
    expect((await nb.cellByName('meanRating'))!.value).toEqual([{ taskId: 't1', mean: 4 }]);
  });

  it('exports a query table in every format, and a re-import gives the same rows', async () => {
    const { nb, cellId } = await ratingsApp();
    await nb.importData({ name: 'ratings.csv', bytes: bytes('taskId,rater,rating\nt1,a,4\nt2,b,2.5\n') }, cellId);
    await nb.settled();
    const meanId = nb.notebook.cells.find((c) => 'name' in c && c.name === 'meanRating')!.id;
    for (const format of ['csv', 'json', 'arrow', 'parquet'] as const) {
      const file = await nb.exportTable(meanId, format);
      expect(file.filename).toBe(`meanRating.${format}`);
      const back = await nb.importData({ name: file.filename, bytes: file.bytes });
      await nb.settled();
      expect((await nb.cellByName(back.name))!.value).toEqual([{ taskId: 't1', mean: 4 }, { taskId: 't2', mean: 2.5 }]);
    }
  });
});
