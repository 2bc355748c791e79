import { describe, expect, it } from 'vitest';
import { CellGraph, type CellDefinition } from '../../src/runtime/cell-graph';

// After an input like `seed`, every design recomputes and most experiment cells come out with the
// very table they made last: their readers (analyses, figures) keep their values instead of
// computing again, when the graph is told that value is the same (the sandbox says so for its
// experiment tables and for primitives). Without `sameValue` every reader recomputes, as before.

function graphOf(sameValue?: (a: unknown, b: unknown) => boolean) {
  const graph = new CellGraph(sameValue ? { sameValue } : {});
  const computed = new Map<string, number>();
  const kept: string[] = [];
  const define = (id: string, inputs: string[], compute: (...v: unknown[]) => unknown) => {
    const definition: CellDefinition = { name: id, inputs, compute: (values) => (computed.set(id, (computed.get(id) ?? 0) + 1), compute(...values)) };
    graph.define(id, definition, { pending: () => undefined, fulfilled: (_v, k) => void (k && kept.push(id)), rejected: () => undefined });
  };
  return { graph, computed, kept, define };
}

const table = { rows: 3 };

describe('CellGraph: readers of a value that came out the same', () => {
  function study(sameValue?: (a: unknown, b: unknown) => boolean) {
    const g = graphOf(sameValue);
    g.define('seed', [], () => 7);
    g.define('design', ['seed'], (seed) => ({ seed: Number(seed) > 0 ? 'unsent' : 'sent' }));
    g.define('experiment', ['design'], () => table);
    g.define('analysis', ['experiment'], (t) => (t as typeof table).rows * 2);
    g.define('figure', ['analysis', 'seed'], (a, seed) => `${a}:${seed}`);
    g.define('summary', ['analysis'], (a) => `n=${a}`);
    return g;
  }

  it('keep their values, without computing, when told the value is the same', async () => {
    const g = study((a, b) => a === b && (Object(a) !== a || a === table));
    await g.graph.settled();
    g.define('seed', [], () => 8);
    await g.graph.settled();
    // design (a new object) and experiment (reads it) compute; analysis and summary keep theirs; figure reads seed.
    expect(Object.fromEntries(g.computed)).toEqual({ seed: 2, design: 2, experiment: 2, analysis: 1, figure: 2, summary: 1 });
    expect(g.kept.sort()).toEqual(['analysis', 'summary']);
  });

  it('recompute every reader by default, and a cell marked itself computes whatever its inputs', async () => {
    const g = study();
    await g.graph.settled();
    g.define('seed', [], () => 8);
    await g.graph.settled();
    expect(Object.fromEntries(g.computed)).toEqual({ seed: 2, design: 2, experiment: 2, analysis: 2, figure: 2, summary: 2 });
    const same = study((a, b) => a === b);
    await same.graph.settled();
    same.graph.invalidate('analysis');
    await same.graph.settled();
    expect(same.computed.get('analysis')).toBe(2);
    expect(same.computed.get('summary')).toBe(1);
  });
});
