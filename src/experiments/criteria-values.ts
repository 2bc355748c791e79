import type { Criterion, ResponseScale } from '../model';
import { seededRandom } from '../analysis/seeded-random';
import type { PromptValues } from './render-prompt';
import { stableHash } from './stable-hash';

/** A value's text as the pieces it is joined from (MessagesJson hashes a prompt from them). */
export type PromptParts = Readonly<Record<string, readonly string[]>>;

/**
 * The criteria in a seeded shuffled order: `{{criteria}}` one per line and `{{format}}` every
 * JSON key; `{{criteriaSpaced}}` separated by blank lines and `{{formatElided}}` naming the first
 * two and the last key with `...` between, as the study's judge prompt did.
 * The study's seven criteria have 5,040 orders, so the texts are made per call, but from the
 * criteria's own strings: `parts` lists them (the key's hash escapes each criterion's text once per
 * plan, not the ~2.5 KB list per call), and the values are their concatenation, which shares them.
 */
export function criteriaValues(spec: { criteria?: readonly Criterion[]; seed?: number; scale: ResponseScale }, salt: string): { values: PromptValues; parts: PromptParts } {
  const criteria = spec.criteria;
  if (!criteria?.length) return { values: {}, parts: {} };
  const random = seededRandom(parseInt(stableHash(`${spec.seed ?? 0}|${salt}`), 16));
  const order = [...criteria];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const { min, max } = spec.scale;
  const described = (c: Criterion) => `"${c.name}": a number from ${min} to ${max}`;
  const listed = (between: string) => order.flatMap((c, i) => [`${i ? between : ''}${i + 1}. `, c.text]);
  const parts = { criteria: listed('\n'), criteriaSpaced: listed('\n\n') };
  return {
    values: {
      criteria: joined(parts.criteria),
      format: `{${order.map((c) => `"${c.name}": <${min}-${max}>`).join(', ')}}`,
      criteriaSpaced: joined(parts.criteriaSpaced),
      formatElided: `{${[...order.slice(0, 2).map(described), ...(order.length > 2 ? ['...'] : []), ...order.slice(Math.max(2, order.length - 1)).map(described)].join(', ')}}`,
    },
    parts,
  };
}

/** The pieces concatenated with `+`: the result refers to them rather than copying them (join would copy). */
function joined(pieces: readonly string[]): string {
  let text = '';
  for (const piece of pieces) text += piece;
  return text;
}
