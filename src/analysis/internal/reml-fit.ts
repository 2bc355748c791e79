import { nelderMead } from './nelder-mead';

/** One grouping factor of a mixed model: each observation's level index, and how many levels there are. */
export interface GroupingFactor {
  readonly name: string;
  readonly index: readonly number[];
  readonly levels: number;
}

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

/** Two searches whose optima differ by no more than this (relative to max(1, |θ|)) agree. */
const RESTART_AGREEMENT = 1e-6;

/**
 * REML fit of y = Xβ + Σ_k Z_k b_k + ε with independent random intercepts per factor (nested or
 * crossed), b_k ~ N(0, θ_k²σ²), following lme4's profiled deviance (Bates et al. 2015, eq. 34):
 * d_R(θ) = log|M_θ| + (n − p)[1 + log(2π r²_θ/(n − p))], where M_θ is the penalised system for
 * (u, β) and r²_θ its penalised residual sum of squares. The factor with the most levels has a
 * diagonal block in M_θ, so it is eliminated in closed form and only the other factors' levels
 * plus the fixed effects form a dense system: a study with 1,305 tasks and 5 models solves a
 * 5 + p system per evaluation, not a 1,310 + p one. θ is found by Nelder–Mead on |θ|, so a
 * variance may end on the boundary 0 as lme4's bounded optimiser allows.
 */
export function remlFit(y: readonly number[], columns: readonly (readonly number[])[], factors: readonly GroupingFactor[]): RemlFit {
  const n = y.length;
  const p = columns.length;
  const order = factors.map((_, i) => i).sort((a, b) => factors[b].levels - factors[a].levels);
  const big = factors[order[0]];
  const rest = order.slice(1).map((i) => factors[i]);
  // W = [Z_rest, X]: the dense part; offsets place each remaining factor's levels in it.
  const offsets: number[] = [];
  let qr = 0;
  for (const f of rest) {
    offsets.push(qr);
    qr += f.levels;
  }
  const r = qr + p;
  const wColumnsOf = (i: number): [number[], number[]] => {
    const cols: number[] = [];
    const vals: number[] = [];
    rest.forEach((f, k) => {
      cols.push(offsets[k] + f.index[i]);
      vals.push(1);
    });
    for (let j = 0; j < p; j++) {
      cols.push(qr + j);
      vals.push(columns[j][i]);
    }
    return [cols, vals];
  };
  const m0 = new Float64Array(big.levels);
  const g0y = new Float64Array(big.levels);
  const g0w = Array.from({ length: big.levels }, () => new Float64Array(r));
  const ww = Array.from({ length: r }, () => new Float64Array(r));
  const wy = new Float64Array(r);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const l = big.index[i];
    const [cols, vals] = wColumnsOf(i);
    m0[l] += 1;
    g0y[l] += y[i];
    yy += y[i] * y[i];
    for (let a = 0; a < cols.length; a++) {
      g0w[l][cols[a]] += vals[a];
      wy[cols[a]] += vals[a] * y[i];
      for (let b = 0; b < cols.length; b++) ww[cols[a]][cols[b]] += vals[a] * vals[b];
    }
  }

  // Flat copies for the evaluations (thousands per fit): the same numbers, read without nested arrays.
  const wwFlat = new Float64Array(r * r);
  for (let a = 0; a < r; a++) wwFlat.set(ww[a], a * r);
  const g0wFlat = new Float64Array(big.levels * r);
  for (let l = 0; l < big.levels; l++) g0wFlat.set(g0w[l], l * r);
  const solve = (theta: readonly number[]) => {
    const t0 = Math.abs(theta[order[0]]);
    const scale = new Float64Array(r).fill(1);
    rest.forEach((f, k) => scale.fill(Math.abs(theta[order[k + 1]]), offsets[k], offsets[k] + f.levels));
    // Only the lower triangle of the symmetric M is formed: it is all the Cholesky factorisation
    // reads, and each entry is computed as before (same operations in the same order).
    const lower = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b <= a; b++) lower[a * r + b] = scale[a] * wwFlat[a * r + b] * scale[b] + (a === b && a < qr ? 1 : 0);
    const rhs2 = Array.from({ length: r }, (_, a) => scale[a] * wy[a]);
    let logDetD = 0;
    let quad1 = 0;
    const c = new Float64Array(r);
    for (let l = 0; l < big.levels; l++) {
      const d = t0 * t0 * m0[l] + 1;
      logDetD += Math.log(d);
      const rhs1 = t0 * g0y[l];
      quad1 += (rhs1 * rhs1) / d;
      const row = l * r;
      for (let a = 0; a < r; a++) c[a] = t0 * g0wFlat[row + a] * scale[a];
      for (let a = 0; a < r; a++) {
        const ca = c[a];
        if (ca === 0) continue;
        rhs2[a] -= (ca * rhs1) / d;
        const at = a * r;
        for (let b = 0; b <= a; b++) lower[at + b] -= (ca * c[b]) / d;
      }
    }
    const s = Array.from({ length: r }, (_, a) => Array.from(lower.subarray(a * r, a * r + r)));
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
  let best = nelderMead(objective, factors.map(() => 1), { step: 0.5 });
  // Restarting from the optimum guards against a simplex that collapsed early. A restart that
  // ends where the last run did confirms it; more would only re-measure the deviance's rounding
  // noise (about 1e-13 of it), which no longer moves θ by anything the fit reports.
  for (let k = 0; k < 3; k++) {
    const next = nelderMead(objective, best.x, { step: 0.1 });
    const moved = Math.max(...next.x.map((t, i) => Math.abs(Math.abs(t) - Math.abs(best.x[i])) / Math.max(1, Math.abs(best.x[i]))));
    best = next;
    if (moved <= RESTART_AGREEMENT) break;
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
