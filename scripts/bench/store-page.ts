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
async function putTrialsRate(trials: readonly Trial[], batch: number, fresh = false): Promise<number> {
  const name = freshName();
  const store = createDexieStore({ name });
  const ms = await timed(async () => {
    for (let i = 0; i < trials.length; i += batch) await store.putTrials(trials.slice(i, i + batch), { fresh });
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

async function writes(): Promise<void> {
  const trials = studyTrials(WRITE_N, 'w');
  log({ label: 'trial size (JSON, average)', value: JSON.stringify(trials.slice(0, 1000)).length / 1000 / 1024, unit: 'KB' });
  // Warm up IndexedDB and the JIT, so the first variant is not charged for it.
  await putTrialsRate(trials.slice(0, 2_000), 500);
  // A live run writes batches of 25 (run-plan.ts) of ids it just made (fresh: no lookup).
  log({ label: 'putTrials, batches of 25 (live run)', value: await putTrialsRate(trials.slice(0, 5_000), 25, true), unit: 'trials/s' });
  log({ label: 'putTrials, batches of 2,000 (bulk)', value: await putTrialsRate(trials, 2_000), unit: 'trials/s' });
  const v9 = 'id, [notebookId+cellId], runId, status';
  log({ label: 'v9 layout, one trial a record (bulkPut, 2,000)', value: await dexieRate(v9, trials, 2_000), unit: 'trials/s' });
  log({ label: '  v9 layout, batches of 25', value: await dexieRate(v9, trials.slice(0, 5_000), 25), unit: 'trials/s' });
  log({ label: '  bulkAdd instead of bulkPut', value: await dexieRate(v9, trials, 2_000, 'bulkAdd'), unit: 'trials/s' });
  log({ label: '  without the status index', value: await dexieRate('id, [notebookId+cellId], runId', trials, 2_000), unit: 'trials/s' });
  log({ label: '  without the runId index', value: await dexieRate('id, [notebookId+cellId], status', trials, 2_000), unit: 'trials/s' });
  log({ label: '  primary key only', value: await dexieRate('id', trials, 2_000), unit: 'trials/s' });
  log({ label: '  without messages', value: await dexieRate(v9, without(trials, 'messages'), 2_000), unit: 'trials/s' });
  log({ label: '  without messages and raw', value: await dexieRate(v9, without(trials, 'messages', 'raw'), 2_000), unit: 'trials/s' });
  log({ label: '  bare IndexedDB, no Dexie', value: await idbRate([['notebookId', 'cellId'], 'runId', 'status'], trials, 2_000), unit: 'trials/s' });
}

/** ms to read one cell's 100k trials (median of 3), checking the count. */
async function readMs(read: () => Promise<{ length: number }>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    let n = 0;
    times.push(await timed(async () => void (n = (await read()).length)));
    if (n !== READ_N) throw new Error(`read ${n} trials, expected ${READ_N}`);
  }
  return times.sort((a, b) => a - b)[1];
}

async function reads(): Promise<void> {
  const name = freshName();
  const store = createDexieStore({ name });
  const nb = asNotebookId('nb_bench');
  const cell = asCellId('c_study');
  // Another experiment's trials in the same notebook, which the read must skip.
  await store.putTrials(studyTrials(10_000, 'o', 'c_other'));
  for (let i = 0; i < READ_N; i += 5_000) await store.putTrials(studyTrials(5_000, 'r', 'c_study', i));
  log({ label: 'trialsForCell, 100k trials (notebook open)', value: await readMs(() => store.trialsForCell(nb, cell)), unit: 'ms' });
  log({ label: 'trialsForAnalysis, 100k trials (no prompts)', value: await readMs(() => store.trialsForAnalysis(nb, cell)), unit: 'ms' });
  const keys = await timed(async () => void (await store.completedKeys(nb, cell)));
  log({ label: 'completedKeys, 100k trials (resume)', value: keys, unit: 'ms' });
  const more = studyTrials(5_000, 'x', 'c_study', READ_N);
  log({ label: 'putTrials, 5,000 more into 110k stored', value: more.length / ((await timed(() => store.putTrials(more))) / 1000), unit: 'trials/s' });
  const again = studyTrials(5_000, 'r', 'c_study', 0);
  log({ label: 'putTrials, 5,000 written again (replace)', value: again.length / ((await timed(() => store.putTrials(again))) / 1000), unit: 'trials/s' });
  store.close();
  await Dexie.delete(name);

  // The same 100k in the v9 layout, read as trialsForCell read them, side by side.
  const v9 = new Dexie(freshName());
  v9.version(1).stores({ trials: 'id, [notebookId+cellId], runId, status' });
  for (let i = 0; i < READ_N; i += 5_000) await v9.table('trials').bulkPut(studyTrials(5_000, 'r', 'c_study', i));
  const v9Read = async () => (await v9.table<Trial>('trials').where('[notebookId+cellId]').equals([nb, cell]).toArray()).sort((a, b) => a.endedAt - b.endedAt);
  log({ label: '  v9 layout, same read', value: await readMs(v9Read), unit: 'ms' });
  v9.close();
  await Dexie.delete(v9.name);
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
