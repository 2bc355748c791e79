import { seededRandom } from '../analysis/seeded-random';
import { pairTable, type ChoicePair } from './pair-table';
import type { StudyTask } from './task-table';

/**
 * Fixed random pairs for the choice experiment when the study's own pairs do not apply (a
 * different task bank or a sample): `n` pairs of distinct tasks, order and manipulated side
 * drawn once with the seed, so every model and condition sees the same pairs.
 */
export function makePairs(tasks: readonly StudyTask[], options: { n: number; seed?: number }): ChoicePair[] {
  const { n, seed = 1 } = options;
  if (tasks.length < 2) throw new Error('makePairs needs at least two tasks');
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a whole number of at least 1, got ${n}`);
  const random = seededRandom(seed);
  const pick = () => tasks[Math.floor(random() * tasks.length)];
  const seen = new Set<string>();
  const pairs: { task1Id: string; task2Id: string; manipulated: 1 | 2 }[] = [];
  for (let tries = 0; pairs.length < n && tries < n * 50; tries++) {
    const a = pick();
    const b = pick();
    const key = [a.id, b.id].sort().join('|');
    if (a.id === b.id || seen.has(key)) continue;
    seen.add(key);
    pairs.push({ task1Id: a.id, task2Id: b.id, manipulated: random() < 0.5 ? 1 : 2 });
  }
  return pairTable(pairs, tasks);
}
