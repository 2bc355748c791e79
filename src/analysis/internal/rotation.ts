import { identity, invert, matmul, svd, transpose, type Mat } from './linalg';

/**
 * Varimax rotation exactly as R's `stats::varimax(x, normalize = TRUE, eps = 1e-5)` (Kaiser
 * 1958): rows are Kaiser-normalised, the rotation is updated by SVD until the criterion grows by
 * less than a factor 1 + eps, and the same iterations as R give the same loadings.
 */
export function varimax(x: Mat, eps = 1e-5): { loadings: Mat; rotation: Mat } {
  const nc = x[0].length;
  if (nc < 2) return { loadings: x, rotation: identity(nc) };
  const p = x.length;
  const sc = x.map((r) => Math.sqrt(r.reduce((s, v) => s + v * v, 0)));
  const xn = x.map((r, i) => r.map((v) => v / sc[i]));
  let tt = identity(nc);
  let d = 0;
  for (let it = 0; it < 1000; it++) {
    const z = matmul(xn, tt);
    const colSq = z[0].map((_, j) => z.reduce((s, r) => s + r[j] ** 2, 0));
    const target = z.map((r) => r.map((v, j) => v ** 3 - (v * colSq[j]) / p));
    const b = matmul(transpose(xn), target);
    const s = svd(b);
    tt = matmul(s.u, transpose(s.v));
    const dpast = d;
    d = s.d.reduce((a, v) => a + v, 0);
    if (d < dpast * (1 + eps)) break;
  }
  const z = matmul(xn, tt);
  return { loadings: z.map((r, i) => r.map((v) => v * sc[i])), rotation: tt };
}

/**
 * Oblimin (γ = 0, quartimin) by gradient projection, as GPArotation's `GPFoblq` (Bernaards &
 * Jennrich 2005), from the unrotated loadings. Returns pattern loadings and factor correlations.
 */
export function oblimin(a: Mat, eps = 1e-5, maxit = 1000): { loadings: Mat; phi: Mat } {
  const k = a[0].length;
  const criterion = (l: Mat) => {
    const l2 = l.map((r) => r.map((v) => v * v));
    const x = l2.map((r) => r.map((_, j) => r.reduce((s, v, m) => (m === j ? s : s + v), 0)));
    return { f: l2.reduce((s, r, i) => s + r.reduce((t, v, j) => t + v * x[i][j], 0), 0) / 4, gq: l.map((r, i) => r.map((v, j) => v * x[i][j])) };
  };
  const loadingsFor = (t: Mat) => matmul(a, transpose(invert(t)));
  const gradient = (l: Mat, gq: Mat, t: Mat) => transpose(matmul(matmul(transpose(l), gq), invert(t))).map((r) => r.map((v) => -v));
  let t = identity(k);
  let l = loadingsFor(t);
  let q = criterion(l);
  let g = gradient(l, q.gq, t);
  let al = 1;
  for (let iter = 0; iter <= maxit; iter++) {
    const colDot = t[0].map((_, j) => t.reduce((s, r, i) => s + r[j] * g[i][j], 0));
    const gp = g.map((r, i) => r.map((v, j) => v - t[i][j] * colDot[j]));
    const s = Math.sqrt(gp.reduce((acc, r) => acc + r.reduce((u, v) => u + v * v, 0), 0));
    if (s < eps) break;
    al *= 2;
    let tt = t;
    let lt = l;
    let qt = q;
    for (let i = 0; i <= 10; i++) {
      const x = t.map((r, m) => r.map((v, j) => v - al * gp[m][j]));
      const norms = x[0].map((_, j) => 1 / Math.sqrt(x.reduce((u, r) => u + r[j] ** 2, 0)));
      tt = x.map((r) => r.map((v, j) => v * norms[j]));
      lt = loadingsFor(tt);
      qt = criterion(lt);
      if (q.f - qt.f > 0.5 * s * s * al) break;
      al /= 2;
    }
    t = tt;
    l = lt;
    q = qt;
    g = gradient(l, q.gq, t);
    if (iter === maxit) throw new Error(`oblimin rotation did not converge in ${maxit} iterations`);
  }
  return { loadings: l, phi: matmul(transpose(t), t) };
}
