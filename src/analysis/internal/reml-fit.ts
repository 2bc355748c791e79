import { nelderMead } from './nelder-mead';
import { remlStatistics, type GroupingFactor } from './reml-statistics';

export type { GroupingFactor } from './reml-statistics';

/** What `remlFit` found at the REML optimum. */
export interface RemlFit {
  readonly beta: number[];
  /** Covariance matrix of the fixed effects. */
  readonly covBeta: number[][];
  readonly varResidual: number;
  /** One variance per grouping factor, in the order given. */
  readonly varFactors: number[];
  /** −2 × the restricted log-likelihood at the optimum, as `lme4::REMLcrit`. */
  readonly remlCriterion: number;
  /** How many times the profiled deviance was evaluated, over the first search and its restarts. */
  readonly evaluations: number;
}

/**
 * A search has converged when its simplex spans no more than THETA_TOLERANCE in each θ (relative
 * to max(1, |θ|)) and DEVIANCE_TOLERANCE of the deviance: the latter stays above the deviance's
 * rounding noise (~1e-13 relative over 10⁵ observations), so it is met rather than run to a cap.
 */
const THETA_TOLERANCE = 1e-7;
const DEVIANCE_TOLERANCE = 1e-12;

/**
 * REML fit of y = Xβ + Σ_k Z_k b_k + ε with independent random intercepts per factor (nested or
 * crossed), b_k ~ N(0, θ_k²σ²), following lme4's profiled deviance (Bates et al. 2015, eq. 34):
 * d_R(θ) = log|M_θ| + (n − p)[1 + log(2π r²_θ/(n − p))], where M_θ is the penalised system for
 * (u, β) and r²_θ its penalised residual sum of squares. The factor with the most levels has a
 * diagonal block in M_θ, so it is eliminated in closed form and only the other factors' levels
 * plus the fixed effects form a dense system: a study with 1,305 tasks and 5 models solves a
 * 5 + p system per evaluation, not a 1,310 + p one, and the eliminated levels enter it summed per
 * distinct observation count (`remlStatistics`). θ is found by Nelder–Mead on |θ|, so a variance
 * may end on the boundary 0 as lme4's bounded optimiser allows.
 */
