import { pfUpper } from './internal/distributions';
import { leastSquares } from './internal/least-squares';
import { designMatrix } from './internal/predictors';

/** A nested-model F test of a set of coefficients. */
export interface OmnibusFTestResult {
  readonly F: number;
  readonly df1: number;
  readonly df2: number;
  readonly p: number;
  readonly r2Full: number;
  readonly r2Reduced: number;
}

/**
 * Tests whether the `tested` predictors add to the others, jointly: F = ((RSS_r − RSS_f)/q) /
 * (RSS_f/(n − p)), as R's `anova(reduced, full)`. This is the study's category effect, where a
 * task may carry several category indicators at once (multi-label), so one-way ANOVA does not fit.
 */
export function omnibusFTest(y: readonly number[], predictors: Readonly<Record<string, readonly number[]>>, tested: readonly string[]): OmnibusFTestResult {
  const { names, columns } = designMatrix(y, predictors);
  if (tested.length === 0) throw new Error('tested must name at least one predictor');
  for (const t of tested) if (!names.includes(t)) throw new Error(`tested names '${t}', which is not among the predictors (${names.slice(1).join(', ')})`);
  const full = leastSquares(columns, y, names);
  const keep = names.map((_, i) => i).filter((i) => !tested.includes(names[i]));
  const reduced = leastSquares(keep.map((i) => columns[i]), y, keep.map((i) => names[i]));
  const df1 = tested.length;
  const df2 = y.length - names.length;
  if (df2 < 1) throw new Error(`omnibusFTest needs more observations than coefficients (${names.length}), got ${y.length}`);
  const F = (reduced.rss - full.rss) / df1 / (full.rss / df2);
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  const tss = y.reduce((a, v) => a + (v - m) ** 2, 0);
  return { F, df1, df2, p: pfUpper(F, df1, df2), r2Full: 1 - full.rss / tss, r2Reduced: 1 - reduced.rss / tss };
}
