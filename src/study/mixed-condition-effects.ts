import { lmm } from '../analysis/lmm';
import { okRows, round, rows, type Row } from './rows';

/** The effect of one framing on one metric across every model and sub-task, from one mixed model. */
export interface MixedConditionEffect {
  readonly metric: string;
  readonly model: 'all (mixed model)';
  readonly condition: string;
  /** Fixed effect of the framing against the control, in the metric's units. */
  readonly diff: number;
  readonly se: number;
  /** Wald 95% interval, estimate ± 1.96 SE. */
  readonly low: number;
  readonly high: number;
  readonly n: number;
  readonly tasks: number;
  readonly models: number;
  /** The model that was fitted, in lme4's notation. */
  readonly formula: string;
}

/** A metric: a trial table (its `value`), or any table and the column to use. */
type Source = unknown | { readonly table: unknown; readonly column: string };

/**
 * Beside the paper's per-model paired tests: for each metric, one linear mixed model over every
 * response of every model and sub-task, `value ~ condition + (1 | task) + (1 | model)` (REML,
 * treatment coding against `control`), so tasks and models are treated as samples rather than
 * fixed. With one model the model intercept cannot be estimated and the formula drops it.
 * Returns one row per framing; a metric with too little data (fewer than two sub-tasks, or no
 * framing beside the control) gives no rows.
 */
export function mixedConditionEffects(metrics: Readonly<Record<string, Source>>, options: { control?: string } = {}): MixedConditionEffect[] {
  const control = options.control ?? 'none';
  const out: MixedConditionEffect[] = [];
  for (const [metric, source] of Object.entries(metrics)) {
    const isPair = typeof source === 'object' && source !== null && 'table' in source && 'column' in source;
    const column = isPair ? (source as { column: string }).column : 'value';
    const list: Row[] = (isPair ? rows((source as { table: unknown }).table, metric) : okRows(source, metric)).filter((r) => typeof r[column] === 'number' && Number.isFinite(r[column]));
    const conditions = [...new Set(list.map((r) => String(r.condition)))].filter((c) => c !== control);
    const tasks = new Set(list.map((r) => String(r.taskId)));
    const models = new Set(list.map((r) => String(r.model)));
    if (!conditions.length || !list.some((r) => r.condition === control) || tasks.size < 2) continue;
    const present = conditions.filter((c) => list.some((r) => r.condition === c));
    const fixed = Object.fromEntries(present.map((c) => [c, list.map((r) => (r.condition === c ? 1 : 0))]));
    const groups: Record<string, string[]> = models.size > 1 ? { task: list.map((r) => String(r.taskId)), model: list.map((r) => String(r.model)) } : { task: list.map((r) => String(r.taskId)) };
    const formula = `${column} ~ condition + (1 | task)${models.size > 1 ? ' + (1 | model)' : ''}`;
    let fit;
    try {
      fit = lmm(list.map((r) => r[column] as number), fixed, groups);
    } catch {
      // A framing whose values never vary, or too few rows: the paired tests still report what they can.
      continue;
    }
    present.forEach((condition, i) => {
      const estimate = fit.estimate[i + 1];
      const se = fit.se[i + 1];
      out.push({ metric, model: 'all (mixed model)', condition, diff: round(estimate, 3), se: round(se, 3), low: round(estimate - 1.96 * se, 3), high: round(estimate + 1.96 * se, 3), n: list.length, tasks: tasks.size, models: models.size, formula });
    });
  }
  return out;
}
