import { seededRandom } from '../analysis/seeded-random';
import type { StudyTask } from './task-table';

/**
 * A stratified sample: up to `perCategory` tasks from each category, drawn with a seeded
 * shuffle (a multi-label task counts for each of its categories and is taken once). The same
 * seed gives the same sample, so a class can share one.
 */
export function sampleTasks(tasks: readonly StudyTask[], options: { perCategory: number; seed?: number }): StudyTask[] {
  const { perCategory, seed = 1 } = options;
  if (!Number.isInteger(perCategory) || perCategory < 1) throw new Error(`perCategory must be a whole number of at least 1, got ${perCategory}`);
  const random = seededRandom(seed);
  const shuffled = [...tasks];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const taken = new Set<string>();
  const count = new Map<string, number>();
  for (const t of shuffled) {
    if (t.categories.every((c) => (count.get(c) ?? 0) >= perCategory)) continue;
    taken.add(t.id);
    for (const c of t.categories) count.set(c, (count.get(c) ?? 0) + 1);
  }
  return tasks.filter((t) => taken.has(t.id));
}
