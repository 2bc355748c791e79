import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { encodeTable } from '../data-files/encode-table';
import type { LoadParquet } from '../data-files/parquet-codec';
import { FORMAT_INFO, type TableFormat } from '../data-files/table-format';

/** A file for the page to download. */
export interface DownloadFile {
  readonly filename: string;
  readonly mime: string;
  readonly bytes: Uint8Array;
}

/** A cell's table value as a file in `format`; throws when the value is not a table. */
export async function tableFile(value: unknown, baseName: string, format: TableFormat, loadParquet: LoadParquet): Promise<DownloadFile> {
  if (!isColumnTable(value)) throw new Error(`“${baseName}” is not a table, so it cannot be exported as ${FORMAT_INFO[format].label}`);
  const { extension, mime } = FORMAT_INFO[format];
  return { filename: `${baseName}.${extension}`, mime, bytes: await encodeTable(value, format, loadParquet) };
}

function isColumnTable(v: unknown): v is ColumnTable {
  const t = v as Partial<ColumnTable> | null;
  return typeof t === 'object' && t !== null && typeof t.toArrowIPC === 'function' && typeof t.toCSV === 'function';
}

/** A table rebuilt from the sandbox's plain rows, with its columns in order (also when it has no rows). */
export function tableOfView(columns: readonly string[], rows: readonly Record<string, unknown>[]): ColumnTable {
  return aq.table(Object.fromEntries(columns.map((c) => [c, rows.map((r) => r[c])])));
}
