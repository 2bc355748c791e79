import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import {
  DataFileError, MAX_DATA_FILE_BYTES, cellNameFromFile, createParquetLoader, TABLE_FORMATS, columnProblems, dataSpecText, encodeTable, parseDataSpec, readDataFile, sniffContent, TRIAL_COLUMNS_RULE,
} from '../../src/data-files';
import { loadParquetNode } from './parquet-node';

const trials = aq.table({
  model: ['gpt-a', 'gpt-b', null],
  taskId: ['t1', 't2', 't3'],
  value: [7, null, 3.5],
  ok: [true, false, null],
  startedAt: [new Date('2026-01-01T10:00:00Z'), new Date('2026-01-02T11:30:00Z'), null],
  messages: [[{ role: 'user', content: 'Rate, "quoted", with, commas\nand a newline' }], [], null],
});
const ext = { csv: 'csv', json: 'json', arrow: 'arrow', parquet: 'parquet' } as const;
const opts = { loadParquet: loadParquetNode };
const bytes = (s: string) => new TextEncoder().encode(s);
const error = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return (e as Error).message;
  }
  throw new Error('expected a DataFileError');
};

describe('table files', () => {
  it.each(TABLE_FORMATS)('round-trips a table through %s with Arquero and parquet-wasm', async (format) => {
    const file = await encodeTable(trials, format, loadParquetNode);
    const { table } = await readDataFile({ name: `trials.${ext[format]}`, bytes: file }, opts);
    expect(table.columnNames()).toEqual(trials.columnNames());
    const expected = trials.objects();
    const got = table.objects() as Record<string, unknown>[];
    // CSV has no nested types: a list column comes back as its JSON text.
    if (format === 'csv') for (const row of got) row.messages = typeof row.messages === 'string' ? JSON.parse(row.messages as string) : row.messages;
    expect(got).toEqual(expected);
  });

  it('writes columns Arrow cannot type (mixed values, varied lists) as text in Arrow and Parquet', async () => {
    const mixed = aq.table({ id: [1, 2], note: [3, 'three'], tags: [[1], ['a']] });
    for (const format of ['arrow', 'parquet'] as const) {
      const { table } = await readDataFile({ name: `mixed.${format}`, bytes: await encodeTable(mixed, format, loadParquetNode) }, opts);
      expect(table.objects()).toEqual([{ id: 1, note: '3', tags: '[1]' }, { id: 2, note: 'three', tags: '["a"]' }]);
    }
  });

  it('loads parquet-wasm once, says so when it cannot, and tries again after a failure', async () => {
    let calls = 0;
    const wasm = await import('parquet-wasm');
    const load = createParquetLoader(async () => {
      calls++;
      if (calls === 1) throw new Error('Failed to fetch parquet_wasm_bg.wasm');
      return wasm as never;
    });
    await expect(readDataFile({ name: 'x.parquet', bytes: await encodeTable(trials, 'parquet', loadParquetNode) }, { loadParquet: load })).rejects.toThrow(
      'Could not import “x.parquet”: the Parquet reader (parquet-wasm) could not be loaded: Failed to fetch parquet_wasm_bg.wasm. CSV, JSON and Arrow files work without it. Nothing was changed.',
    );
    await expect(encodeTable(trials, 'parquet', load)).resolves.toBeInstanceOf(Uint8Array);
    await encodeTable(trials, 'parquet', load);
    expect(calls).toBe(2);
  });

  it('writes Parquet that starts and ends with PAR1 and Arrow that is an IPC stream', async () => {
    const pq = await encodeTable(trials, 'parquet', loadParquetNode);
    expect(new TextDecoder().decode(pq.subarray(0, 4))).toBe('PAR1');
    expect(new TextDecoder().decode(pq.subarray(pq.length - 4))).toBe('PAR1');
    expect(sniffContent(await encodeTable(trials, 'arrow', loadParquetNode)).kind).toBe('arrow');
  });

  it('checks required columns, either-or columns and extra columns by name', () => {
    expect(columnProblems(['model', 'task', 'value', 'extra'], TRIAL_COLUMNS_RULE)).toBeNull();
    expect(columnProblems(['model', 'rating'], TRIAL_COLUMNS_RULE)).toBe(
      "it is missing the columns 'taskId' or 'task', 'value' (expected 'model', 'taskId' or 'task', 'value'; found 'model', 'rating')",
    );
    expect(columnProblems(['taskId', 'rater', 'rating', 'note', 'x'], { required: ['taskId', 'rater', 'rating'], exact: true })).toBe(
      "it has the unexpected columns 'note', 'x' (expected 'taskId', 'rater', 'rating'; found 'taskId', 'rater', 'rating', 'note', 'x')",
    );
  });

  it('names a data cell after its file', () => {
    expect(cellNameFromFile('human-ratings.csv', [])).toBe('humanRatings');
    expect(cellNameFromFile('Human Ratings (v2).parquet', ['humanRatingsV2'])).toBe('humanRatingsV22');
    expect(cellNameFromFile('class.csv', [])).toBe('classData');
    expect(cellNameFromFile('2024.csv', ['data'])).toBe('data2');
  });

  it('reads a data cell spec and says what is wrong with one', () => {
    expect(parseDataSpec('{ "file": "r.csv", "columns": "trials" }')).toEqual({ file: 'r.csv', columns: { ...TRIAL_COLUMNS_RULE, exact: false } });
    const spec = parseDataSpec('{ "file": "r.csv", "columns": ["a", "b"], "exactColumns": true }');
    expect(parseDataSpec(dataSpecText(spec))).toEqual(spec);
    expect(() => parseDataSpec('{ "file": 3 }')).toThrow("'file' must be a string");
    expect(() => parseDataSpec('{ "colums": [] }')).toThrow("unknown field 'colums'");
    expect(() => parseDataSpec('{ nope')).toThrow(/holds JSON/);
  });
});

