import { pearson } from '../../analysis/pearson';
import { round } from '../rows';
import type { QuestionnaireScores } from './score-questionnaire';

/** Whether an item's answer depends on where it stood in the prompt. */
export interface ItemOrderEffect {
  /** Correlation between an item's position and its scored answer minus that item's mean. */
  readonly r: number | null;
  /** Change in the scored answer per 10 positions later in the prompt (least squares). */
  readonly slopePer10: number | null;
  readonly n: number;
  readonly note: string | null;
}

/**
 * The effect of item order (questionnaires given `together`, whose forms shuffle the items):
 * each scored answer is centred on its item's mean, so item content drops out, and what is left
 * is related to the item's position in the prompt.
 */
export function itemOrderEffect(scores: QuestionnaireScores): ItemOrderEffect {
  const placed = scores.items.filter((x) => x.position !== null);
  if (placed.length < 3) return { r: null, slopePer10: null, n: placed.length, note: 'needs answers to items given together in shuffled order' };
  const sums = new Map<string, { s: number; n: number }>();
  for (const x of placed) {
    const a = sums.get(x.item) ?? { s: 0, n: 0 };
    a.s += x.scored;
    a.n += 1;
    sums.set(x.item, a);
  }
  const position = placed.map((x) => x.position!);
  const centred = placed.map((x) => x.scored - sums.get(x.item)!.s / sums.get(x.item)!.n);
  if (new Set(position).size < 2) return { r: null, slopePer10: null, n: placed.length, note: 'every item stood in the same place: add repetitions (each is a new order)' };
  if (centred.every((v) => Math.abs(v) < 1e-12)) return { r: 0, slopePer10: 0, n: placed.length, note: 'every item got the same answer wherever it stood' };
  const mp = position.reduce((s, v) => s + v, 0) / position.length;
  const slope = position.reduce((s, p, i) => s + (p - mp) * centred[i], 0) / position.reduce((s, p) => s + (p - mp) ** 2, 0);
  return { r: round(pearson(position, centred).r, 3), slopePer10: round(10 * slope, 3), n: placed.length, note: null };
}
