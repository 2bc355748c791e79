import { averageRanks, correlation } from './internal/describe';
import { pt2 } from './internal/distributions';
import { assertFiniteArray, assertMinLength, assertNotConstant, assertSameLength } from './internal/validate';

/** Spearman's rank correlation and its two-sided p. */
export interface SpearmanResult {
  readonly rho: number;
  readonly p: number;
  readonly n: number;
}

/**
 * Spearman's ρ: Pearson's r of average ranks (ties share their mean rank); p by the t
 * approximation t = ρ √((n − 2)/(1 − ρ²)), as R's `cor.test(method = "spearman", exact = FALSE)`.
 */
export function spearman(x: readonly number[], y: readonly number[]): SpearmanResult {
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  const n = assertSameLength({ x, y });
  assertMinLength(n, 3, 'spearman(x, y)');
  assertNotConstant(x, 'x');
  assertNotConstant(y, 'y');
  const rho = Math.max(-1, Math.min(1, correlation(averageRanks(x), averageRanks(y))));
  const t = rho * Math.sqrt((n - 2) / (1 - rho * rho));
  return { rho, p: pt2(t, n - 2), n };
}
