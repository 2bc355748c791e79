import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { LoadParquet } from './parquet-codec';
import type { TableFormat } from './table-format';
import { assertNever } from '../model/assert-never';
import { csvShapeProblem } from './csv-shape';
import { csvQuoteProblem } from './csv-quotes';
import { reservedColumnProblem } from './reserved-column-names';

/**
 * Reads a table from file bytes with Arquero's readers (parquet-wasm turns Parquet into Arrow
 * IPC first). Throws an Error saying what is wrong with the content.
 */
export async function decodeTable(bytes: Uint8Array, format: TableFormat, loadParquet: LoadParquet): Promise<ColumnTable> {
  switch (format) {
    case 'csv': {
      const text = utf8(bytes);
      const problem = csvQuoteProblem(text) ?? csvShapeProblem(text);
      if (problem) throw new Error(problem);
      return aq.fromCSV(text);
    }
    case 'json':
      // fromJSON takes parsed JSON too (its types say string): parsing once lets the shape be checked first.
      return aq.fromJSON(jsonTable(utf8(bytes)) as string);
    case 'arrow':
      return checkedNames(aq.fromArrow(bytes));
    case 'parquet': {
      const codec = await loadParquet();
      let ipc: Uint8Array;
      try {
        ipc = codec.parquetToIPC(bytes);
      } catch (error) {
        throw new Error(`the Parquet reader says: ${messageOf(error)}`, { cause: error });
      }
      return checkedNames(aq.fromArrow(ipc));
    }
    default:
      return assertNever(format, 'table format');
  }
}

function checkedNames(table: ColumnTable): ColumnTable {
  const problem = reservedColumnProblem(table.columnNames());
  if (problem) throw new Error(problem);
  return table;
}

function utf8(bytes: Uint8Array): string {
  // A byte-order mark is not part of the first column's name.
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
}

/** Parsed JSON that is a table: an array of row objects, or an object of equally long column arrays. */
function jsonTable(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not valid JSON (${messageOf(error)})`, { cause: error });
  }
  if (Array.isArray(json)) {
    const bad = json.findIndex((row) => typeof row !== 'object' || row === null || Array.isArray(row));
    if (bad >= 0) throw new Error(`row ${bad + 1} of the JSON array is not an object with one field per column`);
    const reserved = reservedColumnProblem(json.flatMap((row: object) => Object.keys(row)));
    if (reserved) throw new Error(reserved);
    return json;
  }
  if (typeof json === 'object' && json !== null) {
    const entries = Object.entries(json);
    const reserved = reservedColumnProblem(entries.map(([name]) => name));
    if (reserved) throw new Error(reserved);
    const notArray = entries.find(([, v]) => !Array.isArray(v));
    if (notArray) throw new Error(`the JSON is an object, but its field '${notArray[0]}' is not an array of column values (expected an array of rows or an object of columns)`);
    const lengths = new Set(entries.map(([, v]) => (v as unknown[]).length));
    if (lengths.size > 1) throw new Error(`the JSON columns have different lengths (${entries.map(([k, v]) => `${k}: ${(v as unknown[]).length}`).join(', ')})`);
    return json;
  }
  throw new Error('the JSON is not a table (expected an array of row objects or an object of column arrays)');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
