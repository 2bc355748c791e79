import { rows, type Row } from './rows';

/**
 * Judge trials joined to the answers they rate: each ok judge trial takes the answering
 * model, task, condition and completion tokens of its execution trial (by `parentKey`), keeps
 * the criteria columns, and names the judge. Overall performance is the judge trial's value
 * (the mean of the criteria).
 */
export function judgedAnswers(judge: unknown, execution: unknown): Row[] {
  const answers = new Map(rows(execution, 'execution').map((r) => [String(r.key), r]));
  const out: Row[] = [];
  for (const j of rows(judge, 'judge')) {
    if (j.status !== 'ok' || typeof j.value !== 'number') continue;
    const a = answers.get(String(j.parentKey));
    if (!a) continue;
    const { status: _s, raw: _r, messages: _m, text: _t, key: _k, trialId: _i, runId: _run, ...rest } = j;
    out.push({ ...rest, judge: j.model, model: a.model, taskId: a.taskId, task: a.task, condition: a.condition, performance: j.value, tokens: a.completionTokens ?? a.value });
  }
  return out;
}
