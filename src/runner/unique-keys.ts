import type { PlannedTrial } from '../model';

/**
 * One planned trial per key (the first): two evaluations of identical answers plan the same
 * call, and a batch may ask for each custom_id only once.
 */
export function uniqueKeys(plan: readonly PlannedTrial[]): PlannedTrial[] {
  const seen = new Set<string>();
  return plan.filter((p) => !seen.has(p.key) && seen.add(p.key));
}
