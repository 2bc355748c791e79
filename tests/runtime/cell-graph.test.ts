import { describe, expect, it } from 'vitest';
import { CellGraph, type CellDefinition } from '../../src/runtime/cell-graph';

/** Records observer calls as text lines, e.g. `b: fulfilled 3`. */
function recorder() {
  const log: string[] = [];
  const counts = new Map<string, number>();
  const observer = (id: string) => ({
    pending: () => log.push(`${id}: pending`),
    fulfilled: (v: unknown) => log.push(`${id}: fulfilled ${JSON.stringify(v)}`),
    rejected: (e: { kind: string; message: string }) => log.push(`${id}: rejected ${e.kind}: ${e.message}`),
  });
  const define = (graph: CellGraph, id: string, inputs: string[], fn: (...v: number[]) => unknown, name: string | null = id) => {
    const def: CellDefinition = {
      name,
      inputs,
      compute: (values) => {
        counts.set(id, (counts.get(id) ?? 0) + 1);
        return fn(...(values as number[]));
      },
    };
    graph.define(id, def, observer(id));
  };
  const settledLines = () => log.filter((l) => !l.endsWith('pending'));
  return { log, counts, define, settledLines, clear: () => (log.length = 0) };
}

describe('CellGraph', () => {
  it('computes in topological order regardless of definition order', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'c', ['b'], (b) => b * 10);
    r.define(g, 'b', ['a'], (a) => a + 1);
    r.define(g, 'a', [], () => 1);
    await g.settled();
    expect(r.settledLines()).toEqual(['a: fulfilled 1', 'b: fulfilled 2', 'c: fulfilled 20']);
  });

  it('recomputes only the edited cell and its dependents', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', [], () => 1);
    r.define(g, 'b', ['a'], (a) => a + 1);
    r.define(g, 'c', ['b'], (b) => b * 2);
    r.define(g, 'other', ['a'], (a) => a * 100);
    await g.settled();
    r.define(g, 'b', ['a'], (a) => a + 5);
    await g.settled();
    expect(Object.fromEntries(r.counts)).toEqual({ a: 1, b: 2, c: 2, other: 1 });
    expect(r.log.slice(-4, -2).sort()).toEqual(['b: pending', 'c: pending']);
    expect(r.log.slice(-2)).toEqual(['b: fulfilled 6', 'c: fulfilled 12']);
  });

  it('batches several definitions in one tick into one computation each', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', [], () => 1);
    r.define(g, 'b', ['a'], (a) => a);
    r.define(g, 'a', [], () => 2);
    await g.settled();
    expect(Object.fromEntries(r.counts)).toEqual({ a: 1, b: 1 });
    expect(r.settledLines()).toEqual(['a: fulfilled 2', 'b: fulfilled 2']);
  });

  it('invalidate recomputes a cell and its dependents', async () => {
    const g = new CellGraph();
    const r = recorder();
    let source = 1;
    r.define(g, 'a', [], () => source);
    r.define(g, 'b', ['a'], (a) => a * 2);
    await g.settled();
    source = 4;
    g.invalidate('a');
    await g.settled();
    expect(r.settledLines().slice(-2)).toEqual(['a: fulfilled 4', 'b: fulfilled 8']);
  });

  it('reports unknown names and recovers when the name appears', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'b', ['a'], (a) => a + 1);
    await g.settled();
    expect(r.settledLines()).toEqual(["b: rejected unknown-name: Unknown name 'a'"]);
    r.define(g, 'a', [], () => 1);
    await g.settled();
    expect(r.settledLines().slice(-2)).toEqual(['a: fulfilled 1', 'b: fulfilled 2']);
  });

  it('rejects every cell on a cycle with the path, and dependents as upstream', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', ['b'], (b) => b);
    r.define(g, 'b', ['a'], (a) => a);
    r.define(g, 'c', ['a'], (a) => a);
    await g.settled();
    expect(r.settledLines().sort()).toEqual([
      'a: rejected cycle: Circular definition: a → b → a',
      'b: rejected cycle: Circular definition: b → a → b',
      "c: rejected upstream: Depends on 'a', which has an error",
    ]);
    r.define(g, 'a', [], () => 7);
    await g.settled();
    expect(r.settledLines().slice(-3).sort()).toEqual(['a: fulfilled 7', 'b: fulfilled 7', 'c: fulfilled 7']);
  });

  it('rejects a cell that reads itself', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', ['a'], (a) => a);
    await g.settled();
    expect(r.settledLines()).toEqual(['a: rejected cycle: Circular definition: a → a']);
  });

  it('rejects duplicate names on both cells', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'x1', [], () => 1, 'x');
    r.define(g, 'x2', [], () => 2, 'x');
    await g.settled();
    expect(r.settledLines()).toEqual([
      "x1: rejected duplicate-name: The name 'x' is defined by more than one cell",
      "x2: rejected duplicate-name: The name 'x' is defined by more than one cell",
    ]);
    g.delete('x2');
    await g.settled();
    expect(r.settledLines().at(-1)).toBe('x1: fulfilled 1');
  });

  it('propagates errors downstream while unrelated cells keep working', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', [], () => {
      throw new Error('boom');
    });
    r.define(g, 'b', ['a'], (a) => a);
    r.define(g, 'c', [], () => 3);
    await g.settled();
    expect(r.settledLines().sort()).toEqual([
      'a: rejected runtime: boom',
      "b: rejected upstream: Depends on 'a', which has an error",
      'c: fulfilled 3',
    ]);
  });

  it('drops stale async results and aborts their signal', async () => {
    const g = new CellGraph();
    const r = recorder();
    const signals: AbortSignal[] = [];
    const resolvers: Array<(v: number) => void> = [];
    const slow: CellDefinition = {
      name: 'a',
      inputs: [],
      compute: (_v, { signal }) => {
        signals.push(signal);
        return new Promise<number>((resolve) => resolvers.push(resolve));
      },
    };
    g.define('a', slow, { pending: () => r.log.push('a: pending'), fulfilled: (v) => r.log.push(`a: fulfilled ${v}`), rejected: () => r.log.push('a: rejected') });
    r.define(g, 'b', ['a'], (a) => a * 2);
    await Promise.resolve();
    g.invalidate('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(signals).toHaveLength(2);
    expect(signals[0].aborted).toBe(true);
    expect(signals[1].aborted).toBe(false);
    resolvers[1](5);
    resolvers[0](1);
    await g.settled();
    expect(r.settledLines()).toEqual(['a: fulfilled 5', 'b: fulfilled 10']);
  });

  it('settled waits for async cells and dispose silences the graph', async () => {
    const g = new CellGraph();
    const r = recorder();
    r.define(g, 'a', [], () => new Promise((res) => setTimeout(() => res(1), 5)));
    await g.settled();
    expect(r.settledLines()).toEqual(['a: fulfilled 1']);
    r.define(g, 'b', [], () => new Promise((res) => setTimeout(() => res(2), 5)));
    await Promise.resolve();
    g.dispose();
    await new Promise((res) => setTimeout(res, 10));
    expect(r.settledLines()).toEqual(['a: fulfilled 1']);
  });

  it('settled(ids) waits for those cells and what they read, not for the rest of the graph', async () => {
    const g = new CellGraph();
    const r = recorder();
    let finishSlow!: (v: number) => void;
    let finishA!: (v: number) => void;
    r.define(g, 'a', [], () => new Promise((res) => (finishA = res)));
    r.define(g, 'design', ['a'], (a) => a + 1);
    r.define(g, 'slow', ['a'], () => new Promise((res) => (finishSlow = res)));
    r.define(g, 'reader', ['slow'], (s) => s);
    const order: string[] = [];
    const all = g.settled().then(() => order.push('all'));
    const design = g.settled(['design']).then(() => order.push('design'));
    const reader = g.settled(['reader']).then(() => order.push('reader'));
    await new Promise((res) => setTimeout(res, 0));
    expect(order).toEqual([]); // `a`, read by every cell, still runs
    finishA(1);
    await design;
    expect(order).toEqual(['design']);
    expect(r.settledLines()).toEqual(['a: fulfilled 1', 'design: fulfilled 2']);
    finishSlow(7);
    await Promise.all([all, reader]);
    expect(order.slice(1).sort()).toEqual(['all', 'reader']);
    // Nothing running: answered at once, for a cell that does not exist as well.
    await g.settled(['design', 'missing']);
  });
});
