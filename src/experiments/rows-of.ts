/** The rows of an array or of an Arquero-like table (anything with `objects()`); null otherwise. */
export function rowsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { objects?: unknown }).objects === 'function') {
    return (value as { objects(): unknown[] }).objects();
  }
  return null;
}