describe('bad data files', () => {
  const csv = 'taskId,rater,rating\nt1,r1,4\nt2,r1,5\n';

  it('refuses a CSV with missing or extra columns, naming them', async () => {
    const rule = { required: ['taskId', 'rater', 'rating'], exact: true };
    expect(await error(readDataFile({ name: 'ratings.csv', bytes: bytes('taskId,rating\nt1,4\n') }, { ...opts, columns: rule }))).toBe(
      "Could not import “ratings.csv”: it is missing the column 'rater' (expected 'taskId', 'rater', 'rating'; found 'taskId', 'rating'). Nothing was changed.",
    );
    expect(await error(readDataFile({ name: 'ratings.csv', bytes: bytes('taskId,rater,rating,comment\nt1,a,4,hm\n') }, { ...opts, columns: rule }))).toMatch(
      /it has the unexpected column 'comment'/,
    );
    const { table } = await readDataFile({ name: 'ratings.csv', bytes: bytes(csv) }, { ...opts, columns: rule });
    expect(table.numRows()).toBe(2);
  });

  it('refuses a CSV whose rows have missing or extra fields, or whose header repeats a name', async () => {
    expect(await error(readDataFile({ name: 'ragged.csv', bytes: bytes('taskId,rater,rating\nt1,a,4\nt2,b\nt3,c,5,extra\n') }, opts))).toBe(
      'Could not import “ragged.csv”: the header names 3 columns, but row 2 has 2 fields, row 3 has 4 fields: rows with missing or extra fields. Nothing was changed.',
    );
    expect(await error(readDataFile({ name: 'twice.csv', bytes: bytes('taskId,rating,rating\nt1,4,5\n') }, opts))).toMatch(/its header names the column 'rating' more than once/);
    const quoted = await readDataFile({ name: 'quoted.csv', bytes: bytes('a,b\n"x,\ny",2\n\n3,4\n') }, opts);
    expect(quoted.table.numRows()).toBeGreaterThanOrEqual(2);
  });

  it('refuses a CSV whose quoted field is never closed, naming the line where it starts', async () => {
    // Arquero alone reads this as one row whose first field runs to the end of the file.
    const unbalanced = 'taskId,rater,rating\nt1,ann,4\n"t2,bob,5\nt3,cy,2\nt4,dan,3\n';
    expect(aq.fromCSV(unbalanced).numRows()).toBe(2);
    expect(await error(readDataFile({ name: 'open.csv', bytes: bytes(unbalanced) }, opts))).toBe('Could not import “open.csv”: line 3: a quoted field is never closed. Nothing was changed.');
    // A stray quote closed by an unrelated one further down: the line of the opening quote.
    expect(await error(readDataFile({ name: 'stray.csv', bytes: bytes('a,b\n"x,1\n2,3\n"y",4\n') }, opts))).toMatch(/^Could not import “stray.csv”: line 2: a quoted field is closed only on line 4/);
    // Quotes that are closed, escaped quotes, quoted line breaks and CRLF still read.
    const fine = await readDataFile({ name: 'ok.csv', bytes: bytes('a,b\r\n"say ""hi""",1\r\n"two\nlines",2\r\nin"side,3\r\n') }, opts);
    expect(fine.table.objects()).toEqual([{ a: 'say "hi"', b: 1 }, { a: 'two\nlines', b: 2 }, { a: 'in"side', b: 3 }]);
  });

  it('refuses column names JavaScript reserves, in every format, and reads them as data when they are values', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']) {
      const message = `the column name '${name}' cannot be used: JavaScript reserves it for every object`;
      expect(await error(readDataFile({ name: 'p.csv', bytes: bytes(`${name},b\n1,2\n3,4\n`) }, opts))).toContain(message);
      expect(await error(readDataFile({ name: 'p.json', bytes: bytes(`[{"${name}": 1, "b": 2}]`) }, opts))).toContain(message);
      expect(await error(readDataFile({ name: 'c.json', bytes: bytes(`{"${name}": [1], "b": [2]}`) }, opts))).toContain(message);
    }
    expect(await error(readDataFile({ name: 'two.csv', bytes: bytes('__proto__,constructor,b\n1,2,3\n') }, opts))).toContain("the column names '__proto__', 'constructor' cannot be used");
    // Nothing leaked onto every object on the way.
    expect(({} as Record<string, unknown>).b).toBeUndefined();
    const values = await readDataFile({ name: 'v.csv', bytes: bytes('name,n\n__proto__,1\nconstructor,2\n') }, opts);
    expect(values.table.objects()).toEqual([{ name: '__proto__', n: 1 }, { name: 'constructor', n: 2 }]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const big = new Uint8Array(MAX_DATA_FILE_BYTES + 1);
    expect(await error(readDataFile({ name: 'big.csv', bytes: big }, opts))).toMatch(/“big.csv”: it is 50 MB, over the limit of 50 MB/);
  });

  it('refuses wrong file types by extension and by content', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(await error(readDataFile({ name: 'ratings.csv', bytes: png }, opts))).toMatch(/“ratings.csv”: it is a PNG image, not a CSV file/);
    expect(await error(readDataFile({ name: 'ratings.xlsx', bytes: bytes(csv) }, opts))).toMatch(/its type is not one Motivelab reads as a table/);
    expect(await error(readDataFile({ name: 'ratings.parquet', bytes: bytes(csv) }, opts))).toMatch(/it is text, not a Parquet file/);
    const arrow = await encodeTable(trials, 'arrow', loadParquetNode);
    expect(await error(readDataFile({ name: 'trials.csv', bytes: arrow }, opts))).toMatch(/it is an Arrow file, not CSV text \(rename it to .arrow\)/);
    expect(await error(readDataFile({ name: 'empty.csv', bytes: new Uint8Array() }, opts))).toMatch(/the file is empty/);
  });

  it('refuses unparseable JSON, Arrow and Parquet with the reason', async () => {
    expect(await error(readDataFile({ name: 'r.json', bytes: bytes('[{"a": 1}, {"a": 2') }, opts))).toMatch(/“r.json”: it is not valid JSON \(/);
    expect(await error(readDataFile({ name: 'r.json', bytes: bytes('[{"a": 1}, 3]') }, opts))).toMatch(/row 2 of the JSON array is not an object/);
    expect(await error(readDataFile({ name: 'r.json', bytes: bytes('{"a": [1, 2], "b": [1]}') }, opts))).toMatch(/columns have different lengths \(a: 2, b: 1\)/);
    const arrow = await encodeTable(trials, 'arrow', loadParquetNode);
    expect(await error(readDataFile({ name: 't.arrow', bytes: arrow.subarray(0, arrow.length / 2) }, opts))).toMatch(/“t.arrow”: it is not a readable Apache Arrow file/);
    const pq = await encodeTable(trials, 'parquet', loadParquetNode);
    expect(await error(readDataFile({ name: 't.parquet', bytes: pq.subarray(0, pq.length - 100) }, opts))).toMatch(/it is truncated: the Parquet footer is missing/);
    const broken = pq.slice();
    broken.fill(7, 8, pq.length - 8);
    expect(await error(readDataFile({ name: 't.parquet', bytes: broken }, opts))).toMatch(/“t.parquet”: the Parquet reader says: /);
  });
});

describe("an experiment cell's trial table", () => {
  it.each(TABLE_FORMATS)('exports as %s and imports back as a trials table', async (format) => {
    const { trialTable } = await import('../../src/experiments/trial-table');
    const { makeTrial } = await import('../fixtures/trial');
    const table = trialTable([makeTrial(), makeTrial({ status: 'failed', value: null, raw: null, errorKind: 'server', errorMessage: 'HTTP 500', httpStatus: 500 })]);
    const file = await encodeTable(table, format, loadParquetNode);
    const { table: back } = await readDataFile({ name: `trials.${ext[format]}`, bytes: file }, { ...opts, columns: TRIAL_COLUMNS_RULE });
    expect(back.columnNames()).toEqual(table.columnNames());
    expect(back.numRows()).toBe(2);
    expect(back.array('value')).toEqual([7, null]);
    expect(back.array('errorMessage')[1]).toBe('HTTP 500');
    const messages = back.get('messages', 0);
    expect(typeof messages === 'string' ? JSON.parse(messages) : messages).toEqual([{ role: 'user', content: 'Rate' }]);
  });
});
