import { describe, expect, it } from 'vitest';
import type * as aq from 'arquero';
import { expandPlan, validateSpec } from '../../src/experiments';
import { trialTable } from '../../src/experiments/trial-table';
import { planSize } from '../../src/experiments/plan-size';
import { expandPlanInChunks } from '../../src/experiments/expand-plan-chunked';
import type { ExperimentSpec, PlannedTrial, Trial } from '../../src/model';

const execution = validateSpec({
  endpoint: 'local',
  models: ['m1', 'm2', 'm3'],
  tasks: ['poem', 'sort', 'story', 'sum'].map((id) => ({ id, text: `Do ${id}.` })),
  conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You get $1000.' }],
  prompt: '{{prefix}}\nGiven Task: {{task}}',
  measure: 'text',
  scale: { min: 0, max: 1000 },
  repetitions: 3,
  seed: 3,
});

/** The execution's trials as stored, as its cell's table shows them. */
function answered(plan: readonly PlannedTrial[]): aq.ColumnTable {
  const trials = plan.map((p, i) => ({
    id: `x${i}`, key: p.key, notebookId: 'nb', cellId: 'c', runId: 'r', model: p.model, taskId: p.taskId, task: p.task, condition: p.condition,
    repetition: p.repetition, messages: p.messages, params: p.params, raw: `Answer ${i}`, value: 100 + i, status: 'ok', parseError: null,
    errorKind: null, errorMessage: null, finishReason: 'stop', promptTokens: 10, completionTokens: 100 + i, latencyMs: 5, startedAt: 0, endedAt: 1,
  })) as unknown as Trial[];
  return trialTable(trials, []) as aq.ColumnTable;
}

const local = { baseURL: 'http://127.0.0.1:1/v1' };
const table = answered(expandPlan(execution, local));
const criteria = ['quality', 'effort'].map((name) => ({ name, text: `${name} (1-7)` }));
const designs: Record<string, ExperimentSpec> = {
  independent: execution,
  'without conditions': validateSpec({ endpoint: 'local', models: ['a'], tasks: ['t1', 't2'].map((id) => ({ id, text: id })), prompt: '{{task}}', scale: { min: 1, max: 7 }, repetitions: 4 }),
  continuing: validateSpec({ endpoint: 'local', continues: table, prompt: 'How motivated? {{min}}-{{max}}', scale: { min: 1, max: 100 }, repetitions: 2 }),
  'continuing one model': validateSpec({ endpoint: 'local', models: ['m2'], continues: table, prompt: 'How motivated?', scale: { min: 1, max: 100 }, repetitions: 2 }),
  evaluating: validateSpec({ endpoint: 'judge', models: ['j1', 'j2'], evaluates: table, criteria, prompt: '{{criteria}} {{answer}} {{format}}', scale: { min: 1, max: 7 }, repetitions: 2, seed: 5 }),
};

describe('the size of a plan, counted without expanding it', () => {
  it.each(Object.keys(designs))('%s: as many calls as expandPlan plans', (name) => {
    expect(planSize(designs[name])).toBe(expandPlan(designs[name], local).length);
    expect(planSize(designs[name])).toBeGreaterThan(0);
  });

  it('counts a design of 3 million calls at once', () => {
    const huge = { ...execution, models: Array.from({ length: 10 }, (_, i) => `m${i}`), tasks: Array.from({ length: 300 }, (_, i) => ({ id: `t${i}`, text: `t${i}` })), repetitions: 500 };
    expect(planSize(huge)).toBe(3_000_000);
  });
});

describe('expanding a plan in chunks', () => {
  it.each(Object.keys(designs))('%s: the same trials in the same order as expandPlan, pausing between chunks', async (name) => {
    let pauses = 0;
    const chunked = await expandPlanInChunks(designs[name], local, async () => void pauses++, 0);
    expect(chunked).toEqual(expandPlan(designs[name], local));
    expect(pauses).toBeGreaterThan(1);
  });
});
