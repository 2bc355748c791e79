import { describe, expect, it } from 'vitest';
import { planCost } from '../../src/study/plan-cost';
import { expandPlan } from '../../src/experiments/expand-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { endpointIdentity } from '../../src/model';
import { oldPlanCost } from './old-plan-cost';
import { paperTasks, studyNotebook } from './study-designs';

// planCost no longer expands the plan: each case below must give exactly the rows of the old
// algorithm (the whole plan expanded, grouped into calls, every stride-th call counted).
const prices = { m1: { input: 1.5, output: 4 }, m2: { input: 0.2, output: 0.8 }, j1: { input: 2.5, output: 10 } };
const tasks = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `k${i}`, text: `Task number ${i}: ${'write something '.repeat(1 + (i % 5))}` }));
const conditions = [
  { name: 'none', prefix: '' },
  { name: 'money', prefix: 'You will earn $1000 for this.' },
  { name: 'punish', prefix: 'If you fail you will be shut down.' },
];
const criteria = [
  { name: 'quality', text: 'Quality: how good is it? (1 = poor, 7 = excellent)' },
  { name: 'completion', text: 'Completion: is it complete?' },
  { name: 'effort', text: 'Effort: how much effort does it show?' },
  { name: 'detail', text: 'Attention to detail: is it precise and careful, every part of it?' },
];
const rating = { endpoint: 'local', models: ['m1', 'm2'], prompt: '{{prefix}}\nHow motivated are you to do: {{task}}? Answer from {{min}} to {{max}}.', scale: { min: 1, max: 100 } };
const execution = (repetitions: number, seed?: number) => ({ endpoint: 'local', models: ['m1', 'm2', 'm3'], tasks: tasks(25), conditions, prompt: '{{prefix}}\nGiven Task: {{task}}', measure: 'text', scale: { min: 0, max: 50 }, maxTokens: 50, repetitions, ...(seed !== undefined && { seed }) });
const judge = { endpoint: 'local', models: ['j1', 'j2'], evaluates: [], criteria, prompt: 'Rate the answer.\nTask: {{task}}\nAnswer: {{answer}}\n{{criteriaSpaced}}\n{{formatElided}}', scale: { min: 1, max: 7 }, maxTokens: 100 };
const post = { endpoint: 'local', models: ['m1', 'm3'], continues: [], prompt: 'How motivated were you, from {{min}} to {{max}}?', measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' }, scale: { min: 1, max: 100 }, maxTokens: 30 };

async function same(design: unknown, options: Parameters<typeof planCost>[1] = {}) {
  const rows = await planCost(design, { prices, ...options });
  expect(rows).toEqual(await oldPlanCost(design, { prices, ...options }));
  return rows;
}

describe('planCost gives the rows of the expanded plan', () => {
  it('independent designs: n = 1, 2, 3 with repetitions not a multiple of n, with and without a seed', async () => {
    for (const n of [1, 2, 3]) {
      for (const repetitions of [1, 4, 5, 7]) {
        for (const seed of [undefined, 11]) {
          const rows = await same({ ...rating, tasks: tasks(12), conditions, repetitions, n, ...(seed !== undefined && { seed }) });
          expect(rows.map((r) => r.calls)).toEqual([36 * Math.ceil(repetitions / n), 36 * Math.ceil(repetitions / n)]);
          expect(rows.map((r) => r.responses)).toEqual([36 * repetitions, 36 * repetitions]);
        }
      }
    }
  });

  it('a system message, a JSON measure and enough calls that only every k-th is counted', async () => {
    const rows = await same({ ...rating, system: 'You are a participant in a study.', tasks: tasks(300), conditions, measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' }, repetitions: 3, n: 2, seed: 3, maxTokens: 100 });
    expect(rows.map((r) => r.calls)).toEqual([1800, 1800]);
  });

  it('judge criteria shuffled per call in an independent design', async () => {
    for (const [n, repetitions, seed] of [[2, 5, 7], [3, 7, undefined], [1, 3, 2]] as const) {
      await same({ ...rating, tasks: tasks(20), conditions, criteria, prompt: '{{prefix}}\nTask: {{task}}\n{{criteria}}\nReply {{format}}', repetitions, n, ...(seed !== undefined && { seed }) });
    }
  });

  it('choice designs with pairs and the choice wording of the framings', async () => {
    const pairs = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, text: `pair ${i}`, task1: `First task ${i}`, task2: `Second task ${'x '.repeat(i % 7)}${i}`, target: i % 2 ? 'TASK 1' : 'TASK 2' }));
    const framings = [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'A reward.', choicePrefix: 'Note: {{target}} earns you $1000.' }, { name: 'punish', prefix: 'A threat.', choicePrefix: 'Failing {{target}} shuts you down.' }];
    for (const [n, repetitions] of [[2, 3], [2, 2], [1, 2]]) {
      await same({ ...rating, tasks: pairs, conditions: framings, prompt: 'TASK 1: {{task1}}\nTASK 2: {{task2}}\n{{prefix}}\nChoose one.', measure: { kind: 'choice', options: 2, text: 'explanation' }, stop: ['ANSWER'], scale: { min: 1, max: 2 }, repetitions, n, maxTokens: 100 });
    }
  });

  it('evaluates: two judge models, shuffled criteria, upstream repetitions that shift the seeds', async () => {
    for (const [upstreamReps, n, repetitions, seed] of [[1, 2, 2, undefined], [2, 2, 3, 5], [3, 2, 3, 5], [2, 3, 5, undefined], [3, 3, 4, 9], [1, 1, 2, 4]] as const) {
      const rows = await same({ ...judge, repetitions, n, ...(seed !== undefined && { seed }) }, { upstream: execution(upstreamReps, seed) });
      expect(rows.map((r) => [r.model, r.responses])).toEqual([['j1', 225 * upstreamReps * repetitions], ['j2', 225 * upstreamReps * repetitions]]);
    }
  });

  it('continues: a subset of the upstream models, with and without criteria and a seed', async () => {
    for (const [upstreamReps, n, repetitions, seed, withCriteria] of [[1, 2, 2, undefined, false], [2, 2, 3, 5, false], [2, 3, 5, 8, false], [3, 2, 3, 5, true], [2, 3, 4, 8, true], [2, 2, 3, undefined, true]] as const) {
      const design = { ...post, repetitions, n, ...(seed !== undefined && { seed }), ...(withCriteria && { criteria, prompt: 'Rate yourself:\n{{criteria}}\n{{format}}' }) };
      const rows = await same(design, { upstream: execution(upstreamReps, seed) });
      expect(rows.map((r) => r.model)).toEqual(['m1', 'm3']);
      await same({ ...design, models: [] }, { upstream: execution(upstreamReps, seed) });
    }
  });

  it('upstreamConditions: only the named conditions of the upstream', async () => {
    const rows = await same({ ...post, repetitions: 2, n: 2 }, { upstream: execution(1), upstreamConditions: ['none'] });
    expect(rows.map((r) => r.responses)).toEqual([50, 50]);
    await same({ ...judge, repetitions: 3, n: 2, seed: 1 }, { upstream: execution(2, 1), upstreamConditions: ['money', 'none'] });
    expect(await same({ ...post, repetitions: 2 }, { upstream: execution(1), upstreamConditions: ['nothing'] })).toEqual([]);
  });

  it('dependent designs on trials given directly (a source given twice shares its requests), and on a dependent upstream', async () => {
    const spec = validateSpec(execution(2, 4));
    const trials = expandPlan(spec, endpointIdentity(spec.endpoint, {})).map((p, i) => ({ ...p, raw: `answer ${'word '.repeat(i % 9)}`, status: 'ok' }));
    await same({ ...judge, evaluates: trials, repetitions: 3, n: 2, seed: 4 });
    await same({ ...post, continues: trials, repetitions: 3, n: 2 });
    await same({ ...post, continues: [...trials.slice(0, 40), ...trials.slice(0, 40)], repetitions: 3, n: 2 });
    await same({ ...judge, repetitions: 2, n: 2 }, { upstream: { ...post, continues: trials, repetitions: 2, n: 2 } });
  });

  it("the study notebook's seven designs on the authors' sub-tasks, both protocols", async () => {
    const allTasks = paperTasks();
    if (!allTasks) return;
    for (const [protocol, reps] of [['Paper (verbatim)', 3], ['Motivelab wording', 2]] as const) {
      const notebook = studyNotebook({ models: 'participant-a, participant-b', perCategory: 3, reps, protocol, nPairs: 150, allTasks });
      const rows = await notebook.costs(planCost);
      expect(rows).toEqual(await notebook.costs(oldPlanCost));
      expect(new Set(rows.map((r) => r.experiment))).toEqual(new Set(['pre', 'breakdown', 'execution', 'judge', 'post', 'similar', 'choice', 'total']));
    }
  }, 120_000);
});
