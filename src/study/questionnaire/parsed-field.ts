import type { Row } from '../rows';

/** A number read from a reply's JSON (a trial's parsed field), as the trial table holds it. */
export function parsedField(row: Row, name: string): unknown {
  const fields = row.fields;
  if (fields && typeof fields === 'object' && name in fields) return (fields as Record<string, unknown>)[name];
  return row[name];
}
