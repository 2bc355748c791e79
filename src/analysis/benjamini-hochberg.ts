/**
 * Benjamini–Hochberg adjusted p-values (Benjamini & Hochberg 1995) in input order, as R's
 * `p.adjust(p, method = "BH")`: p₍ᵢ₎ · m / i, made monotone from the largest down, capped at 1.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new Error(`pValues[${i}] must be a probability from 0 to 1, got ${p}`);
  });
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const out = new Array<number>(m);
  let running = 1;
  order.forEach(([p, i], k) => {
    running = Math.min(running, (p * m) / (m - k));
    out[i] = running;
  });
  return out;
}
