import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDexieStore } from '../../src/store/dexie-store';
import { asCellId, asNotebookId, type Trial } from '../../src/model';
import { makeTrial } from '../fixtures/trial';

const NB = asNotebookId('nb');
const CELL = asCellId('c_ratings');
const fresh = () => {
  const indexedDB = new IDBFactory();
  return { indexedDB, store: createDexieStore({ indexedDB, IDBKeyRange }) };
};
const prompt = (i: number) => [{ role: 'user' as const, content: `Rate task ${i}: ${'x'.repeat(200)}` }];
const many = (n: number, patch: Partial<Trial> = {}) => Array.from({ length: n }, (_, i) => makeTrial({ messages: prompt(i), ...patch }));

/** The app's database as IndexedDB holds it, read without the store. */
async function raw(indexedDB: IDBFactory): Promise<Dexie> {
  const db = new Dexie('motivelab', { indexedDB, IDBKeyRange });
  await db.open();
  return db;
}

describe('trials stored many to a record (schema v10)', () => {
  it('writes a bulk as few records, with the prompts apart, and reads back every trial whole', async () => {
    const { indexedDB, store } = fresh();
    const trials = many(2_500);
    await store.putTrials(trials);
    const read = await store.trialsForCell(NB, CELL);
    expect(read).toEqual(trials);
    // Fields keep their order, so an exported trial reads as it did.
    expect(Object.keys(read[0])).toEqual(Object.keys(trials[0]));
    store.close();
    const db = await raw(indexedDB);
    // 2,500 trials, 1,000 to a record: 3 records, not 2,500.
    expect(await db.table('trialChunks').count()).toBe(3);
    const chunk = await db.table('trialChunks').toCollection().first();
    expect(JSON.stringify(chunk)).not.toContain('Rate task');
    expect(JSON.stringify(await db.table('trialMessages').get(chunk.seq))).toContain(trials[0].messages[0].content);
    // Stored as columns: a value every trial shares is stored once, not 1,000 times.
    expect(JSON.stringify(chunk).split('"Task one"')).toHaveLength(2);
    db.close();
  });

  it('replaces a trial written again under its id, across records and within one write', async () => {
    const { indexedDB, store } = fresh();
    const first = many(30);
    const second = many(30);
    await store.putTrials(first);
    await store.putTrials(second);
    // A retried trial of each earlier batch, and the whole of one batch, written again.
    const again = [{ ...first[3], status: 'failed' as const, value: null }, ...second.map((t) => ({ ...t, raw: 'eight', value: 8 }))];
    await store.putTrials([{ ...first[3], value: 1 }, ...again]);
    const read = await store.trialsForCell(NB, CELL);
    expect(read).toHaveLength(60);
    expect(read.find((t) => t.id === first[3].id)).toEqual(again[0]);
    expect(read.filter((t) => t.raw === 'eight')).toHaveLength(30);
    expect(await store.countTrials()).toBe(60);
    expect(await store.completedKeys(NB, CELL)).toEqual(new Set([...first, ...second].filter((t) => t !== first[3]).map((t) => t.key)));
    store.close();
    // The second batch's record, emptied, is gone with its prompts.
    const db = await raw(indexedDB);
    expect(await db.table('trialChunks').count()).toBe(2);
    expect(await db.table('trialMessages').count()).toBe(2);
    db.close();
  });

  it('gives back trials stored without a messages list (old bundles) as they were', async () => {
    const { store } = fresh();
    const { messages: _m, ...bare } = makeTrial();
    const odd = { ...makeTrial(), messages: null };
    const plain = makeTrial();
    await store.putTrials([bare, odd, plain] as unknown as Trial[]);
    const read = await store.trialsForCell(NB, CELL);
    expect(read).toEqual([bare, odd, plain]);
    expect('messages' in read[0]).toBe(false);
    expect(read[1].messages).toBeNull();
  });

  it('reads a cell for analyses without the prompts', async () => {
    const { store } = fresh();
    const trials = many(5);
    await store.putTrials([...trials, makeTrial({ cellId: asCellId('c_other') })]);
    const slim = await store.trialsForAnalysis(NB, CELL);
    expect(slim.map((t) => (t as { messages?: unknown }).messages)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(slim).toEqual(trials.map((t) => ({ ...t, messages: undefined })));
  });

  it('reads trials whole by id, from the records that hold them, in the order asked', async () => {
    const { store } = fresh();
    const trials = many(2_500);
    const other = makeTrial({ cellId: asCellId('c_other'), messages: prompt(-1) });
    await store.putTrials([...trials, other]);
    // One in each of the three records, another cell's, and an id not stored (left out).
    const wanted = [trials[2_400], other, trials[3], trials[1_500]];
    const read = await store.trialsByIds([...wanted.map((t) => t.id), makeTrial().id]);
    expect(read).toEqual(wanted);
    expect(Object.keys(read[0])).toEqual(Object.keys(trials[0]));
    expect(await store.trialsByIds([])).toEqual([]);
  });

  it('deletes a cell or a notebook with the prompts of its trials', async () => {
    const { indexedDB, store } = fresh();
    await store.putTrials([...many(3), ...many(2, { cellId: asCellId('c_b') }), ...many(4, { notebookId: asNotebookId('keep') })]);
    await store.deleteTrialsForCell(NB, CELL);
    expect(await store.countTrials()).toBe(6);
    await store.deleteNotebook(NB);
    expect(await store.countTrials()).toBe(4);
    store.close();
    const db = await raw(indexedDB);
    expect(await db.table('trialMessages').count()).toBe(1);
    db.close();
  });

  it('moves the trials of a v9 database into records of a cell each, whole', async () => {
    const indexedDB = new IDBFactory();
    const v9 = new Dexie('motivelab', { indexedDB, IDBKeyRange });
    v9.version(9).stores({
      notebooks: 'id, updatedAt', endpoints: 'id, name', runs: 'id, notebookId, [notebookId+cellId]', trials: 'id, [notebookId+cellId], runId, status',
      cache: 'key, storedAt', datasets: 'id, notebookId', trust: 'hash', batchRecords: '[endpointName+baseURL+id], notebookId, [notebookId+cellId]', spend: '[endpointName+day]',
    });
    const a = many(1_200);
    const b = many(7, { cellId: asCellId('c_b'), status: 'failed', value: null });
    const other = many(3, { notebookId: asNotebookId('other') });
    // Stored in an order unlike their cells' and their times', as a v9 store's ids would be.
    await v9.table('trials').bulkPut([...other, ...b, ...a].reverse());
    v9.close();

    const store = createDexieStore({ indexedDB, IDBKeyRange });
    const sorted = (ts: Trial[]) => [...ts].sort((x, y) => x.endedAt - y.endedAt);
    expect(await store.trialsForCell(NB, CELL)).toEqual(sorted(a));
    expect(await store.trialsForCell(NB, asCellId('c_b'))).toEqual(b);
    expect(await store.completedKeys(NB, asCellId('c_b'))).toEqual(new Set());
    expect(await store.countTrials()).toBe(1_210);
    // Written again after the move, a trial still replaces its moved copy.
    await store.putTrials([{ ...a[0], value: 2 }]);
    expect((await store.trialsForCell(NB, CELL)).filter((t) => t.id === a[0].id).map((t) => t.value)).toEqual([2]);
    await store.deleteNotebook(NB);
    expect(await store.trialsForCell(asNotebookId('other'), CELL)).toEqual(other);
    expect(await store.countTrials()).toBe(3);
    store.close();
    const db = await raw(indexedDB);
    expect(db.verno).toBe(10);
    expect(db.tables.map((t) => t.name)).not.toContain('trials');
    db.close();
  });
});
