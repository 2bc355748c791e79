import type { Store } from '../model';

/**
 * Deletes the endpoints, with their keys, that older one-file copies stored in IndexedDB: this
 * page's own database through `store`, and, where `indexedDB` is given (a page opened from
 * `file://`, whose IndexedDB every local HTML file shares), the endpoints of every database whose
 * name `isOurs` accepts. Nothing else in those databases changes. Returns how many databases it
 * cleared; a database that cannot be opened is left as it is (its keys are never read back into
 * use: see withMemoryEndpoints).
 */
export async function forgetStoredKeys(store: Store, indexedDB: IDBFactory | null, isOurs: (name: string) => boolean): Promise<number> {
  for (const endpoint of await store.listEndpoints()) await store.deleteEndpoint(endpoint.id);
  if (!indexedDB?.databases) return 0;
  let cleared = 0;
  for (const { name } of await indexedDB.databases()) {
    if (name && isOurs(name) && (await clearEndpoints(indexedDB, name).catch(() => false))) cleared++;
  }
  return cleared;
}

/** Empties the database's `endpoints` store, opening it at whatever version it has (no upgrade). */
function clearEndpoints(indexedDB: IDBFactory, name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error ?? new Error(`could not open ${name}`));
    // Listed databases exist; this only runs if one was deleted meanwhile: leave no empty database behind.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('endpoints')) {
        db.close();
        return resolve(false);
      }
      const tx = db.transaction('endpoints', 'readwrite');
      tx.objectStore('endpoints').clear();
      tx.oncomplete = () => (db.close(), resolve(true));
      tx.onerror = tx.onabort = () => (db.close(), reject(tx.error ?? new Error(`could not clear ${name}`)));
    };
  });
}
