import { cronbachAlpha } from '../../analysis/cronbach-alpha';
import { pearson } from '../../analysis/pearson';
import { round } from '../rows';
import type { Questionnaire } from './questionnaire';
import type { QuestionnaireScores } from './score-questionnaire';

/** Internal consistency of one subscale across administrations, with item-drop statistics. */
export interface SubscaleReliability {
  readonly scale: string;
  readonly items: number;
  /** Administrations that answered every item of the subscale (the rows α is computed over). */
  readonly n: number;
  readonly rawAlpha: number | null;
  readonly stdAlpha: number | null;
  /** Per item: α of the others and the item's correlation with their sum (as psych::alpha). */
  readonly drop: readonly { readonly item: string; readonly rawAlpha: number; readonly stdAlpha: number; readonly rDrop: number }[];
  /** Test-retest: r between administrations 1 and 2 of the same model and persona, over units answering both. */
  readonly retestR: number | null;
  readonly retestN: number;
  /** Why a number is missing, in one sentence; null when all could be computed. */
  readonly note: string | null;
}

/**
 * Cronbach's α per subscale over administrations (every model × persona × repetition that
 * answered all its items), the item-drop statistics of psych::alpha, and test-retest between
 * the first two administrations. Language models often give one answer every time: an item
 * without variation leaves α undefined, which the note says instead of an error.
 */
export function questionnaireReliability(scores: QuestionnaireScores, q: Questionnaire): SubscaleReliability[] {
  const scales = [...new Set(q.items.map((item) => item.scale))];
  return scales.map((scale) => {
    const ids = q.items.filter((item) => item.scale === scale).map((item) => item.id);
    const cells = new Map<string, Map<string, number>>();
    for (const x of scores.items) {
      if (x.scale !== scale) continue;
      const k = `${x.model}|${x.condition}|${x.administration}`;
      if (!cells.has(k)) cells.set(k, new Map());
      cells.get(k)!.set(x.item, x.scored);
    }
    const complete = [...cells.values()].filter((m) => ids.every((id) => m.has(id))).map((m) => ids.map((id) => m.get(id)!));
    let alpha: ReturnType<typeof cronbachAlpha> | null = null;
    let note: string | null = null;
    if (ids.length < 2) note = 'α needs at least 2 items in the subscale';
    else if (complete.length < 3) note = `α needs at least 3 complete administrations, got ${complete.length}: add repetitions, models or personas`;
    else {
      const flat = ids.filter((_, j) => complete.every((row) => row[j] === complete[0][j]));
      if (flat.length) note = `α is undefined: ${flat.join(', ')} got the same answer in all ${complete.length} administrations`;
      else alpha = cronbachAlpha(complete);
    }
    const retest = retestPairs(scores, scale);
    let retestR: number | null = null;
    if (retest.a.length >= 3 && new Set(retest.a).size > 1 && new Set(retest.b).size > 1) retestR = round(pearson(retest.a, retest.b).r, 3);
    return {
      scale,
      items: ids.length,
      n: complete.length,
      rawAlpha: alpha ? round(alpha.raw, 3) : null,
      stdAlpha: alpha ? round(alpha.std, 3) : null,
      drop: alpha ? alpha.drop.map((d, j) => ({ item: ids[j], rawAlpha: round(d.rawAlpha, 3), stdAlpha: round(d.stdAlpha, 3), rDrop: round(d.rDrop, 3) })) : [],
      retestR,
      retestN: retest.a.length,
      note,
    };
  });
}

function retestPairs(scores: QuestionnaireScores, scale: string): { a: number[]; b: number[] } {
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  for (const s of scores.administrations) {
    const v = s.scores[scale];
    if (v === null || v === undefined) continue;
    if (s.administration === 1) first.set(`${s.model}|${s.condition}`, v);
    if (s.administration === 2) second.set(`${s.model}|${s.condition}`, v);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (const [k, v] of first) {
    const w = second.get(k);
    if (w === undefined) continue;
    a.push(v);
    b.push(w);
  }
  return { a, b };
}
