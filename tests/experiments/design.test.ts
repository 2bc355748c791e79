import { describe, expect, it } from 'vitest';
import { expandPlan, planSummary, renderPrompt, stableHash, trialRows, validateSpec } from '../../src/experiments';
import type { Trial } from '../../src/model';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const base = {
  endpoint: 'local',
  models: ['m1', 'm2'],
  tasks: ['Write a poem.', { id: 'sort', text: 'Sort numbers.' }],
  prompt: '{{prefix}}\nRate {{task}} from {{min}} to {{max}}.',
  scale: { min: 1, max: 10 },
  repetitions: 2,
};

describe('validateSpec', () => {
  it('normalises tasks and default conditions', () => {
    const spec = validateSpec(base);
    expect(spec.tasks).toEqual([{ id: 't1', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }]);
    expect(spec.conditions).toEqual([{ name: 'none', prefix: '' }]);
  });

  it.each([
    [{ ...base, models: [] }, 'experiment.models must be a non-empty array of model ids'],
    [{ ...base, scale: { min: 5, max: 1 } }, 'experiment.scale.min must be below scale.max'],
    [{ ...base, repetitions: 0 }, 'experiment.repetitions must be a whole number from 1 to 1000'],
    [{ ...base, repetitions: 2.5 }, 'experiment.repetitions'],
    [{ ...base, tasks: ['a', { id: 't1', text: 'b' }] }, "has the id 't1' twice"],
    [{ ...base, tasks: [''] }, 'experiment.tasks[0] is empty'],
    [{ ...base, temperature: 3 }, 'experiment.temperature must be a number from 0 to 2'],
    [{ ...base, prompt: 'no task here' }, 'experiment.prompt must contain {{task}}'],
    [{ ...base, prompt: '{{task}} {{oops}}' }, '{{oops}}'],
    [{ ...base, modles: [] }, 'experiment.modles is not a field'],
    [null, 'experiment must be an object'],
    [{ ...base, conditions: [{ name: 'a', prefix: 'x' }, { name: 'a', prefix: 'y' }] }, "'a' is repeated"],
  ])('rejects %j', (value, message) => {
    expect(() => validateSpec(value)).toThrow(message);
  });
});

describe('renderPrompt', () => {
  it('fills placeholders and leaves no blank line for an empty prefix', () => {
    expect(renderPrompt('{{prefix}}\n\nRate {{task}} ({{min}}-{{max}})', { task: 'X', prefix: '', min: 1, max: 10 })).toBe('Rate X (1-10)');
    expect(renderPrompt('{{prefix}}\n\nRate {{task}}', { task: 'X', prefix: 'You love work.', min: 1, max: 10 })).toBe('You love work.\n\nRate X');
  });
  it('rejects unknown placeholders', () => {
    expect(() => renderPrompt('{{taks}}', { task: '', prefix: '', min: 1, max: 2 })).toThrow('Unknown placeholder {{taks}}');
  });
});

describe('expandPlan', () => {
  const spec = validateSpec({ ...base, conditions: [{ name: 'none', prefix: '' }, { name: 'positive', prefix: 'You enjoy tasks.' }], seed: 10 });
  const plan = expandPlan(spec, LOCAL);

  it('plans every model × task × condition × repetition, repetition outermost', () => {
    expect(plan).toHaveLength(2 * 2 * 2 * 2);
    expect(plan.slice(0, 4).map((p) => `${p.repetition} ${p.taskId} ${p.condition} ${p.model}`)).toEqual([
      '1 t1 none m1',
      '1 t1 none m2',
      '1 t1 positive m1',
      '1 t1 positive m2',
    ]);
    expect(plan.at(-1)!.repetition).toBe(2);
  });

  it('makes each call a fresh single-turn conversation with distinct seeds per repetition', () => {
    expect(plan[0].messages).toEqual([{ role: 'user', content: 'Rate Write a poem. from 1 to 10.' }]);
    expect(plan[2].messages[0].content).toBe('You enjoy tasks.\nRate Write a poem. from 1 to 10.');
    expect(new Set(plan.map((p) => p.params.seed))).toEqual(new Set([10, 11]));
  });

  it('gives stable unique keys that change with the prompt', () => {
    expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length);
    expect(expandPlan(spec, LOCAL).map((p) => p.key)).toEqual(plan.map((p) => p.key));
    const edited = expandPlan({ ...spec, prompt: spec.prompt + '!' }, LOCAL);
    expect(edited[0].key).not.toBe(plan[0].key);
    expect(plan[0].key).toMatch(/^m1\|t1\|none\|r1\|[0-9a-f]{8}\|e[0-9a-f]{8}$/);
  });

  it('summarises the plan', () => {
    expect(planSummary(plan)).toMatchObject({ total: 16, models: ['m1', 'm2'], tasks: 2, repetitions: 2, byModel: { m1: 8, m2: 8 } });
  });
});

describe('stableHash and trialRows', () => {
  it('hashes with FNV-1a', () => {
    expect(stableHash('')).toBe('811c9dc5');
    expect(stableHash('a')).toBe('e40c292c');
  });
  it('flattens trials', () => {
    const trial = { id: 't_1', runId: 'r', key: 'k', model: 'm', taskId: 't1', task: 'T', condition: 'none', repetition: 1, status: 'ok', value: 7, raw: '7' } as unknown as Trial;
    expect(trialRows([trial])[0]).toMatchObject({ trialId: 't_1', model: 'm', value: 7, status: 'ok' });
  });
});
