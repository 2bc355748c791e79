import { pnorm2 } from './internal/distributions';
import { assertFiniteArray, assertMinLength, assertNotConstant, assertSameLength } from './internal/validate';

/** Kendall's tau-b and its two-sided p. */
export interface KendallResult {
  readonly tau: number;
  readonly p: number;
  readonly n: number;
}

function tieGroups(x: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/**
 * Kendall's τ_b = S / √((n₀ − n₁)(n₀ − n₂)) with S = concordant − discordant pairs; p from
 * z = S / √Var(S) with the tie-corrected variance (Kendall 1970, eq. 4.4), as R's
 * `cor.test(method = "kendall", exact = FALSE)` without continuity correction.
 */
export function kendall(x: readonly number[], y: readonly number[]): KendallResult {
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  const n = assertSameLength({ x, y });
  assertMinLength(n, 3, 'kendall(x, y)');
  assertNotConstant(x, 'x');
  assertNotConstant(y, 'y');
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
  const xt = tieGroups(x);
  const yt = tieGroups(y);
  const sum = (ts: number[], f: (t: number) => number) => ts.reduce((a, t) => a + f(t), 0);
  const n0 = (n * (n - 1)) / 2;
  const n1 = sum(xt, (t) => (t * (t - 1)) / 2);
  const n2 = sum(yt, (t) => (t * (t - 1)) / 2);
  const tau = s / Math.sqrt((n0 - n1) * (n0 - n2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(xt, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yt, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xt, (t) => t * (t - 1)) * sum(yt, (t) => t * (t - 1));
  const v2 = sum(xt, (t) => t * (t - 1) * (t - 2)) * sum(yt, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  return { tau, p: pnorm2(s / Math.sqrt(varS)), n };
}