export function remlFit(y: readonly number[], columns: readonly (readonly number[])[], factors: readonly GroupingFactor[]): RemlFit {
  const { n, p, order, offsets, qr, r, yy, wy, ww, counts, sizes, groupYY, groupWY, groupWW, groupRows } = remlStatistics(y, columns, factors);
  const rest = order.slice(1).map((i) => factors[i]);
  const groups = counts.length;
  // Work space reused by every evaluation (hundreds per fit).
  const scale = new Float64Array(r);
  const eliminatedWY = new Float64Array(r);
  const eliminatedWW = new Float64Array(r * r);
  const s: number[][] = Array.from({ length: r }, () => new Array<number>(r).fill(0));
  const rhs2 = new Array<number>(r).fill(0);
  const solve = (theta: readonly number[]) => {
    const t0 = Math.abs(theta[order[0]]);
    const t2 = t0 * t0;
    scale.fill(1);
    rest.forEach((f, k) => scale.fill(Math.abs(theta[order[k + 1]]), offsets[k], offsets[k] + f.levels));
    // The eliminated block D is diagonal, d_l = θ²m_l + 1; its levels enter the rest of M only
    // through Σ_l (sums of l)(sums of l)ᵀ/d_l, summed here per group of equal counts.
    let logDetD = 0;
    let quad1 = 0;
    eliminatedWY.fill(0);
    eliminatedWW.fill(0);
    for (let g = 0; g < groups; g++) {
      const d = t2 * counts[g] + 1;
      logDetD += sizes[g] * Math.log(d);
      quad1 += (t2 * groupYY[g]) / d;
      const weight = t2 / d;
      for (let a = 0; a < r; a++) eliminatedWY[a] += weight * groupWY[g * r + a];
      const sum = groupWW[g];
      if (sum) for (let a = 0; a < r; a++) for (let b = 0; b <= a; b++) eliminatedWW[a * r + b] += weight * sum[a * r + b];
      else addOuterProducts(eliminatedWW, groupRows[g]!, r, weight);
    }
    // Only the lower triangle of the symmetric M is formed: it is all the Cholesky factorisation reads.
    for (let a = 0; a < r; a++) {
      const row = s[a];
      for (let b = 0; b <= a; b++) row[b] = scale[a] * (ww[a * r + b] - eliminatedWW[a * r + b]) * scale[b] + (a === b && a < qr ? 1 : 0);
      rhs2[a] = scale[a] * (wy[a] - eliminatedWY[a]);
    }
    const chol = cholesky(s);
    if (!chol) return null;
    const w = cholSolve(chol, rhs2);
    // r² = yᵀy − rhsᵀM⁻¹rhs, with the eliminated block's share rhs1ᵀD⁻¹rhs1 and the reduced b·w.
    const r2 = yy - quad1 - rhs2.reduce((sum, v, a) => sum + v * w[a], 0);
    const logDetM = logDetD + 2 * chol.reduce((sum, row, a) => sum + Math.log(row[a]), 0);
    const deviance = logDetM + (n - p) * (1 + Math.log((2 * Math.PI * r2) / (n - p)));
    return { chol, w, r2, deviance };
  };

  let evaluations = 0;
  const objective = (theta: number[]) => {
    evaluations++;
    return solve(theta)?.deviance ?? Infinity;
  };
  const search = (from: readonly number[], step: number) => nelderMead(objective, from, { step, xTolerance: THETA_TOLERANCE, fTolerance: DEVIANCE_TOLERANCE });
  let best = search(factors.map(() => 1), 0.5);
  // Restarting from the optimum guards against a simplex that collapsed early. A restart that
  // ends where the last search did, or lowers the deviance by no more than the searches' own
  // tolerance, confirms it; more would only chase the deviance's rounding noise (about 1e-13 of
  // it), along which θ drifts without changing anything the fit reports.
  for (let k = 0; k < 3; k++) {
    const next = search(best.x, 0.1);
    const moved = Math.max(...next.x.map((t, i) => Math.abs(Math.abs(t) - Math.abs(best.x[i])) / Math.max(1, Math.abs(best.x[i]))));
    const gained = best.value - next.value;
    const agreed = moved <= 10 * THETA_TOLERANCE || gained <= DEVIANCE_TOLERANCE * Math.max(1, Math.abs(best.value));
    best = next;
    if (agreed) break;
  }
  const fit = solve(best.x);
  if (!fit || !Number.isFinite(fit.r2) || fit.r2 <= 0) throw new Error('The mixed model did not converge (residual variance is not positive)');
  const sigma2 = fit.r2 / (n - p);
  const inv = cholInverse(fit.chol);
  return {
    beta: Array.from({ length: p }, (_, j) => fit.w[qr + j]),
    covBeta: Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => sigma2 * inv[qr + a][qr + b])),
    varResidual: sigma2,
    varFactors: best.x.map((t) => t * t * sigma2),
    remlCriterion: fit.deviance,
    evaluations,
  };
}

/** into += weight × Σ rows·rowsᵀ over the r-long rows packed in `rows`, lower triangle only. */
function addOuterProducts(into: Float64Array, rows: Float64Array, r: number, weight: number): void {
  for (let at = 0; at < rows.length; at += r) {
    for (let a = 0; a < r; a++) {
      const va = weight * rows[at + a];
      if (va === 0) continue;
      for (let b = 0; b <= a; b++) into[a * r + b] += va * rows[at + b];
    }
  }
}

/** Lower-triangular L with LLᵀ = a, or null when a is not positive definite. */
function cholesky(a: number[][]): number[][] | null {
  const m = a.length;
  const l = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i][i] = Math.sqrt(sum);
      } else l[i][j] = sum / l[j][j];
    }
  }
  return l;
}

function cholSolve(l: number[][], b: readonly number[]): number[] {
  const m = l.length;
  const z = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * z[k];
    z[i] = sum / l[i][i];
  }
  const x = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < m; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

function cholInverse(l: number[][]): number[][] {
  const m = l.length;
  const columns = Array.from({ length: m }, (_, j) => cholSolve(l, Array.from({ length: m }, (_, i) => (i === j ? 1 : 0))));
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => columns[j][i]));
}
