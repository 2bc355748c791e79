import type { ColumnTable } from 'arquero';
import { columnProblems, type ColumnRule } from './check-columns';
import { DataFileError } from './data-file-error';
import { decodeTable } from './decode-table';
import { MAX_DATA_FILE_BYTES, sizeProblem } from './limits';
import type { LoadParquet } from './parquet-codec';
import { sniffContent } from './sniff-content';
import { FORMAT_INFO, formatFromFileName, type TableFormat } from './table-format';

/** A file the user picked or dropped: its name and its content. */
export interface DataFileInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** How to read a data file. */
export interface ReadDataFileOptions {
  readonly loadParquet: LoadParquet;
  /** Columns the table must have (null: any). */
  readonly columns?: ColumnRule | null;
  readonly maxBytes?: number;
}

/**
 * Reads a CSV, JSON, Arrow or Parquet file into a table, checking in order: size, extension,
 * content (a PNG renamed .csv is refused), parse, at least one column, the column rule. Every
 * refusal is a DataFileError naming the file and the problem; nothing is stored here.
 */
export async function readDataFile(file: DataFileInput, options: ReadDataFileOptions): Promise<{ table: ColumnTable; format: TableFormat }> {
  const fail = (problem: string, cause?: unknown): never => {
    throw new DataFileError(file.name, problem, { cause });
  };
  const tooBig = sizeProblem(file.bytes.length, options.maxBytes ?? MAX_DATA_FILE_BYTES);
  if (tooBig) fail(tooBig);
  const format = formatFromFileName(file.name);
  if (!format) fail('its type is not one Motivelab reads as a table (use a .csv, .json, .arrow or .parquet file)');
  const label = FORMAT_INFO[format!].label;
  if (file.bytes.length === 0) fail('the file is empty');
  const content = sniffContent(file.bytes);
  if (content.kind === 'other') fail(`it is ${content.description}, not a ${label} file`);
  if (content.kind !== 'text' && (format === 'csv' || format === 'json')) fail(`it is ${content.kind === 'parquet' ? 'a Parquet' : 'an Arrow'} file, not ${label} text (rename it to .${content.kind})`);
  if (content.kind === 'text' && (format === 'arrow' || format === 'parquet')) fail(`it is text, not ${label === 'Parquet' ? 'a Parquet' : 'an Arrow'} file`);
  if (format === 'parquet' && !endsWithParquetFooter(file.bytes)) fail('it is truncated: the Parquet footer is missing');
  let table: ColumnTable;
  try {
    table = await decodeTable(file.bytes, format!, options.loadParquet);
  } catch (error) {
    const message = (error as Error).message;
    return fail(/^(it |its |the |row |line \d)/.test(message) ? message : `it is not a readable ${label} file (${message})`, error);
  }
  if (table.numCols() === 0) fail('it holds no columns');
  const problems = options.columns ? columnProblems(table.columnNames(), options.columns) : null;
  if (problems) fail(problems);
  return { table, format: format! };
}

function endsWithParquetFooter(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 12 && bytes[n - 4] === 0x50 && bytes[n - 3] === 0x41 && bytes[n - 2] === 0x52 && bytes[n - 1] === 0x31;
}
