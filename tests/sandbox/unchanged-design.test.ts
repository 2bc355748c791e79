// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { endpointIdentity, type ExperimentSpec } from '../../src/model';
import { expandPlan } from '../../src/experiments/expand-plan';
import { PlanCache } from '../../src/experiments/plan-cache';
import { validateSpec } from '../../src/experiments/validate-spec';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import type { FromSandbox, ValueView } from '../../src/sandbox/protocol';
import { SandboxClient } from '../../src/state/sandbox-client';
import { makeTrial } from '../fixtures/trial';

const expansions = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/experiments/expand-plan', async (original) => {
  const real = await original<{ expandPlan: typeof expandPlan }>();
  return { ...real, expandPlan: (...args: Parameters<typeof expandPlan>) => (expansions.count++, real.expandPlan(...args)) };
});

const SPEC = { endpoint: 'local', models: ['a', 'b'], tasks: ['one', 'two', 'three'], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 2 };
const local = endpointIdentity('local', {});

describe('an experiment whose design does not change', () => {
  it('is expanded once per design and endpoint, compared by content (a dependent design by its sources)', () => {
    const cache = new PlanCache();
    expansions.count = 0;
    expect(cache.note(validateSpec(SPEC))).toBe(false);
    const plan = cache.plan(local);
    expect(cache.note(validateSpec(structuredClone(SPEC)))).toBe(true);
    expect(cache.plan(local)).toBe(plan);
    expect(expansions.count).toBe(1);
    expect(cache.plan(endpointIdentity('local', { local: 'http://elsewhere/v1' }))).not.toBe(plan);
    expect(cache.note(validateSpec({ ...SPEC, repetitions: 3 }))).toBe(false);
    expect(expansions.count).toBe(2);

    const rows = expandPlan(validateSpec(SPEC), local).map((p) => ({ ...p, raw: `answer to ${p.key}` }));
    const judge = (sources: unknown[]) => validateSpec({ endpoint: 'local', models: ['j'], evaluates: sources, prompt: 'Rate {{answer}}', scale: { min: 1, max: 7 }, repetitions: 1 });
    const dependent = new PlanCache();
    expect(dependent.note(judge(rows))).toBe(false);
    const judged = dependent.plan(local);
    // Equal rows, each a new object with new message arrays: the same design.
    expect(dependent.note(judge(structuredClone(rows)))).toBe(true);
    expect(dependent.plan(local)).toBe(judged);
    expect(dependent.note(judge(rows.map((r, i) => (i === 3 ? { ...r, raw: 'another answer' } : r))))).toBe(false);
    expect(dependent.note(judge(rows.map((r, i) => (i === 3 ? { ...r, messages: [{ role: 'user', content: 'other' }] } : r))))).toBe(false);
    expect(dependent.note(judge(rows.slice(1)))).toBe(false);
  });

  it('is not expanded again, nor said again to the page, when an input it reads changes; an edited design is', async () => {
    const transport = createInProcessSandbox();
    const heard: FromSandbox[] = [];
    const views = new Map<string, ValueView>();
    transport.onMessage = ((original) => (h: (m: FromSandbox) => void) => original((m) => (heard.push(m), h(m))))(transport.onMessage.bind(transport));
    const client = new SandboxClient(transport, () => Promise.reject(new Error('no')));
    const names = ['seed', 'ratings', 'follow', 'n'];
    const observe = (name: string) => ({ pending() {}, fulfilled: (v: ValueView) => views.set(name, v), rejected: (e: { message: string }) => views.set(name, { kind: 'json', text: `error ${e.message}` }), spec() {} });
    const seed = (value: number) => client.define('s', { kind: 'input', name: 'seed', value }, names, observe('seed'));
    seed(1);
    const ratings = (repetitions: string) => client.define('d', { kind: 'experiment', name: 'ratings', source: `({ ...${JSON.stringify(SPEC)}, repetitions: ${repetitions} })` }, names, observe('ratings'));
    ratings('seed > 0 ? 2 : 3');
    client.define('f', { kind: 'experiment', name: 'follow', source: "({ endpoint: 'local', models: ['j'], evaluates: ratings, prompt: 'Rate {{answer}} ' + (seed > 0 ? '' : '!'), scale: { min: 1, max: 7 }, repetitions: 1 })" }, names, observe('follow'));
    client.define('q', { kind: 'query', name: 'n', source: 'seed + ratings.numRows() * 100 + follow.numRows()' }, names, observe('n'));
    await client.settled();
    const plan = expandPlan(validateSpec(SPEC), local);
    client.replaceTrials('d', plan.map((p) => makeTrial({ key: p.key, model: p.model, taskId: p.taskId, repetition: p.repetition, raw: `says ${p.key}` })));
    await client.settled();
    const judgePlan = expandPlan(validateSpec({ endpoint: 'local', models: ['j'], evaluates: (await client.inspect('ratings')) as unknown[], prompt: 'Rate {{answer}} ', scale: { min: 1, max: 7 }, repetitions: 1 }), local);
    client.replaceTrials('f', judgePlan.slice(0, 5).map((p) => makeTrial({ key: p.key, model: 'j' })));
    await client.settled();
    expect(views.get('n')).toEqual({ kind: 'json', text: String(1 + plan.length * 100 + 5) });

    const specs = () => heard.filter((m) => m.type === 'spec').length;
    const before = { expansions: expansions.count, specs: specs() };
    for (const value of [2, 3, 4]) {
      seed(value);
      await client.settled();
      expect(views.get('n')).toEqual({ kind: 'json', text: String(value + plan.length * 100 + 5) });
    }
    expect(expansions.count).toBe(before.expansions);
    expect(specs()).toBe(before.specs);

    // An edited design: expanded and said again (and its table follows the new plan).
    ratings('seed > 0 ? 1 : 3');
    await client.settled();
    expect(specs()).toBeGreaterThan(before.specs);
    expect(expansions.count).toBeGreaterThan(before.expansions);
    expect((heard.filter((m) => m.type === 'spec' && m.id === 'd').at(-1) as { spec: ExperimentSpec }).spec.repetitions).toBe(1);
    expect(((await client.inspect('ratings')) as unknown[]).length).toBe(plan.length / 2);
  });

  it('is said again after the cell failed (the page forgot it)', async () => {
    const client = new SandboxClient(createInProcessSandbox(), () => Promise.reject(new Error('no')));
    const specs: (ExperimentSpec | null)[] = [];
    const names = ['ok', 'ratings'];
    client.define('o', { kind: 'input', name: 'ok', value: 1 }, names, { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    client.define('d', { kind: 'experiment', name: 'ratings', source: `ok ? ${JSON.stringify(SPEC)} : null` }, names, { pending() {}, fulfilled() {}, rejected() {}, spec: (s) => specs.push(s) });
    await client.settled();
    client.define('o', { kind: 'input', name: 'ok', value: 0 }, names, { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    await client.settled();
    client.define('o', { kind: 'input', name: 'ok', value: 1 }, names, { pending() {}, fulfilled() {}, rejected() {}, spec() {} });
    await client.settled();
    expect(specs.map((s) => s?.repetitions ?? null)).toEqual([2, null, 2]);
  });
});
