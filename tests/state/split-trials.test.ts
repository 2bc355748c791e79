import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { currentTrials } from '../../src/experiments/trial-table';
import { TrialSplitter } from '../../src/state/split-trials';
import type { PlannedTrial, Trial } from '../../src/model';

const plan = expandPlan(validateSpec({ endpoint: 'local', models: ['m1', 'm2'], tasks: Array.from({ length: 30 }, (_, i) => `Task ${i}`), prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 2 }), { baseURL: 'http://127.0.0.1' });
/** What the page keeps of the plan: its keys. */
const planKeys = plan.map((p) => p.key);

let clock = 0;
/** A stored outcome of a planned trial (or of a key no longer planned). */
const trial = (p: Pick<PlannedTrial, 'key'>, status: Trial['status']): Trial => ({ id: `t${clock}`, key: p.key, status, endedAt: clock++ }) as unknown as Trial;

function reference(all: readonly Trial[]) {
  const keys = new Set(plan.map((p) => p.key));
  return { current: currentTrials(all, plan), others: all.filter((t) => !keys.has(t.key)) };
}

describe('TrialSplitter', () => {
  it('splits as currentTrials does while trials are appended batch by batch, retries and stale keys included', () => {
    const splitter = new TrialSplitter();
    let all: Trial[] = [];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let batch = 0; batch < 12; batch++) {
      const add = Array.from({ length: 1 + rand(15) }, () => (rand(10) === 0 ? trial({ key: `old|${rand(5)}` }, 'ok') : trial(plan[rand(plan.length)], rand(4) === 0 ? 'failed' : 'ok')));
      all = [...all, ...add];
      expect(splitter.split(all, planKeys)).toEqual(reference(all));
    }
    // Unchanged trials: the same split, the same object.
    const before = splitter.split(all, planKeys);
    expect(splitter.split([...all], planKeys)).toBe(before);
  });

  it('starts over when trials were replaced or removed, not only appended', () => {
    const splitter = new TrialSplitter();
    const all = plan.slice(0, 20).map((p) => trial(p, 'ok'));
    splitter.split(all, planKeys);
    const fewer = all.filter((_, i) => i % 3 !== 0);
    expect(splitter.split(fewer, planKeys)).toEqual(reference(fewer));
    const replaced = [trial(plan[0], 'failed'), ...fewer.slice(1)];
    expect(splitter.split(replaced, planKeys)).toEqual(reference(replaced));
  });

  it('answers a second ask with the same list and plan without reading its trials again', () => {
    const splitter = new TrialSplitter();
    let reads = 0;
    const all = new Proxy(plan.map((p) => trial(p, 'ok')), {
      get: (target, prop, receiver) => ((typeof prop === 'string' && /^\d+$/.test(prop) && reads++), Reflect.get(target, prop, receiver)),
    });
    const first = splitter.split(all, planKeys);
    reads = 0;
    expect(splitter.split(all, planKeys)).toBe(first);
    expect(reads).toBe(0);
  });
});
