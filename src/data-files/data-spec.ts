import { TRIAL_COLUMNS_RULE, type ColumnRule } from './check-columns';

/**
 * What a data cell says about its table (the JSON body of a ```data cell): the file it was
 * imported from, and the columns an import must have. `"columns": "trials"` asks for the columns
 * of a trial table (model, taskId or task, value).
 */
export interface DataSpec {
  /** The file last imported into the cell (shown to the user; the table itself is stored in the browser). */
  readonly file: string | null;
  /** The column rule imports are checked against, or null for any table. */
  readonly columns: ColumnRule | null;
}

/** Reads a data cell's body; throws an Error naming the field that is wrong. */
export function parseDataSpec(source: string): DataSpec {
  if (source.trim() === '') return { file: null, columns: null };
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new Error(`a data cell holds JSON such as { "file": "ratings.csv", "columns": ["taskId", "rating"] }: ${(error as Error).message}`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('a data cell holds a JSON object such as { "file": "ratings.csv" }');
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !['file', 'columns', 'exactColumns'].includes(k));
  if (unknown.length) throw new Error(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} in the data cell (it reads file, columns, exactColumns)`);
  if (o.file !== undefined && typeof o.file !== 'string') throw new Error("the data cell's 'file' must be a string");
  if (o.exactColumns !== undefined && typeof o.exactColumns !== 'boolean') throw new Error("the data cell's 'exactColumns' must be true or false");
  let columns: ColumnRule | null = null;
  if (o.columns === 'trials') columns = { ...TRIAL_COLUMNS_RULE, exact: o.exactColumns === true };
  else if (Array.isArray(o.columns) && o.columns.every((c) => typeof c === 'string' && c.trim() !== '')) columns = { required: o.columns as string[], exact: o.exactColumns === true };
  else if (o.columns !== undefined) throw new Error(`the data cell's 'columns' must be "trials" or a list of column names`);
  return { file: (o.file as string | undefined) ?? null, columns };
}

/** A data cell's body for a spec (the inverse of parseDataSpec). */
export function dataSpecText(spec: DataSpec): string {
  const o: Record<string, unknown> = {};
  if (spec.file !== null) o.file = spec.file;
  if (spec.columns) {
    o.columns = spec.columns.required === TRIAL_COLUMNS_RULE.required ? 'trials' : spec.columns.required;
    if (spec.columns.exact) o.exactColumns = true;
  }
  return JSON.stringify(o);
}
