/** A uniform, compact view of any test result, for rendering (estimate, CI, statistic, df, p, n). */
export interface ResultSummary {
  readonly kind: 'pearson' | 'spearman' | 'kendall' | 'paired-t' | 't' | 'anova' | 'ols' | 'omnibus-f' | 'bootstrap' | 'unknown';
  readonly estimate?: number;
  readonly estimateName?: string;
  readonly ci95?: readonly [number, number];
  readonly statistic?: number;
  readonly statisticName?: string;
  readonly df?: number | readonly [number, number];
  readonly p?: number;
  readonly n?: number;
}

type Any = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Detects the kind of a result structurally (by its fields: `r`+`ci95` is Pearson, `rho`
 * Spearman, `tau` Kendall, `cohenDz` a paired t, `eta2` a one-way ANOVA, `r2`+`F` an OLS …)
 * and returns its headline numbers in one shape.
 */
export function summarize(result: unknown): ResultSummary {
  const r = (result ?? {}) as Any;
  const ci = Array.isArray(r.ci95) ? (r.ci95 as [number, number]) : Array.isArray(r.ci) ? (r.ci as [number, number]) : undefined;
  const p = num(r.p);
  const n = num(r.n);
  if ('r' in r && 'df' in r) return { kind: 'pearson', estimate: num(r.r), estimateName: 'r', ci95: ci, statistic: num(r.t), statisticName: 't', df: num(r.df), p, n };
  if ('rho' in r) return { kind: 'spearman', estimate: num(r.rho), estimateName: 'ρ', p, n };
  if ('tau' in r) return { kind: 'kendall', estimate: num(r.tau), estimateName: 'τ_b', p, n };
  if ('cohenDz' in r) return { kind: 'paired-t', estimate: num(r.meanDiff), estimateName: 'mean difference', ci95: ci, statistic: num(r.t), statisticName: 't', df: num(r.df), p, n };
  if ('eta2' in r) return { kind: 'anova', estimate: num(r.eta2), estimateName: 'η²', statistic: num(r.F), statisticName: 'F', df: [num(r.df1)!, num(r.df2)!], p };
  if ('r2Full' in r) return { kind: 'omnibus-f', estimate: num(r.r2Full)! - num(r.r2Reduced)!, estimateName: 'ΔR²', statistic: num(r.F), statisticName: 'F', df: [num(r.df1)!, num(r.df2)!], p };
  if ('r2' in r && 'F' in r) return { kind: 'ols', estimate: num(r.r2), estimateName: 'R²', statistic: num(r.F), statisticName: 'F', df: [num(r.df1)!, num(r.df2)!], p: num(r.pF), n };
  if ('t' in r && 'df' in r) return { kind: 't', estimate: num(r.meanDiff) ?? num(r.mean), estimateName: 'mean', ci95: ci, statistic: num(r.t), statisticName: 't', df: num(r.df), p, n };
  if ('estimate' in r && 'reps' in r) return { kind: 'bootstrap', estimate: num(r.estimate), estimateName: 'estimate', ci95: ci };
  return { kind: 'unknown' };
}
