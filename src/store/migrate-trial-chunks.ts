import type { Transaction } from 'dexie';
import type { Trial } from '../model';
import { writeTrialChunks, type ChunkTables } from './trial-chunks';

/** Trials read at a time, so a large store is not held in memory at once. */
const PAGE = 5_000;

/**
 * Schema v10: the trials of v1–v9, one to a record, are copied into chunks (see trial-chunks.ts)
 * cell by cell, before the `trials` table is dropped.
 */
export async function migrateTrialChunks(tx: Transaction): Promise<void> {
  const old = tx.table<Trial, string>('trials');
  const tables: ChunkTables = { chunks: tx.table('trialChunks'), messages: tx.table('trialMessages') };
  // Ordered by cell, so each page fills chunks of one or two cells.
  const ids = await old.orderBy('[notebookId+cellId]').primaryKeys();
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = await old.bulkGet(ids.slice(i, i + PAGE));
    await writeTrialChunks(tables, page.filter((t): t is Trial => t !== undefined));
  }
}
