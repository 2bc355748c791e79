import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { LoadParquet } from './parquet-codec';
import type { TableFormat } from './table-format';
import { assertNever } from '../model/assert-never';

/**
 * A table as the bytes of a file, written by Arquero (CSV, JSON, Arrow IPC stream) and
 * parquet-wasm (Parquet from that Arrow IPC). Object and list columns (e.g. a trial's messages)
 * are JSON text in CSV, and nested Arrow types where Arrow can hold them.
 */
export async function encodeTable(table: ColumnTable, format: TableFormat, loadParquet: LoadParquet): Promise<Uint8Array> {
  switch (format) {
    case 'csv': {
      const format: Record<string, (v: unknown) => string> = {};
      for (const name of objectColumns(table)) format[name] = (v) => (v === null || v === undefined ? '' : JSON.stringify(v));
      return new TextEncoder().encode(table.toCSV({ format }));
    }
    case 'json':
      return new TextEncoder().encode(table.toJSON());
    case 'arrow':
      return arrowIPC(table);
    case 'parquet': {
      const ipc = arrowIPC(table);
      return (await loadParquet()).ipcToParquet(ipc);
    }
    default:
      return assertNever(format, 'table format');
  }
}

/**
 * Arrow IPC stream bytes. Columns Arrow cannot type (objects of varied shapes, numbers mixed with
 * text) are written as text instead: objects as JSON, other values as strings.
 */
function arrowIPC(table: ColumnTable): Uint8Array {
  try {
    return table.toArrowIPC();
  } catch {
    const asText = new Set([...objectColumns(table), ...mixedColumns(table)]);
    const columns: Record<string, unknown[]> = {};
    for (const name of table.columnNames()) {
      const values = Array.from(table.array(name) as ArrayLike<unknown>);
      columns[name] = asText.has(name) ? values.map((v) => (v === null || v === undefined ? null : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v))) : values;
    }
    return aq.table(columns).toArrowIPC();
  }
}

/** Columns whose non-null values are of more than one JavaScript type. */
function mixedColumns(table: ColumnTable): string[] {
  return table.columnNames().filter((name) => {
    const types = new Set<string>();
    for (const v of Array.from(table.array(name) as ArrayLike<unknown>)) if (v !== null && v !== undefined) types.add(v instanceof Date ? 'date' : typeof v);
    return types.size > 1;
  });
}

/** Columns whose values are plain objects or arrays (not dates). */
function objectColumns(table: ColumnTable): string[] {
  return table.columnNames().filter((name) => {
    const values = table.array(name) as ArrayLike<unknown>;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) return typeof v === 'object' && !(v instanceof Date);
    }
    return false;
  });
}
