import { quantile7 } from './internal/describe';
import { assertFiniteArray, assertLevel, assertMinLength } from './internal/validate';
import { seededRandom } from './seeded-random';

/** A percentile bootstrap interval. */
export interface BootstrapResult {
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly reps: number;
  readonly level: number;
}

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample with replacement `reps`
 * times using a seeded generator, take the type-7 quantiles of the statistic. Same seed, same
 * interval, on every machine.
 */
export function bootstrapCI(
  sample: readonly number[],
  statistic: (resample: readonly number[]) => number,
  options: { reps?: number; seed?: number; level?: number } = {},
): BootstrapResult {
  const { reps = 2000, seed = 1, level = 0.95 } = options;
  assertFiniteArray(sample, 'sample');
  assertMinLength(sample.length, 2, 'bootstrapCI(sample)');
  assertLevel(level, 'level');
  if (!Number.isInteger(reps) || reps < 100) throw new Error(`reps must be a whole number of at least 100, got ${reps}`);
  const estimate = statistic(sample);
  if (!Number.isFinite(estimate)) throw new Error(`statistic returned ${estimate} on the sample`);
  const random = seededRandom(seed);
  const n = sample.length;
  const values = new Array<number>(reps);
  const resample = new Array<number>(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) resample[i] = sample[Math.floor(random() * n)];
    values[r] = statistic(resample);
    if (!Number.isFinite(values[r])) throw new Error(`statistic returned ${values[r]} on bootstrap resample ${r + 1}`);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { estimate, ci: [quantile7(values, alpha), quantile7(values, 1 - alpha)], reps, level };
}
