import { describe, it } from 'vitest';
import * as stats from '../../src/analysis';
import { baseline, expectAllClose, expectClose, expectP, hasReference, loadReference, num, sortedUnique, type Row } from './fixtures';

const E = 1e-7;

describe.each(['small', 'medium'] as const)('matches R on the %s reference data', (name) => {
  if (!hasReference) return it.skip('needs ../shared/reference/stats');
  const { trials, choices, expected: x } = loadReference(name);
  const base = baseline(trials);
  const firstModel = sortedUnique(trials.map((r) => r.model))[0];

  it('pearson(motivation, words)', () => {
    const r = stats.pearson(num(base, 'motivation'), num(base, 'words'));
    const e = x.pearson_motivation_words;
    expectClose(r.r, e.r, E, 'r');
    expectClose(r.t, e.t, E, 't');
    expectClose(r.df, e.df, E, 'df');
    expectP(r.p, e.p, 'p');
    expectAllClose(r.ci95, e.ci95, E, 'ci95');
  });

  it('spearman(motivation, score) and kendall(motivation, score)', () => {
    const s = stats.spearman(num(base, 'motivation'), num(base, 'score'));
    expectClose(s.rho, x.spearman_motivation_score.rho, E, 'rho');
    expectP(s.p, x.spearman_motivation_score.p, 'p');
    const k = stats.kendall(num(base, 'motivation'), num(base, 'score'));
    expectClose(k.tau, x.kendall_motivation_score.tau_b, E, 'tau');
    expectP(k.p, x.kendall_motivation_score.p, 'p');
  });

  it('icc(first model: tasks × repetitions)', () => {
    const rows = base.filter((r) => r.model === firstModel);
    const tasks = sortedUnique(rows.map((r) => r.task));
    const reps = sortedUnique(rows.map((r) => r.rep)) as number[];
    const matrix = tasks.map((t) => reps.map((rep) => Number(rows.find((r) => r.task === t && r.rep === rep)!.motivation)));
    const result = stats.icc(matrix);
    for (const key of ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'] as const) {
      const e = x.icc_first_model_tasks_by_reps[key];
      const a = result[key];
      expectClose(a.icc, e.icc, E, `${key}.icc`);
      expectClose(a.F, e.F, E, `${key}.F`);
      expectClose(a.df1, e.df1, E, `${key}.df1`);
      expectClose(a.df2, e.df2, E, `${key}.df2`);
      expectP(a.p, e.p, `${key}.p`);
      expectAllClose(a.ci95, e.ci95, 1e-6, `${key}.ci95`);
    }
  });

  it('cronbachAlpha(interest, challenge, value)', () => {
    const a = stats.cronbachAlpha(base.map((r) => [Number(r.interest), Number(r.challenge), Number(r.value)]));
    expectClose(a.raw, x.cronbach_alpha_interest_challenge_value.raw, E, 'raw');
    expectClose(a.std, x.cronbach_alpha_interest_challenge_value.std, E, 'std');
  });

  const items = ['interest', 'challenge', 'value', 'mastery', 'fear'];
  it('ols(motivation ~ items) and benjaminiHochberg of its p-values', () => {
    const fit = stats.ols(num(base, 'motivation'), Object.fromEntries(items.map((i) => [i, num(base, i)])));
    const e = x.ols_motivation_on_items;
    expectAllClose(fit.estimate, e.estimate, E, 'estimate');
    expectAllClose(fit.se, e.se, E, 'se');
    expectAllClose(fit.t, e.t, E, 't');
    fit.p.forEach((p, i) => expectP(p, e.p[i], `p[${i}]`));
    expectClose(fit.r2, e.r2, E, 'r2');
    expectClose(fit.adjR2, e.adj_r2, E, 'adjR2');
    expectClose(fit.F, e.F, E, 'F');
    expectClose(fit.df1, e.df1, E, 'df1');
    expectClose(fit.df2, e.df2, E, 'df2');
    stats.benjaminiHochberg(fit.p).forEach((p, i) => expectP(p, x.benjamini_hochberg_ols_p[i], `BH[${i}]`));
  });

  it('logistic(chose_a ~ diff)', () => {
    const fit = stats.logistic(num(choices, 'chose_a'), { diff: num(choices, 'diff') });
    const e = x.logistic_choice_on_diff;
    expectAllClose(fit.estimate, e.estimate, 1e-5, 'estimate');
    expectAllClose(fit.se, e.se, 1e-5, 'se');
    expectAllClose(fit.z, e.z, 1e-5, 'z');
    fit.p.forEach((p, i) => expectP(p, e.p[i], `p[${i}]`));
    expectClose(fit.deviance, e.deviance, 1e-5, 'deviance');
    expectClose(fit.nullDeviance, e.null_deviance, 1e-5, 'nullDeviance');
    expectClose(fit.aic, e.aic, 1e-5, 'aic');
  });

  const key = (r: Row) => `${r.model}|${r.task}|${r.rep}`;
  it('tTestPaired(positive, baseline) and tTestWelch(negative, baseline)', () => {
    const byKey = new Map(base.map((r) => [key(r), r]));
    const positive = trials.filter((r) => r.condition === 'positive' && byKey.has(key(r)));
    const t = stats.tTestPaired(num(positive, 'motivation'), positive.map((r) => Number(byKey.get(key(r))!.motivation)));
    const e = x.paired_t_positive_vs_baseline;
    expectClose(t.t, e.t, E, 't');
    expectClose(t.df, e.df, E, 'df');
    expectP(t.p, e.p, 'p');
    expectClose(t.meanDiff, e.mean_diff, E, 'meanDiff');
    expectAllClose(t.ci95, e.ci95, E, 'ci95');
    expectClose(t.cohenDz, e.cohen_dz, E, 'dz');
    const w = stats.tTestWelch(num(trials.filter((r) => r.condition === 'negative'), 'motivation'), num(base, 'motivation'));
    const ew = x.welch_t_negative_vs_baseline;
    expectClose(w.t, ew.t, E, 't');
    expectClose(w.df, ew.df, E, 'df');
    expectP(w.p, ew.p, 'p');
    expectAllClose(w.ci95, ew.ci95, E, 'ci95');
  });

  it('anovaOneWay(motivation by category)', () => {
    const a = stats.anovaOneWay(num(base, 'motivation'), base.map((r) => String(r.category)));
    const e = x.anova_motivation_by_category;
    expectClose(a.F, e.F, E, 'F');
    expectClose(a.df1, e.df1, E, 'df1');
    expectClose(a.df2, e.df2, E, 'df2');
    expectP(a.p, e.p, 'p');
    expectClose(a.eta2, e.eta2, E, 'eta2');
  });

  it('tTestOneSample(choice diff, 0) and wilsonCI(chose_a, 99%)', () => {
    const t = stats.tTestOneSample(num(choices, 'diff'), 0);
    const e = x.one_sample_t_choice_diff;
    expectClose(t.t, e.t, E, 't');
    expectClose(t.df, e.df, E, 'df');
    expectP(t.p, e.p, 'p');
    expectAllClose(t.ci95, e.ci95, E, 'ci95');
    const successes = num(choices, 'chose_a').reduce((a, b) => a + b, 0);
    const ew = x.wilson_ci99_chose_a;
    expectClose(successes, ew.successes, 0, 'successes');
    expectAllClose(stats.wilsonCI(successes, choices.length, 0.99), ew.ci, E, 'ci');
  });

  it('fisherZMean of per-model r(motivation, words)', () => {
    const models = sortedUnique(base.map((r) => r.model));
    const rs = models.map((m) => stats.pearson(num(base.filter((r) => r.model === m), 'motivation'), num(base.filter((r) => r.model === m), 'words')).r);
    const e = x.fisher_z_mean_r_motivation_words_by_model;
    expectAllClose(rs, e.r_by_model, E, 'r_by_model');
    expectClose(stats.fisherZMean(rs), e.mean_r, E, 'mean_r');
  });

  it('anovaType2(motivation ~ interest + mastery)', () => {
    const rows = stats.anovaType2(num(base, 'motivation'), { interest: num(base, 'interest'), mastery: num(base, 'mastery') });
    const e = x.anova_type2_motivation_on_interest_mastery;
    rows.forEach((row, i) => {
      expectClose(row.ss, e.ss[i], E, `ss ${row.term}`);
      expectClose(row.F, e.F[i], E, `F ${row.term}`);
      expectP(row.p, e.p[i], `p ${row.term}`);
    });
    expectClose(rows.dfResidual, e.df_residual, 0, 'df residual');
  });
});
