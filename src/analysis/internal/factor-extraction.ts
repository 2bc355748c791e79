import { invert, symmetricEigen, type Mat } from './linalg';

/** Squared multiple correlations, 1 − 1/diag(R⁻¹): the usual starting communalities. */
export function smc(r: Mat): number[] {
  const inv = invert(r);
  return r.map((_, i) => 1 - 1 / inv[i][i]);
}

/**
 * Minimum-residual (unweighted least squares) factors by iterated principal axes: with the
 * diagonal replaced by the communalities, take the first `k` eigenpairs, recompute
 * communalities, and repeat to a fixed point, which minimises the off-diagonal residuals
 * (Harman 1976, ch. 9) — the solution `psych::fa(fm = "minres")` reaches by optimisation.
 */
export function minresLoadings(r: Mat, k: number, maxIterations = 10_000): Mat {
  let h2 = smc(r);
  for (let it = 0; it < maxIterations; it++) {
    const rh = r.map((row, i) => row.map((v, j) => (i === j ? h2[i] : v)));
    const { values, vectors } = symmetricEigen(rh);
    const loadings = vectors.map((row) => row.slice(0, k).map((v, j) => v * Math.sqrt(Math.max(values[j], 0))));
    // Uniquenesses stay at or above 0.005, the bound psych's optimiser uses, so a near-Heywood
    // item (communality → 1) converges to the boundary instead of diverging.
    const next = loadings.map((row) => Math.min(0.995, row.reduce((s, v) => s + v * v, 0)));
    const change = Math.max(...next.map((v, i) => Math.abs(v - h2[i])));
    h2 = next;
    if (change < 1e-10) return loadings;
  }
  throw new Error(`The minres factor extraction did not converge in ${maxIterations} iterations`);
}

/**
 * Maximum-likelihood factors as `psych::fa(fm = "ml")`: minimise psych's objective
 * F(Ψ) = −Σ_{j>k} (log θⱼ − θⱼ) − k + p, θ the eigenvalues of Ψ^-½ R Ψ^-½, over uniquenesses
 * 0.005 ≤ Ψ ≤ 1 by projected gradient descent with backtracking (psych's analytic gradient
 * diag(ΛΛᵀ + Ψ − R)/Ψ²); the loadings are Ψ^½ Ω (Θ − I)^½ (Jöreskog 1967).
 */
export function mlLoadings(r: Mat, k: number, maxIterations = 20_000): Mat {
  const p = r.length;
  const solve = (psi: number[]) => {
    const s = psi.map(Math.sqrt);
    const { values, vectors } = symmetricEigen(r.map((row, i) => row.map((v, j) => v / (s[i] * s[j]))));
    const loadings = vectors.map((row, i) => row.slice(0, k).map((v, j) => s[i] * v * Math.sqrt(Math.max(values[j] - 1, 0))));
    const f = -values.slice(k).reduce((a, e) => a + Math.log(e) - e, 0) - k + p;
    const grad = psi.map((ps, i) => (loadings[i].reduce((a, v) => a + v * v, 0) + ps - r[i][i]) / (ps * ps));
    return { f, grad, loadings };
  };
  const project = (psi: number[]) => psi.map((v) => Math.min(1, Math.max(0.005, v)));
  let psi = project(smc(r).map((h) => 1 - h));
  let cur = solve(psi);
  let step = 0.1;
  for (let it = 0; it < maxIterations; it++) {
    const moved = project(psi.map((v, i) => v - cur.grad[i]));
    if (Math.max(...moved.map((v, i) => Math.abs(v - psi[i]))) < 1e-7) return cur.loadings;
    step = Math.min(1, step * 2);
    for (;;) {
      const next = project(psi.map((v, i) => v - step * cur.grad[i]));
      const trial = solve(next);
      const decrease = next.reduce((a, v, i) => a + cur.grad[i] * (psi[i] - v), 0);
      if (trial.f <= cur.f - 1e-4 * decrease || step < 1e-12) {
        psi = next;
        cur = trial;
        break;
      }
      step /= 2;
    }
  }
  throw new Error(`The maximum-likelihood factor extraction did not converge in ${maxIterations} iterations`);
}
