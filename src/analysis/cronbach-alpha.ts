import { correlation, variance } from './internal/describe';
import { assertFiniteArray, assertMinLength, assertNotConstant } from './internal/validate';

/** Cronbach's alpha from covariances (raw) and from correlations (standardised). */
export interface CronbachAlphaResult {
  readonly raw: number;
  readonly std: number;
}

/**
 * Cronbach's α of `rows` (observations × items), as `psych::alpha`: raw α = k/(k−1) ·
 * (1 − Σ var(item) / var(total)); standardised α = k r̄ / (1 + (k − 1) r̄) with r̄ the mean
 * inter-item correlation (Cronbach 1951).
 */
export function cronbachAlpha(rows: readonly (readonly number[])[]): CronbachAlphaResult {
  assertMinLength(rows.length, 3, 'cronbachAlpha(rows)');
  const k = rows[0].length;
  if (k < 2) throw new Error(`cronbachAlpha(rows) needs at least 2 items (columns), got ${k}`);
  rows.forEach((r, i) => {
    if (r.length !== k) throw new Error(`Arrays of unequal length: row 0 has ${k} items but row ${i} has ${r.length}`);
    assertFiniteArray(r, `rows[${i}]`);
  });
  const items = Array.from({ length: k }, (_, j) => rows.map((r) => r[j]));
  items.forEach((c, j) => assertNotConstant(c, `item ${j}`));
  const totals = rows.map((r) => r.reduce((a, b) => a + b, 0));
  const raw = (k / (k - 1)) * (1 - items.reduce((a, c) => a + variance(c), 0) / variance(totals));
  let sum = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) sum += correlation(items[i], items[j]);
  const rbar = sum / ((k * (k - 1)) / 2);
  return { raw, std: (k * rbar) / (1 + (k - 1) * rbar) };
}
