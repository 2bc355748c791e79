import { pnorm2 } from '../analysis/internal/distributions';

// A lean fit for power simulations, where the same small model is fitted thousands of times: the
// same estimates as `analysis.logistic` (a test compares them), without its term tables.

/** Logistic regression of 0/1 `y` on one predictor `x` with intercept, IRLS started and stopped as R's glm.fit; Wald SE and p of the slope. */
export function logisticSlope(y: readonly number[], x: readonly number[]): { estimate: number; se: number; p: number } {
  const n = y.length;
  const dev = (mu: Float64Array) => {
    let d = 0;
    for (let i = 0; i < n; i++) d += y[i] === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]);
    return -2 * d;
  };
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  let deviance = dev(mu);
  for (let it = 0; it < 50; it++) {
    let sw = 0, swx = 0, swxx = 0, swz = 0, swxz = 0;
    for (let i = 0; i < n; i++) {
      const w = mu[i] * (1 - mu[i]);
      const z = eta[i] + (y[i] - mu[i]) / w;
      sw += w;
      swx += w * x[i];
      swxx += w * x[i] * x[i];
      swz += w * z;
      swxz += w * x[i] * z;
    }
    const det = sw * swxx - swx * swx;
    if (!(det > 0)) throw new Error('the choice data cannot be fitted (no spread in the predictor)');
    const b1 = (sw * swxz - swx * swz) / det;
    const b0 = (swz - b1 * swx) / sw;
    for (let i = 0; i < n; i++) {
      eta[i] = b0 + b1 * x[i];
      mu[i] = 1 / (1 + Math.exp(-eta[i]));
      if (mu[i] < 1e-12 || mu[i] > 1 - 1e-12) throw new Error('perfect separation');
    }
    const next = dev(mu);
    const change = Math.abs(next - deviance) / (Math.abs(next) + 0.1);
    deviance = next;
    if (change < 1e-8) {
      const se = Math.sqrt(sw / det);
      return { estimate: b1, se, p: pnorm2(b1 / se) };
    }
  }
  throw new Error('the logistic fit did not converge');
}
