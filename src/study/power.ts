import { seededRandom } from '../analysis/seeded-random';
import { categoriesOf } from '../experiments/categories-of';
import { rowsOf } from '../experiments/rows-of';
import { stableHash } from '../experiments/stable-hash';
import { simParams, type SimParams } from '../simulation/sim-params';
import { modelTraits } from '../simulation/simulate-reply';
import { planCost, type Prices } from './plan-cost';
import { pilotNoise } from './pilot-noise';
import { powerDraw, type PowerEffectKind, type PowerModel, type PowerSetup } from './power-draws';
import { sampleTasks } from './sample-tasks';
import { makePairs } from './make-pairs';
import { round } from './rows';
import type { StudyTask } from './task-table';

/** One candidate size of a study and what it buys: power, the expected 95% CI width, and its cost. */
export interface PowerRow {
  readonly perCategory: number;
  readonly reps: number;
  readonly models: number;
  readonly subTasks: number;
  /** Choice pairs (the choice slope only). */
  readonly pairs: number | null;
  /** Requests (several responses of one request, `n` > 1, count once) and responses, over the experiments the analysis needs. */
  readonly calls: number;
  readonly responses: number;
  /** US$ live and through the Batch API; null when a model has no price. */
  readonly cost: number | null;
  readonly batchCost: number | null;
  /** Share of simulated studies (per-model tests: share of model tests) that detect the effect at α. */
  readonly power: number;
  /** Binomial SE of `power` from the number of simulations. */
  readonly powerSe: number;
  /** Mean 95% CI width (the R²: the width of the middle 95% of simulated R²). */
  readonly ciWidth: number | null;
  /** Mean estimate over simulations (points, slope, R² or Fisher-z mean r). */
  readonly estimate: number;
  readonly simulations: number;
}

/** A power curve: the effect, where the noise came from, one row per size, and the smallest size reaching the target. */
export interface PowerResult {
  readonly effect: PowerEffectKind;
  readonly size: number;
  readonly framing: string | null;
  readonly alpha: number;
  readonly target: number;
  readonly noise: 'parameters' | 'pilot';
  readonly models: readonly PowerModel[];
  readonly rows: readonly PowerRow[];
  readonly recommended: PowerRow | null;
}

type Design = Record<string, unknown>;

