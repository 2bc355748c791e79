import Dexie, { type Table } from 'dexie';
import type { CellId, ChatMessage, NotebookId, SlimTrial, Trial, TrialId } from '../model';

/** A trial as a chunk keeps it: `messages` left undefined (kept as a field so fields keep their order), the rest as written. */
type StoredTrial = SlimTrial & { readonly messages?: undefined; readonly params?: Trial['params'] };
import { fromColumns, toColumns, type TrialColumns } from './trial-columns';

/**
 * Trials as stored since schema v10: many trials of one experiment cell to a record.
 * IndexedDB costs about the same per record whatever its size or indexes (measured in
 * `npm run bench -- store`: ~6,000 records/s for study-sized trials, one to a record, with or
 * without the runId/status indexes or the messages), so trials are written as the batches they
 * arrive in, up to CHUNK_SIZE to a record. A trial id names the chunk that holds it through the
 * multi-entry `ids` index, so a trial written again replaces its earlier copy, as `put` did.
 * The trials are stored as columns (trial-columns.ts), which read back several times faster than
 * as objects. Prompts (`messages`, most of a trial's bytes) are kept in `trialMessages` under the
 * same `seq`, so reads for analyses and resume skip them.
 */
export interface TrialChunk {
  readonly seq?: number;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly ids: TrialId[];
  /** The trials in `ids` order, each with `messages` left undefined (kept so fields keep their order). */
  readonly trials: TrialColumns;
}

/** The prompts of a chunk's trials: every message in turn, and how many are each trial's. */
export interface TrialMessagesChunk {
  readonly seq: number;
  /** Messages per trial; OTHER where the trial's `messages` was not a list (kept as is in `other`). */
  readonly counts: Uint16Array;
  readonly messages: TrialColumns;
  readonly other?: Readonly<Record<number, unknown>>;
}

const OTHER = 0xffff;

function packMessages(seq: number, lists: readonly unknown[]): TrialMessagesChunk {
  const other: Record<number, unknown> = {};
  const counts = Uint16Array.from(lists, (m, i) => (Array.isArray(m) && m.length < OTHER ? m.length : ((other[i] = m), OTHER)));
  const flat = lists.filter((m, i) => counts[i] !== OTHER).flat() as ChatMessage[];
  return { seq, counts, messages: toColumns(flat), ...(Object.keys(other).length > 0 && { other }) };
}

function unpackMessages(chunk: TrialMessagesChunk | undefined, n: number): unknown[] {
  if (!chunk) return Array.from({ length: n }, () => []);
  const all = fromColumns<ChatMessage>(chunk.messages);
  const out: unknown[] = [];
  let at = 0;
  chunk.counts.forEach((c, i) => out.push(c === OTHER ? chunk.other?.[i] : all.slice(at, (at += c))));
  return out;
}

/** The trial without its prompts; `messages` stays as a field (undefined) where the trial had one, so fields keep their order. */
const slim = (t: Trial): StoredTrial => ('messages' in t ? { ...t, messages: undefined } : (t as unknown as StoredTrial));

/** Most trials one record holds: big enough that records are few, small enough that a replaced trial rewrites little. */
export const CHUNK_SIZE = 1_000;

/** The two tables a chunked trial store reads and writes. */
export interface ChunkTables {
  readonly chunks: Table<TrialChunk, number>;
  readonly messages: Table<TrialMessagesChunk, number>;
}

/**
 * Writes trials (replacing any with the same id) in the caller's transaction. `fresh`: the ids
 * were just made (newTrialId), so none can be stored yet and the lookup is skipped.
 */
export async function writeTrialChunks(tables: ChunkTables, trials: readonly Trial[], fresh = false): Promise<void> {
  // The last copy of an id wins, as consecutive puts would.
  const byId = new Map<TrialId, Trial>();
  for (const t of trials) byId.set(t.id, t);
  if (!fresh) await removeIds(tables, byId);
  const groups = new Map<string, Trial[]>();
  for (const t of byId.values()) {
    const k = `${t.notebookId}\u0000${t.cellId}`;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const chunks: TrialChunk[] = [];
  const messages: unknown[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += CHUNK_SIZE) {
      const part = group.slice(i, i + CHUNK_SIZE);
      chunks.push({ notebookId: part[0].notebookId, cellId: part[0].cellId, ids: part.map((t) => t.id), trials: toColumns(part.map(slim)) });
      messages.push(part.map((t) => t.messages));
    }
  }
  const seqs = await tables.chunks.bulkAdd(chunks, { allKeys: true })
  await tables.messages.bulkAdd(seqs.map((seq, i) => packMessages(seq, messages[i])));
}

/** Deletes the trials with these ids (with their prompts), in the caller's transaction. */
export async function deleteTrialIds(tables: ChunkTables, ids: readonly TrialId[]): Promise<void> {
  if (ids.length) await removeIds(tables, new Map(ids.map((id) => [id, true])));
}

