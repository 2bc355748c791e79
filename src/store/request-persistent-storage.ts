/**
 * Asks the browser to keep this site's storage under pressure (no eviction of trials).
 * Resolves to whether storage is persistent; false where the API is missing.
 */
export async function requestPersistentStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}
