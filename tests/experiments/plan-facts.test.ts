import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { planFacts } from '../../src/experiments/plan-facts';

const LOCAL = { baseURL: 'http://127.0.0.1' };

describe('planFacts: what the page keeps of a plan', () => {
  const spec = validateSpec({
    endpoint: 'local', models: ['m1', 'm2'], tasks: ['one', 'two'], conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You earn $1000.' }],
    prompt: '{{prefix}}\n\nRate {{task}}', scale: { min: 1, max: 7 }, repetitions: 4, n: 2,
  });
  const plan = expandPlan(spec, LOCAL);
  const facts = planFacts(plan);

  it('keeps every key in plan order and the counts the panel shows', () => {
    expect(facts.keys).toEqual(plan.map((p) => p.key));
    expect(facts.summary).toMatchObject({ total: 32, models: ['m1', 'm2'], tasks: 2, conditions: ['none', 'money'], repetitions: 4, byModel: { m1: 16, m2: 16 } });
  });

  it('previews the first call of each of the first three distinct conversations (repeated calls and other models skipped)', () => {
    expect(facts.preview.map((p) => [p.model, p.taskId, p.condition, p.repetition])).toEqual([['m1', 't1', 'none', 1], ['m1', 't1', 'money', 1], ['m1', 't2', 'none', 1]]);
    expect(facts.preview.map((p) => p.messages.map((m) => m.content))).toEqual([['Rate one'], ['You earn $1000.\n\nRate one'], ['Rate two']]);
  });
});
