import { describe, expect, it } from 'vitest';
import * as stats from '../../src/analysis';
import { baseline, expectAllClose, expectClose, hasReference, loadReference, num, sortedUnique } from './fixtures';

/** Compares loading matrices up to column order and sign, within `tol` absolute. */
function expectLoadings(actual: number[][], expected: number[][], tol: number, what: string) {
  const k = expected[0].length;
  const used = new Set<number>();
  for (let j = 0; j < k; j++) {
    const col = expected.map((r) => r[j]);
    let best = { c: -1, sign: 1, err: Infinity };
    for (let c = 0; c < k; c++) {
      if (used.has(c)) continue;
      for (const sign of [1, -1]) {
        const err = Math.max(...col.map((v, i) => Math.abs(sign * actual[i][c] - v)));
        if (err < best.err) best = { c, sign, err };
      }
    }
    used.add(best.c);
    expect(best.err, `${what} column ${j}`).toBeLessThanOrEqual(tol);
  }
}

const ITEMS = ['interest', 'challenge', 'value', 'mastery', 'fear'];

describe.each(['small', 'medium'] as const)('factor analysis and mixed model match R on %s', (name) => {
  if (!hasReference) return it.skip('needs ../shared/reference/stats');
  const { trials, expected: x } = loadReference(name);
  const base = baseline(trials);
  const columns = Object.fromEntries(ITEMS.map((i) => [i, num(base, i)]));

  it('eigenvalues of the item correlations', () => {
    expectAllClose(stats.eigenvalues(stats.correlationMatrix(columns)), x.items_correlation_eigenvalues, 1e-7, 'eigenvalues');
  });

  it('pca with varimax (psych::principal)', () => {
    expectLoadings(stats.pca(columns, { nFactors: 2, rotate: 'varimax' }).loadings, x.pca_varimax.loadings, 1e-5, 'pca');
  });

  it('efa minres + varimax, with communalities', () => {
    const r = stats.efa(columns, { nFactors: 2, rotate: 'varimax', method: 'minres' });
    expectLoadings(r.loadings, x.efa_minres_varimax.loadings, 2e-3, 'loadings');
    r.communalities.forEach((h, i) => expect(Math.abs(h - x.efa_minres_varimax.communalities[i])).toBeLessThanOrEqual(2e-3));
  });

  it('efa minres + oblimin, with factor correlations', () => {
    const r = stats.efa(columns, { nFactors: 2, rotate: 'oblimin', method: 'minres' });
    expectLoadings(r.loadings, x.efa_minres_oblimin.loadings, 5e-3, 'loadings');
    expect(Math.abs(Math.abs(r.phi![0][1]) - Math.abs(x.efa_minres_oblimin.phi[0][1]))).toBeLessThanOrEqual(5e-3);
  });

  it('efa ml + varimax', () => {
    expectLoadings(stats.efa(columns, { nFactors: 2, rotate: 'varimax', method: 'ml' }).loadings, x.efa_ml_varimax.loadings, 5e-3, 'loadings');
  });

  it('lmm(motivation ~ condition + (1 | task)) on the first model, REML', () => {
    const first = sortedUnique(trials.map((r) => r.model))[0];
    const rows = trials.filter((r) => r.model === first);
    const e = x.lmm_first_model_condition_random_task;
    const dummies = Object.fromEntries(
      sortedUnique(rows.map((r) => r.condition)).filter((c) => c !== 'baseline').map((c) => [`condition${c}`, rows.map((r) => (r.condition === c ? 1 : 0))]),
    );
    const fit = stats.lmm(num(rows, 'motivation'), dummies, rows.map((r) => String(r.task)));
    expect(fit.terms).toEqual(e.terms);
    expectAllClose(fit.estimate, e.estimate, 1e-4, 'estimate');
    expectAllClose(fit.se, e.se, 1e-3, 'se');
    expectClose(fit.varGroup, e.var_task, 1e-3, 'var task');
    expectClose(fit.varResidual, e.var_residual, 1e-3, 'var residual');
  });
});
