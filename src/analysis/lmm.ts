import { invert } from './internal/linalg';
import { designMatrix } from './internal/predictors';

/** A linear mixed model with a random intercept per group, fitted by REML. */
export interface LmmResult {
  readonly terms: readonly string[];
  readonly estimate: number[];
  readonly se: number[];
  readonly varGroup: number;
  readonly varResidual: number;
  readonly groups: number;
}

/**
 * `lme4::lmer(y ~ fixed + (1 | group), REML = TRUE)` for one random intercept: with
 * γ = σ²_group/σ², V = I + γ ZZᵀ is block-diagonal (V_g⁻¹ = I − γ/(1 + γ m_g) 11ᵀ), β̂ is the GLS
 * estimate, σ̂² = rᵀV⁻¹r/(n − p), and γ maximises the profiled REML likelihood
 * −½[(n − p) log σ̂² + log|V| + log|XᵀV⁻¹X|] (Harville 1977), found by golden-section search on log γ.
 */
export function lmm(y: readonly number[], fixed: Readonly<Record<string, readonly number[]>>, group: readonly string[]): LmmResult {
  const { names, columns } = designMatrix(y, fixed);
  if (group.length !== y.length) throw new Error(`Arrays of unequal length: y has ${y.length} values but group has ${group.length}`);
  const byGroup = new Map<string, number[]>();
  group.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  if (byGroup.size < 2) throw new Error(`group needs at least 2 levels, got ${byGroup.size}`);
  const n = y.length;
  const p = names.length;
  if (n <= p + 1) throw new Error(`lmm needs more than ${p + 1} observations, got ${n}`);
  const row = (i: number) => columns.map((c) => c[i]);
  // Per-group sufficient statistics: XᵀX, Xᵀy, yᵀy, Xᵀ1, 1ᵀy, m.
  const stats = [...byGroup.values()].map((idx) => {
    const xtx = names.map(() => names.map(() => 0));
    const xty = names.map(() => 0);
    const x1 = names.map(() => 0);
    let yty = 0;
    let y1 = 0;
    for (const i of idx) {
      const xi = row(i);
      for (let a = 0; a < p; a++) {
        xty[a] += xi[a] * y[i];
        x1[a] += xi[a];
        for (let b = 0; b < p; b++) xtx[a][b] += xi[a] * xi[b];
      }
      yty += y[i] * y[i];
      y1 += y[i];
    }
    return { xtx, xty, x1, yty, y1, m: idx.length };
  });
  const fit = (gamma: number) => {
    const A = names.map(() => names.map(() => 0));
    const c = names.map(() => 0);
    let yy = 0;
    let logDetV = 0;
    for (const s of stats) {
      const w = gamma / (1 + gamma * s.m);
      for (let a = 0; a < p; a++) {
        c[a] += s.xty[a] - w * s.x1[a] * s.y1;
        for (let b = 0; b < p; b++) A[a][b] += s.xtx[a][b] - w * s.x1[a] * s.x1[b];
      }
      yy += s.yty - w * s.y1 * s.y1;
      logDetV += Math.log(1 + gamma * s.m);
    }
    const Ainv = invert(A);
    const beta = Ainv.map((r) => r.reduce((s, v, j) => s + v * c[j], 0));
    const rss = yy - beta.reduce((s, b, j) => s + b * c[j], 0);
    const sigma2 = rss / (n - p);
    const logDetA = Math.log(determinant(A));
    return { beta, Ainv, sigma2, objective: (n - p) * Math.log(sigma2) + logDetV + logDetA };
  };
  // Golden-section search on t = log γ over a wide bracket, then the boundary γ = 0 is checked.
  let lo = Math.log(1e-8);
  let hi = Math.log(1e6);
  const g = (Math.sqrt(5) - 1) / 2;
  const f = (t: number) => fit(Math.exp(t)).objective;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 200 && hi - lo > 1e-12; it++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = f(x2);
    }
  }
  let gamma = Math.exp((lo + hi) / 2);
  if (fit(0).objective <= fit(gamma).objective) gamma = 0;
  const best = fit(gamma);
  if (!Number.isFinite(best.sigma2) || best.sigma2 <= 0) throw new Error('The mixed model did not converge (residual variance is not positive)');
  return {
    terms: names,
    estimate: best.beta,
    se: best.Ainv.map((r, i) => Math.sqrt(best.sigma2 * r[i])),
    varGroup: gamma * best.sigma2,
    varResidual: best.sigma2,
    groups: byGroup.size,
  };
}

function determinant(a: number[][]): number {
  const m = a.map((r) => [...r]);
  let det = 1;
  for (let i = 0; i < m.length; i++) {
    let pivot = i;
    for (let r = i + 1; r < m.length; r++) if (Math.abs(m[r][i]) > Math.abs(m[pivot][i])) pivot = r;
    if (m[pivot][i] === 0) throw new Error('Singular design in the mixed model: a fixed effect is collinear');
    if (pivot !== i) {
      [m[pivot], m[i]] = [m[i], m[pivot]];
      det = -det;
    }
    det *= m[i][i];
    for (let r = i + 1; r < m.length; r++) {
      const f = m[r][i] / m[i][i];
      for (let c = i; c < m.length; c++) m[r][c] -= f * m[i][c];
    }
  }
  return det;
}
