import { describe, expect, it } from 'vitest';
import { asCellId, type Trial } from '../../src/model';
import { validateSpec } from '../../src/experiments/validate-spec';
import { expandPlan } from '../../src/experiments/expand-plan';
import { planFacts } from '../../src/experiments/plan-facts';
import { NotebookIdentity, PLAN_SYNC_CALLS, type IdentityHost } from '../../src/state/notebook-identity.svelte';
import type { CellState } from '../../src/state/cell-state.svelte';
import { makeTrial } from '../fixtures/trial';

const design = (tasks: number, repetitions = 2) =>
  validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks: Array.from({ length: tasks }, (_, i) => `Task ${i}`), prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions });

function setup(spec: ReturnType<typeof design>) {
  const id = asCellId('c');
  const state = { spec };
  const trials = new Map<typeof id, readonly Trial[]>();
  const host: IdentityHost = { cells: () => [], endpoints: () => [], cellState: () => state as unknown as CellState, trials, inputs: new Map(), sandbox: () => null };
  return { id, state, trials, identity: new NotebookIdentity(host) };
}

async function expanded(identity: NotebookIdentity, id: ReturnType<typeof asCellId>): Promise<void> {
  for (let i = 0; i < 2_000 && identity.expanding(id); i++) await new Promise((r) => setTimeout(r, 5));
}

describe("a large plan on the page", () => {
  it('is expanded in slices, not in the task that first asks for it, and then splits the trials as a whole expansion would', async () => {
    const spec = design(600);
    expect(spec.tasks.length * 2 * 2).toBeGreaterThan(PLAN_SYNC_CALLS);
    const { id, trials, identity } = setup(spec);
    const whole = expandPlan(spec, identity.of('local'));
    trials.set(id, [makeTrial({ key: whole[5].key }), makeTrial({ key: whole[2_399].key, status: 'failed' }), makeTrial({ key: 'old|key' })]);
    // The first ask returns at once: no plan yet, the trials not sorted (neither current nor, wrongly, "other").
    expect(identity.plan(id)).toBeNull();
    expect(identity.expanding(id)).toBe(true);
    expect(identity.trials(id)).toEqual({ current: [], others: [], expanding: true });
    expect(identity.pendingCalls(id)).toBe(2_400);
    await expanded(identity, id);
    expect(identity.expanding(id)).toBe(false);
    expect(identity.plan(id)!.keys).toEqual(whole.map((p) => p.key));
    expect(identity.plan(id)!.summary.total).toBe(2_400);
    expect(identity.plan(id)!.preview).toEqual(planFacts(whole).preview);
    const split = identity.trials(id);
    expect(split.current.map((t) => t.key)).toEqual([whole[5].key, whole[2_399].key]);
    expect(split.others.map((t) => t.key)).toEqual(['old|key']);
    expect(split.expanding).toBeUndefined();
    // The failed trial is still to send.
    expect(identity.pendingCalls(id)).toBe(2_399);
  });

  it('is given up when the design changes meanwhile, and the new design is the one expanded', async () => {
    const { id, state, identity } = setup(design(600));
    expect(identity.plan(id)).toBeNull();
    state.spec = design(700);
    expect(identity.plan(id)).toBeNull();
    await expanded(identity, id);
    expect(identity.plan(id)!.keys).toHaveLength(700 * 2 * 2);
    expect(identity.plan(id)!.keys).toEqual(expandPlan(state.spec, identity.of('local')).map((p) => p.key));
  });

  it('small plans stay synchronous (what the panel shows at once for a class-sized design)', () => {
    const { id, identity } = setup(design(10));
    expect(identity.plan(id)!.keys).toHaveLength(40);
    expect(identity.expanding(id)).toBe(false);
  });
});
