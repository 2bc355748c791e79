/**
 * Runs inside Chromium (built by scripts/bench/store.ts): how fast the Dexie store writes and reads
 * study-shaped trials, and what each index and each heavy field of the trials table costs.
 */
import Dexie from 'dexie';
import { createDexieStore } from '../../src/store/dexie-store';
import { asCellId, asNotebookId, type Trial } from '../../src/model';
import { studyTrials } from './study-trials';

/** One figure: trials/s for writes, ms for reads. */
export interface StoreFigure {
  readonly label: string;
  readonly value: number;
  readonly unit: 'trials/s' | 'ms' | 'KB';
}

const figures: StoreFigure[] = [];
const log = (f: StoreFigure) => (figures.push(f), console.log(`${f.label}: ${Math.round(f.value)} ${f.unit}`));
const WRITE_N = 20_000;
const READ_N = 100_000;
let dbCount = 0;
const freshName = () => `store-bench-${Date.now()}-${dbCount++}`;

async function timed(write: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await write();
  return performance.now() - t;
}

/** Trials/s through the store's public putTrials in batches of `batch`. */
async function putTrialsRate(trials: readonly Trial[], batch: number): Promise<number> {
  const name = freshName();
  const store = createDexieStore({ name });
  const ms = await timed(async () => {
    for (let i = 0; i < trials.length; i += batch) await store.putTrials(trials.slice(i, i + batch));
  });
  store.close();
  await Dexie.delete(name);
  return trials.length / (ms / 1000);
}

/** Trials/s into a bare Dexie table with the given indexes (the cost of each index and field). */
async function dexieRate(schema: string, rows: readonly object[], batch: number, method: 'bulkPut' | 'bulkAdd' = 'bulkPut'): Promise<number> {
  const name = freshName();
  const db = new Dexie(name);
  db.version(1).stores({ trials: schema });
  await db.open();
  const ms = await timed(async () => {
    for (let i = 0; i < rows.length; i += batch) await db.table('trials')[method](rows.slice(i, i + batch));
  });
  db.close();
  await Dexie.delete(name);
  return rows.length / (ms / 1000);
}

/** Trials/s through IndexedDB itself, one transaction per batch, no Dexie. */
async function idbRate(indexes: readonly (string | string[])[], rows: readonly object[], batch: number): Promise<number> {
  const name = freshName();
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const os = req.result.createObjectStore('trials', { keyPath: 'id' });
      for (const ix of indexes) os.createIndex(Array.isArray(ix) ? `[${ix.join('+')}]` : ix, ix);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const ms = await timed(async () => {
    for (let i = 0; i < rows.length; i += batch) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('trials', 'readwrite', { durability: 'relaxed' });
        const os = tx.objectStore('trials');
        for (const r of rows.slice(i, i + batch)) os.put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
  });
  db.close();
  await Dexie.delete(name);
  return rows.length / (ms / 1000);
}

const without = (trials: readonly Trial[], ...fields: (keyof Trial)[]) =>
  trials.map((t) => {
    const copy: Record<string, unknown> = { ...t };
    for (const f of fields) delete copy[f];
    return copy;
  });

/** Trials/s when `pack` trials share one IndexedDB record (optionally with a multiEntry index of their ids). */
async function packedRate(rows: readonly Trial[], batch: number, pack: number, idIndex: boolean): Promise<number> {
  const name = freshName();
  const db = new Dexie(name);
  db.version(1).stores({ chunks: idIndex ? '++seq, [notebookId+cellId], *ids' : '++seq, [notebookId+cellId]' });
  await db.open();
  const ms = await timed(async () => {
    for (let i = 0; i < rows.length; i += batch) {
      const slice = rows.slice(i, i + batch);
      const chunks = [];
      for (let j = 0; j < slice.length; j += pack) {
        const trials = slice.slice(j, j + pack);
        chunks.push({ notebookId: trials[0].notebookId, cellId: trials[0].cellId, ...(idIndex && { ids: trials.map((t) => t.id) }), trials });
      }
      await db.table('chunks').bulkAdd(chunks);
    }
  });
  db.close();
  await Dexie.delete(name);
  return rows.length / (ms / 1000);
}

