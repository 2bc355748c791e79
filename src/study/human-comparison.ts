import * as aq from 'arquero';
import { pearson } from '../analysis/pearson';
import { ols } from '../analysis/ols';
import { meanBy, okRows, round, rows } from './rows';
import { PAPER } from './paper-values';
import { note, type StudyNote } from './study-note';

/**
 * Do models' reports track what people think? `human` is a CSV text or table with a task id
 * column (`taskId`, `id` or `sub_task_id`) and the mean human ratings `human` (how motivated a
 * typical person would be) and `ai` (how motivated an AI would be). Each is correlated with the
 * models' mean pre-task motivation per task (control condition, all models), and both enter an
 * OLS together (the paper's R²).
 */
export function humanComparison(human: unknown, pre: unknown): ReturnType<typeof compare> | StudyNote {
  const table = typeof human === 'string' ? rowsFromCsv(human) : rows(human, 'human');
  if (!table.length) return note('no human ratings yet: paste a CSV with the columns taskId, human, ai into the cell above');
  return compare(table, pre);
}

function compare(table: Record<string, unknown>[], pre: unknown) {
  const idKey = ['taskId', 'id', 'sub_task_id'].find((k) => k in table[0]);
  if (!idKey) throw new Error(`the human ratings need a task id column (taskId, id or sub_task_id); found ${Object.keys(table[0]).join(', ')}`);
  for (const col of ['human', 'ai']) if (!(col in table[0])) throw new Error(`the human ratings need a column "${col}"; found ${Object.keys(table[0]).join(', ')}`);
  const model = meanBy(okRows(pre, 'pre', 'none'), (r) => String(r.taskId), 'value');
  const matched = table
    .map((r) => ({ id: String(r[idKey]), human: Number(r.human), ai: Number(r.ai), model: model.get(String(r[idKey]))?.mean }))
    .filter((r) => r.model !== undefined && Number.isFinite(r.human) && Number.isFinite(r.ai)) as { id: string; human: number; ai: number; model: number }[];
  if (matched.length < 5) return note(`the comparison needs model reports for at least 5 of the ${table.length} human-rated sub-tasks and has ${matched.length}: run the pre-task experiment on those sub-tasks (e.g. choose the study's task set)`);
  const y = matched.map((m) => m.model);
  const fit = ols(y, { human: matched.map((m) => m.human), ai: matched.map((m) => m.ai) });
  return {
    n: matched.length,
    humanR: round(pearson(matched.map((m) => m.human), y).r),
    aiR: round(pearson(matched.map((m) => m.ai), y).r),
    r2: round(fit.r2),
    rows: matched,
    paper: { humanR: PAPER.humanR, aiR: PAPER.aiR, r2: PAPER.humanR2 },
  };
}

function rowsFromCsv(text: string): Record<string, unknown>[] {
  if (!text.trim()) return [];
  try {
    return aq.fromCSV(text).objects() as Record<string, unknown>[];
  } catch (error) {
    throw new Error(`the human ratings CSV does not parse: ${(error as Error).message}`, { cause: error });
  }
}
