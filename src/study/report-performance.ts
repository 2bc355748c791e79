import { fisherZMean } from '../analysis/fisher-z-mean';
import { meanBy, okRows, round, type Row } from './rows';
import { PAPER } from './paper-values';
import { perModelR } from './per-model-r';

/**
 * Table 1 of the study: does a self-report go with how well and how long the model then
 * answers? For each report (pre, post, …) and each judge criterion, overall performance and
 * #tokens: per model, Pearson r between sub-task means in the control condition; the cell is
 * the Fisher-z average across models, with the range across models and n.
 */
export function reportPerformance(reports: Readonly<Record<string, unknown>>, judged: readonly Row[], criteria: readonly string[], options: { condition?: string } = {}) {
  const condition = options.condition ?? 'none';
  const judgedHere = judged.filter((r) => r.condition === condition);
  const key = (r: Row) => `${r.model}|${r.taskId}`;
  const outcomes = [...criteria, 'performance', 'tokens'];
  const outcomeMeans = Object.fromEntries(outcomes.map((c) => [c, meanBy(judgedHere, key, c)]));
  const table: { report: string; outcome: string; r: number; min: number; max: number; models: number; n: number; paper: string | null }[] = [];
  for (const [name, value] of Object.entries(reports)) {
    const report = meanBy(okRows(value, name, condition), key, 'value');
    const models = [...new Set([...report.values()].map((m) => String(m.row.model)))];
    for (const outcome of outcomes) {
      const perModel = perModelR(report, outcomeMeans[outcome], models);
      const rs = perModel.map((m) => m.r);
      const n = perModel.reduce((s, m) => s + m.n, 0);
      if (!rs.length) continue;
      const paper = outcome === 'performance' ? PAPER.performanceR : outcome === 'tokens' ? PAPER.tokensR : null;
      table.push({ report: name, outcome, r: round(fisherZMean(rs)), min: round(Math.min(...rs)), max: round(Math.max(...rs)), models: rs.length, n, paper });
    }
  }
  return table;
}
