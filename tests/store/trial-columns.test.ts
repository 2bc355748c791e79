import { describe, expect, it } from 'vitest';
import { fromColumns, toColumns } from '../../src/store/trial-columns';

describe('trials as columns', () => {
  it('gives back every row as written: its fields, their order, absent, undefined and null apart', () => {
    const rows = [
      { id: 'a', status: 'ok', value: 7, fields: { interest: 3 }, text: null },
      { status: 'failed', id: 'b', value: null, cached: undefined },
      { id: 'c', status: 'ok', value: 7, fields: { interest: 3 }, text: null },
      { id: 'd', status: 'ok', value: Number.NaN, parentKey: 'k', big: -0 },
    ];
    const back = fromColumns<Record<string, unknown>>(structuredClone(toColumns(rows)));
    expect(back).toEqual(rows);
    expect(back.map((r) => Object.keys(r))).toEqual(rows.map((r) => Object.keys(r)));
    expect('cached' in back[1]).toBe(true);
    expect('cached' in back[0]).toBe(false);
    expect(Object.is(back[3].big, -0)).toBe(true);
    // Objects stay each row's own, as they were.
    expect(back[0].fields).not.toBe(back[2].fields);
  });

  it('stores a field of few values once per chunk, and a field of many values as is', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ model: `m${i % 5}`, raw: `reply ${i}`, n: i % 200 }));
    const columns = toColumns(rows);
    expect(columns.columns.model).toEqual({ distinct: ['m0', 'm1', 'm2', 'm3', 'm4'], codes: expect.any(Uint8Array) });
    expect('values' in columns.columns.raw).toBe(true);
    expect(columns.columns.n).toMatchObject({ codes: expect.any(Uint8Array) });
    expect(fromColumns(structuredClone(columns))).toEqual(rows);
  });
});
