import { okRows, rows, type Row } from './rows';
import { note, StudyNote } from './study-note';

/**
 * The usable trials of one experiment (status ok, a numeric value, optionally one condition),
 * or a note saying plainly why there are none: no trials yet, or none of them parsed.
 * `label` names the experiment as a reader knows it ("pre-task", "judge").
 */
export function trialsOrNote(value: unknown, label: string, condition?: string): Row[] | StudyNote {
  if (value instanceof StudyNote) return value;
  const all = rows(value, label);
  if (!all.length) return note(`no ${label} trials yet: press Run all experiments`);
  const ok = okRows(all, label, condition);
  if (ok.length) return ok;
  const where = condition === undefined ? '' : ` in the '${condition}' condition`;
  const here = condition === undefined ? all : all.filter((r) => r.condition === condition);
  return note(`no parsed ${label} replies yet${where}: 0 of ${here.length} ${label} replies parsed`);
}
