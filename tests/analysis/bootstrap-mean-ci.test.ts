import { describe, expect, it } from 'vitest';
import { bootstrapCI } from '../../src/analysis/bootstrap-ci';
import { bootstrapMeanCI } from '../../src/analysis/bootstrap-mean-ci';
import { seededRandom } from '../../src/analysis/seeded-random';

describe('bootstrapMeanCI', () => {
  it('gives bootstrapCI of the mean to the last bit, for any sample, seed, reps and level', () => {
    const random = seededRandom(11);
    for (let k = 0; k < 40; k++) {
      const n = 2 + Math.floor(random() * 300);
      const sample = Array.from({ length: n }, () => (random() - 0.3) * 100 * (k % 3 === 0 ? 1e-3 : 1));
      const options = { reps: 100 + Math.floor(random() * 900), seed: Math.floor(random() * 1e6), level: [0.9, 0.95, 0.99][k % 3] };
      const mean = (s: readonly number[]) => s.reduce((x, y) => x + y, 0) / s.length;
      expect(bootstrapMeanCI(sample, options)).toEqual(bootstrapCI(sample, mean, options));
    }
  });

  it('checks its input as bootstrapCI does', () => {
    expect(() => bootstrapMeanCI([1])).toThrow(/at least 2/);
    expect(() => bootstrapMeanCI([1, NaN])).toThrow();
    expect(() => bootstrapMeanCI([1, 2], { reps: 50 })).toThrow(/reps/);
  });
});
