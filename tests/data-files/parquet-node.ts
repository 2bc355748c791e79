import * as parquetWasm from 'parquet-wasm';
import { parquetCodec, type ParquetWasmModule } from '../../src/data-files';

/** parquet-wasm's Node build (it loads its wasm synchronously), as the app's codec. */
export const loadParquetNode = async () => parquetCodec(parquetWasm as unknown as ParquetWasmModule);
