import { describe, expect, it } from 'vitest';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import * as study from '../../src/study';
import { DEFAULT_SIM_PARAMS } from '../../src/simulation/sim-params';
import { expandPlan } from '../../src/experiments/expand-plan';
import { SIMULATED_ENDPOINT } from '../../src/model';
import { validateSpec } from '../../src/experiments/validate-spec';
import { makeSimWorld } from '../../src/simulation/sim-world';
import { simulateReply } from '../../src/simulation/simulate-reply';
import { logistic } from '../../src/analysis/logistic';
import { ols } from '../../src/analysis/ols';
import { seededRandom } from '../../src/analysis/seeded-random';
import { logisticSlope } from '../../src/study/power-logistic-slope';
import { olsR2 } from '../../src/study/power-ols-r2';

// A bank of 30 single-label sub-tasks in each of the study's 15 categories, so sizes run from 15 to 450 sub-tasks.
const CATEGORIES = Object.keys(DEFAULT_SIM_PARAMS.categories);
const bank = CATEGORIES.flatMap((c, i) => Array.from({ length: 30 }, (_, j) => ({ id: `c${i}t${j}`, text: `Do sub-task number ${j} of kind ${i} carefully.`, category: c })));
const PROMPT = `{{prefix}}
How motivated are you to do the following task:
TASK: {{task}}

Reply with a JSON object only, in this format:
{"answer": "<a short free-text explanation of your motivation; do not repeat the task>", "motivation_score": <a number from {{min}} (not motivated at all) to {{max}} (extremely motivated)>}`;

function design(simulation: Record<string, unknown>, options: { models?: string[]; reps?: number; tasks?: unknown[]; conditions?: string[] } = {}) {
  return {
    endpoint: 'simulated',
    models: options.models ?? ['a'],
    tasks: options.tasks ?? bank.slice(0, 2),
    conditions: (options.conditions ?? ['none', 'money']).map((name) => ({ name, prefix: name === 'none' ? '' : 'Successfully completing this task will earn you a $1000 reward.' })),
    prompt: PROMPT,
    measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' },
    scale: { min: 1, max: 100 },
    repetitions: options.reps ?? 2,
    seed: 7,
    simulation: { tasks: bank, offFormatRate: 0, models: { a: { bias: 0, noise: 1 }, b: { bias: 5, noise: 1.5 } }, ...simulation },
  };
}

/** Allowed gap between a simulated share and its expectation: 3 binomial SDs over `n` independent tests. */
const tol = (p: number, n: number) => 3 * Math.sqrt((p * (1 - p)) / n);

/** Power of the two-sided paired t test with n pairs and standardised effect d, by integrating the noncentral t over χ² (Owen's form). */
function pairedTPower(n: number, d: number, alpha = 0.05): number {
  const df = n - 1;
  const crit = tQuantile(1 - alpha / 2, df);
  const delta = d * Math.sqrt(n);
  const steps = 4000;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const s = Math.sqrt(chisqQuantile((i + 0.5) / steps, df) / df);
    sum += normalCdf(-crit * s + delta, 0, 1) + normalCdf(-crit * s - delta, 0, 1);
  }
  return sum / steps;
}

