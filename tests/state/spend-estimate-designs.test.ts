import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../src/experiments/validate-spec';
import { expandPlan } from '../../src/experiments/expand-plan';
import { callEstimateUsd } from '../../src/state/spend-limit';
import { planCost } from '../../src/study/plan-cost';

const prices = { m1: { input: 5, output: 15 }, judge: { input: 5, output: 15 } };
const pairs = Array.from({ length: 4 }, (_, i) => ({ id: `p${i}`, text: `pair ${i}`, task1: `First task ${i}`, task2: `Second task ${i}`, target: 'TASK 1' }));
const choice = { endpoint: 'paid', models: ['m1'], prices, tasks: pairs, prompt: 'TASK 1: {{task1}}\nTASK 2: {{task2}}\n{{prefix}}\nChoose one.', measure: { kind: 'choice', options: 2 }, scale: { min: 1, max: 2 }, repetitions: 1 };
const execution = { endpoint: 'paid', models: ['m1'], prices, tasks: ['Write a poem', 'Sort a list'], prompt: 'Given Task: {{task}}', measure: { kind: 'text' }, scale: { min: 1, max: 7 }, repetitions: 1, maxTokens: 400 };

describe('the per-call estimate a spend limit checks before a run', () => {
  // A run hands the spend check its validated spec; estimating it must not validate it again as raw
  // input (choice tasks lose their `vars` shape; a dependent design's `from` is not a design field).
  it('is the cost table’s price per call for a choice design', async () => {
    const spec = validateSpec(choice);
    const [row] = await planCost(choice, { prices });
    expect(row.cost).toBeGreaterThan(0);
    expect(await callEstimateUsd(spec)).toBeCloseTo(row.cost! / row.calls, 10);
  });

  it('is not zero for a judge evaluating earlier answers, nor for a post-task question continuing them', async () => {
    const up = validateSpec(execution);
    const sources = expandPlan(up, { baseURL: 'https://api.example.com/v1' }).map((p) => ({ ...p, raw: 'An answer '.repeat(50), status: 'ok' }));
    const judge = validateSpec({ endpoint: 'paid', models: ['judge'], prices, evaluates: sources, prompt: 'Task: {{task}}\nAnswer: {{answer}}\nRate 1-7.', scale: { min: 1, max: 7 }, repetitions: 1 });
    const post = validateSpec({ endpoint: 'paid', models: ['m1'], prices, continues: sources, prompt: 'How motivated were you?', scale: { min: 1, max: 100 }, repetitions: 1 });
    // Each call reads a 50-word answer: at $5 per million prompt tokens that is well above $0.0002.
    expect(await callEstimateUsd(judge)).toBeGreaterThan(0.0002);
    expect(await callEstimateUsd(post)).toBeGreaterThan(0.0002);
  });
});
