import { rows as rowsOfTable, type Row } from '../rows';
import { administrationForms } from './administration-forms';
import type { Questionnaire } from './questionnaire';
import { parsedField } from './parsed-field';

/** One answered item of one administration, scored (reverse-keyed items turned around). */
export interface ItemResponse {
  readonly model: string;
  readonly condition: string;
  readonly administration: number;
  readonly item: string;
  readonly scale: string;
  readonly keyed: '+' | '-';
  readonly response: number;
  readonly scored: number;
  /** 1-based position of the item in the prompt (together), or null (one per call). */
  readonly position: number | null;
}

/** One administration's subscale scores (means of its scored items) and how many items it answered. */
export interface AdministrationScores {
  readonly model: string;
  readonly condition: string;
  readonly administration: number;
  readonly answered: number;
  readonly missing: number;
  readonly scores: Readonly<Record<string, number | null>>;
}

/** What scoring found: item responses, administration scores, and the items no reply gave. */
export interface QuestionnaireScores {
  readonly items: ItemResponse[];
  readonly administrations: AdministrationScores[];
  /** Items asked but not answered (unparsed, missing from the JSON, off the scale, failed calls). */
  readonly missingItems: number;
}

/**
 * Scores the trials of a questionnaire design: every item answered on the response scale
 * counts, also from a reply that missed other items (its trial is `unparsed`, and the missing
 * items are counted, never dropped silently). A subscale score is the mean of its answered
 * scored items; it is null when none was answered.
 */
export function scoreQuestionnaire(trials: unknown, q: Questionnaire): QuestionnaireScores {
  const list = rowsOfTable(trials, 'trials');
  const { min, max } = q.responses;
  const onScale = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
  const byId = new Map(q.items.map((item) => [item.id, item]));
  const together = (q.administration ?? 'together') === 'together';
  const forms = new Map(administrationForms(q.items, q.repetitions, q.seed).map((f) => [f.id, f]));
  const items: ItemResponse[] = [];
  const asked = new Map<string, { model: string; condition: string; administration: number; asked: number }>();
  const key = (r: Row, administration: number) => `${r.model}|${r.condition}|${administration}`;
  for (const r of list) {
    const model = String(r.model);
    const condition = String(r.condition);
    const answers: [string, unknown, number | null][] = [];
    let administration: number;
    if (together) {
      const form = forms.get(String(r.taskId));
      if (!form) continue;
      administration = form.administration;
      form.order.forEach((id, i) => answers.push([id, parsedField(r, id), i + 1]));
    } else {
      if (!byId.has(String(r.taskId))) continue;
      administration = Number(r.repetition);
      answers.push([String(r.taskId), r.status === 'ok' ? r.value : null, null]);
    }
    const k = key(r, administration);
    const entry = asked.get(k) ?? { model, condition, administration, asked: 0 };
    entry.asked += answers.length;
    asked.set(k, entry);
    for (const [id, response, position] of answers) {
      if (!onScale(response)) continue;
      const item = byId.get(id)!;
      items.push({ model, condition, administration, item: id, scale: item.scale, keyed: item.keyed, response, scored: item.keyed === '-' ? min + max - response : response, position });
    }
  }
  const scales = [...new Set(q.items.map((item) => item.scale))];
  const administrations: AdministrationScores[] = [...asked.entries()].map(([k, a]) => {
    const mine = items.filter((x) => `${x.model}|${x.condition}|${x.administration}` === k);
    const scores = Object.fromEntries(scales.map((s) => {
      const v = mine.filter((x) => x.scale === s).map((x) => x.scored);
      return [s, v.length ? v.reduce((p, c) => p + c, 0) / v.length : null];
    }));
    return { model: a.model, condition: a.condition, administration: a.administration, answered: mine.length, missing: a.asked - mine.length, scores };
  });
  return { items, administrations, missingItems: administrations.reduce((s, a) => s + a.missing, 0) };
}
