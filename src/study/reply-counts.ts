import { rows } from './rows';
import { note, type StudyNote } from './study-note';

/** The replies of one experiment and model, by outcome. */
export interface ReplyCount {
  readonly experiment: string;
  readonly model: string;
  readonly ok: number;
  readonly unparsed: number;
  readonly refused: number;
  readonly failed: number;
  readonly total: number;
  readonly unusablePct: number;
}

/**
 * How many replies of each experiment and model were usable: ok, unparsed (kept raw, with the
 * reason), refused and failed requests, with the share unusable, so every analysis can say
 * what it left out. Before any trial, a note.
 */
export function replyCounts(experiments: Readonly<Record<string, unknown>>): ReplyCount[] | StudyNote {
  const out: ReplyCount[] = [];
  for (const [experiment, table] of Object.entries(experiments)) {
    const byModel = new Map<string, { ok: number; unparsed: number; refused: number; failed: number }>();
    for (const r of rows(table, experiment)) {
      const c = byModel.get(String(r.model)) ?? { ok: 0, unparsed: 0, refused: 0, failed: 0 };
      byModel.set(String(r.model), c);
      const s = r.status as keyof typeof c;
      if (s in c) c[s] += 1;
    }
    for (const [model, c] of byModel) {
      const total = c.ok + c.unparsed + c.refused + c.failed;
      out.push({ experiment, model, ...c, total, unusablePct: total ? Math.round((1000 * (total - c.ok)) / total) / 10 : 0 });
    }
  }
  return out.length ? out : note('no trials yet: press Run all experiments');
}
