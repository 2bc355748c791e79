import { pfUpper, qf } from './internal/distributions';
import { assertFiniteArray, assertMinLength } from './internal/validate';

/** One intraclass correlation with its F test and 95% interval. */
export interface IccEntry {
  readonly icc: number;
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  readonly ci95: readonly [number, number];
}

/** The six Shrout & Fleiss intraclass correlations. */
export interface IccResult {
  readonly ICC1: IccEntry;
  readonly ICC2: IccEntry;
  readonly ICC3: IccEntry;
  readonly ICC1k: IccEntry;
  readonly ICC2k: IccEntry;
  readonly ICC3k: IccEntry;
}

/**
 * Intraclass correlations of a targets × raters matrix (rows = targets, columns = raters), from
 * the two-way ANOVA mean squares (Shrout & Fleiss 1979; McGraw & Wong 1996 for the intervals),
 * exactly as `psych::ICC`, including its Satterthwaite df for the ICC2 interval.
 */
export function icc(matrix: readonly (readonly number[])[]): IccResult {
  const n = matrix.length;
  assertMinLength(n, 2, 'icc(matrix) rows (targets)');
  const k = matrix[0].length;
  assertMinLength(k, 2, 'icc(matrix) columns (raters)');
  matrix.forEach((row, i) => {
    if (row.length !== k) throw new Error(`Arrays of unequal length: matrix row 0 has ${k} values but row ${i} has ${row.length}`);
    assertFiniteArray(row, `matrix row ${i}`);
  });
  const grand = matrix.flat().reduce((a, b) => a + b, 0) / (n * k);
  const rowMeans = matrix.map((r) => r.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => matrix.reduce((a, r) => a + r[j], 0) / n);
  const sst = matrix.flat().reduce((a, v) => a + (v - grand) ** 2, 0);
  const ssr = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssc = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  if (sst === 0) throw new Error('matrix is constant (every value is equal)');
  const msb = ssr / (n - 1);
  const msw = (sst - ssr) / (n * (k - 1));
  const msj = ssc / (k - 1);
  const mse = (sst - ssr - ssc) / ((n - 1) * (k - 1));
  if (msw === 0 || mse === 0) throw new Error('matrix has no within-target variation: the ICC is undefined');

  const df1 = n - 1;
  const dfw = n * (k - 1);
  const dfe = (n - 1) * (k - 1);
  const f1 = msb / msw;
  const f3 = msb / mse;
  const p1 = pfUpper(f1, df1, dfw);
  const p3 = pfUpper(f3, df1, dfe);
  const icc1 = (msb - msw) / (msb + (k - 1) * msw);
  const icc2 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const icc3 = (msb - mse) / (msb + (k - 1) * mse);

  const f1l = f1 / qf(0.975, df1, dfw);
  const f1u = f1 * qf(0.975, dfw, df1);
  const f3l = f3 / qf(0.975, df1, dfe);
  const f3u = f3 * qf(0.975, dfe, df1);
  const fj = msj / mse;
  const vn = (k - 1) * (n - 1) * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const vd = (n - 1) * k * k * icc2 * icc2 * fj * fj + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const v = vn / vd;
  const f2u = qf(0.975, n - 1, v);
  const f2l = qf(0.975, v, n - 1);
  const l2 = (n * (msb - f2u * mse)) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb);
  const u2 = (n * (f2l * msb - mse)) / (k * msj + (k * n - k - n) * mse + n * f2l * msb);
  const entry = (value: number, F: number, d2: number, p: number, ci: [number, number]): IccEntry => ({ icc: value, F, df1, df2: d2, p, ci95: ci });
  return {
    ICC1: entry(icc1, f1, dfw, p1, [(f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)]),
    ICC2: entry(icc2, f3, dfe, p3, [l2, u2]),
    ICC3: entry(icc3, f3, dfe, p3, [(f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)]),
    ICC1k: entry((msb - msw) / msb, f1, dfw, p1, [1 - 1 / f1l, 1 - 1 / f1u]),
    ICC2k: entry((msb - mse) / (msb + (msj - mse) / n), f3, dfe, p3, [(l2 * k) / (1 + l2 * (k - 1)), (u2 * k) / (1 + u2 * (k - 1))]),
    ICC3k: entry((msb - mse) / msb, f3, dfe, p3, [1 - 1 / f3l, 1 - 1 / f3u]),
  };
}
