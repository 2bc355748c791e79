import type { Questionnaire } from './questionnaire';

/** Checks a questionnaire's shape; every error names the bad field, e.g. "items[3].keyed must be '+' or '-'". */
export function validateQuestionnaire(q: Questionnaire): void {
  if (!q || typeof q !== 'object') throw new Error('the questionnaire must be an object');
  if (!Array.isArray(q.items) || q.items.length === 0) throw new Error('items must list at least one item');
  const ids = new Set<string>();
  q.items.forEach((item, i) => {
    if (typeof item?.id !== 'string' || !/^[A-Za-z0-9_]+$/.test(item.id)) throw new Error(`items[${i}].id must be letters, digits or _ (it is the JSON key the item is answered under)`);
    if (ids.has(item.id)) throw new Error(`items[${i}].id '${item.id}' is used twice`);
    ids.add(item.id);
    if (typeof item.text !== 'string' || !item.text.trim()) throw new Error(`items[${i}].text must be the statement`);
    if (typeof item.scale !== 'string' || !item.scale) throw new Error(`items[${i}].scale must name the subscale`);
    if (item.keyed !== '+' && item.keyed !== '-') throw new Error(`items[${i}].keyed must be '+' or '-'`);
  });
  const r = q.responses;
  if (!r || !Number.isInteger(r.min) || !Number.isInteger(r.max) || r.max <= r.min) throw new Error('responses must be { min, max, labels } with whole numbers min < max');
  if (!Array.isArray(r.labels) || r.labels.length !== r.max - r.min + 1) throw new Error(`responses.labels must give one label for each of the ${r.max - r.min + 1} points from ${r.min} to ${r.max}`);
  if (typeof q.instructions !== 'string') throw new Error('instructions must be text');
  if (!Number.isInteger(q.repetitions) || q.repetitions < 1) throw new Error('repetitions must be a whole number ≥ 1');
  if (q.administration !== undefined && q.administration !== 'together' && q.administration !== 'one-per-call') throw new Error("administration must be 'together' or 'one-per-call'");
}
