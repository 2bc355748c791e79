import { describe, expect, it, vi } from 'vitest';
import type * as RenderPrompt from '../../src/experiments/render-prompt';

// Every prompt expandPlan makes goes through renderPrompt: counting its calls counts the
// conversations planCost builds. Before, it built all of them (the whole plan, and the whole
// upstream plan of a dependent design) to count calls and tokens on about 300.
const rendered = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/experiments/render-prompt', async (importOriginal) => {
  const real = await importOriginal<typeof RenderPrompt>();
  return { ...real, renderPrompt: (...args: Parameters<typeof real.renderPrompt>) => (rendered.count++, real.renderPrompt(...args)) };
});
const { planCost } = await import('../../src/study/plan-cost');

const models = ['m1', 'm2', 'm3', 'm4', 'm5'];
const tasks = Array.from({ length: 2000 }, (_, i) => ({ id: `k${i}`, text: `Sub-task ${i}` }));
const conditions = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, prefix: i ? `Framing ${i}.` : '' }));
const execution = { endpoint: 'local', models, tasks, conditions, prompt: '{{prefix}}\nGiven Task: {{task}}', measure: 'text', scale: { min: 0, max: 1000 }, maxTokens: 1000, repetitions: 1 };

describe('planCost at the scale of the study', () => {
  it('counts the calls of 200,000 trials and renders only the ~300 prompts it samples', async () => {
    rendered.count = 0;
    const rows = await planCost({ ...execution, prompt: '{{prefix}}\nHow motivated are you to do: {{task}}', measure: 'rating', scale: { min: 1, max: 100 }, repetitions: 4, n: 2 });
    expect(rows.map((r) => [r.model, r.calls, r.responses])).toEqual(models.map((m) => [m, 40_000, 80_000]));
    // 80,000 conversations (one per repetition, task and condition) before; 300 sampled calls plus at most one per model now.
    expect(rendered.count).toBeLessThanOrEqual(305);
  });

  it("a judge of 100,000 upstream answers builds only the sampled answers' conversations", async () => {
    rendered.count = 0;
    const judge = { endpoint: 'local', models: ['j1', 'j2'], evaluates: [], criteria: [{ name: 'q', text: 'Quality' }, { name: 'd', text: 'Detail' }], prompt: '{{task}}\n{{answer}}\n{{criteria}}', scale: { min: 1, max: 7 }, repetitions: 2, n: 2 };
    const rows = await planCost(judge, { upstream: execution });
    expect(rows.map((r) => [r.model, r.calls, r.responses])).toEqual([['j1', 100_000, 200_000], ['j2', 100_000, 200_000]]);
    // Each sampled call: its upstream answer's prompt and its own (before: 20,000 upstream and 200,000 judge prompts).
    expect(rendered.count).toBeLessThanOrEqual(2 * 302);
  });
});
