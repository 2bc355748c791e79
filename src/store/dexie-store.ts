import Dexie, { type Table } from 'dexie';
import type { BatchRecord, CachedReply, Dataset, Endpoint, Notebook, Run, Store } from '../model';
import { datasetId } from '../model';
import { migrateEndpointKeys } from './migrate-endpoint-keys';
import { migrateTrialChunks } from './migrate-trial-chunks';
import { cellChunks, deleteChunks, deleteTrialIds, notebookChunks, readSlimTrials, readTrialsByIds, readWholeTrials, writeTrialChunks, type ChunkTables, type TrialChunk, type TrialMessagesChunk } from './trial-chunks';

/** Where IndexedDB comes from: the browser's by default, fake-indexeddb in unit tests. */
export interface DexieStoreOptions {
  readonly name?: string;
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/** The database name of the app; delete it to remove all notebooks, endpoints, runs and trials. */
export const DATABASE_NAME = 'motivelab';

/**
 * Schema history. Never edit a published version: add one with an upgrade.
 * - v1: notebooks, endpoints, runs, trials by notebook and cell.
 * - v2: trials carry `httpStatus` and `responseModel`; index trials by run and by status.
 * - v3: the response cache, by request hash.
 * - v4: submitted Batch API batches, by notebook and cell.
 * - v5: imported data tables (data cells), by `${notebookId}/${cellId}` and by notebook.
 * - v6: trust decisions, by notebook hash (an imported notebook's code runs once its exact content is trusted).
 * - v7: plan keys name the endpoint that answered; trials carry its base URL (see migrateEndpointKeys).
 * - v8: batches keyed by endpoint and batch id (two endpoints may hand out the same id): the v4
 *   table, keyed by id alone, is copied into `batchRecords` and dropped. (v7 is the trials'.)
 * - v9: spend per endpoint and local day, so a day's spend limit holds across reloads.
 * - v10: trials many to a record (`trialChunks`, their prompts apart in `trialMessages`), as
 *   IndexedDB's cost is per record: see trial-chunks.ts. The one-per-record `trials` table is
 *   copied over and dropped; nothing queried its runId and status indexes.
 */
export function defineSchema(db: Dexie): void {
  db.version(1).stores({
    notebooks: 'id, updatedAt',
    endpoints: 'id, name',
    runs: 'id, notebookId, [notebookId+cellId]',
    trials: 'id, [notebookId+cellId], runId',
  });
  db.version(2)
    .stores({ trials: 'id, [notebookId+cellId], runId, status' })
    .upgrade((tx) =>
      tx
        .table('trials')
        .toCollection()
        .modify((t: Record<string, unknown>) => {
          t.httpStatus ??= t.status === 'failed' ? null : 200;
          t.responseModel ??= null;
        }),
    );
  db.version(3).stores({ cache: 'key, storedAt' });
  db.version(4).stores({ batches: 'id, notebookId, [notebookId+cellId]' });
  db.version(5).stores({ datasets: 'id, notebookId' });
  db.version(6).stores({ trust: 'hash' });
  db.version(7)
    .stores({ trials: 'id, [notebookId+cellId], runId, status' })
    .upgrade((tx) => migrateEndpointKeys(tx));
  // IndexedDB cannot change a table's primary key: copy into a new table, then drop the old one.
  db.version(8)
    .stores({ batches: null, batchRecords: '[endpointName+baseURL+id], notebookId, [notebookId+cellId]' })
    .upgrade(async (tx) => {
      await tx.table('batchRecords').bulkPut(await tx.table('batches').toArray());
    });
  db.version(9).stores({ spend: '[endpointName+day]' });
  db.version(10)
    .stores({ trials: null, trialChunks: '++seq, [notebookId+cellId], *ids', trialMessages: 'seq' })
    .upgrade(async (tx) => await migrateTrialChunks(tx));
}

/** US$ spent on an endpoint on one local day. */
interface SpendRecord {
  readonly endpointName: string;
  readonly day: string;
  readonly usd: number;
}

/** A trust decision: the user let the notebook content with this hash run its code. */
interface TrustRecord {
  readonly hash: string;
  readonly at: number;
}

class MotivelabDb extends Dexie {
  notebooks!: Table<Notebook, string>;
  endpoints!: Table<Endpoint, string>;
  runs!: Table<Run, string>;
  trialChunks!: Table<TrialChunk, number>;
  trialMessages!: Table<TrialMessagesChunk, number>;
  cache!: Table<CachedReply, string>;
  datasets!: Table<Dataset, string>;
  batchRecords!: Table<BatchRecord, [string, string, string]>;
  trust!: Table<TrustRecord, string>;
  spend!: Table<SpendRecord, [string, string]>;
  constructor(options: DexieStoreOptions) {
    super(options.name ?? DATABASE_NAME, options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : undefined);
    defineSchema(this);
  }
}

/** The Store port on IndexedDB through Dexie. Errors say what failed in words (e.g. storage full). */
export function createDexieStore(options: DexieStoreOptions = {}): Store & { close(): void } {
  const db = new MotivelabDb(options);
  const chunks: ChunkTables = { chunks: db.trialChunks, messages: db.trialMessages };
  const trialTables = [db.trialChunks, db.trialMessages];
  return {
    listNotebooks: () => guard('read notebooks', () => db.notebooks.toArray()),
    getNotebook: (id) => guard('read the notebook', () => db.notebooks.get(id)),
    putNotebook: (nb) => guard('save the notebook', async () => void (await db.notebooks.put(nb))),
    deleteNotebook: (id) =>
      guard('delete the notebook', () =>
        db.transaction('rw', [db.notebooks, ...trialTables, db.runs, db.datasets, db.batchRecords], async () => {
          await db.notebooks.delete(id);
          await db.datasets.where('notebookId').equals(id).delete();
          await db.batchRecords.where('notebookId').equals(id).delete();
          await deleteChunks(chunks, await notebookChunks(chunks, id).primaryKeys());
          await db.runs.where('notebookId').equals(id).delete();
        }),
      ),
    putNotebookWithDatasets: (nb, datasets) =>
      guard('save the notebook', () =>
        db.transaction('rw', db.notebooks, db.datasets, async () => {
          await db.notebooks.put(nb);
          await db.datasets.bulkPut(datasets as Dataset[]);
        }),
      ),
    listEndpoints: () => guard('read endpoints', () => db.endpoints.orderBy('name').toArray()),
    putEndpoint: (e) => guard('save the endpoint', async () => void (await db.endpoints.put(e))),
    deleteEndpoint: (id) => guard('delete the endpoint', () => db.endpoints.delete(id)),
    putRun: (run) => guard('record the run', async () => void (await db.runs.put(run))),
    getRun: (id) => guard('read the run', () => db.runs.get(id)),
    listRuns: (notebookId) => guard('read runs', async () => (await db.runs.where('notebookId').equals(notebookId).toArray()).sort((a, b) => a.startedAt - b.startedAt)),
    // Async callbacks: Dexie follows native awaits inside a transaction only from an async function.
    putTrials: (trials, options) => guard('store trials', () => db.transaction('rw', trialTables, async () => await writeTrialChunks(chunks, trials, options?.fresh))),
    trialsForCell: (notebookId, cellId) => guard('read trials', () => db.transaction('r', trialTables, async () => await readWholeTrials(chunks, notebookId, cellId))),
    trialsForAnalysis: (notebookId, cellId) => guard('read trials', () => readSlimTrials(chunks, notebookId, cellId)),
    trialsByIds: (ids) => guard('read trials', () => db.transaction('r', trialTables, async () => await readTrialsByIds(chunks, ids))),
    completedKeys: (notebookId, cellId) =>
      guard('read trials', async () => {
        const keys = new Set<string>();
        for (const t of await readSlimTrials(chunks, notebookId, cellId)) if (t.status !== 'failed') keys.add(t.key);
        return keys;
      }),
    deleteTrialsForCell: (notebookId, cellId) =>
      guard('delete trials', () => db.transaction('rw', trialTables, async () => await deleteChunks(chunks, await cellChunks(chunks, notebookId, cellId).primaryKeys()))),
    // Each trial id is one entry of the multi-entry index.
    deleteTrials: (ids) => guard('delete trials', () => db.transaction('rw', trialTables, async () => await deleteTrialIds(chunks, ids))),
    countTrials: () => guard('count trials', () => db.trialChunks.orderBy('ids').count()),
    getCached: (key) => guard('read the response cache', () => db.cache.get(key)),
    putCached: (reply) => guard('store a reply in the cache', async () => void (await db.cache.put(reply))),
    getCachedMany: (keys) => guard('read the response cache', () => db.cache.bulkGet([...keys])),
    putCachedMany: (replies) => guard('store replies in the cache', async () => void (await db.cache.bulkPut([...replies]))),
    clearCache: () =>
      guard('clear the response cache', async () => {
        const n = await db.cache.count();
        await db.cache.clear();
        return n;
      }),
    countCached: () => guard('count cached replies', () => db.cache.count()),
    deleteRuns: (notebookId) => guard('delete the run history', async () => void (await db.runs.where('notebookId').equals(notebookId).delete())),
    putDataset: (d) => guard('store the imported table', async () => void (await db.datasets.put(d))),
    getDataset: (notebookId, cellId) => guard('read the imported table', () => db.datasets.get(datasetId(notebookId, cellId))),
    listDatasets: (notebookId) => guard('read imported tables', () => db.datasets.where('notebookId').equals(notebookId).toArray()),
    deleteDataset: (notebookId, cellId) => guard('delete the imported table', () => db.datasets.delete(datasetId(notebookId, cellId))),
    countDatasets: () => guard('count imported tables', () => db.datasets.count()),
    putBatch: (batch) => guard('record the batch', async () => void (await db.batchRecords.put(batch))),
    listBatches: (notebookId) => guard('read batches', async () => (await db.batchRecords.where('notebookId').equals(notebookId).toArray()).sort((a, b) => a.createdAt - b.createdAt)),
    isTrusted: (hash) => guard('read trust decisions', async () => (await db.trust.get(hash)) !== undefined),
    putTrust: (hash) => guard('remember the trust decision', async () => void (await db.trust.put({ hash, at: Date.now() }))),
    daySpend: (endpointName, day) => guard('read the day\'s spend', async () => (await db.spend.get([endpointName, day]))?.usd ?? 0),
    addDaySpend: (endpointName, day, usd) =>
      guard('record the spend', () =>
        db.transaction('rw', db.spend, async () => {
          const total = ((await db.spend.get([endpointName, day]))?.usd ?? 0) + usd;
          await db.spend.put({ endpointName, day, usd: total });
          return total;
        }),
      ),
    close: () => db.close(),
  };
}

/** Runs a storage operation, turning Dexie's errors into messages a user can act on. */
async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    const e = error as Error & { inner?: Error };
    const name = e.inner?.name ?? e.name;
    if (name === 'QuotaExceededError') {
      throw new Error(`Could not ${what}: this browser's storage is full. Export and delete old notebooks or trials to free space; nothing stored before was lost.`, { cause: error });
    }
    throw new Error(`Could not ${what}: ${e.message}`, { cause: error });
  }
}
