import type { SlimTrial } from './slim-trial';

/**
 * A column of text. `ends[i]` is where value i ends in `text` (it starts where value i-1 ended).
 * `codes` absent: one value per row, `nulls[i]` 1 where the row's value is null. `codes` present
 * (repeated values: model, task, status …): `text`/`ends` hold each distinct value once and row i
 * reads value `codes[i] - 1`, code 0 meaning null (`nulls` is then empty).
 */
export interface TextColumn {
  readonly text: string;
  readonly ends: Uint32Array;
  readonly nulls: Uint8Array;
  readonly codes?: Uint32Array;
}

/** A column of numbers; `nulls[i]` 1 where the row's value is null (its value then 0). */
export interface NumberColumn {
  readonly values: Float64Array;
  readonly nulls: Uint8Array;
}

/** The text fields of a trial as the sandbox's table reads them. */
export const TEXT_FIELDS = [
  'id', 'runId', 'key', 'endpointName', 'baseURL', 'model', 'taskId', 'task', 'condition', 'status', 'raw', 'parseError',
  'finishReason', 'errorKind', 'errorMessage', 'responseModel', 'text', 'parentKey',
] as const satisfies readonly (keyof SlimTrial)[];

/** The number fields of a trial as the sandbox's table reads them. */
export const NUMBER_FIELDS = ['repetition', 'value', 'promptTokens', 'completionTokens', 'latencyMs', 'httpStatus', 'startedAt', 'endedAt'] as const satisfies readonly (keyof SlimTrial)[];

/**
 * Trials as the page sends them to the sandbox: one column per field the sandbox's table reads,
 * typed arrays for numbers, dictionaries for repeated text and one string per column of free
 * text (replies, keys). A message of these clones as a few dozen objects whatever the number of
 * trials, and its buffers move rather than copy. `fields` are the numbers read from JSON
 * replies, one column per name (null where a trial has none).
 */
export interface TrialColumns {
  readonly length: number;
  readonly text: { readonly [K in (typeof TEXT_FIELDS)[number]]: TextColumn };
  readonly numbers: { readonly [K in (typeof NUMBER_FIELDS)[number]]: NumberColumn };
  readonly fields: readonly { readonly name: string; readonly column: NumberColumn }[];
}

/** Fewer distinct values than this share of the rows: a dictionary is smaller than the values. */
const CODED_SHARE = 0.25;

/** The trials as columns (what the page sends the sandbox). */
export function trialColumns(trials: readonly SlimTrial[]): TrialColumns {
  const text = {} as Record<(typeof TEXT_FIELDS)[number], TextColumn>;
  for (const f of TEXT_FIELDS) text[f] = textColumn(trials, (t) => t[f] as string | null | undefined);
  const numbers = {} as Record<(typeof NUMBER_FIELDS)[number], NumberColumn>;
  for (const f of NUMBER_FIELDS) numbers[f] = numberColumn(trials, (t) => t[f] as number | null | undefined);
  const names = new Set<string>();
  for (const t of trials) if (t.fields) for (const name of Object.keys(t.fields)) names.add(name);
  const fields = [...names].map((name) => ({ name, column: numberColumn(trials, (t) => t.fields?.[name]) }));
  return { length: trials.length, text, numbers, fields };
}

/** Every buffer of the columns, once each: what a postMessage can move instead of copying. */
export function columnBuffers(c: TrialColumns): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView) => out.add(a.buffer as ArrayBuffer);
  for (const col of Object.values(c.text)) {
    add(col.ends);
    add(col.nulls);
    if (col.codes) add(col.codes);
  }
  for (const col of [...Object.values(c.numbers), ...c.fields.map((f) => f.column)]) {
    add(col.values);
    add(col.nulls);
  }
  return [...out];
}

function textColumn(trials: readonly SlimTrial[], get: (t: SlimTrial) => string | null | undefined): TextColumn {
  const n = trials.length;
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(n);
  let coded = true;
  for (let i = 0; i < n && coded; i++) {
    const v = get(trials[i]);
    if (typeof v !== 'string') continue;
    let code = codeOf.get(v);
    if (code === undefined) codeOf.set(v, (code = codeOf.size + 1));
    codes[i] = code;
    // Mostly distinct (replies, keys, ids): packed one after another instead.
    if (codeOf.size > 16 && codeOf.size > n * CODED_SHARE) coded = false;
  }
  if (coded) {
    const values = [...codeOf.keys()];
    return { ...packed(values), nulls: new Uint8Array(0), codes };
  }
  const values: string[] = new Array(n);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = get(trials[i]);
    values[i] = typeof v === 'string' ? v : '';
    nulls[i] = typeof v === 'string' ? 0 : 1;
  }
  return { ...packed(values), nulls };
}

function packed(values: readonly string[]): { text: string; ends: Uint32Array } {
  const ends = new Uint32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) ends[i] = end += values[i].length;
  return { text: values.join(''), ends };
}

function numberColumn(trials: readonly SlimTrial[], get: (t: SlimTrial) => number | null | undefined): NumberColumn {
  const n = trials.length;
  const values = new Float64Array(n);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = get(trials[i]);
    if (typeof v === 'number') values[i] = v;
    else nulls[i] = 1;
  }
  return { values, nulls };
}
