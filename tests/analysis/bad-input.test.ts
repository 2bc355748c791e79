import { describe, expect, it } from 'vitest';
import * as stats from '../../src/analysis';

const x = [1, 2, 3, 4, 5, 6];
const y = [2, 1, 4, 3, 6, 5];

describe('bad input throws an Error naming the problem and the argument', () => {
  it.each([
    ['unequal lengths', () => stats.pearson(x, [1, 2]), /unequal length: x has 6 values but y has 2/],
    ['too few observations', () => stats.pearson([1, 2], [2, 1]), /needs at least 4 observations/],
    ['constant column', () => stats.spearman(x, [1, 1, 1, 1, 1, 1]), /y is constant/],
    ['NaN', () => stats.kendall([1, NaN, 3], [1, 2, 3]), /x has a non-finite value \(NaN\) at index 1/],
    ['Infinity in ols', () => stats.ols(y, { a: [1, 2, 3, Infinity, 5, 6] }), /predictor 'a' has a non-finite value/],
    ['singular design', () => stats.ols([1, 3, 2, 5, 4, 6, 8], { a: [1, 2, 3, 4, 5, 6, 7], b: [2, 4, 6, 8, 10, 12, 14] }), /Singular design: predictor 'b'/],
    ['perfect separation', () => stats.logistic([0, 0, 0, 1, 1, 1], { d: x }), /Perfect separation/],
    ['logistic non-binary y', () => stats.logistic([0, 2, 0, 1, 1, 0], { d: x }), /y must hold only 0 and 1/],
    ['paired constant difference', () => stats.tTestPaired(x, x), /a − b is constant/],
    ['one group', () => stats.anovaOneWay(x, x.map(() => 'g')), /groups must have at least 2 levels/],
    ['wilson bad n', () => stats.wilsonCI(3, 0, 0.95), /n must be a positive whole number/],
    ['wilson bad level', () => stats.wilsonCI(3, 10, 1.5), /level must be between 0 and 1/],
    ['bh bad p', () => stats.benjaminiHochberg([0.1, 1.2]), /pValues\[1\] must be a probability/],
    ['fisher z of 1', () => stats.fisherZMean([0.5, 1]), /rs\[1\] must lie strictly between -1 and 1/],
    ['icc ragged', () => stats.icc([[1, 2], [3]]), /matrix row 0 has 2 values but row 1 has 1/],
    ['efa too many factors', () => stats.efa({ a: x, b: y, c: [3, 1, 2, 6, 4, 5] }, { nFactors: 3 }), /nFactors must be a whole number from 1 to 2/],
    ['pca bad rotate', () => stats.pca({ a: x, b: y }, { nFactors: 1, rotate: 'promax' as 'none' }), /rotate must be "none" or "varimax"/],
    ['lmm one group', () => stats.lmm(x, { a: y }, x.map(() => 'g')), /group needs at least 2 levels/],
    ['eigenvalues not symmetric', () => stats.eigenvalues([[1, 2], [3, 1]]), /not symmetric/],
    ['column missing', () => stats.columnValues({ columnNames: () => ['a'], array: () => [] }, 'b'), /No column 'b' \(columns: a\)/],
    ['omnibus unknown term', () => stats.omnibusFTest(y, { a: x }, ['z']), /tested names 'z'/],
    ['bootstrap too few reps', () => stats.bootstrapCI(x, (s) => s[0], { reps: 5 }), /reps must be a whole number of at least 100/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('bootstrapCI, seededRandom, omnibusFTest and APA text', () => {
  it('gives the same interval for the same seed and a different one for another seed', () => {
    const sample = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i / 10);
    const mean = (s: readonly number[]) => s.reduce((a, b) => a + b, 0) / s.length;
    const a = stats.bootstrapCI(sample, mean, { reps: 1000, seed: 7 });
    expect(stats.bootstrapCI(sample, mean, { reps: 1000, seed: 7 })).toEqual(a);
    expect(stats.bootstrapCI(sample, mean, { reps: 1000, seed: 8 }).ci).not.toEqual(a.ci);
    expect(a.ci[0]).toBeLessThan(a.estimate);
    expect(a.ci[1]).toBeGreaterThan(a.estimate);
    const t = stats.tTestOneSample(sample, 0);
    expect(Math.abs(a.ci[1] - a.ci[0]) / Math.abs(t.ci95[1] - t.ci95[0])).toBeGreaterThan(0.8);
  });

  it('seededRandom is uniform enough and reproducible', () => {
    const r = stats.seededRandom(42);
    const draws = Array.from({ length: 10_000 }, r);
    expect(Math.abs(draws.reduce((a, b) => a + b, 0) / draws.length - 0.5)).toBeLessThan(0.01);
    expect(stats.seededRandom(42)()).toBe(draws[0]);
  });

  it('omnibusFTest equals the overall F of ols when all slopes are tested', () => {
    const preds = { a: x, b: [1, 3, 2, 5, 4, 7] };
    const o = stats.omnibusFTest(y, preds, ['a', 'b']);
    const fit = stats.ols(y.concat(), preds);
    expect(o.F).toBeCloseTo(fit.F, 10);
    expect(o.p).toBeCloseTo(fit.pF, 12);
  });

  it('formats results in APA style', () => {
    const many = Array.from({ length: 288 }, (_, i) => i);
    const noisy = many.map((v, i) => v + 80 * Math.sin(i * 1.7));
    expect(stats.formatApa(stats.pearson(many, noisy))).toMatch(/^r\(286\) = \.\d\d, 95% CI \[\.\d\d, \.\d\d\], p < \.001$/);
    expect(stats.formatApa(stats.anovaOneWay([1, 2, 3, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b']))).toBe('F(1, 4) = 54.00, p = .002, η² = .93');
    expect(stats.formatApa(stats.tTestPaired([3, 4, 5, 7], [1, 1, 2, 3]))).toMatch(/^t\(3\) = \d+\.\d\d, p = \.\d{3}, d_z = \d\.\d\d/);
    expect(stats.formatP(0.04567)).toBe('p = .046');
    expect(() => stats.formatApa({})).toThrow(/not a result/);
  });
});
