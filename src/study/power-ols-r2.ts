// A lean fit for power simulations, where the same regression is fitted thousands of times to new
// outcomes: the same R² as `analysis.ols` (a test compares them), with XᵀX inverted once per
// design and without SEs and p-values nobody reads.

/**
 * For fixed predictor columns (an intercept is added), a function from an outcome `y` to the
 * R² of its OLS fit. Throws when the columns are collinear.
 */
export function olsR2(columns: readonly (readonly number[])[]): (y: readonly number[]) => number {
  const n = columns[0]?.length ?? 0;
  const cols = [new Array<number>(n).fill(1), ...columns];
  const k = cols.length;
  // Gauss-Jordan with partial pivoting on [XᵀX | I] gives (XᵀX)⁻¹.
  const a = cols.map((ci, i) => [...cols.map((cj) => dot(ci, cj)), ...cols.map((_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(1, Math.abs(a[0][0]));
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-9 * scale) throw new Error('collinear predictors');
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let j = 0; j < 2 * k; j++) a[c][j] /= p;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c];
      if (f !== 0) for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const inverse = a.map((row) => row.slice(k));
  return (y) => {
    const xty = cols.map((c) => dot(c, y));
    const beta = inverse.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
    const mean = xty[0] / n;
    let rss = 0;
    let tss = 0;
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let j = 0; j < k; j++) fit += beta[j] * cols[j][i];
      rss += (y[i] - fit) ** 2;
      tss += (y[i] - mean) ** 2;
    }
    return 1 - rss / tss;
  };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
