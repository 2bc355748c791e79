/**
 * Linear least squares by Householder QR (Golub & Van Loan, Matrix Computations, §5.3), the
 * method R's `lm` uses, with a rank check. Returns coefficients, (XᵀX)⁻¹ = R⁻¹R⁻ᵀ and the RSS.
 */
export interface LeastSquares {
  readonly beta: number[];
  readonly xtxInverse: number[][];
  readonly rss: number;
  readonly fitted: number[];
}

/** `columns` are the design columns (e.g. intercept first); throws naming a collinear column. */
export function leastSquares(columns: readonly (readonly number[])[], y: readonly number[], names: readonly string[], weights?: readonly number[]): LeastSquares {
  const n = y.length;
  const p = columns.length;
  if (n <= p) throw new Error(`Too few observations: ${n} rows for ${p} coefficients`);
  const sw = weights?.map(Math.sqrt);
  // A is n×p, column-major copies so Householder updates stay simple.
  const a = columns.map((c) => c.map((v, i) => (sw ? v * sw[i] : v)));
  const b = y.map((v, i) => (sw ? v * sw[i] : v));
  const scale = a.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  const r: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[k][i] * a[k][i];
    norm = Math.sqrt(norm);
    if (norm <= 1e-7 * (scale[k] || 1)) {
      throw new Error(`Singular design: predictor '${names[k]}' is a linear combination of the others (or constant)`);
    }
    const alpha = a[k][k] > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    for (let i = k; i < n; i++) v[i] = a[k][i];
    v[k] -= alpha;
    const vv = v.reduce((s, x, i) => (i >= k ? s + x * x : s), 0);
    const reflect = (col: number[]) => {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * col[i];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) col[i] -= f * v[i];
    };
    for (let j = k; j < p; j++) reflect(a[j]);
    reflect(b);
    for (let j = k; j < p; j++) r[k][j] = a[j][k];
  }
  const beta = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < p; j++) s -= r[i][j] * beta[j];
    beta[i] = s / r[i][i];
  }
  let rss = 0;
  for (let i = p; i < n; i++) rss += b[i] * b[i];
  // R⁻¹ by back substitution, then (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ.
  const rinv: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    rinv[j][j] = 1 / r[j][j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i][k] * rinv[k][j];
      rinv[i][j] = -s / r[i][i];
    }
  }
  const xtxInverse = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += rinv[i][k] * rinv[j][k];
      return s;
    }),
  );
  const fitted = y.map((_, i) => columns.reduce((s, c, j) => s + c[i] * beta[j], 0));
  return { beta, xtxInverse, rss, fitted };
}
