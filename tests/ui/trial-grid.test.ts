import { describe, expect, it } from 'vitest';
import { trialGrid } from '../../src/ui/trials/trial-grid';
import { makeTrial } from '../fixtures/trial';

describe('trialGrid', () => {
  const trials = [
    makeTrial({ model: 'b', taskId: 'poem', repetition: 2, value: 8, raw: '8' }),
    makeTrial({ model: 'a', taskId: 'poem', repetition: 1, value: 3, raw: '3\nbecause the sea is calm\nand more\nand more' }),
    makeTrial({ model: 'b', taskId: 'poem', repetition: 1, value: 6, raw: '6' }),
    makeTrial({ model: 'a', taskId: 'tax', repetition: 1, value: 2, raw: '2' }),
    makeTrial({ model: 'a', taskId: 'poem', repetition: 2, status: 'unparsed', value: null, raw: 'I would rather not' }),
  ];

  it('puts each model in a column and each task in a row, every repetition in its cell', () => {
    const grid = trialGrid(trials);
    expect(grid.columns.map((c) => c.label)).toEqual(['a', 'b']);
    expect(grid.rows.map((r) => r.label)).toEqual(['poem', 'tax']);
    const [poem, tax] = grid.rows;
    // a on poem: two repetitions, one unparsed, so the mean is over n = 1.
    expect(poem.cells[0]?.replies.map((r) => [r.repetition, r.status, r.value])).toEqual([[1, 'ok', 3], [2, 'unparsed', null]]);
    expect(poem.cells[0]).toMatchObject({ mean: 3, n: 1, excerpt: '3\nbecause the sea is calm' });
    // b on poem: repetitions in order whatever order they arrived in, mean of 6 and 8.
    expect(poem.cells[1]?.replies.map((r) => r.value)).toEqual([6, 8]);
    expect(poem.cells[1]).toMatchObject({ mean: 7, n: 2, excerpt: '6' });
    expect(poem.spread).toBe(4);
    // b never saw tax: an empty cell, not a zero.
    expect(tax.cells[0]).toMatchObject({ mean: 2, n: 1 });
    expect(tax.cells[1]).toBeNull();
    expect(tax.spread).toBe(0);
  });

  it('names the endpoint and the condition only when there is more than one', () => {
    const grid = trialGrid([
      makeTrial({ endpointName: 'openai', model: 'm', condition: 'plain' }),
      makeTrial({ endpointName: 'local', model: 'm', condition: 'paid', value: 4 }),
    ]);
    expect(grid.columns.map((c) => c.label)).toEqual(['m (local)', 'm (openai)']);
    expect(grid.rows.map((r) => r.label)).toEqual(['t1 · paid', 't1 · plain']);
    expect(grid.rows[0].cells.map((c) => c?.mean ?? null)).toEqual([4, null]);
    expect(grid.rows[1].cells.map((c) => c?.mean ?? null)).toEqual([null, 7]);
  });

  it('sorts rows where the models differ most first when asked', () => {
    const grid = trialGrid([
      makeTrial({ model: 'a', taskId: 'alpha', value: 5 }),
      makeTrial({ model: 'b', taskId: 'alpha', value: 6 }),
      makeTrial({ model: 'a', taskId: 'beta', value: 1 }),
      makeTrial({ model: 'b', taskId: 'beta', value: 9 }),
    ], 'spread');
    expect(grid.rows.map((r) => [r.taskId, r.spread])).toEqual([['beta', 8], ['alpha', 1]]);
  });

  it('shows a failed trial by its error and shortens long replies', () => {
    const grid = trialGrid([
      makeTrial({ status: 'failed', value: null, raw: null, errorMessage: 'HTTP 500: server error' }),
      makeTrial({ model: 'long', raw: 'x'.repeat(500) }),
    ]);
    expect(grid.rows[0].cells[1]).toMatchObject({ excerpt: 'HTTP 500: server error', mean: null, n: 0 });
    expect(grid.rows[0].cells[0]?.excerpt).toHaveLength(140);
    expect(grid.rows[0].cells[0]?.excerpt.endsWith('…')).toBe(true);
  });
});
