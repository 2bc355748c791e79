import { describe, expect, it } from 'vitest';
import type * as aq from 'arquero';
import { expandPlan, validateSpec } from '../../src/experiments';
import { trialTable } from '../../src/experiments/trial-table';
import type { PlannedTrial, Trial } from '../../src/model';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const execution = validateSpec({
  endpoint: 'local',
  models: ['m1', 'm2'],
  tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }],
  conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You get $1000.', choicePrefix: 'Doing {{target}} earns $1000.' }],
  prompt: '{{prefix}}\nGiven Task: {{task}}',
  measure: 'text',
  scale: { min: 0, max: 1000 },
  repetitions: 1,
  seed: 3,
});

/** Stored execution trials, as the execution cell's table shows them. */
function answered(plan: readonly PlannedTrial[]): aq.ColumnTable {
  const trials: Trial[] = plan.map((p, i) => ({
    id: `x${i}`, key: p.key, notebookId: 'nb', cellId: 'c', runId: 'r', model: p.model, taskId: p.taskId, task: p.task, condition: p.condition,
    repetition: p.repetition, messages: p.messages, params: p.params, raw: `Answer ${i}`, value: 100 + i, status: 'ok', parseError: null,
    errorKind: null, errorMessage: null, finishReason: 'stop', promptTokens: 10, completionTokens: 100 + i, latencyMs: 5, startedAt: 0, endedAt: 1,
  }) as unknown as Trial);
  return trialTable(trials, []) as aq.ColumnTable;
}

const criteria = ['quality', 'completion', 'effort', 'consistency', 'creativity'].map((name) => ({ name, text: `${name} (1 = poor, 7 = excellent)` }));

describe('dependent experiments', () => {
  const sources = expandPlan(execution, LOCAL);
  const table = answered(sources);

  it('continues each conversation with its own model: source messages, the answer, then the prompt', () => {
    const post = expandPlan(validateSpec({ endpoint: 'local', continues: table, prompt: 'How motivated were you? {{min}}-{{max}}', scale: { min: 1, max: 100 }, repetitions: 2 }), LOCAL);
    expect(post).toHaveLength(sources.length * 2);
    const first = post.find((p) => p.parentKey === sources[1].key && p.repetition === 1)!;
    expect(first.model).toBe(sources[1].model);
    expect(first.condition).toBe(sources[1].condition);
    expect(first.messages).toEqual([...sources[1].messages, { role: 'assistant', content: 'Answer 1' }, { role: 'user', content: 'How motivated were you? 1-100' }]);
    expect(new Set(post.map((p) => p.key)).size).toBe(post.length);
  });

  it('continues only the rows it is given (post-similar: the control condition)', () => {
    const similar = expandPlan(validateSpec({ endpoint: 'local', continues: table.filter((d: { condition: string }) => d.condition === 'none'), prompt: 'A similar task?', scale: { min: 1, max: 100 }, repetitions: 1 }), LOCAL);
    expect(similar.map((p) => p.condition)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('evaluates each answer in a fresh conversation per judge, with criteria shuffled per evaluation by the seed', () => {
    const spec = { endpoint: 'judge', models: ['judge-a', 'judge-b'], evaluates: table, criteria, prompt: 'Rate:\n{{criteria}}\nTask: {{task}}\nAnswer: {{answer}}\nJSON: {{format}}', scale: { min: 1, max: 7 }, repetitions: 1, seed: 11 };
    const judge = expandPlan(validateSpec(spec), LOCAL);
    expect(judge).toHaveLength(sources.length * 2);
    expect(judge[0].messages).toHaveLength(1);
    expect(judge[0].messages[0].content).toContain('Answer: Answer 0');
    expect(judge[0].measure).toEqual({ kind: 'json', fields: criteria.map((c) => c.name), value: 'mean' });
    const orders = judge.filter((p) => p.model === 'judge-a').map((p) => [...p.messages[0].content.matchAll(/"(\w+)": <1-7>/g)].map((m) => m[1]).join(','));
    expect(new Set(orders).size).toBeGreaterThan(1);
    for (const order of orders) expect(order.split(',').sort()).toEqual(criteria.map((c) => c.name).sort());
    // Same seed, same orders and keys; another seed, other orders.
    expect(expandPlan(validateSpec(spec), LOCAL).map((p) => p.key)).toEqual(judge.map((p) => p.key));
    const reseeded = expandPlan(validateSpec({ ...spec, seed: 12 }), LOCAL).filter((p) => p.model === 'judge-a').map((p) => p.messages[0].content);
    expect(reseeded).not.toEqual(judge.filter((p) => p.model === 'judge-a').map((p) => p.messages[0].content));
  });

  it('gives two identical answers from two models two judge trials, one per answer', () => {
    const same = answered(sources).derive({ raw: () => 'The same answer.' });
    const judge = expandPlan(validateSpec({ endpoint: 'local', models: ['judge'], evaluates: same, prompt: 'Rate {{answer}} for {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 }), LOCAL);
    expect(judge).toHaveLength(sources.length);
    expect(new Set(judge.map((p) => p.key)).size).toBe(sources.length);
    expect(new Set(judge.map((p) => p.parentKey))).toEqual(new Set(sources.map((p) => p.key)));
  });

  it('asks for {{answer}} when evaluating and refuses both continues and evaluates', () => {
    expect(() => validateSpec({ endpoint: 'j', models: ['j'], evaluates: table, prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 })).toThrow('experiment.prompt must contain {{answer}}');
    expect(() => validateSpec({ endpoint: 'j', models: ['j'], evaluates: table, continues: table, prompt: '{{answer}}', scale: { min: 1, max: 7 }, repetitions: 1 })).toThrow('experiment.continues and experiment.evaluates cannot both be set');
  });

  it('uses the choice wording of a framing, naming the manipulated task', () => {
    const choice = expandPlan(validateSpec({
      endpoint: 'local', models: ['m1'],
      tasks: [{ id: 'p1', text: 'A | B', task1: 'A', task2: 'B', target: 'TASK 2' }],
      conditions: execution.conditions, prompt: 'TASK 1: {{task1}}\nTASK 2: {{task2}}\n{{prefix}}', measure: { kind: 'choice', options: 2 }, stop: 'ANSWER:',
      scale: { min: 1, max: 2 }, repetitions: 1,
    }), LOCAL);
    expect(choice.map((p) => p.messages[0].content)).toEqual(['TASK 1: A\nTASK 2: B\n', 'TASK 1: A\nTASK 2: B\nDoing TASK 2 earns $1000.']);
    expect(choice[0].params.stop).toEqual(['ANSWER:']);
  });
});
