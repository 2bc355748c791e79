import { rows } from './rows';

/**
 * How many replies of each experiment and model were usable: ok, unparsed (kept raw, with the
 * reason), refused and failed requests, with the share unusable, so every analysis can say
 * what it left out.
 */
export function replyCounts(experiments: Readonly<Record<string, unknown>>) {
  const out: { experiment: string; model: string; ok: number; unparsed: number; refused: number; failed: number; total: number; unusablePct: number }[] = [];
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
  return out;
}
