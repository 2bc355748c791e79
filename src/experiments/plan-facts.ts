import type { PlannedTrial } from '../model';
import { planSummary, type PlanSummary } from './plan-summary';

/**
 * What the page keeps of an expanded plan: its keys in plan order (which stored trials answer it,
 * how many calls are pending), the counts the experiment panel shows, and the few calls its design
 * preview prints. Not the plan itself: every planned call holds its messages (a post-task call
 * the whole answer it continues), and the page held them for every design it had expanded.
 */
export interface PlanFacts {
  readonly keys: readonly string[];
  readonly summary: PlanSummary;
  /** The first call of each distinct conversation, up to PREVIEW_CALLS, so conditions with different prompts all show. */
  readonly preview: readonly PlannedTrial[];
}

/** How many calls the design preview prints. */
export const PREVIEW_CALLS = 3;

/** The facts of `plan`; it can be dropped afterwards. */
export function planFacts(plan: readonly PlannedTrial[]): PlanFacts {
  const seen = new Set<string>();
  const preview: PlannedTrial[] = [];
  for (const p of plan) {
    if (preview.length === PREVIEW_CALLS) break;
    const text = JSON.stringify(p.messages);
    if (seen.has(text)) continue;
    seen.add(text);
    preview.push(p);
  }
  return { keys: plan.map((p) => p.key), summary: planSummary(plan), preview };
}
