import type { Measure, ResponseScale } from '../model';
import { assertNever } from '../model';
import { numberOf, readJsonObject } from './read-json-object';
import { readKnownKeys } from './read-known-keys';
import { parseRating } from './parse-rating';
import { isRefusal } from './is-refusal';

/** What a reply is read as. `value` is set when `status` is ok; `fields` and `text` whenever they could be read. */
export type ReplyOutcome =
  | { readonly status: 'ok'; readonly value: number; readonly fields?: Record<string, number>; readonly text?: string }
  | { readonly status: 'unparsed' | 'refused'; readonly error: string; readonly fields?: Record<string, number>; readonly text?: string };

/** The parts of a call's result a measure may need besides the text. */
export interface ReplyContext {
  readonly scale: ResponseScale;
  readonly completionTokens: number | null;
}

/**
 * Reads a reply according to the experiment's measure (see {@link Measure}). Nothing is
 * guessed: a missing field, a value out of the scale, or a choice that is not one of the
 * options leaves the trial `unparsed` with a message naming the problem (the raw reply is
 * always stored); a reply that declines is `refused`.
 */
export function parseReply(text: string, measure: Measure, context: ReplyContext): ReplyOutcome {
  switch (measure.kind) {
    case 'rating':
      return parseRating(text, context.scale);
    case 'text':
      if (isRefusal(text)) return { status: 'refused', error: 'the model declined the task' };
      if (!text.trim()) return { status: 'unparsed', error: 'empty reply' };
      return { status: 'ok', value: context.completionTokens ?? Math.ceil(text.length / 4) };
    case 'json':
      return jsonOutcome(text, measure, context.scale);
    case 'choice':
      return choiceOutcome(text, measure);
    default:
      return assertNever(measure, 'measure');
  }
}

function jsonOutcome(text: string, measure: Extract<Measure, { kind: 'json' }>, scale: ResponseScale): ReplyOutcome {
  const object = readJsonObject(text);
  const refused = isRefusal(text);
  if (!object) return refused ? { status: 'refused', error: 'the model declined to answer' } : { status: 'unparsed', error: 'no JSON object in the reply' };
  const lower = new Map(Object.entries(object).map(([k, v]) => [k.toLowerCase().replace(/[\s-]+/g, '_'), v]));
  // Values the model left unquoted break the JSON; then the asked-for keys are read as the study read them.
  const known = readKnownKeys(text, [...measure.fields, ...(measure.text ? [measure.text] : [])]);
  const numeric = (name: string) => numberOf(lower.get(name.toLowerCase())) ?? numberOf(known[name]);
  const fields: Record<string, number> = {};
  const missing: string[] = [];
  const outside: string[] = [];
  for (const name of measure.fields) {
    const n = numeric(name);
    if (n === null) missing.push(name);
    else {
      fields[name] = n;
      if (n < scale.min || n > scale.max) outside.push(`${name} ${n}`);
    }
  }
  const reason = measure.text ? (lower.get(measure.text.toLowerCase()) ?? known[measure.text]) : undefined;
  const extra = { fields, ...(typeof reason === 'string' && { text: reason }) };
  if (missing.length === measure.fields.length && refused) return { status: 'refused', error: 'the model declined to give ratings', ...extra };
  if (missing.length) return { status: 'unparsed', error: `missing or non-numeric ${missing.join(', ')}`, ...extra };
  if (outside.length) return { status: 'unparsed', error: `outside the scale ${scale.min}-${scale.max}: ${outside.join(', ')}`, ...extra };
  const values = measure.fields.map((f) => fields[f]);
  const value = measure.value === 'mean' ? values.reduce((a, b) => a + b, 0) / values.length : fields[measure.value];
  return { status: 'ok', value, ...extra };
}

function choiceOutcome(text: string, measure: Extract<Measure, { kind: 'choice' }>): ReplyOutcome {
  const object = readJsonObject(text);
  const reason = measure.text ? (object?.[measure.text] ?? readKnownKeys(text, [measure.text])[measure.text]) : undefined;
  const extra = typeof reason === 'string' ? { text: reason } : {};
  const given = object ? (object.task_number ?? object.task ?? object.choice) : undefined;
  // "TASK 2" written as the value, as models echo the prompt's own names for the tasks.
  let n = numberOf(typeof given === 'string' ? given.replace(/^\s*task\s*/i, '') : given);
  if (n === null) {
    const named = [...new Set([...text.matchAll(/\btask\s*(?:number\s*)?#?\s*(\d+)\b/gi)].map((m) => Number(m[1])))];
    if (named.length === 1) n = named[0];
    else if (isRefusal(text)) return { status: 'refused', error: 'the model declined to choose', ...extra };
    else return { status: 'unparsed', error: named.length ? `names several tasks (${named.join(', ')})` : 'no task_number in the reply', ...extra };
  }
  if (!Number.isInteger(n) || n < 1 || n > measure.options) return { status: 'unparsed', error: `task_number ${n} is not one of 1-${measure.options}`, ...extra };
  return { status: 'ok', value: n, ...extra };
}
