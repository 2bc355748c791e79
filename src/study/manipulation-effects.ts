import { tTestPaired } from '../analysis/t-test-paired';
import { benjaminiHochberg } from '../analysis/benjamini-hochberg';
import { bootstrapMeanCI } from '../analysis/bootstrap-mean-ci';
import { meanBy, okRows, round, rows, type Row } from './rows';
import { StudyNote } from './study-note';

/** A metric: a trial table (its `value`), or any table and the column to use. */
export type MetricSource = unknown | { readonly table: unknown; readonly column: string };

/** The effect of one framing on one metric for one model, against the control. */
export interface ManipulationEffect {
  readonly metric: string;
  readonly model: string;
  readonly condition: string;
  readonly diff: number;
  readonly low: number;
  readonly high: number;
  readonly t: number;
  readonly df: number;
  readonly p: number;
  readonly pAdjusted: number;
  readonly n: number;
}

/**
 * How each framing moves each metric, per model: sub-task means under the framing minus under
 * `none`, paired over sub-tasks; paired t test, Benjamini-Hochberg adjusted p within each
 * metric (the study's FDR family), and a seeded percentile bootstrap 95% interval of the mean
 * difference (for the plots). A metric whose table is a StudyNote (no judge scores yet) is
 * left out; the figures say why.
 */
export function manipulationEffects(metrics: Readonly<Record<string, MetricSource>>, options: { control?: string; reps?: number; seed?: number } = {}): ManipulationEffect[] {
  const control = options.control ?? 'none';
  const out: ManipulationEffect[] = [];
  for (const [metric, source] of Object.entries(metrics)) {
    const isPair = typeof source === 'object' && source !== null && 'table' in source && 'column' in source;
    if (source instanceof StudyNote || (isPair && (source as { table: unknown }).table instanceof StudyNote)) continue;
    const column = isPair ? (source as { column: string }).column : 'value';
    const list: Row[] = isPair ? rows((source as { table: unknown }).table, metric) : okRows(source, metric);
    const means = meanBy(list, (r) => `${r.model}|${r.condition}|${r.taskId}`, column);
    const models = [...new Set(list.map((r) => String(r.model)))];
    const conditions = [...new Set(list.map((r) => String(r.condition)))].filter((c) => c !== control);
    const found: Omit<ManipulationEffect, 'pAdjusted'>[] = [];
    // The sub-task means of each model and framing, in the order of `means` (one pass, not one per pair).
    const byPrefix = new Map<string, [string, { mean: number }][]>();
    for (const entry of means) {
      const prefix = `${entry[1].row.model}|${entry[1].row.condition}|`;
      const list = byPrefix.get(prefix);
      if (list) list.push(entry);
      else byPrefix.set(prefix, [entry]);
    }
    for (const model of models) {
      for (const condition of conditions) {
        const a: number[] = [];
        const b: number[] = [];
        const prefix = `${model}|${condition}|`;
        for (const [k, m] of byPrefix.get(prefix) ?? []) {
          const base = means.get(`${model}|${control}|${k.slice(prefix.length)}`);
          if (!base) continue;
          a.push(m.mean);
          b.push(base.mean);
        }
        if (a.length < 3) continue;
        const d = a.map((x, i) => x - b[i]);
        try {
          const t = tTestPaired(a, b);
          const ci = bootstrapMeanCI(d, { reps: options.reps ?? 1000, seed: options.seed ?? 1 }).ci;
          found.push({ metric, model, condition, diff: round(t.meanDiff, 3), low: round(ci[0], 3), high: round(ci[1], 3), t: round(t.t, 2), df: t.df, p: t.p, n: a.length });
        } catch {
          // Identical values under both framings (d constant): no test, nothing to report.
        }
      }
    }
    const adjusted = benjaminiHochberg(found.map((f) => f.p));
    found.forEach((f, i) => out.push({ ...f, pAdjusted: adjusted[i] }));
  }
  return out;
}
