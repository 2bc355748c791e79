/** Where `nelderMead` stopped: the best point, its value, and how many times f was evaluated. */
export interface Minimum {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

/**
 * Minimises f from x0 by the Nelder–Mead simplex (standard coefficients 1, 2, ½, ½), until the
 * simplex's points agree within `xTolerance` (relative to max(1, |x|), per coordinate) and its
 * values within `fTolerance` (relative to max(1, |f|)), or `maxEvaluations` is spent. Both
 * tolerances are relative so that they stay above the rounding noise of f: an absolute one
 * below it (as 1e-11 on a deviance of 10⁵–10⁶ is) is met only by chance, and otherwise the
 * simplex wanders over noise until the cap. Enough for the one- to three-parameter likelihoods it serves.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: { step?: number; xTolerance?: number; fTolerance?: number; maxEvaluations?: number } = {},
): Minimum {
  const { step = 0.5, xTolerance = 1e-7, fTolerance = 1e-12, maxEvaluations = 4000 } = options;
  const d = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + (v === 0 ? step : step * Math.max(1, Math.abs(v))) : v)))];
  let values = simplex.map(f);
  let evaluations = simplex.length;
  const at = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));
  while (evaluations < maxEvaluations) {
    const idx = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = idx.map((i) => simplex[i]);
    values = idx.map((i) => values[i]);
    const spread = Math.max(...simplex.slice(1).map((x) => Math.max(...x.map((v, i) => Math.abs(v - simplex[0][i]) / Math.max(1, Math.abs(simplex[0][i]))))));
    if (spread <= xTolerance && values[d] - values[0] <= fTolerance * Math.max(1, Math.abs(values[0]))) break;
    const centroid = simplex[0].map((_, i) => simplex.slice(0, d).reduce((s, x) => s + x[i], 0) / d);
    const worst = simplex[d];
    const reflected = at(centroid, worst, -1);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[0]) {
      const expanded = at(centroid, worst, -2);
      const fe = f(expanded);
      evaluations++;
      [simplex[d], values[d]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[d - 1]) {
      [simplex[d], values[d]] = [reflected, fr];
    } else {
      const contracted = fr < values[d] ? at(centroid, reflected, 0.5) : at(centroid, worst, 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < Math.min(fr, values[d])) [simplex[d], values[d]] = [contracted, fc];
      else {
        for (let k = 1; k <= d; k++) {
          simplex[k] = at(simplex[0], simplex[k], 0.5);
          values[k] = f(simplex[k]);
        }
        evaluations += d;
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], evaluations };
}
