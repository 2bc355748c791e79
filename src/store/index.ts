export { createDexieStore, DATABASE_NAME, type DexieStoreOptions } from './dexie-store';
export { requestPersistentStorage } from './request-persistent-storage';
export { estimateStorage } from './estimate-storage';
export { withMemoryEndpoints } from './with-memory-endpoints';
export { forgetStoredKeys } from './forget-stored-keys';
