import { NUMBER_FIELDS, TEXT_FIELDS, type NumberColumn, type TextColumn, type TrialColumns } from '../model';
import type { ToSandbox } from './protocol';

type TrialsMessage = Extract<ToSandbox, { type: 'trials' }>;

/** At most this many trials in one message, and this many JSON field columns. */
export const TRIALS_LIMITS = { trials: 20_000_000, fields: 256, name: 200 } as const;

class Malformed extends Error {}

/**
 * Checks a `trials` message on its way to the cells against the columnar shape, rebuilt from its
 * checked fields (nothing else passes): the known columns, each a typed array of the right kind
 * and length whose buffer is its own, text as strings. It costs a few steps per column, never per
 * trial, so the relay passes the buffers on without reading them; what it cannot see (an end
 * offset past its text, a code past its dictionary) the sandbox reads as null or empty text.
 */
export function checkTrialsMessage(value: unknown): { ok: true; message: TrialsMessage; transfer: ArrayBuffer[] } | { ok: false; problem: string } {
  try {
    const m = obj(value, 'the message');
    if (m.type !== 'trials') fail('not a trials message');
    if (typeof m.id !== 'string' || m.id.length > 1000) fail('the cell id is not text');
    if (typeof m.replace !== 'boolean') fail('replace is not true or false');
    if (m.more !== undefined && typeof m.more !== 'boolean') fail('more is not true or false');
    const buffers = new Set<ArrayBuffer>();
    const columns = trialColumnsOf(m.columns, buffers);
    return { ok: true, message: { type: 'trials', id: m.id, columns, replace: m.replace, ...(m.more === true && { more: true }) }, transfer: [...buffers] };
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    return { ok: false, problem: error.message };
  }
}

function trialColumnsOf(x: unknown, buffers: Set<ArrayBuffer>): TrialColumns {
  const c = obj(x, 'the columns');
  const n = c.length;
  if (!Number.isSafeInteger(n) || (n as number) < 0 || (n as number) > TRIALS_LIMITS.trials) fail('the number of trials is not a whole number in bounds');
  const length = n as number;
  const textIn = obj(c.text, 'the text columns');
  const numbersIn = obj(c.numbers, 'the number columns');
  const text = {} as Record<(typeof TEXT_FIELDS)[number], TextColumn>;
  for (const f of TEXT_FIELDS) text[f] = textColumn(textIn[f], f, length, buffers);
  const numbers = {} as Record<(typeof NUMBER_FIELDS)[number], NumberColumn>;
  for (const f of NUMBER_FIELDS) numbers[f] = numberColumn(numbersIn[f], f, length, buffers);
  if (!Array.isArray(c.fields) || c.fields.length > TRIALS_LIMITS.fields) fail(`the JSON fields are not a list of at most ${TRIALS_LIMITS.fields}`);
  const names = new Set<string>();
  const fields = c.fields.map((x: unknown) => {
    const f = obj(x, 'a JSON field');
    if (typeof f.name !== 'string' || f.name.length > TRIALS_LIMITS.name || names.has(f.name)) fail('a JSON field has no name of its own');
    names.add(f.name);
    return { name: f.name, column: numberColumn(f.column, f.name, length, buffers) };
  });
  return { length, text, numbers, fields };
}

function textColumn(x: unknown, name: string, n: number, buffers: Set<ArrayBuffer>): TextColumn {
  const c = obj(x, `the column ${name}`);
  if (typeof c.text !== 'string') fail(`the column ${name} has no text`);
  const ends = typed(c.ends, Uint32Array, `${name}.ends`, buffers);
  const nulls = typed(c.nulls, Uint8Array, `${name}.nulls`, buffers);
  if (c.codes === undefined) {
    if (ends.length !== n || nulls.length !== n) fail(`the column ${name} does not have one value per trial`);
    return { text: c.text, ends, nulls };
  }
  const codes = typed(c.codes, Uint32Array, `${name}.codes`, buffers);
  if (codes.length !== n || ends.length > n || nulls.length !== 0) fail(`the column ${name} does not have one code per trial`);
  return { text: c.text, ends, nulls, codes };
}

function numberColumn(x: unknown, name: string, n: number, buffers: Set<ArrayBuffer>): NumberColumn {
  const c = obj(x, `the column ${name}`);
  const values = typed(c.values, Float64Array, `${name}.values`, buffers);
  const nulls = typed(c.nulls, Uint8Array, `${name}.nulls`, buffers);
  if (values.length !== n || nulls.length !== n) fail(`the column ${name} does not have one value per trial`);
  return { values, nulls };
}

/**
 * A typed array of this kind that spans a buffer of its own (so the buffer can be moved, once).
 * By its internal tag, not instanceof: a clone may come from another realm (tests); a structured
 * clone cannot fake the tag, only a real view has one.
 */
function typed<T extends Uint8Array | Uint32Array | Float64Array>(x: unknown, kind: { new (...a: never[]): T }, what: string, buffers: Set<ArrayBuffer>): T {
  if (!ArrayBuffer.isView(x) || tag(x) !== kind.name) fail(`${what} is not a ${kind.name}`);
  const view = x as T;
  const buffer = view.buffer;
  if (tag(buffer) !== 'ArrayBuffer' || view.byteOffset !== 0 || view.byteLength !== buffer.byteLength || buffers.has(buffer as ArrayBuffer)) fail(`${what} does not have a buffer of its own`);
  buffers.add(buffer as ArrayBuffer);
  return view;
}

function tag(x: unknown): string {
  return Object.prototype.toString.call(x).slice(8, -1);
}

function obj(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(`${what} is not an object`);
  return x as Record<string, unknown>;
}

function fail(what: string): never {
  throw new Malformed(`The page sent malformed trials: ${what}.`);
}