async function writes(): Promise<void> {
  const trials = studyTrials(WRITE_N, 'w');
  log({ label: 'trial size (JSON, average)', value: JSON.stringify(trials.slice(0, 1000)).length / 1000 / 1024, unit: 'KB' });
  // Warm up IndexedDB and the JIT, so the first variant is not charged for it.
  await putTrialsRate(trials.slice(0, 2_000), 500);
  log({ label: 'putTrials, batches of 25 (live run)', value: await putTrialsRate(trials.slice(0, 5_000), 25), unit: 'trials/s' });
  log({ label: 'putTrials, batches of 2,000 (bulk)', value: await putTrialsRate(trials, 2_000), unit: 'trials/s' });
  log({ label: 'putTrials, one batch of 20,000', value: await putTrialsRate(trials, WRITE_N), unit: 'trials/s' });
  const full = 'id, [notebookId+cellId], runId, status';
  log({ label: 'Dexie bulkPut, v9 indexes', value: await dexieRate(full, trials, 2_000), unit: 'trials/s' });
  log({ label: 'Dexie bulkAdd, v9 indexes', value: await dexieRate(full, trials, 2_000, 'bulkAdd'), unit: 'trials/s' });
  log({ label: '  without the status index', value: await dexieRate('id, [notebookId+cellId], runId', trials, 2_000), unit: 'trials/s' });
  log({ label: '  without the runId index', value: await dexieRate('id, [notebookId+cellId], status', trials, 2_000), unit: 'trials/s' });
  log({ label: '  without runId and status', value: await dexieRate('id, [notebookId+cellId]', trials, 2_000), unit: 'trials/s' });
  log({ label: '  primary key only', value: await dexieRate('id', trials, 2_000), unit: 'trials/s' });
  log({ label: '  without messages', value: await dexieRate(full, without(trials, 'messages'), 2_000), unit: 'trials/s' });
  log({ label: '  without messages and raw', value: await dexieRate(full, without(trials, 'messages', 'raw'), 2_000), unit: 'trials/s' });
  log({ label: 'bare IndexedDB put, v9 indexes', value: await idbRate([['notebookId', 'cellId'], 'runId', 'status'], trials, 2_000), unit: 'trials/s' });
  log({ label: 'packed 25 a record (one per runner batch)', value: await packedRate(trials, 25, 25, false), unit: 'trials/s' });
  log({ label: 'packed 25 a record, ids multiEntry index', value: await packedRate(trials, 25, 25, true), unit: 'trials/s' });
  log({ label: 'packed 500 a record, ids multiEntry index', value: await packedRate(trials, 2_000, 500, true), unit: 'trials/s' });
  log({ label: 'bare IndexedDB put, no indexes', value: await idbRate([], trials, 2_000), unit: 'trials/s' });
}

async function reads(): Promise<void> {
  const name = freshName();
  const store = createDexieStore({ name });
  // Another experiment's trials in the same notebook, which the read must skip.
  await store.putTrials(studyTrials(10_000, 'o', 'c_other'));
  for (let i = 0; i < READ_N; i += 5_000) await store.putTrials(studyTrials(5_000, 'r', 'c_study', i));
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    let n = 0;
    times.push(await timed(async () => void (n = (await store.trialsForCell(asNotebookId('nb_bench'), asCellId('c_study'))).length)));
    if (n !== READ_N) throw new Error(`read ${n} trials, expected ${READ_N}`);
  }
  log({ label: 'trialsForCell, 100k trials (median of 3)', value: times.sort((a, b) => a - b)[1], unit: 'ms' });
  store.close();
  await Dexie.delete(name);
}

declare global {
  interface Window { storeBench?: { figures?: StoreFigure[]; error?: string } }
}

(async () => {
  try {
    await writes();
    await reads();
    window.storeBench = { figures };
  } catch (error) {
    window.storeBench = { error: String((error as Error).stack ?? error) };
  }
})();
