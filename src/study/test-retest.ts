import { pearson } from '../analysis/pearson';
import { fisherZMean } from '../analysis/fisher-z-mean';
import { okRows, round } from './rows';
import { PAPER } from './paper-values';

/** Test-retest reliability of one model. */
export interface RetestRow {
  readonly model: string;
  readonly r: number;
  readonly mad: number;
  readonly n: number;
}

/**
 * Test-retest reliability: per model, Pearson r between the first and second response to the
 * same sub-task and condition, and the mean absolute deviation between them; plus the
 * Fisher-z average r across models and the mean MAD.
 */
export function testRetest(trials: unknown, options: { condition?: string } = {}): { models: RetestRow[]; meanR: number; meanMad: number; paper: { r: number; mad: number } } {
  const list = okRows(trials, 'trials', options.condition);
  const byModel = new Map<string, Map<string, number[]>>();
  for (const r of list) {
    const m = byModel.get(String(r.model)) ?? new Map<string, number[]>();
    byModel.set(String(r.model), m);
    const k = `${r.taskId}|${r.condition}`;
    const reps = m.get(k) ?? [];
    reps[Number(r.repetition) - 1] = r.value as number;
    m.set(k, reps);
  }
  const models: RetestRow[] = [];
  for (const [model, m] of byModel) {
    const pairs = [...m.values()].filter((reps) => typeof reps[0] === 'number' && typeof reps[1] === 'number');
    if (pairs.length < 3) continue;
    const a = pairs.map((p) => p[0]);
    const b = pairs.map((p) => p[1]);
    const mad = a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length;
    models.push({ model, r: round(pearson(a, b).r), mad: round(mad, 2), n: pairs.length });
  }
  if (!models.length) throw new Error('testRetest needs at least 3 sub-tasks with two ok responses for some model');
  return {
    models,
    meanR: round(fisherZMean(models.map((m) => m.r))),
    meanMad: round(models.reduce((s, m) => s + m.mad, 0) / models.length, 2),
    paper: { r: PAPER.testRetestR, mad: PAPER.testRetestMad },
  };
}
