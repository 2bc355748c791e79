import { rows, type Row } from './rows';
import { note, StudyNote } from './study-note';

/**
 * Judge trials joined to the answers they rate: each ok judge trial takes the answering
 * model, task, condition and completion tokens of its execution trial (by `parentKey`), keeps
 * the criteria columns (`reply_<criterion>`), and names the judge. Overall performance is the
 * judge trial's value (the mean of the criteria). With no parsed judge score, a note saying
 * how many judge replies there are and how many parsed.
 */
export function judgedAnswers(judge: unknown, execution: unknown): Row[] | StudyNote {
  if (judge instanceof StudyNote) return judge;
  const answers = new Map(rows(execution, 'execution').map((r) => [String(r.key), r]));
  const all = rows(judge, 'judge');
  const out: Row[] = [];
  for (const j of all) {
    if (j.status !== 'ok' || typeof j.value !== 'number') continue;
    const a = answers.get(String(j.parentKey));
    if (!a) continue;
    const { status: _s, raw: _r, messages: _m, text: _t, key: _k, trialId: _i, runId: _run, ...rest } = j;
    out.push({ ...rest, judge: j.model, model: a.model, taskId: a.taskId, task: a.task, condition: a.condition, performance: j.value, tokens: a.completionTokens ?? a.value });
  }
  if (out.length) return out;
  if (!all.length) return note('no judge trials yet: press Run all experiments');
  const parsed = all.filter((j) => j.status === 'ok').length;
  return note(`no parsed judge scores yet: ${parsed} of ${all.length} judge replies parsed${parsed ? ', and none matches a current answer of the execution cell' : ''}`);
}
