import { mean, variance } from './internal/describe';
import { pt2, qt } from './internal/distributions';
import { assertFiniteArray, assertMinLength } from './internal/validate';

/** A one-sample t test of mean(x) against mu. */
export interface OneSampleTTestResult {
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly ci95: readonly [number, number];
  readonly mean: number;
  readonly n: number;
}

/** One-sample t test, as R's `t.test(x, mu = mu)`; the interval is for the mean of x. */
export function tTestOneSample(x: readonly number[], mu = 0): OneSampleTTestResult {
  assertFiniteArray(x, 'x');
  assertMinLength(x.length, 2, 'tTestOneSample(x)');
  if (!Number.isFinite(mu)) throw new Error(`mu must be a finite number, got ${mu}`);
  const sd = Math.sqrt(variance(x));
  if (sd === 0) throw new Error(`x is constant (every value is ${x[0]})`);
  const n = x.length;
  const m = mean(x);
  const se = sd / Math.sqrt(n);
  const t = (m - mu) / se;
  const q = qt(0.975, n - 1);
  return { t, df: n - 1, p: pt2(t, n - 1), ci95: [m - q * se, m + q * se], mean: m, n };
}
