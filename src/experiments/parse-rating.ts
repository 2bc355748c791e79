import type { ResponseScale } from '../model';

/** A reply read as a rating: a number in the scale, or why there is none (the raw reply is always kept). */
export type ParsedRating =
  | { readonly status: 'ok'; readonly value: number }
  | { readonly status: 'unparsed'; readonly error: string }
  | { readonly status: 'refused'; readonly error: string };

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const REFUSAL =
  /\b(?:as an ai\b|i (?:do not|don't|cannot|can't) (?:really )?(?:have|experience|feel) (?:personal |any |genuine )?(?:feelings|motivation|emotions|preferences|desires)|i (?:cannot|can't|won't|am unable to|am not able to) (?:provide|give|assign|offer) (?:a |you a |any )?(?:rating|number|score)|i'm (?:unable|not able) to (?:provide|give|rate))/i;
/** Text that echoes the scale from the prompt rather than answering it. */
const SCALE_ECHO = [
  new RegExp(String.raw`\b(?:on\s+)?(?:a\s+)?scale\s+(?:of|from)\s+${NUMBER}\s*(?:\([^)]*\)\s*)?(?:to|-|–)\s*${NUMBER}(?:\s*\([^)]*\))?`, 'gi'),
  new RegExp(String.raw`\bfrom\s+${NUMBER}\s*(?:\([^)]*\)\s*)?(?:to|-|–)\s*${NUMBER}(?:\s*\([^)]*\))?`, 'gi'),
  new RegExp(String.raw`\bbetween\s+${NUMBER}\s+and\s+${NUMBER}`, 'gi'),
  new RegExp(String.raw`\b${NUMBER}\s*(?:-|–|to)\s*${NUMBER}[- ]point\s+scale|\b${NUMBER}\s*(?:-|–|to)\s*${NUMBER}\s+scale\b`, 'gi'),
];
const KEYWORD_BEFORE = /(?:rat(?:e|ing)|score|motivation(?:\s+level)?|answer|level|would say|i'd say|give it|give myself|at|is|as|:)\W{0,3}$/i;

/**
 * Reads a rating from a model's reply in any reasonable phrasing: "7", "7/10", "7 out of 10",
 * "Rating: 7", "I'd rate my motivation at 8.", "**8**", JSON such as
 * `{"motivation_score": 85}` (also fenced, or with numbers as strings), and the words zero–ten.
 * Numbers that are not the rating are ignored: the scale echoed from the prompt ("on a scale of
 * 1 to 10"), denominators ("out of 10") and list markers. A range ("7-8") is unparsed rather
 * than guessed, as are several different candidate numbers. A reply with no number that
 * declines ("As an AI, I don't have feelings") is a refusal. Out-of-scale values are unparsed.
 */
export function parseRating(text: string, scale: ResponseScale): ParsedRating {
  const found = fromJson(text) ?? fromText(text);
  if (typeof found === 'number') {
    if (found < scale.min || found > scale.max) return { status: 'unparsed', error: `rating ${found} is outside the scale ${scale.min}-${scale.max}` };
    return { status: 'ok', value: found };
  }
  if (found.kind === 'none' && REFUSAL.test(text)) return { status: 'refused', error: 'the model declined to give a rating' };
  return { status: 'unparsed', error: found.error };
}

type Miss = { readonly kind: 'none' | 'ambiguous'; readonly error: string };

function fromJson(text: string): number | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const candidates = [fenced, /\{[\s\S]*\}/.exec(text)?.[0], ...(text.match(/\{[^{}]*\}/g) ?? [])];
  for (const candidate of candidates) {
    if (!candidate) continue;
    let value: unknown;
    try {
      value = JSON.parse(candidate.trim());
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const entries = Object.entries(value as Record<string, unknown>);
    for (const pattern of [/motivation/i, /score|rating/i, /^value$/i]) {
      for (const [key, x] of entries) {
        if (!pattern.test(key)) continue;
        const n = typeof x === 'number' ? x : typeof x === 'string' && new RegExp(`^\\s*${NUMBER}\\s*$`).test(x) ? Number(x) : NaN;
        if (Number.isFinite(n)) return n;
      }
    }
  }
  return null;
}

interface Candidate {
  readonly value: number;
  readonly strong: boolean;
  readonly weak: boolean;
}

function fromText(original: string): number | Miss {
  let text = original.replace(/[*_`]+/g, ' ');
  for (const re of SCALE_ECHO) text = text.replace(re, ' ');
  const candidates: Candidate[] = [];
  // "7/10", "7 out of 10": the first number is the rating, the second the denominator.
  text = text.replace(new RegExp(`(${NUMBER})\\s*(?:/|out\\s+of)\\s*${NUMBER}`, 'gi'), (_m, n: string) => {
    candidates.push({ value: Number(n), strong: true, weak: false });
    return ' ';
  });
  const range = new RegExp(`(?<![\\w.])(${NUMBER})\\s*(?:-|–|to)\\s*(${NUMBER})(?![\\w])`, 'i').exec(text);
  if (range && !candidates.length) return { kind: 'ambiguous', error: `a range (${range[1]}-${range[2]}), not a single rating` };
  for (const m of text.matchAll(new RegExp(`(?<![\\w.])${NUMBER}(?![\\w]|\\.\\d)`, 'g'))) {
    const before = text.slice(0, m.index);
    const after = text.slice(m.index! + m[0].length);
    const listMarker = /(?:^|\n)\s*$/.test(before) && /^[.)]\s+\S/.test(after);
    candidates.push({ value: Number(m[0]), strong: KEYWORD_BEFORE.test(before), weak: listMarker });
  }
  if (!candidates.length) {
    const words = [...text.toLowerCase().matchAll(new RegExp(`\\b(${WORDS.join('|')})\\b`, 'g'))];
    const short = text.trim().split(/\s+/).length <= 6;
    const keyed = words.filter((w) => KEYWORD_BEFORE.test(text.slice(0, w.index)));
    const use = keyed.length ? keyed : short ? words : [];
    const values = new Set(use.map((w) => WORDS.indexOf(w[1])));
    if (values.size === 1) return [...values][0];
    if (values.size > 1) return { kind: 'ambiguous', error: `several numbers (${[...values].join(', ')}), no single rating` };
    return { kind: 'none', error: 'no rating found in the reply' };
  }
  const pool = candidates.some((c) => c.strong) ? candidates.filter((c) => c.strong) : candidates.some((c) => !c.weak) ? candidates.filter((c) => !c.weak) : candidates;
  const values = [...new Set(pool.map((c) => c.value))];
  if (values.length === 1) return values[0];
  return { kind: 'ambiguous', error: `several numbers (${values.join(', ')}), no single rating` };
}
