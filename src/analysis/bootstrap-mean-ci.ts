import { quantile7 } from './internal/describe';
import { assertFiniteArray, assertLevel, assertMinLength } from './internal/validate';
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
  // seededRandom's draws, its mulberry32 step written out here: the study's recompute makes ~100
  // million draws per model, and the generator's call (not inlined in the browser's profile) cost
  // as much as the draw. The test holds it to bootstrapCI (which calls seededRandom) to the last bit.
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  const values = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      sum += sample[Math.floor(u * n)];
    }
    values[r] = sum / n;
    if (!Number.isFinite(values[r])) throw new Error(`statistic returned ${values[r]} on bootstrap resample ${r + 1}`);
  }
  const sorted = Array.from(values.sort());
  const alpha = (1 - level) / 2;
  return { estimate, ci: [quantile7(sorted, alpha), quantile7(sorted, 1 - alpha)], reps, level };
}
