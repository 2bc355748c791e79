import { qnorm } from './internal/distributions';
import { assertLevel } from './internal/validate';

/** Wilson score interval for a binomial proportion (Wilson 1927), without continuity correction. */
export function wilsonCI(successes: number, n: number, level = 0.95): [number, number] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive whole number, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new Error(`successes must be a whole number from 0 to n (${n}), got ${successes}`);
  assertLevel(level, 'level');
  const z = qnorm(1 - (1 - level) / 2);
  const p = successes / n;
  const z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, center - half), Math.min(1, center + half)];
}
