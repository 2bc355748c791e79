/**
 * A chunk's trials as columns, as IndexedDB stores them (schema v10). Reading back a record is
 * deserialising it, whose cost grows with the strings and objects in it: one object per trial
 * with ~30 fields repeats the same endpoint, model, condition, status … strings in every trial.
 * Columns hold each field once per chunk, a column of few distinct values as those values and a
 * small index per trial. Which fields a trial had, and their order, is kept as its "shape", so
 * a trial reads back exactly as it was written (absent and undefined fields included).
 */
export interface TrialColumns {
  /** Number of trials. */
  readonly n: number;
  /** Field lists in order; `shape[i]` is trial i's. */
  readonly shapes: readonly (readonly string[])[];
  readonly shape: Uint8Array | Uint16Array;
  /** Per field: its values, or (`codes`) indices into the field's distinct values. */
  readonly columns: Readonly<Record<string, Column>>;
}

type Column = { readonly values: readonly unknown[] } | { readonly distinct: readonly unknown[]; readonly codes: Uint8Array | Uint16Array };

/**
 * A column with at most this share of distinct values is stored as its values and codes: half,
 * so a prompt shared by the two responses of one request (the study asked for n = 2) is stored once.
 */
const DISTINCT_SHARE = 0.5;

const codes = (n: number, distinct: number) => (distinct <= 256 ? new Uint8Array(n) : new Uint16Array(n));

/** Columns of the given rows (plain objects whose fields hold structured-cloneable values). */
export function toColumns(rows: readonly object[]): TrialColumns {
  const n = rows.length;
  const shapeIds = new Map<string, number>();
  const shapes: string[][] = [];
  const rowShape: number[] = new Array(n);
  const fields = new Map<string, unknown[]>();
  for (let i = 0; i < n; i++) {
    const keys = Object.keys(rows[i]);
    const sig = keys.join('\u0000');
    let s = shapeIds.get(sig);
    if (s === undefined) {
      shapeIds.set(sig, (s = shapes.length));
      shapes.push(keys);
    }
    rowShape[i] = s;
    for (const k of keys) {
      let col = fields.get(k);
      if (!col) fields.set(k, (col = new Array(n).fill(undefined)));
      col[i] = (rows[i] as Record<string, unknown>)[k];
    }
  }
  const columns: Record<string, Column> = {};
  for (const [k, values] of fields) columns[k] = encode(values);
  const shape = codes(n, shapes.length);
  shape.set(rowShape);
  return { n, shapes, shape, columns };
}

/** A column as distinct values and codes when its values are few primitives, else as is. */
function encode(values: unknown[]): Column {
  const limit = Math.min(65_536, Math.max(1, Math.floor(values.length * DISTINCT_SHARE)));
  const index = new Map<unknown, number>();
  const found: number[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Objects keep their own identity per trial; only primitives are shared (and not -0, which a Map key turns into 0).
    if ((v !== null && typeof v === 'object') || Object.is(v, -0)) return { values };
    let c = index.get(v);
    if (c === undefined) {
      if (index.size >= limit) return { values };
      index.set(v, (c = index.size));
    }
    found[i] = c;
  }
  const out = codes(values.length, index.size);
  out.set(found);
  return { distinct: [...index.keys()], codes: out };
}

/** The rows back, each with its own fields in its own order. */
export function fromColumns<T>(chunk: TrialColumns): T[] {
  const { n, shapes, shape, columns } = chunk;
  const arrays: Record<string, readonly unknown[]> = {};
  for (const [k, c] of Object.entries(columns)) arrays[k] = 'values' in c ? c.values : Array.from(c.codes, (code) => c.distinct[code]);
  const byShape = shapes.map((keys) => ({ keys, arrays: keys.map((k) => arrays[k]) }));
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { keys, arrays: cols } = byShape[shape[i]];
    const row: Record<string, unknown> = {};
    for (let j = 0; j < keys.length; j++) row[keys[j]] = cols[j][i];
    out[i] = row as T;
  }
  return out;
}
