import { fisherZMean } from '../analysis/fisher-z-mean';
import { meanBy, okRows, round } from './rows';
import { PAPER } from './paper-values';
import { perModelR } from './per-model-r';
import { note, StudyNote } from './study-note';

const PAPER_VALUES: Record<string, number | string> = {
  'pre~breakdown': PAPER.preVsBreakdown,
  'post~similar': PAPER.postVsSimilar,
  'pre~post': PAPER.preVsPost,
};

/**
 * Do reports agree across contexts? For every pair of report tables (e.g. pre, breakdown,
 * post, similar), per model, Pearson r between sub-task means in the control condition, then
 * the Fisher-z average across models, with the paper's value where it gives one. A pair
 * without 3 shared sub-tasks for any model is left out; with no pair at all, a note.
 */
export function crossContext(reports: Readonly<Record<string, unknown>>, options: { condition?: string } = {}) {
  const condition = options.condition ?? 'none';
  const names = Object.keys(reports).filter((n) => !(reports[n] instanceof StudyNote));
  const means = Object.fromEntries(names.map((n) => [n, meanBy(okRows(reports[n], n, condition), (r) => `${r.model}|${r.taskId}`, 'value')]));
  const out: { a: string; b: string; model: string; r: number; n: number; paper: number | string | null }[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i], names[j]];
      const models = new Set([...means[a].values()].map((m) => String(m.row.model)));
      const perModel = perModelR(means[a], means[b], models);
      for (const m of perModel) out.push({ a, b, model: m.model, r: round(m.r), n: m.n, paper: null });
      const rs = perModel.map((m) => m.r);
      const total = perModel.reduce((s, m) => s + m.n, 0);
      if (rs.length) out.push({ a, b, model: 'all (Fisher z)', r: round(fisherZMean(rs)), n: total, paper: PAPER_VALUES[`${a}~${b}`] ?? PAPER_VALUES[`${b}~${a}`] ?? null });
    }
  }
  return out.length ? out : note(`no two report contexts have parsed replies for the same sub-tasks yet (${Object.keys(reports).join(', ')}): press Run all experiments`);
}
