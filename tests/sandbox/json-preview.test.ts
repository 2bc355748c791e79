import { describe, expect, it } from 'vitest';
import { jsonPreview } from '../../src/sandbox/json-preview';

const round = (_k: string, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x);
const full = (v: unknown) => JSON.stringify(v, round, 2);

describe('jsonPreview', () => {
  const values: unknown[] = [
    0, -1.23456789, 'text "quoted"\n', true, null, NaN, Infinity, [], {}, [1, 2.3456789, [3, []]],
    { a: 1, b: undefined, c: () => 1, d: Symbol('s'), e: [undefined, () => 1, null], f: { g: {} } },
    { when: new Date(0), nested: { toJSON: (k: string) => `key ${k}` } },
    new Map([[1, 2]]), new Uint8Array([1, 2]), { ['é"\u2028']: 'x' }, [{ only: undefined }], { last: undefined },
    Array.from({ length: 3000 }, (_, i) => ({ model: `m${i % 3}`, value: i / 7, note: i % 5 ? undefined : 'fifth' })),
    'x'.repeat(10_000),
  ];
  it('is JSON.stringify with rounded numbers and two spaces, cut at the limit', () => {
    for (const v of values) {
      for (const limit of [5, 100, 4000, 1_000_000]) {
        const expected = full(v);
        const got = jsonPreview(v, limit);
        if (expected === undefined) expect(got).toEqual({ text: undefined, cut: false });
        else expect(got).toEqual(expected.length > limit ? { text: expected.slice(0, limit), cut: true } : { text: expected, cut: false });
      }
    }
  });

  it('says undefined for what JSON omits, and throws where JSON.stringify throws', () => {
    expect(jsonPreview(undefined, 10).text).toBeUndefined();
    expect(jsonPreview(() => 1, 10).text).toBeUndefined();
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => jsonPreview(cycle, 4000)).toThrow(TypeError);
    expect(() => jsonPreview({ n: 1n }, 4000)).toThrow(TypeError);
  });

  it('reads only what it shows of a huge value', () => {
    let reads = 0;
    const rows = new Proxy(Array.from({ length: 1_000_000 }, (_, i) => i), {
      get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) && reads++, Reflect.get(target, key, receiver)),
    });
    const { text, cut } = jsonPreview({ rows }, 4000);
    expect(cut).toBe(true);
    expect(text).toBe(full({ rows: Array.from({ length: 2000 }, (_, i) => i) })!.slice(0, 4000));
    expect(reads).toBeLessThan(1000);
  });
});
