import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDexieStore } from '../../src/store/dexie-store';
import { asCellId, asNotebookId, asRunId, type BatchRecord } from '../../src/model';
import { withEndpoint } from '../../src/experiments/endpoint-key';

const batch = (patch: Partial<BatchRecord>): BatchRecord => ({
  id: 'batch_1', notebookId: asNotebookId('nb'), cellId: asCellId('c'), runId: asRunId('r'), endpointName: 'openai', baseURL: 'https://api.openai.com/v1',
  inputFileId: 'file_1', status: 'in_progress', total: 3, completed: 1, failed: 0, outputFileId: null, errorFileId: null,
  keys: ['k1', 'k2', 'k3'], createdAt: 1, updatedAt: 2, importedAt: null, message: null, ...patch,
});

describe('the v8 migration of batch records', () => {
  it('keeps every batch stored under v6 and then keys batches by endpoint and id', async () => {
    const indexedDB = new IDBFactory();
    // The database as a v6 app left it: batches keyed by the provider's id alone.
    const old = new Dexie('motivelab', { indexedDB, IDBKeyRange });
    old.version(6).stores({ notebooks: 'id, updatedAt', endpoints: 'id, name', runs: 'id, notebookId, [notebookId+cellId]', trials: 'id, [notebookId+cellId], runId, status', cache: 'key, storedAt', batches: 'id, notebookId, [notebookId+cellId]', datasets: 'id, notebookId', trust: 'hash' });
    await old.table('batches').bulkPut([batch({}), batch({ id: 'batch_2', createdAt: 5, importedAt: 9, status: 'completed', chain: true })]);
    old.close();

    const store = createDexieStore({ indexedDB, IDBKeyRange });
    const migrated = await store.listBatches(asNotebookId('nb'));
    // v7 on the way: the pending batch's keys now name its endpoint, as the plan's do.
    const keyed = ['k1', 'k2', 'k3'].map((k) => withEndpoint(k, 'https://api.openai.com/v1'));
    expect(migrated).toEqual([batch({ keys: keyed }), batch({ id: 'batch_2', createdAt: 5, importedAt: 9, status: 'completed', chain: true })]);

    // A local server that also numbers its batches from batch_1: both are kept, apart.
    await store.putBatch(batch({ endpointName: 'local', baseURL: 'http://localhost:8000/v1', createdAt: 7, keys: ['k9'] }));
    const after = await store.listBatches(asNotebookId('nb'));
    expect(after.map((b) => [b.endpointName, b.id, b.keys.length])).toEqual([['openai', 'batch_1', 3], ['openai', 'batch_2', 3], ['local', 'batch_1', 1]]);
    // Updating one endpoint's batch leaves the other's as it was.
    await store.putBatch(batch({ status: 'completed', completed: 3 }));
    expect((await store.listBatches(asNotebookId('nb'))).map((b) => b.status)).toEqual(['completed', 'completed', 'in_progress']);
    store.close();
  });
});
