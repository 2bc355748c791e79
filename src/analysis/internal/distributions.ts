/**
 * Distribution tails and quantiles on @stdlib's special functions. Upper tails are computed
 * directly (regularised incomplete beta / gamma, erfc), never as 1 - cdf, so tiny p-values keep
 * their digits instead of underflowing to 0.
 */
import betainc from '@stdlib/math-base-special-betainc';
import erfc from '@stdlib/math-base-special-erfc';
import gammainc from '@stdlib/math-base-special-gammainc';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import fQuantile from '@stdlib/stats-base-dists-f-quantile';

/** Two-sided p of Student's t: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2). */
export function pt2(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, betainc(df / (df + t * t), df / 2, 0.5, true, false));
}

/** Upper tail of F(df1, df2): P(F ≥ f) = I_{df2/(df2+df1 f)}(df2/2, df1/2). */
export function pfUpper(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  return Math.min(1, betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false));
}

/** Upper tail of the standard normal, via erfc. */
export function pnormUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p of a standard normal statistic. */
export function pnorm2(z: number): number {
  return Math.min(1, 2 * pnormUpper(Math.abs(z)));
}

/** Upper tail of chi-square(df), via the regularised upper incomplete gamma. */
export function pchisqUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

export const qt = (p: number, df: number): number => tQuantile(p, df);
export const qnorm = (p: number): number => normalQuantile(p, 0, 1);
export const qf = (p: number, df1: number, df2: number): number => fQuantile(p, df1, df2);
