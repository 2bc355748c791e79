import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDexieStore } from '../../src/store/dexie-store';
import { batchedReplyCache } from '../../src/providers/batched-reply-cache';
import type { CachedReply, Store } from '../../src/model';

const reply = (key: string): CachedReply => ({ key, result: { text: key, finishReason: 'stop', promptTokens: 1, completionTokens: 1, model: 'm', latencyMs: 1 }, storedAt: 1 });

/** Counts the store's cache calls, one by one and in bulk. */
function counted(store: Store) {
  const calls = { get: 0, put: 0, getMany: 0, putMany: 0 };
  const cache = {
    getCached: (k: string) => (calls.get++, store.getCached(k)),
    putCached: (r: CachedReply) => (calls.put++, store.putCached(r)),
    getCachedMany: (ks: readonly string[]) => (calls.getMany++, store.getCachedMany!(ks)),
    putCachedMany: (rs: readonly CachedReply[]) => (calls.putMany++, store.putCachedMany!(rs)),
  };
  return { calls, cache };
}

describe('the response cache of a run, in batches', () => {
  it('reads the lookups of one moment in one go and writes replies together, each where it belongs', async () => {
    const store = createDexieStore({ name: 'batched-cache-1', indexedDB: new IDBFactory(), IDBKeyRange });
    const { calls, cache } = counted(store);
    const batched = batchedReplyCache(cache);
    await Promise.all(Array.from({ length: 50 }, (_, i) => batched.putCached(reply(`k${i}`))));
    await batched.flush();
    expect(calls).toMatchObject({ put: 0, putMany: 1 });
    expect(await store.countCached()).toBe(50);
    const got = await Promise.all(['k3', 'nope', 'k49', 'k0'].map((k) => batched.getCached(k)));
    expect(got.map((r) => r?.result.text)).toEqual(['k3', undefined, 'k49', 'k0']);
    expect(calls).toMatchObject({ get: 0, getMany: 1 });
  });

  it('writes waiting replies by itself shortly after, without flush', async () => {
    const store = createDexieStore({ name: 'batched-cache-2', indexedDB: new IDBFactory(), IDBKeyRange });
    const batched = batchedReplyCache(counted(store).cache, { writeMs: 5 });
    await batched.putCached(reply('a'));
    await batched.putCached(reply('b'));
    for (let i = 0; i < 200 && (await store.countCached()) < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await store.getCached('b'))?.result.text).toBe('b');
  });
});
