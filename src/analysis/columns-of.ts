import { columnValues, type ColumnSource } from './column-values';

/** Several numeric columns of a table as `{ name: number[] }`, ready for ols, efa, pca … */
export function columnsOf(table: ColumnSource, names: readonly string[]): Record<string, number[]> {
  return Object.fromEntries(names.map((n) => [n, columnValues(table, n)]));
}
