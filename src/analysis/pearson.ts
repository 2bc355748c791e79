import { correlation } from './internal/describe';
import { pt2, qnorm } from './internal/distributions';
import { assertFiniteArray, assertMinLength, assertNotConstant, assertSameLength } from './internal/validate';

/** Pearson's product-moment correlation with its t test and Fisher-z 95% interval. */
export interface PearsonResult {
  readonly r: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly ci95: readonly [number, number];
  readonly n: number;
}

/**
 * Pearson's r, as R's `cor.test(x, y)`: t = r √(df / (1 − r²)) with df = n − 2, two-sided p;
 * the interval is tanh(atanh(r) ± z₀.₉₇₅ / √(n − 3)) (Fisher 1921).
 */
export function pearson(x: readonly number[], y: readonly number[]): PearsonResult {
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  const n = assertSameLength({ x, y });
  assertMinLength(n, 4, 'pearson(x, y)');
  assertNotConstant(x, 'x');
  assertNotConstant(y, 'y');
  const r = Math.max(-1, Math.min(1, correlation(x, y)));
  const df = n - 2;
  const t = r * Math.sqrt(df / (1 - r * r));
  const z = Math.atanh(r);
  const half = qnorm(0.975) / Math.sqrt(n - 3);
  return { r, t, df, p: pt2(t, df), ci95: [Math.tanh(z - half), Math.tanh(z + half)], n };
}
