import { round } from '../rows';
import { qt } from '../../analysis/internal/distributions';
import type { QuestionnaireScores } from './score-questionnaire';

/** A subscale's mean score for one model and persona, with a 95% t interval over administrations. */
export interface SubscaleSummary {
  readonly model: string;
  readonly condition: string;
  readonly scale: string;
  readonly mean: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

/**
 * Mean subscale score per model × persona × subscale over its administrations, with a 95%
 * t interval (null with one administration, or when every administration scored the same,
 * where an interval says nothing).
 */
export function questionnaireSummary(scores: QuestionnaireScores): SubscaleSummary[] {
  const groups = new Map<string, { model: string; condition: string; scale: string; values: number[] }>();
  for (const a of scores.administrations) {
    for (const [scale, v] of Object.entries(a.scores)) {
      if (v === null) continue;
      const k = `${a.model}|${a.condition}|${scale}`;
      const g = groups.get(k) ?? { model: a.model, condition: a.condition, scale, values: [] };
      g.values.push(v);
      groups.set(k, g);
    }
  }
  return [...groups.values()].map((g) => {
    const n = g.values.length;
    const mean = g.values.reduce((s, v) => s + v, 0) / n;
    const sd = n > 1 ? Math.sqrt(g.values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
    const half = n > 1 && sd > 0 ? qt(0.975, n - 1) * (sd / Math.sqrt(n)) : null;
    return { model: g.model, condition: g.condition, scale: g.scale, mean: round(mean, 3), low: half === null ? null : round(mean - half, 3), high: half === null ? null : round(mean + half, 3), n };
  });
}
