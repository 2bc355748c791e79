/** Rows already made of each table: tables are immutable, and many analyses read the same experiment. */
const made = new WeakMap<object, readonly unknown[]>();

/**
 * The rows of an array or of an Arquero-like table (anything with `objects()`); null otherwise.
 * A table's rows are made once and shared (a fresh array each call, so sorting it in place is
 * safe): at 100k+ trials every study helper that made them anew cost a second and its garbage.
 */
export function rowsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { objects?: unknown }).objects === 'function') {
    let rows = made.get(value);
    if (!rows) made.set(value, (rows = (value as { objects(): unknown[] }).objects()));
    return rows.slice();
  }
  return null;
}
