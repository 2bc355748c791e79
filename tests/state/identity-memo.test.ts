import { describe, expect, it } from 'vitest';
import { asCellId, type Trial } from '../../src/model';
import { validateSpec } from '../../src/experiments/validate-spec';
import { NotebookIdentity, type IdentityHost } from '../../src/state/notebook-identity.svelte';
import type { CellState } from '../../src/state/cell-state.svelte';
import { makeTrial } from '../fixtures/trial';

describe("the page's plans and current trials", () => {
  it('are expanded and matched once per design and stored trials, however many figures ask', () => {
    const id = asCellId('c');
    const state = { spec: validateSpec({ endpoint: 'local', models: ['m'], tasks: ['one', 'two'], prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 2 }) };
    const trials = new Map<typeof id, readonly Trial[]>();
    const host: IdentityHost = { cells: () => [], endpoints: () => [], cellState: () => state as unknown as CellState, trials, inputs: new Map(), sandbox: () => null };
    const identity = new NotebookIdentity(host);
    const plan = identity.plan(id)!;
    trials.set(id, [makeTrial({ key: plan.keys[0] }), makeTrial({ key: 'old|key' })]);
    expect(identity.plan(id)).toBe(plan);
    const split = identity.trials(id);
    expect(split.current.map((t) => t.key)).toEqual([plan.keys[0]]);
    expect(split.others.map((t) => t.key)).toEqual(['old|key']);
    expect(identity.trials(id)).toBe(split);
    // New trials or a new design: computed again.
    trials.set(id, [...trials.get(id)!, makeTrial({ key: plan.keys[1] })]);
    expect(identity.trials(id).current.map((t) => t.key)).toEqual([plan.keys[0], plan.keys[1]]);
    state.spec = validateSpec({ ...state.spec, repetitions: 3 });
    expect(identity.plan(id)).not.toBe(plan);
    expect(identity.plan(id)!.keys).toHaveLength(6);
  });
});
