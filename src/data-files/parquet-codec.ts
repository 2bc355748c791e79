/**
 * Parquet ↔ Arrow IPC conversion (parquet-wasm). It is loaded on first use, so the main bundle
 * stays small; the loader is chosen by the composition root (browser) or the test (Node).
 */
export interface ParquetCodec {
  /** Parquet file bytes → Arrow IPC stream bytes. */
  parquetToIPC(parquet: Uint8Array): Uint8Array;
  /** Arrow IPC stream bytes → Parquet file bytes. */
  ipcToParquet(ipc: Uint8Array): Uint8Array;
}

/** Loads the Parquet codec; rejects with a message when it cannot (e.g. offline without the wasm file). */
export type LoadParquet = () => Promise<ParquetCodec>;

/** The part of parquet-wasm's API the codec uses. */
export interface ParquetWasmModule {
  readParquet(bytes: Uint8Array): { intoIPCStream(): Uint8Array };
  writeParquet(table: never): Uint8Array;
  Table: { fromIPCStream(ipc: Uint8Array): unknown };
}

/** A codec over an initialised parquet-wasm module (its `esm` build in the browser, `node` build in tests). */
export function parquetCodec(m: ParquetWasmModule): ParquetCodec {
  return {
    parquetToIPC: (parquet) => m.readParquet(parquet).intoIPCStream(),
    ipcToParquet: (ipc) => m.writeParquet(m.Table.fromIPCStream(ipc) as never),
  };
}
