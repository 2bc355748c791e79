import { pfUpper } from './internal/distributions';
import { leastSquares } from './internal/least-squares';
import { designMatrix } from './internal/predictors';

/** One row of a type II ANOVA table. */
export interface AnovaType2Row {
  readonly term: string;
  readonly ss: number;
  readonly df: number;
  readonly F: number;
  readonly p: number;
}

/**
 * Type II sums of squares for numeric predictors, as `car::Anova(lm(y ~ ...), type = 2)`: each
 * term's SS is the rise in RSS when it alone is dropped from the full model (each term has 1 df);
 * F = (SS/df) / (RSS_full / df_residual). The residual df is on the result as `dfResidual`.
 */
export function anovaType2(y: readonly number[], predictors: Readonly<Record<string, readonly number[]>>): AnovaType2Row[] & { dfResidual: number } {
  const { names, columns } = designMatrix(y, predictors);
  const full = leastSquares(columns, y, names);
  const dfResidual = y.length - names.length;
  if (dfResidual < 1) throw new Error(`anovaType2 needs more observations than coefficients (${names.length}), got ${y.length}`);
  const mse = full.rss / dfResidual;
  const rows = names.slice(1).map((term, k) => {
    const keep = names.map((_, i) => i).filter((i) => i !== k + 1);
    const reduced = leastSquares(keep.map((i) => columns[i]), y, keep.map((i) => names[i]));
    const ss = reduced.rss - full.rss;
    const F = ss / mse;
    return { term, ss, df: 1, F, p: pfUpper(F, 1, dfResidual) };
  });
  return Object.assign(rows, { dfResidual });
}
