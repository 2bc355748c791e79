import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { parseDataSpec } from './data-spec';
import { columnProblems } from './check-columns';

/** A data cell's stored table, as the page sends it to where cells are evaluated. */
export interface DataCellTable {
  /** The table as an Arrow IPC stream. */
  readonly ipc: Uint8Array;
  /** The file it was imported from. */
  readonly fileName: string;
}

/**
 * A data cell's value: its stored table read back with Arquero, checked against the columns the
 * cell's body asks for. Throws, saying why, when nothing is imported yet or the table does not fit.
 */
export function dataCellValue(name: string, source: string, stored: DataCellTable | null): ColumnTable {
  const spec = parseDataSpec(source);
  if (!stored) throw new Error(`No table imported into “${name}” yet: press Import file on this cell (CSV, JSON, Arrow or Parquet)${spec.file ? `, e.g. ${spec.file}` : ''}`);
  // A structured clone may come from another realm, and Arquero checks `instanceof Uint8Array`.
  const table = aq.fromArrow(new Uint8Array(stored.ipc.buffer, stored.ipc.byteOffset, stored.ipc.byteLength));
  const problems = spec.columns ? columnProblems(table.columnNames(), spec.columns) : null;
  if (problems) throw new Error(`The table imported from “${stored.fileName}” does not fit this cell: ${problems}`);
  return table;
}
