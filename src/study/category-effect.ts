import { ols } from '../analysis/ols';
import { omnibusFTest } from '../analysis/omnibus-f-test';
import { categoriesOf } from '../experiments/categories-of';
import { meanBy, okRows, round, rows } from './rows';
import { PAPER } from './paper-values';

/** The category effect: one coefficient per category and the omnibus F over all of them. */
export interface CategoryEffect {
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  readonly r2: number;
  /** Rows: one per model × sub-task mean. */
  readonly n: number;
  readonly categories: { category: string; estimate: number; se: number; p: number; mean: number; tasks: number }[];
  readonly paper: { F: number; r2: number };
}

/**
 * Does motivation differ by task category? OLS of each model's sub-task mean (repetitions
 * averaged) on binary indicators of the sub-task's categories (multi-label, so a task may set
 * several), with the omnibus F test of all category coefficients. Categories with every task
 * or no task are left out (they cannot be estimated).
 */
export function categoryEffect(pre: unknown, tasks: unknown, options: { condition?: string } = {}): CategoryEffect {
  const condition = options.condition ?? 'none';
  const means = meanBy(okRows(pre, 'pre', condition), (r) => `${r.model}|${r.taskId}`, 'value');
  const cats = new Map(rows(tasks, 'tasks').map((t) => [String(t.id), categoriesOf(t.categories ?? t.category)]));
  const units = [...means.values()].filter((m) => cats.has(String(m.row.taskId)));
  if (units.length < 5) throw new Error(`categoryEffect needs ok pre-task trials for more sub-tasks (found ${units.length} model × sub-task means in condition '${condition}')`);
  const all = [...new Set(units.flatMap((u) => cats.get(String(u.row.taskId))!))].sort();
  const y = units.map((u) => u.mean);
  const predictors: Record<string, number[]> = {};
  for (const c of all) {
    const col: number[] = units.map((u) => (cats.get(String(u.row.taskId))!.includes(c) ? 1 : 0));
    const sum = col.reduce((a, b) => a + b, 0);
    if (sum > 0 && sum < units.length) predictors[c] = col;
  }
  let names = Object.keys(predictors);
  // Single-label data makes the indicators sum to the intercept: drop one as the baseline.
  if (units.every((_, i) => names.reduce((s, c) => s + predictors[c][i], 0) === 1)) names = names.slice(1);
  const used = Object.fromEntries(names.map((c) => [c, predictors[c]]));
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
      const inCat = units.filter((u) => cats.get(String(u.row.taskId))!.includes(c));
      return {
        category: c,
        estimate: i >= 0 ? round(fit.estimate[i], 2) : NaN,
        se: i >= 0 ? round(fit.se[i], 2) : NaN,
        p: i >= 0 ? fit.p[i] : NaN,
        mean: round(inCat.reduce((s, u) => s + u.mean, 0) / inCat.length, 1),
        tasks: new Set(inCat.map((u) => u.row.taskId)).size,
      };
    }),
    paper: { F: PAPER.categoryF, r2: PAPER.categoryR2 },
  };
}
