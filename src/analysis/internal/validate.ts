/**
 * Input checks shared by the statistics. Every check throws an Error whose message names the
 * problem and the argument, so no method returns NaN silently.
 */

/** Throws unless `values` is an array of finite numbers. */
export function assertFiniteArray(values: readonly number[], arg: string): void {
  if (!Array.isArray(values)) throw new Error(`${arg} must be an array of numbers`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${arg} has a non-finite value (${String(v)}) at index ${i}`);
    }
  }
}

/** Throws unless every named array has the same length. */
export function assertSameLength(arrays: Record<string, readonly unknown[]>): number {
  const entries = Object.entries(arrays);
  const n = entries[0]?.[1].length ?? 0;
  for (const [name, a] of entries) {
    if (a.length !== n) {
      const [first] = entries[0];
      throw new Error(`Arrays of unequal length: ${first} has ${n} values but ${name} has ${a.length}`);
    }
  }
  return n;
}

/** Throws unless there are at least `min` observations. */
export function assertMinLength(n: number, min: number, arg: string): void {
  if (n < min) throw new Error(`${arg} needs at least ${min} observations, got ${n}`);
}

/** Throws if all values are equal (zero variance). */
export function assertNotConstant(values: readonly number[], arg: string): void {
  if (values.length === 0) return;
  const first = values[0];
  if (values.every((v) => v === first)) throw new Error(`${arg} is constant (every value is ${first})`);
}

/** Throws unless a probability/level lies strictly between 0 and 1. */
export function assertLevel(level: number, arg: string): void {
  if (!(level > 0 && level < 1)) throw new Error(`${arg} must be between 0 and 1, got ${level}`);
}
