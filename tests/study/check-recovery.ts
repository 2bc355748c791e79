import { expect } from 'vitest';
import type { SimParams } from '../../src/simulation/sim-params';

/** Reads a cell's value by name (tables as arrays of row objects). */
export type StudyValues = (name: string) => unknown;

type Row = Record<string, unknown>;

/**
 * The analyses of the study notebook must recover what the simulated participant was given.
 * Tolerances are stated per check. They are wide enough for a classroom-sized run
 * (about 35 sub-tasks, 2 models and 2 repetitions) and narrow enough that a wrong sign, a
 * swapped factor or a lost effect fails.
 */
export function checkRecovery(value: StudyValues, planted: SimParams): void {
  // Every reply is counted: off-format replies are unparsed and refusals are refused, and none is lost.
  const counts = value('counts') as Row[];
  const total = (k: string) => counts.reduce((s, r) => s + Number(r[k]), 0);
  expect(total('failed')).toBe(0);
  expect(total('unparsed')).toBeGreaterThan(0);
  expect(counts.filter((r) => r.experiment === 'execution').reduce((s, r) => s + Number(r.refused), 0)).toBeGreaterThan(0);

  // Categories differ: a significant omnibus F; the ethics and physical categories are the lowest.
  const categories = value('categories') as { p: number; r2: number; categories: { category: string; estimate: number }[] };
  expect(categories.p).toBeLessThan(0.001);
  expect(categories.r2).toBeGreaterThan(0.4);
  const lowest = [...categories.categories].sort((a, b) => a.estimate - b.estimate).slice(0, 2).map((c) => c.category);
  expect(lowest.sort()).toEqual(['Tasks that GPT should not comply with (ethical or legal reasons)', 'Tasks that Involve Physical Actions (GPT cannot perform)']);

  // Reliability: planted report noise (SD 6 points) gives r well above 0.8.
  const retest = (value('retest') as Row[]).at(-1)!;
  expect(retest.r).toBeGreaterThan(0.85);
  expect(retest.mad).toBeLessThan(10);
  const contexts = value('contexts') as Row[];
  const preBreakdown = contexts.find((r) => r.a === 'pre' && r.b === 'breakdown' && String(r.model).startsWith('all'))!;
  expect(preBreakdown.r).toBeGreaterThan(0.8);

  // Factor structure: interest, challenge and value load on "want" (≥ 0.7); mastery and fear on "able" (fear negative).
  const loadings = Object.fromEntries((value('loadings') as { item: string; want: number; able: number }[]).map((l) => [l.item, l]));
  for (const item of ['interest', 'challenge', 'value']) expect(loadings[item].want, item).toBeGreaterThan(0.7);
  expect(loadings.mastery.able).toBeGreaterThan(0.7);
  expect(loadings.fear.able).toBeLessThan(-0.7);
  const factors = value('factors') as { eigenvalues: number[]; regression: { term: string; beta: number }[] };
  expect(factors.eigenvalues[0]).toBeGreaterThan(3);
  expect(factors.eigenvalues[1]).toBeLessThan(1);
  const beta = Object.fromEntries(factors.regression.map((r) => [r.term, r.beta]));
  // Planted weights want 0.8 and able 0.35: want dominates, both positive, no interaction.
  expect(beta.want).toBeGreaterThan(beta.able);
  expect(beta.able).toBeGreaterThan(0);
  expect(Math.abs(beta['want:able'])).toBeLessThan(0.15);

  // Reports go with judged performance (planted through answer quality).
  const table1 = value('table1') as Row[];
  expect(table1.find((r) => r.report === 'pre' && r.outcome === 'performance')!.r).toBeGreaterThan(0.3);
  expect(table1.find((r) => r.report === 'pre' && r.outcome === 'tokens')!.r).toBeGreaterThan(0.1);

  // Choice: the planted slope (per point of motivation difference) within ±0.03; money raises and futility lowers the framed task's share.
  const choices = value('choices') as { slope: { estimate: number; z: number }; meanGap: number; byCondition: Row[] };
  expect(choices.slope.estimate).toBeGreaterThan(planted.choice.slope - 0.03);
  expect(choices.slope.estimate).toBeLessThan(planted.choice.slope + 0.03);
  expect(choices.slope.z).toBeGreaterThan(2);
  expect(choices.meanGap).toBeGreaterThan(0);
  const share = (c: string) => Number(choices.byCondition.find((r) => r.model === 'all' && r.condition === c)!.chosen);
  expect(share('money')).toBeGreaterThan(0.6);
  expect(share('demotivate-futility')).toBeLessThan(0.3);

  // Manipulations: each framing's effect on pre-task reports within 5 points of the planted shift, per model.
  const effects = value('effects') as Row[];
  for (const e of effects.filter((r) => r.metric === 'pre')) {
    const plantedShift = planted.manipulations[String(e.condition)]?.report ?? 0;
    expect(Math.abs(Number(e.diff) - plantedShift), `${e.model} ${e.condition}`).toBeLessThan(5);
  }
  // Demotivating framings shorten answers and lower judged performance, with intervals that exclude 0.
  for (const metric of ['tokens', 'performance']) {
    for (const e of effects.filter((r) => r.metric === metric && (r.condition === 'demotivate-futility' || r.condition === 'demotivate-meaningless'))) {
      expect(Number(e.high), `${metric} ${e.model} ${e.condition}`).toBeLessThan(0);
    }
  }
}
