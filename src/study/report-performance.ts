import { fisherZMean } from '../analysis/fisher-z-mean';
import { replyColumn } from '../experiments/reply-column';
import { meanBy, okRows, round, rows, type Row } from './rows';
import { PAPER } from './paper-values';
import { perModelR } from './per-model-r';
import { StudyNote } from './study-note';

/** One cell of Table 1: a report against an outcome, averaged over models. */
export interface ReportPerformanceRow {
  readonly report: string;
  readonly outcome: string;
  readonly r: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly models: number;
  readonly n: number;
  readonly paper: string | null;
  /** Why there is no r (no judge scores, too few sub-tasks …); null when there is one. */
  readonly needs: string | null;
}

/**
 * Table 1 of the study: does a self-report go with how well and how long the model then
 * answers? For each report (pre, post, …) and each judge criterion, overall performance and
 * #tokens: per model, Pearson r between sub-task means in the control condition; the cell is
 * the Fisher-z average across models, with the range across models and n. #tokens is the
 * completion tokens of the execution answers themselves, so it does not depend on the judge;
 * the criteria (`reply_<criterion>`) and overall performance come from `judged`. An outcome
 * that cannot be computed is a row with `needs` saying why.
 */
export function reportPerformance(
  reports: Readonly<Record<string, unknown>>,
  sources: { readonly judged: readonly Row[] | StudyNote; readonly execution: unknown; readonly criteria: readonly string[] },
  options: { condition?: string } = {},
): ReportPerformanceRow[] {
  const condition = options.condition ?? 'none';
  const key = (r: Row) => `${r.model}|${r.taskId}`;
  const judgedHere = sources.judged instanceof StudyNote ? [] : sources.judged.filter((r) => r.condition === condition);
  const answers = sources.execution instanceof StudyNote ? [] : rows(sources.execution, 'execution').filter((r) => r.status !== 'failed' && r.condition === condition);
  const outcomes: { name: string; means: ReturnType<typeof meanBy>; needs: string }[] = [
    // Without judge scores one 'performance' row says why, rather than one per criterion.
    ...[...(sources.judged instanceof StudyNote ? [] : sources.criteria), 'performance'].map((c) => ({
      name: c,
      means: meanBy(judgedHere, key, c === 'performance' ? 'performance' : replyColumn(c)),
      needs: sources.judged instanceof StudyNote ? sources.judged.note : 'judge scores for at least 3 sub-tasks per model',
    })),
    { name: 'tokens', means: meanBy(answers, key, 'completionTokens'), needs: answers.length ? 'answers to at least 3 sub-tasks per model' : 'no execution answers yet: press Run all experiments' },
  ];
  const table: ReportPerformanceRow[] = [];
  for (const [name, value] of Object.entries(reports)) {
    if (value instanceof StudyNote) continue;
    const report = meanBy(okRows(value, name, condition), key, 'value');
    const models = [...new Set([...report.values()].map((m) => String(m.row.model)))];
    if (!models.length) continue;
    for (const outcome of outcomes) {
      const perModel = perModelR(report, outcome.means, models);
      const rs = perModel.map((m) => m.r);
      const n = perModel.reduce((s, m) => s + m.n, 0);
      const paper = outcome.name === 'performance' ? PAPER.performanceR : outcome.name === 'tokens' ? PAPER.tokensR : null;
      if (!rs.length) table.push({ report: name, outcome: outcome.name, r: null, min: null, max: null, models: 0, n: 0, paper, needs: outcome.needs });
      else table.push({ report: name, outcome: outcome.name, r: round(fisherZMean(rs)), min: round(Math.min(...rs)), max: round(Math.max(...rs)), models: rs.length, n, paper, needs: null });
    }
  }
  return table;
}
