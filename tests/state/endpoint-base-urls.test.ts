import { describe, expect, it } from 'vitest';
import type { SlimTrial } from '../../src/model';
import { endpointBaseURLs } from '../../src/state/endpoint-identities';
import { makeTrial } from '../fixtures/trial';

/** A list that counts how many of its trials are read. */
function counted(trials: SlimTrial[]) {
  const seen = { reads: 0 };
  const list = new Proxy(trials, {
    get: (target, prop, receiver) => {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) seen.reads++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { list, seen };
}

describe('endpointBaseURLs', () => {
  it("names each unconfigured endpoint by its latest trial's base URL (ties: the later one), configured ones by their own", () => {
    const a = [makeTrial({ endpointName: 'x', baseURL: 'http://a', endedAt: 5 }), makeTrial({ endpointName: 'y', baseURL: 'http://y1', endedAt: 9 })];
    const b = [makeTrial({ endpointName: 'x', baseURL: 'http://b', endedAt: 5 }), makeTrial({ endpointName: 'y', baseURL: 'http://y0', endedAt: 3 }), makeTrial({ endpointName: 'z', endedAt: 99 })];
    expect(endpointBaseURLs([], [a, b])).toEqual({ x: 'http://b', y: 'http://y1' });
    expect(endpointBaseURLs([{ name: 'y', baseURL: 'http://configured/' } as never], [a, b])).toMatchObject({ x: 'http://b', y: expect.stringContaining('configured') });
  });

  it('walks each list of trials once, however often it is asked (opening asks twice; 719,025 trials at full scale)', () => {
    const { list, seen } = counted(Array.from({ length: 50 }, (_, i) => makeTrial({ endpointName: 'x', baseURL: `http://h${i % 3}`, endedAt: i })));
    const first = endpointBaseURLs([], [list]);
    expect(seen.reads).toBeGreaterThan(0);
    seen.reads = 0;
    expect(endpointBaseURLs([], [list])).toEqual(first);
    expect(seen.reads).toBe(0);
  });
});
