import { describe, expect, it } from 'vitest';
import { SvelteMap } from 'svelte/reactivity';
import { asCellId, asNotebookId, type CellId, type SlimTrial, type Store } from '../../src/model';
import { PageTrials } from '../../src/state/page-trials';
import { makeTrial } from '../fixtures/trial';

/**
 * How the page's trials of a cell change as batches arrive: new trials are appended (and only
 * they need to reach the sandbox), held slim; a trial stored again replaces its earlier copy.
 */
describe('PageTrials.merge', () => {
  const cell = asCellId('c');
  const make = () => new PageTrials(new SvelteMap<CellId, readonly SlimTrial[]>(), {} as Store, asNotebookId('n'));

  it('appends new trials, slim, and names them as the only ones added', () => {
    const trials = make();
    const first = [makeTrial(), makeTrial()];
    const a = trials.merge(cell, first);
    expect(a.added?.map((t) => t.id)).toEqual(first.map((t) => t.id));
    const second = [makeTrial(), makeTrial(), makeTrial()];
    const b = trials.merge(cell, second);
    expect(b.added?.map((t) => t.id)).toEqual(second.map((t) => t.id));
    expect(b.all.map((t) => t.id)).toEqual([...first, ...second].map((t) => t.id));
    expect(trials.map.get(cell)).toBe(b.all);
    // A new list per change (readers compare lists by identity), the earlier one left as it was.
    expect(a.all).toHaveLength(2);
    expect(b.all.every((t) => !('messages' in t) && !('params' in t))).toBe(true);
  });

  it('replaces a trial stored again, at the end, and then asks for the whole list to be sent', () => {
    const trials = make();
    const [x, y, z] = [makeTrial(), makeTrial(), makeTrial()];
    trials.merge(cell, [x, y]);
    trials.merge(cell, [z]);
    const redone = { ...x, value: 9 };
    const c = trials.merge(cell, [redone]);
    expect(c.added).toBeNull();
    expect(c.all.map((t) => t.id)).toEqual([y.id, z.id, x.id]);
    expect(c.all.at(-1)!.value).toBe(9);
    // Later appends still know every id held.
    const w = makeTrial();
    expect(trials.merge(cell, [w]).added?.map((t) => t.id)).toEqual([w.id]);
    expect(trials.merge(cell, [{ ...y, value: 1 }]).added).toBeNull();
    expect(trials.map.get(cell)!.map((t) => t.id)).toEqual([z.id, x.id, w.id, y.id]);
  });
});
