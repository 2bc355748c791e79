import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { rowsOf } from '../../src/experiments/rows-of';

describe('rowsOf', () => {
  it('makes the rows of a table once, however many analyses read it, and hands each a fresh array', () => {
    const table = aq.table({ x: [3, 1, 2] });
    let made = 0;
    const objects = table.objects.bind(table);
    (table as unknown as { objects: () => unknown[] }).objects = () => (made++, objects());
    const first = rowsOf(table) as { x: number }[];
    first.sort((a, b) => a.x - b.x);
    const second = rowsOf(table) as { x: number }[];
    expect(made).toBe(1);
    expect(second.map((r) => r.x)).toEqual([3, 1, 2]);
    expect(second[0]).toBe(first[2]);
    expect(rowsOf(aq.table({ x: [9] }))).toEqual([{ x: 9 }]);
    expect(rowsOf([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(rowsOf('no')).toBeNull();
  });
});
