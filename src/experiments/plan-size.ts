import type { ExperimentSpec } from '../model';
import { NO_CONDITION } from './validate-spec';

/**
 * Above this many planned calls, a design is not expanded until the user confirms it (and then in
 * chunks that yield to the page): a design of 3 million calls expanded at once held the page
 * for half a minute.
 */
export const PLAN_CONFIRM_CALLS = 100_000;

/** How many calls `expandPlan(spec)` plans, counted without expanding it. */
export function planSize(spec: ExperimentSpec): number {
  if (!spec.from) return spec.models.length * spec.tasks.length * (spec.conditions ?? [NO_CONDITION]).length * spec.repetitions;
  const { mode, trials } = spec.from;
  if (mode === 'evaluate') return spec.repetitions * trials.length * spec.models.length;
  const allowed = new Set(spec.models);
  return spec.repetitions * (spec.models.length ? trials.filter((t) => allowed.has(t.model)).length : trials.length);
}
