import { describe, expect, it } from 'vitest';
import * as study from '../../src/study';
import { seededRandom } from '../../src/analysis/seeded-random';

/** Trials of `models` × 40 sub-tasks × 3 framings × 2 repetitions with planted framing shifts. */
function plantedTrials(models: string[], shifts: Record<string, number>, seed = 3) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const modelShift = Object.fromEntries(models.map((m) => [m, 8 * normal()]));
  const rows = [];
  for (let t = 0; t < 40; t++) {
    const task = 6 * normal();
    for (const model of models)
      for (const condition of Object.keys(shifts))
        for (let repetition = 1; repetition <= 2; repetition++)
          rows.push({ model, taskId: `t${t}`, condition, repetition, status: 'ok', value: 55 + task + modelShift[model] + shifts[condition] + 4 * normal() });
  }
  // An unparsed reply is not data: it must not enter the model.
  rows.push({ model: models[0], taskId: 't0', condition: 'money', repetition: 3, status: 'unparsed', value: null });
  return rows;
}

describe('mixedConditionEffects', () => {
  it('recovers planted framing shifts across models and sub-tasks, with tasks and models random', () => {
    const trials = plantedTrials(['a', 'b', 'c', 'd'], { none: 0, money: 5, futility: -12 });
    const effects = study.mixedConditionEffects({ pre: trials });
    expect(effects.map((e) => e.condition).sort()).toEqual(['futility', 'money']);
    for (const e of effects) {
      const planted = e.condition === 'money' ? 5 : -12;
      expect(e.low).toBeLessThan(planted);
      expect(e.high).toBeGreaterThan(planted);
      expect(e.high - e.low).toBeLessThan(2.5);
      expect(e).toMatchObject({ metric: 'pre', model: 'all (mixed model)', n: 4 * 40 * 3 * 2, tasks: 40, models: 4, formula: 'value ~ condition + (1 | task) + (1 | model)' });
    }
  });

  it('drops the model intercept with one model, and reads a named column of any table', () => {
    const trials = plantedTrials(['only'], { none: 0, money: 5 }).map((r) => ({ ...r, score: r.value }));
    const [e] = study.mixedConditionEffects({ judged: { table: trials.filter((r) => r.status === 'ok'), column: 'score' } });
    expect(e.formula).toBe('score ~ condition + (1 | task)');
    expect(e.models).toBe(1);
    expect(Math.abs(e.diff - 5)).toBeLessThan(2);
  });

  it('gives no rows without a control or with a single sub-task, instead of an error', () => {
    const trials = plantedTrials(['a', 'b'], { money: 5, futility: -12 });
    expect(study.mixedConditionEffects({ pre: trials })).toEqual([]);
    const one = plantedTrials(['a', 'b'], { none: 0, money: 5 }).filter((r) => r.taskId === 't0');
    expect(study.mixedConditionEffects({ pre: one })).toEqual([]);
  });
});
