/**
 * A seeded uniform generator on [0, 1): mulberry32 (Tommy Ettinger, public domain), 32-bit
 * state, fast and well mixed for resampling. The same seed gives the same sequence on every
 * machine, so bootstrap intervals and shuffles in notebooks are reproducible.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
