import { parquetCodec, type LoadParquet, type ParquetWasmModule } from './parquet-codec';

/**
 * A LoadParquet that initialises parquet-wasm once, on first use, and says in words when it
 * cannot (the wasm file is fetched lazily, so an offline copy without it cannot read Parquet).
 * A failed load is tried again next time.
 */
export function createParquetLoader(init: () => Promise<ParquetWasmModule>): LoadParquet {
  let loading: ReturnType<LoadParquet> | null = null;
  return () => {
    loading ??= init().then(parquetCodec, (error: unknown) => {
      loading = null;
      throw new Error(`the Parquet reader (parquet-wasm) could not be loaded: ${(error as Error).message}. CSV, JSON and Arrow files work without it`, { cause: error });
    });
    return loading;
  };
}
