import type { ChatMessage, NumberColumn, TextColumn, TrialColumns } from '../model';
import { NUMBER_FIELDS, TEXT_FIELDS } from '../model';
import { tableOf, type ColumnRead, type TRIAL_COLUMNS } from './trial-table';

type TextField = (typeof TEXT_FIELDS)[number];
type NumberField = (typeof NUMBER_FIELDS)[number];

/** One received batch, decoded once: a reader per column, by row of the batch. */
interface Chunk {
  readonly length: number;
  readonly text: Record<TextField, (i: number) => string | null>;
  readonly numbers: Record<NumberField, NumberColumn>;
  readonly fields: ReadonlyMap<string, NumberColumn>;
}

/** Which stored trials answer the plan, in plan order: trial j is row `rows[j]` of batch `chunks[j]`. */
export interface TrialSelection {
  readonly chunks: Uint32Array;
  readonly rows: Uint32Array;
}

/** The table column each trial field fills (the rest are named as the field). */
const SOURCE: Partial<Record<(typeof TRIAL_COLUMNS)[number], TextField>> = { trialId: 'id', endpoint: 'endpointName' };

/**
 * An experiment cell's trials as the sandbox keeps them: the columns the page sent, batch after
 * batch (a live run appends only its new trials), never one object per trial. `current` picks
 * the trials of a plan as `currentTrials` does, `table` makes the cell's table from them (the
 * same columns and values as `trialTable`).
 */
export class ColumnTrials {
  readonly #chunks: Chunk[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  append(columns: TrialColumns): void {
    if (!columns.length) return;
    const text = {} as Chunk['text'];
    for (const f of TEXT_FIELDS) text[f] = textReader(columns.text[f], columns.length);
    this.#chunks.push({ length: columns.length, text, numbers: columns.numbers, fields: new Map(columns.fields.map((f) => [f.name, f.column])) });
    this.#length += columns.length;
  }

  /**
   * For each plan key the latest trial with an outcome, or the latest failed one when every
   * attempt failed; in plan order (`order`: a key's place in the plan).
   */
  current(order: ReadonlyMap<string, number>): TrialSelection {
    const size = order.size;
    const bestChunk = new Int32Array(size).fill(-1);
    const bestRow = new Uint32Array(size);
    const bestRank = new Uint8Array(size);
    const bestEnd = new Float64Array(size);
    this.#chunks.forEach((chunk, c) => {
      const key = chunk.text.key;
      const status = chunk.text.status;
      const ended = chunk.numbers.endedAt;
      for (let i = 0; i < chunk.length; i++) {
        const slot = order.get(key(i) as string);
        if (slot === undefined) continue;
        const rank = status(i) === 'failed' ? 0 : 1;
        // A null endedAt compares as null did (as 0).
        const end = ended.nulls[i] ? 0 : ended.values[i];
        if (bestChunk[slot] < 0 || rank > bestRank[slot] || (rank === bestRank[slot] && end >= bestEnd[slot])) {
          bestChunk[slot] = c;
          bestRow[slot] = i;
          bestRank[slot] = rank;
          bestEnd[slot] = end;
        }
      }
    });
    let n = 0;
    for (let s = 0; s < size; s++) if (bestChunk[s] >= 0) n++;
    const chunks = new Uint32Array(n);
    const rows = new Uint32Array(n);
    for (let s = 0, j = 0; s < size; s++) {
      if (bestChunk[s] < 0) continue;
      chunks[j] = bestChunk[s];
      rows[j++] = bestRow[s];
    }
    return { chunks, rows };
  }

  /** The cell's table of the selected trials; `messagesOf` gives a trial's messages by its key (from the plan). */
  table(selection: TrialSelection, fields: readonly string[], messagesOf: (key: string) => readonly ChatMessage[] | null) {
    const { chunks, rows } = selection;
    const all = this.#chunks;
    const text = (f: TextField): ColumnRead => (j) => all[chunks[j]].text[f](rows[j]);
    const number = (get: (chunk: Chunk) => NumberColumn | undefined): ColumnRead => (j) => {
      const column = get(all[chunks[j]]);
      const i = rows[j];
      return !column || column.nulls[i] ? null : column.values[i];
    };
    const read = (c: (typeof TRIAL_COLUMNS)[number]): ColumnRead => {
      if (c === 'messages') {
        const key = text('key');
        return (j) => messagesOf(key(j) as string);
      }
      const field = SOURCE[c] ?? c;
      if ((NUMBER_FIELDS as readonly string[]).includes(field)) return number((chunk) => chunk.numbers[field as NumberField]);
      return text(field as TextField);
    };
    return tableOf(rows.length, read, fields, (f) => number((chunk) => chunk.fields.get(f)));
  }
}

/**
 * Reads a text column by row, made once per batch: a dictionary's values, or each row's value
 * cut from the packed text (a cut of a long string shares its memory). What the relay could not
 * check per row reads safely: an offset past the text as empty text, a code past the dictionary
 * as null.
 */
function textReader(column: TextColumn, n: number): (i: number) => string | null {
  const { text, ends, nulls, codes } = column;
  const cut = (k: number) => text.slice(k ? ends[k - 1] : 0, ends[k]);
  if (codes) {
    const values: (string | null)[] = [null];
    for (let k = 0; k < ends.length; k++) values.push(cut(k));
    return (i) => values[codes[i]] ?? null;
  }
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) values[i] = nulls[i] ? null : cut(i);
  return (i) => values[i];
}
