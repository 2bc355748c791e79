/** A file format a table can be exported to and imported from. */
export type TableFormat = 'csv' | 'json' | 'arrow' | 'parquet';

/** The formats in the order the export menu offers them. */
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'json', 'arrow', 'parquet'];

/** How each format is named, saved and served. */
export const FORMAT_INFO: Readonly<Record<TableFormat, { readonly label: string; readonly extension: string; readonly mime: string }>> = {
  csv: { label: 'CSV', extension: 'csv', mime: 'text/csv' },
  json: { label: 'JSON', extension: 'json', mime: 'application/json' },
  arrow: { label: 'Apache Arrow', extension: 'arrow', mime: 'application/vnd.apache.arrow.stream' },
  parquet: { label: 'Parquet', extension: 'parquet', mime: 'application/vnd.apache.parquet' },
};

const EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  csv: 'csv',
  json: 'json',
  arrow: 'arrow',
  arrows: 'arrow',
  ipc: 'arrow',
  feather: 'arrow',
  parquet: 'parquet',
  pq: 'parquet',
};

/** The format a file name's extension stands for, or null for an extension no table is read from. */
export function formatFromFileName(name: string): TableFormat | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(name.trim());
  return m ? (EXTENSIONS[m[1].toLowerCase()] ?? null) : null;
}

/** The extensions an import accepts, for a file picker's `accept`. */
export const TABLE_FILE_ACCEPT = Object.keys(EXTENSIONS).map((e) => `.${e}`).join(',');
