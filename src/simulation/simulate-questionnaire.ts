import type { ChatMessage } from '../model';
import { stableHash } from '../experiments/stable-hash';
import { seededRandom } from '../analysis/seeded-random';
import { normalDraw } from './normal-draw';
import type { SimWorld } from './sim-world';

/**
 * The simulated participant answering a questionnaire (see study.questionnaireDesign): each
 * model has a planted level per subscale on the response scale (`questionnaire.traits`, or one
 * derived from the model's name), a persona shifts it (`questionnaire.personas`), every item has
 * a fixed bias (SD `itemBiasSd`) and each answer noise (SD `itemSd`); a `-` keyed item is
 * answered reversed, so scoring must turn it back. Returns null for any other prompt.
 */
export function simulateQuestionnaire(request: { model: string; messages: readonly ChatMessage[] }, world: SimWorld, random: () => number): string | null {
  if (!world.items.length) return null;
  const prompt = request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const asked = world.items.filter((item) => prompt.includes(item.text));
  if (!asked.length) return null;
  const q = world.params.questionnaire;
  const scale = /Answer with just the number \((\d+)-(\d+)\)/.exec(prompt) ?? /"[^"]+":\s*<(\d+)-(\d+)>/.exec(prompt);
  const min = scale ? Number(scale[1]) : 1;
  const max = scale ? Number(scale[2]) : 5;
  const persona = world.conditions.find((c) => c.prefix.trim() && prompt.includes(c.prefix.trim()))?.name ?? null;
  const normal = () => normalDraw(random);
  const answer = (item: (typeof asked)[number]) => {
    const level = q.traits[request.model]?.[item.scale] ?? derivedLevel(request.model, item.scale, min, max, q.spread);
    const shift = (persona && q.personas[persona]?.[item.scale]) || 0;
    const bias = q.itemBiasSd * normalDraw(seededRandom(parseInt(stableHash(`item|${item.id}`), 16)));
    const scored = level + shift + bias + q.itemSd * normal();
    const response = item.keyed === '-' ? min + max - scored : scored;
    return Math.min(max, Math.max(min, Math.round(response)));
  };
  if (asked.length === 1 && /Statement:/.test(prompt)) return String(answer(asked[0]));
  return JSON.stringify(Object.fromEntries(asked.map((item) => [item.id, answer(item)])));
}

/** A model's level on a subscale when none is given: the scale's middle ± `spread`, fixed by the names. */
function derivedLevel(model: string, scale: string, min: number, max: number, spread: number): number {
  const z = normalDraw(seededRandom(parseInt(stableHash(`trait|${model}|${scale}`), 16)));
  return Math.min(max - 0.5, Math.max(min + 0.5, (min + max) / 2 + spread * z));
}