/** Options of `study.power`. */
export interface PowerOptions {
  /** 'shift' (a framing's shift of the pre-task report, points), 'slope' (choice logit per point), 'r2' (category R² of true sub-task means), 'correlation' (quality logit per SD of motivation); or { kind, size, framing }. */
  readonly effect: PowerEffectKind | { kind: PowerEffectKind; size?: number; framing?: string };
  readonly size?: number;
  readonly framing?: string;
  /** Sub-tasks per category to try. */
  readonly sizes: readonly number[];
  readonly reps?: number | readonly number[];
  readonly simulations?: number;
  readonly seed?: number;
  readonly alpha?: number;
  readonly target?: number;
  /** Trials of a pilot run (pre-task reports): noise estimated from them instead of the parameters. */
  readonly pilot?: unknown;
  readonly prices?: Prices;
  /** Choice pairs per sampled sub-task (the study: 1,500 pairs for 1,305 sub-tasks). */
  readonly pairsPerTask?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const EXPERIMENTS: Record<PowerEffectKind, readonly string[]> = { shift: ['pre'], r2: ['pre'], slope: ['pre', 'choice'], correlation: ['pre', 'execution', 'judge'] };

/**
 * Plans a run by power and cost. For each candidate size (sub-tasks per category × repetitions
 * × the design's models), simulates the study's analysis of the effect `simulations` times with
 * the simulated participant's generator (latents and reports drawn from its distributions, not
 * as reply text; noise from the simulation parameters or estimated from a `pilot`) and returns
 * power at `alpha`, the expected 95% CI width, and the calls and cost of the experiments the
 * analysis needs at that size (study.planCost). `design` is the pre-task design or a record of
 * designs { pre, choice, execution, judge } as in the cost table.
 */
export async function power(design: unknown, options: PowerOptions): Promise<PowerResult> {
  const designs = designsOf(design);
  const pre = designs.pre;
  const effectOption = typeof options.effect === 'object' ? options.effect : { kind: options.effect };
  const effect = effectOption.kind;
  if (!(effect in EXPERIMENTS)) throw new Error(`effect must be one of ${Object.keys(EXPERIMENTS).join(', ')}, got ${String(effect)}`);
  const simulation = (pre.simulation ?? {}) as Record<string, unknown>;
  const params = simParams(simulation);
  const bank = bankOf(simulation.tasks ?? pre.tasks);
  const framing = effect === 'shift' ? (effectOption.framing ?? options.framing ?? 'money') : null;
  const parts = partsOf(params, bank);
  const alpha = options.alpha ?? 0.05;
  const target = options.target ?? 0.8;
  const simulations = options.simulations ?? 200;
  const seed = options.seed ?? 1;
  let size = effectOption.size ?? options.size ?? defaultSize(effect, params, framing, parts);
  if (effect === 'r2' && !(size > 0 && size < 1)) throw new Error(`the category R² must be between 0 and 1, got ${size}`);
  if (!Number.isFinite(size)) throw new Error(`the effect size must be a number, got ${size}`);
  // A planted R² rescales the category part of motivation around its mean; the task deviation stays.
  const spread = effect === 'r2' ? Math.sqrt((size * parts.taskVar) / ((1 - size) * parts.categoryVar)) : 1;
  const partOf = (t: StudyTask) => parts.mean + spread * (parts.of(t) - parts.mean);
  const models = modelsOf(pre, params, options.pilot, parts.mean, Math.sqrt(spread * spread * parts.categoryVar + parts.taskVar));
  const repsList = Array.isArray(options.reps) ? options.reps : [options.reps ?? Number(pre.repetitions ?? 2)];
  const grid = options.sizes.flatMap((k) => repsList.map((r) => [k, r] as const));
  const rows: PowerRow[] = [];
  for (const point of grid) {
    const [k, reps] = point;
    const sample = sampleTasks(bank, { perCategory: k, seed });
    // A size past the bank's smallest categories samples the same sub-tasks again: the same study, left out.
    if (rows.some((r) => r.reps === reps && r.subTasks === sample.length)) continue;
    const pairTable = effect === 'slope' || designs.choice ? makePairs(sample, { n: Math.max(2, Math.round((options.pairsPerTask ?? 1500 / 1305) * sample.length)), seed }) : [];
    const index = new Map(sample.map((t, i) => [t.id, i]));
    const setup: PowerSetup = {
      params,
      models,
      tasks: sample.map((t) => ({ categories: t.categories, part: partOf(t) })),
      taskSd: Math.sqrt(parts.taskVar),
      pairs: pairTable.map((p) => [index.get(p.task1Id)!, index.get(p.task2Id)!] as const),
      reps,
      alpha,
      effect,
      size: effect === 'r2' ? 0 : size,
    };
    const random = seededRandom(parseInt(stableHash(`${seed}|power|${k}|${reps}`), 16));
    let detected = 0;
    const estimates: number[] = [];
    const widths: number[] = [];
    for (let s = 0; s < simulations; s++) {
      const d = powerDraw(setup, random);
      detected += d.detected;
      if (Number.isFinite(d.estimate)) estimates.push(d.estimate);
      if (d.ciWidth !== null) widths.push(d.ciWidth);
    }
    const cost = await costAt(designs, EXPERIMENTS[effect], sample, pairTable, reps, options.prices ?? (pre.prices as Prices | undefined));
    const p = detected / simulations;
    rows.push({
      perCategory: k,
      reps,
      models: models.length,
      subTasks: sample.length,
      pairs: effect === 'slope' ? pairTable.length : null,
      ...cost,
      power: round(p),
      powerSe: round(Math.sqrt((p * (1 - p)) / simulations), 4),
      ciWidth: effect === 'r2' ? middle95(estimates) : widths.length ? round(widths.reduce((a, b) => a + b, 0) / widths.length, 4) : null,
      estimate: round(estimates.reduce((a, b) => a + b, 0) / estimates.length, 4),
      simulations,
    });
    options.onProgress?.(grid.indexOf(point) + 1, grid.length);
  }
  const recommended = [...rows].sort((a, b) => a.calls - b.calls || a.perCategory - b.perCategory).find((r) => r.power >= target) ?? null;
  if (effect === 'r2') size = round(size, 3);
  return { effect, size, framing, alpha, target, noise: options.pilot ? 'pilot' : 'parameters', models, rows, recommended };
}

function designsOf(design: unknown): Record<string, Design> {
  if (typeof design !== 'object' || design === null) throw new Error('study.power needs a design (the pre-task design, or { pre, choice, execution, judge })');
  const d = design as Design;
  if ('prompt' in d || 'models' in d) return { pre: d };
  if (typeof d.pre !== 'object' || d.pre === null) throw new Error('study.power needs the pre-task design as `pre` (its models, tasks and simulation parameters)');
  return d as Record<string, Design>;
}

function bankOf(tasks: unknown): StudyTask[] {
  const list = (rowsOf(tasks) ?? []) as Record<string, unknown>[];
  const bank = list.map((t) => {
    const categories = categoriesOf(t.categories ?? t.category);
    return { id: String(t.id), text: String(t.text ?? ''), category: categories.join('; '), categories };
  });
  if (bank.length < 2) throw new Error('study.power needs the task bank: the design\'s simulation.tasks or tasks (rows with id, text, category)');
  return bank;
}

/** The category part of a task's motivation in points (its categories' latents averaged, as the simulated world does), its spread over the bank, and the task deviation's variance. */
function partsOf(p: SimParams, bank: readonly StudyTask[]) {
  const { want, able, pointsPerUnit: ppu } = p.motivation;
  const of = (t: StudyTask) => {
    const known = t.categories.map((c) => p.categories[c]).filter(Boolean);
    if (!known.length) return 0;
    return (ppu * known.reduce((s, c) => s + want * c.want + able * c.able, 0)) / known.length;
  };
  const values = bank.map(of);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const categoryVar = values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length;
  return { of, mean, categoryVar, taskVar: (ppu * p.taskSd) ** 2 * (want * want + able * able) };
}

function defaultSize(effect: PowerEffectKind, p: SimParams, framing: string | null, parts: { categoryVar: number; taskVar: number }): number {
  switch (effect) {
    case 'shift': {
      const shift = p.manipulations[framing ?? '']?.report;
      if (shift === undefined) throw new Error(`the simulation parameters have no framing '${framing}' (framings: ${Object.keys(p.manipulations).join(', ')}); give the shift in points as size`);
      return shift;
    }
    case 'slope':
      return p.choice.slope;
    case 'r2':
      return parts.categoryVar / (parts.categoryVar + parts.taskVar);
    case 'correlation':
      return p.quality.perUnit;
  }
}

/** The design's models, with noise from the parameters or, given a pilot, its estimates (level and spread scaled to the pilot's). */
function modelsOf(pre: Design, p: SimParams, pilot: unknown, centre: number, trueSd: number): PowerModel[] {
  const names = ((rowsOf(pre.models) ?? []) as unknown[]).map(String);
  if (pilot === undefined || pilot === null) {
    if (!names.length) throw new Error('study.power needs the design\'s models');
    return names.map((name) => {
      const t = modelTraits(p, name);
      return { name, level: 50 + t.bias, scale: 1, sd: p.reportSd * t.noise };
    });
  }
  const estimates = pilotNoise(pilot);
  if (!estimates.length) throw new Error("the pilot has no ok pre-task reports in the control condition 'none': run the pre-task experiment on your endpoint first (a few sub-tasks per category, two or more responses)");
  const chosen = estimates.filter((e) => names.includes(e.model));
  return (chosen.length ? chosen : estimates).map((e) => {
    const scale = trueSd > 0 ? e.betweenSd / trueSd : 0;
    return { name: e.model, level: e.mean - scale * centre, scale, sd: e.withinSd };
  });
}

async function costAt(designs: Record<string, Design>, needed: readonly string[], sample: StudyTask[], pairs: unknown[], reps: number, prices: Prices | undefined) {
  let calls = 0;
  let responses = 0;
  let cost: number | null = 0;
  let batchCost: number | null = 0;
  const execution = designs.execution && { ...designs.execution, tasks: sample };
  for (const name of needed) {
    const d = designs[name];
    if (!d) continue;
    // Responses per request (`n`) never above the repetitions of the size, as the designs set it.
    const perCall = typeof d.n === 'number' ? { n: Math.min(d.n, reps) } : {};
    const sized = name === 'pre' ? { ...d, tasks: sample, repetitions: reps, ...perCall } : name === 'choice' ? { ...d, tasks: pairs, repetitions: reps, ...perCall } : name === 'execution' ? execution : d;
    const costRows = await planCost(sized, { prices, ...(name === 'judge' && execution && { upstream: execution }) });
    for (const r of costRows) {
      calls += r.calls;
      responses += r.responses;
      cost = cost === null || r.cost === null ? null : cost + r.cost;
      batchCost = batchCost === null || r.batchCost === null ? null : batchCost + r.batchCost;
    }
  }
  return { calls, responses, cost: cost === null ? null : round(cost, 4), batchCost: batchCost === null ? null : round(batchCost, 4) };
}

function middle95(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return round(at(0.975) - at(0.025), 4);
}
