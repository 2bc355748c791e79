import { pfUpper, pt2 } from './internal/distributions';
import { leastSquares } from './internal/least-squares';
import { designMatrix } from './internal/predictors';
import { mean } from './internal/describe';

/** An ordinary least squares fit, as R's `summary(lm(...))`. */
export interface OlsResult {
  readonly terms: readonly string[];
  readonly estimate: readonly number[];
  readonly se: readonly number[];
  readonly t: readonly number[];
  readonly p: readonly number[];
  readonly r2: number;
  readonly adjR2: number;
  readonly F: number;
  /** p of the overall F test. */
  readonly pF: number;
  readonly df1: number;
  readonly df2: number;
  readonly n: number;
}

/**
 * OLS of `y` on named numeric predictors with an intercept, by Householder QR (not the normal
 * equations): SE = √(σ̂² (XᵀX)⁻¹ᵢᵢ), σ̂² = RSS/(n − p), two-sided t tests, R², adjusted R² and the
 * overall F test of all slopes.
 */
export function ols(y: readonly number[], predictors: Readonly<Record<string, readonly number[]>>): OlsResult {
  const { names, columns } = designMatrix(y, predictors);
  const n = y.length;
  const p = names.length;
  if (n <= p + 1) throw new Error(`ols(y, predictors) needs more than ${p + 1} observations for ${p} coefficients, got ${n}`);
  const fit = leastSquares(columns, y, names);
  const df2 = n - p;
  const sigma2 = fit.rss / df2;
  const se = fit.xtxInverse.map((row, i) => Math.sqrt(sigma2 * row[i]));
  const t = fit.beta.map((b, i) => b / se[i]);
  const my = mean(y);
  const tss = y.reduce((a, v) => a + (v - my) ** 2, 0);
  if (tss === 0) throw new Error('y is constant: nothing to explain');
  const r2 = 1 - fit.rss / tss;
  const df1 = p - 1;
  const F = ((tss - fit.rss) / df1) / sigma2;
  return {
    terms: names,
    estimate: fit.beta,
    se,
    t,
    p: t.map((v) => pt2(v, df2)),
    r2,
    adjR2: 1 - (1 - r2) * ((n - 1) / df2),
    F,
    pF: pfUpper(F, df1, df2),
    df1,
    df2,
    n,
  };
}