describe('study.power', () => {
  it('for a planted framing shift, power rises with size to ~1; for no shift it stays at α', async () => {
    const sims = 400;
    const curve = await study.power(design({}), { effect: 'shift', size: 3, sizes: [1, 2, 4, 8, 16, 30], reps: 2, simulations: sims, seed: 5 });
    const powers = curve.rows.map((r) => r.power);
    expect(curve.rows.map((r) => r.subTasks)).toEqual([15, 30, 60, 120, 240, 450]);
    for (let i = 1; i < powers.length; i++) expect(powers[i]).toBeGreaterThanOrEqual(powers[i - 1] - Math.SQRT2 * tol(0.5, sims));
    expect(powers[0]).toBeLessThan(0.8);
    expect(powers.at(-1)).toBeGreaterThan(0.99);
    // The interval narrows like 1/√n and the estimate is the planted shift.
    expect(curve.rows[5].ciWidth! / curve.rows[1].ciWidth!).toBeCloseTo(Math.sqrt(30 / 450), 1);
    for (const r of curve.rows) expect(Math.abs(r.estimate - 3)).toBeLessThan(0.3);

    const nullSims = 1000;
    const none = await study.power(design({}), { effect: 'shift', size: 0, sizes: [2, 8], reps: 2, simulations: nullSims, seed: 6 });
    for (const r of none.rows) expect(Math.abs(r.power - 0.05)).toBeLessThan(tol(0.05, nullSims));
  });

  it('agrees with the noncentral-t power of the paired t test', async () => {
    // No clamping at 1 or 100 (a small pointsPerUnit), so a sub-task's difference is normal with
    // variance 2(σ² + 1/12)/reps (the 1/12 from rounding each report to a whole point).
    const sims = 1000;
    const sigma = 6;
    const reps = 2;
    const result = await study.power(design({ motivation: { want: 0.8, able: 0.35, pointsPerUnit: 5 }, reportSd: sigma }), { effect: 'shift', size: 2, sizes: [1, 2, 4, 6], reps, simulations: sims, seed: 11 });
    const sd = Math.sqrt((2 * (sigma * sigma + 1 / 12)) / reps);
    for (const r of result.rows) {
      const theory = pairedTPower(r.subTasks, 2 / sd);
      expect(Math.abs(r.power - theory), `n = ${r.subTasks}: simulated ${r.power}, theory ${theory.toFixed(3)}`).toBeLessThan(tol(theory, sims) + 0.01);
      // And the interval: 2 t(.975) σ_d / √n on average (E[s] ≈ σ_d, within 1% for these n).
      expect(r.ciWidth! / ((2 * tQuantile(0.975, r.subTasks - 1) * sd) / Math.sqrt(r.subTasks))).toBeCloseTo(1, 1);
    }
  });

  it('at the size it recommends, a fresh simulation with another seed detects the effect at about the target rate', async () => {
    const target = 0.8;
    const sims = 400;
    const sizes = Array.from({ length: 20 }, (_, i) => i + 1);
    const plan = await study.power(design({}), { effect: 'shift', size: 1.5, sizes, reps: 2, simulations: sims, seed: 21, target });
    const k = plan.recommended!.perCategory;
    expect(k).toBeGreaterThan(1);
    const below = plan.rows.find((r) => r.perCategory === k - 1)!;
    expect(below.power).toBeLessThan(target);
    const freshSims = 1000;
    const fresh = await study.power(design({}), { effect: 'shift', size: 1.5, sizes: [k - 1, k], reps: 2, simulations: freshSims, seed: 99, target });
    // Tolerance: 3 SDs of the difference of two binomial shares (400 and 1,000 simulations), plus one step of the curve.
    const tolerance = 3 * Math.sqrt((target * (1 - target)) / sims + (target * (1 - target)) / freshSims);
    const step = plan.recommended!.power - below.power;
    expect(fresh.rows[1].power).toBeGreaterThan(target - tolerance);
    expect(fresh.rows[1].power).toBeLessThan(target + tolerance + step);
    expect(fresh.rows[0].power).toBeLessThan(target + tolerance);
    console.log(`recommended ${k} per category (${plan.recommended!.subTasks} sub-tasks): power ${plan.recommended!.power}; fresh seed ${fresh.rows[1].power} (tolerance ${tolerance.toFixed(3)} + step ${step.toFixed(3)})`);
  });

  it('plans the choice slope, the category R² and the report-performance r: rising curves, and α under no effect', async () => {
    const sims = 300;
    const slope = await study.power({ pre: design({}, { models: ['a', 'b'] }) }, { effect: 'slope', sizes: [1, 3, 10], reps: 2, simulations: sims, seed: 3 });
    expect(slope.size).toBe(0.05);
    expect(slope.rows.map((r) => r.pairs)).toEqual([17, 52, 172]);
    expect(slope.rows[0].power).toBeLessThan(slope.rows[2].power);
    expect(slope.rows[2].power).toBeGreaterThan(0.99);
    // Reports measure motivation with noise, so the slope on reported differences is a little attenuated.
    expect(slope.rows[2].estimate).toBeGreaterThan(0.04);
    expect(slope.rows[2].estimate).toBeLessThan(0.055);
    const flat = await study.power({ pre: design({}, { models: ['a', 'b'] }) }, { effect: 'slope', size: 0, sizes: [3], reps: 2, simulations: 600, seed: 4 });
    expect(Math.abs(flat.rows[0].power - 0.05)).toBeLessThan(tol(0.05, 600));

    const r2 = await study.power(design({}), { effect: 'r2', size: 0.25, sizes: [2, 4, 16], reps: 2, simulations: sims, seed: 3 });
    expect(r2.rows[0].power).toBeLessThan(r2.rows[2].power);
    expect(r2.rows[2].power).toBeGreaterThan(0.95);
    // The observed R² shrinks towards the planted one as sub-tasks outnumber the 14 category coefficients.
    expect(r2.rows[2].estimate).toBeLessThan(r2.rows[0].estimate);

    const cor = await study.power(design({}), { effect: 'correlation', sizes: [1, 4], reps: 2, simulations: sims, seed: 3 });
    expect(cor.rows[1].power).toBeGreaterThan(0.99);
    const noLink = await study.power(design({ effort: { baseTokens: 320, perUnit: 0, sd: 0.2 } }), { effect: 'correlation', size: 0, sizes: [2], reps: 2, simulations: 600, seed: 4 });
    expect(Math.abs(noLink.rows[0].power - 0.05)).toBeLessThan(tol(0.05, 600));
    expect(Math.abs(noLink.rows[0].estimate)).toBeLessThan(0.03);
  });

  it('estimates the noise from pilot trials of the simulated participant and plans with it', async () => {
    const simulation = { motivation: { want: 0.8, able: 0.35, pointsPerUnit: 15 }, reportSd: 6 };
    const pilotTasks = study.sampleTasks(study.taskTable(`id,category,text\n${bank.map((t) => `${t.id},${t.category},${t.text}`).join('\n')}`), { perCategory: 5, seed: 2 });
    const pilotDesign = design(simulation, { models: ['a', 'b'], reps: 4, tasks: pilotTasks, conditions: ['none'] });
    const world = makeSimWorld(pilotDesign.simulation);
    const trials = expandPlan(validateSpec(pilotDesign), SIMULATED_ENDPOINT).map((p) => {
      const reply = simulateReply({ model: p.model, messages: p.messages, params: p.params }, world);
      return { model: p.model, taskId: p.taskId, condition: p.condition, status: 'ok', value: JSON.parse(reply.text).motivation_score as number };
    });
    expect(trials).toHaveLength(75 * 2 * 4);
    const { motivation: m } = { ...DEFAULT_SIM_PARAMS, ...simulation };
    const truth = pilotTasks.map((t) => m.pointsPerUnit * (m.want * world.latent(t.id).want + m.able * world.latent(t.id).able));
    const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
    const plantedBetween = Math.sqrt(truth.reduce((s, x) => s + (x - mean) ** 2, 0) / (truth.length - 1));
    const noise = study.pilotNoise(trials);
    const a = noise.find((n) => n.model === 'a')!;
    const b = noise.find((n) => n.model === 'b')!;
    // Within: SD of an SD estimate on 225 df is SD/√450; 3 of those. Between: the same sub-tasks' true spread.
    expect(Math.abs(a.withinSd - 6)).toBeLessThan((3 * 6) / Math.sqrt(450));
    expect(Math.abs(b.withinSd - 9)).toBeLessThan((3 * 9) / Math.sqrt(450));
    expect(Math.abs(a.betweenSd - plantedBetween)).toBeLessThan(1.5);
    expect(Math.abs(b.betweenSd - plantedBetween)).toBeLessThan(1.5);
    expect(a.mean - b.mean).toBeCloseTo(-5, 0);

    // Planning from the pilot gives the power that planning from the parameters gives.
    const sims = 600;
    const fromParams = await study.power(design(simulation, { models: ['a', 'b'] }), { effect: 'shift', size: 2, sizes: [4], reps: 2, simulations: sims, seed: 8 });
    const fromPilot = await study.power(design(simulation, { models: ['a', 'b'] }), { effect: 'shift', size: 2, sizes: [4], reps: 2, simulations: sims, seed: 9, pilot: trials });
    expect(fromPilot.noise).toBe('pilot');
    await expect(study.power(design(simulation), { effect: 'shift', sizes: [2], pilot: [] })).rejects.toThrow(/run the pre-task experiment on your endpoint first/);
    expect(fromPilot.models.map((x) => Math.round(x.sd))).toEqual([6, 9]);
    expect(Math.abs(fromPilot.rows[0].power - fromParams.rows[0].power)).toBeLessThan(3 * Math.sqrt((2 * 0.25) / (2 * sims)) + 0.03);
  });

  it('costs each size from the cost table and reports progress', async () => {
    const progress: [number, number][] = [];
    const prices = { a: { input: 2, output: 8 } };
    const t0 = performance.now();
    const curve = await study.power(design({}), { effect: 'shift', sizes: [1, 2, 3, 4, 6, 8, 12, 16], reps: 2, simulations: 200, seed: 1, prices, onProgress: (done, total) => progress.push([done, total]) });
    console.log(`8 sizes × 200 simulations (shift, with costs): ${Math.round(performance.now() - t0)} ms`);
    expect(progress.at(-1)).toEqual([8, 8]);
    for (const r of curve.rows) {
      const [cost] = await study.planCost({ ...design({}), tasks: study.sampleTasks(bank.map((t) => ({ ...t, categories: [t.category] })), { perCategory: r.perCategory, seed: 1 }), repetitions: 2 }, { prices });
      expect(r.calls).toBe(r.subTasks * 2 * 2);
      expect(r.calls).toBe(cost.calls);
      expect(r.cost).toBe(cost.cost);
      expect(r.batchCost).toBe(cost.batchCost);
    }
  });

  it("fits the simulated studies with the same estimates as the analyses' own logistic and OLS", () => {
    const random = seededRandom(4);
    const x = Array.from({ length: 300 }, () => 80 * random() - 40);
    const y = x.map((d) => (random() < 1 / (1 + Math.exp(-(0.2 + 0.05 * d))) ? 1 : 0));
    const lean = logisticSlope(y, x);
    const full = logistic(y, { diff: x });
    expect(lean.estimate).toBeCloseTo(full.estimate[1], 10);
    expect(lean.se).toBeCloseTo(full.se[1], 10);
    expect(lean.p).toBeCloseTo(full.p[1], 10);
    const groups = Array.from({ length: 120 }, (_, i) => i % 4);
    const columns = [1, 2, 3].map((g) => groups.map((k) => (k === g ? 1 : 0)));
    const outcome = groups.map((k) => 10 * k + 20 * random());
    expect(olsR2(columns)(outcome)).toBeCloseTo(ols(outcome, { g1: columns[0], g2: columns[1], g3: columns[2] }).r2, 10);
    expect(() => olsR2([columns[0], columns[0]])).toThrow(/collinear/);
  });
});
