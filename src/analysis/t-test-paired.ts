import { mean, variance } from './internal/describe';
import { pt2, qt } from './internal/distributions';
import { assertFiniteArray, assertMinLength, assertSameLength } from './internal/validate';

/** A paired t test of a − b. */
export interface PairedTTestResult {
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly meanDiff: number;
  readonly ci95: readonly [number, number];
  readonly cohenDz: number;
  readonly n: number;
}

/** Paired t test on d = a − b (Student 1908), as R's `t.test(a, b, paired = TRUE)`; d_z = mean(d)/sd(d). */
export function tTestPaired(a: readonly number[], b: readonly number[]): PairedTTestResult {
  assertFiniteArray(a, 'a');
  assertFiniteArray(b, 'b');
  const n = assertSameLength({ a, b });
  assertMinLength(n, 2, 'tTestPaired(a, b)');
  const d = a.map((v, i) => v - b[i]);
  const sd = Math.sqrt(variance(d));
  if (sd === 0) throw new Error('a − b is constant: the paired t test is undefined');
  const m = mean(d);
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const t = m / se;
  const q = qt(0.975, df);
  return { t, df, p: pt2(t, df), meanDiff: m, ci95: [m - q * se, m + q * se], cohenDz: m / sd, n };
}
