import { ols } from '../analysis/ols';
import { omnibusFTest } from '../analysis/omnibus-f-test';
import { categoriesOf } from '../experiments/categories-of';
import { meanBy, round, rows } from './rows';
import { PAPER } from './paper-values';
import { note, type StudyNote } from './study-note';
import { trialsOrNote } from './trials-or-note';

/** Sub-tasks a category needs before its coefficient is estimated (one task is its own residual). */
const MIN_TASKS = 2;

/** The category effect: one coefficient per category and the omnibus F over all of them. */
export interface CategoryEffect {
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  readonly r2: number;
  /** Rows: one per model × sub-task mean. */
  readonly n: number;
  readonly categories: { category: string; estimate: number | null; se: number | null; p: number | null; mean: number; tasks: number }[];
  /** Categories left out of the regression, and why, in one sentence (empty when none). */
  readonly leftOut: string;
  readonly paper: { F: number; r2: number };
}

/**
 * Does motivation differ by task category? OLS of each model's sub-task mean (repetitions
 * averaged) on binary indicators of the sub-task's categories (multi-label, so a task may set
 * several), with the omnibus F test of all category coefficients. A category enters only with
 * at least two sub-tasks and when its indicator is not already implied by those before it
 * (a small sample, or single-label data whose indicators sum to the intercept); the others are
 * named in `leftOut`. With fewer than two usable categories the result is a note saying what
 * to change.
 */
export function categoryEffect(pre: unknown, tasks: unknown, options: { condition?: string } = {}): CategoryEffect | StudyNote {
  const condition = options.condition ?? 'none';
  const ok = trialsOrNote(pre, 'pre-task', condition);
  if (!Array.isArray(ok)) return ok;
  const means = meanBy(ok, (r) => `${r.model}|${r.taskId}`, 'value');
  const cats = new Map(rows(tasks, 'tasks').map((t) => [String(t.id), categoriesOf(t.categories ?? t.category)]));
  const units = [...means.values()].filter((m) => cats.has(String(m.row.taskId)));
  const catsOf = (u: (typeof units)[number]) => cats.get(String(u.row.taskId))!;
  const all = [...new Set(units.flatMap(catsOf))].sort();
  const taskCount = (c: string) => new Set(units.filter((u) => catsOf(u).includes(c)).map((u) => u.row.taskId)).size;
  const y = units.map((u) => u.mean);
  const few = all.filter((c) => taskCount(c) < MIN_TASKS);
  const used: Record<string, number[]> = {};
  const implied: string[] = [];
  // Most-populated categories first, so the ones dropped for collinearity are the thin ones.
  for (const c of all.filter((x) => !few.includes(x)).sort((a, b) => taskCount(b) - taskCount(a) || a.localeCompare(b))) {
    const col = units.map((u) => (catsOf(u).includes(c) ? 1 : 0));
    try {
      ols(y, { ...used, [c]: col });
      used[c] = col;
    } catch {
      implied.push(c);
    }
  }
  const names = Object.keys(used);
  const reasons = [
    few.length ? `${few.length} with fewer than ${MIN_TASKS} sub-tasks (${few.join(', ')})` : '',
    implied.length ? `${implied.length} implied by the others in this sample (${implied.join(', ')})` : '',
  ].filter(Boolean);
  const leftOut = reasons.length ? `Left out of the regression: ${reasons.join('; ')}.` : '';
  if (names.length < 2) {
    return note(`the category regression needs at least two categories with ${MIN_TASKS} or more sub-tasks each, and this run has ${names.length} (${units.length} model × sub-task means): raise "Sub-tasks per category" to 2 or more`);
  }
  const fit = ols(y, used);
  const test = omnibusFTest(y, used, names);
  return {
    F: round(test.F, 2),
    df1: test.df1,
    df2: test.df2,
    p: test.p,
    r2: round(fit.r2),
    n: units.length,
    categories: all.map((c) => {
      const i = fit.terms.indexOf(c);
      const inCat = units.filter((u) => catsOf(u).includes(c));
      return {
        category: c,
        estimate: i >= 0 ? round(fit.estimate[i], 2) : null,
        se: i >= 0 ? round(fit.se[i], 2) : null,
        p: i >= 0 ? fit.p[i] : null,
        mean: round(inCat.reduce((s, u) => s + u.mean, 0) / inCat.length, 1),
        tasks: taskCount(c),
      };
    }),
    leftOut,
    paper: { F: PAPER.categoryF, r2: PAPER.categoryR2 },
  };
}
