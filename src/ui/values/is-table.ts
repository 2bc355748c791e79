/** The structural view of an Arquero table the table view needs. */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  slice(start: number, end: number): TableLike;
  objects(): Record<string, unknown>[];
}

/** True for Arquero tables (checked structurally so the UI does not depend on arquero's classes). */
export function isTable(value: unknown): value is TableLike {
  const v = value as Partial<TableLike> | null;
  return typeof v === 'object' && v !== null && typeof v.numRows === 'function' && typeof v.columnNames === 'function' && typeof v.objects === 'function';
}
