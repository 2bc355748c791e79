import { rowsOf } from '../experiments/rows-of';

/** A trial or data row as the study helpers read it. */
export type Row = Record<string, unknown>;

/** The rows of a table or array; an error naming the argument otherwise. */
export function rows(value: unknown, name: string): Row[] {
  const list = rowsOf(value);
  if (!list) throw new Error(`${name} must be a table or an array of rows`);
  return list as Row[];
}

/** Trials with an outcome, optionally only one condition. */
export function okRows(value: unknown, name: string, condition?: string): Row[] {
  return rows(value, name).filter((r) => r.status === 'ok' && typeof r.value === 'number' && (condition === undefined || r.condition === condition));
}

/** Mean of `column` per key, with the count (the study averages the two repetitions per sub-task first). */
export function meanBy(list: readonly Row[], key: (r: Row) => string, column: string): Map<string, { mean: number; n: number; row: Row }> {
  const acc = new Map<string, { sum: number; n: number; row: Row }>();
  for (const r of list) {
    const x = r[column];
    if (typeof x !== 'number' || !Number.isFinite(x)) continue;
    const k = key(r);
    const a = acc.get(k);
    if (a) {
      a.sum += x;
      a.n += 1;
    } else acc.set(k, { sum: x, n: 1, row: r });
  }
  return new Map([...acc].map(([k, a]) => [k, { mean: a.sum / a.n, n: a.n, row: a.row }]));
}

export const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
