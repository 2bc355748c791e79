import { pfUpper, pt2, qt } from '../analysis/internal/distributions';
import { correlation, mean, variance } from '../analysis/internal/describe';
import { logisticSlope } from './power-logistic-slope';
import { olsR2 } from './power-ols-r2';
import type { SimParams } from '../simulation/sim-params';

/** The effects `study.power` can plan for. */
export type PowerEffectKind = 'shift' | 'slope' | 'r2' | 'correlation';

/** One simulated participant model: its report level and spread, as the generator (or a pilot) has them. */
export interface PowerModel {
  readonly name: string;
  /** Report of a sub-task = level + scale × (category part + task deviation), in points. */
  readonly level: number;
  readonly scale: number;
  /** SD of one report around its sub-task's mean (within sub-task), in points. */
  readonly sd: number;
}

/** Everything one simulated replication of a study of one size needs, fixed across its simulations. */
export interface PowerSetup {
  readonly params: SimParams;
  readonly models: readonly PowerModel[];
  /** Per sampled sub-task: its categories and the category part of its motivation, in points. */
  readonly tasks: readonly { readonly categories: readonly string[]; readonly part: number }[];
  /** SD of a sub-task's own deviation from its categories, in points. */
  readonly taskSd: number;
  /** Choice pairs as indices into `tasks`. */
  readonly pairs: readonly (readonly [number, number])[];
  readonly reps: number;
  readonly alpha: number;
  readonly effect: PowerEffectKind;
  /** In the effect's own unit: points, logit per point, planted R², or quality logit per SD of motivation. */
  readonly size: number;
}

/** What one simulated study found: the share of tests that detected the effect, its estimate and the 95% CI width. */
export interface PowerDraw {
  readonly detected: number;
  readonly estimate: number;
  readonly ciWidth: number | null;
}

// The t quantile is iterative and costly; the same few df recur thousands of times.
const t975 = new Map<number, number>();
const qt975 = (df: number) => t975.get(df) ?? t975.set(df, qt(0.975, df)).get(df)!;
const clampReport = (x: number) => Math.min(100, Math.max(1, Math.round(x)));

/**
 * One simulated study: fresh sub-task latents and reports drawn straight from the simulated
 * participant's distributions (no reply text), then the paper's analysis of the effect.
 */
export function powerDraw(setup: PowerSetup, random: () => number): PowerDraw {
  const normal = normalPairs(random);
  const truth = setup.tasks.map((t) => t.part + setup.taskSd * normal());
  // The mean over `reps` reports of one sub-task by one model, rounded and clamped like the replies.
  const reported = (m: PowerModel, x: number, shift = 0) => {
    let s = 0;
    for (let r = 0; r < setup.reps; r++) s += clampReport(m.level + m.scale * x + shift + m.sd * normal());
    return s / setup.reps;
  };
  switch (setup.effect) {
    case 'shift':
      return shiftDraw(setup, truth, reported);
    case 'r2':
      return r2Draw(setup, truth, reported);
    case 'slope':
      return slopeDraw(setup, truth, reported, random);
    case 'correlation':
      return correlationDraw(setup, truth, reported, normal);
  }
}

type Reported = (m: PowerModel, x: number, shift?: number) => number;

/** Per model, the paired t test of sub-task means under the framing against the control. */
function shiftDraw(setup: PowerSetup, truth: readonly number[], reported: Reported): PowerDraw {
  let detected = 0;
  let width = 0;
  const estimates: number[] = [];
  for (const m of setup.models) {
    const d = truth.map((x) => reported(m, x, setup.size) - reported(m, x));
    const n = d.length;
    const se = Math.sqrt(variance(d) / n);
    const diff = mean(d);
    const p = se > 0 ? pt2(diff / se, n - 1) : diff === 0 ? 1 : 0;
    if (p < setup.alpha) detected += 1;
    width += 2 * qt975(n - 1) * se;
    estimates.push(diff);
  }
  const k = setup.models.length;
  return { detected: detected / k, estimate: mean(estimates), ciWidth: width / k };
}

/** OLS of all models' sub-task means on category indicators, omnibus F (as study.categoryEffect). */
function r2Draw(setup: PowerSetup, truth: readonly number[], reported: Reported): PowerDraw {
  const y: number[] = [];
  for (const m of setup.models) for (const x of truth) y.push(reported(m, x));
  const design = categoryDesign(setup);
  if (!design) return { detected: 0, estimate: NaN, ciWidth: null };
  const r2 = design.fit(y);
  const F = r2 / design.df1 / ((1 - r2) / design.df2);
  return { detected: pfUpper(F, design.df1, design.df2) < setup.alpha ? 1 : 0, estimate: r2, ciWidth: null };
}

// The indicators depend only on the sampled sub-tasks, so each size's regression is set up once.
const designs = new WeakMap<PowerSetup, { fit: (y: readonly number[]) => number; df1: number; df2: number } | null>();

