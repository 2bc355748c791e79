import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDexieStore } from '../../src/store/dexie-store';
import { asCellId, asEndpointId, asNotebookId, asRunId, type Notebook } from '../../src/model';
import { makeTrial } from '../fixtures/trial';

const fresh = () => {
  const indexedDB = new IDBFactory();
  return { indexedDB, store: createDexieStore({ indexedDB, IDBKeyRange }) };
};
const nb = (id: string, updatedAt = 1): Notebook => ({ id: asNotebookId(id), title: id, cells: [], origin: 'user', updatedAt });

describe('createDexieStore', () => {
  it('stores notebooks, endpoints and runs', async () => {
    const { store } = fresh();
    await store.putNotebook(nb('a'));
    await store.putNotebook({ ...nb('a'), title: 'A2' });
    expect((await store.listNotebooks()).map((n) => n.title)).toEqual(['A2']);
    await store.putEndpoint({ id: asEndpointId('e1'), name: 'zeta', baseURL: 'http://x', apiKey: 'k', createdAt: 1 });
    await store.putEndpoint({ id: asEndpointId('e2'), name: 'alpha', baseURL: 'http://y', apiKey: 'k', createdAt: 2 });
    expect((await store.listEndpoints()).map((e) => e.name)).toEqual(['alpha', 'zeta']);
    await store.deleteEndpoint(asEndpointId('e1'));
    expect(await store.listEndpoints()).toHaveLength(1);
    const run = { id: asRunId('r1'), notebookId: asNotebookId('a'), cellId: asCellId('c'), status: 'done' as const, planned: 1, done: 1, failed: 0, startedAt: 1, endedAt: 2, endpointName: 'e', baseURL: 'u', models: ['m'], message: null };
    await store.putRun(run);
    expect(await store.listRuns(asNotebookId('a'))).toEqual([run]);
  });

  it('stores trials per cell and knows which plan keys are complete', async () => {
    const { store } = fresh();
    const cellId = asCellId('c_ratings');
    const other = asCellId('c_other');
    await store.putTrials([makeTrial({ key: 'k1' }), makeTrial({ key: 'k2', status: 'failed', value: null }), makeTrial({ key: 'k3', cellId: other })]);
    expect((await store.trialsForCell(asNotebookId('nb'), cellId)).map((t) => t.key)).toEqual(['k1', 'k2']);
    expect(await store.completedKeys(asNotebookId('nb'), cellId)).toEqual(new Set(['k1']));
    expect(await store.countTrials()).toBe(3);
    await store.deleteTrialsForCell(asNotebookId('nb'), cellId);
    expect(await store.countTrials()).toBe(1);
  });

  it('deletes a notebook with its trials and runs', async () => {
    const { store } = fresh();
    await store.putNotebook(nb('nb'));
    await store.putTrials([makeTrial(), makeTrial({ notebookId: asNotebookId('keep') })]);
    await store.deleteNotebook(asNotebookId('nb'));
    expect(await store.listNotebooks()).toEqual([]);
    expect(await store.countTrials()).toBe(1);
  });

  it('v4 remembers submitted batches per notebook, without keys, and forgets them with the notebook', async () => {
    const { store } = fresh();
    const batch = { id: 'batch-1', notebookId: asNotebookId('nb'), cellId: asCellId('c1'), runId: asRunId('r1'), endpointName: 'openai', baseURL: 'https://api.example/v1', inputFileId: 'file-1', status: 'in_progress' as const, total: 3, completed: 1, failed: 0, outputFileId: null, errorFileId: null, keys: ['a', 'b', 'c'], createdAt: 2, updatedAt: 2, importedAt: null, message: null };
    await store.putBatch(batch);
    await store.putBatch({ ...batch, id: 'batch-0', createdAt: 1 });
    await store.putBatch({ ...batch, id: 'batch-x', notebookId: asNotebookId('other') });
    await store.putBatch({ ...batch, status: 'completed', completed: 3 });
    expect((await store.listBatches(asNotebookId('nb'))).map((b) => [b.id, b.status])).toEqual([['batch-0', 'in_progress'], ['batch-1', 'completed']]);
    expect(JSON.stringify(await store.listBatches(asNotebookId('nb')))).not.toMatch(/apiKey/);
    await store.deleteNotebook(asNotebookId('nb'));
    expect(await store.listBatches(asNotebookId('nb'))).toEqual([]);
    expect(await store.listBatches(asNotebookId('other'))).toHaveLength(1);
  });

  it('migrates trials written by schema v1', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('motivelab', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ notebooks: 'id, updatedAt', endpoints: 'id, name', runs: 'id, notebookId, [notebookId+cellId]', trials: 'id, [notebookId+cellId], runId' });
    const { httpStatus: _h, responseModel: _r, ...old } = makeTrial({ key: 'old' });
    await v1.table('trials').put(old);
    await v1.table('trials').put({ ...old, id: 'failed-one', status: 'failed' });
    v1.close();

    const store = createDexieStore({ indexedDB, IDBKeyRange });
    const trials = await store.trialsForCell(asNotebookId('nb'), asCellId('c_ratings'));
    expect(trials.map((t) => [t.status, t.httpStatus, t.responseModel]).sort()).toEqual([['failed', null, null], ['ok', 200, null]]);
    store.close();
    const raw = new Dexie('motivelab', { indexedDB, IDBKeyRange });
    await raw.open();
    expect(raw.verno).toBe(10);
    expect(raw.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['batchRecords', 'datasets', 'trust', 'spend', 'trialChunks', 'trialMessages']));
    // v10 keeps trials many to a record; the v1 table is gone.
    expect(raw.tables.map((t) => t.name)).not.toContain('trials');
    raw.close();
  });

  it('adds up spend per endpoint and local day', async () => {
    const { store } = fresh();
    expect(await store.daySpend('openai', '2026-12-06')).toBe(0);
    expect(await store.addDaySpend('openai', '2026-12-06', 0.25)).toBe(0.25);
    expect(await store.addDaySpend('openai', '2026-12-06', 0.5)).toBe(0.75);
    await store.addDaySpend('openai', '2026-12-07', 1);
    await store.addDaySpend('local', '2026-12-06', 2);
    expect(await store.daySpend('openai', '2026-12-06')).toBe(0.75);
    expect(await store.daySpend('openai', '2026-12-07')).toBe(1);
    store.close();
  });

  it('remembers trust decisions by notebook hash', async () => {
    const { store } = fresh();
    expect(await store.isTrusted('a'.repeat(64))).toBe(false);
    await store.putTrust('a'.repeat(64));
    expect(await store.isTrusted('a'.repeat(64))).toBe(true);
    expect(await store.isTrusted('b'.repeat(64))).toBe(false);
  });

  it('explains a full storage in words and keeps what was stored', async () => {
    const { store } = fresh();
    await store.putTrials([makeTrial({ key: 'kept' })]);
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const bad = makeTrial();
    Object.defineProperty(bad, 'messages', { get: () => { throw quota; }, enumerable: true });
    await expect(store.putTrials([bad])).rejects.toThrow(/storage is full/);
    expect(await store.countTrials()).toBe(1);
  });
});
