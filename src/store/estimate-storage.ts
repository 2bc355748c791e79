/** How much of the browser's storage quota this site uses, in bytes, or null where unknown. */
export async function estimateStorage(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<{ usage: number; quota: number } | null> {
  if (!storage?.estimate) return null;
  const { usage, quota } = await storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}
