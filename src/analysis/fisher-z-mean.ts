import { assertFiniteArray, assertMinLength } from './internal/validate';

/** The mean of correlations by Fisher's z: tanh(mean(atanh(r))) (Fisher 1921; Silver & Dunlap 1987). */
export function fisherZMean(rs: readonly number[]): number {
  assertFiniteArray(rs, 'rs');
  assertMinLength(rs.length, 1, 'fisherZMean(rs)');
  rs.forEach((r, i) => {
    if (!(r > -1 && r < 1)) throw new Error(`rs[${i}] must lie strictly between -1 and 1, got ${r}`);
  });
  return Math.tanh(rs.reduce((a, r) => a + Math.atanh(r), 0) / rs.length);
}
