import type { PlannedTrial } from '../model';

/** How many calls a plan makes, in all and per model and condition (shown before a run). */
export interface PlanSummary {
  readonly total: number;
  readonly models: readonly string[];
  readonly tasks: number;
  readonly conditions: readonly string[];
  readonly repetitions: number;
  readonly byModel: Readonly<Record<string, number>>;
  readonly byCondition: Readonly<Record<string, number>>;
}

export function planSummary(plan: readonly PlannedTrial[]): PlanSummary {
  const byModel: Record<string, number> = {};
  const byCondition: Record<string, number> = {};
  const tasks = new Set<string>();
  let repetitions = 0;
  for (const p of plan) {
    byModel[p.model] = (byModel[p.model] ?? 0) + 1;
    byCondition[p.condition] = (byCondition[p.condition] ?? 0) + 1;
    tasks.add(p.taskId);
    repetitions = Math.max(repetitions, p.repetition);
  }
  return { total: plan.length, models: Object.keys(byModel), tasks: tasks.size, conditions: Object.keys(byCondition), repetitions, byModel, byCondition };
}