function categoryDesign(setup: PowerSetup) {
  if (designs.has(setup)) return designs.get(setup)!;
  const cats = setup.models.flatMap(() => setup.tasks.map((t) => t.categories));
  const all = [...new Set(cats.flat())].sort();
  const predictors: Record<string, number[]> = {};
  for (const c of all) {
    const col: number[] = cats.map((cs) => (cs.includes(c) ? 1 : 0));
    const sum = col.reduce((a, b) => a + b, 0);
    if (sum > 0 && sum < cats.length) predictors[c] = col;
  }
  let names = Object.keys(predictors);
  if (cats.every((_, i) => names.reduce((s, c) => s + predictors[c][i], 0) === 1)) names = names.slice(1);
  let design: { fit: (y: readonly number[]) => number; df1: number; df2: number } | null = null;
  try {
    const df2 = cats.length - names.length - 1;
    // Too few sub-tasks for the categories (collinear indicators, no residual df): the analysis cannot run, so nothing is detected.
    if (df2 >= 1) design = { fit: olsR2(names.map((c) => predictors[c])), df1: names.length, df2 };
  } catch {
    design = null;
  }
  designs.set(setup, design);
  return design;
}

/** Logistic regression of "chose task 1" on the difference of reported motivation, control trials of all models pooled. */
function slopeDraw(setup: PowerSetup, truth: readonly number[], reported: Reported, random: () => number): PowerDraw {
  const chose: number[] = [];
  const diff: number[] = [];
  for (const m of setup.models) {
    const report = truth.map((x) => reported(m, x));
    for (const [a, b] of setup.pairs) {
      const pFirst = 1 / (1 + Math.exp(-setup.size * m.scale * (truth[a] - truth[b])));
      for (let r = 0; r < setup.reps; r++) {
        chose.push(random() < pFirst ? 1 : 0);
        diff.push(report[a] - report[b]);
      }
    }
  }
  try {
    const fit = logisticSlope(chose, diff);
    return { detected: fit.p < setup.alpha ? 1 : 0, estimate: fit.estimate, ciWidth: 2 * 1.959964 * fit.se };
  } catch {
    // Perfect separation or no convergence: the study's analysis reports no slope.
    return { detected: 0, estimate: NaN, ciWidth: null };
  }
}

/**
 * Per model, Pearson r between the sub-task mean report and the judge's overall performance
 * (mean of seven 1-7 criteria for one answer); the estimate is the Fisher-z mean across models.
 */
function correlationDraw(setup: PowerSetup, truth: readonly number[], reported: Reported, normal: () => number): PowerDraw {
  const { params: p } = setup;
  let detected = 0;
  let width = 0;
  let zSum = 0;
  for (const m of setup.models) {
    const x: number[] = [];
    const y: number[] = [];
    truth.forEach((t) => {
      const z = (m.level + m.scale * t - 50) / p.motivation.pointsPerUnit;
      const logTokens = p.effort.perUnit * z + p.effort.sd * normal();
      const tokens = Math.max(3, Math.round(p.effort.baseTokens * Math.exp(logTokens) * 0.75));
      const q0 = 1 / (1 + Math.exp(-(setup.size * z + p.quality.perLogTokens * logTokens + p.quality.sd * normal())));
      // The judge reads quality as the share of careful words in the answer: binomial noise over its words.
      const q = Math.min(1, Math.max(0, q0 + Math.sqrt((q0 * (1 - q0)) / tokens) * normal()));
      let perf = 0;
      for (let k = 0; k < 7; k++) perf += Math.min(7, Math.max(1, Math.round(1 + 6 * q + 0.5 * normal())));
      x.push(reported(m, t));
      y.push(perf / 7);
    });
    const r = pearsonOf(x, y);
    const n = x.length;
    const t = (r * Math.sqrt(n - 2)) / Math.sqrt(Math.max(1e-12, 1 - r * r));
    if (pt2(t, n - 2) < setup.alpha) detected += 1;
    const z = Math.atanh(Math.max(-0.999999, Math.min(0.999999, r)));
    const h = 1.959964 / Math.sqrt(Math.max(1, n - 3));
    width += Math.tanh(z + h) - Math.tanh(z - h);
    zSum += z;
  }
  const k = setup.models.length;
  return { detected: detected / k, estimate: Math.tanh(zSum / k), ciWidth: width / k };
}

/** Pearson's r, 0 where either side does not vary (a draw with no spread detects nothing). */
function pearsonOf(x: readonly number[], y: readonly number[]): number {
  const r = correlation(x, y);
  return Number.isFinite(r) ? r : 0;
}

/** Standard normal draws by Box-Muller, using both values of each pair (half the work of one draw per pair). */
function normalPairs(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const x = spare;
      spare = null;
      return x;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const a = 2 * Math.PI * random();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}
