import { mean, variance } from './internal/describe';
import { pt2, qt } from './internal/distributions';
import { assertFiniteArray, assertMinLength } from './internal/validate';

/** Welch's two-sample t test of mean(a) − mean(b). */
export interface WelchTTestResult {
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly ci95: readonly [number, number];
  readonly meanDiff: number;
}

/** Welch's unequal-variance t test with Welch–Satterthwaite df (Welch 1947), as R's `t.test(a, b)`. */
export function tTestWelch(a: readonly number[], b: readonly number[]): WelchTTestResult {
  assertFiniteArray(a, 'a');
  assertFiniteArray(b, 'b');
  assertMinLength(a.length, 2, 'a');
  assertMinLength(b.length, 2, 'b');
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  if (va + vb === 0) throw new Error('a and b are both constant: the t test is undefined');
  const se = Math.sqrt(va + vb);
  const m = mean(a) - mean(b);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = m / se;
  const q = qt(0.975, df);
  return { t, df, p: pt2(t, df), ci95: [m - q * se, m + q * se], meanDiff: m };
}
