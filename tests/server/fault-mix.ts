import { seededRandom } from '../../src/analysis/seeded-random';
import type { Failure } from './test-server';

/**
 * A seeded mix of faults for the test server's `fail` option: a share `rate` of requests fails,
 * each with one of 429 (Retry-After), 500, 503, reset, malformed body, truncated body or a reply
 * slower than the client's timeout.
 */
export function faultMix(rate: number, seed: number, options: { slowMs: number; retryAfterSeconds: number }): (nth: number) => Failure | null {
  const random = seededRandom(seed);
  const kinds: Failure[] = [{ status: 429, retryAfterSeconds: options.retryAfterSeconds }, { status: 500 }, { status: 503 }, 'drop', 'malformed', 'truncated', { slowMs: options.slowMs }];
  return () => (random() < rate ? kinds[Math.floor(random() * kinds.length)] : null);
}
