/** The structural part of an Arquero table the statistics read (no runtime import of arquero). */
export interface ColumnSource {
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** A numeric column of a table as a plain array; throws naming the column when missing or not numeric. */
export function columnValues(table: ColumnSource, name: string): number[] {
  if (!table.columnNames().includes(name)) throw new Error(`No column '${name}' (columns: ${table.columnNames().join(', ')})`);
  const values = Array.from(table.array(name));
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`Column '${name}' has a non-numeric value (${String(v)}) in row ${i + 1}`);
    return v;
  });
}