/** Takes the given ids out of the chunks that hold them (deleting chunks left empty). */
async function removeIds(tables: ChunkTables, ids: ReadonlyMap<TrialId, unknown>): Promise<void> {
  const hits = await chunksHolding(tables, [...ids.keys()])
  if (hits.length === 0) return;
  const [chunks, messages] = await Promise.all([tables.chunks.bulkGet(hits), tables.messages.bulkGet(hits)]);
  for (let c = 0; c < hits.length; c++) {
    const chunk = chunks[c]!;
    const keep = chunk.ids.map((id, i) => (ids.has(id) ? -1 : i)).filter((i) => i >= 0);
    if (keep.length === 0) {
      await tables.chunks.delete(hits[c]);
      await tables.messages.delete(hits[c]);
    } else {
      const trials = fromColumns<StoredTrial>(chunk.trials);
      const prompts = unpackMessages(messages[c], chunk.ids.length);
      await tables.chunks.put({ ...chunk, ids: keep.map((i) => chunk.ids[i]), trials: toColumns(keep.map((i) => trials[i])) });
      await tables.messages.put(packMessages(hits[c], keep.map((i) => prompts[i])));
    }
  }
}

/**
 * The seqs of the chunks that hold any of the ids. Dexie's `anyOf` walks the index once, jumping
 * from id to id; measured faster than one lookup per id sent at once (each request costs about
 * as much as writing a record), for new ids and for ids already stored.
 */
async function chunksHolding(tables: ChunkTables, ids: readonly TrialId[]): Promise<number[]> {
  return [...new Set(await tables.chunks.where('ids').anyOf(ids as TrialId[]).primaryKeys())];
}

/** The chunks of one experiment cell. */
export const cellChunks = (tables: ChunkTables, notebookId: NotebookId, cellId: CellId) => tables.chunks.where('[notebookId+cellId]').equals([notebookId, cellId]);

/** The chunks of every cell of a notebook. */
export const notebookChunks = (tables: ChunkTables, notebookId: NotebookId) => tables.chunks.where('[notebookId+cellId]').between([notebookId, Dexie.minKey], [notebookId, Dexie.maxKey]);

/** Oldest first, ties by id (the order reads had when each trial was its own record). */
export function byEndedAt(a: Pick<Trial, 'endedAt' | 'id'>, b: Pick<Trial, 'endedAt' | 'id'>): number {
  return a.endedAt - b.endedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Chunks per request when a cell's trials are read: each answer is read (structured clone) and
 * unpacked in a task of its own, so one experiment of the full study (143 chunks) is not one task.
 */
export const CHUNKS_PER_READ = 10;

/** A cell's trials without their prompts (`messages` undefined or absent), oldest first; read CHUNKS_PER_READ chunks at a time, in one transaction. */
export async function readSlimTrials(tables: ChunkTables, notebookId: NotebookId, cellId: CellId): Promise<SlimTrial[]> {
  return await tables.chunks.db.transaction('r', tables.chunks, async () => {
    const seqs = await cellChunks(tables, notebookId, cellId).primaryKeys();
    const out: SlimTrial[] = [];
    for (let i = 0; i < seqs.length; i += CHUNKS_PER_READ) {
      for (const c of await tables.chunks.bulkGet(seqs.slice(i, i + CHUNKS_PER_READ))) if (c) for (const t of fromColumns<StoredTrial>(c.trials)) out.push(t);
    }
    return out.sort(byEndedAt);
  });
}

/** A cell's whole trials, oldest first. */
export async function readWholeTrials(tables: ChunkTables, notebookId: NotebookId, cellId: CellId): Promise<Trial[]> {
  const chunks = await cellChunks(tables, notebookId, cellId).toArray();
  const messages = await tables.messages.bulkGet(chunks.map((c) => c.seq!));
  const out: Trial[] = [];
  chunks.forEach((c, k) => {
    const m = unpackMessages(messages[k], c.ids.length);
    // Assigned in place, so `messages` keeps its place among the fields (and stays absent where it was).
    fromColumns<StoredTrial>(c.trials).forEach((t, i) => out.push(('messages' in t ? Object.assign(t, { messages: m[i] }) : t) as unknown as Trial));
  });
  return out.sort(byEndedAt);
}

/** The whole trials with these ids, in `ids` order (ids not stored left out); reads only the chunks that hold them. */
export async function readTrialsByIds(tables: ChunkTables, ids: readonly TrialId[]): Promise<Trial[]> {
  if (ids.length === 0) return [];
  const hits = await chunksHolding(tables, ids);
  const [chunks, messages] = await Promise.all([tables.chunks.bulkGet(hits), tables.messages.bulkGet(hits)]);
  const wanted = new Set(ids);
  const found = new Map<TrialId, Trial>();
  chunks.forEach((c, k) => {
    if (!c) return;
    const m = unpackMessages(messages[k], c.ids.length);
    fromColumns<StoredTrial>(c.trials).forEach((t, i) => {
      if (wanted.has(c.ids[i])) found.set(c.ids[i], ('messages' in t ? Object.assign(t, { messages: m[i] }) : t) as unknown as Trial);
    });
  });
  return ids.flatMap((id) => found.get(id) ?? []);
}

/** Deletes chunks (with their prompts) of a collection. */
export async function deleteChunks(tables: ChunkTables, seqs: readonly number[]): Promise<void> {
  await tables.chunks.bulkDelete(seqs as number[]);
  await tables.messages.bulkDelete(seqs as number[]);
}
