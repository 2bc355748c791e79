import { quantile7 } from './internal/describe';
import { assertFiniteArray, assertLevel, assertMinLength } from './internal/validate';
import { seededRandom } from './seeded-random';
import type { BootstrapResult } from './bootstrap-ci';

/**
 * `bootstrapCI(sample, mean, options)` without a resample array or a statistic call per
 * resample: the same seeded draws, each resample's mean summed in the same order, so the same
 * interval to the last bit (tested), several times faster. The study's framing effects take
 * hundreds of these over 1,305 sub-tasks.
 */
export function bootstrapMeanCI(sample: readonly number[], options: { reps?: number; seed?: number; level?: number } = {}): BootstrapResult {
  const { reps = 2000, seed = 1, level = 0.95 } = options;
  assertFiniteArray(sample, 'sample');
  assertMinLength(sample.length, 2, 'bootstrapCI(sample)');
  assertLevel(level, 'level');
  if (!Number.isInteger(reps) || reps < 100) throw new Error(`reps must be a whole number of at least 100, got ${reps}`);
  const n = sample.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sample[i];
  const estimate = total / n;
  if (!Number.isFinite(estimate)) throw new Error(`statistic returned ${estimate} on the sample`);
  const random = seededRandom(seed);
  const values = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sample[Math.floor(random() * n)];
    values[r] = sum / n;
    if (!Number.isFinite(values[r])) throw new Error(`statistic returned ${values[r]} on bootstrap resample ${r + 1}`);
  }
  const sorted = Array.from(values.sort());
  const alpha = (1 - level) / 2;
  return { estimate, ci: [quantile7(sorted, alpha), quantile7(sorted, 1 - alpha)], reps, level };
}
