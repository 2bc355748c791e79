import { pnorm2 } from './internal/distributions';
import { leastSquares } from './internal/least-squares';
import { designMatrix } from './internal/predictors';

/** A binomial GLM with logit link, as R's `summary(glm(..., family = binomial))`. */
export interface LogisticResult {
  readonly terms: readonly string[];
  readonly estimate: readonly number[];
  readonly se: readonly number[];
  readonly z: readonly number[];
  readonly p: readonly number[];
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly aic: number;
  readonly iterations: number;
}

const binomialDeviance = (y: readonly number[], mu: readonly number[]) =>
  -2 * y.reduce((s, yi, i) => s + (yi === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i])), 0);

/**
 * Logistic regression by iteratively reweighted least squares (McCullagh & Nelder 1989, §2.5),
 * started like R's `glm.fit` (μ = (y + ½)/2), stopped like it (relative deviance change below
 * 1e-8), with the covariance of the last step, so estimates and SEs equal R's. Wald z tests from (XᵀWX)⁻¹. Perfect separation and non-convergence throw.
 */
export function logistic(y: readonly number[], predictors: Readonly<Record<string, readonly number[]>>, options: { maxIterations?: number } = {}): LogisticResult {
  const { names, columns } = designMatrix(y, predictors);
  y.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`y must hold only 0 and 1, got ${v} at index ${i}`);
  });
  if (y.every((v) => v === y[0])) throw new Error(`y is constant (every value is ${y[0]}): a logistic model needs both outcomes`);
  const n = y.length;
  if (n <= names.length) throw new Error(`logistic(y, predictors) needs more than ${names.length} observations, got ${n}`);
  const maxIterations = options.maxIterations ?? 50;
  let mu = y.map((v) => (v + 0.5) / 2);
  let eta = mu.map((m) => Math.log(m / (1 - m)));
  let deviance = binomialDeviance(y, mu);
  let fit: ReturnType<typeof leastSquares> | null = null;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const w = mu.map((m) => m * (1 - m));
    const z = eta.map((e, i) => e + (y[i] - mu[i]) / w[i]);
    fit = leastSquares(columns, z, names, w);
    eta = fit.fitted;
    mu = eta.map((e) => 1 / (1 + Math.exp(-e)));
    if (mu.some((m) => m < 1e-12 || m > 1 - 1e-12)) {
      throw new Error('Perfect separation: some fitted probabilities are 0 or 1, so the estimates do not exist (try fewer predictors)');
    }
    const next = binomialDeviance(y, mu);
    const change = Math.abs(next - deviance) / (Math.abs(next) + 0.1);
    deviance = next;
    if (change < 1e-8) break;
  }
  if (!fit || iterations >= maxIterations) throw new Error(`The logistic fit did not converge in ${maxIterations} iterations`);
  // As glm.fit: the covariance comes from the weights of the last IRLS step.
  const cov = fit.xtxInverse;
  const se = cov.map((row, i) => Math.sqrt(row[i]));
  const zs = fit.beta.map((b, i) => b / se[i]);
  const ybar = y.reduce((a, b) => a + b, 0) / n;
  const nullDeviance = binomialDeviance(y, y.map(() => ybar));
  return { terms: names, estimate: fit.beta, se, z: zs, p: zs.map(pnorm2), deviance, nullDeviance, aic: deviance + 2 * names.length, iterations: iterations + 1 };
}
