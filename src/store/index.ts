export { createDexieStore, DATABASE_NAME, type DexieStoreOptions } from './dexie-store';
export { requestPersistentStorage } from './request-persistent-storage';
export { estimateStorage } from './estimate-storage';
