import { pearson } from '../analysis/pearson';
import { fisherZMean } from '../analysis/fisher-z-mean';
import { round } from './rows';
import { note, type StudyNote } from './study-note';
import { trialsOrNote } from './trials-or-note';
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
 * Fisher-z average r across models and the mean MAD. With one response per sub-task, a note
 * saying to add a repetition.
 */
export function testRetest(trials: unknown, options: { condition?: string; label?: string } = {}): { models: RetestRow[]; meanR: number; meanMad: number; paper: { r: number; mad: number } } | StudyNote {
  const label = options.label ?? 'pre-task';
  const list = trialsOrNote(trials, label, options.condition);
  if (!Array.isArray(list)) return list;
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
  if (!models.length) {
    const most = Math.max(...list.map((r) => Number(r.repetition) || 1));
    if (most < 2) return note(`test-retest needs two responses per sub-task and this run has one: set "Responses per model × experiment × sub-task" to 2 or more`);
    return note(`test-retest needs at least 3 sub-tasks with two parsed responses for some model; the ${label} replies have fewer: run more sub-tasks`);
  }
  return {
    models,
    meanR: round(fisherZMean(models.map((m) => m.r))),
    meanMad: round(models.reduce((s, m) => s + m.mad, 0) / models.length, 2),
    paper: { r: PAPER.testRetestR, mad: PAPER.testRetestMad },
  };
}
