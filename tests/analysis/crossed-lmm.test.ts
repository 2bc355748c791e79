import { describe, expect, it } from 'vitest';
import * as stats from '../../src/analysis';
import { expectAllClose, expectClose, hasReference, loadCrossedReference, num } from './fixtures';

describe('lmm with crossed random intercepts matches lme4', () => {
  if (!hasReference) return it.skip('needs ../shared/reference/stats');
  const { trials, expected: x } = loadCrossedReference();
  // Treatment coding with 'none' as reference, in R's level order (none, money, futility, punish).
  const dummies = Object.fromEntries(['money', 'futility', 'punish'].map((c) => [`condition${c}`, trials.map((r) => (r.condition === c ? 1 : 0))]));
  const fixed = { ...dummies, length: num(trials, 'length') };
  const y = num(trials, 'motivation');
  const groups = { task: trials.map((r) => String(r.task)), model: trials.map((r) => String(r.model)) };

  it('lmer(motivation ~ condition + length + (1|task) + (1|model)): estimates, SEs, variances, REMLcrit', () => {
    const fit = stats.lmm(y, fixed, groups);
    expect(fit.terms).toEqual(x.terms);
    expect(fit.n).toBe(x.n);
    expectAllClose(fit.estimate, x.estimate, 1e-4, 'estimate');
    expectAllClose(fit.se, x.se, 1e-3, 'se');
    expectClose(fit.varGroups.task, x.varTask, 1e-3, 'var task');
    expectClose(fit.varGroups.model, x.varModel, 1e-3, 'var model');
    expectClose(fit.varResidual, x.varResidual, 1e-3, 'var residual');
    expectClose(fit.remlCriterion, x.remlCriterion, 1e-6, 'REMLcrit');
    expect(fit.levels).toEqual({ task: new Set(groups.task).size, model: new Set(groups.model).size });
  });

  it('gives the same fit whichever order the factors are named in', () => {
    const a = stats.lmm(y, fixed, groups);
    const b = stats.lmm(y, fixed, { model: groups.model, task: groups.task });
    expectAllClose(b.estimate, a.estimate, 1e-6, 'estimate');
    expectClose(b.varGroups.task, a.varGroups.task, 1e-5, 'var task');
  });

  it('ignoring the model factor moves its variance into the residual and widens nothing it should not', () => {
    const taskOnly = stats.lmm(y, fixed, groups.task);
    const crossed = stats.lmm(y, fixed, groups);
    expect(taskOnly.varResidual).toBeGreaterThan(crossed.varResidual + 0.5 * crossed.varGroups.model);
    expect(taskOnly.varGroups).toEqual({ group: taskOnly.varGroup });
  });

  it('names a grouping factor with one level', () => {
    expect(() => stats.lmm(y, fixed, { task: groups.task, model: y.map(() => 'only') })).toThrow(/groups\.model needs at least 2 levels, got 1/);
    expect(() => stats.lmm(y, fixed, { task: groups.task.slice(1) })).toThrow(/groups\.task has 2339/);
  });
});
