import type { CachedReply } from '../model';
import type { ReplyCache } from './with-cache';

/** A reply cache that can also read and write many replies in one go (the Store's bulk methods). */
export interface BulkReplyCache extends ReplyCache {
  getCachedMany?(keys: readonly string[]): Promise<readonly (CachedReply | undefined)[]>;
  putCachedMany?(replies: readonly CachedReply[]): Promise<void>;
}

/**
 * The response cache of a run, read and written in batches: lookups made within `readMs` of each
 * other go to the store as one read, replies are written together every `writeMs` (the call does
 * not wait for its write). A run of thousands of calls would otherwise cost two IndexedDB
 * transactions per call on the page's main thread. A reply whose write is still waiting when the
 * tab closes is only not cached: its trial is stored apart. `flush` writes what waits (at the end
 * of a run). Without bulk methods, the cache as is.
 */
export function batchedReplyCache(cache: BulkReplyCache, options: { readMs?: number; writeMs?: number } = {}): ReplyCache & { flush(): Promise<void> } {
  const { getCachedMany, putCachedMany } = cache;
  if (!getCachedMany || !putCachedMany) return { getCached: (key) => cache.getCached(key), putCached: (reply) => cache.putCached(reply), flush: async () => undefined };
  let reads: { key: string; resolve: (r: CachedReply | undefined) => void; reject: (e: unknown) => void }[] = [];
  let writes: CachedReply[] = [];
  let readTimer: ReturnType<typeof setTimeout> | null = null;
  let writeTimer: ReturnType<typeof setTimeout> | null = null;
  let written: Promise<void> = Promise.resolve();
  const read = async () => {
    readTimer = null;
    const batch = reads;
    reads = [];
    try {
      const got = await getCachedMany.call(cache, batch.map((r) => r.key));
      // Each lookup answered in a task of its own: answered together, every call missing the
      // cache would start its request in the same task, a long one on the page.
      batch.forEach((r, i) => setTimeout(() => r.resolve(got[i]), 0));
    } catch (error) {
      for (const r of batch) r.reject(error);
    }
  };
  const write = (): Promise<void> => {
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = null;
    const batch = writes;
    writes = [];
    // A cache that cannot be written never fails a call (as withCache's single writes).
    if (batch.length) written = written.then(() => putCachedMany.call(cache, batch)).catch(() => undefined);
    return written;
  };
  return {
    getCached: (key) =>
      new Promise((resolve, reject) => {
        reads.push({ key, resolve, reject });
        readTimer ??= setTimeout(() => void read(), options.readMs ?? 10);
      }),
    putCached: async (reply) => {
      writes.push(reply);
      writeTimer ??= setTimeout(() => void write(), options.writeMs ?? 100);
    },
    /** Writes the waiting replies now (a run that ends: a run right after it finds them). */
    flush: write,
  };
}
