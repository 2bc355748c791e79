import { okRows, round } from './rows';

/** What a pilot run says about one model's pre-task reports, in points. */
export interface PilotNoise {
  readonly model: string;
  /** Mean report over sub-tasks. */
  readonly mean: number;
  /** SD of one report around its sub-task's mean (pooled over sub-tasks with at least two reports). */
  readonly withinSd: number;
  /** SD of the sub-tasks' true means: the spread of sub-task means less what report noise adds to it. */
  readonly betweenSd: number;
  readonly subTasks: number;
  readonly reports: number;
}

/**
 * Estimates the noise of a model's reports from the trials of a small pilot run (the control
 * condition by default), for `study.power`: the within-sub-task SD from the pooled variance of
 * repeated reports, and the between-sub-task SD by the method of moments (variance of sub-task
 * means minus the mean of within variance / reports per sub-task, floored at 0). A model needs
 * at least two sub-tasks with two reports each.
 */
export function pilotNoise(pre: unknown, options: { condition?: string } = {}): PilotNoise[] {
  const condition = options.condition ?? 'none';
  const byModel = new Map<string, Map<string, number[]>>();
  for (const r of okRows(pre, 'pilot', condition)) {
    const model = String(r.model);
    const tasks = byModel.get(model) ?? new Map<string, number[]>();
    byModel.set(model, tasks);
    const list = tasks.get(String(r.taskId)) ?? [];
    tasks.set(String(r.taskId), list);
    list.push(r.value as number);
  }
  const out: PilotNoise[] = [];
  for (const [model, tasks] of byModel) {
    const groups = [...tasks.values()];
    const repeated = groups.filter((g) => g.length >= 2);
    if (repeated.length < 2) throw new Error(`the pilot has too few repeated reports for ${model}: it needs at least two sub-tasks with two or more ok reports each in condition '${condition}' (found ${repeated.length})`);
    let ss = 0;
    let df = 0;
    for (const g of repeated) {
      const m = g.reduce((s, x) => s + x, 0) / g.length;
      ss += g.reduce((s, x) => s + (x - m) ** 2, 0);
      df += g.length - 1;
    }
    const within = ss / df;
    const means = groups.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
    const grand = means.reduce((s, x) => s + x, 0) / means.length;
    const spread = means.reduce((s, x) => s + (x - grand) ** 2, 0) / (means.length - 1);
    const noiseInMeans = groups.reduce((s, g) => s + within / g.length, 0) / groups.length;
    out.push({
      model,
      mean: round(grand, 2),
      withinSd: round(Math.sqrt(within), 3),
      betweenSd: round(Math.sqrt(Math.max(0, spread - noiseInMeans)), 3),
      subTasks: groups.length,
      reports: groups.reduce((s, g) => s + g.length, 0),
    });
  }
  return out;
}
