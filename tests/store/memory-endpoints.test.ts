import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type Endpoint, type EndpointId } from '../../src/model';
import { createDexieStore, forgetStoredKeys, withMemoryEndpoints } from '../../src/store';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';

/**
 * A one-file copy keeps keys in memory (Chromium's file:// pages share one IndexedDB) and
 * deletes the keys older copies stored there, leaving the rest of their data alone.
 */
const OLD_KEY = 'sk-OLD-copy-9c2e77a1b0d4';
const NEW_KEY = 'sk-NEW-view-41f08d3b6e5a';
const endpoint = (id: string, apiKey: string): Endpoint => ({ id: id as EndpointId, name: id, baseURL: 'http://127.0.0.1:9/v1', apiKey, createdAt: 1 });

/** Every record of every database the factory holds, as JSON text. */
async function everything(indexedDB: IDBFactory): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve) => (indexedDB.open(name!).onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result)));
    for (const store of db.objectStoreNames) {
      out[`${name}/${store}`] = await new Promise((resolve) => (db.transaction(store).objectStore(store).getAll().onsuccess = (e) => resolve((e.target as IDBRequest).result)));
    }
    db.close();
  }
  return JSON.stringify(out);
}

describe('keys in a one-file copy', () => {
  it('deletes the keys older copies stored, in Motivelab databases only, and keeps their other data', async () => {
    const indexedDB = new IDBFactory();
    const older = createDexieStore({ name: 'motivelab-bundle-0123456789abcdef', indexedDB, IDBKeyRange });
    await older.putEndpoint(endpoint('old', OLD_KEY));
    await older.putNotebook({ id: asNotebookId('nb'), title: 'Kept', cells: [], origin: 'user', updatedAt: 1 });
    const standalone = createDexieStore({ name: 'motivelab', indexedDB, IDBKeyRange });
    await standalone.putEndpoint(endpoint('older', OLD_KEY));
    const unrelated = createDexieStore({ name: 'someone-else', indexedDB, IDBKeyRange });
    await unrelated.putEndpoint(endpoint('theirs', 'sk-not-ours-000000'));
    const mine = createDexieStore({ name: 'motivelab-bundle-fedcba9876543210', indexedDB, IDBKeyRange });
    await mine.putEndpoint(endpoint('mine', OLD_KEY));
    expect((await everything(indexedDB)).split(OLD_KEY)).toHaveLength(4);

    const cleared = await forgetStoredKeys(mine, indexedDB, (name) => name.startsWith('motivelab-bundle-') || name === 'motivelab');
    expect(cleared).toBe(3);
    const after = await everything(indexedDB);
    expect(after).not.toContain(OLD_KEY);
    expect(after).toContain('sk-not-ours-000000');
    expect((await older.getNotebook(asNotebookId('nb')))?.title).toBe('Kept');
  });

  it('keeps endpoints added in Settings in memory only: usable in the page, absent from IndexedDB, gone with the page', async () => {
    const indexedDB = new IDBFactory();
    const database = createDexieStore({ name: 'motivelab-bundle-fedcba9876543210', indexedDB, IDBKeyRange });
    await database.putEndpoint(endpoint('stale', OLD_KEY));
    const open = () => new AppState({ store: withMemoryEndpoints(database), keysInMemory: true, providerFactory: () => { throw new Error('no calls here'); }, shipped: [], sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network')) });
    const app = open();
    await app.load();
    // What an older copy stored is never read back into use.
    expect(app.endpoints).toEqual([]);
    expect(app.keysInMemory).toBe(true);
    await app.saveEndpoint({ name: 'local', baseURL: 'http://127.0.0.1:9/v1/', apiKey: NEW_KEY });
    await app.saveEndpoint({ name: 'another', baseURL: 'http://127.0.0.1:9/v1', apiKey: `${NEW_KEY}-2` });
    expect(app.endpoints.map((e) => [e.name, e.apiKey])).toEqual([['another', `${NEW_KEY}-2`], ['local', NEW_KEY]]);
    expect(app.runnableEndpoints.map((e) => e.name)).toEqual(['simulated', 'another', 'local']);
    await app.deleteEndpoint(app.endpoints[0].id);
    expect(app.endpoints.map((e) => e.name)).toEqual(['local']);
    // The rest of the store is the database.
    await app.createNotebook();
    expect(await database.listNotebooks()).toHaveLength(1);
    expect(await everything(indexedDB)).not.toContain(NEW_KEY);
    // The page closes; the copy opens again: the key is gone.
    const reopened = open();
    await reopened.load();
    expect(reopened.endpoints).toEqual([]);
  });
});
