import { correlation, variance } from './internal/describe';
import { assertFiniteArray, assertMinLength, assertNotConstant } from './internal/validate';

/** Cronbach's alpha from covariances (raw) and from correlations (standardised). */
export interface CronbachAlphaResult {
  readonly raw: number;
  readonly std: number;
  /**
   * Per item, as `psych::alpha`'s `alpha.drop` and `item.stats`: the raw and standardised α of
   * the other items (`raw_alpha`, `std.alpha`) and the item's correlation with their sum
   * (`r.drop`). Empty with two items, where dropping one leaves no scale.
   */
  readonly drop: readonly { readonly rawAlpha: number; readonly stdAlpha: number; readonly rDrop: number }[];
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
  const r = items.map((a) => items.map((b) => correlation(a, b)));
  const all = items.map((_, j) => j);
  const drop = k < 3 ? [] : all.map((j) => {
    const others = all.filter((i) => i !== j);
    const rest = rows.map((row) => others.reduce((s, i) => s + row[i], 0));
    return { ...alphaOf(items, r, others), rDrop: correlation(items[j], rest) };
  });
  const { rawAlpha, stdAlpha } = alphaOf(items, r, all);
  return { raw: rawAlpha, std: stdAlpha, drop };
}

/** Raw and standardised α of the items `which`, from the item columns and their correlations. */
function alphaOf(items: readonly number[][], r: readonly number[][], which: readonly number[]): { rawAlpha: number; stdAlpha: number } {
  const k = which.length;
  const totals = items[0].map((_, row) => which.reduce((s, i) => s + items[i][row], 0));
  const rawAlpha = (k / (k - 1)) * (1 - which.reduce((a, i) => a + variance(items[i]), 0) / variance(totals));
  let sum = 0;
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) sum += r[which[a]][which[b]];
  const rbar = sum / ((k * (k - 1)) / 2);
  return { rawAlpha, stdAlpha: (k * rbar) / (1 + (k - 1) * rbar) };
}
